"""Builders of this app's objects for the generic tests (registered on import)."""

from __future__ import annotations

import factory

from lazos.core.testing.builders import register_builder
from lazos.governments.models import Government
from lazos.spreadsheets.choices import ImportKind, ImportStatus
from lazos.spreadsheets.models import ImportRun


class ImportRunFactory(factory.django.DjangoModelFactory[ImportRun]):
    class Meta:
        model = ImportRun

    kind = ImportKind.ACTIONS
    original_name = factory.Sequence(lambda n: f"actions-{n}.csv")
    # A stored name only: pages that show an import never open its file.
    file = factory.LazyAttribute(lambda o: f"imports/examples/{o.original_name}")
    status = ImportStatus.PREVIEWED
    to_create = 1
    total = 1


@register_builder(ImportRun)
def _build_import_run(government: Government) -> ImportRun:
    return ImportRunFactory.create(government=government)
