"""Writes of the IATI app: importing activity files into actions (from the office's page or
the ``import_iati`` command), all or nothing, audited."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any, TypeVar

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connections, models, router, transaction
from django.db.models import Q
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _

from lazos.actions.choices import ActionStatus, FundingSource
from lazos.actions.models import Action, BudgetLine
from lazos.core import import_revert
from lazos.core.attachments import max_upload_bytes
from lazos.core.services import save_audited
from lazos.governments.models import LANGUAGE_CHOICES, Government
from lazos.iati import codes, writer
from lazos.iati.choices import ImportStatus
from lazos.iati.export import (
    ActivityWriter,
    activity_fingerprints,
    file_parts_in_memory,
    organisation_identifier,
)
from lazos.iati.models import (
    IatiActivityExtra,
    IatiBudget,
    IatiDocumentLink,
    IatiImport,
    Transaction,
)
from lazos.iati.organisations import (
    Match,
    Organisation,
    PartnerResolver,
    activity_organisations,
    distinct_partners,
    government_takes_part,
    unsaved_partner,
)
from lazos.iati.reader import ActivityData, FileData, IatiFileError, IndicatorData, read_file
from lazos.partners.models import Partner
from lazos.partners.services import PARTNER_FIELDS
from lazos.reference.models import SdgTarget, Theme
from lazos.results.choices import Measure, UpdateStatus
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate

if TYPE_CHECKING:
    from lazos.accounts.models import User

KNOWN_LANGUAGES = {code for code, _name in LANGUAGE_CHOICES}
MONEY_LIMIT = Decimal("1e12")  # BudgetLine.amount: 14 digits, 2 of them decimals
CENT = Decimal("0.01")
TRANSACTION_PLACES = Decimal("0.000001")  # Transaction.value: 24 digits, 6 of them decimals
FLUSH_EVERY = 50  # activities whose rows are written together (and progress reported)
RESULT_LIMIT = Decimal("1e12")  # indicator values: 16 digits, 4 of them decimals
M = TypeVar("M", bound=models.Model)


class ImportRefused(Exception):
    """The file is valid IATI but cannot be imported as it is; ``reasons`` say why."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__("; ".join(reasons[:5]))


@dataclass
class ActivityPlan:
    """What the import does with one activity (the preview shows these)."""

    line: int | None
    identifier: str
    title: str
    operation: str  # "create", "update" or "refused"
    action_id: int | None = None
    budgets: int = 0
    results: int = 0
    partners: int = 0
    transactions: int = 0
    documents: int = 0
    warnings: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    # The reporting organisation when it is not the government ("" for the government's own).
    reported_by: str = ""
    # The partners its organisations resolve to (organisations.Match.as_preview).
    organisations: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@functools.cache
def _row_defaults(
    model: type[models.Model],
) -> tuple[dict[str, Any], tuple[tuple[str, Callable[[], Any]], ...], dict[str, Any]]:
    """What ``model()`` gives every new row: the values of its fields without a callable
    default (the same for every row), the fields whose default is called for each row, and
    the many-to-one relations (not one-to-one: those also set the parent's reverse cache,
    through their descriptor)."""
    template = model()
    static: dict[str, Any] = {}
    called: list[tuple[str, Callable[[], Any]]] = []
    for f in model._meta.concrete_fields:
        if f.has_default() and callable(f.default):
            called.append((f.attname, f.default))
        else:
            static[f.attname] = template.__dict__[f.attname]
    foreign = {
        f.name: f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and not f.one_to_one
    }
    return static, tuple(called), foreign


def _new_row(model: type[M], now: datetime.datetime, **parents: models.Model) -> M:
    """``model(**parents)``, made for the thousands of rows an import queues without
    ``Model.__init__``'s walk of every field per row: the fields' defaults as ``model()``
    gives them (a default of ``timezone.now`` is ``now``, the time the activity is read),
    each parent cached on the row with its id, as assigning it does (an unsaved parent's id
    is given at the flush, ``writer``)."""
    static, called, foreign = _row_defaults(model)
    row = model.__new__(model)
    values = row.__dict__
    values["_state"] = ModelState()
    values.update(static)
    for attname, default in called:
        values[attname] = now if default is timezone.now else default()
    cache = row._state.fields_cache
    for name, parent in parents.items():
        relation = foreign.get(name)
        if relation is None:
            setattr(row, name, parent)
        else:
            values[relation.attname] = parent.pk
            cache[name] = parent
    return row


