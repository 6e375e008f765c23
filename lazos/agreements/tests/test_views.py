"""Permission matrix of every agreement page, and what the pages do."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lazos.actions.models import Action
from lazos.agreements.choices import AgreementStatus
from lazos.agreements.models import Agreement, AgreementTransition, Signatory
from lazos.agreements.tests.factories import AgreementFactory, SignatoryFactory, make_partner
from lazos.core.models import AuditEvent
from lazos.core.testing import assert_permission_matrix
from lazos.core.testing.builders import DepartmentFactory
from lazos.reference.models import SdgTarget

pytestmark = pytest.mark.django_db

ANON = {"anonymous": 302, "stranger": 403}
EVERYONE_IN = {"administrator": 200, "coordinator": 200, "editor": 200, "viewer": 200}
CHANGERS = {"administrator": 200, "coordinator": 200, "editor": 200, "viewer": 403}


@pytest.fixture
def agreement(world):
    """An agreement led by the editor's department."""
    return AgreementFactory.create(
        government=world.government, title="Twinning with Porto", lead_department=world.department
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("agreements:agreement-list", {**ANON, "outsider": 200, **EVERYONE_IN}),
        ("agreements:agreement-create", {**ANON, "outsider": 200, **CHANGERS}),
    ],
)
def test_list_and_create_pages(world, name, expected):
    assert_permission_matrix(world, reverse(name), expected)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("agreements:agreement-detail", EVERYONE_IN),
        ("agreements:agreement-history", EVERYONE_IN),
        ("agreements:agreement-edit", CHANGERS),
        ("agreements:agreement-delete", CHANGERS),
        ("agreements:agreement-transition", CHANGERS),
        ("agreements:signatory-add", CHANGERS),
    ],
)
def test_agreement_pages(world, agreement, name, expected):
    url = reverse(name, args=[agreement.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **expected})


@pytest.mark.parametrize("name", ["agreements:signatory-edit", "agreements:signatory-delete"])
def test_signatory_pages(world, agreement, name):
    signatory = SignatoryFactory.create(agreement=agreement)
    url = reverse(name, args=[signatory.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **CHANGERS})


@pytest.mark.parametrize(
    "name",
    [
        "agreements:agreement-edit",
        "agreements:agreement-delete",
        "agreements:agreement-transition",
        "agreements:signatory-add",
    ],
)
def test_an_editor_changes_only_the_agreements_of_their_departments(world, agreement, name):
    other = DepartmentFactory.create(government=world.government, name="Economy")
    theirs = AgreementFactory.create(government=world.government, lead_department=other)
    editor = world.client_for("editor")
    assert editor.get(reverse(name, args=[theirs.pk])).status_code == 403
    assert editor.get(reverse(name, args=[agreement.pk])).status_code == 200
    signatory = SignatoryFactory.create(agreement=theirs)
    assert editor.get(reverse("agreements:signatory-edit", args=[signatory.pk])).status_code == 403


