"""Permission matrix of every partner page, and what the pages do."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lazos.actions.models import Action, Commitment, Mission
from lazos.agreements.models import Agreement
from lazos.core.models import AuditEvent
from lazos.core.testing import assert_permission_matrix
from lazos.core.testing.builders import DepartmentFactory
from lazos.partners.models import Contact, Partner, PartnerNote
from lazos.partners.tests.factories import (
    ContactFactory,
    PartnerFactory,
    PartnerNoteFactory,
    make_city,
)

pytestmark = pytest.mark.django_db

EVERYONE_IN = {"administrator": 200, "coordinator": 200, "editor": 200, "viewer": 200}
MANAGERS = {"administrator": 200, "coordinator": 200, "editor": 403, "viewer": 403}
STAFF = {"administrator": 200, "coordinator": 200, "editor": 200, "viewer": 403}
ANON = {"anonymous": 302, "stranger": 403}


@pytest.mark.parametrize(
    ("name", "expected"),
    [("partners:partner-list", EVERYONE_IN), ("partners:partner-create", MANAGERS)],
)
def test_list_and_create_matrix(world, name, expected):
    assert_permission_matrix(world, reverse(name), {**ANON, "outsider": 200, **expected})


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("partners:partner-detail", EVERYONE_IN),
        ("partners:partner-history", EVERYONE_IN),
        ("partners:partner-edit", MANAGERS),
        ("partners:partner-delete", MANAGERS),
        ("partners:contact-create", MANAGERS),
        ("partners:note-create", STAFF),
    ],
)
def test_partner_pages_matrix(world, name, expected):
    partner = PartnerFactory.create(government=world.government)
    url = reverse(name, args=[partner.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **expected})


@pytest.mark.parametrize("name", ["partners:contact-edit", "partners:contact-delete"])
def test_contact_pages_matrix(world, name):
    contact = ContactFactory.create(partner=PartnerFactory.create(government=world.government))
    url = reverse(name, args=[contact.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **MANAGERS})


def test_note_delete_matrix(world):
    """Editors delete only their own notes or their departments' ones."""
    partner = PartnerFactory.create(government=world.government)
    others = PartnerNoteFactory.create(partner=partner, author=world.users["coordinator"])
    url = reverse("partners:note-delete", args=[others.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **MANAGERS})
    own = PartnerNoteFactory.create(partner=partner, author=world.users["editor"])
    departments = PartnerNoteFactory.create(partner=partner, department=world.department)
    for note in (own, departments):
        url = reverse("partners:note-delete", args=[note.pk])
        assert_permission_matrix(world, url, {**ANON, "outsider": 404, **STAFF})


def test_coordinator_creates_a_partner_with_a_city_and_tags(world):
    paris = make_city()
    client = world.client_for("coordinator")
    response = client.post(
        reverse("partners:partner-create"),
        {
            "name": "Ville de Paris",
            "kind": "local_government",
            "country": "",
            "place": paris.pk,
            "website": "https://www.paris.fr",
            "languages": ["fr", "en"],
            "description": "",
            "is_active": "on",
            "external_id": "",
            "tags": "culture, youth exchange, culture",
        },
    )
    partner = Partner.objects.for_tenant(world.government).get()
    assert response.status_code == 302
    assert response.url == partner.get_absolute_url()
    assert partner.country == "FR"
    assert partner.languages == ["fr", "en"]
    assert sorted(t.name for t in partner.tags.all()) == ["culture", "youth exchange"]
    event = AuditEvent.objects.for_object(partner).get()
    assert (event.action, event.channel, event.actor_id) == (
        "create",
        "web",
        world.users["coordinator"].pk,
    )
    edit = client.get(reverse("partners:partner-edit", args=[partner.pk])).content.decode()
    assert "culture, youth exchange" in edit
    assert "Paris (FR)" in edit  # the autocomplete shows the chosen place


