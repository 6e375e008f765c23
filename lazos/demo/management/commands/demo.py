from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError

from lazos.core.management.base import LazosCommand
from lazos.demo.builders import demo_accounts, load_demo
from lazos.demo.kit import DEMO_PASSWORD


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
        accounts = ", ".join(demo_accounts())
        self.stdout.write(f"Demo accounts: {accounts} — password: {DEMO_PASSWORD}")
