from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError

from lazos.core.management.base import LazosCommand
from lazos.demo.builders import DEMO_PASSWORD, DEMO_USERS, load_demo
from lazos.demo.peers import PEER_USERS


class Command(LazosCommand):
    help = "Load the demo: three fictional governments, departments and one account per role."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_demo()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        if report.created:
            self.stdout.write(f"Demo loaded: {len(report.created)} objects created.")
        else:
            self.stdout.write("Demo already loaded: nothing changed.")
        accounts = ", ".join(username for username, *_ in (*DEMO_USERS, *PEER_USERS))
        self.stdout.write(f"Demo accounts: {accounts} — password: {DEMO_PASSWORD}")
