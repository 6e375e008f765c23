from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from lazos.actions.models import Action
from lazos.agreements.models import Agreement
from lazos.core.querysets import TenantQuerySet

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.partners.models import Contact, Partner, PartnerNote  # noqa: F401


def _count_through(through: type[models.Model], owner_field: str) -> Coalesce:
    """Count rows of a many-to-many table pointing at the outer partner (one subquery)."""
    rows = (
        through._default_manager.filter(**{owner_field: OuterRef("pk")})
        .order_by()
        .values(owner_field)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


class PartnerQuerySet(TenantQuerySet["Partner"]):
    def active(self) -> Self:
        return self.filter(is_active=True)

    def with_related(self) -> Self:
        return self.select_related("place").prefetch_related("tags")

    def with_counts(self) -> Self:
        """Annotate ``agreement_count`` and ``action_count`` (one subquery each, no join)."""

        return self.annotate(
            agreement_count=_count_through(Agreement.partners.through, "partner_id"),
            action_count=_count_through(Action.partners.through, "partner_id"),
        )


class ContactQuerySet(TenantQuerySet["Contact"]):
    pass


class PartnerNoteQuerySet(TenantQuerySet["PartnerNote"]):
    def with_related(self) -> Self:
        return self.select_related("author", "department")


PartnerManager = models.Manager.from_queryset(PartnerQuerySet)
ContactManager = models.Manager.from_queryset(ContactQuerySet)
PartnerNoteManager = models.Manager.from_queryset(PartnerNoteQuerySet)
