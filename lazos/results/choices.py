from django.db import models
from django.utils.translation import gettext_lazy as _


class Measure(models.TextChoices):
    """How an indicator is measured (maps to the IATI IndicatorMeasure codelist)."""

    NUMBER = "number", _("number")
    PERCENTAGE = "percentage", _("percentage")
    QUALITATIVE = "qualitative", _("qualitative (rubric)")


IATI_MEASURE = {Measure.NUMBER: "1", Measure.PERCENTAGE: "2", Measure.QUALITATIVE: "5"}


class ResultType(models.TextChoices):
    """The level of the result an indicator measures (IATI ResultType codes)."""

    OUTPUT = "1", _("output")
    OUTCOME = "2", _("outcome")
    IMPACT = "3", _("impact")
    OTHER = "9", _("other")


class RollupRule(models.TextChoices):
    """How the values of linked action indicators make an objective indicator's value."""

    NONE = "none", _("no roll-up: updated directly")
    SUM = "sum", _("sum of the linked indicators")
    AVERAGE = "average", _("average of the linked indicators")
    LATEST = "latest", _("latest value among the linked indicators")


class UpdateStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned")


class Dimension(models.TextChoices):
    """Standard disaggregation dimensions; indicators may add custom ones by name."""

    SEX = "sex", _("sex")
    AGE_GROUP = "age_group", _("age group")


SEX_CATEGORIES = (
    ("female", _("female")),
    ("male", _("male")),
    ("other", _("other / not stated")),
)
AGE_GROUPS = (
    ("0-14", _("0–14 years")),
    ("15-24", _("15–24 years")),
    ("25-64", _("25–64 years")),
    ("65+", _("65 years and over")),
)


def dimension_label(dimension: str) -> str:
    """A dimension as a person reads it: a standard one's label, a custom one's own name."""
    return str(dict(Dimension.choices).get(dimension, dimension))


def category_label(dimension: str, category: str) -> str:
    """A category of a standard dimension by its label (``female``: "female", translated)."""
    standard = {Dimension.SEX.value: SEX_CATEGORIES, Dimension.AGE_GROUP.value: AGE_GROUPS}
    return str(dict(standard.get(dimension, ())).get(category, category))