@functools.lru_cache(maxsize=512)  # asked for every transaction of a file: a few codes
def _is_currency(code: str) -> bool:
    return bool(code) and pycountry.currencies.get(alpha_3=code.upper()) is not None


def _matching_actions(government: Government, identifiers: list[str]) -> dict[str, Action]:
    """Stored actions by IATI identifier, including those exported with the built one."""
    prefix = organisation_identifier(government) + "-"
    built = {
        int(identifier[len(prefix) :]): identifier
        for identifier in identifiers
        if identifier.startswith(prefix) and identifier[len(prefix) :].isdigit()
    }
    found: dict[str, Action] = {}
    query = Q(iati_identifier__in=identifiers)
    if built:
        query |= Q(pk__in=list(built), iati_identifier="")
    for action in Action.objects.for_tenant(government).filter(query):
        if action.iati_identifier:
            found[action.iati_identifier] = action
        else:
            found[built[action.pk]] = action
    return found


def _check_activity(activity: ActivityData) -> list[str]:
    """Reasons a structurally valid activity still cannot be stored."""
    reasons = []
    where = {"line": activity.line}
    if not activity.identifier:
        reasons.append(
            _(
                "Line %(line)s: the activity has no <iati-identifier>; it is needed to create "
                "or update the action."
            )
            % where
        )
    elif len(activity.identifier) > 150:
        reasons.append(
            _("Line %(line)s: the <iati-identifier> is longer than 150 characters.") % where
        )
    if not any(activity.title.values()):
        reasons.append(_("Line %(line)s: the activity's <title> has no text.") % where)
    for budget in activity.budgets:
        if not _is_currency(budget.currency):
            reasons.append(
                _("Line %(line)s: <budget> currency “%(code)s” is not an ISO 4217 code.")
                % {"line": budget.line, "code": budget.currency}
            )
        if budget.value >= MONEY_LIMIT:
            reasons.append(_("Line %(line)s: <budget> value is too large.") % {"line": budget.line})
    for row in activity.transactions:
        if not _is_currency(row.currency):
            reasons.append(
                _("Line %(line)s: a <transaction> currency “%(code)s” is not an ISO 4217 code.")
                % {"line": activity.line, "code": row.currency}
            )
        if abs(row.value) >= Decimal("1e14"):
            reasons.append(
                _("Line %(line)s: a <transaction> value is too large.") % {"line": activity.line}
            )
    return reasons


def plan_import(
    government: Government,
    data: FileData,
    *,
    organisations: dict[int, list[Organisation]] | None = None,
) -> list[ActivityPlan]:
    """What importing ``data`` would do, activity by activity (writes nothing).
    ``organisations`` keeps each activity's organisations (by ``id`` of the activity) for
    the write that follows."""
    identifiers = [activity.identifier for activity in data.activities if activity.identifier]
    existing = _matching_actions(government, identifiers)
    seen: set[str] = set()
    plans = []
    own = organisation_identifier(government).lower()
    resolver = _partner_cache(government)
    for activity in data.activities:
        reasons = _check_activity(activity)
        warnings = list(activity.warnings)
        reported_by = ""
        if activity.reporting_org_ref.strip().lower() != own:
            reported_by = activity.reporting_org_name or activity.reporting_org_ref
            warnings.append(
                _(
                    "Reported by %(organisation)s, not by this government: the action is kept "
                    "in the register and never published in the government's IATI file."
                )
                % {"organisation": reported_by or _("an organisation without identifier")}
            )
        if activity.identifier and activity.identifier in seen:
            reasons.append(
                _("Line %(line)s: the identifier “%(identifier)s” appears twice in the file.")
                % {"line": activity.line, "identifier": activity.identifier}
            )
        seen.add(activity.identifier)
        action = existing.get(activity.identifier)
        matches = [
            resolver.resolve(org) for org in _organisations(government, activity, organisations)
        ]
        plans.append(
            ActivityPlan(
                line=activity.line,
                identifier=activity.identifier,
                title=activity.title.get(activity.language)
                or next(iter(activity.title.values()), ""),
                operation="refused" if reasons else ("update" if action else "create"),
                action_id=action.pk if action else None,
                budgets=len(activity.budgets),
                results=len(activity.indicators),
                partners=len(distinct_partners(matches)),
                transactions=len(activity.transactions),
                documents=len(activity.documents),
                warnings=warnings,
                kept=activity.kept_as_text,
                reasons=reasons,
                reported_by=reported_by,
                organisations=[match.as_preview() for match in matches],
            )
        )
    return plans


