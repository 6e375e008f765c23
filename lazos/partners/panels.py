"""What the partner page gathers: every panel in a fixed number of queries.

Long panels show the most recent ``PANEL_SIZE`` rows with the total and a link to the full,
filtered list; the journal is paginated on the page itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, Max, Q, QuerySet, Value, When
from django.db.models.expressions import OrderBy
from django.utils import timezone

from lazos.accounts.models import User
from lazos.actions.choices import OPEN_COMMITMENT_STATUSES, TRAVEL_MODALITIES
from lazos.actions.models import Action, Commitment
from lazos.agreements.models import Agreement
from lazos.governments.models import Department
from lazos.networks.models import Network
from lazos.partners.models import Partner, PartnerNote

if TYPE_CHECKING:
    from lazos.governments.models import Government

PANEL_SIZE = 20
JOURNAL_PAGE_SIZE = 20


@dataclass
class DepartmentContact:
    """One line of “who in which department is in touch” with the partner."""

    department: Department | None
    actions_led: int = 0
    actions_joined: int = 0
    agreements_led: int = 0
    notes: int = 0
    last_note: date | None = None
    people: list[User] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.actions_led + self.actions_joined + self.agreements_led + self.notes


def partner_agreements(partner: Partner, government: Government) -> QuerySet[Agreement]:
    return Agreement.objects.for_tenant(government).filter(partners=partner)


def partner_actions(partner: Partner, government: Government) -> QuerySet[Action]:
    return Action.objects.for_tenant(government).filter(partners=partner)


def partner_commitments(partner: Partner, government: Government) -> QuerySet[Commitment]:
    """Commitments with the partner, and those of its actions and agreements."""
    actions = partner_actions(partner, government).values("pk")
    agreements = partner_agreements(partner, government).values("pk")
    return Commitment.objects.for_tenant(government).filter(
        Q(partner=partner) | Q(action__in=actions) | Q(agreement__in=agreements)
    )


def departments_in_touch(partner: Partner, government: Government) -> list[DepartmentContact]:
    """Departments that lead or join actions and agreements with the partner, or wrote in its
    journal; with counts and the people who wrote. Six queries whatever the numbers."""
    actions = partner_actions(partner, government)
    lines: dict[int | None, DepartmentContact] = {}

    def line(department_id: int | None) -> DepartmentContact:
        return lines.setdefault(department_id, DepartmentContact(department=None))

    for row in (
        actions.exclude(lead_department=None)
        .order_by()
        .values("lead_department")
        .annotate(n=Count("pk"))
    ):
        line(row["lead_department"]).actions_led += row["n"]
    through = Action.departments.through
    for row in (
        through.objects.filter(action__in=actions.values("pk"))
        .order_by()
        .values("department")
        .annotate(n=Count("action", distinct=True))
    ):
        line(row["department"]).actions_joined += row["n"]
    for row in (
        partner_agreements(partner, government)
        .exclude(lead_department=None)
        .order_by()
        .values("lead_department")
        .annotate(n=Count("pk"))
    ):
        line(row["lead_department"]).agreements_led += row["n"]
    authors: dict[int | None, set[int]] = {}
    for row in (
        PartnerNote.objects.for_tenant(government)
        .filter(partner=partner)
        .order_by()
        .values("department", "author")
        .annotate(n=Count("pk"), last=Max("date"))
    ):
        entry = line(row["department"])
        entry.notes += row["n"]
        if row["last"] and (entry.last_note is None or row["last"] > entry.last_note):
            entry.last_note = row["last"]
        if row["author"]:
            authors.setdefault(row["department"], set()).add(row["author"])
    department_ids = [pk for pk in lines if pk is not None]
    departments = {
        d.pk: d for d in Department.objects.for_tenant(government).filter(pk__in=department_ids)
    }
    user_ids = {pk for ids in authors.values() for pk in ids}
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids)} if user_ids else {}
    result = []
    for department_id, entry in lines.items():
        entry.department = departments.get(department_id) if department_id else None
        entry.people = sorted(
            (users[pk] for pk in authors.get(department_id, ()) if pk in users),
            key=lambda u: (u.get_full_name() or u.get_username()).lower(),
        )
        result.append(entry)
    result.sort(key=lambda e: (e.department is None, -e.total, str(e.department or "")))
    return result


def partner_page(
    partner: Partner, government: Government, *, journal_page: int | str | None = None
) -> dict[str, Any]:
    """Everything the partner page shows besides the partner itself."""
    agreements = partner_agreements(partner, government)
    actions = partner_actions(partner, government)
    missions = actions.filter(modality__in=TRAVEL_MODALITIES)
    commitments = partner_commitments(partner, government)
    newest_first: list[OrderBy | str] = [F("start_date").desc(nulls_last=True), "-id"]
    notes = PartnerNote.objects.for_tenant(government).filter(partner=partner).with_related()
    today = timezone.localdate()
    open_statuses = list(OPEN_COMMITMENT_STATUSES)
    commitment_counts = commitments.order_by().aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=open_statuses)),
        overdue=Count("pk", filter=Q(status__in=open_statuses, due_date__lt=today)),
    )
    return {
        "contacts": list(partner.contacts.all()),
        "journal": Paginator(notes, JOURNAL_PAGE_SIZE).get_page(journal_page),
        "agreements": list(
            agreements.select_related("lead_department").order_by(
                F("signed_on").desc(nulls_last=True), "-id"
            )[:PANEL_SIZE]
        ),
        "agreement_count": agreements.count(),
        "actions": list(
            actions.select_related("lead_department").order_by(*newest_first)[:PANEL_SIZE]
        ),
        "action_count": actions.count(),
        "missions": list(
            missions.select_related("lead_department", "mission__destination").order_by(
                *newest_first
            )[:PANEL_SIZE]
        ),
        "mission_count": missions.count(),
        "commitments": list(
            commitments.select_related("action", "agreement", "department")
            .annotate(
                open_first=Case(
                    When(status__in=open_statuses, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("open_first", F("due_date").asc(nulls_last=True), "id")[:PANEL_SIZE]
        ),
        "commitment_counts": commitment_counts,
        "departments_in_touch": departments_in_touch(partner, government),
        "networks": list(Network.objects.for_tenant(government).filter(partner=partner)),
        "panel_size": PANEL_SIZE,
    }
