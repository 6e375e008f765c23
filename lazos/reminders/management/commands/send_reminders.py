"""``lazos send_reminders [--dry-run] [--government SLUG] [--date YYYY-MM-DD] [--force]
[--enqueue]``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone, translation

from lazos.core.management.base import LazosCommand
from lazos.governments.models import Government
from lazos.reminders.choices import ReminderKind
from lazos.reminders.collect import collect_for_government
from lazos.reminders.digest import plan_digests, send_digests
from lazos.reminders.jobs import send_reminder_digests


class Command(LazosCommand):
    help = (
        "Send the daily reminder digest: one email per person, covering every government "
        "where they asked for it (on by default for administrators and coordinators), in "
        "their preferred language, listing agreements inside their notice period, overdue "
        "commitments, indicator updates due, national registrations pending and overdue "
        "recommendations. People without reminders get nothing; a second run the same day "
        "sends nothing unless --force. --dry-run lists each government's reminders and who "
        "would receive which digest, and sends nothing. In production schedule it daily "
        "through the job queue: e.g. a cron line or systemd timer running "
        "`lazos send_reminders --enqueue` at 06:00, with `lazos db_worker` running "
        "(TASKS_BACKEND=database); with the default immediate backend the job runs inline. "
        "Changes are audited with the channel “command” (“job” when enqueued)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be sent; send nothing."
        )
        parser.add_argument("--government", help="Only this government (its slug).")
        parser.add_argument(
            "--date", help="The day of the digest, YYYY-MM-DD (default: today).", default=None
        )
        parser.add_argument(
            "--force", action="store_true", help="Send even to people who got today's digest."
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the job send_reminder_digests instead of sending from this process.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as error:
            raise CommandError(f"--date must be YYYY-MM-DD, not {options['date']!r}.") from error
        today = today or timezone.localdate()
        governments = None
        if options["government"]:
            governments = list(Government.objects.filter(slug=options["government"]))
            if not governments:
                raise CommandError(f"No government with the address {options['government']!r}.")

        if options["enqueue"]:
            if options["dry_run"]:
                raise CommandError("--enqueue and --dry-run cannot be used together.")
            result = send_reminder_digests.enqueue(
                today.isoformat(), options["government"], options["force"]
            )
            self.stdout.write(
                f"Queued send_reminder_digests for {today.isoformat()} ({result.id})."
            )
            return

        plan = plan_digests(today, governments=governments, force=options["force"])
        if options["dry_run"]:
            with translation.override("en"):
                self._describe(plan, governments, collect_for_government)
            self.stdout.write("Dry run: nothing was sent.")
            return
        sent, failures = send_digests(plan)
        for failure in failures:
            self.stderr.write(f"Failed: {failure}")
        self.stdout.write(
            self.style.SUCCESS(f"{sent} digest(s) sent for {today.isoformat()}.")
            if not failures
            else f"{sent} digest(s) sent for {today.isoformat()}, {len(failures)} failed."
        )
        if failures:
            raise CommandError(f"{len(failures)} digest(s) could not be sent.", returncode=1)

    def _describe(self, plan: Any, governments: Any, collect_for_government: Any) -> None:
        write = self.stdout.write
        for government in governments or Government.objects.order_by("name"):
            reminders = collect_for_government(government, today=plan.today)
            write(f"== {government.name} ({government.slug}) — {plan.today.isoformat()} ==")
            if not reminders.groups:
                write("  No reminders.")
            for group in reminders.groups:
                write(f"  {ReminderKind(group.kind).label} ({group.count}):")
                for reminder in group.reminders:
                    write(f"    - {reminder.title} — {_dates(reminder)}")
            for membership, reason in plan.skipped_members:
                if membership.government_id == government.pk:
                    write(f"  {membership.user.username}: no digest ({reason}).")
        write("== Digests ==")
        if not plan.digests:
            write("  Nobody asked for the digest.")
        for digest in plan.digests:
            counts = "; ".join(
                f"{section.government.slug} ("
                + ", ".join(f"{g.count} {g.kind.replace('_', ' ')}" for g in section.groups)
                + ")"
                for section in digest.sections
            )
            if digest.notifications:
                counts += f"; {len(digest.notifications)} notification(s)"
            who = f"{digest.user.username} <{digest.user.email or '-'}> [{digest.language}]"
            if digest.skipped:
                write(f"  {who}: not sent ({digest.skipped}).")
            else:
                write(f"  {who}: {digest.total} reminder(s) — {counts}")


def _dates(reminder: Any) -> str:
    if reminder.kind == ReminderKind.AGREEMENT_EXPIRY:
        if reminder.state == "past_expiry":
            return f"ended {reminder.ends_on.isoformat()}, still in force"
        label = "notice deadline passed" if reminder.state == "notice_passed" else "notice deadline"
        return f"{label} {reminder.due.isoformat()}, valid until {reminder.ends_on.isoformat()}"
    if reminder.kind == ReminderKind.REGISTRATION_PENDING:
        return f"registration {reminder.state}"
    return f"due {reminder.due.isoformat()}" if reminder.due else "no date"
