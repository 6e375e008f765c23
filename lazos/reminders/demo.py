"""Demo reminder preferences: the demo editor asks for the daily digest of their departments'
work (coordinators and administrators receive it by default, viewers do not)."""

from __future__ import annotations

from lazos.demo.kit import DemoReport, demo_step
from lazos.governments.choices import Role
from lazos.governments.models import Government, Membership
from lazos.reminders import services
from lazos.reminders.choices import ReminderKind, ReminderScope
from lazos.reminders.models import ReminderPreference


@demo_step(order=90)
def load_reminder_preferences(government: Government, report: DemoReport) -> None:
    """Idempotent: a member who already has preferences keeps them."""
    editors = (
        Membership.objects.for_tenant(government)
        .filter(role=Role.EDITOR, user__username="editor")
        .select_related("user")
    )
    for membership in editors:
        user = membership.user
        if ReminderPreference.objects.for_tenant(government).filter(user=user).exists():
            continue
        services.set_reminder_preferences(
            government,
            acting_user=user,
            user=user,
            kinds=list(ReminderKind.values),
            scope=ReminderScope.MINE,
            email_digest=True,
        )
        report.add(f"{government.slug}: reminder preferences of {user.username}")
