"""Every page of the actions app: who may see and do what, and what the pages do."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lazos.actions.choices import CommitmentStatus, FundingSource, Modality
from lazos.actions.models import Action, ActionLocalActor, BudgetLine, Commitment, Mission
from lazos.actions.tests.factories import (
    ActionFactory,
    BudgetLineFactory,
    CommitmentFactory,
    MissionFactory,
    ParticipationFactory,
    TravellerFactory,
    make_actor,
    make_agreement,
    make_partner,
)
from lazos.core.models import AuditEvent
from lazos.core.services import set_tags
from lazos.core.testing import assert_permission_matrix
from lazos.core.testing.builders import DepartmentFactory

pytestmark = pytest.mark.django_db

# Who sees a page (members) / who changes an object of the editor's department / of another one.
VIEW = {
    "anonymous": 302,
    "stranger": 403,
    "outsider": 404,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}
LIST = {**VIEW, "outsider": 200}
CHANGE_OWN = {**VIEW, "viewer": 403}
CHANGE_OTHER = {**CHANGE_OWN, "editor": 403}
ADD = {**LIST, "viewer": 403}


def own_action(world, **values):
    values.setdefault("lead_department", world.department)
    return ActionFactory.create(government=world.government, **values)


def other_action(world, **values):
    other = DepartmentFactory.create(government=world.government)
    return ActionFactory.create(government=world.government, lead_department=other, **values)


# --- Permission matrices ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["actions:action-list", "actions:commitment-list", "actions:commitment-overdue"]
)
def test_lists_matrix(world, name):
    assert_permission_matrix(world, reverse(name), LIST)


@pytest.mark.parametrize("name", ["actions:action-create", "actions:commitment-create"])
def test_create_forms_matrix(world, name):
    assert_permission_matrix(world, reverse(name), ADD)


def test_coordination_and_search_matrix(world):
    assert_permission_matrix(world, reverse("actions:coordination"), LIST)
    assert_permission_matrix(world, reverse("actions:action-search") + "?q=ab", LIST)


@pytest.mark.parametrize("name", ["actions:action-detail", "actions:action-history"])
def test_action_pages_matrix(world, name):
    action = own_action(world)
    assert_permission_matrix(world, reverse(name, args=[action.pk]), VIEW)


@pytest.mark.parametrize(
    "name",
    [
        "actions:action-edit",
        "actions:action-delete",
        "actions:budget-line-add",
        "actions:participation-add",
        "actions:mission-edit",
    ],
)
def test_action_change_pages_matrix(world, name):
    mine = own_action(world, modality=Modality.MISSION)
    assert_permission_matrix(world, reverse(name, args=[mine.pk]), CHANGE_OWN)
    theirs = other_action(world, modality=Modality.MISSION)
    assert_permission_matrix(world, reverse(name, args=[theirs.pk]), CHANGE_OTHER)


def test_traveller_add_matrix(world):
    mine = MissionFactory.create(action=own_action(world, modality=Modality.MISSION))
    assert_permission_matrix(
        world, reverse("actions:traveller-add", args=[mine.action_id]), CHANGE_OWN
    )
    theirs = MissionFactory.create(action=other_action(world, modality=Modality.MISSION))
    assert_permission_matrix(
        world, reverse("actions:traveller-add", args=[theirs.action_id]), CHANGE_OTHER
    )


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("actions:budget-line-edit", lambda a: BudgetLineFactory.create(action=a)),
        ("actions:budget-line-delete", lambda a: BudgetLineFactory.create(action=a)),
        ("actions:participation-remove", lambda a: ParticipationFactory.create(action=a)),
        (
            "actions:traveller-delete",
            lambda a: TravellerFactory.create(mission=MissionFactory.create(action=a)),
        ),
    ],
)
def test_action_parts_matrix(world, name, build):
    mine = build(own_action(world, modality=Modality.MISSION))
    assert_permission_matrix(world, reverse(name, args=[mine.pk]), CHANGE_OWN)
    theirs = build(other_action(world, modality=Modality.MISSION))
    assert_permission_matrix(world, reverse(name, args=[theirs.pk]), CHANGE_OTHER)


@pytest.mark.parametrize("name", ["actions:commitment-detail", "actions:commitment-history"])
def test_commitment_pages_matrix(world, name):
    commitment = CommitmentFactory.create(government=world.government)
    assert_permission_matrix(world, reverse(name, args=[commitment.pk]), VIEW)


@pytest.mark.parametrize(
    "name", ["actions:commitment-edit", "actions:commitment-delete", "actions:commitment-complete"]
)
def test_commitment_change_pages_matrix(world, name):
    mine = CommitmentFactory.create(government=world.government, department=world.department)
    assert_permission_matrix(world, reverse(name, args=[mine.pk]), CHANGE_OWN)
    theirs = CommitmentFactory.create(
        government=world.government,
        department=DepartmentFactory.create(government=world.government),
    )
    assert_permission_matrix(world, reverse(name, args=[theirs.pk]), CHANGE_OTHER)


def test_an_editor_follows_up_the_commitments_of_their_actions(world):
    commitment = CommitmentFactory.create(government=world.government, action=own_action(world))
    url = reverse("actions:commitment-edit", args=[commitment.pk])
    assert world.client_for("editor").get(url).status_code == 200


# --- Actions: create, edit, delete -------------------------------------------------------------


def action_data(**values):
    data = {
        "title": "Intercambio técnico en gestión de residuos",
        "modality": Modality.TECHNICAL_EXCHANGE,
        "status": "planned",
        "start_date": "2025-03-01",
        "end_date": "2025-03-10",
        "tags": "waste, peer learning",
    }
    data.update(values)
    return data


def test_a_coordinator_records_an_action_with_everything(world):
    partner = make_partner(world.government, "Rosario")
    agreement = make_agreement(world.government, [partner])
    other = DepartmentFactory.create(government=world.government, name="Environment")
    client = world.client_for("coordinator")
    response = client.post(
        reverse("actions:action-create"),
        action_data(
            partners=[partner.pk],
            agreement=agreement.pk,
            lead_department=world.department.pk,
            departments=[other.pk],
            themes=["waste"],
            sdg_targets=["11.6", "12.5"],
        ),
    )
    action = Action.objects.get(title__startswith="Intercambio")
    assert response.status_code == 302
    assert response["Location"] == action.get_absolute_url()
    assert list(action.partners.all()) == [partner]
    assert action.agreement == agreement
    assert [d.pk for d in action.departments.all()] == [other.pk]
    assert sorted(t.pk for t in action.sdg_targets.all()) == ["11.6", "12.5"]
    assert sorted(t.name for t in action.tags.all()) == ["peer learning", "waste"]
    event = AuditEvent.objects.for_object(action).get()
    assert event.changes["partners"] == {"before": None, "after": [partner.pk]}
    detail = client.get(action.get_absolute_url())
    assert b"Rosario" in detail.content
    assert b"peer learning" in detail.content


def test_the_form_lists_only_this_governments_choices(world):
    make_partner(world.government, "Our partner")
    make_partner(world.other_government, "Their partner")
    DepartmentFactory.create(government=world.other_government, name="Their department")
    content = world.client_for("coordinator").get(reverse("actions:action-create")).content
    assert b"Our partner" in content
    assert b"Their partner" not in content
    assert b"Their department" not in content
    assert b'<optgroup label="11 ' in content  # SDG targets grouped by goal


def test_an_editor_records_actions_only_for_their_own_department(world):
    other = DepartmentFactory.create(government=world.government, name="Economy")
    client = world.client_for("editor")
    response = client.post(reverse("actions:action-create"), action_data(lead_department=other.pk))
    assert response.status_code == 200
    assert "Your role only lets you record the work of your own departments." in (
        response.content.decode()
    )
    assert not Action.objects.exists()
    assert not AuditEvent.objects.filter(content_type__model="action").exists()
    response = client.post(
        reverse("actions:action-create"), action_data(lead_department=world.department.pk)
    )
    assert response.status_code == 302
    assert Action.objects.get().lead_department == world.department


def test_an_editor_cannot_move_an_action_out_of_their_departments(world):
    action = own_action(world)
    other = DepartmentFactory.create(government=world.government, name="Economy")
    response = world.client_for("editor").post(
        reverse("actions:action-edit", args=[action.pk]),
        action_data(title=action.title, lead_department=other.pk),
    )
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.lead_department == world.department


def test_an_editor_cannot_edit_another_departments_action(world):
    theirs = other_action(world)
    response = world.client_for("editor").post(
        reverse("actions:action-edit", args=[theirs.pk]), action_data()
    )
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.title.startswith("International action")


def test_the_form_shows_validation_errors_and_writes_nothing(world):
    client = world.client_for("coordinator")
    response = client.post(
        reverse("actions:action-create"),
        action_data(start_date="2025-03-10", end_date="2025-03-01", is_public="on"),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "The end cannot be before the start." in content
    assert not Action.objects.exists()
    response = client.post(reverse("actions:action-create"), action_data(is_public="on"))
    assert "A public action needs a public summary." in response.content.decode()
    assert not Action.objects.exists()


def test_edit_keeps_and_changes_values(world):
    partner = make_partner(world.government, "Rosario")
    action = own_action(world)
    action.partners.set([partner])
    set_tags(action, ["waste", "youth"])
    client = world.client_for("editor")
    page = client.get(reverse("actions:action-edit", args=[action.pk]))
    assert page.status_code == 200
    assert b'name="tags" value="waste, youth"' in page.content
    assert b'value="[]"' not in client.get(reverse("actions:action-create")).content
    assert f"?exclude={action.pk}".encode() in page.content
    response = client.post(
        reverse("actions:action-edit", args=[action.pk]),
        action_data(
            title="Renamed", lead_department=world.department.pk, partners=[partner.pk], tags=""
        ),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Renamed"
    assert list(action.partners.all()) == [partner]


def test_delete_an_action_with_its_parts(world):
    action = own_action(world)
    BudgetLineFactory.create(action=action)
    client = world.client_for("editor")
    confirm = client.get(reverse("actions:action-delete", args=[action.pk]))
    assert b"budget lines" in confirm.content
    response = client.post(reverse("actions:action-delete", args=[action.pk]))
    assert response["Location"] == reverse("actions:action-list")
    assert not Action.objects.exists()
    assert not BudgetLine.objects.exists()


def test_create_prefills_partner_and_agreement(world):
    partner = make_partner(world.government, "Rosario")
    agreement = make_agreement(world.government, [partner], title="Hermanamiento")
    url = reverse("actions:action-create") + f"?partner={partner.pk}&agreement={agreement.pk}"
    response = world.client_for("coordinator").get(url)
    form = response.context["form"]
    assert form.initial["partners"] == [partner]
    assert form.initial["agreement"] == agreement


# --- Actions: list, filters, export ---------------------------------------------------------


def test_list_filters(world):
    partner = make_partner(world.government, "Rosario")
    other = DepartmentFactory.create(government=world.government, name="Economy")
    a = own_action(
        world, title="Alpha waste", start_date=date(2024, 5, 1), is_public=True, public_summary="x"
    )
    a.partners.set([partner])
    a.sdg_targets.set(["11.6"])
    set_tags(a, ["waste"])
    b = other_action(world, title="Beta culture", start_date=date(2023, 5, 1))
    b.departments.set([world.department])
    c = ActionFactory.create(
        government=world.government, title="Gamma", lead_department=other, modality=Modality.SPORT
    )
    client = world.client_for("viewer")
    url = reverse("actions:action-list")

    def titles(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return sorted(x.title for x in response.context["object_list"])

    assert titles() == ["Alpha waste", "Beta culture", "Gamma"]
    assert titles(partner=partner.pk) == ["Alpha waste"]
    assert titles(q="waste") == ["Alpha waste"]
    assert titles(department=world.department.pk) == ["Alpha waste", "Beta culture"]
    assert titles(lead_department=other.pk) == ["Gamma"]
    assert titles(modality=Modality.SPORT) == ["Gamma"]
    assert titles(sdg="11") == ["Alpha waste"]
    assert titles(year=2023) == ["Beta culture"]
    assert titles(public="true") == ["Alpha waste"]
    assert titles(tag="waste") == ["Alpha waste"]
    ordered = client.get(url, {"ordering": "-title"}).context["object_list"]
    assert [x.title for x in ordered] == ["Gamma", "Beta culture", "Alpha waste"]
    assert c.pk


def test_list_export_has_partners_department_and_budget(world):
    partner = make_partner(world.government, "Rosario")
    action = own_action(world, title="Exported")
    action.partners.set([partner])
    BudgetLineFactory.create(action=action, amount="100.00", currency="EUR")
    BudgetLineFactory.create(action=action, amount="50.00", currency="EUR")
    response = world.client_for("viewer").get(reverse("actions:action-list") + "?export=csv")
    content = response.content.decode()
    assert "Rosario" in content
    assert world.department.name in content
    assert "150.00 EUR" in content


def test_search_endpoint_lists_this_governments_actions(world):
    own_action(world, title="Waste exchange")
    ActionFactory.create(government=world.other_government, title="Waste elsewhere")
    response = world.client_for("viewer").get(reverse("actions:action-search"), {"q": "waste"})
    assert [r["label"] for r in response.json()["results"]] == ["Waste exchange"]


# --- Budget lines, local actors, missions, travellers ------------------------------------------


def test_budget_lines_with_totals_per_currency(world):
    world.government.currency = "MXN"
    world.government.save()
    action = own_action(world)
    client = world.client_for("editor")
    page = client.get(reverse("actions:budget-line-add", args=[action.pk]))
    assert (
        page.context["form"].initial.get("currency", page.context["form"].instance.currency)
        == "MXN"
    )
    response = client.post(
        reverse("actions:budget-line-add", args=[action.pk]),
        {"source": FundingSource.OWN, "amount": "1000", "currency": "MXN"},
    )
    assert response["Location"] == action.get_absolute_url() + "#budget"
    client.post(
        reverse("actions:budget-line-add", args=[action.pk]),
        {
            "source": FundingSource.INTERNATIONAL,
            "funder": "EU",
            "amount": "200",
            "currency": "EUR",
            "in_kind": "on",
        },
    )
    line = BudgetLine.objects.get(source=FundingSource.OWN)
    client.post(
        reverse("actions:budget-line-edit", args=[line.pk]),
        {"source": FundingSource.OWN, "amount": "1500", "currency": "MXN"},
    )
    detail = client.get(action.get_absolute_url())
    totals = {t["currency"]: t for t in detail.context["budget_totals"]}
    assert totals["MXN"]["total"] == 1500
    assert totals["EUR"]["in_kind"] == 200
    assert "1500.00 MXN" in detail.content.decode()
    response = client.post(reverse("actions:budget-line-delete", args=[line.pk]))
    assert response["Location"].endswith("#budget")
    assert BudgetLine.objects.count() == 1


def test_local_actor_participation(world):
    action = own_action(world)
    actor = make_actor(world.government, "Universidad de Villa")
    foreign = make_actor(world.other_government, "Foreign university")
    client = world.client_for("editor")
    page = client.get(reverse("actions:participation-add", args=[action.pk]))
    assert b"Universidad de Villa" in page.content
    assert b"Foreign university" not in page.content
    client.post(
        reverse("actions:participation-add", args=[action.pk]),
        {"actor": actor.pk, "role": "implementer", "notes": "Lab"},
    )
    participation = ActionLocalActor.objects.get()
    assert participation.role == "implementer"
    again = client.post(
        reverse("actions:participation-add", args=[action.pk]),
        {"actor": actor.pk, "role": "funder"},
    )
    assert "already listed" in again.content.decode()
    assert foreign.pk
    client.post(reverse("actions:participation-remove", args=[participation.pk]))
    assert not ActionLocalActor.objects.exists()


def test_mission_details_and_travellers(world):
    action = own_action(world, modality=Modality.MISSION)
    client = world.client_for("editor")
    no_mission = client.get(reverse("actions:traveller-add", args=[action.pk]))
    assert no_mission["Location"] == reverse("actions:mission-edit", args=[action.pk])
    response = client.post(
        reverse("actions:mission-edit", args=[action.pk]),
        {"destination_text": "Rosario", "purpose": "Learn", "cost": "2500", "currency": "EUR"},
    )
    assert response.status_code == 302
    mission = Mission.objects.get()
    client.post(
        reverse("actions:traveller-add", args=[action.pk]),
        {"name": "Ana Pérez", "position": "Director", "department": world.department.pk},
    )
    traveller = mission.travellers.get()
    detail = client.get(action.get_absolute_url()).content.decode()
    assert "Ana Pérez" in detail
    assert "2500.00 EUR" in detail
    client.post(reverse("actions:traveller-delete", args=[traveller.pk]))
    assert not mission.travellers.exists()


def test_mission_details_are_refused_for_other_modalities(world):
    action = own_action(world, modality=Modality.CULTURE)
    client = world.client_for("editor")
    assert client.get(reverse("actions:mission-edit", args=[action.pk])).status_code == 302
    response = client.post(
        reverse("actions:mission-edit", args=[action.pk]),
        {"destination_text": "Rosario", "currency": "EUR"},
    )
    assert response.status_code == 200
    assert "Only missions abroad and delegations received" in response.content.decode()
    assert not Mission.objects.exists()


# --- Commitments --------------------------------------------------------------------------------


def test_commitment_from_an_action_is_prefilled_and_created(world):
    partner = make_partner(world.government, "Rosario")
    action = own_action(world)
    action.partners.set([partner])
    client = world.client_for("editor")
    page = client.get(reverse("actions:commitment-create") + f"?action={action.pk}")
    assert page.context["form"].initial["action"] == action.pk
    assert page.context["form"].initial["department"] == world.department.pk
    response = client.post(
        reverse("actions:commitment-create"),
        {
            "title": "Send the waste study",
            "action": action.pk,
            "partner": partner.pk,
            "department": world.department.pk,
            "due_date": "2025-06-30",
            "status": "open",
        },
    )
    commitment = Commitment.objects.get()
    assert response["Location"] == commitment.get_absolute_url()
    detail = client.get(action.get_absolute_url()).content.decode()
    assert "Send the waste study" in detail


def test_a_commitment_needs_an_origin(world):
    response = world.client_for("coordinator").post(
        reverse("actions:commitment-create"), {"title": "Floating", "status": "open"}
    )
    assert response.status_code == 200
    assert "A commitment comes from an action, an agreement or a meeting." in (
        response.content.decode()
    )
    assert not Commitment.objects.exists()


def test_complete_a_commitment(world):
    commitment = CommitmentFactory.create(government=world.government, department=world.department)
    client = world.client_for("editor")
    url = reverse("actions:commitment-complete", args=[commitment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"completed_on": "2025-01-15"})
    assert response["Location"] == commitment.get_absolute_url()
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.DONE
    assert commitment.completed_on == date(2025, 1, 15)


def test_overdue_list_and_badges(world):
    today = timezone.localdate()
    late = CommitmentFactory.create(
        government=world.government, title="Late one", due_date=today - timedelta(days=3)
    )
    CommitmentFactory.create(
        government=world.government,
        title="Late but done",
        due_date=today - timedelta(days=3),
        status=CommitmentStatus.DONE,
        completed_on=today,
    )
    CommitmentFactory.create(
        government=world.government,
        title="Late in progress",
        due_date=today - timedelta(days=1),
        status=CommitmentStatus.IN_PROGRESS,
    )
    CommitmentFactory.create(
        government=world.government, title="Not yet due", due_date=today + timedelta(days=3)
    )
    CommitmentFactory.create(
        government=world.government,
        title="Dropped",
        due_date=today - timedelta(days=9),
        status=CommitmentStatus.DROPPED,
    )
    CommitmentFactory.create(
        government=world.other_government, title="Elsewhere", due_date=today - timedelta(days=3)
    )
    client = world.client_for("viewer")
    response = client.get(reverse("actions:commitment-overdue"))
    assert sorted(c.title for c in response.context["object_list"]) == [
        "Late in progress",
        "Late one",
    ]
    assert b"status--overdue" in response.content
    listing = client.get(reverse("actions:commitment-list"), {"overdue": "yes"})
    assert sorted(c.title for c in listing.context["object_list"]) == [
        "Late in progress",
        "Late one",
    ]
    detail = client.get(late.get_absolute_url())
    assert b"status--overdue" in detail.content


def test_commitment_list_filters(world):
    partner = make_partner(world.government, "Rosario")
    action = own_action(world)
    action.partners.set([partner])
    agreement = make_agreement(world.government, [partner])
    CommitmentFactory.create(government=world.government, title="From action", action=action)
    CommitmentFactory.create(
        government=world.government, title="From agreement", agreement=agreement, meeting=""
    )
    CommitmentFactory.create(
        government=world.government,
        title="From meeting",
        department=world.department,
        due_date=date(2025, 1, 1),
    )
    client = world.client_for("viewer")

    def titles(**query):
        return sorted(
            c.title
            for c in client.get(reverse("actions:commitment-list"), query).context["object_list"]
        )

    assert titles(partner=partner.pk) == ["From action", "From agreement"]
    assert titles(action=action.pk) == ["From action"]
    assert titles(agreement=agreement.pk) == ["From agreement"]
    assert titles(department=world.department.pk) == ["From meeting"]
    assert titles(due_before="2025-02-01") == ["From meeting"]
    assert titles(due_after="2025-02-01") == []
    assert titles(q="agreement") == ["From agreement"]


def test_documents_attach_to_an_action(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    action = own_action(world)
    client = world.client_for("editor")
    detail = client.get(action.get_absolute_url()).content.decode()
    add_url = reverse("attachments:attachment-add", args=["actions", "action", action.pk])
    assert add_url in detail
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client.post(add_url, {"file": upload, "title": "Mission report", "kind": "report"})
    assert "Mission report" in client.get(action.get_absolute_url()).content.decode()


@pytest.mark.parametrize("year", ["0", "99999", "-3"])
def test_an_impossible_year_filter_is_a_form_error_not_a_crash(world, year):
    response = world.client_for("viewer").get(reverse("actions:action-list"), {"year": year})
    assert response.status_code == 200
