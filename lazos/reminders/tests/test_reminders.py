"""Reminders: what is collected (and for whom), the inbox, preferences, the badge, and the
daily digest command with its dry run, idempotence, opt-outs and language."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lazos.actions.choices import CommitmentStatus
from lazos.actions.models import Commitment
from lazos.actions.tests.factories import ActionFactory
from lazos.agreements.choices import AgreementStatus, RegistrationStatus
from lazos.agreements.tests.factories import AgreementFactory
from lazos.core.models import AuditEvent
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.core.testing.builders import DepartmentFactory, MembershipFactory, UserFactory
from lazos.evaluations.models import Evaluation, Recommendation
from lazos.governments.models import Membership
from lazos.reminders import services
from lazos.reminders.badge import count_for
from lazos.reminders.choices import ReminderKind, ReminderScope
from lazos.reminders.collect import add_months, collect
from lazos.reminders.models import ReminderPreference
from lazos.results.choices import UpdateStatus
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def day(offset: int):
    return TODAY + timedelta(days=offset)


def in_force(government, title, *, until, notice=None, department=None, **values):
    return AgreementFactory.create(
        government=government,
        title=title,
        status=AgreementStatus.IN_FORCE,
        in_force_from=day(-800),
        valid_until=until,
        notice_period_days=notice,
        lead_department=department,
        **values,
    )


def commitment(government, title, *, due, status=CommitmentStatus.OPEN, **values):
    return Commitment.objects.create(
        government=government,
        title=title,
        meeting="Follow-up meeting",
        due_date=due,
        status=status,
        completed_on=day(-1) if status == CommitmentStatus.DONE else None,
        **values,
    )


def indicator_on(action, title, *, every=6, period_start=None, reported=None):
    indicator = Indicator.objects.create(
        government=action.government, action=action, title=title, update_every_months=every
    )
    period = IndicatorPeriod.objects.create(
        government=action.government,
        indicator=indicator,
        start=period_start or day(-400),
        end=day(400),
    )
    if reported is not None:
        update = IndicatorUpdate.objects.create(
            government=action.government,
            period=period,
            value=Decimal("3"),
            status=UpdateStatus.APPROVED,
        )
        IndicatorUpdate.objects.filter(pk=update.pk).update(created_at=reported)
    return indicator


def demo_like(world):
    """What the demo has: agreements inside their notice period, overdue commitments and a
    little of every other kind, some owned by the editor's department."""
    g, culture = world.government, world.department
    data = {
        "notice_passed": in_force(g, "Twinning with Porto", until=day(45), notice=90),
        "notice_soon": in_force(
            g, "MoU with Rosario", until=day(80), notice=60, department=culture
        ),
        "far": in_force(g, "Friendship with Lyon", until=day(400), notice=90),
        "no_notice": in_force(g, "Letter with Quito", until=day(20)),
        "past": in_force(g, "Agreement with Cusco", until=day(-10), notice=30),
        "draft": AgreementFactory.create(
            government=g, title="Draft with Bogotá", valid_until=day(10), notice_period_days=60
        ),
        "registration": in_force(
            g,
            "Convenio pending registration",
            until=None,
            registration_required=True,
            registration_status=RegistrationStatus.PENDING,
            signed_on=day(-900),
        ),
        "registered": in_force(
            g,
            "Convenio registered",
            until=None,
            registration_required=True,
            registration_status=RegistrationStatus.REGISTERED,
        ),
    }
    action = ActionFactory.create(government=g, title="Waste cooperation", lead_department=culture)
    data["overdue"] = commitment(g, "Send the technical report", due=day(-5))
    data["overdue_mine"] = commitment(g, "Invite the delegation", due=day(-2), action=action)
    data["overdue_responsible"] = commitment(
        g, "Book the venue", due=day(-3), responsible_user=world.users["viewer"]
    )
    data["not_due"] = commitment(g, "Draft the programme", due=day(5))
    data["done"] = commitment(g, "Sign the minutes", due=day(-9), status=CommitmentStatus.DONE)
    data["due_indicator"] = indicator_on(action, "Tonnes recycled", every=6)
    data["fresh_indicator"] = indicator_on(
        action, "People trained", every=6, reported=timezone.now() - timedelta(days=20)
    )
    data["stale_indicator"] = indicator_on(
        action, "Schools twinned", every=3, reported=timezone.now() - timedelta(days=120)
    )
    evaluation = Evaluation.objects.create(government=g, action=action, title="Mid-term review")
    data["recommendation"] = Recommendation.objects.create(
        government=g, evaluation=evaluation, text="Hire a local coordinator", due_date=day(-30)
    )
    Recommendation.objects.create(
        government=g, evaluation=evaluation, text="Publish the results", due_date=day(30)
    )
    # Another government's overdue work never shows.
    commitment(world.other_government, "Foreign overdue commitment", due=day(-5))
    in_force(world.other_government, "Foreign agreement", until=day(10), notice=30)
    return data


