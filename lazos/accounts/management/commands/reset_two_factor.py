from typing import Any

from django.core.management.base import CommandError, CommandParser

from lazos.accounts.models import User
from lazos.accounts.services import reset_two_factor
from lazos.core.management.base import LazosCommand
from lazos.governments.models import Government


class Command(LazosCommand):
    help = (
        "Reset a member's two-factor sign-in (a lost phone when no other administrator can do "
        "it from the member's page): removes their authenticator and recovery codes and ends "
        "their sessions; they set it up again at their next sign-in. Audited as a command."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("government", help="The government's slug (address).")
        parser.add_argument("username", help="The member's username.")

    def handle(self, *args: Any, **options: Any) -> None:
        government = Government.objects.filter(slug=options["government"]).first()
        if government is None:
            raise CommandError(f"No government with the address {options['government']!r}.")
        person = User.objects.filter(username=options["username"]).first()
        if person is None or not person.memberships.filter(government=government).exists():
            raise CommandError(f"{options['username']!r} is not a member of {government.slug}.")
        reset_two_factor(government, person, acting_user=None)
        self.stdout.write(
            f"Two-factor sign-in of {person.username} reset: they set it up at their next sign-in."
        )
