from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db import models

from lazos.core.querysets import TenantQuerySet

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.iati.models import IatiImport  # noqa: F401


_M = TypeVar("_M", bound=models.Model)


class IatiImportQuerySet(TenantQuerySet["IatiImport"]):
    pass


class ActionPartQuerySet(TenantQuerySet[_M]):
    """Rows that belong to an action (transactions, document links, kept elements)."""


IatiImportManager = models.Manager.from_queryset(IatiImportQuerySet)
ActionPartManager = models.Manager.from_queryset(ActionPartQuerySet)
