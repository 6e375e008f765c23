from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce

from lazos.actions.models import Action
from lazos.agreements.models import Agreement
from lazos.core.querysets import TenantQuerySet

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.partners.models import Contact, Partner, PartnerNote, PartnerRedirect  # noqa: F401


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

    def duplicate_condition(self) -> Q:
        """True for a partner with a likely duplicate in its government (same country and
        matching key, same kind and GeoNames place, or same website domain;
        lazos.partners.duplicates). Three indexed EXISTS, no join."""
        others = self.model._default_manager.filter(
            government_id=OuterRef("government_id")
        ).exclude(pk=OuterRef("pk"))
        same_name = others.filter(country=OuterRef("country"), match_key=OuterRef("match_key"))
        same_place = others.filter(kind=OuterRef("kind"), place_id=OuterRef("place_id"))
        same_domain = others.filter(website_domain=OuterRef("website_domain"))
        return (
            Q(~Q(match_key=""), Exists(same_name))
            | Q(Q(place__isnull=False), Exists(same_place))
            | Q(~Q(website_domain=""), Exists(same_domain))
        )

    def possible_duplicates(self) -> Self:
        return self.filter(self.duplicate_condition())

    def with_duplicate_flag(self) -> Self:
        """Annotate ``is_possible_duplicate`` (in the same query)."""
        return self.annotate(
            is_possible_duplicate=ExpressionWrapper(
                self.duplicate_condition(), output_field=BooleanField()
            )
        )

    # Bulk writes skip save(): derive the matching key and the domain here too.
    def bulk_create(self, objs: Iterable[Partner], *args: Any, **kwargs: Any) -> list[Partner]:
        objs = list(objs)
        for obj in objs:
            obj.refresh_match_keys()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(
        self, objs: Iterable[Partner], fields: Iterable[str], *args: Any, **kwargs: Any
    ) -> int:
        objs, fields = list(objs), list(fields)
        for obj in objs:
            obj.refresh_match_keys()
        derived = {"name": "match_key", "website": "website_domain"}
        fields += [
            derived[name] for name in fields if name in derived and derived[name] not in fields
        ]
        return super().bulk_update(objs, fields, *args, **kwargs)

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


class PartnerRedirectQuerySet(TenantQuerySet["PartnerRedirect"]):
    pass


PartnerRedirectManager = models.Manager.from_queryset(PartnerRedirectQuerySet)
