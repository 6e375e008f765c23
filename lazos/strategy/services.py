"""Every write to strategies and their objectives.

Versioning rule
---------------
* A strategy is born a draft (version 1). ``approve_strategy`` makes it approved.
* ``start_new_version`` works only on an approved strategy that has no newer version yet. It
  copies the strategy (as a draft, version + 1, pointing to the old one through
  ``previous_version``) with its whole objective tree and every link of each objective
  (themes, SDG targets, actions, agreements, partners). The old version stays approved, and
  current, while the new one is drafted.
* Approving the new version supersedes the old one in the same transaction. A superseded
  version is read-only: every service here refuses to change it or its objectives with
  :data:`SUPERSEDED_MESSAGE`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.core import audit
from lazos.core.services import delete_audited, save_audited
from lazos.core.tenancy import require_same_government
from lazos.strategy.choices import StrategyStatus
from lazos.strategy.models import Objective, Strategy

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.actions.models import Action
    from lazos.agreements.models import Agreement
    from lazos.governments.models import Government
    from lazos.partners.models import Partner

STRATEGY_FIELDS = (
    "title",
    "start_year",
    "end_year",
    "vision",
    "summary",
    "external_context",
    "internal_capacities",
    "development_plan",
    "priority_countries",
    "priority_regions",
    "budget_envelope",
    "currency",
    "is_public",
    "language",
    "translations",
)
STRATEGY_M2M = ("priority_themes",)
OBJECTIVE_FIELDS = ("parent", "code", "title", "description", "plan_objectives", "position")
OBJECTIVE_M2M = ("themes", "sdg_targets")
LINK_FIELDS = ("actions", "agreements", "partners")

SUPERSEDED_MESSAGE = _(
    "This version of the strategy has been superseded by a newer one and can no longer be "
    "changed. Open the current version to make changes."
)


def _ensure_editable(strategy: Strategy) -> None:
    if strategy.status == StrategyStatus.SUPERSEDED:
        raise ValidationError(SUPERSEDED_MESSAGE)


def _split(values: dict[str, Any], m2m_names: Iterable[str]) -> dict[str, list[Any]]:
    return {name: list(values.pop(name)) for name in m2m_names if name in values}


def _own_all(government_id: int, field: str, objects: Iterable[Model | int]) -> None:
    require_same_government(government_id, field, list(objects))


# --- Strategies --------------------------------------------------------------------------------


@transaction.atomic
def create_strategy(government: Government, *, acting_user: User | None, **values: Any) -> Strategy:
    """A new draft strategy (version 1); the currency defaults to the government's."""
    m2m = _split(values, STRATEGY_M2M)
    if not values.get("currency"):
        values["currency"] = government.currency
    strategy = Strategy(government=government, status=StrategyStatus.DRAFT)
    return save_audited(
        strategy, acting_user=acting_user, fields=STRATEGY_FIELDS, values=values, m2m=m2m
    )


@transaction.atomic
def update_strategy(strategy: Strategy, *, acting_user: User | None, **values: Any) -> Strategy:
    _ensure_editable(strategy)
    m2m = _split(values, STRATEGY_M2M)
    if "currency" in values and not values["currency"]:
        values["currency"] = strategy.government.currency
    return save_audited(
        strategy, acting_user=acting_user, fields=STRATEGY_FIELDS, values=values, m2m=m2m
    )


@transaction.atomic
def approve_strategy(
    strategy: Strategy,
    *,
    acting_user: User | None,
    approved_on: date | None = None,
    approved_by: str = "",
) -> Strategy:
    """Approve a draft; when it is a new version, the previous version becomes superseded."""
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    _ensure_editable(strategy)
    if strategy.status != StrategyStatus.DRAFT:
        raise ValidationError(_("Only a draft strategy can be approved."))
    if not strategy.objectives.exists():
        raise ValidationError(_("Add at least one objective before approving the strategy."))
    with audit.recording(strategy, actor=acting_user):
        strategy.status = StrategyStatus.APPROVED
        strategy.approved_on = approved_on or timezone.localdate()
        strategy.approved_by = approved_by
        strategy.full_clean()
        strategy.save()
    previous = strategy.previous_version
    if previous is not None and previous.status != StrategyStatus.SUPERSEDED:
        with audit.recording(
            previous,
            actor=acting_user,
            note=str(_("Superseded by version %(version)s.") % {"version": strategy.version}),
        ):
            previous.status = StrategyStatus.SUPERSEDED
            previous.save()
    return strategy


