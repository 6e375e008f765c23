"""Good practices: structured, shareable cases that other governments can learn from.

A practice belongs to the government that wrote it. Drafts are private; a published practice
is public and searchable across the instance. Other governments mark it "interested" or "we
adapted this" (``PracticeTransfer``, owned by the government that marks), which builds the
transfer log shown on the practice.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lazos.core.content import TranslatableContent
from lazos.core.models import TenantModel
from lazos.core.permissions import DepartmentPolicy
from lazos.practices.choices import PracticeStatus, TransferKind
from lazos.practices.querysets import GoodPracticeManager, PracticeTransferManager


class GoodPractice(TranslatableContent, TenantModel):
    """A structured case: the problem, what was done, results, cost and how to transfer it."""

    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(
        _("summary"),
        help_text=_("Two or three sentences: what the practice is and what it achieved."),
    )
    context = models.TextField(_("context and problem"), blank=True)
    solution = models.TextField(_("what was done"), blank=True)
    results = models.TextField(_("results"), blank=True)
    resources = models.TextField(
        _("resources and cost"),
        blank=True,
        help_text=_("People, time, money and partners it took."),
    )
    cost = models.DecimalField(
        _("approximate cost"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    transfer_conditions = models.TextField(
        _("conditions for transfer"),
        blank=True,
        help_text=_("What a city needs to adapt it: legal powers, skills, budget, partners."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_role = models.CharField(_("contact role"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    material_languages = models.JSONField(
        _("languages of the materials"),
        default=list,
        blank=True,
        help_text=_("Language codes of the documents and people available, e.g. “es”, “en”."),
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    department = models.ForeignKey(
        "governments.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    themes = models.ManyToManyField(
        "reference.Theme", blank=True, related_name="+", verbose_name=_("themes")
    )
    sdg_targets = models.ManyToManyField(
        "reference.SdgTarget", blank=True, related_name="+", verbose_name=_("SDG targets")
    )
    actions = models.ManyToManyField(
        "actions.Action",
        blank=True,
        related_name="good_practices",
        verbose_name=_("linked actions"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    search_terms = models.JSONField(
        _("search terms"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Derived from the texts at every change: their folded, stemmed words by language, "
            "which the library's search compares with a query."
        ),
    )
    attachments = GenericRelation("core.Attachment")
    audit_exclude = ("search_terms",)

    objects: ClassVar[GoodPracticeManager[GoodPractice]] = GoodPracticeManager()
    # Editors change the practices of their own departments, like actions.
    permission_policy = DepartmentPolicy()

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-published_at", "title"]
        indexes = [
            models.Index(fields=["government", "status"], name="practice_gov_status"),
            models.Index(fields=["status", "-published_at"], name="practice_published"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practices:practice-detail", args=[self.pk])

    def get_library_url(self) -> str:
        """The page every signed-in member and visitor reads (published practices only)."""
        return reverse("practices:library-detail", args=[self.pk])

    def get_public_url(self) -> str:
        """The page on the government's public site (published, portal enabled)."""
        return reverse(
            "public-practices:detail",
            kwargs={"government_slug": self.government.slug, "id": self.pk},
        )

    @property
    def is_published(self) -> bool:
        return self.status == PracticeStatus.PUBLISHED

    def owning_department_ids(self) -> list[int]:
        return [self.department_id] if self.department_id else []


class PracticeIndicator(TenantModel):
    """One result of a practice, measured: where it started and what was achieved."""

    practice = models.ForeignKey(
        GoodPractice,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("good practice"),
    )
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.CharField(_("baseline"), max_length=100, blank=True)
    achieved = models.CharField(_("achieved"), max_length=100)
    period = models.CharField(
        _("period"), max_length=60, blank=True, help_text=_("e.g. “2021–2024”.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("practice indicator")
        verbose_name_plural = _("practice indicators")
        ordering = ["practice", "position", "pk"]
        indexes = [models.Index(fields=["government", "practice"], name="practice_ind_gov")]

    def __str__(self) -> str:
        return self.name


class PracticeTransfer(TenantModel):
    """A government's mark on another government's practice: interested, or adapted.

    ``government`` is the government that marks (the learner); the practice belongs to
    another one. One mark of each kind per government and practice.
    """

    # Crosses governments on purpose (the practice is another government's): core/tenancy.py.
    cross_government_fields = ("practice",)

    practice = models.ForeignKey(
        GoodPractice,
        on_delete=models.CASCADE,
        related_name="transfers",
        verbose_name=_("good practice"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TransferKind.choices)
    note = models.TextField(
        _("note"), blank=True, help_text=_("What interests you, or what you adapted and how.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("our action"),
        help_text=_("The action of your government in which you adapted it, if any."),
    )

    objects: ClassVar[PracticeTransferManager[PracticeTransfer]] = PracticeTransferManager()

    class Meta:
        verbose_name = _("practice transfer")
        verbose_name_plural = _("practice transfers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "practice", "kind"],
                name="practice_transfer_unique",
                violation_error_message=_("Your government has already recorded this."),
            )
        ]
        indexes = [models.Index(fields=["practice", "kind"], name="practice_transfer_log")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.practice_id}"

    def get_absolute_url(self) -> str:
        return reverse("practices:transfer-list")
