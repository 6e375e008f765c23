"""Personal data (#16, point 3): a person's data found, exported and erased by an
administrator; the audit trail keeps that it happened without the values; retention; the
privacy notice."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, models, transaction
from django.http import Http404
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from lazos.accounts import services
from lazos.accounts.models import PersonalDataRequest, User
from lazos.accounts.tests.factories import PersonalDataRequestFactory
from lazos.actions.services import add_traveller
from lazos.actions.tests.factories import ActionFactory, MissionFactory
from lazos.actors.tests.factories import LocalActorFactory
from lazos.agreements.tests.factories import SignatoryFactory
from lazos.community.models import Answer, ExpertProfile, Notification, Question
from lazos.community.tests.factories import (
    AnswerFactory,
    ExpertProfileFactory,
    NotificationFactory,
    QuestionFactory,
)
from lazos.consultations.models import Contribution
from lazos.consultations.tests.factories import ContributionFactory
from lazos.core import personal_data
from lazos.core.models import AuditEvent
from lazos.core.personal_data import ERASED
from lazos.core.testing.builders import MembershipFactory, UserFactory
from lazos.core.testing.matrix import TenantWorld, assert_permission_matrix
from lazos.core.testing.queries import assert_constant_queries
from lazos.governments.choices import Role
from lazos.governments.models import Government
from lazos.partners.models import Contact
from lazos.partners.services import add_contact, update_contact
from lazos.partners.tests.factories import PartnerFactory
from lazos.practices.tests.factories import PracticeFactory
from lazos.solidarity.tests.factories import EmergencyFactory

pytestmark = pytest.mark.django_db

NAME = "Ana Pereira Gomes"
EMAIL = "ana.pereira@example.org"
PHONE = "+351 555 0101"
USERNAME = "apereira"

ADMINS_ONLY = {
    "anonymous": 302,
    "stranger": 403,
    "outsider": 404,
    "administrator": 200,
    "coordinator": 403,
    "editor": 403,
    "viewer": 403,
}


@dataclass
class Held:
    contact: Any
    other_contact: Any
    traveller: Any
    user: User
    request: PersonalDataRequest


def hold_data_about_ana(world: TenantWorld) -> Held:
    """One person's data in every kind of record, most written through the audited services."""
    government, admin = world.government, world.users["administrator"]
    partner = PartnerFactory.create(government=government, name="Porto")
    contact = add_contact(
        partner, acting_user=admin, name=NAME, email=EMAIL, phone=PHONE, role="Adviser"
    )
    update_contact(contact, acting_user=admin, notes=f"Met {NAME} in Porto, call {PHONE}")
    other = add_contact(
        partner, acting_user=admin, name="Bruno Costa", email="bruno@example.org", role="Adviser"
    )
    mission = MissionFactory.create(action=ActionFactory.create(government=government))
    traveller = add_traveller(mission, acting_user=admin, name=NAME, position="Adviser")
    SignatoryFactory.create(agreement__government=government, name=NAME, position="Deputy mayor")
    LocalActorFactory.create(government=government, contact_name=NAME, email=EMAIL, phone=PHONE)
    ContributionFactory.create(
        consultation__government=government, display_name=NAME, email=EMAIL, text="More trees."
    )
    PracticeFactory.create(government=government, contact_name=NAME, contact_email=EMAIL)
    EmergencyFactory.create(government=government, contact_name=NAME, contact_email=EMAIL)
    user = UserFactory.create(
        username=USERNAME, first_name="Ana", last_name="Pereira Gomes", email=EMAIL
    )
    MembershipFactory.create(government=government, user=user, role=Role.VIEWER)
    ExpertProfileFactory.create(government=government, user=user, headline="Urban forester")
    question = QuestionFactory.create(government=government, author=user)
    AnswerFactory.create(question=question, author=user)
    NotificationFactory.create(question=question, recipient=user)
    AccessAttempt.objects.create(
        username=USERNAME,
        ip_address="203.0.113.9",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    request = services.open_personal_data_request(
        government, acting_user=admin, name=NAME, email=EMAIL
    )
    return Held(contact, other, traveller, user, request)


def audit_text(**filters: Any) -> str:
    return json.dumps(
        [
            [event.object_repr, event.note, event.changes]
            for event in AuditEvent.objects.filter(**filters)
        ],
        ensure_ascii=False,
    )


# --- Coverage ----------------------------------------------------------------------------------

PERSONAL_FIELD_NAMES = {"phone", "contact_name", "display_name", "first_name", "last_name"}


def looks_personal(field: models.Field[Any, Any]) -> bool:
    return isinstance(field, models.EmailField) or field.name in PERSONAL_FIELD_NAMES


def test_every_model_with_a_personal_field_is_covered_by_a_provider():
    """Walk every model of Lazos: one with an email, a phone or a person's name must be
    covered by a registered provider (lazos/<app>/personal_data.py) or declared not personal
    with a reason. The models named below hold a person's name in a field called "name":
    they must be covered too."""
    covered = {provider.label for provider in personal_data.providers()}
    exempt = personal_data.not_personal()
    people_by_name = {"partners.contact", "actions.traveller", "agreements.signatory"}
    missing = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if not model.__module__.startswith("lazos."):
            continue
        personal = [f.name for f in model._meta.concrete_fields if looks_personal(f)]
        if (personal or label in people_by_name) and label not in covered | set(exempt):
            missing.append(f"{label} ({', '.join(personal) or 'name'})")
    assert not missing, f"personal data with no provider: {missing}"
    assert all(reason for reason in exempt.values())
    # Sign-in records (django-axes) hold usernames and addresses: covered too.
    assert {"axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"} <= covered


# --- Export ------------------------------------------------------------------------------------


def test_export_contains_each_kind_of_data(world):
    held = hold_data_about_ana(world)
    client = world.client_for("administrator")
    response = client.post(reverse("accounts:personal-data-export", args=[held.request.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    records = document["records"]
    assert document["person"] == {"name": NAME, "email": EMAIL}
    expected = {
        "partners.contact",
        "actions.traveller",
        "agreements.signatory",
        "actors.localactor",
        "consultations.contribution",
        "practices.goodpractice",
        "solidarity.emergency",
        "community.expertprofile",
        "community.question",
        "community.answer",
        "community.notification",
        "accounts.user",
        "axes.accessattempt",
        "accounts.personaldatarequest",
    }
    assert expected <= set(records), expected - set(records)
    contact_rows = records["partners.contact"]["rows"]
    assert [row["email"] for row in contact_rows] == [EMAIL]  # not Bruno's
    assert contact_rows[0]["phone"] == PHONE
    assert contact_rows[0]["partner__name"] == "Porto"
    assert records["actions.traveller"]["rows"][0]["name"] == NAME
    assert records["consultations.contribution"]["rows"][0]["text"] == "More trees."
    assert records["community.expertprofile"]["rows"][0]["headline"] == "Urban forester"
    assert records["accounts.user"]["rows"][0]["username"] == USERNAME
    assert records["axes.accessattempt"]["rows"][0]["ip_address"] == "203.0.113.9"
    assert all(item["purpose"] for item in records.values())
    # The export is recorded on the request.
    held.request.refresh_from_db()
    assert held.request.exported_at is not None
    assert AuditEvent.objects.for_object(held.request).filter(note="Exported personal data.")


def test_the_request_page_shows_what_is_held_and_the_erase_page_previews_it(world):
    held = hold_data_about_ana(world)
    client = world.client_for("administrator")
    page = client.get(reverse("accounts:personal-data-request", args=[held.request.pk]))
    assert page.status_code == 200
    assert PHONE in page.content.decode()
    assert "Bruno" not in page.content.decode()
    preview = client.get(reverse("accounts:personal-data-erase", args=[held.request.pk]))
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Urban forester" in text
    assert "203.0.113.9" in text
    assert Contact.objects.filter(pk=held.contact.pk).exists()  # a preview changes nothing


def test_search_finds_names_and_emails_held(world):
    hold_data_about_ana(world)
    client = world.client_for("administrator")
    response = client.get(reverse("accounts:personal-data"), {"q": "pereira"})
    assert response.status_code == 200
    assert NAME in response.context["found"]
    assert EMAIL in response.context["found"]
    assert "Bruno Costa" not in response.context["found"]
    # Each one opens a request in one click; the request's page shows what is held.
    opened = client.post(reverse("accounts:personal-data"), {"email": EMAIL})
    assert opened.status_code == 302
    request = PersonalDataRequest.objects.get(email=EMAIL, name="")
    assert opened["Location"] == request.get_absolute_url()
    assert AuditEvent.objects.for_object(request).filter(action="create").exists()


# --- Erasure -----------------------------------------------------------------------------------


def test_erasure_removes_values_from_rows_and_past_audit_events(world):
    held = hold_data_about_ana(world)
    government = world.government
    assert NAME in audit_text(government=government)
    assert PHONE in audit_text()
    client = world.client_for("administrator")
    response = client.post(reverse("accounts:personal-data-erase", args=[held.request.pk]))
    assert response.status_code == 302

    # The rows: deleted where they exist only for the person, anonymised where kept.
    assert not Contact.objects.filter(pk=held.contact.pk).exists()
    assert Contact.objects.filter(pk=held.other_contact.pk, name="Bruno Costa").exists()
    held.traveller.refresh_from_db()
    assert held.traveller.name == ERASED
    assert held.traveller.position == ""
    contribution = Contribution.objects.get(government=government)
    assert (contribution.display_name, contribution.email, contribution.text) == ("", "", ERASED)
    assert not ExpertProfile.objects.filter(user=held.user).exists()
    assert Question.objects.get(government=government).author is None
    assert Answer.objects.get().author is None
    assert not Notification.objects.filter(recipient=held.user).exists()
    assert not AccessAttempt.objects.filter(username=USERNAME).exists()
    for model in apps.get_models():
        if model.__module__.startswith("lazos.") and model is not AuditEvent:
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField | models.EmailField):
                    leftover = model._default_manager.filter(**{f"{field.name}__icontains": NAME})
                    assert not leftover.exists(), f"{model._meta.label}.{field.name}"
    # The account is the instance administrator's to close: kept.
    assert User.objects.filter(pk=held.user.pk).exists()

    # The audit trail: none of the values, anywhere in the government's events.
    trail = audit_text(government=government)
    for value in (NAME, EMAIL, PHONE, "Met Ana"):
        assert value not in trail, value
    assert "Bruno Costa" in trail  # others' values stay, even the same words
    bruno = AuditEvent.objects.for_object(held.other_contact).get()
    assert bruno.changes["role"] == {"before": None, "after": "Adviser"}
    created, updated = AuditEvent.objects.for_object(held.contact).order_by("pk")
    assert created.object_repr == updated.object_repr == ERASED
    assert created.changes["name"] == {"before": None, "after": ERASED}
    assert created.changes["role"] == {"before": None, "after": ERASED}
    assert created.changes["is_primary"] == {"before": None, "after": False}  # not personal
    assert updated.changes["notes"] == {"before": "", "after": ERASED}
    # ... but that it happened: who, when, which records.
    held.request.refresh_from_db()
    assert held.request.erased_at is not None
    assert held.request.erased_by == world.users["administrator"]
    assert held.request.name == ERASED
    assert held.request.email == ""
    event = AuditEvent.objects.for_object(held.request).get(note="Erased personal data.")
    assert event.actor == world.users["administrator"]
    records = event.changes["erased_records"]["after"]["records"]
    assert records["partners.contact"] == [held.contact.pk]
    assert records["actions.traveller"] == [held.traveller.pk]
    assert NAME not in json.dumps(event.changes)
    assert EMAIL not in json.dumps(event.changes)

    # Erasing twice is refused with a reason.
    with pytest.raises(ValidationError, match="already erased"):
        services.erase_personal_data(
            government, held.request, acting_user=world.users["administrator"]
        )


def test_the_audit_trail_still_refuses_any_update_but_an_erasure(world):
    admin = world.users["administrator"]
    partner = PartnerFactory.create(government=world.government)
    contact = add_contact(partner, acting_user=admin, name=NAME, email=EMAIL)
    event = AuditEvent.objects.for_object(contact).get()
    rows = AuditEvent.objects.filter(pk=event.pk)
    forged = {**event.changes, "name": {"before": None, "after": "Someone else"}}
    added = {**event.changes, "new": {"before": None, "after": "x"}}
    for change in (
        {"changes": forged},
        {"changes": added},
        {"object_repr": "Someone else"},
        {"note": "forged"},
        {"actor_label": "someone"},
        {"occurred_at": timezone.now() - timedelta(days=3)},
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            rows.update(**change)
    with pytest.raises(DatabaseError), transaction.atomic():
        rows._raw_delete(rows.db)
    erased = {**event.changes, "name": {"before": None, "after": ERASED}}
    assert rows.update(changes=erased, object_repr=ERASED, note=ERASED) == 1
    event.refresh_from_db()
    assert event.changes["name"]["after"] == ERASED
    assert event.object_repr == ERASED


# --- Permissions -------------------------------------------------------------------------------


def test_personal_data_pages_are_for_administrators_only(world):
    ours = PersonalDataRequestFactory.create(government=world.government)
    # The list: another government's administrator sees their own requests, none of ours.
    assert_permission_matrix(
        world, reverse("accounts:personal-data"), {**ADMINS_ONLY, "outsider": 200}
    )
    listing = world.client_for("outsider").get(reverse("accounts:personal-data"))
    assert ours.name not in listing.content.decode()
    for name in ("accounts:personal-data-request", "accounts:personal-data-erase"):
        assert_permission_matrix(world, reverse(name, args=[ours.pk]), ADMINS_ONLY)
    assert_permission_matrix(
        world,
        reverse("accounts:personal-data-export", args=[ours.pk]),
        ADMINS_ONLY,
        method="post",
    )
    with pytest.raises(PermissionDenied):
        services.erase_personal_data(world.government, ours, acting_user=world.users["coordinator"])


def test_another_governments_person_is_a_404_and_is_not_erased(world):
    other: Government = world.other_government
    theirs = PersonalDataRequestFactory.create(government=other, name=NAME, email=EMAIL)
    partner = PartnerFactory.create(government=other)
    contact = add_contact(partner, acting_user=world.users["outsider"], name=NAME, email=EMAIL)
    client = world.client_for("administrator")
    for name, methods in (
        ("accounts:personal-data-request", ("get",)),
        ("accounts:personal-data-erase", ("get", "post")),
        ("accounts:personal-data-export", ("post",)),
    ):
        url = reverse(name, args=[theirs.pk])
        for method in methods:
            assert getattr(client, method)(url).status_code == 404, f"{method} {url}"
    assert Contact.objects.filter(pk=contact.pk, name=NAME).exists()
    # Erasing our own request for the same person leaves the other government's rows alone.
    ours = services.open_personal_data_request(
        world.government, acting_user=world.users["administrator"], name=NAME, email=EMAIL
    )
    services.erase_personal_data(world.government, ours, acting_user=world.users["administrator"])
    assert Contact.objects.filter(pk=contact.pk, name=NAME).exists()
    assert NAME in audit_text(government=other)
    with pytest.raises(Http404):
        services.export_personal_data(
            world.government, theirs, acting_user=world.users["administrator"]
        )


# --- Query budgets -----------------------------------------------------------------------------


def test_personal_data_pages_query_budgets(world):
    client = world.client_for("administrator")
    request = PersonalDataRequestFactory.create(government=world.government, name=NAME, email=EMAIL)
    partner = PartnerFactory.create(government=world.government)
    mission = MissionFactory.create(action=ActionFactory.create(government=world.government))

    def add_records(n: int) -> None:
        for _ in range(n):
            Contact.objects.create(
                government=world.government, partner=partner, name=NAME, email=EMAIL
            )
            add_traveller(mission, acting_user=None, name=NAME)
            PersonalDataRequestFactory.create(government=world.government)

    for url in (
        reverse("accounts:personal-data-request", args=[request.pk]),
        reverse("accounts:personal-data-erase", args=[request.pk]),
        reverse("accounts:personal-data") + "?q=pereira",
    ):
        assert_constant_queries(client, url, add_records, budget=40)


# --- Retention ---------------------------------------------------------------------------------


@override_settings(LAZOS_CONTRIBUTION_RETENTION_DAYS=30, LAZOS_SIGNIN_RECORD_RETENTION_DAYS=10)
def test_retention_command_removes_old_records_only(world):
    now = timezone.now()
    old = ContributionFactory.create(
        consultation__government=world.government, display_name=NAME, email=EMAIL
    )
    recent = ContributionFactory.create(
        consultation=old.consultation, display_name="Carla Dias", email="carla@example.org"
    )
    Contribution.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=31))
    # A past audit event holds the old contribution's name (the email is never audited).
    AuditEvent.objects.create(
        government=world.government,
        actor_label="web",
        channel="web",
        action="create",
        content_type_id=ContentType.objects.get_for_model(Contribution).pk,
        object_id=str(old.pk),
        object_repr=NAME,
        changes={"display_name": {"before": None, "after": NAME}},
    )
    attempts = {}
    for username, age in (("old-user", 11), ("recent-user", 9)):
        attempts[username] = AccessAttempt.objects.create(
            username=username,
            ip_address="203.0.113.7",
            user_agent="x",
            http_accept="*/*",
            path_info="/",
            get_data="",
            post_data="",
            failures_since_start=1,
        )
        AccessAttempt.objects.filter(pk=attempts[username].pk).update(
            attempt_time=now - timedelta(days=age)
        )

    call_command("apply_retention", verbosity=0)

    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["recent-user"]
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.display_name, old.email) == ("", "")
    assert old.text == "A contribution."  # the text stays in the consultation
    assert (recent.display_name, recent.email) == ("Carla Dias", "carla@example.org")
    assert NAME not in audit_text(government=world.government)
    events = AuditEvent.objects.filter(note__startswith="Retention:")
    assert {event.channel for event in events} == {"command"}
    assert {event.government_id for event in events} == {world.government.pk, None}
    # Running it again finds nothing more.
    assert services.apply_retention() == {}


@override_settings(LAZOS_CONTRIBUTION_RETENTION_DAYS=0)
def test_retention_zero_keeps_contributions(world):
    old = ContributionFactory.create(consultation__government=world.government, display_name=NAME)
    Contribution.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=999))
    assert "consultations.contribution" not in services.apply_retention()
    old.refresh_from_db()
    assert old.display_name == NAME


