"""Coordination across departments: who else works with a partner, and likely duplicates.

When someone records an action with a partner, the form shows what other departments
already have with that partner (:func:`related_work`) and warns about actions that look like
the same thing (:func:`likely_duplicates`).

Likely duplicate = an action of the same government that

- shares at least one partner;
- has a similar title. Titles are normalised (accents folded with ``unidecode``, lowercase,
  punctuation dropped, stop-words in English, Spanish, Portuguese and French and one-letter
  words ignored). Two titles are similar when their word overlap (Jaccard index: shared words
  / all words) is at least ``WORD_OVERLAP_THRESHOLD`` (0.5); as a safety net for typos, a
  ``difflib.SequenceMatcher`` ratio of the normalised titles of at least
  ``SPELLING_THRESHOLD`` (0.85) also counts;
- has overlapping or close dates: the two periods overlap once each is widened by
  ``DATE_MARGIN`` (60 days). A missing date counts as overlapping (an action without dates,
  or a new one whose dates are not filled yet, matches any period).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from difflib import SequenceMatcher
from typing import Any, TypeVar

from django.db.models import Count, F, Model, Q, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.dateparse import parse_date
from unidecode import unidecode

from lazos.actions.models import Action
from lazos.agreements.choices import AgreementStatus
from lazos.agreements.models import Agreement
from lazos.governments.models import Government
from lazos.partners.models import Partner

# A row given as itself or its id (a form's cleaned value or a query parameter).
RowRef = Model | int | str
_Candidate = TypeVar("_Candidate", Action, Agreement)

WORD_OVERLAP_THRESHOLD = 0.5
SPELLING_THRESHOLD = 0.85
DATE_MARGIN = timedelta(days=60)
LATEST_PER_DEPARTMENT = 3
MAX_CANDIDATES = 500
MAX_DUPLICATES = 10


def _words(*groups: str) -> frozenset[str]:
    return frozenset(word for group in groups for word in group.split())


STOP_WORDS = _words(
    # English
    "a an and at by for from in into of on or the to with about between",
    # Spanish
    "al con de del el en entre la las lo los para por sobre su sus un una unos unas y e o u",
    # Portuguese
    "ao aos as com da das do dos em na nas no nos os pela pelo sobre um uma",
    # French
    "au aux avec dans des du et l la le les par pour sur une",
)
_NON_WORD = re.compile(r"[^a-z0-9]+")


def title_words(title: str) -> list[str]:
    """The significant words of a title: accents folded, lowercase, stop-words dropped."""
    folded = _NON_WORD.sub(" ", unidecode(title or "").lower())
    return [w for w in folded.split() if len(w) > 1 and w not in STOP_WORDS]


@dataclass(frozen=True)
class TitleMatch:
    overlap: float
    ratio: float

    @property
    def is_similar(self) -> bool:
        return self.overlap >= WORD_OVERLAP_THRESHOLD or self.ratio >= SPELLING_THRESHOLD

    @property
    def score(self) -> float:
        return max(self.overlap, self.ratio)


def compare_titles(first: str | list[str], second: str | list[str]) -> TitleMatch:
    a = title_words(first) if isinstance(first, str) else first
    b = title_words(second) if isinstance(second, str) else second
    if not a or not b:
        return TitleMatch(0.0, 0.0)
    union = set(a) | set(b)
    overlap = len(set(a) & set(b)) / len(union)
    ratio = SequenceMatcher(None, " ".join(a), " ".join(b)).ratio()
    return TitleMatch(overlap, ratio)


def _id_of(ref: RowRef) -> int:
    """The id of a row given as itself or its id (``ValueError`` for a malformed id)."""
    return int(ref.pk) if isinstance(ref, Model) else int(ref)


def _clean_ids(values: Iterable[RowRef] | None) -> list[int]:
    ids: list[int] = []
    for value in values or ():
        try:
            ids.append(_id_of(value))
        except (TypeError, ValueError):
            continue
    return sorted(set(ids))


# --- What other departments already do -----------------------------------------------------


@dataclass
class DepartmentWork:
    """Everything one department (or no department) has with the partners."""

    department_id: int | None
    department_name: str
    action_count: int = 0
    agreement_count: int = 0
    latest_actions: list[Action] = field(default_factory=list)
    latest_agreements: list[Agreement] = field(default_factory=list)


@dataclass
class RelatedWork:
    partners: list[Partner] = field(default_factory=list)
    departments: list[DepartmentWork] = field(default_factory=list)

    @property
    def action_count(self) -> int:
        return sum(d.action_count for d in self.departments)

    @property
    def agreement_count(self) -> int:
        return sum(d.agreement_count for d in self.departments)

    @property
    def is_empty(self) -> bool:
        return not self.departments


def related_work(
    government: Government | int,
    partner_ids: Iterable[RowRef] | None,
    *,
    exclude_action: RowRef | None = None,
    exclude_department: RowRef | None = None,
    exclude_agreement: RowRef | None = None,
) -> RelatedWork:
    """Actions and agreements with these partners, grouped by (lead) department, with counts
    and the latest items of each group. Five queries whatever the amount of work."""
    ids = _clean_ids(partner_ids)
    if not ids:
        return RelatedWork()
    partners = list(Partner.objects.for_tenant(government).filter(pk__in=ids).order_by("name"))
    ids = [p.pk for p in partners]
    result = RelatedWork(partners=partners)
    if not ids:
        return result

    actions = Action.objects.for_tenant(government).with_partner(ids)
    if exclude_action is not None:
        actions = actions.exclude(pk=_id_of(exclude_action))
    agreements = Agreement.objects.for_tenant(government).filter(
        pk__in=Agreement.objects.filter(partners__in=ids).values("pk")
    )
    if exclude_agreement is not None and exclude_agreement != "":
        agreements = agreements.exclude(pk=_id_of(exclude_agreement))
    if exclude_department is not None and exclude_department != "":
        department_id = _id_of(exclude_department)
        actions = actions.exclude(lead_department_id=department_id)
        agreements = agreements.exclude(lead_department_id=department_id)

    groups: dict[int | None, DepartmentWork] = {}

    def group(department_id: int | None, name: str | None) -> DepartmentWork:
        if department_id not in groups:
            groups[department_id] = DepartmentWork(department_id, name or "")
        return groups[department_id]

    for row in (
        actions.values("lead_department", "lead_department__name")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        group(row["lead_department"], row["lead_department__name"]).action_count = row["n"]
    for row in (
        agreements.values("lead_department", "lead_department__name")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        group(row["lead_department"], row["lead_department__name"]).agreement_count = row["n"]

    latest_actions = actions.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("lead_department")],
            order_by=[F("start_date").desc(nulls_last=True), F("pk").desc()],
        )
    ).filter(rank__lte=LATEST_PER_DEPARTMENT)
    for action in latest_actions.only(
        "pk", "title", "modality", "status", "start_date", "end_date", "lead_department"
    ).order_by(F("start_date").desc(nulls_last=True), "-pk"):
        group(action.lead_department_id, None).latest_actions.append(action)

    latest_agreements = agreements.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("lead_department")],
            order_by=[F("signed_on").desc(nulls_last=True), F("pk").desc()],
        )
    ).filter(rank__lte=LATEST_PER_DEPARTMENT)
    for agreement in latest_agreements.only(
        "pk", "title", "kind", "status", "signed_on", "valid_until", "lead_department"
    ).order_by(F("signed_on").desc(nulls_last=True), "-pk"):
        group(agreement.lead_department_id, None).latest_agreements.append(agreement)

    # Departments by name, the work without a department last.
    result.departments = sorted(
        groups.values(), key=lambda g: (g.department_id is None, g.department_name.lower())
    )
    return result


# --- Likely duplicates ---------------------------------------------------------------------


def likely_duplicates(
    government: Government | int,
    *,
    partner_ids: Iterable[RowRef] | None,
    title: str,
    start_date: date | None = None,
    end_date: date | None = None,
    exclude_pk: RowRef | None = None,
) -> list[Action]:
    """Actions that look like the one being recorded (see the module's docstring), most
    similar first. Two queries."""
    ids = _clean_ids(partner_ids)
    words = title_words(title)
    if not ids or not words:
        return []
    candidates = (
        Action.objects.for_tenant(government)
        .with_partner(ids)
        .select_related("lead_department")
        .order_by(F("start_date").desc(nulls_last=True), "-pk")
    )
    if exclude_pk is not None and exclude_pk != "":
        candidates = candidates.exclude(pk=_id_of(exclude_pk))
    known = [d for d in (start_date, end_date) if d is not None]
    if known:
        # From the start (else the end) to the end (else the start), with a margin.
        low = (start_date or known[0]) - DATE_MARGIN
        high = (end_date or known[-1]) + DATE_MARGIN
        candidates = candidates.annotate(
            period_from=Coalesce("start_date", "end_date"),
            period_to=Coalesce("end_date", "start_date"),
        ).filter(Q(period_from__isnull=True) | Q(period_from__lte=high, period_to__gte=low))
    return _most_similar(words, candidates[:MAX_CANDIDATES])


def _most_similar(words: list[str], candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """The candidates whose title is similar to ``words``, most similar first."""
    found: list[tuple[float, _Candidate]] = []
    for candidate in candidates:
        match = compare_titles(words, title_words(candidate.title))
        if match.is_similar:
            found.append((match.score, candidate))
    found.sort(key=lambda scored: -scored[0])
    return [candidate for _score, candidate in found[:MAX_DUPLICATES]]


def likely_duplicate_agreements(
    government: Government | int,
    *,
    partner_ids: Iterable[RowRef] | None,
    title: str,
    exclude_pk: RowRef | None = None,
) -> list[Agreement]:
    """Agreements still alive (not expired or terminated) with one of these partners and a
    similar title, most similar first. One query."""
    ids = _clean_ids(partner_ids)
    words = title_words(title)
    if not ids or not words:
        return []
    candidates = (
        Agreement.objects.for_tenant(government)
        .filter(pk__in=Agreement.objects.filter(partners__in=ids).values("pk"))
        .exclude(status__in=[AgreementStatus.EXPIRED, AgreementStatus.TERMINATED])
        .select_related("lead_department")
        .order_by("-pk")
    )
    if exclude_pk is not None and exclude_pk != "":
        candidates = candidates.exclude(pk=_id_of(exclude_pk))
    return _most_similar(words, candidates[:MAX_CANDIDATES])


# --- The coordination panel -----------------------------------------------------------------


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return parse_date(str(value or "").strip())
    except ValueError:
        return None


def coordination_context(
    government: Government,
    *,
    partner_ids: Any,
    title: str,
    start_date: Any = None,
    end_date: Any = None,
    exclude_pk: Any = None,
    exclude_department: Any = None,
    kind: str = "action",
) -> dict[str, Any]:
    """What the coordination panel shows: related work and likely duplicates, for an action
    being recorded or (``kind="agreement"``) for an agreement."""
    ids: list[int] = []
    for value in partner_ids or ():
        try:
            ids.append(int(getattr(value, "pk", value)))
        except (TypeError, ValueError):
            continue
    try:
        exclude = int(exclude_pk) if exclude_pk not in (None, "") else None
    except (TypeError, ValueError):
        exclude = None
    try:
        department = (
            int(getattr(exclude_department, "pk", exclude_department))
            if exclude_department not in (None, "")
            else None
        )
    except (TypeError, ValueError):
        department = None
    if kind == "agreement":
        return {
            "related": related_work(
                government, ids, exclude_agreement=exclude, exclude_department=department
            ),
            "duplicates": likely_duplicate_agreements(
                government, partner_ids=ids, title=title or "", exclude_pk=exclude
            ),
            "duplicate_kind": "agreement",
            "has_partners": bool(ids),
        }
    return {
        "related": related_work(
            government, ids, exclude_action=exclude, exclude_department=department
        ),
        "duplicates": likely_duplicates(
            government,
            partner_ids=ids,
            title=title or "",
            start_date=_date(start_date),
            end_date=_date(end_date),
            exclude_pk=exclude,
        ),
        "has_partners": bool(ids),
    }
