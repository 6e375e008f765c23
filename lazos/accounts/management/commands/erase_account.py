from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser

from lazos.accounts.models import User
from lazos.accounts.services import erase_account
from lazos.core.management.base import LazosCommand


class Command(LazosCommand):
    help = (
        "Close a person's account for good, on their request, once they are a member of no "
        "government: their name, email and username are replaced, the account can no longer "
        "sign in, its sign-in records go, and the values are erased from the audit events "
        "about the account. What each government held about them is erased by its "
        "administrators (Members, Personal data requests). Audited as a command."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The account's username.")

    def handle(self, *args: Any, **options: Any) -> None:
        person = User.objects.filter(username=options["username"]).first()
        if person is None:
            raise CommandError(f"No account named {options['username']!r}.")
        try:
            erase_account(person)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if options["verbosity"] >= 1:
            self.stdout.write(f"The account {options['username']!r} was erased.")