# --- Privacy notice ----------------------------------------------------------------------------


@override_settings(LAZOS_CONTRIBUTION_RETENTION_DAYS=123, LAZOS_SIGNIN_RECORD_RETENTION_DAYS=45)
def test_privacy_notice_shows_the_retention_settings(client):
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "123 days after it was sent" in text
    assert "45 days after the attempt" in text
    assert "Contacts" in text
    assert "Travellers" in text
    assert "machine-readable file" in text


def test_the_privacy_notice_queries_nothing_but_the_session(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert client.get(reverse("privacy")).status_code == 200


def test_the_portal_footer_links_to_the_privacy_notice(client):
    response = client.get(reverse("portal:home"))
    assert reverse("privacy").encode() in response.content


# --- Accounts (the operator's command) ---------------------------------------------------------


def test_erase_account_command_closes_an_account_and_erases_it_from_the_trail(world):
    person = UserFactory.create(
        username=USERNAME, first_name="Ana", last_name="Pereira Gomes", email=EMAIL
    )
    membership = MembershipFactory.create(government=world.government, user=person)
    services.update_profile(
        person,
        acting_user=person,
        first_name="Ana",
        last_name="Pereira Gomes",
        email="ana.new@example.org",
        language="pt",
    )
    AccessAttempt.objects.create(
        username=USERNAME,
        ip_address="203.0.113.9",
        user_agent="x",
        http_accept="*/*",
        path_info="/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    # Still a member somewhere: refused, nothing changed.
    with pytest.raises(CommandError, match="still a member"):
        call_command("erase_account", USERNAME, verbosity=0)
    assert User.objects.filter(username=USERNAME).exists()

    membership.delete()
    call_command("erase_account", USERNAME, verbosity=0)

    person.refresh_from_db()
    assert person.username == f"erased-{person.pk}"
    assert (person.first_name, person.last_name, person.email) == ("", "", "")
    assert not person.is_active
    assert not person.has_usable_password()
    assert not AccessAttempt.objects.filter(username=USERNAME).exists()
    about = AuditEvent.objects.for_object(person)
    trail = json.dumps([[e.object_repr, e.changes] for e in about], ensure_ascii=False)
    for value in (EMAIL, "ana.new@example.org", "Pereira Gomes"):
        assert value not in trail
    closing = about.get(note="Account erased.")
    assert closing.channel == "command"
    assert closing.changes == {}
