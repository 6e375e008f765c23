"""Notifications of workflow events: the registry, who is told (and who never is), the inbox
with its unread count and mark read, the immediate email in the recipient's language, and
the daily digest for the kinds a person wants there."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from importlib import import_module
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lazos.actions import services as actions
from lazos.community import services as community
from lazos.consultations import services as consultations
from lazos.consultations.tests.factories import ConsultationFactory
from lazos.core import events
from lazos.core.events import Delivery, EventKind
from lazos.core.testing import assert_constant_queries
from lazos.core.testing.builders import (
    DepartmentFactory,
    GovernmentFactory,
    MembershipFactory,
    UserFactory,
)
from lazos.governments.choices import Role
from lazos.governments.models import Membership
from lazos.networks import services as networks
from lazos.networks.choices import MembershipStatus, PositionStatus
from lazos.networks.tests.factories import (
    NetworkFactory,
    NetworkMembershipFactory,
    PositionFactory,
)
from lazos.partners.tests.factories import PartnerFactory
from lazos.practices import services as practices
from lazos.practices.choices import TransferKind
from lazos.practices.tests.factories import make_practice
from lazos.reminders import services
from lazos.reminders.badge import count_for
from lazos.reminders.models import Notification, ReminderPreference
from lazos.reminders.notifications import may_be_told
from lazos.reports import services as reports
from lazos.reports.tests.factories import ReportFactory
from lazos.results import services as results
from lazos.results.choices import UpdateStatus
from lazos.results.tests.factories import make_action, make_indicator, make_period, make_update
from lazos.solidarity import services as solidarity

pytestmark = pytest.mark.django_db

RETURNED = "results.update_returned"
SUBMITTED = "results.update_submitted"
APPROVED = "results.update_approved"
ASSIGNED = "actions.commitment_assigned"
DECLARED = "solidarity.emergency_declared"
MADE = "solidarity.offer_made"
ACCEPTED = "solidarity.offer_accepted"
ENDORSED = "networks.endorsement_received"
AWAITING = "consultations.contribution_awaiting_moderation"
INTERESTED = "practices.interest_marked"
ADAPTED = "practices.adaptation_marked"
JOB_FINISHED = "reports.job_finished"
JOB_FAILED = "reports.job_failed"
ANSWERED = "community.answer_received"


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (events are delivered after the transaction commits)."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def update_by(world, who="editor", status=UpdateStatus.DRAFT):
    action = make_action(world.government, lead_department=world.department)
    period = make_period(make_indicator(world.government, action=action))
    return make_update(period, status=status, reported_by=world.users[who])


def told(kind, obj=None):
    rows = Notification.objects.filter(kind=kind)
    if obj is not None:
        rows = rows.filter(object_id=obj.pk)
    return sorted(rows.values_list("recipient__username", flat=True))


# --- The registry ----------------------------------------------------------------------------


def test_every_registered_kind_has_a_label_recipients_and_a_delivery():
    codes = [kind.code for kind in events.kinds()]
    assert {SUBMITTED, RETURNED, APPROVED} <= set(codes)
    assert len(codes) == len(set(codes))
    for kind in events.kinds():
        assert str(kind.label)
        assert str(kind.label) != kind.code
        assert callable(kind.recipients)
        assert kind.delivery in Delivery.values


def test_a_code_is_registered_once_and_an_unknown_kind_is_refused():
    kind = events.kind_for(RETURNED)
    assert kind is not None
    assert events.register(kind) is kind  # the same kind again (a module re-imported) is fine
    with pytest.raises(ValueError, match="already registered"):
        events.register(EventKind(RETURNED, "Another", lambda obj, government: []))
    with pytest.raises(ValueError, match="Unknown event kind"):
        events.notify("nobody.registered_this", object(), actor=None, government=None)  # type: ignore[arg-type]


# --- Indicator updates: submitted, returned, approved -----------------------------------------


def test_submitting_tells_the_reviewers_only(world, commit):
    update = update_by(world)
    commit(results.submit_update, update, acting_user=world.users["editor"])
    assert told(SUBMITTED, update) == ["w-administrator", "w-coordinator"]


def test_returning_tells_the_author_in_the_inbox_and_by_email_in_portuguese(world, commit):
    """The issue's journey: the coordinator returns an editor's update; the editor sees it
    in the inbox (with the unread count in the badge) and receives the email in Portuguese."""
    editor = world.users["editor"]
    editor.preferred_language = "pt"
    editor.save(update_fields=["preferred_language"])
    update = update_by(world, status=UpdateStatus.SUBMITTED)
    mail.outbox.clear()
    commit(
        results.return_update,
        update,
        acting_user=world.users["coordinator"],
        reason="Falta a evidência",
    )
    assert told(RETURNED, update) == ["w-editor"]
    notification = Notification.objects.get(kind=RETURNED)
    assert notification.delivery == Delivery.IMMEDIATE
    assert notification.emailed_at is not None
    assert notification.url == update.get_absolute_url()
    assert notification.actor == world.users["coordinator"]
    [message] = mail.outbox
    assert message.to == [editor.email]
    # In Portuguese (the kind's label is translated once the catalogs have it).
    assert "Olá" in message.body
    assert "Sua caixa de entrada:" in message.body
    assert "Falta a evidência" in message.body
    assert update.get_absolute_url() in message.body
    client = world.client_for("editor")
    cache.clear()
    assert ">1<" in client.get(reverse("reminders:badge")).content.decode()
    html = client.get(reverse("reminders:inbox"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{update.get_absolute_url()}"' in html
    assert "Falta a evidência" in html


def test_approving_tells_the_author_and_nobody_is_told_of_their_own_act(world, commit):
    update = update_by(world, who="coordinator", status=UpdateStatus.SUBMITTED)
    commit(results.approve_update, update, acting_user=world.users["administrator"])
    assert told(APPROVED, update) == ["w-coordinator"]
    own = update_by(world, who="administrator", status=UpdateStatus.SUBMITTED)
    commit(results.approve_update, own, acting_user=world.users["administrator"])
    assert told(APPROVED, own) == []


def test_a_rolled_back_write_tells_nobody(world, django_capture_on_commit_callbacks):
    update = update_by(world, status=UpdateStatus.SUBMITTED)

    def fails_after_the_service() -> None:
        with transaction.atomic():
            results.return_update(update, acting_user=world.users["coordinator"], reason="No")
            raise RuntimeError("the request fails after the service")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        fails_after_the_service()
    assert Notification.objects.count() == 0
    assert mail.outbox == []


# --- Never about objects the recipient may not see --------------------------------------------


def test_a_member_of_another_government_is_never_told(world, commit):
    update = update_by(world, status=UpdateStatus.SUBMITTED)
    # The reporter has since left: only a member of the other government remains.
    update.reported_by = world.users["outsider"]
    update.save(update_fields=["reported_by"])
    commit(results.return_update, update, acting_user=world.users["coordinator"], reason="No")
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_department_scoped_kinds_skip_editors_outside_the_department(world):
    update = update_by(world)
    elsewhere = DepartmentFactory.create(government=world.government, name="Sports")
    outside = MembershipFactory.create(
        government=world.government, user=UserFactory.create(), role=Role.EDITOR
    )
    outside.departments.set([elsewhere])
    inside = Membership.objects.get(user=world.users["editor"], government=world.government)
    coordinator = Membership.objects.get(
        user=world.users["coordinator"], government=world.government
    )
    other = Membership.objects.get(user=world.users["outsider"])
    scoped = EventKind("test.scoped", "Scoped", lambda obj, government: [], department_scoped=True)
    assert may_be_told(inside, scoped, update)
    assert may_be_told(coordinator, scoped, update)
    assert not may_be_told(outside, scoped, update)
    assert not may_be_told(other, scoped, update)


# --- Preferences: at once, in the digest, or the inbox only ----------------------------------


def choose(world, who, **choices):
    user = world.users[who]
    membership = Membership.objects.get(user=user, government=world.government)
    preference = ReminderPreference.defaults_for(membership)
    preference.notification_email = choices
    preference.full_clean()
    preference.save()


def test_a_kind_chosen_for_the_digest_waits_for_the_digest(world, commit):
    world.users["editor"].preferred_language = "pt"
    world.users["editor"].save(update_fields=["preferred_language"])
    choose(world, "editor", **{RETURNED: Delivery.DIGEST})
    update = update_by(world, status=UpdateStatus.SUBMITTED)
    commit(results.return_update, update, acting_user=world.users["coordinator"], reason="Não")
    assert mail.outbox == []
    notification = Notification.objects.get(kind=RETURNED)
    assert (notification.delivery, notification.emailed_at) == (Delivery.DIGEST, None)
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    [message] = [m for m in mail.outbox if m.to == [world.users["editor"].email]]
    assert "Notificações" in message.body
    assert update.get_absolute_url() in message.body
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    mail.outbox.clear()
    call_command("send_reminders", "--force", stdout=out)
    assert [m for m in mail.outbox if m.to == [world.users["editor"].email]] == []


def test_a_kind_switched_off_stays_in_the_inbox_only(world, commit):
    choose(world, "editor", **{RETURNED: Delivery.OFF})
    update = update_by(world, status=UpdateStatus.SUBMITTED)
    commit(results.return_update, update, acting_user=world.users["coordinator"], reason="No")
    assert told(RETURNED) == ["w-editor"]
    assert mail.outbox == []
    call_command("send_reminders", stdout=io.StringIO())
    assert [m for m in mail.outbox if m.to == [world.users["editor"].email]] == []


def test_unknown_choices_are_refused(world):
    membership = Membership.objects.get(user=world.users["editor"], government=world.government)
    preference = ReminderPreference.defaults_for(membership)
    preference.notification_email = {"nobody.kind": Delivery.DIGEST}
    with pytest.raises(Exception, match="Unknown kind of notification"):
        preference.full_clean()
    preference.notification_email = {RETURNED: "pigeon"}
    with pytest.raises(Exception, match="Unknown kind of notification"):
        preference.full_clean()


# --- The inbox: unread count, mark read ------------------------------------------------------


def notify_editor(world, commit, n=1):
    for _ in range(n):
        update = update_by(world, status=UpdateStatus.SUBMITTED)
        commit(results.return_update, update, acting_user=world.users["coordinator"], reason="x")


def test_mark_one_and_all_as_read(world, commit):
    notify_editor(world, commit, 3)
    membership = Membership.objects.get(user=world.users["editor"], government=world.government)
    cache.clear()
    assert count_for(membership) >= 3
    before = count_for(membership)
    client = world.client_for("editor")
    first, second, third = Notification.objects.order_by("pk")
    response = client.post(reverse("reminders:notification-read", args=[first.pk]))
    assert response.status_code == 302
    assert response.url == reverse("reminders:inbox")
    first.refresh_from_db()
    assert first.read_at is not None
    assert count_for(membership) == before - 1  # the cached count was forgotten
    response = client.post(reverse("reminders:notification-read", args=[second.pk]), {"open": "1"})
    assert response.url == second.url
    assert client.get(reverse("reminders:notification-read", args=[third.pk])).status_code == 405
    client.post(reverse("reminders:notifications-read-all"))
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_another_persons_or_governments_notification_is_not_found(world, commit):
    notify_editor(world, commit)
    notification = Notification.objects.get()
    url = reverse("reminders:notification-read", args=[notification.pk])
    assert world.client_for("viewer").post(url).status_code == 404
    assert world.client_for("outsider").post(url).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None
    assert (
        services.mark_notifications_read(world.other_government, acting_user=world.users["editor"])
        == 0
    )


def test_inbox_query_budget_with_notifications(world, commit):
    client = world.client_for("editor")

    def add_rows(n: int) -> None:
        notify_editor(world, commit, n)

    assert_constant_queries(client, reverse("reminders:inbox"), add_rows, budget=20)


def test_delivery_reads_preferences_in_a_fixed_number_of_queries(
    world, commit, django_assert_max_num_queries
):
    for _ in range(5):
        MembershipFactory.create(
            government=world.government, user=UserFactory.create(), role=Role.COORDINATOR
        )
    update = update_by(world)
    with django_assert_max_num_queries(30):
        commit(results.submit_update, update, acting_user=world.users["editor"])
    assert len(told(SUBMITTED)) == 7
    assert update.value == Decimal(10)
    assert timezone.now()


def test_the_preferences_page_chooses_the_email_of_each_kind(world):
    client = world.client_for("editor")
    page = client.get(reverse("reminders:preferences")).content.decode()
    assert "Your indicator update was returned" in page
    data = {"scope": "mine"}
    for kind in events.kinds():
        data["notify__" + kind.code.replace(".", "__")] = kind.delivery
    data["notify__results__update_returned"] = Delivery.DIGEST
    response = client.post(reverse("reminders:preferences"), data)
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(user=world.users["editor"])
    assert preference.delivery_of(RETURNED) == Delivery.DIGEST
    assert preference.delivery_of(SUBMITTED) == Delivery.DIGEST  # the kind's default
    form = client.get(reverse("reminders:preferences")).context["form"]
    assert form["notify__results__update_returned"].initial == Delivery.DIGEST


# --- Commitments assigned ----------------------------------------------------------------------


def test_assigning_a_commitment_tells_the_responsible_member_only(world, commit):
    coordinator, viewer = world.users["coordinator"], world.users["viewer"]
    commitment = commit(
        actions.create_commitment,
        world.government,
        acting_user=coordinator,
        title="Send the minutes",
        meeting="Follow-up",
        due_date=timezone.localdate(),
        responsible_user=viewer,
    )
    assert told(ASSIGNED, commitment) == ["w-viewer"]
    [message] = mail.outbox
    assert message.to == [viewer.email]
    # Changing something else tells nobody again; a new responsible member is told.
    commit(actions.update_commitment, commitment, acting_user=coordinator, title="Minutes")
    assert told(ASSIGNED, commitment) == ["w-viewer"]
    commit(
        actions.update_commitment,
        commitment,
        acting_user=coordinator,
        responsible_user=world.users["editor"],
    )
    assert told(ASSIGNED, commitment) == ["w-editor", "w-viewer"]
    # Nobody is told of a commitment they took on themselves.
    own = commit(
        actions.create_commitment,
        world.government,
        acting_user=coordinator,
        title="Call Rosario",
        meeting="Follow-up",
        due_date=timezone.localdate(),
        responsible_user=coordinator,
    )
    assert told(ASSIGNED, own) == []


# --- Solidarity: an emergency of a partner, an offer made and accepted -------------------------


def test_an_emergency_tells_tied_governments_only_and_offers_tell_the_other_side(world, commit):
    beta, beta_admin = world.other_government, world.users["outsider"]
    PartnerFactory.create(government=world.government, name=beta.name, country=beta.country)
    untied = GovernmentFactory.create(name="Untied", slug="untied")
    untied_coordinator = UserFactory.create(username="untied-coordinator")
    MembershipFactory.create(government=untied, user=untied_coordinator, role=Role.COORDINATOR)
    emergency = commit(
        solidarity.declare_emergency,
        beta,
        acting_user=beta_admin,
        title="Floods in Beta",
        hazard="flood",
        description="The river overflowed.",
        started_on=timezone.localdate(),
    )
    # Our office is told (in our government); the untied government, and Beta's own
    # declarer, are not; editors and viewers are not the office.
    assert told(DECLARED, emergency) == ["w-administrator", "w-coordinator"]
    assert set(
        Notification.objects.filter(kind=DECLARED).values_list("government_id", flat=True)
    ) == {world.government.pk}
    need = commit(
        solidarity.post_need,
        emergency,
        acting_user=beta_admin,
        category="technical_team",
        description="Engineers",
    )
    offer = commit(
        solidarity.make_offer,
        world.government,
        need,
        acting_user=world.users["coordinator"],
        description="Two engineers",
    )
    # Beta's office hears of the offer (only Beta's administrator, who did not act).
    assert told(MADE, need) == ["w-outsider"]
    made = Notification.objects.get(kind=MADE)
    assert (made.government_id, made.note) == (beta.pk, world.government.name)
    commit(solidarity.accept_offer, offer, acting_user=beta_admin)
    assert told(ACCEPTED, need) == ["w-administrator", "w-coordinator"]
    assert Notification.objects.filter(recipient=untied_coordinator).count() == 0


# --- Networks: an endorsement received -------------------------------------------------------


def test_an_endorsement_tells_the_authors_office(world, commit):
    ours = NetworkFactory.create(
        government=world.government,
        name="United Cities",
        acronym="",
        website="https://www.uclg.org/es",
    )
    NetworkMembershipFactory.create(network=ours, status=MembershipStatus.ACTIVE)
    theirs = NetworkFactory.create(
        government=world.other_government,
        name="Cidades Unidas",
        acronym="",
        website="https://uclg.org/pt",
    )
    NetworkMembershipFactory.create(network=theirs, status=MembershipStatus.ACTIVE)
    position = PositionFactory.create(
        network=ours,
        status=PositionStatus.OPEN,
        opened_on=timezone.localdate() - timedelta(days=2),
        title="Localising the SDGs",
    )
    commit(
        networks.endorse_position,
        world.other_government,
        position=position,
        acting_user=world.users["outsider"],
    )
    assert told(ENDORSED, position) == ["w-administrator", "w-coordinator"]
    notification = Notification.objects.get(kind=ENDORSED, recipient=world.users["coordinator"])
    assert notification.note == world.other_government.name
    assert notification.government_id == world.government.pk


# --- Consultations: a contribution awaiting moderation ---------------------------------------


def test_a_confirmed_contribution_tells_the_office_it_awaits_moderation(world, commit):
    consultation = ConsultationFactory.create(government=world.government, audience="public")
    contribution = commit(
        consultations.submit_contribution,
        consultation,
        text="Yes please",
        email="ana@example.org",
        notify=False,
    )
    assert told(AWAITING) == []  # not before its author confirms the email address
    token = consultations.verification_token(contribution)
    commit(consultations.verify_contribution, world.government, token)
    assert told(AWAITING, consultation) == ["w-administrator", "w-coordinator"]
    commit(consultations.verify_contribution, world.government, token)  # twice: told once
    assert len(told(AWAITING, consultation)) == 2
    assert Notification.objects.filter(government=world.other_government).count() == 0


# --- Practices: interest and adaptation marks on our practice ---------------------------------


def test_marks_on_our_practice_tell_our_office_once(world, commit):
    practice = make_practice(world.government, published=True)
    outsider = world.users["outsider"]
    for kind in (TransferKind.INTERESTED, TransferKind.INTERESTED, TransferKind.ADAPTED):
        commit(
            practices.mark_practice,
            world.other_government,
            practice=practice,
            kind=kind,
            acting_user=outsider,
        )
    assert told(INTERESTED, practice) == ["w-administrator", "w-coordinator"]
    assert told(ADAPTED, practice) == ["w-administrator", "w-coordinator"]
    assert set(Notification.objects.values_list("note", flat=True)) == {world.other_government.name}


# --- Jobs: a report asked for has failed (or is ready) ----------------------------------------


def test_a_finished_job_tells_who_asked_for_it_in_the_inbox(world, commit, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("no data")

    monkeypatch.setattr(reports, "build_handover", broken)
    report = ReportFactory.create(
        government=world.government, requested_by=world.users["editor"], title="Dossier"
    )
    assert commit(reports.run_report, report.pk) == "failed"
    assert told(JOB_FAILED, report) == ["w-editor"]
    assert Notification.objects.get().delivery == Delivery.OFF  # the inbox only, by default
    assert mail.outbox == []
    assert commit(reports.run_report, report.pk) == "failed"  # not run again: told once
    assert len(told(JOB_FAILED, report)) == 1
    assert events.kind_for(JOB_FINISHED) is not None


def test_every_registered_kind_is_notified_by_its_app():
    """A kind registered in ``<app>/events.py`` is used by a ``notify`` call of that app
    (a kind nobody triggers would be offered in the preferences for nothing)."""
    lazos = Path(events.__file__).resolve().parents[1]
    for kind in events.kinds():
        app = kind.code.split(".")[0]
        module = lazos / app / "events.py"
        assert module.exists(), f"{kind.code}: registered outside {app}/events.py"
        source = module.read_text()
        registered_in = import_module(f"lazos.{app}.events")
        constant = next(name for name in dir(registered_in) if getattr(registered_in, name) is kind)
        assert constant in source
        callers = [
            path
            for path in (lazos / app).rglob("*.py")
            if "tests" not in path.parts
            and path.name != "events.py"
            and "notify(" in (text := path.read_text())
            # (practices and reports pick the kind from a mapping: MARKED, FINISHED)
            and (constant in text or "MARKED[" in text or "FINISHED.get(" in text)
        ]
        assert callers, f"{kind.code} is registered but no service of {app} notifies it"


# --- The community: an answer to my question (the community emails it itself) ----------------


def test_an_answer_puts_the_question_in_the_askers_inbox_without_a_second_email(world, commit):
    question = community.ask_question(
        world.government, acting_user=world.users["viewer"], title="How do you prepare a position?"
    )
    mail.outbox.clear()
    commit(
        community.answer_question,
        world.other_government,
        question,
        acting_user=world.users["outsider"],
        body="We did.",
    )
    assert told(ANSWERED, question) == ["w-viewer"]
    notification = Notification.objects.get(kind=ANSWERED)
    assert notification.delivery == Delivery.OFF
    assert notification.government_id == world.government.pk
    assert len(mail.outbox) == 1  # the community's own email, not ours
    # Not offered by email in the preferences, and a stored choice cannot turn it on.
    form = world.client_for("viewer").get(reverse("reminders:preferences")).context["form"]
    assert "notify__community__answer_received" not in form.fields
    choose(world, "viewer", **{ANSWERED: Delivery.IMMEDIATE})
    preference = ReminderPreference.objects.get(user=world.users["viewer"])
    assert preference.delivery_of(ANSWERED) == Delivery.OFF
    commit(
        community.answer_question,
        world.government,
        question,
        acting_user=world.users["viewer"],
        body="Thanks!",
    )
    assert told(ANSWERED, question) == ["w-viewer"]  # nobody is told of their own answer


def test_a_failing_delivery_never_fails_the_committed_write(world, commit, monkeypatch):
    def broken(event):
        raise RuntimeError("the mail server is down")

    monkeypatch.setattr(events, "_LISTENERS", [broken])
    update = update_by(world, status=UpdateStatus.SUBMITTED)
    commit(results.return_update, update, acting_user=world.users["coordinator"], reason="No")
    update.refresh_from_db()
    assert update.status == UpdateStatus.RETURNED


def test_quietly_writes_the_inbox_entries_and_sends_no_email(world, commit):
    update = update_by(world, status=UpdateStatus.SUBMITTED)
    with events.quietly():
        commit(results.return_update, update, acting_user=world.users["coordinator"], reason="x")
    assert told(RETURNED, update) == ["w-editor"]
    assert mail.outbox == []
    other = update_by(world, status=UpdateStatus.SUBMITTED)
    commit(results.return_update, other, acting_user=world.users["coordinator"], reason="x")
    assert len(mail.outbox) == 1  # outside the block, as usual