def membership_of(world, role):
    return (
        Membership.objects.filter(government=world.government, user=world.users[role])
        .select_related("government")
        .prefetch_related("departments")
        .get()
    )


def group_of(result, kind):
    group = result.group(kind)
    assert group is not None
    return group


def titles(result, kind):
    group = result.group(kind)
    return [r.title for r in group.reminders] if group else []


# --- Collecting ------------------------------------------------------------------------------


def test_add_months_clamps_to_the_end_of_the_month():
    from datetime import date

    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)
    assert add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)


def test_coordinator_sees_every_kind_of_the_governments_work(world):
    data = demo_like(world)
    result = collect(membership_of(world, "coordinator"))
    assert titles(result, ReminderKind.AGREEMENT_EXPIRY) == [
        "Twinning with Porto",  # inside its notice period (deadline 45 days ago)
        "Agreement with Cusco",  # deadline 40 days ago, past its end and still in force
        "Letter with Quito",  # no notice period, ends within 30 days
        "MoU with Rosario",  # notice deadline within 30 days
    ]
    expiry = {r.title: r for r in group_of(result, ReminderKind.AGREEMENT_EXPIRY).reminders}
    assert expiry["Twinning with Porto"].state == "notice_passed"
    assert expiry["Twinning with Porto"].due == day(45 - 90)
    assert expiry["MoU with Rosario"].state == "notice_upcoming"
    assert expiry["Agreement with Cusco"].state == "past_expiry"
    assert titles(result, ReminderKind.OVERDUE_COMMITMENT) == [
        "Send the technical report",
        "Book the venue",
        "Invite the delegation",
    ]
    assert titles(result, ReminderKind.INDICATOR_UPDATE_DUE) == [
        "Tonnes recycled",
        "Schools twinned",
    ]
    assert titles(result, ReminderKind.REGISTRATION_PENDING) == ["Convenio pending registration"]
    assert titles(result, ReminderKind.OVERDUE_RECOMMENDATION) == [
        "Mid-term review: Hire a local coordinator"
    ]
    assert result.total == 11
    assert data["overdue"].get_absolute_url() in [
        r.url for r in group_of(result, ReminderKind.OVERDUE_COMMITMENT).reminders
    ]


def test_editor_sees_their_departments_work_and_viewer_what_they_are_responsible_for(world):
    demo_like(world)
    editor = collect(membership_of(world, "editor"))
    assert titles(editor, ReminderKind.AGREEMENT_EXPIRY) == ["MoU with Rosario"]
    assert titles(editor, ReminderKind.OVERDUE_COMMITMENT) == ["Invite the delegation"]
    assert titles(editor, ReminderKind.INDICATOR_UPDATE_DUE) == [
        "Tonnes recycled",
        "Schools twinned",
    ]
    assert titles(editor, ReminderKind.OVERDUE_RECOMMENDATION) == [
        "Mid-term review: Hire a local coordinator"
    ]
    assert editor.group(ReminderKind.REGISTRATION_PENDING) is None
    viewer = collect(membership_of(world, "viewer"))
    assert titles(viewer, ReminderKind.OVERDUE_COMMITMENT) == ["Book the venue"]
    assert viewer.total == 1
    everything = collect(membership_of(world, "viewer"), scope=ReminderScope.ALL)
    assert everything.total == 11


def test_preferences_choose_the_kinds(world):
    demo_like(world)
    coordinator = world.users["coordinator"]
    services.set_reminder_preferences(
        world.government,
        acting_user=coordinator,
        user=coordinator,
        kinds=[ReminderKind.OVERDUE_COMMITMENT],
        scope=ReminderScope.ALL,
        email_digest=False,
    )
    result = collect(membership_of(world, "coordinator"))
    assert [g.kind for g in result.groups] == [ReminderKind.OVERDUE_COMMITMENT]


