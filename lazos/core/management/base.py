from typing import Any

from django.core.management.base import BaseCommand

from lazos.core.audit import Channel, channel


class LazosCommand(BaseCommand):
    """A management command whose changes are audited with the channel "command"."""

    def execute(self, *args: Any, **options: Any) -> Any:
        with channel(Channel.COMMAND):
            return super().execute(*args, **options)
