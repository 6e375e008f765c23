"""Local actors: the territory's civil society, academia, private sector, diaspora, media."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lazos.actors.choices import ActorKind
from lazos.actors.querysets import LocalActorManager
from lazos.core.models import TenantModel


class LocalActor(TenantModel):
    """An organisation of the territory that takes part in the government's action abroad."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=ActorKind.choices)
    description = models.TextField(_("description"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    tags = models.ManyToManyField("core.Tag", blank=True, related_name="+", verbose_name=_("tags"))

    objects: ClassVar[LocalActorManager[LocalActor]] = LocalActorManager()

    class Meta:
        verbose_name = _("local actor")
        verbose_name_plural = _("local actors")
        ordering = ["name"]
        indexes = [models.Index(fields=["government", "name"], name="actor_gov_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "external_id"],
                condition=~Q(external_id=""),
                name="actor_unique_external_id",
                violation_error_message=_("Another local actor already has this external id."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actors:actor-detail", args=[self.pk])
