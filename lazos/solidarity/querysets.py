"""Scoping of the solidarity board.

An emergency is seen by the affected government and by the governments tied to it
(:mod:`lazos.solidarity.ties`); an offer only by the government that made it and the affected
government. These are the only ways rows of another government reach a page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Q

from lazos.core.querysets import TenantQuerySet
from lazos.solidarity.choices import EmergencyStatus, NeedStatus, OfferStatus
from lazos.solidarity.ties import tied_governments

if TYPE_CHECKING:
    from lazos.governments.models import Government

    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.solidarity.models import Emergency, Need, Offer  # noqa: F401
    from lazos.solidarity.ties import Tie


def _visible_ids(government: Government, ties: Mapping[int, Tie] | None) -> set[int]:
    if ties is None:
        ties = tied_governments(government)
    return {government.pk, *ties}


class EmergencyQuerySet(TenantQuerySet["Emergency"]):
    def open(self) -> Self:
        return self.filter(status=EmergencyStatus.OPEN)

    def closed(self) -> Self:
        return self.filter(status=EmergencyStatus.CLOSED)

    def visible_to(self, government: Government, *, ties: Mapping[int, Tie] | None = None) -> Self:
        """Emergencies of ``government`` and of the governments tied to it (pass ``ties``
        when they are already computed)."""
        return self.filter(government_id__in=_visible_ids(government, ties))


class NeedQuerySet(TenantQuerySet["Need"]):
    def open(self) -> Self:
        return self.filter(status=NeedStatus.OPEN)

    def visible_to(self, government: Government, *, ties: Mapping[int, Tie] | None = None) -> Self:
        """Needs of the emergencies ``government`` may see."""
        return self.filter(government_id__in=_visible_ids(government, ties))


class OfferQuerySet(TenantQuerySet["Offer"]):
    def involving(self, government: Government) -> Self:
        """Offers a government may see: those it made, and those made to its emergencies."""
        return self.filter(Q(government=government) | Q(need__government=government))

    def made_to(self, government: Government) -> Self:
        """Offers made for the needs of ``government`` (which it accepts or declines)."""
        return self.filter(need__government=government)

    def pending(self) -> Self:
        return self.filter(status=OfferStatus.OFFERED)


EmergencyManager = models.Manager.from_queryset(EmergencyQuerySet)
NeedManager = models.Manager.from_queryset(NeedQuerySet)
OfferManager = models.Manager.from_queryset(OfferQuerySet)
