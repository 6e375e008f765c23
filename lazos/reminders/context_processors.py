"""Context processors of the reminders app (add to TEMPLATES' context_processors)."""

from lazos.reminders.badge import reminder_count

__all__ = ["reminder_count"]
