"""Every write to the results framework: indicators, periods and targets, target revisions,
and indicator updates through their approval path.

An update goes draft → submitted → approved, or submitted → returned (with a reason) → edited
→ submitted again. Each step is one audited change of the update, whose note says what
happened, so the update's History tab tells the whole path with who and when.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lazos.core import audit
from lazos.core.attachments import check_file
from lazos.core.events import notify
from lazos.core.services import assign, delete_audited
from lazos.core.tenancy import require_same_government
from lazos.governments.choices import Role
from lazos.governments.models import Membership
from lazos.results.choices import (
    AGE_GROUPS,
    SEX_CATEGORIES,
    Dimension,
    Measure,
    RollupRule,
    UpdateStatus,
)
from lazos.results.events import UPDATE_APPROVED, UPDATE_RETURNED, UPDATE_SUBMITTED
from lazos.results.models import (
    Indicator,
    IndicatorPeriod,
    IndicatorUpdate,
    TargetRevision,
    UpdateDisaggregation,
)

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.governments.models import Government

INDICATOR_FIELDS = (
    "objective",
    "action",
    "contributes_to",
    "rollup_rule",
    "title",
    "description",
    "result_title",
    "result_type",
    "measure",
    "unit",
    "rubric",
    "ascending",
    "baseline_value",
    "baseline_year",
    "baseline_comment",
    "disaggregations",
    "update_every_months",
    "department",
    "is_public",
    "position",
)
PERIOD_FIELDS = ("start", "end", "target_value", "target_comment")
UPDATE_FIELDS = ("value", "qualitative_value", "narrative")

STANDARD_CATEGORIES: dict[str, tuple[str, ...]] = {
    Dimension.SEX: tuple(code for code, _label in SEX_CATEGORIES),
    Dimension.AGE_GROUP: tuple(code for code, _label in AGE_GROUPS),
}
REVIEWER_ROLES = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR})

Disaggregation = tuple[str, str, Any]


def _own(government_id: int, field: str, related: Model | None) -> None:
    require_same_government(government_id, field, related)


def normalize_dimensions(dimensions: Iterable[str] | None) -> list[str]:
    """Clean dimension names: trimmed, lower case, without repeats, in the given order."""
    seen: list[str] = []
    for name in dimensions or ():
        clean = " ".join(str(name).split()).lower()[:60]
        if clean and clean not in seen:
            seen.append(clean)
    return seen


# --- Indicators ------------------------------------------------------------------------------


def _check_indicator(government_id: int, indicator: Indicator) -> None:
    for name in ("objective", "action", "contributes_to", "department"):
        _own(government_id, name, getattr(indicator, name))
    if indicator.measure == Measure.QUALITATIVE and indicator.rollup_rule in (
        RollupRule.SUM,
        RollupRule.AVERAGE,
    ):
        raise ValidationError(
            {"rollup_rule": _("A qualitative indicator can only take the latest linked value.")}
        )
    if indicator.measure == Measure.QUALITATIVE and indicator.baseline_value is not None:
        raise ValidationError(
            {"baseline_value": _("A qualitative indicator has no numeric baseline.")}
        )
    if indicator.pk and indicator.contributes_to_id == indicator.pk:
        raise ValidationError({"contributes_to": _("An indicator cannot roll up to itself.")})


@transaction.atomic
def create_indicator(government: Government, *, acting_user: User, **values: Any) -> Indicator:
    """Create an indicator on one objective or one action of ``government``."""
    if "disaggregations" in values:
        values["disaggregations"] = normalize_dimensions(values["disaggregations"])
    indicator = Indicator(government=government)
    with audit.recording(indicator, actor=acting_user):
        assign(indicator, INDICATOR_FIELDS, values)
        _check_indicator(government.pk, indicator)
        indicator.full_clean()
        indicator.save()
    return indicator


@transaction.atomic
def update_indicator(indicator: Indicator, *, acting_user: User, **values: Any) -> Indicator:
    """Change an indicator. Its measure cannot change once values were reported or other
    indicators roll up to it: they would no longer mean the same thing."""
    if "disaggregations" in values:
        values["disaggregations"] = normalize_dimensions(values["disaggregations"])
    stored = Indicator.objects.get(pk=indicator.pk)
    if "measure" in values and values["measure"] != stored.measure:
        reported = IndicatorUpdate.objects.filter(period__indicator=indicator).exists()
        if reported or stored.contributions.exists():
            raise ValidationError(
                {
                    "measure": _(
                        "The measure cannot change once values were reported or other "
                        "indicators roll up to this one."
                    )
                }
            )
    with audit.recording(indicator, actor=acting_user):
        assign(indicator, INDICATOR_FIELDS, values)
        _check_indicator(indicator.government_id, indicator)
        if indicator.objective_id is None and indicator.contributions.exists():
            raise ValidationError(
                {"objective": _("Other indicators roll up to this one: keep it on an objective.")}
            )
        indicator.full_clean()
        indicator.save()
    return indicator


@transaction.atomic
def delete_indicator(indicator: Indicator, *, acting_user: User) -> None:
    """Delete an indicator with its periods, updates and revisions; the action indicators that
    rolled up to it stay, unlinked."""
    delete_audited(indicator, acting_user=acting_user)


# --- Periods and targets ---------------------------------------------------------------------


def _check_period(period: IndicatorPeriod) -> None:
    period.full_clean()
    overlapping = (
        IndicatorPeriod.objects.for_tenant(period.government_id)
        .filter(indicator_id=period.indicator_id)
        .overlapping(period.start, period.end)
        .exclude(pk=period.pk)
    )
    if overlapping.exists():
        raise ValidationError(_("This period overlaps another period of the indicator."))
    indicator = period.indicator
    if indicator.measure == Measure.QUALITATIVE:
        if period.target_value is not None:
            raise ValidationError(
                {"target_value": _("A qualitative indicator's target is a rubric level.")}
            )
        if period.target_comment and period.target_comment not in indicator.rubric_levels:
            raise ValidationError(
                {"target_comment": _("Choose one of the levels of the indicator's rubric.")}
            )
    elif (
        indicator.measure == Measure.PERCENTAGE
        and period.target_value is not None
        and not Decimal(0) <= period.target_value <= Decimal(100)
    ):
        raise ValidationError({"target_value": _("A percentage is between 0 and 100.")})


@transaction.atomic
def add_period(indicator: Indicator, *, acting_user: User, **values: Any) -> IndicatorPeriod:
    """Add a reporting period, with its first target, to ``indicator``."""
    period = IndicatorPeriod(government_id=indicator.government_id, indicator=indicator)
    with audit.recording(period, actor=acting_user):
        assign(period, PERIOD_FIELDS, values)
        _check_period(period)
        period.save()
    return period


@transaction.atomic
def update_period(period: IndicatorPeriod, *, acting_user: User, **values: Any) -> IndicatorPeriod:
    """Change a period's dates or target note. Its target changes only through
    :func:`revise_target`, which keeps who, when and why."""
    if "target_value" in values:
        new = values.pop("target_value")
        if _decimal_or_none(new) != period.target_value:
            raise ValidationError(
                {"target_value": _("Change a target by revising it, with the reason.")}
            )
    with audit.recording(period, actor=acting_user):
        assign(period, ("start", "end", "target_comment"), values)
        _check_period(period)
        period.save()
    return period


@transaction.atomic
def delete_period(period: IndicatorPeriod, *, acting_user: User) -> None:
    if period.updates.filter(status=UpdateStatus.APPROVED).exists():
        raise ValidationError(_("A period with approved values cannot be deleted."))
    delete_audited(period, acting_user=acting_user)


def _decimal_or_none(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValidationError(_("Enter a number.")) from None


@transaction.atomic
def revise_target(
    period: IndicatorPeriod,
    *,
    acting_user: User,
    new_value: Any,
    reason: str,
    target_comment: str | None = None,
) -> TargetRevision:
    """Change a period's target, recording the previous and new values, who and why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the target changes.")})
    new = _decimal_or_none(new_value)
    previous = period.target_value
    comment_changes = target_comment is not None and target_comment != period.target_comment
    if new == previous and not comment_changes:
        raise ValidationError({"new_value": _("The new target is the same as the current one.")})
    with audit.recording(period, actor=acting_user, note=reason):
        period.target_value = new
        if target_comment is not None:
            period.target_comment = target_comment
        _check_period(period)
        period.save()
    revision = TargetRevision(
        government_id=period.government_id,
        period=period,
        previous_value=previous,
        new_value=new,
        reason=reason,
        revised_by=acting_user,
    )
    with audit.recording(revision, actor=acting_user, note=reason):
        revision.full_clean()
        revision.save()
    return revision


