from django.db import models
from django.utils.translation import gettext_lazy as _


class Criterion(models.TextChoices):
    """The six evaluation criteria (OECD DAC, 2019)."""

    RELEVANCE = "relevance", _("relevance")
    COHERENCE = "coherence", _("coherence")
    EFFECTIVENESS = "effectiveness", _("effectiveness")
    EFFICIENCY = "efficiency", _("efficiency")
    IMPACT = "impact", _("impact")
    SUSTAINABILITY = "sustainability", _("sustainability")


class Rating(models.IntegerChoices):
    UNSATISFACTORY = 1, _("unsatisfactory")
    PARTLY = 2, _("partly satisfactory")
    SATISFACTORY = 3, _("satisfactory")
    HIGHLY = 4, _("highly satisfactory")


class EvaluationKind(models.TextChoices):
    INTERNAL = "internal", _("internal")
    EXTERNAL = "external", _("external")
    JOINT = "joint", _("joint with partners")


class EvaluationStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")


class ResponseDecision(models.TextChoices):
    PENDING = "pending", _("no response yet")
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    REJECTED = "rejected", _("rejected")


class FollowUpStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


OPEN_FOLLOW_UP = frozenset({FollowUpStatus.NOT_STARTED, FollowUpStatus.IN_PROGRESS})