def _organisations(
    government: Government,
    activity: ActivityData,
    known: dict[int, list[Organisation]] | None = None,
) -> list[Organisation]:
    """The organisations the activity names (reporting, participating, transactions' providers
    and receivers) that are not the government, each once (kept in ``known``, by the
    activity's ``id``, when given: the plan and the write of an import both ask)."""
    if known is not None and id(activity) in known:
        return known[id(activity)]
    found = activity_organisations(
        activity, own_identifier=organisation_identifier(government), own_name=government.name
    )
    if known is not None:
        known[id(activity)] = found
    return found


def _texts(activity: ActivityData, texts: dict[str, str], language: str) -> str:
    return texts.get(language) or next(iter(texts.values()), "")


def _translations(
    language: str, fields: dict[str, dict[str, str]], limits: dict[str, int] | None = None
) -> dict[str, dict[str, str]]:
    """{other language: {field: text}} from {field: {language: text}}."""
    result: dict[str, dict[str, str]] = {}
    for name, texts in fields.items():
        for code, text in texts.items():
            if code != language and text:
                limit = (limits or {}).get(name)
                result.setdefault(code, {})[name] = text[:limit] if limit else text
    return result


def _quantize(value: Decimal | None, places: str, limit: Decimal) -> Decimal | None:
    if value is None:
        return None
    try:
        quantized = value.quantize(Decimal(places))
    except InvalidOperation:
        return None
    return quantized if abs(quantized) < limit else None


def _partners(
    government: Government,
    activity: ActivityData,
    acting_user: User | None,
    cache: PartnerResolver,
    known: dict[int, list[Organisation]] | None = None,
) -> list[Match]:
    """The partners the activity's organisations resolve to: found by identifier, or by name
    in the same country, or new: queued in the import's batch (``writer``), written in bulk
    before the actions that name them, each audited as a create (the event
    ``create_partner`` writes), in the import's transaction."""

    def create(organisation: Organisation) -> Partner:
        unsaved = unsaved_partner(organisation)
        values = {
            "name": unsaved.name,
            "kind": unsaved.kind,
            "country": unsaved.country,
            "iati_identifier": unsaved.iati_identifier,
        }
        return writer.save_row(
            Partner(government=government),
            acting_user=acting_user,
            fields=PARTNER_FIELDS,
            values=values,
            m2m={"tags": []},
        )

    return [
        cache.resolve(organisation, create)
        for organisation in _organisations(government, activity, known)
    ]


@dataclass
class References:
    """The reference rows an import links actions to, read once per import."""

    themes: dict[str, Theme]
    targets: dict[str, SdgTarget]

    @classmethod
    def load(cls) -> References:
        themes = Theme.objects.filter(code__in=set(codes.DAC_SECTOR_TO_THEME.values()))
        return cls(
            themes={theme.code: theme for theme in themes},
            targets={target.code: target for target in SdgTarget.objects.all()},
        )


@dataclass
class Previous:
    """What is stored for the actions a group of activities updates, read in bulk (a few
    queries per group instead of a few per activity): their many-to-many links, and the rows
    of an earlier import the new ones replace."""

    links: dict[int, dict[str, list[int]]] = field(default_factory=dict)
    budget_lines: dict[int, list[BudgetLine]] = field(default_factory=dict)
    transactions: dict[int, list[Transaction]] = field(default_factory=dict)
    documents: dict[int, list[IatiDocumentLink]] = field(default_factory=dict)
    indicators: dict[int, list[Indicator]] = field(default_factory=dict)
    extras: dict[int, IatiActivityExtra] = field(default_factory=dict)

    @classmethod
    def load(
        cls, government: Government, actions: list[Action], indicator_titles: set[str]
    ) -> Previous:
        previous = cls()
        ids = [action.pk for action in actions]
        if not ids:
            return previous
        for name in ("partners", "themes", "sdg_targets"):
            relation = Action._meta.get_field(name)
            assert isinstance(relation, models.ManyToManyField)
            through = getattr(Action, name).through
            target = relation.m2m_reverse_field_name()
            pairs = through.objects.filter(action_id__in=ids).values_list(
                "action_id", f"{target}_id"
            )
            for action_id, other_id in pairs.order_by("pk"):
                previous.links.setdefault(action_id, {}).setdefault(name, []).append(other_id)

        def by_action(rows: Any) -> dict[int, list[Any]]:
            grouped: dict[int, list[Any]] = {}
            for row in rows:
                grouped.setdefault(row.action_id, []).append(row)
            return grouped

        stored = {"government": government, "action_id__in": ids}
        previous.budget_lines = by_action(
            BudgetLine.objects.filter(**stored, iati_budget__isnull=False)
        )
        previous.transactions = by_action(Transaction.objects.filter(**stored))
        previous.documents = by_action(IatiDocumentLink.objects.filter(**stored))
        previous.indicators = by_action(
            Indicator.objects.filter(**stored, title__in=indicator_titles)
        )
        previous.extras = {
            extra.action_id: extra for extra in IatiActivityExtra.objects.filter(**stored)
        }
        return previous


