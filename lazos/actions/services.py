"""Every write to actions, their budgets, participations, missions and commitments.

Each function validates (``full_clean``), runs in a transaction and writes its audit record
(before and after, many-to-many ids included) through :func:`lazos.core.services.save_audited`.
Related objects passed in (partners, departments, agreement, local actors…) must belong to the
same government; another government's object is refused with a ``ValidationError``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.actions.choices import TRAVEL_MODALITIES, CommitmentStatus
from lazos.actions.events import COMMITMENT_ASSIGNED
from lazos.actions.models import (
    Action,
    ActionLocalActor,
    BudgetLine,
    Commitment,
    Mission,
    Traveller,
)
from lazos.actors.models import LocalActor
from lazos.agreements.models import Agreement
from lazos.core.events import notify
from lazos.core.services import delete_audited, save_audited
from lazos.core.tenancy import require_same_government
from lazos.governments.models import Department, Government, Membership
from lazos.partners.models import Partner

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.reference.models import SdgTarget, Theme

# Editable (non many-to-many) fields of an action; partners, departments, themes, SDG targets
# and tags are separate keyword arguments of create_action / update_action.
ACTION_FIELDS = (
    "title",
    "modality",
    "status",
    "description",
    "start_date",
    "end_date",
    "agreement",
    "lead_department",
    "is_public",
    "public_summary",
    "outcomes",
    "lessons_learned",
    "location",
    "external_id",
    "iati_identifier",
    "language",
    "translations",
)
BUDGET_LINE_FIELDS = ("source", "funder", "description", "amount", "currency", "in_kind")
PARTICIPATION_FIELDS = ("actor", "role", "notes")
MISSION_FIELDS = ("destination", "destination_text", "purpose", "cost", "currency")
TRAVELLER_FIELDS = ("name", "position", "department")
COMMITMENT_FIELDS = (
    "title",
    "description",
    "action",
    "agreement",
    "meeting",
    "partner",
    "responsible",
    "responsible_user",
    "department",
    "due_date",
    "status",
)


def _government_id(government: Government | int) -> int:
    return government if isinstance(government, int) else government.pk


def _pk(value: object) -> object:
    """The id of a row given as itself or its id."""
    return value.pk if isinstance(value, models.Model) else value


def _check_tenant(
    government_id: int, field: str, model: type[models.Model], values: Iterable[object]
) -> None:
    """Refuse objects (or ids) of ``model`` that are not of this government."""
    require_same_government(government_id, field, [_pk(v) for v in values], model)


def _check_action_relations(
    government_id: int, values: dict[str, Any], m2m: dict[str, Any]
) -> None:
    if "agreement" in values:
        _check_tenant(government_id, "agreement", Agreement, [values["agreement"]])
    if "lead_department" in values:
        _check_tenant(government_id, "lead_department", Department, [values["lead_department"]])
    if m2m.get("partners") is not None:
        _check_tenant(government_id, "partners", Partner, m2m["partners"])
    if m2m.get("departments") is not None:
        _check_tenant(government_id, "departments", Department, m2m["departments"])


def _currency_of(government_id: int) -> str:
    return (
        Government.objects.filter(pk=government_id).values_list("currency", flat=True).first()
        or "EUR"
    )


# --- Actions ---------------------------------------------------------------------------------


@transaction.atomic
def create_action(
    government: Government | int,
    *,
    acting_user: User | None,
    partners: Iterable[Partner | int] = (),
    departments: Iterable[Department | int] = (),
    themes: Iterable[Theme | str] = (),
    sdg_targets: Iterable[SdgTarget | str] = (),
    tags: Iterable[str] = (),
    **values: Any,
) -> Action:
    """Record an action in any modality, with its partners, departments, themes, SDG targets
    and tags (names; missing tags are created)."""
    government_id = _government_id(government)
    m2m: dict[str, list[models.Model | int | str]] = {
        "partners": list(partners),
        "departments": list(departments),
        "themes": list(themes),
        "sdg_targets": list(sdg_targets),
    }
    _check_action_relations(government_id, values, m2m)
    action = Action(government_id=government_id)
    return save_audited(
        action, acting_user=acting_user, fields=ACTION_FIELDS, values=values, m2m=m2m, tags=tags
    )


@transaction.atomic
def update_action(
    action: Action,
    *,
    acting_user: User | None,
    partners: Iterable[Partner | int] | None = None,
    departments: Iterable[Department | int] | None = None,
    themes: Iterable[Theme | str] | None = None,
    sdg_targets: Iterable[SdgTarget | str] | None = None,
    tags: Iterable[str] | None = None,
    **values: Any,
) -> Action:
    """Change an action; a many-to-many argument left as ``None`` is left alone."""
    m2m = {
        name: list(related)
        for name, related in (
            ("partners", partners),
            ("departments", departments),
            ("themes", themes),
            ("sdg_targets", sdg_targets),
        )
        if related is not None
    }
    _check_action_relations(action.government_id, values, m2m)
    return save_audited(
        action,
        acting_user=acting_user,
        fields=ACTION_FIELDS,
        values=values,
        m2m=m2m,
        tags=list(tags) if tags is not None else None,
    )


@transaction.atomic
def delete_action(action: Action, *, acting_user: User) -> None:
    """Delete an action with its budget lines, participations, mission and commitments."""
    delete_audited(action, acting_user=acting_user)


# --- Budget lines ----------------------------------------------------------------------------


@transaction.atomic
def add_budget_line(action: Action, *, acting_user: User | None, **values: Any) -> BudgetLine:
    """Add money (or an in-kind contribution) from one funding source; the currency defaults
    to the government's."""
    if not values.get("currency"):
        values["currency"] = _currency_of(action.government_id)
    line = BudgetLine(government_id=action.government_id, action=action)
    return save_audited(line, acting_user=acting_user, fields=BUDGET_LINE_FIELDS, values=values)