def test_collecting_takes_the_same_queries_whatever_the_number_of_reminders(world):
    membership = membership_of(world, "coordinator")
    membership.department_ids  # noqa: B018 - load the departments outside the count

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            collect(membership)
        return len(context.captured_queries)

    demo_like(world)
    few = count()
    action = ActionFactory.create(government=world.government)
    for n in range(8):
        in_force(world.government, f"More {n}", until=day(10 + n), notice=30)
        commitment(world.government, f"Late {n}", due=day(-1 - n), action=action)
        indicator_on(action, f"Indicator {n}")
    many = count()
    assert few == many <= 7  # the preference, one per kind, and the update delays


# --- Services --------------------------------------------------------------------------------


def test_set_reminder_preferences_is_audited_and_only_for_oneself(world):
    editor = world.users["editor"]
    defaults = services.preference_for(membership_of(world, "editor"))
    assert (defaults.email_digest, defaults.scope) == (False, ReminderScope.MINE)
    coordinator_defaults = services.preference_for(membership_of(world, "coordinator"))
    assert (coordinator_defaults.email_digest, coordinator_defaults.scope) == (
        True,
        ReminderScope.ALL,
    )
    preference = services.set_reminder_preferences(
        world.government,
        acting_user=editor,
        user=editor,
        kinds=[ReminderKind.AGREEMENT_EXPIRY, ReminderKind.OVERDUE_COMMITMENT],
        scope=ReminderScope.MINE,
        email_digest=True,
    )
    event = AuditEvent.objects.for_object(preference).get()
    assert (event.action, event.actor_id) == ("create", editor.pk)
    assert event.changes["email_digest"] == {"before": None, "after": True}
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="only change your own"):
        services.set_reminder_preferences(
            world.government,
            acting_user=world.users["administrator"],
            user=editor,
            kinds=[],
            scope=ReminderScope.ALL,
            email_digest=False,
        )
    with pytest.raises(ValidationError, match="Only members"):
        services.set_reminder_preferences(
            world.other_government,
            acting_user=editor,
            user=editor,
            kinds=[],
            scope=ReminderScope.ALL,
            email_digest=False,
        )
    with pytest.raises(ValidationError, match="Unknown kind"):
        services.set_reminder_preferences(
            world.government,
            acting_user=editor,
            user=editor,
            kinds=["gossip"],
            scope=ReminderScope.ALL,
            email_digest=False,
        )
    assert ReminderPreference.objects.get().kinds == [
        ReminderKind.AGREEMENT_EXPIRY,
        ReminderKind.OVERDUE_COMMITMENT,
    ]


# --- Pages -----------------------------------------------------------------------------------

EVERYONE = {"administrator": 200, "coordinator": 200, "editor": 200, "viewer": 200}


@pytest.mark.parametrize("name", ["reminders:inbox", "reminders:preferences"])
def test_pages_matrix(world, name):
    assert_permission_matrix(
        world,
        reverse(name),
        {"anonymous": 302, "stranger": 403, "outsider": 200, **EVERYONE},
    )


def test_inbox_groups_by_kind_with_counts_and_links(world):
    data = demo_like(world)
    client = world.client_for("coordinator")
    html = client.get(reverse("reminders:inbox")).content.decode()
    assert "Agreements inside their notice period" in html
    assert "Twinning with Porto" in html
    assert "Notice deadline passed on" in html
    assert f'href="{data["overdue"].get_absolute_url()}"' in html
    assert "Foreign overdue commitment" not in html
    assert "Draft the programme" not in html
    editor_html = world.client_for("editor").get(reverse("reminders:inbox")).content.decode()
    assert "Send the technical report" not in editor_html
    assert "Invite the delegation" in editor_html
    all_html = (
        world.client_for("editor").get(reverse("reminders:inbox") + "?scope=all").content.decode()
    )
    assert "Send the technical report" in all_html
    outsider_html = world.client_for("outsider").get(reverse("reminders:inbox")).content.decode()
    assert "Foreign overdue commitment" in outsider_html
    assert "Twinning with Porto" not in outsider_html
    viewer = world.users["viewer"]
    services.set_reminder_preferences(
        world.government, acting_user=viewer, user=viewer, kinds=[], scope="all", email_digest=False
    )
    viewer_html = world.client_for("viewer").get(reverse("reminders:inbox")).content.decode()
    assert "Nothing to remind you of" in viewer_html
    assert "The daily email digest is off." in viewer_html


def test_inbox_query_budget(world):
    client = world.client_for("coordinator")
    action = ActionFactory.create(government=world.government)

    def add_rows(n: int) -> None:
        start = Commitment.objects.count()
        for i in range(start, start + n):
            commitment(world.government, f"Late {i}", due=day(-1 - i), action=action)
            in_force(world.government, f"Expiring {i}", until=day(10 + i), notice=30)

    assert_constant_queries(client, reverse("reminders:inbox"), add_rows, budget=20)