# --- Indicator updates -----------------------------------------------------------------------


def _check_disaggregations(
    indicator: Indicator, rows: Sequence[Disaggregation]
) -> list[tuple[str, str, Decimal]]:
    declared = set(indicator.disaggregations or [])
    clean: list[tuple[str, str, Decimal]] = []
    seen: set[tuple[str, str]] = set()
    for dimension, category, value in rows:
        dimension = str(dimension).strip()
        category = " ".join(str(category).split())
        if dimension not in declared:
            raise ValidationError(
                _("“%(dimension)s” is not a disaggregation of this indicator."),
                params={"dimension": dimension},
            )
        allowed = STANDARD_CATEGORIES.get(dimension)
        if allowed is not None and category not in allowed:
            raise ValidationError(
                _("“%(category)s” is not a category of “%(dimension)s”: use %(allowed)s."),
                params={
                    "category": category,
                    "dimension": dimension,
                    "allowed": ", ".join(allowed),
                },
            )
        if not category or len(category) > 60:
            raise ValidationError(
                _("Name each category of “%(dimension)s” (60 characters at most)."),
                params={"dimension": dimension},
            )
        if (dimension, category) in seen:
            raise ValidationError(
                _("“%(category)s” of “%(dimension)s” is given twice."),
                params={"category": category, "dimension": dimension},
            )
        seen.add((dimension, category))
        number = _decimal_or_none(value)
        if number is None:
            continue
        if number < 0:
            raise ValidationError(_("Disaggregated values cannot be negative."))
        clean.append((dimension, category, number))
    return clean


