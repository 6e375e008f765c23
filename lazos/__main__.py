"""The ``lazos`` command: the project's ``manage.py``.

Every change a management command makes is audited with the channel "command"; web requests
switch the channel to "web" in middleware, so ``lazos runserver`` is unaffected.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lazos.settings")
    from django.core.management import execute_from_command_line

    from lazos.core.audit import Channel, set_default_channel

    set_default_channel(Channel.COMMAND)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
