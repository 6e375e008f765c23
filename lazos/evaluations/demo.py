"""The demo's evaluations: two completed public actions and the approved strategy (mid-term),
each with the six criteria rated, findings, recommendations, management responses and their
follow-up in various states (one overdue). In the government's language (es or pt).

Deterministic: the subjects are chosen by their external id, the dates are counted from an
anchor (the first day of the current month). Idempotent: an evaluation is looked up by its
subject and title first, so a second run creates nothing. Written through the services
(audited; channel "command" when run by ``lazos demo``). Depends on the register step
(``load_register``) and, for the strategy's evaluation, on the strategy step; without an
approved strategy a third action is evaluated instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from lazos.actions.choices import ActionStatus
from lazos.actions.models import Action
from lazos.demo import kit
from lazos.demo.kit import Choice, DataFile, DemoReport, Each, demo_step
from lazos.evaluations import services
from lazos.evaluations.choices import (
    Criterion,
    EvaluationKind,
    EvaluationStatus,
    FollowUpStatus,
    ResponseDecision,
)
from lazos.evaluations.models import Evaluation
from lazos.governments.models import Department, Government, Membership
from lazos.strategy.models import Strategy


@dataclass(frozen=True)
class Rec:
    """A recommendation and what became of it (days are counted from the anchor)."""

    text: str
    response: str = ResponseDecision.PENDING
    response_text: str = ""
    planned_action: str = ""
    responsible: str = ""
    due_in_days: int = 0
    follow_up: str = FollowUpStatus.NOT_STARTED
    follow_up_notes: str = ""
    completed_days_ago: int = 0


REC = {
    "text": str,
    "response?": Choice(ResponseDecision.values),
    "response_text?": str,
    "planned_action?": str,
    "responsible?": str,
    "due_in_days?": int,
    "follow_up?": Choice(FollowUpStatus.values),
    "follow_up_notes?": str,
    "completed_days_ago?": int,
}
EVALUATIONS = DataFile(
    "evaluations",
    "evaluations",
    {
        "ratings": [(int, int, int, int, int, int)],
        "texts": Each(
            {
                "action_title": str,
                "strategy_title": str,
                "action_evaluator": [str],
                "strategy_evaluator": str,
                "summary": str,
                "findings": str,
                "strategy_findings": str,
                "criteria": Each(str, keys=tuple(Criterion.values)),
                "action_recs": [[REC]],
                "strategy_recs": [REC],
            }
        ),
    },
)


def _texts(data: dict[str, Any], lang: str) -> dict[str, Any]:
    """The texts of ``lang``, the recommendations as :class:`Rec`."""
    texts = data["texts"][lang]
    return {
        **texts,
        "action_recs": [[Rec(**spec) for spec in recs] for recs in texts["action_recs"]],
        "strategy_recs": [Rec(**spec) for spec in texts["strategy_recs"]],
    }


def _language(government: Government, texts: dict[str, Any]) -> str | None:
    languages: list[str] = government.official_languages or []  # validated language codes
    for code in languages:
        if code in texts:
            return code
    return None


@demo_step(order=50)
def load_evaluations(government: Government, report: DemoReport) -> None:
    """Give a demo government three evaluations (see the module doc)."""
    data = EVALUATIONS.load()
    lang = _language(government, data["texts"])
    if lang is None:
        return
    texts = _texts(data, lang)
    ratings = [tuple(row) for row in data["ratings"]]
    anchor = kit.anchor()
    coordinator = (
        Membership.objects.for_tenant(government)
        .filter(user__username="coordinator")
        .select_related("user")
        .first()
    )
    user = coordinator.user if coordinator else None
    actions = list(
        Action.objects.for_tenant(government)
        .filter(status=ActionStatus.COMPLETED, is_public=True, end_date__isnull=False)
        .order_by("external_id", "pk")
    )
    strategy = Strategy.objects.for_tenant(government).approved().first()
    needed = 2 if strategy else 3
    if len(actions) < needed:
        actions = list(
            Action.objects.for_tenant(government)
            .filter(status=ActionStatus.COMPLETED, end_date__isnull=False)
            .order_by("external_id", "pk")
        )
    if not actions:
        return
    # Spread the picks over the register: first, middle, last.
    picks = [actions[0], actions[len(actions) // 2], actions[-1]][:needed]
    office = Department.objects.for_tenant(government).order_by("pk").first()
    for index, action in enumerate(picks):
        recs = texts["action_recs"][index % 2]
        end_date = action.end_date
        if end_date is None:  # never: the actions are chosen with an end date
            continue
        completed_on = max(
            end_date, min(end_date + timedelta(days=75), anchor - timedelta(days=20))
        )
        _load_one(
            government,
            user,
            report,
            texts,
            action=action,
            title=texts["action_title"].format(title=action.title)[:300],
            kind=EvaluationKind.INTERNAL if index else EvaluationKind.EXTERNAL,
            evaluator=texts["action_evaluator"][0] if index == 0 else "",
            start_date=completed_on - timedelta(days=60),
            completed_on=completed_on,
            findings=texts["findings"],
            ratings=ratings[index % 2],
            recs=recs,
            department=action.lead_department or office,
            anchor=anchor,
        )
    if strategy is not None:
        _load_one(
            government,
            user,
            report,
            texts,
            strategy=strategy,
            title=texts["strategy_title"],
            kind=EvaluationKind.EXTERNAL,
            evaluator=texts["strategy_evaluator"],
            start_date=anchor - timedelta(days=150),
            completed_on=anchor - timedelta(days=45),
            findings=texts["strategy_findings"],
            ratings=ratings[2],
            recs=texts["strategy_recs"],
            department=office,
            anchor=anchor,
        )


def _load_one(
    government: Government,
    user: Any,
    report: DemoReport,
    texts: dict[str, Any],
    *,
    title: str,
    ratings: tuple[int, ...],
    recs: list[Rec],
    department: Department | None,
    anchor: date,
    action: Action | None = None,
    strategy: Strategy | None = None,
    **values: Any,
) -> None:
    existing = Evaluation.objects.for_tenant(government).filter(
        action=action, strategy=strategy, title=title
    )
    if existing.exists():
        return
    subject = action if action is not None else strategy
    evaluation = services.create_evaluation(
        government,
        acting_user=user,
        action=action,
        strategy=strategy,
        title=title,
        status=EvaluationStatus.COMPLETED,
        summary=texts["summary"].format(subject=subject),
        is_public=True,
        **values,
    )
    services.assess_criteria(
        evaluation,
        acting_user=user,
        assessments={
            criterion: {"rating": rating, "text": texts["criteria"][criterion]}
            for criterion, rating in zip(Criterion.values, ratings, strict=True)
        },
    )
    for rec in recs:
        recommendation = services.add_recommendation(
            evaluation, acting_user=user, text=rec.text, department=department
        )
        if rec.response == ResponseDecision.PENDING:
            continue
        services.respond_to_recommendation(
            recommendation,
            acting_user=user,
            response=rec.response,
            response_text=rec.response_text,
            planned_action=rec.planned_action,
            responsible=rec.responsible,
            department=department if rec.response != ResponseDecision.REJECTED else None,
            due_date=anchor + timedelta(days=rec.due_in_days)
            if rec.response != ResponseDecision.REJECTED
            else None,
        )
        if rec.response != ResponseDecision.REJECTED and rec.follow_up != (
            FollowUpStatus.NOT_STARTED
        ):
            services.record_follow_up(
                recommendation,
                acting_user=user,
                follow_up_status=rec.follow_up,
                follow_up_notes=rec.follow_up_notes,
                completed_on=anchor - timedelta(days=rec.completed_days_ago)
                if rec.follow_up == FollowUpStatus.DONE
                else None,
            )
    report.add(f"evaluation {title} ({government.slug})")
