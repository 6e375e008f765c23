"""The search index: one row per searchable object of a government (derived data).

Rows are written by :mod:`lazos.search.indexing` whenever a partner, agreement, action, city
network or local actor changes; they are not audited (the objects themselves are). On
PostgreSQL the table also has a ``search_vector`` column (``tsvector``, kept up to date by a
trigger from ``folded_title`` and ``folded`` with the row's text-search configuration) with a
GIN index, and a trigram GIN index on ``folded_title``: both are created by the migration on
PostgreSQL only, so the model stays portable and SQLite needs nothing special.
"""

from __future__ import annotations

from typing import ClassVar

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from lazos.core.models import TenantModel
from lazos.search.choices import SearchKind
from lazos.search.querysets import SearchEntryManager


class SearchEntry(TenantModel):
    """The searchable text of one object, folded for accent- and case-insensitive search."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("kind of object")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    kind = models.CharField(_("kind"), max_length=20, choices=SearchKind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    folded_title = models.CharField(
        _("folded title"),
        max_length=400,
        help_text=_("The title in lowercase without accents (“medellin”)."),
    )
    folded = models.TextField(
        _("folded text"), help_text=_("Title and text in lowercase without accents.")
    )
    search_config = models.CharField(
        _("text-search configuration"),
        max_length=20,
        default="simple",
        help_text=_("PostgreSQL text-search configuration from the government's language."),
    )
    url = models.CharField(_("address"), max_length=300)
    object_updated_at = models.DateTimeField(_("last changed"), null=True, blank=True)

    objects: ClassVar[SearchEntryManager[SearchEntry]] = SearchEntryManager()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        ordering = ["title"]
        indexes = [
            models.Index(fields=["government", "kind"], name="searchentry_gov_kind"),
            models.Index(fields=["government", "folded_title"], name="searchentry_gov_title"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "content_type", "object_id"],
                name="searchentry_unique_object",
                violation_error_message=_("This object is already indexed."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.url
