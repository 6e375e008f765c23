from __future__ import annotations

from lazos.core.querysets import TenantQuerySet


class IatiImportQuerySet(TenantQuerySet):
    pass


class ActionPartQuerySet(TenantQuerySet):
    """Rows that belong to an action (transactions, document links, kept elements)."""