def _partner_cache(government: Government) -> PartnerResolver:
    """The government's partners, read once per import for :func:`_partners`."""
    return PartnerResolver.load(government)


def _write_activity(
    government: Government,
    activity: ActivityData,
    action: Action | None,
    *,
    acting_user: User | None,
    publish: bool,
    version: str,
    partner_cache: PartnerResolver,
    organisations: dict[int, list[Organisation]] | None = None,
    references: References,
    previous: Previous,
) -> tuple[Action, list[Match]]:
    """Queue the action of ``activity`` and its rows (``previous``: what is stored for the
    action it updates); returns it with the partners its organisations resolved to (new ones
    are written with the action)."""
    language = activity.language if activity.language in KNOWN_LANGUAGES else ""
    main = language or activity.language
    title = _texts(activity, activity.title, main)[:300]
    description = _texts(activity, activity.description, main)
    start = activity.dates.get(codes.DATE_ACTUAL_START) or activity.dates.get(
        codes.DATE_PLANNED_START
    )
    end = activity.dates.get(codes.DATE_ACTUAL_END) or activity.dates.get(codes.DATE_PLANNED_END)
    if start and end and end < start:
        end = None
    status = codes.IATI_TO_STATUS.get(activity.status_code.strip(), ActionStatus.PLANNED)
    values: dict[str, Any] = {
        "title": title,
        "description": description,
        "public_summary": description,
        "language": language,
        "translations": _translations(
            main,
            {
                "title": activity.title,
                "description": activity.description,
                "public_summary": activity.description,
            },
            {"title": 300},
        ),
        "iati_identifier": activity.identifier,
        "start_date": start,
        "end_date": end,
        "status": status,
        "is_public": publish and bool(description.strip()),
    }
    creating = action is None
    if action is None:
        action = _new_row(Action, timezone.now(), government=government)
        values["modality"] = (
            codes.IMPORTED_HUMANITARIAN_MODALITY
            if activity.humanitarian
            else codes.IMPORTED_MODALITY
        )
    themes = list(
        {
            code: references.themes[code]
            for code in (codes.DAC_SECTOR_TO_THEME.get(sector) for sector in activity.dac_sectors)
            if code in references.themes
        }.values()
    )
    targets = list(
        {
            code: references.targets[code]
            for code in activity.sdg_targets
            if code in references.targets
        }.values()
    )
    matches = _partners(government, activity, acting_user, partner_cache, organisations)
    partners = distinct_partners(matches)
    m2m: dict[str, list[Any]] = {"partners": partners, "themes": themes, "sdg_targets": targets}
    if not creating:  # the stored links are kept, the file's added (ids or rows, see writer.py)
        stored = previous.links.get(action.pk, {})
        m2m = {name: [*stored.get(name, []), *related] for name, related in m2m.items()}
    # A new action is written in bulk with its rows (writer.py): its id comes at the flush.
    writer.save_row(action, acting_user=acting_user, fields=list(values), values=values, m2m=m2m)
    # A new action has no rows of a previous import to replace.
    old = None if creating else previous
    _write_budgets(government, activity, action, acting_user=acting_user, previous=old)
    _write_transactions(government, activity, action, acting_user=acting_user, previous=old)
    _write_documents(government, activity, action, acting_user=acting_user, previous=old)
    groups = _write_indicators(government, activity, action, acting_user=acting_user, previous=old)
    _write_extra(
        government,
        activity,
        action,
        acting_user=acting_user,
        version=version,
        groups=groups,
        previous=old,
    )
    return action, matches