def _check_value(update: IndicatorUpdate, indicator: Indicator) -> None:
    if indicator.measure == Measure.QUALITATIVE:
        if update.value is not None:
            raise ValidationError({"value": _("A qualitative indicator takes a rubric level.")})
        if update.qualitative_value not in indicator.rubric_levels:
            raise ValidationError(
                {"qualitative_value": _("Choose one of the levels of the indicator's rubric.")}
            )
        return
    if update.qualitative_value:
        raise ValidationError(
            {"qualitative_value": _("Only a qualitative indicator takes a rubric level.")}
        )
    if update.value is None:
        raise ValidationError({"value": _("Enter the value reached.")})
    if indicator.measure == Measure.PERCENTAGE and not Decimal(0) <= update.value <= Decimal(100):
        raise ValidationError({"value": _("A percentage is between 0 and 100.")})


def _set_evidence(update: IndicatorUpdate, evidence: UploadedFile | None) -> None:
    if evidence is None:
        return
    check_file(evidence)
    update.evidence = evidence
    update.evidence_name = (evidence.name or "evidence")[:255]


def _write_disaggregations(update: IndicatorUpdate, rows: list[tuple[str, str, Decimal]]) -> None:
    update.disaggregations.all().delete()
    UpdateDisaggregation.objects.bulk_create(
        UpdateDisaggregation(
            government_id=update.government_id,
            update=update,
            dimension=dimension,
            category=category,
            value=value,
        )
        for dimension, category, value in rows
    )