def test_preferences_page_saves_through_the_service(world):
    client = world.client_for("viewer")
    page = client.get(reverse("reminders:preferences")).content.decode()
    assert "Send me a daily email digest" in page
    response = client.post(
        reverse("reminders:preferences"),
        {"kinds": [ReminderKind.OVERDUE_COMMITMENT], "scope": "all", "email_digest": "on"},
    )
    assert response.status_code == 302
    assert response.url == reverse("reminders:inbox")
    preference = ReminderPreference.objects.get(user=world.users["viewer"])
    assert preference.kinds == [ReminderKind.OVERDUE_COMMITMENT]
    assert (preference.scope, preference.email_digest) == ("all", True)
    assert AuditEvent.objects.for_object(preference).get().channel == "web"
    response = client.post(reverse("reminders:preferences"), {"scope": "nobody"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_badge_is_counted_once_and_cached(world):
    demo_like(world)
    membership = membership_of(world, "coordinator")
    client = world.client_for("coordinator")
    response = client.get(reverse("reminders:badge"))
    assert response.status_code == 200
    assert ">11<" in response.content.decode()
    commitment(world.government, "Another late one", due=day(-1))
    with CaptureQueriesContext(connection) as context:
        assert count_for(membership) == 11  # cached for a few minutes
    assert len(context.captured_queries) == 0
    services.set_reminder_preferences(
        world.government,
        acting_user=world.users["coordinator"],
        user=world.users["coordinator"],
        kinds=list(ReminderKind.values),
        scope="all",
        email_digest=True,
    )
    cache.clear()
    assert ">12<" in client.get(reverse("reminders:badge")).content.decode()


def test_pages_load_the_badge_after_the_page(world):
    """The header asks for the badge with htmx: a page itself never counts reminders."""
    html = world.client_for("viewer").get(reverse("governments:dashboard")).content.decode()
    assert f'hx-get="{reverse("reminders:badge")}"' in html
    assert world.client_for("stranger").get(reverse("reminders:badge")).status_code == 403


# --- The digest command ----------------------------------------------------------------------


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_agreements_in_notice_and_overdue_commitments_and_sends_nothing(world):
    demo_like(world)
    output = run("--dry-run", "--date", TODAY.isoformat())
    assert mail.outbox == []
    section = output.split(f"== {world.government.name}")[1].split("==")[1]
    assert "Agreements inside their notice period (4):" in section
    assert (
        f"- Twinning with Porto — notice deadline passed {day(-45).isoformat()}, "
        f"valid until {day(45).isoformat()}"
    ) in section
    assert f"- Send the technical report — due {day(-5).isoformat()}" in section
    assert "Overdue commitments (3):" in section
    assert "Friendship with Lyon" not in output
    assert "w-viewer: no digest (digest off)." in output
    assert "w-coordinator <w-coordinator@example.org> [" in output
    assert "w-coordinator <w-coordinator@example.org> [fr]: 11 reminder(s)" in output
    assert "Dry run: nothing was sent." in output
    assert not ReminderPreference.objects.exists()


def test_dry_run_for_one_government_and_bad_arguments(world):
    demo_like(world)
    output = run("--dry-run", "--government", world.other_government.slug)
    assert "Foreign overdue commitment" in output
    assert "Twinning with Porto" not in output
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No government"):
        run("--government", "nowhere")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--date", "tomorrow")


def test_real_run_sends_one_digest_per_person_who_asked_in_their_language(world):
    demo_like(world)
    # The coordinator also belongs to the other government: still one email.
    MembershipFactory.create(
        government=world.other_government, user=world.users["coordinator"], role="coordinator"
    )
    world.users["coordinator"].preferred_language = "es"
    world.users["coordinator"].save()
    editor = world.users["editor"]
    services.set_reminder_preferences(
        world.government,
        acting_user=editor,
        user=editor,
        kinds=list(ReminderKind.values),
        scope=ReminderScope.MINE,
        email_digest=True,
    )
    # The administrator opts out.
    admin = world.users["administrator"]
    services.set_reminder_preferences(
        world.government,
        acting_user=admin,
        user=admin,
        kinds=list(ReminderKind.values),
        scope=ReminderScope.ALL,
        email_digest=False,
    )
    output = run("--date", TODAY.isoformat())
    recipients = sorted(message.to[0] for message in mail.outbox)
    # The outsider administers the other government (digest on by default, has reminders).
    assert recipients == [
        "w-coordinator@example.org",
        "w-editor@example.org",
        "w-outsider@example.org",
    ]
    assert "3 digest(s) sent" in output
    by_person = {message.to[0]: message for message in mail.outbox}
    coordinator_mail = by_person["w-coordinator@example.org"]
    assert "Twinning with Porto" in coordinator_mail.body
    assert "Foreign overdue commitment" in coordinator_mail.body  # both governments, one email
    assert world.government.name in coordinator_mail.body
    assert "http://testserver" not in coordinator_mail.body
    assert isinstance(coordinator_mail, EmailMultiAlternatives)
    html, mimetype = coordinator_mail.alternatives[0]
    assert isinstance(html, str)
    assert mimetype == "text/html"
    assert '<html lang="es">' in html
    assert "Twinning with Porto" in html
    editor_mail = by_person["w-editor@example.org"]
    assert "MoU with Rosario" in editor_mail.body
    assert "Twinning with Porto" not in editor_mail.body
    assert "Send the technical report" not in editor_mail.body
    # Recorded, audited as a command, and idempotent for the day.
    sent = ReminderPreference.objects.get(government=world.government, user=world.users["editor"])
    assert sent.last_digest_on == TODAY
    assert sent.last_sent_at is not None
    event = AuditEvent.objects.for_object(sent).filter(note="daily digest").get()
    assert event.channel == "command"
    assert (
        ReminderPreference.objects.get(government=world.government, user=admin).last_sent_at is None
    )
    mail.outbox.clear()
    assert "0 digest(s) sent" in run("--date", TODAY.isoformat())
    assert mail.outbox == []
    run("--date", TODAY.isoformat(), "--force")
    assert len(mail.outbox) == 3
    mail.outbox.clear()
    run("--date", day(1).isoformat())
    assert len(mail.outbox) == 3


def test_digest_language_follows_the_persons_preference(world):
    from django.utils import translation

    demo_like(world)
    coordinator = world.users["coordinator"]
    coordinator.preferred_language = "es"
    coordinator.save()
    run("--date", TODAY.isoformat(), "--government", world.government.slug)
    message = next(m for m in mail.outbox if m.to == ["w-coordinator@example.org"])
    with translation.override("es"):
        expected = str(ReminderKind.OVERDUE_COMMITMENT.label)
        hello = translation.gettext("Choose what you receive:")
    assert expected in message.body
    assert hello in message.body
    assert isinstance(message, EmailMultiAlternatives)
    html = message.alternatives[0][0]
    assert isinstance(html, str)
    assert '<html lang="es">' in html
    # Without a preference: the government's language (French for the test world).
    admin_message = next(m for m in mail.outbox if m.to == ["w-administrator@example.org"])
    assert isinstance(admin_message, EmailMultiAlternatives)
    admin_html = admin_message.alternatives[0][0]
    assert isinstance(admin_html, str)
    assert '<html lang="fr">' in admin_html


def test_nobody_without_reminders_or_email_gets_a_digest(world):
    commitment(world.government, "Send the technical report", due=day(-5))
    world.users["administrator"].email = ""
    world.users["administrator"].save()
    output = run("--dry-run")
    assert "w-administrator <-> [fr]: not sent (no email address)." in output
    run()
    assert [m.to for m in mail.outbox] == [["w-coordinator@example.org"]]
    assert "w-outsider" not in str([m.to for m in mail.outbox])  # nothing to remind of


def test_enqueue_runs_the_job_through_the_queue(world):
    demo_like(world)
    output = run("--enqueue", "--date", TODAY.isoformat())
    assert "Queued send_reminder_digests" in output
    assert len(mail.outbox) == 3  # the immediate backend runs the job inline
    preference = ReminderPreference.objects.get(
        government=world.government, user=world.users["coordinator"]
    )
    event = AuditEvent.objects.for_object(preference).get()
    assert event.channel == "job"


def test_user_factory_email_default():
    user = UserFactory.build(username="someone")
    assert user.email == "someone@example.org"
    assert DepartmentFactory._meta.model.__name__ == "Department"


def test_demo_preferences_are_idempotent(world):
    from lazos.demo.kit import DemoReport
    from lazos.reminders.demo import load_reminder_preferences

    editor = world.users["editor"]
    editor.username = "editor"
    editor.save()
    report = DemoReport()
    load_reminder_preferences(world.government, report)
    load_reminder_preferences(world.government, report)
    preference = ReminderPreference.objects.get(user=editor)
    assert (preference.email_digest, preference.scope) == (True, ReminderScope.MINE)
    assert len(report.created) == 1
