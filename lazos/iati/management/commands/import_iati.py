"""``lazos import_iati PATH --government SLUG [--dry-run] [--publish] [--as USERNAME]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from lazos.core.management.base import LazosCommand
from lazos.iati.reader import IatiFileError
from lazos.iati.services import ImportRefused, import_file


class Command(LazosCommand):
    help = (
        "Import an IATI activity file (versions 2.01 to 2.03) into actions: an activity whose "
        "iati-identifier is already stored updates that action, the others create new ones. "
        "An invalid file is refused with every problem by element and line, and nothing is "
        "written (exit code 1); --dry-run shows what would be created or updated. Elements "
        "Lazos does not model are kept as published and exported again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The IATI XML file.")
        parser.add_argument("--government", required=True, help="The government's slug.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only show what would be done; write nothing."
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Make the imported actions public (those with a description).",
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="The coordinator or administrator the changes are recorded for.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from lazos.accounts.models import User
        from lazos.core.permissions import Operation
        from lazos.governments.models import Government, Membership
        from lazos.iati.models import ImportPolicy

        government = Government.objects.filter(slug=options["government"]).first()
        if government is None:
            raise CommandError(f"No government with the address {options['government']!r}.")
        user = None
        if options["username"]:
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"No user {options['username']!r}.")
            membership = Membership.objects.for_tenant(government).filter(user=user).first()
            if not ImportPolicy().allows(membership, Operation.ADD):
                raise CommandError(f"{user.username} may not import in {government.slug}.")
        try:
            plans = import_file(
                government,
                options["path"],
                acting_user=user,
                publish=options["publish"],
                dry_run=options["dry_run"],
            )
        except OSError as error:
            raise CommandError(f"Cannot read {options['path']!r}: {error}") from error
        except IatiFileError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(error.problems)} problems: nothing was written.", returncode=1
            ) from error
        except ImportRefused as error:
            for reason in error.reasons:
                self.stderr.write(reason)
            raise CommandError(
                f"{len(error.reasons)} problems: nothing was written.", returncode=1
            ) from error
        for plan in plans:
            self.stdout.write(
                f"{plan.operation}: {plan.identifier} “{plan.title}” — {plan.budgets} budgets, "
                f"{plan.results} indicators, {plan.partners} partners, "
                f"{plan.transactions} transactions, {plan.documents} documents"
            )
            for warning in plan.warnings:
                self.stdout.write(f"  warning: {warning}")
            if plan.kept:
                self.stdout.write(f"  kept as text: {', '.join(plan.kept)}")
        created = sum(plan.operation == "create" for plan in plans)
        updated = sum(plan.operation == "update" for plan in plans)
        if options["dry_run"]:
            self.stdout.write(
                f"Dry run: {created} to create, {updated} to update; nothing was written."
            )
            return
        self.stdout.write(self.style.SUCCESS(f"Done: {created} created, {updated} updated."))