def _write_extra(
    government: Government,
    activity: ActivityData,
    action: Action,
    *,
    acting_user: User | None,
    version: str,
    groups: list[list[Indicator]],
    previous: Previous | None,
) -> None:
    extra = (previous.extras.get(action.pk) if previous else None) or _new_row(
        IatiActivityExtra, timezone.now(), government=government, action=action
    )
    start_type = next(
        (
            kind
            for kind in (codes.DATE_ACTUAL_START, codes.DATE_PLANNED_START)
            if kind in activity.dates
        ),
        "",
    )
    end_type = next(
        (
            kind
            for kind in (codes.DATE_ACTUAL_END, codes.DATE_PLANNED_END)
            if kind in activity.dates
        ),
        "",
    )
    if action.end_date is None:  # an end before the start is not the action's end
        end_type = ""
    values = {
        "elements": activity.extras,
        "default_language": activity.language[:12],
        "default_currency": activity.default_currency[:3],
        "hierarchy": activity.hierarchy,
        "humanitarian": activity.humanitarian,
        "reporting_org_ref": activity.reporting_org_ref[:150],
        "reporting_org_name": activity.reporting_org_name[:300],
        "reporting_org_type": activity.reporting_org.type[:10],
        "reporting_org_names": activity.reporting_org.names,
        "secondary_reporter": activity.secondary_reporter,
        "government_takes_part": government_takes_part(
            activity, own_identifier=organisation_identifier(government), own_name=government.name
        ),
        "source_version": version[:10],
        "status_code": activity.status_code.strip()[:10],
        "activity_dates": activity.all_dates,
        "start_date_type": start_type,
        "end_date_type": end_type,
        "description_type": activity.description_type[:2],
        "result_groups": writer.Later(lambda: [[row.pk for row in group] for group in groups]),
        "source_xml": activity.source_xml,
        "fingerprints": {},  # set once the whole activity is written (import_activities)
    }
    writer.save_row(extra, acting_user=acting_user, fields=list(values), values=values)


def _write_budgets(
    government: Government,
    activity: ActivityData,
    action: Action,
    *,
    acting_user: User | None,
    previous: Previous | None,
) -> None:
    for line in previous.budget_lines.get(action.pk, []) if previous else []:
        writer.delete_row(line, acting_user=acting_user)
    own = activity.reporting_org_ref.lower() == organisation_identifier(government).lower()
    now = timezone.now()
    for budget in activity.budgets:
        line = writer.save_row(
            _new_row(BudgetLine, now, government=government, action=action),
            acting_user=acting_user,
            fields=["source", "funder", "amount", "currency"],
            values={
                "source": FundingSource.OWN if own else FundingSource.INTERNATIONAL,
                "funder": "" if own else activity.reporting_org_name[:200],
                "amount": budget.value.quantize(CENT),
                "currency": budget.currency,
            },
        )
        writer.save_row(
            _new_row(IatiBudget, now, government=government, budget_line=line),
            acting_user=acting_user,
            fields=["budget_type", "budget_status", "period_start", "period_end", "value_date"],
            values={
                "budget_type": budget.budget_type[:2],
                "budget_status": budget.status[:2],
                "period_start": budget.period_start,
                "period_end": budget.period_end,
                "value_date": budget.value_date,
            },
        )


def _write_transactions(
    government: Government,
    activity: ActivityData,
    action: Action,
    *,
    acting_user: User | None,
    previous: Previous | None,
) -> None:
    for old in previous.transactions.get(action.pk, []) if previous else []:
        writer.delete_row(old, acting_user=acting_user)
    now = timezone.now()
    for row in activity.transactions:
        values = {
            "ref": row.ref[:150],
            "transaction_type": row.transaction_type[:3],
            "date": row.date,
            "value": row.value.quantize(TRANSACTION_PLACES),
            "currency": row.currency,
            "value_date": row.value_date,
            "description": row.description,
            "provider_ref": row.provider_ref[:150],
            "provider_name": row.provider_name[:300],
            "receiver_ref": row.receiver_ref[:150],
            "receiver_name": row.receiver_name[:300],
            "provider_type": row.provider_type[:10],
            "provider_activity_id": row.provider_activity_id[:150],
            "receiver_type": row.receiver_type[:10],
            "receiver_activity_id": row.receiver_activity_id[:150],
            "humanitarian": row.humanitarian,
            "extra_xml": row.extra_xml,
        }
        writer.save_row(
            _new_row(Transaction, now, government=government, action=action),
            acting_user=acting_user,
            fields=list(values),
            values=values,
        )