def test_partner_form_validation_messages(world):
    client = world.client_for("coordinator")
    PartnerFactory.create(government=world.government, external_id="EXT-1")
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("partners:partner-create"),
        {"name": "", "kind": "nope", "website": "not a url", "external_id": "EXT-1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert "Enter a valid URL." in html
    assert "Select a valid choice." in html
    response = client.post(
        reverse("partners:partner-create"),
        {"name": "Valid", "kind": "other", "external_id": "EXT-1"},
    )
    assert "Another partner already has this external id." in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_editing_and_deleting_a_partner(world):
    partner = PartnerFactory.create(government=world.government, name="Old name")
    ContactFactory.create(partner=partner)
    client = world.client_for("coordinator")
    response = client.post(
        reverse("partners:partner-edit", args=[partner.pk]),
        {"name": "New name", "kind": "company", "country": "ES", "tags": "trade"},
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.name == "New name"
    history = client.get(reverse("partners:partner-history", args=[partner.pk])).content.decode()
    assert "Old name" in history
    assert "New name" in history
    confirm = client.get(reverse("partners:partner-delete", args=[partner.pk])).content.decode()
    assert "1 \N{MULTIPLICATION SIGN} contacts" in confirm
    response = client.post(reverse("partners:partner-delete", args=[partner.pk]))
    assert response.status_code == 302
    assert response.url == reverse("partners:partner-list")
    assert not Partner.objects.filter(pk=partner.pk).exists()
    assert not Contact.objects.filter(partner_id=partner.pk).exists()


def test_contacts_through_the_web(world):
    partner = PartnerFactory.create(government=world.government)
    client = world.client_for("coordinator")
    response = client.post(
        reverse("partners:contact-create", args=[partner.pk]),
        {"name": "Ana Ruiz", "role": "Director", "email": "ana@example.org", "phone": "+34 1"},
    )
    contact = Contact.objects.get(partner=partner)
    assert response.url == f"{partner.get_absolute_url()}#contact-{contact.pk}"
    response = client.post(
        reverse("partners:contact-edit", args=[contact.pk]),
        {"name": "Ana Ruiz", "email": "wrong"},
    )
    assert "Enter a valid email address." in response.content.decode()
    client.post(
        reverse("partners:contact-edit", args=[contact.pk]),
        {"name": "Ana Ruiz Gómez", "email": "ana@example.org"},
    )
    contact.refresh_from_db()
    assert contact.name == "Ana Ruiz Gómez"
    page = client.get(partner.get_absolute_url()).content.decode()
    assert "Ana Ruiz Gómez" in page
    assert "ana@example.org" in page
    response = client.post(reverse("partners:contact-delete", args=[contact.pk]))
    assert response.url == reverse("partners:partner-detail", args=[partner.pk])
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_editor_writes_in_the_journal_signed_with_their_department(world):
    partner = PartnerFactory.create(government=world.government)
    client = world.client_for("editor")
    form = client.get(reverse("partners:note-create", args=[partner.pk])).content.decode()
    assert f'value="{world.department.pk}" selected' in form
    foreign = DepartmentFactory.create(government=world.other_government)
    response = client.post(
        reverse("partners:note-create", args=[partner.pk]),
        {"date": "2024-05-02", "text": "Visit", "department": foreign.pk},
    )
    assert "Select a valid choice." in response.content.decode()
    response = client.post(
        reverse("partners:note-create", args=[partner.pk]),
        {
            "date": "2024-05-02",
            "text": "Visit of the deputy mayor",
            "department": world.department.pk,
        },
    )
    note = PartnerNote.objects.get(partner=partner)
    assert response.status_code == 302
    assert note.author == world.users["editor"]
    page = client.get(partner.get_absolute_url()).content.decode()
    assert "Visit of the deputy mayor" in page
    assert reverse("partners:note-delete", args=[note.pk]) in page
    response = client.post(reverse("partners:note-delete", args=[note.pk]))
    assert response.status_code == 302
    assert not PartnerNote.objects.filter(pk=note.pk).exists()


def test_journal_is_newest_first(world):
    partner = PartnerFactory.create(government=world.government)
    today = timezone.localdate()
    PartnerNoteFactory.create(partner=partner, text="Older entry", date=today - timedelta(days=9))
    PartnerNoteFactory.create(partner=partner, text="Newer entry", date=today)
    html = world.client_for("viewer").get(partner.get_absolute_url()).content.decode()
    assert html.index("Newer entry") < html.index("Older entry")


def test_partner_page_gathers_agreements_actions_missions_and_commitments(world):
    government = world.government
    partner = PartnerFactory.create(government=government, name="Rosario")
    other_department = DepartmentFactory.create(government=government, name="Economy")
    agreement = Agreement.objects.create(
        government=government,
        title="Twinning Rosario",
        kind="twinning",
        status="in_force",
        lead_department=world.department,
    )
    agreement.partners.add(partner)
    action = Action.objects.create(
        government=government,
        title="Urban gardens exchange",
        modality="technical_exchange",
        status="ongoing",
        lead_department=other_department,
    )
    action.partners.add(partner)
    action.departments.add(world.department)
    mission = Action.objects.create(
        government=government, title="Mission to Rosario", modality="mission"
    )
    mission.partners.add(partner)
    Mission.objects.create(government=government, action=mission, destination_text="Rosario")
    yesterday = timezone.localdate() - timedelta(days=1)
    Commitment.objects.create(
        government=government, title="Send the report", action=action, due_date=yesterday
    )
    Commitment.objects.create(government=government, title="Sign annex", agreement=agreement)
    Commitment.objects.create(
        government=government, title="Call back", meeting="Fair 2024", partner=partner
    )
    unrelated = Action.objects.create(government=government, title="Unrelated", modality="other")
    Commitment.objects.create(government=government, title="Not this one", action=unrelated)
    PartnerNoteFactory.create(
        partner=partner, department=other_department, author=world.users["coordinator"]
    )

    html = world.client_for("viewer").get(partner.get_absolute_url()).content.decode()
    for text in (
        "Twinning Rosario",
        "in force",
        "Urban gardens exchange",
        "Mission to Rosario",
        "Send the report",
        "Sign annex",
        "Call back",
        "overdue",
        "1 commitment is overdue.",
        "Economy",
        "w Culture",
    ):
        assert text in html, text
    assert "Not this one" not in html
    assert "Unrelated" not in html


def test_long_panels_link_to_the_filtered_lists(world):
    partner = PartnerFactory.create(government=world.government)
    actions = Action.objects.bulk_create(
        Action(government=world.government, title=f"Action {i}", modality="culture")
        for i in range(25)
    )
    partner.actions.add(*actions)
    html = world.client_for("viewer").get(partner.get_absolute_url()).content.decode()
    assert f"/actions/?partner={partner.pk}" in html
    assert "See all 25 actions" in html


def test_list_filters_and_ordering(world):
    government = world.government
    a = PartnerFactory.create(government=government, name="Alpha", country="ES", kind="company")
    b = PartnerFactory.create(
        government=government, name="Beta", country="AR", description="sister city"
    )
    c = PartnerFactory.create(government=government, name="Gamma", country="FR", is_active=False)
    from lazos.core.services import set_tags

    set_tags(b, ["culture"])
    agreement = Agreement.objects.create(government=government, title="MoU", kind="mou")
    agreement.partners.add(c)
    PartnerFactory.create(government=world.other_government, name="Foreign partner")
    client = world.client_for("viewer")
    url = reverse("partners:partner-list")

    def names(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [p.name for p in response.context["object_list"]]

    assert names() == ["Alpha", "Beta", "Gamma"]
    assert names(q="sister") == ["Beta"]
    assert names(kind="company") == ["Alpha"]
    assert names(country="FR") == ["Gamma"]
    assert names(tag="culture") == ["Beta"]
    assert names(is_active="false") == ["Gamma"]
    assert names(has_agreement="yes") == ["Gamma"]
    assert names(has_agreement="no") == ["Alpha", "Beta"]
    assert names(ordering="country") == ["Beta", "Alpha", "Gamma"]
    assert names(ordering="-name") == ["Gamma", "Beta", "Alpha"]
    assert a.pk
    outsider = world.client_for("outsider").get(url).content.decode()
    assert "Alpha" not in outsider
    assert "Foreign partner" in outsider
