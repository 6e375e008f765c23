"""Duplicates on the pages: the list's flag and filter (HTML and API), the form's warning, the
review page, the merge screen (permissions, preview, choices, stale pages) and the redirect of
a merged partner's web and API addresses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lazos.actions.tests.factories import ActionFactory
from lazos.agreements.tests.factories import AgreementFactory
from lazos.core.models import AuditEvent
from lazos.core.testing import assert_permission_matrix
from lazos.core.testing.queries import assert_constant_queries
from lazos.partners import services
from lazos.partners.models import Partner, PartnerRedirect
from lazos.partners.tests.factories import ContactFactory, PartnerFactory

pytestmark = pytest.mark.django_db

ANON = {"anonymous": 302, "stranger": 403}
MANAGERS = {"administrator": 200, "coordinator": 200, "editor": 403, "viewer": 403}


def _twins(world):
    medellin = PartnerFactory.create(
        government=world.government, name="Alcaldía de Medellín", country="CO"
    )
    twin = PartnerFactory.create(government=world.government, name="MEDELLIN", country="CO")
    PartnerFactory.create(government=world.government, name="Medellín", country="ES")
    return medellin, twin


# --- The list ------------------------------------------------------------------------------


def test_the_list_flags_and_filters_possible_duplicates(world):
    medellin, twin = _twins(world)
    client = world.client_for("viewer")
    url = reverse("partners:partner-list")
    page = client.get(url).content.decode()
    assert page.count("possible duplicate") == 2
    assert reverse("partners:partner-duplicates") in page
    flagged = client.get(url, {"duplicate": "yes"})
    assert {p.pk for p in flagged.context["object_list"]} == {medellin.pk, twin.pk}
    others = client.get(url, {"duplicate": "no"})
    assert [p.country.code for p in others.context["object_list"]] == ["ES"]
    api = client.get("/api/v1/partners/", {"duplicate": "yes"}, HTTP_ACCEPT="application/json")
    assert api.status_code == 200
    assert {row["id"] for row in api.json()["results"]} == {medellin.pk, twin.pk}


def test_list_query_budget_with_duplicates(world):
    counter = iter(range(10_000))

    def add_rows(n):
        for _ in range(n):
            i = next(counter)
            PartnerFactory.create(government=world.government, name=f"Ville de Town{i}")
            PartnerFactory.create(government=world.government, name=f"Town{i} City Council")

    client = world.client_for("viewer")
    assert_constant_queries(client, reverse("partners:partner-list"), add_rows, budget=9)
    assert_constant_queries(
        client, reverse("partners:partner-list") + "?duplicate=yes", lambda n: None, budget=9
    )


# --- The review page -------------------------------------------------------------------------


def test_duplicates_page_matrix(world):
    assert_permission_matrix(
        world,
        reverse("partners:partner-duplicates"),
        {
            **ANON,
            "outsider": 200,
            "administrator": 200,
            "coordinator": 200,
            "editor": 200,
            "viewer": 200,
        },
    )


def test_duplicates_page_lists_groups_with_merge_links(world):
    medellin, twin = _twins(world)
    url = reverse("partners:partner-duplicates")
    page = world.client_for("coordinator").get(url).content.decode()
    assert "Alcaldía de Medellín" in page
    assert "same name in the same country" in page
    kept, other = sorted([medellin, twin], key=lambda p: p.name)
    assert f"{reverse('partners:partner-merge', args=[kept.pk])}?merged={other.pk}" in page
    viewer_page = world.client_for("viewer").get(url).content.decode()
    assert "?merged=" not in viewer_page
    outsider_page = world.client_for("outsider").get(url).content.decode()
    assert "Medellín" not in outsider_page


def test_duplicates_page_query_budget(world):
    counter = iter(range(10_000))

    def add_rows(n):
        for _ in range(n):
            i = next(counter)
            PartnerFactory.create(government=world.government, name=f"Ville de Town{i}")
            PartnerFactory.create(government=world.government, name=f"Town{i}")

    client = world.client_for("viewer")
    assert_constant_queries(client, reverse("partners:partner-duplicates"), add_rows, budget=12)


# --- The form --------------------------------------------------------------------------------


def test_the_form_warns_before_creating_a_likely_duplicate(world):
    medellin, _twin = _twins(world)
    client = world.client_for("coordinator")
    url = reverse("partners:partner-create")
    data = {"name": "Medellín City Council", "kind": "local_government", "country": "CO"}
    page = client.post(url, data)
    assert page.status_code == 200
    content = page.content.decode()
    assert "This looks like a partner you already have" in content
    assert medellin.get_absolute_url() in content
    assert 'name="save_anyway"' in content
    assert not Partner.objects.filter(name="Medellín City Council").exists()
    saved = client.post(url, {**data, "save_anyway": "on"})
    assert saved.status_code == 302
    assert Partner.objects.filter(name="Medellín City Council").exists()
    # Another country: no warning.
    elsewhere = client.post(url, {**data, "name": "Medellín", "country": "PH"})
    assert elsewhere.status_code == 302


def test_editing_other_fields_of_a_duplicate_does_not_warn(world):
    medellin, _twin = _twins(world)
    client = world.client_for("coordinator")
    url = reverse("partners:partner-edit", args=[medellin.pk])
    data = {"name": medellin.name, "kind": medellin.kind, "country": "CO", "description": "New"}
    assert client.post(url, data).status_code == 302
    renamed = client.post(url, {**data, "name": "Medellin"})
    assert renamed.status_code == 200
    assert "This looks like a partner you already have" in renamed.content.decode()


def test_the_partner_page_shows_its_likely_duplicates(world):
    medellin, twin = _twins(world)
    page = world.client_for("coordinator").get(medellin.get_absolute_url()).content.decode()
    assert "Possible duplicates" in page
    assert f"{reverse('partners:partner-merge', args=[medellin.pk])}?merged={twin.pk}" in page


# --- The merge screen ------------------------------------------------------------------------


def test_merge_screen_matrix(world):
    medellin, twin = _twins(world)
    url = f"{reverse('partners:partner-merge', args=[medellin.pk])}?merged={twin.pk}"
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **MANAGERS})
    assert_permission_matrix(
        world,
        reverse("partners:partner-merge", args=[medellin.pk]),
        {**ANON, "outsider": 404, **MANAGERS},
        method="post",
        data={"merged": twin.pk, "confirm": "on"},
    )
    # Nobody but the administrator and the coordinator merged anything (their posts without
    # the preview's version are refused as out of date, or merge once).
    assert Partner.objects.filter(pk=medellin.pk).exists()


def test_merge_preview_choices_and_redirects(world):
    kept = PartnerFactory.create(
        government=world.government,
        name="Alcaldía de Medellín",
        country="CO",
        description="Old text",
    )
    merged = PartnerFactory.create(
        government=world.government,
        name="Medellín",
        country="CO",
        description="Better text",
        website="https://www.medellin.gov.co",
    )
    AgreementFactory.create(government=world.government).partners.add(merged)
    ActionFactory.create(government=world.government).partners.add(merged)
    ContactFactory.create(partner=merged)
    client = world.client_for("coordinator")
    url = reverse("partners:partner-merge", args=[kept.pk])
    # Choosing the partner shows the preview first.
    chosen = client.post(url, {"merged": merged.pk})
    assert chosen.status_code == 302
    assert chosen["Location"] == f"{url}?merged={merged.pk}"
    preview = client.get(chosen["Location"])
    assert preview.status_code == 200
    counts = {count.key: count.count for count in preview.context["preview"]}
    assert counts["agreements.agreement.partners"] == 1
    assert counts["actions.action.partners"] == 1
    assert counts["partners.contact.partner"] == 1
    form = preview.context["form"]
    assert form.conflicts == ["name", "description"]
    version = form.initial["merged_version"]
    kept_version = preview.context["concurrency_version"]
    done = client.post(
        url,
        {
            "merged": merged.pk,
            "confirm": "on",
            "merged_version": version,
            "lazos_version": kept_version,
            "value_name": "kept",
            "value_description": "merged",
        },
    )
    assert done.status_code == 302
    assert done["Location"] == kept.get_absolute_url()
    kept.refresh_from_db()
    assert (kept.name, kept.description) == ("Alcaldía de Medellín", "Better text")
    assert kept.website == "https://www.medellin.gov.co"
    assert kept.agreements.count() == 1
    assert not Partner.objects.filter(pk=merged.pk).exists()
    assert AuditEvent.objects.filter(object_id=str(merged.pk), action="delete").exists()
    # The merged partner's addresses lead to the kept one: its page, its history, the API.
    old_page = client.get(reverse("partners:partner-detail", args=[merged.pk]))
    assert old_page.status_code == 301
    assert old_page["Location"] == kept.get_absolute_url()
    old_history = client.get(reverse("partners:partner-history", args=[merged.pk]))
    assert old_history["Location"] == reverse("partners:partner-history", args=[kept.pk])
    old_api = client.get(f"/api/v1/partners/{merged.pk}/", HTTP_ACCEPT="application/json")
    assert old_api.status_code == 301
    assert old_api["Location"] == f"/api/v1/partners/{kept.pk}/"
    followed = client.get(old_api["Location"], HTTP_ACCEPT="application/json")
    assert followed.json()["id"] == kept.pk
    # Another government never sees the redirect.
    outsider = world.client_for("outsider")
    assert outsider.get(reverse("partners:partner-detail", args=[merged.pk])).status_code == 404
    assert (
        outsider.get(f"/api/v1/partners/{merged.pk}/", HTTP_ACCEPT="application/json").status_code
        == 404
    )
    # The merged partner is gone from the list and the type-ahead search.
    listing = client.get(reverse("partners:partner-list"))
    listed = {p.pk for p in listing.context["object_list"]}
    assert kept.pk in listed
    assert merged.pk not in listed
    search = client.get(reverse("partners:partner-search"), {"q": "Medell"}).json()
    assert [row["id"] for row in search["results"]] == [kept.pk]


def test_a_merge_against_a_changed_partner_is_refused_then_done(world):
    kept = PartnerFactory.create(government=world.government, name="Ville de Lyon")
    merged = PartnerFactory.create(government=world.government, name="Lyon")
    client = world.client_for("administrator")
    url = reverse("partners:partner-merge", args=[kept.pk])
    preview = client.get(url, {"merged": merged.pk})
    data = {
        "merged": merged.pk,
        "confirm": "on",
        "merged_version": preview.context["form"].initial["merged_version"],
        "lazos_version": preview.context["concurrency_version"],
        "value_name": "kept",
    }
    Partner.objects.filter(pk=merged.pk).update(description="Changed meanwhile")
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "was changed since this page was opened" in refused.content.decode()
    assert Partner.objects.filter(pk=merged.pk).exists()
    again = client.post(url, refused.context["form"].data)
    assert again.status_code == 302
    assert not Partner.objects.filter(pk=merged.pk).exists()
    assert PartnerRedirect.objects.get(old_id=merged.pk).partner == kept


def test_another_governments_partner_cannot_be_merged_in(world):
    kept = PartnerFactory.create(government=world.government, name="Ville de Lyon")
    foreign = PartnerFactory.create(government=world.other_government, name="Lyon")
    client = world.client_for("administrator")
    url = reverse("partners:partner-merge", args=[kept.pk])
    page = client.get(url, {"merged": foreign.pk})
    assert page.status_code == 200
    assert page.context["merged"] is None
    assert "Lyon" not in page.content.decode().replace("Ville de Lyon", "")
    posted = client.post(url, {"merged": foreign.pk, "confirm": "on"})
    assert posted.status_code == 200
    assert Partner.objects.filter(pk=foreign.pk).exists()


def test_merge_page_query_budget(world):
    kept = PartnerFactory.create(government=world.government)
    merged = PartnerFactory.create(government=world.government)

    def add_rows(n):
        for _ in range(n):
            AgreementFactory.create(government=world.government).partners.add(merged)
            ContactFactory.create(partner=merged)

    url = f"{reverse('partners:partner-merge', args=[kept.pk])}?merged={merged.pk}"
    assert_constant_queries(world.client_for("coordinator"), url, add_rows, budget=30)


def test_the_kept_partners_history_holds_the_merged_ones(world):
    kept = PartnerFactory.create(government=world.government, name="Ville de Lyon")
    merged = PartnerFactory.create(government=world.government, name="Lyon")
    services.update_partner(merged, acting_user=world.users["coordinator"], description="Note A")
    services.merge_partners(
        kept, merged, government=world.government, acting_user=world.users["coordinator"]
    )
    history = world.client_for("viewer").get(reverse("partners:partner-history", args=[kept.pk]))
    content = history.content.decode()
    assert "Note A" in content  # the merged partner's own change, kept
    assert "Partner merge" in content
    assert {int(e.object_id) for e in history.context["events"]} == {kept.pk, merged.pk}


def test_the_form_asks_for_likely_duplicates_while_typing(world):
    medellin, twin = _twins(world)
    client = world.client_for("coordinator")
    form = client.get(reverse("partners:partner-create")).content.decode()
    check = reverse("partners:partner-duplicate-check")
    assert f'hx-get="{check}"' in form
    assert 'id="duplicate-check"' in form
    found = client.get(check, {"name": "Medellin City Council", "country": "CO"})
    assert found.status_code == 200
    assert [m.partner for m in found.context["matches"]] == sorted(
        [medellin, twin], key=lambda p: p.name
    )
    # Editing: the partner itself is not its own duplicate, and the merge is offered.
    edit = client.get(reverse("partners:partner-edit", args=[medellin.pk])).content.decode()
    assert f"{check}?partner={medellin.pk}" in edit
    editing = client.get(check, {"name": "Medellin", "country": "CO", "partner": medellin.pk})
    assert [m.partner for m in editing.context["matches"]] == [twin]
    assert f"?merged={twin.pk}" in editing.content.decode()
    assert client.get(check, {"name": "", "country": "CO"}).context["matches"] == []
    outsider = world.client_for("outsider").get(check, {"name": "Medellin", "country": "CO"})
    assert outsider.context["matches"] == []


def test_duplicate_check_matrix_and_budget(world):
    check = reverse("partners:partner-duplicate-check") + "?name=Town&country=ES"
    everyone = {"administrator": 200, "coordinator": 200, "editor": 200, "viewer": 200}
    assert_permission_matrix(world, check, {**ANON, "outsider": 200, **everyone})

    def add_rows(n):
        for _ in range(n):
            PartnerFactory.create(government=world.government, name="Ville de Town", country="ES")

    assert_constant_queries(world.client_for("coordinator"), check, add_rows, budget=6)