def _disaggregation_snapshot(rows: Iterable[tuple[str, str, Decimal]]) -> list[str]:
    return [f"{d}={c}: {v}" for d, c, v in rows]


def _stored_rows(update: IndicatorUpdate) -> list[tuple[str, str, Decimal]]:
    if update.pk is None:
        return []
    return [
        (row.dimension, row.category, row.value)
        for row in update.disaggregations.order_by("dimension", "category")
    ]


def _save_update(
    update: IndicatorUpdate,
    *,
    acting_user: User,
    note: str,
    values: dict[str, Any],
    evidence: UploadedFile | None,
    disaggregations: Sequence[Disaggregation] | None,
) -> IndicatorUpdate:
    indicator = update.period.indicator
    rows = (
        _check_disaggregations(indicator, disaggregations) if disaggregations is not None else None
    )
    before_rows = _stored_rows(update)
    with audit.recording(update, actor=acting_user, note=note) as change:
        if change.before is not None:
            change.before["disaggregations"] = _disaggregation_snapshot(before_rows)
        assign(update, UPDATE_FIELDS, values)
        update.value = _decimal_or_none(update.value)
        update.qualitative_value = (update.qualitative_value or "").strip()
        _check_value(update, indicator)
        _set_evidence(update, evidence)
        update.full_clean()
        update.save()
        if rows is not None:
            _write_disaggregations(update, rows)
        change.extra["disaggregations"] = _disaggregation_snapshot(
            rows if rows is not None else before_rows
        )
    return update


@transaction.atomic
def record_indicator_update(
    period: IndicatorPeriod,
    *,
    acting_user: User,
    evidence: UploadedFile | None = None,
    disaggregations: Sequence[Disaggregation] = (),
    **values: Any,
) -> IndicatorUpdate:
    """Record a value reached in ``period`` as a draft, with its narrative, an evidence file
    (checked like every upload) and disaggregated values ``(dimension, category, value)`` for
    the dimensions the indicator declares."""
    update = IndicatorUpdate(
        government_id=period.government_id,
        period=period,
        reported_by=acting_user,
        status=UpdateStatus.DRAFT,
    )
    return _save_update(
        update,
        acting_user=acting_user,
        note=gettext("Recorded as a draft"),
        values=values,
        evidence=evidence,
        disaggregations=list(disaggregations),
    )


@transaction.atomic
def edit_indicator_update(
    update: IndicatorUpdate,
    *,
    acting_user: User,
    evidence: UploadedFile | None = None,
    disaggregations: Sequence[Disaggregation] | None = None,
    **values: Any,
) -> IndicatorUpdate:
    """Correct a draft or a returned update (a submitted or approved one is frozen)."""
    if update.status not in (UpdateStatus.DRAFT, UpdateStatus.RETURNED):
        raise ValidationError(
            _("Only a draft or a returned update can be edited; this one is %(status)s."),
            params={"status": update.get_status_display()},
        )
    return _save_update(
        update,
        acting_user=acting_user,
        note=gettext("Edited"),
        values=values,
        evidence=evidence,
        disaggregations=disaggregations,
    )


def _transition(
    update: IndicatorUpdate, *, acting_user: User, note: str, **changes: Any
) -> IndicatorUpdate:
    with audit.recording(update, actor=acting_user, note=note):
        for name, value in changes.items():
            setattr(update, name, value)
        update.full_clean()
        update.save()
    return update


