"""Background jobs of the reminders app."""

from __future__ import annotations

from typing import Any

from lazos.core.jobs import job


@job
def send_reminder_digests(
    day: str | None = None, government_slug: str | None = None, force: bool = False
) -> dict[str, Any]:
    """Send the daily digests (``lazos send_reminders --enqueue`` queues this job; production
    runs the command daily from cron or a systemd timer). Returns a summary."""
    from datetime import date

    from django.utils import timezone

    from lazos.governments.models import Government
    from lazos.reminders.digest import plan_digests, send_digests

    today = date.fromisoformat(day) if day else timezone.localdate()
    governments = list(Government.objects.filter(slug=government_slug)) if government_slug else None
    plan = plan_digests(today, governments=governments, force=force)
    sent, failures = send_digests(plan)
    return {"day": today.isoformat(), "sent": sent, "failures": failures}
