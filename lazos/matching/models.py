"""The peer profile: what other governments may know of a government's work, precomputed.

One row per government, derived from its *public* data only (public actions, published good
practices, public network memberships): the counts of its themes, SDG targets and kinds of
action, the places its public actions name, the keys of its networks and the stems of its
public texts. The peer pages read these rows instead of every public action of the instance
(:mod:`lazos.matching.engine`); :mod:`lazos.matching.profiles` builds them.

A profile is derived data, not audited (the objects it is read from are). Every audited
change to a government's actions, practices, partners, networks or profile counts one more
change (``changes``); a profile built from fewer changes than recorded is stale, and is built
again by a job, or by the next peer page that reads it, whichever comes first.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from lazos.core.models import TenantModel

PROFILE_FORMAT = 1  # change when what a profile holds changes: every profile is then stale


class PeerProfile(TenantModel):
    """A government's public work, counted and stemmed for peer matching."""

    government = models.OneToOneField(
        "governments.Government",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("government"),
    )
    changes = models.PositiveIntegerField(
        _("changes recorded"),
        default=0,
        help_text=_("Audited changes to the government's public work since it was first built."),
    )
    built_from = models.PositiveIntegerField(
        _("built from changes"),
        default=0,
        help_text=_("The number of changes recorded when the profile was last built."),
    )
    version = models.PositiveSmallIntegerField(
        _("format"), default=0, help_text=_("The format of the profile when it was built.")
    )
    built_at = models.DateTimeField(_("built"), null=True, blank=True)
    facts: models.JSONField[Any] = models.JSONField(
        _("counts"),
        default=dict,
        blank=True,
        help_text=_(
            "Themes, SDG targets and kinds of its public actions and published practices, the "
            "places its public actions name, its public networks."
        ),
    )
    words: models.JSONField[Any] = models.JSONField(
        _("words"),
        default=dict,
        blank=True,
        help_text=_("Per language: number of public texts, stem → number of texts, norm."),
    )
    texts: models.JSONField[Any] = models.JSONField(
        _("texts"),
        default=list,
        blank=True,
        help_text=_("Its public texts (kind, id, title, language, stems per language)."),
    )

    class Meta:
        verbose_name = _("peer profile")
        verbose_name_plural = _("peer profiles")
        ordering = ["government"]

    def __str__(self) -> str:
        return str(_("Peer profile %(id)s") % {"id": self.government_id})

    @property
    def is_stale(self) -> bool:
        return self.built_from < self.changes or self.version != PROFILE_FORMAT
