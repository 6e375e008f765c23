"""The reminders' REST API, each person's own: their reminders, their notifications (and
marking them read) and their reminder preferences."""