@transaction.atomic
def start_new_version(strategy: Strategy, *, acting_user: User | None) -> Strategy:
    """Copy an approved strategy, its objective tree and all their links into a new draft."""
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    _ensure_editable(strategy)
    if strategy.status != StrategyStatus.APPROVED:
        raise ValidationError(_("Only an approved strategy can get a new version."))
    if Strategy.objects.filter(previous_version=strategy).exists():
        raise ValidationError(
            _("A newer version of this strategy is already being drafted: open it instead.")
        )
    copy = Strategy(
        government_id=strategy.government_id,
        status=StrategyStatus.DRAFT,
        version=strategy.version + 1,
        previous_version=strategy,
    )
    values = {name: getattr(strategy, name) for name in STRATEGY_FIELDS}
    values["translations"] = dict(strategy.translations or {})
    save_audited(
        copy,
        acting_user=acting_user,
        fields=STRATEGY_FIELDS,
        values=values,
        m2m={"priority_themes": list(strategy.priority_themes.all())},
        note=str(_("New version of version %(version)s.") % {"version": strategy.version}),
    )
    objectives = list(
        strategy.objectives.prefetch_related(
            "themes", "sdg_targets", "actions", "agreements", "partners"
        ).order_by("position", "code")
    )
    copies: dict[int, Objective] = {}
    # General objectives first, so their copies exist when the specific ones point to them.
    ordered = [o for o in objectives if o.parent_id is None] + [
        o for o in objectives if o.parent_id is not None
    ]
    for objective in ordered:
        new = Objective(government_id=strategy.government_id, strategy=copy)
        values = {name: getattr(objective, name) for name in OBJECTIVE_FIELDS}
        values["parent"] = copies[objective.parent_id] if objective.parent_id else None
        save_audited(
            new,
            acting_user=acting_user,
            fields=(*OBJECTIVE_FIELDS, "language", "translations"),
            values={
                **values,
                "language": objective.language,
                "translations": dict(objective.translations or {}),
            },
            m2m={
                name: list(getattr(objective, name).all())
                for name in (*OBJECTIVE_M2M, *LINK_FIELDS)
            },
        )
        copies[objective.pk] = new
    return copy


# --- Objectives --------------------------------------------------------------------------------


def _check_objective_values(strategy: Strategy, values: dict[str, Any]) -> None:
    parent = values.get("parent")
    if parent is not None and parent.strategy_id != strategy.pk:
        raise ValidationError(
            {"parent": _("The general objective must belong to the same strategy.")}
        )


@transaction.atomic
def create_objective(strategy: Strategy, *, acting_user: User | None, **values: Any) -> Objective:
    _ensure_editable(strategy)
    m2m = _split(values, OBJECTIVE_M2M)
    _check_objective_values(strategy, values)
    objective = Objective(government_id=strategy.government_id, strategy=strategy)
    return save_audited(
        objective, acting_user=acting_user, fields=OBJECTIVE_FIELDS, values=values, m2m=m2m
    )


@transaction.atomic
def update_objective(objective: Objective, *, acting_user: User, **values: Any) -> Objective:
    _ensure_editable(objective.strategy)
    m2m = _split(values, OBJECTIVE_M2M)
    _check_objective_values(objective.strategy, values)
    if values.get("parent") is not None and objective.children.exists():
        raise ValidationError(
            {
                "parent": _(
                    "This general objective has specific objectives: it cannot sit under another."
                )
            }
        )
    return save_audited(
        objective, acting_user=acting_user, fields=OBJECTIVE_FIELDS, values=values, m2m=m2m
    )


@transaction.atomic
def delete_objective(objective: Objective, *, acting_user: User | None) -> None:
    """Delete an objective; a general objective takes its specific objectives with it."""
    _ensure_editable(objective.strategy)
    for child in objective.children.all():
        delete_audited(child, acting_user=acting_user)
    delete_audited(objective, acting_user=acting_user)


@transaction.atomic
def link_objective(
    objective: Objective,
    *,
    acting_user: User | None,
    actions: Iterable[Action | int] | None = None,
    agreements: Iterable[Agreement | int] | None = None,
    partners: Iterable[Partner | int] | None = None,
) -> Objective:
    """Set the actions, agreements and partners that serve ``objective`` (None: unchanged)."""
    _ensure_editable(objective.strategy)
    links = {
        name: list(related)
        for name, related in (
            ("actions", actions),
            ("agreements", agreements),
            ("partners", partners),
        )
        if related is not None
    }
    for name, related in links.items():
        _own_all(objective.government_id, name, related)
    return save_audited(objective, acting_user=acting_user, fields=(), values={}, m2m=links)