@transaction.atomic
def update_budget_line(line: BudgetLine, *, acting_user: User, **values: Any) -> BudgetLine:
    if "currency" in values and not values["currency"]:
        values["currency"] = _currency_of(line.government_id)
    return save_audited(line, acting_user=acting_user, fields=BUDGET_LINE_FIELDS, values=values)


@transaction.atomic
def delete_budget_line(line: BudgetLine, *, acting_user: User) -> None:
    delete_audited(line, acting_user=acting_user)


# --- Local actors ----------------------------------------------------------------------------


@transaction.atomic
def add_participation(
    action: Action, *, acting_user: User | None, actor: LocalActor, role: str, notes: str = ""
) -> ActionLocalActor:
    """Record that a local actor takes part in the action, and in which role."""
    _check_tenant(action.government_id, "actor", LocalActor, [actor])
    participation = ActionLocalActor(government_id=action.government_id, action=action)
    return save_audited(
        participation,
        acting_user=acting_user,
        fields=PARTICIPATION_FIELDS,
        values={"actor": actor, "role": role, "notes": notes},
    )


@transaction.atomic
def remove_participation(participation: ActionLocalActor, *, acting_user: User) -> None:
    delete_audited(participation, acting_user=acting_user)


# --- Missions and travellers -----------------------------------------------------------------


@transaction.atomic
def save_mission(action: Action, *, acting_user: User | None, **values: Any) -> Mission:
    """Create or update the travel details of a mission abroad or a delegation received."""
    if action.modality not in TRAVEL_MODALITIES:
        raise ValidationError(
            _("Only missions abroad and delegations received have travel details.")
        )
    mission = Mission.objects.filter(action=action).first()
    if mission is None:
        mission = Mission(government_id=action.government_id, action=action)
        if not values.get("currency"):
            values["currency"] = _currency_of(action.government_id)
    elif "currency" in values and not values["currency"]:
        values["currency"] = _currency_of(action.government_id)
    return save_audited(mission, acting_user=acting_user, fields=MISSION_FIELDS, values=values)


@transaction.atomic
def add_traveller(mission: Mission, *, acting_user: User | None, **values: Any) -> Traveller:
    if "department" in values:
        _check_tenant(mission.government_id, "department", Department, [values["department"]])
    traveller = Traveller(government_id=mission.government_id, mission=mission)
    return save_audited(traveller, acting_user=acting_user, fields=TRAVELLER_FIELDS, values=values)


@transaction.atomic
def delete_traveller(traveller: Traveller, *, acting_user: User) -> None:
    delete_audited(traveller, acting_user=acting_user)


# --- Commitments -----------------------------------------------------------------------------


def _check_commitment_relations(government_id: int, values: dict[str, Any]) -> None:
    for field, model in (
        ("action", Action),
        ("agreement", Agreement),
        ("partner", Partner),
        ("department", Department),
    ):
        if field in values:
            _check_tenant(government_id, field, model, [values[field]])
    user = values.get("responsible_user")
    if (
        user is not None
        and not Membership.objects.filter(government_id=government_id, user=user).exists()
    ):
        raise ValidationError(
            {"responsible_user": _("This person is not a member of this government.")}
        )


@transaction.atomic
def create_commitment(
    government: Government | int, *, acting_user: User | None, **values: Any
) -> Commitment:
    """Record a follow-up promise from an action, an agreement or a meeting."""
    government_id = _government_id(government)
    _check_commitment_relations(government_id, values)
    commitment = Commitment(government_id=government_id)
    save_audited(commitment, acting_user=acting_user, fields=COMMITMENT_FIELDS, values=values)
    if commitment.responsible_user_id:
        _notify_assigned(commitment, acting_user)
    return commitment


def _notify_assigned(commitment: Commitment, acting_user: User | None) -> None:
    """Tell the commitment's responsible member it is theirs (after the commit)."""
    notify(
        COMMITMENT_ASSIGNED.code,
        commitment,
        actor=acting_user,
        government=commitment.government,
    )


@transaction.atomic
def update_commitment(commitment: Commitment, *, acting_user: User, **values: Any) -> Commitment:
    """Change a commitment; leaving the "done" status clears its completion date."""
    _check_commitment_relations(commitment.government_id, values)
    status = values.get("status", commitment.status)
    if status != CommitmentStatus.DONE:
        commitment.completed_on = None
    before = commitment.responsible_user_id
    save_audited(commitment, acting_user=acting_user, fields=COMMITMENT_FIELDS, values=values)
    if commitment.responsible_user_id and commitment.responsible_user_id != before:
        _notify_assigned(commitment, acting_user)
    return commitment


@transaction.atomic
def complete_commitment(
    commitment: Commitment, *, acting_user: User | None, on: date | None = None
) -> Commitment:
    """Mark a commitment as done (today, unless ``on`` says when)."""
    commitment.completed_on = on or timezone.localdate()
    return save_audited(
        commitment,
        acting_user=acting_user,
        fields=COMMITMENT_FIELDS,
        values={"status": CommitmentStatus.DONE},
    )


@transaction.atomic
def delete_commitment(commitment: Commitment, *, acting_user: User) -> None:
    delete_audited(commitment, acting_user=acting_user)