def _write_documents(
    government: Government,
    activity: ActivityData,
    action: Action,
    *,
    acting_user: User | None,
    previous: Previous | None,
) -> None:
    for old in previous.documents.get(action.pk, []) if previous else []:
        writer.delete_row(old, acting_user=acting_user)
    now = timezone.now()
    for position, document in enumerate(activity.documents):
        writer.save_row(
            _new_row(IatiDocumentLink, now, government=government, action=action),
            acting_user=acting_user,
            fields=["url", "title", "xml", "position"],
            values={
                "url": document.url[:1000],
                "title": document.title[:500],
                "xml": document.xml,
                "position": position,
            },
        )


def _indicator_titles(activity: ActivityData) -> set[str]:
    """The titles of the activity's indicators as they are stored (in the language the action
    is written in: the activity's)."""
    return {_texts(activity, item.title, activity.language)[:300] for item in activity.indicators}


def _rubric(indicator: IndicatorData) -> str:
    levels = []
    for period in indicator.periods:
        for comment in (period.target_comment, period.actual_comment):
            if comment and comment[:300] not in levels:
                levels.append(comment[:300])
    return "\n".join(levels) or _("Level as reported in the IATI file")


def _write_indicators(
    government: Government,
    activity: ActivityData,
    action: Action,
    *,
    acting_user: User | None,
    previous: Previous | None,
) -> list[list[Indicator]]:
    """Write the activity's indicators (replacing those of the same titles ``previous``
    holds); returns each result's indicators, one list per <result> of the file in its order
    (empty for a result without indicators): two results with the same title stay two."""
    language = action.language or activity.language
    titles = _indicator_titles(activity)
    for old in previous.indicators.get(action.pk, []) if previous else []:
        if old.title in titles:
            writer.delete_row(old, acting_user=acting_user)
    now = timezone.now()
    groups: list[list[Indicator]] = [[] for _result in range(activity.result_count)]
    for position, item in enumerate(activity.indicators):
        values: dict[str, Any] = {
            "title": _texts(activity, item.title, language)[:300],
            "description": _texts(activity, item.description, language),
            "result_title": _texts(activity, item.result_title, language)[:300],
            "result_type": item.result_type,
            "measure": item.measure,
            "rubric": _rubric(item) if item.measure == Measure.QUALITATIVE else "",
            "ascending": item.ascending,
            "baseline_value": _quantize(item.baseline_value, "0.0001", RESULT_LIMIT),
            "baseline_year": item.baseline_year
            if item.baseline_year and item.baseline_year <= 2100
            else None,
            "baseline_comment": item.baseline_comment[:300],
            "language": action.language,
            "translations": _translations(
                language,
                {
                    "title": item.title,
                    "description": item.description,
                    "result_title": item.result_title,
                },
                {"title": 300, "result_title": 300},
            ),
            "is_public": True,
            "position": position,
        }
        indicator = writer.save_row(
            _new_row(Indicator, now, government=government, action=action),
            acting_user=acting_user,
            fields=list(values),
            values=values,
        )
        groups[item.result].append(indicator)
        starts: set[Any] = set()
        for period_data in item.periods:
            if period_data.start in starts:
                continue  # a second period starting the same day: the first one is kept
            starts.add(period_data.start)
            period = writer.save_row(
                _new_row(IndicatorPeriod, now, government=government, indicator=indicator),
                acting_user=acting_user,
                fields=["start", "end", "target_value", "target_comment"],
                values={
                    "start": period_data.start,
                    "end": period_data.end,
                    "target_value": _quantize(period_data.target_value, "0.0001", RESULT_LIMIT),
                    "target_comment": period_data.target_comment[:300],
                },
            )
            actual = _quantize(period_data.actual_value, "0.0001", RESULT_LIMIT)
            if actual is None and not period_data.actual_comment:
                continue
            writer.save_row(
                _new_row(IndicatorUpdate, now, government=government, period=period),
                acting_user=acting_user,
                fields=[
                    "value",
                    "qualitative_value",
                    "narrative",
                    "status",
                    "reported_by",
                    "submitted_at",
                    "reviewed_at",
                ],
                values={
                    "value": actual,
                    "qualitative_value": period_data.actual_comment[:300]
                    if item.measure == Measure.QUALITATIVE
                    else "",
                    "narrative": period_data.actual_comment,
                    "status": UpdateStatus.APPROVED,
                    "reported_by": None,
                    "submitted_at": now,
                    "reviewed_at": now,
                },
            )
    return groups


