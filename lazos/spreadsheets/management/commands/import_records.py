"""``lazos import_records PATH --government SLUG --kind actions [--dry-run]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from lazos.accounts.models import User
from lazos.core.audit import Channel, channel
from lazos.core.management.base import LazosCommand
from lazos.core.permissions import Operation, policy_for
from lazos.governments.models import Government, Membership
from lazos.spreadsheets.choices import ImportKind
from lazos.spreadsheets.importers import ImportRefused, RowError, apply, guess_kind, importer_for
from lazos.spreadsheets.readers import SpreadsheetError, read_spreadsheet


class Command(LazosCommand):
    help = (
        "Import partners, agreements or actions from a CSV or XLSX file. Shows what the import "
        "would do (rows to create, update, unchanged) and every error by row and column; "
        "writes nothing with --dry-run or when there are errors (exit code 1). Rows with an "
        "external id already used update that record; rows without one create new records. "
        "Audited with the channel “import”."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The .csv or .xlsx file.")
        parser.add_argument("--government", required=True, help="The government's slug.")
        parser.add_argument(
            "--kind",
            choices=ImportKind.values,
            help="What the file holds; guessed from the headers when left out.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only show what would be done; write nothing."
        )
        parser.add_argument(
            "--blank-clears",
            action="store_true",
            help="Empty cells clear the stored values (by default they leave them alone).",
        )
        parser.add_argument(
            "--on-match",
            choices=("create", "link"),
            default="create",
            help=(
                "For a row that would create a partner matching existing ones (listed in the "
                "output): create it all the same (default), or link the row to the best "
                "match (its data fills that partner's empty fields)."
            ),
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="The member the changes are recorded for (their role and departments apply).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            government = Government.objects.get(slug=options["government"])
        except Government.DoesNotExist as error:
            raise CommandError(
                f"No government with the address {options['government']!r}."
            ) from error
        try:
            sheet = read_spreadsheet(options["path"])
        except FileNotFoundError as error:
            raise CommandError(f"No file {options['path']!r}.") from error
        except SpreadsheetError as error:
            raise CommandError("; ".join(error.messages)) from error
        kind = options["kind"] or guess_kind(sheet.headers)
        if kind is None:
            raise CommandError(
                "Cannot tell from the headers what the file holds: give --kind "
                f"({'|'.join(ImportKind.values)})."
            )
        importer = importer_for(kind)
        user = membership = None
        if options["username"]:
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"No user {options['username']!r}.")
            membership = (
                Membership.objects.for_tenant(government)
                .filter(user=user)
                .prefetch_related("departments")
                .first()
            )
            if membership is None or not policy_for(importer.model).allows(
                membership, Operation.ADD
            ):
                raise CommandError(f"{user.username} may not import {kind} in {government.slug}.")

        preview = importer.plan(
            government, sheet, blank_clears=options["blank_clears"], membership=membership
        )
        self.stdout.write(
            f"{options['path']}: {len(sheet.rows)} rows of {kind} for {government.slug}."
        )
        if preview.ignored_headers:
            self.stdout.write(f"Ignored columns: {', '.join(preview.ignored_headers)}")
        self.stdout.write(preview.summary())
        for row in preview.matched:
            likes = [f"{m['name']} (#{m['id']}: {', '.join(m['reasons'])})" for m in row.matches]
            if row.same_in_file:
                likes.append(f"rows {', '.join(str(n) for n in row.same_in_file)} of this file")
            self.stdout.write(f"Row {row.number} ({row.label}) looks like: {'; '.join(likes)}")
        if options["on_match"] == "link" and not preview.errors:
            links = {row.number: row.matches[0]["id"] for row in preview.matched if row.matches}
            preview = importer.plan(
                government,
                sheet,
                blank_clears=options["blank_clears"],
                membership=membership,
                links=links,
            )
            self.stdout.write(
                f"Linked to existing partners: {len(links)} rows. {preview.summary()}"
            )
        if preview.errors:
            self._errors(preview.errors)
            raise CommandError(f"{len(preview.errors)} errors: nothing was written.", returncode=1)
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
            return

        def progress(processed: int, total: int) -> None:
            self.stdout.write(f"applied {processed}/{total}")
            self.stdout.flush()

        try:
            with channel(Channel.IMPORT):
                result = apply(preview, acting_user=user, progress=progress)
        except ImportRefused as refused:
            self._errors(refused.row_errors)
            raise CommandError(
                f"{len(refused.row_errors)} errors: nothing was written.", returncode=1
            ) from refused
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )

    def _errors(self, errors: list[RowError]) -> None:
        for error in errors:
            self.stderr.write(str(error))
