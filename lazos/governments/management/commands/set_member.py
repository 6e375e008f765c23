from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser

from lazos.core.management.base import LazosCommand
from lazos.governments import services
from lazos.governments.choices import Role
from lazos.governments.models import Department, Government, Membership


class Command(LazosCommand):
    help = (
        "Give a person a role in a government: adds them (creating their account and emailing "
        "an invitation when needed) or changes the role they have. Audited as a command."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("government", help="The government's slug (address).")
        parser.add_argument("email", help="The person's email.")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--department",
            action="append",
            default=[],
            help="For editors: a department name (repeat for several).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            government = Government.objects.get(slug=options["government"])
        except Government.DoesNotExist as error:
            raise CommandError(
                f"No government with the address {options['government']!r}."
            ) from error
        departments = []
        for name in options["department"]:
            department = Department.objects.for_tenant(government).filter(name__iexact=name).first()
            if department is None:
                raise CommandError(f"No department named {name!r} in {government.slug}.")
            departments.append(department)
        membership = (
            Membership.objects.for_tenant(government)
            .select_related("user")
            .filter(user__email__iexact=options["email"])
            .first()
        )
        try:
            if membership is None:
                membership, created = services.invite_member(
                    government,
                    acting_user=None,
                    email=options["email"],
                    role=options["role"],
                    departments=departments,
                )
                what = "invited (new account)" if created else "added"
            else:
                services.change_member_role(
                    membership, acting_user=None, role=options["role"], departments=departments
                )
                what = "updated"
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"{options['email']} {what}: {options['role']} in {government.slug}.")