@transaction.atomic
def import_activities(
    government: Government,
    *,
    acting_user: User | None,
    data: FileData,
    publish: bool = False,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[ActivityPlan]:
    """Create or update an action for every activity of ``data`` (by IATI identifier).

    All or nothing: when one activity cannot be stored, :class:`ImportRefused` says why and
    nothing is written; with ``dry_run`` only the plan is returned. ``progress(done, total)``
    is told how many activities are written, every ``FLUSH_EVERY``.
    """
    organisations: dict[int, list[Organisation]] = {}  # each activity's, found once
    plans = plan_import(government, data, organisations=organisations)
    reasons = [reason for plan in plans for reason in plan.reasons]
    if reasons:
        raise ImportRefused(reasons)
    if dry_run:
        return plans
    cache = _partner_cache(government)
    references = References.load()
    existing = _matching_actions(government, [plan.identifier for plan in plans])
    total = len(plans)
    written: list[tuple[ActivityPlan, Action, list[Match]]] = []
    flushed = 0  # activities of ``written`` whose rows are written
    previous = Previous()
    with writer.batch(acting_user=acting_user) as rows:
        for done, (activity, plan) in enumerate(zip(data.activities, plans, strict=True), 1):
            if (done - 1) % FLUSH_EVERY == 0:  # a new group: read what is stored for it
                group = data.activities[done - 1 : done - 1 + FLUSH_EVERY]
                stored = [existing[a.identifier] for a in group if a.identifier in existing]
                titles = {title for a in group for title in _indicator_titles(a)}
                previous = Previous.load(government, stored, titles)
            action, matches = _write_activity(
                government,
                activity,
                existing.get(activity.identifier),
                acting_user=acting_user,
                publish=publish,
                version=data.version,
                partner_cache=cache,
                organisations=organisations,
                references=references,
                previous=previous,
            )
            written.append((plan, action, matches))
            if done % FLUSH_EVERY == 0 or done == total:
                rows.flush()  # these activities' partners, actions and rows, in bulk (writer.py)
                for plan, _action, matches in written[flushed:]:
                    # The result lists the partners as written: the new ones have their page.
                    plan.organisations = [match.as_preview() for match in matches]
                created = [
                    action for plan, action, _matches in written[flushed:] if plan.action_id is None
                ]
                _record_fingerprints_written(government, created, rows.flushed)
                flushed = len(written)
                if progress is not None:
                    progress(done, total)
    updated = [plan.action_id for plan, _action, _matches in written if plan.action_id is not None]
    for plan, action, _matches in written:
        plan.action_id = action.pk
    _record_fingerprints(government, updated)
    return plans


def _record_fingerprints(government: Government, action_ids: list[int]) -> None:
    """Note, for every kind of element of the imported activities, what Lazos writes for it
    now: on export, a kind still written the same way (not edited in Lazos since) is written
    back exactly as published. (The actions read back from the database: those updated,
    which may hold rows of earlier imports or made in Lazos.)"""
    for chunk in activity_fingerprints(government, action_ids):
        _store_fingerprints([(action.iati_extra, fingerprints) for action, fingerprints in chunk])


def _record_fingerprints_written(
    government: Government,
    actions: list[Action],
    flushed: dict[type[models.Model], list[models.Model]],
) -> None:
    """:func:`_record_fingerprints` for actions the import has just created, rendered from
    the rows it wrote for them (``flushed``: all they have) instead of read back: the same
    digests (a test compares them), without reading 30 rows per activity again."""
    if not actions:
        return
    by_action: dict[type[models.Model], dict[Any, list[Any]]] = {}
    for model in (Transaction, IatiDocumentLink, BudgetLine, Indicator):
        grouped: dict[Any, list[Any]] = {}
        for row in flushed.get(model, []):
            grouped.setdefault(getattr(row, "action_id", None), []).append(row)
        by_action[model] = grouped
    periods: dict[int, list[IndicatorPeriod]] = {}
    for period in flushed.get(IndicatorPeriod, []):
        assert isinstance(period, IndicatorPeriod)
        periods.setdefault(period.indicator_id, []).append(period)
    updates: dict[int, list[IndicatorUpdate]] = {}
    for update in flushed.get(IndicatorUpdate, []):
        assert isinstance(update, IndicatorUpdate)
        updates.setdefault(update.period_id, []).append(update)
    renderer = ActivityWriter(government, settings.LAZOS_BASE_URL)
    digests = []
    for action in actions:
        with file_parts_in_memory(
            action,
            transactions=by_action[Transaction].get(action.pk, []),
            documents=by_action[IatiDocumentLink].get(action.pk, []),
            budget_lines=by_action[BudgetLine].get(action.pk, []),
            indicators=by_action[Indicator].get(action.pk, []),
            periods=periods,
            updates=updates,
        ):
            digests.append((action.iati_extra, renderer.fingerprints(action)))
    _store_fingerprints(digests)


def _store_fingerprints(digests: list[tuple[IatiActivityExtra, dict[str, str]]]) -> None:
    """Write the digests, one statement for all. They are derived data, excluded from the
    audit trail (``audit_exclude``); the extras themselves were saved audited just before."""
    if not digests:
        return
    field = IatiActivityExtra._meta.get_field("fingerprints")
    assert isinstance(field, models.JSONField)
    db = router.db_for_write(IatiActivityExtra)
    connection = connections[db]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} = %s WHERE {} = %s".format(  # noqa: S608 - names from the model
        quote(IatiActivityExtra._meta.db_table), quote(field.column), quote("id")
    )
    rows = []
    for extra, fingerprints in digests:
        extra.fingerprints = fingerprints
        rows.append([field.get_db_prep_save(fingerprints, connection), extra.pk])
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def import_file(
    government: Government,
    source: str | IO[bytes],
    *,
    acting_user: User | None,
    publish: bool = False,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[ActivityPlan]:
    """Read, check and import a file (raises IatiFileError or ImportRefused)."""
    data = read_file(
        source,
        default_language=(government.official_languages or ["en"])[0],
        default_currency=government.currency,
    )
    return import_activities(
        government,
        acting_user=acting_user,
        data=data,
        publish=publish,
        dry_run=dry_run,
        progress=progress,
    )


# The office's import page --------------------------------------------------------------


def check_upload(upload: UploadedFile) -> None:
    name = upload.name or ""
    if not name.lower().endswith(".xml"):
        raise ValidationError(
            _("“%(name)s” is not an XML file (.xml)."), code="file_type", params={"name": name}
        )
    if upload.size is not None and upload.size > max_upload_bytes():
        raise ValidationError(
            _("“%(name)s” is larger than the limit of %(limit)s MB."),
            code="file_size",
            params={"name": name, "limit": max_upload_bytes() // (1024 * 1024)},
        )


@transaction.atomic
def preview_import(
    government: Government, *, acting_user: User | None, upload: UploadedFile, publish: bool
) -> IatiImport:
    """Check the uploaded file and keep it with its preview; nothing else is written.

    An invalid or refused file raises ValidationError with every problem and is not kept.
    """
    check_upload(upload)
    try:
        data = read_file(
            upload,
            default_language=(government.official_languages or ["en"])[0],
            default_currency=government.currency,
        )
    except IatiFileError as error:
        raise ValidationError([str(problem) for problem in error.problems[:50]]) from error
    plans = plan_import(government, data)
    reasons = [reason for plan in plans for reason in plan.reasons]
    if reasons:
        raise ValidationError(reasons[:50])
    upload.seek(0)
    return save_audited(
        IatiImport(government=government, uploaded_by=acting_user),
        acting_user=acting_user,
        fields=["file", "original_name", "version", "publish", "preview", "to_create", "to_update"],
        values={
            "file": upload,
            "original_name": (upload.name or "")[:255],
            "version": data.version[:10],
            "publish": publish,
            "preview": [plan.as_dict() for plan in plans],
            "to_create": sum(plan.operation == "create" for plan in plans),
            "to_update": sum(plan.operation == "update" for plan in plans),
        },
    )


def apply_import(run: IatiImport, *, acting_user: User | None) -> IatiImport:
    """Apply a previewed import (synchronously: the upload limit bounds its size)."""
    if not run.can_apply:
        raise ValidationError(_("This import has already been applied or has failed."))
    government = run.government
    try:
        with transaction.atomic(), import_revert.recording_run(run):
            with run.file.open("rb") as source:
                plans = import_file(
                    government, source, acting_user=acting_user, publish=run.publish
                )
            values = {
                "status": ImportStatus.APPLIED,
                "applied_at": timezone.now(),
                "preview": [plan.as_dict() for plan in plans],
            }
            save_audited(run, acting_user=acting_user, fields=list(values), values=values)
    except (IatiFileError, ImportRefused, ValidationError) as error:
        messages = (
            [str(p) for p in error.problems]
            if isinstance(error, IatiFileError)
            else error.reasons
            if isinstance(error, ImportRefused)
            else list(error.messages)
        )
        values = {"status": ImportStatus.FAILED, "failure": "\n".join(messages[:50])}
        save_audited(run, acting_user=acting_user, fields=list(values), values=values)
    return run