def form_data(world, partners, **overrides):
    data = {
        "title": "Cooperation with Rosario",
        "kind": "cooperation",
        "status": "draft",
        "partners": [p.pk for p in partners],
        "summary": "Waste management exchange",
        "objectives": "",
        "lead_department": world.department.pk,
        "legal_basis": "Council decision 45/2024",
        "signed_on": "",
        "in_force_from": "",
        "valid_until": "",
        "renewal": "none",
        "notice_period_days": "",
        "registration_status": "not_required",
        "registration_submitted_on": "",
        "registration_authority": "",
        "registration_reference": "",
        "registration_opinion": "",
        "sdg_targets": ["11.6", "12.5"],
        "tags": "waste, climate",
        "public_summary": "",
        "external_id": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_coordinator_records_and_edits_an_agreement_through_the_web(world):
    rosario = make_partner(world.government, "Rosario", country="AR")
    client = world.client_for("coordinator")
    form = client.get(reverse("agreements:agreement-create"))
    page = form.content.decode()
    assert "Rosario (Argentina)" in page
    assert "11.6" in page  # the targets, grouped by goal
    response = client.post(reverse("agreements:agreement-create"), form_data(world, [rosario]))
    agreement = Agreement.objects.get(government=world.government)
    assert response.status_code == 302
    assert response.url == agreement.get_absolute_url()
    assert list(agreement.partners.all()) == [rosario]
    assert sorted(agreement.sdg_targets.values_list("code", flat=True)) == ["11.6", "12.5"]
    assert sorted(agreement.tags.values_list("name", flat=True)) == ["climate", "waste"]
    assert agreement.status == AgreementStatus.DRAFT

    edit = client.get(reverse("agreements:agreement-edit", args=[agreement.pk])).content.decode()
    assert 'name="status"' not in edit  # the status changes through transitions only
    assert 'value="waste, climate"' in edit or 'value="climate, waste"' in edit
    response = client.post(
        reverse("agreements:agreement-edit", args=[agreement.pk]),
        form_data(
            world, [rosario], title="Cooperation with Rosario (waste)", status=None, tags="waste"
        ),
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Cooperation with Rosario (waste)"
    assert list(agreement.tags.values_list("name", flat=True)) == ["waste"]
    events = AuditEvent.objects.for_object(agreement).order_by("id")
    assert [(e.action, e.channel) for e in events] == [("create", "web"), ("update", "web")]


def test_the_create_form_refuses_other_governments_partners_and_a_public_flag_without_summary(
    world,
):
    foreign = make_partner(world.other_government, "Foreign city")
    client = world.client_for("coordinator")
    response = client.post(
        reverse("agreements:agreement-create"),
        form_data(world, [foreign], is_public="on"),
    )
    assert response.status_code == 200
    assert not Agreement.objects.exists()
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "A public agreement needs a public summary." in page


def test_an_editor_records_agreements_of_their_own_departments_only(world):
    other = DepartmentFactory.create(government=world.government, name="Economy")
    porto = make_partner(world.government)
    client = world.client_for("editor")
    response = client.post(
        reverse("agreements:agreement-create"), form_data(world, [porto], lead_department=other.pk)
    )
    assert response.status_code == 200
    assert not Agreement.objects.exists()
    response = client.post(reverse("agreements:agreement-create"), form_data(world, [porto]))
    assert response.status_code == 302
    assert Agreement.objects.get().lead_department == world.department


def test_a_historical_agreement_is_recorded_in_force(world):
    porto = make_partner(world.government)
    client = world.client_for("coordinator")
    client.post(
        reverse("agreements:agreement-create"),
        form_data(
            world, [porto], status="in_force", signed_on="2010-05-04", in_force_from="2010-06-01"
        ),
    )
    agreement = Agreement.objects.get()
    assert agreement.status == AgreementStatus.IN_FORCE
    assert agreement.status_changed_on == date(2010, 6, 1)


def test_status_changes_from_the_detail_page(world, agreement):
    client = world.client_for("editor")
    detail = client.get(agreement.get_absolute_url()).content.decode()
    assert reverse("agreements:agreement-transition", args=[agreement.pk]) in detail
    assert '<option value="negotiation">' in detail
    assert '<option value="expired">' not in detail
    today = timezone.localdate()
    response = client.post(
        reverse("agreements:agreement-transition", args=[agreement.pk]),
        {
            "to_status": "negotiation",
            "on": (today - timedelta(days=3)).isoformat(),
            "note": "First meeting",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.NEGOTIATION
    detail = client.get(agreement.get_absolute_url()).content.decode()
    assert "First meeting" in detail  # the timeline


def test_an_invalid_transition_is_refused_with_a_clear_message_and_nothing_written(
    world, agreement
):
    client = world.client_for("coordinator")
    events = AuditEvent.objects.count()
    response = client.post(
        reverse("agreements:agreement-transition", args=[agreement.pk]),
        {"to_status": "expired", "on": timezone.localdate().isoformat(), "note": ""},
    )
    assert response.status_code == 200
    assert (
        "An agreement cannot go from draft to expired. "
        "From draft it can go to: in negotiation, terminated."
    ) in response.content.decode()
    assert AuditEvent.objects.count() == events
    assert not AgreementTransition.objects.exists()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


def test_signatories_are_added_edited_and_removed(world, agreement):
    client = world.client_for("editor")
    response = client.post(
        reverse("agreements:signatory-add", args=[agreement.pk]),
        {"side": "partner", "partner": "", "name": "Rui Moreira", "position": "Mayor"},
    )
    assert response.status_code == 302
    signatory = Signatory.objects.get(agreement=agreement)
    assert signatory.partner == agreement.partners.get()
    client.post(
        reverse("agreements:signatory-edit", args=[signatory.pk]),
        {
            "side": "partner",
            "partner": signatory.partner_id,
            "name": "Rui Moreira",
            "position": "President",
        },
    )
    signatory.refresh_from_db()
    assert signatory.position == "President"
    assert "Rui Moreira" in client.get(agreement.get_absolute_url()).content.decode()
    response = client.post(reverse("agreements:signatory-delete", args=[signatory.pk]))
    assert response.status_code == 302
    assert response.url == agreement.get_absolute_url()
    assert not Signatory.objects.exists()


def test_delete_through_the_web(world, agreement):
    client = world.client_for("coordinator")
    response = client.post(reverse("agreements:agreement-delete", args=[agreement.pk]))
    assert response.status_code == 302
    assert not Agreement.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(agreement.pk)).exists()


def listed(client, **params):
    response = client.get(reverse("agreements:agreement-list"), params)
    assert response.status_code == 200
    return {a.title for a in response.context["object_list"]}


def test_expiring_within_filter_and_expiry_shown(world):
    today = timezone.localdate()

    def make(title, **values):
        return AgreementFactory.create(government=world.government, title=title, **values)

    make(
        "Soon",
        status="in_force",
        in_force_from=today - timedelta(days=300),
        valid_until=today + timedelta(days=30),
    )
    make(
        "Later",
        status="in_force",
        in_force_from=today - timedelta(days=300),
        valid_until=today + timedelta(days=200),
    )
    make("Draft soon", status="draft", valid_until=today + timedelta(days=30))
    make(
        "Overdue",
        status="in_force",
        in_force_from=today - timedelta(days=900),
        valid_until=today - timedelta(days=5),
    )
    make("Indefinite", status="in_force", in_force_from=today - timedelta(days=10))
    client = world.client_for("viewer")
    assert listed(client, expiring_within="90") == {"Soon"}
    assert listed(client, expiring_within="365") == {"Soon", "Later"}
    page = client.get(reverse("agreements:agreement-list")).content.decode()
    assert "expires in 30 days" in page
    assert "expired 5 days ago" in page
    assert "indefinite" in page


def test_dormant_filter_and_badge(world):
    today = timezone.localdate()
    world.government.dormancy_months = 6
    world.government.save()
    long_ago = today - timedelta(days=400)
    sleeping = AgreementFactory.create(
        government=world.government, title="Sleeping", status="in_force", in_force_from=long_ago
    )
    alive = AgreementFactory.create(
        government=world.government, title="Alive", status="in_force", in_force_from=long_ago
    )
    Action.objects.create(
        government=world.government,
        title="Visit",
        modality="mission",
        agreement=alive,
        start_date=today - timedelta(days=20),
    )
    planned_only = AgreementFactory.create(
        government=world.government, title="Planned only", status="in_force", in_force_from=long_ago
    )
    Action.objects.create(
        government=world.government,
        title="Future",
        modality="mission",
        agreement=planned_only,
        start_date=today + timedelta(days=20),
    )
    AgreementFactory.create(
        government=world.government,
        title="Recent",
        status="in_force",
        in_force_from=today - timedelta(days=30),
    )
    AgreementFactory.create(government=world.government, title="Draft", status="draft")
    client = world.client_for("viewer")
    assert listed(client, dormant="yes") == {"Sleeping", "Planned only"}
    response = client.get(sleeping.get_absolute_url())
    assert response.context["object"].dormant is True
    assert "Dormant: nothing has happened under this agreement" in response.content.decode()
    assert client.get(alive.get_absolute_url()).context["object"].dormant is False
    assert sleeping.is_dormant(6)
    assert not alive.is_dormant(6)
    assert alive.last_activity_date() == today - timedelta(days=20)


def test_other_filters(world):
    porto, lyon = make_partner(world.government, "Porto"), make_partner(world.government, "Lyon")
    other = DepartmentFactory.create(government=world.government, name="Economy")
    a = AgreementFactory.create(
        government=world.government,
        title="Culture with Porto",
        partners=[porto],
        lead_department=world.department,
        kind="twinning",
        registration_status="submitted",
        summary="festival of lights",
    )
    b = AgreementFactory.create(
        government=world.government,
        title="Trade with Lyon",
        partners=[lyon],
        lead_department=other,
        kind="mou",
    )
    a.sdg_targets.set([SdgTarget.objects.get(code="11.4")])
    from lazos.core.services import set_tags

    set_tags(b, ["trade"])
    client = world.client_for("viewer")
    assert listed(client, partner=porto.pk) == {"Culture with Porto"}
    assert listed(client, lead_department=other.pk) == {"Trade with Lyon"}
    assert listed(client, kind="mou") == {"Trade with Lyon"}
    assert listed(client, registration_status="submitted") == {"Culture with Porto"}
    assert listed(client, q="lights") == {"Culture with Porto"}
    assert listed(client, tag=b.tags.get().pk) == {"Trade with Lyon"}
    assert listed(client, status="draft") == {"Culture with Porto", "Trade with Lyon"}
    response = client.get(reverse("agreements:agreement-list"), {"ordering": "title"})
    assert [x.title for x in response.context["object_list"]] == [
        "Culture with Porto",
        "Trade with Lyon",
    ]
    foreign = make_partner(world.other_government, "Foreign")
    assert (
        client.get(reverse("agreements:agreement-list"), {"partner": foreign.pk})
        .context["filter"]
        .errors
    )


def test_export_csv(world, agreement):
    response = world.client_for("viewer").get(
        reverse("agreements:agreement-list"), {"export": "csv"}
    )
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert "Twinning with Porto" in body
    assert "Days to expiry" in body.splitlines()[0]