@transaction.atomic
def submit_update(update: IndicatorUpdate, *, acting_user: User) -> IndicatorUpdate:
    """Send a draft, or a corrected returned update, for review."""
    if update.status not in (UpdateStatus.DRAFT, UpdateStatus.RETURNED):
        raise ValidationError(
            _("Only a draft or a returned update can be submitted; this one is %(status)s."),
            params={"status": update.get_status_display()},
        )
    note = (
        gettext("Submitted again for review")
        if update.status == UpdateStatus.RETURNED
        else gettext("Submitted for review")
    )
    _transition(
        update,
        acting_user=acting_user,
        note=note,
        status=UpdateStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    notify(UPDATE_SUBMITTED.code, update, actor=acting_user, government=update.government)
    return update


@transaction.atomic
def resubmit_update(
    update: IndicatorUpdate,
    *,
    acting_user: User,
    evidence: UploadedFile | None = None,
    disaggregations: Sequence[Disaggregation] | None = None,
    **values: Any,
) -> IndicatorUpdate:
    """Correct a returned update and send it for review again (two steps in the History)."""
    if update.status != UpdateStatus.RETURNED:
        raise ValidationError(_("Only a returned update can be resubmitted."))
    edit_indicator_update(
        update,
        acting_user=acting_user,
        evidence=evidence,
        disaggregations=disaggregations,
        **values,
    )
    return submit_update(update, acting_user=acting_user)


def review_refusal(government: Government | int, user: User, update: IndicatorUpdate) -> str | None:
    """Why ``user`` may not approve or return ``update``, or None when they may.

    Administrators review any update, their own included; coordinators review the updates
    reported by someone else; other roles do not review."""
    role = (
        Membership.objects.for_tenant(government)
        .filter(user_id=user.pk)
        .values_list("role", flat=True)
        .first()
    )
    return refusal_for_role(role, user, update)


def refusal_for_role(role: str | None, user: User, update: IndicatorUpdate) -> str | None:
    if role not in REVIEWER_ROLES:
        return gettext("Only administrators and coordinators review indicator updates.")
    if role == Role.COORDINATOR and update.reported_by_id == user.pk:
        return gettext(
            "A coordinator cannot review an update they reported: ask another coordinator or "
            "an administrator."
        )
    return None


def _check_reviewable(update: IndicatorUpdate, acting_user: User) -> None:
    if update.status != UpdateStatus.SUBMITTED:
        raise ValidationError(
            _("Only a submitted update can be reviewed; this one is %(status)s."),
            params={"status": update.get_status_display()},
        )
    refusal = review_refusal(update.government_id, acting_user, update)
    if refusal:
        raise ValidationError(refusal)


@transaction.atomic
def approve_update(update: IndicatorUpdate, *, acting_user: User) -> IndicatorUpdate:
    """Approve a submitted update: its value becomes the period's actual value."""
    _check_reviewable(update, acting_user)
    _transition(
        update,
        acting_user=acting_user,
        note=gettext("Approved"),
        status=UpdateStatus.APPROVED,
        reviewed_by=acting_user,
        reviewed_at=timezone.now(),
        return_reason="",
    )
    notify(UPDATE_APPROVED.code, update, actor=acting_user, government=update.government)
    return update


@transaction.atomic
def return_update(update: IndicatorUpdate, *, acting_user: User, reason: str) -> IndicatorUpdate:
    """Send a submitted update back to its reporter, saying what to correct."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"return_reason": _("Say why the update is returned.")})
    _check_reviewable(update, acting_user)
    _transition(
        update,
        acting_user=acting_user,
        note=gettext("Returned: %(reason)s") % {"reason": reason},
        status=UpdateStatus.RETURNED,
        reviewed_by=acting_user,
        reviewed_at=timezone.now(),
        return_reason=reason,
    )
    notify(
        UPDATE_RETURNED.code,
        update,
        actor=acting_user,
        government=update.government,
        note=reason,
    )
    return update


@transaction.atomic
def delete_indicator_update(update: IndicatorUpdate, *, acting_user: User) -> None:
    """Delete a draft or returned update; submitted and approved ones are kept."""
    if update.status not in (UpdateStatus.DRAFT, UpdateStatus.RETURNED):
        raise ValidationError(_("Only a draft or a returned update can be deleted."))
    delete_audited(update, acting_user=acting_user)
