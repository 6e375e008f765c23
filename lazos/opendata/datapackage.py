"""The government's open data package: one declarative table spec per resource.

Each :class:`Table` says which rows are public and, per :class:`Column`, how a value is read
and how it is documented (title, description, type, constraints). The CSV files and the
Frictionless descriptor (``datapackage.json``) are both built from these specs, so the
documentation cannot drift from the data; the public API (``opendata/api/``,
``/api/v1/public/``) serves the same rows and columns as JSON, across every government that
publishes (``Publisher``).

Only public items and their public fields are published:

- actions marked public: title, public summary, modality, status, dates, location, partners,
  agreement (when public), SDG targets — never the description, outcomes, lessons learned or
  external ids;
- agreements marked public: title, public summary, kind, status, dates, renewal, partners —
  never the internal summary, objectives, legal basis or national registration details;
- partners linked to a public action or a public agreement: name, kind, country and city
  only;
- budget lines of public actions (without their internal description);
- missions of public actions: destination and cost — never the travellers or the purpose;
- indicators that are public on a public action or on the public, approved strategy
  (``Indicator.objects.public()``), and, as results, their periods' targets and the actual
  value of the latest approved update (drafts, submitted or returned updates never).

Text cells are written through :func:`lazos.core.spreadsheet_safety.neutralise`: one starting
with ``= + - @``, a tab or a carriage return gets an apostrophe in front, so a spreadsheet
program never runs it as a formula. Every resource's description says so (:data:`ESCAPE_NOTE`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import (
    Count,
    DateTimeField,
    DecimalField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from lazos.actions.choices import ActionStatus, FundingSource, Modality
from lazos.actions.models import Action, BudgetLine, Mission
from lazos.agreements.choices import AgreementKind, AgreementStatus, RenewalType
from lazos.agreements.models import Agreement
from lazos.core.querysets import TenantQuerySet
from lazos.core.spreadsheet_safety import neutralise
from lazos.governments.models import Government
from lazos.partners.choices import PartnerKind
from lazos.partners.models import Partner
from lazos.partners.querysets import PartnerQuerySet
from lazos.results.choices import Measure, ResultType, UpdateStatus
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate
from lazos.results.querysets import IndicatorQuerySet

# Licences the index page can name and link; any other SPDX id is shown as is.
LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": (
        "Creative Commons Attribution-ShareAlike 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "CC0-1.0": ("Creative Commons Zero 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
    "ODC-By-1.0": ("Open Data Commons Attribution License 1.0", "https://opendatacommons.org/licenses/by/1-0/"),
    "PDDL-1.0": ("Open Data Commons Public Domain Dedication and License 1.0", "https://opendatacommons.org/licenses/pddl/1-0/"),
}  # fmt: skip


#: What every CSV resource's description (and the open-data page) says about escaped text.
ESCAPE_NOTE = _(
    "Text cells that start with =, +, -, @, a tab or a carriage return are written with an "
    "apostrophe in front (for example '=A1 for the text =A1), so that spreadsheet programs "
    "show them as text instead of running them as formulas. Remove that one apostrophe to "
    "get the original text; numbers, dates and codes are never changed."
)


def licence_of(government: Government) -> dict[str, str]:
    code = government.open_data_licence or "CC-BY-4.0"
    title, url = LICENCES.get(code, (code, ""))
    licence = {"name": code, "title": title}
    if url:
        licence["path"] = url
    return licence


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless field type: integer, number, string, date, datetime, boolean
    title: Any
    description: Any
    value: Callable[[Any], Any]
    constraints: dict[str, Any] = field(default_factory=dict)
    choices: Any = None  # a TextChoices class: enum constraint, codes documented
    # The value is a list (of ``type`` "integer" or "string" items): the CSV cell joins them
    # with semicolons, the public API (``opendata/api/``) gives the list.
    many: bool = False

    def cell_value(self, row: Any) -> Any:
        """The value as the CSV file writes it (a list joined with semicolons)."""
        value = self.value(row)
        return _join(value) if self.many else value

    def descriptor(self) -> dict[str, Any]:
        description = str(self.description)
        constraints = dict(self.constraints)
        if self.choices is not None:
            codes = "; ".join(f"{value} = {label}" for value, label in self.choices.choices)
            description = f"{description} {_('Codes')}: {codes}."
            constraints["enum"] = list(self.choices.values)
        spec: dict[str, Any] = {
            "name": self.name,
            "title": str(self.title),
            "description": description,
            "type": "string" if self.many else self.type,
        }
        if self.type == "boolean":
            spec.update(trueValues=["true"], falseValues=["false"])
        if constraints:
            spec["constraints"] = constraints
        return spec


@dataclass(frozen=True)
class ForeignKey:
    field: str
    resource: str


def _as_they_are(government: Publisher, rows: list[Any]) -> list[Any]:
    return rows


@dataclass(frozen=True)
class Table:
    """A resource: its columns, its public rows (``source``: a QuerySet in the file's order,
    which the public API filters and pages) and ``prepare``, which gives a list of those rows
    (the whole file, or one page) what the columns read, in a fixed number of queries."""

    name: str
    title: Any
    description: Any
    columns: tuple[Column, ...]
    source: Callable[[Publisher], QuerySet[Any]]
    prepare: Callable[[Publisher, list[Any]], list[Any]] = _as_they_are
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def rows(self, government: Government) -> list[Any]:
        return self.prepare(government, list(self.source(government)))

    def descriptor(self, path: str) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "fields": [column.descriptor() for column in self.columns],
            "primaryKey": ["id"],
            "missingValues": [""],
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": [fk.field], "reference": {"resource": fk.resource, "fields": ["id"]}}
                for fk in self.foreign_keys
            ]
        return {
            "name": self.name,
            "path": path,
            "title": str(self.title),
            "description": f"{self.description} {ESCAPE_NOTE}",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        }

    def csv_bytes(self, government: Government) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([column.name for column in self.columns])
        for row in self.rows(government):
            writer.writerow([safe_cell(column.cell_value(row)) for column in self.columns])
        return buffer.getvalue().encode("utf-8")


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, datetime):
        return value.astimezone(timezone.get_default_timezone()).replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def safe_cell(value: Any) -> str:
    """:func:`cell`, with text that a spreadsheet would run escaped; numbers, dates and
    booleans are typed values and stay as they are (a negative number is not text)."""
    text = cell(value)
    if value is None or isinstance(value, bool | int | float | Decimal | date):
        return text
    return str(neutralise(text))


def _code(value: Any) -> str:
    return str(value) if value else ""


def _join(values: Iterable[Any]) -> str:
    return ";".join(str(v) for v in values)


# --- What is public ---------------------------------------------------------------------------

#: Whose rows: one government (its open-data files), or ``None`` for every government that
#: publishes its portal (the public API's lists across the instance).
Publisher = Government | None


_Rows = TypeVar("_Rows", bound=TenantQuerySet[Any])


def of_publisher(queryset: _Rows, government: Publisher) -> _Rows:
    """The rows of ``government``, or (``None``) of every government whose portal is on."""
    if government is None:
        return queryset.filter(government__portal_enabled=True)
    return queryset.for_tenant(government)


def public_actions(government: Publisher) -> QuerySet[Action]:
    return of_publisher(Action.objects.public(), government)


def public_agreements(government: Publisher) -> QuerySet[Agreement]:
    return of_publisher(Agreement.objects.filter(is_public=True), government)


def public_partners(government: Publisher) -> PartnerQuerySet:
    through_actions = Action.partners.through.objects.filter(
        action__in=public_actions(government)
    ).values("partner_id")
    through_agreements = Agreement.partners.through.objects.filter(
        agreement__in=public_agreements(government)
    ).values("partner_id")
    return of_publisher(Partner.objects.all(), government).filter(
        Q(pk__in=through_actions) | Q(pk__in=through_agreements)
    )


def public_indicators(government: Publisher) -> IndicatorQuerySet:
    return of_publisher(Indicator.objects.public(), government)


def _languages(government: Publisher, rows: list[Any]) -> dict[int, list[str]]:
    """The official languages of the governments of ``rows`` (one query across governments)."""
    if government is not None:
        return {government.pk: list(government.official_languages or [])}
    ids = {row.government_id for row in rows}
    return dict(Government.objects.filter(pk__in=ids).values_list("pk", "official_languages"))


def _language(obj: Any, languages: dict[int, list[str]]) -> str:
    official = languages.get(obj.government_id) or []
    return (obj.language or (official[0] if official else "")).split("-")[0].lower()


# --- Row sources: the public rows, and what their columns read (a fixed number of queries) --


def _partner_rows(government: Publisher) -> QuerySet[Any]:
    return public_partners(government).select_related("place").order_by("id")


def _m2m(through: Any, owner: str, target: str, owners: Any) -> dict[int, list[Any]]:
    mapping: dict[int, list[Any]] = defaultdict(list)
    pairs = through.objects.filter(**{f"{owner}__in": owners}).values_list(
        f"{owner}_id", f"{target}_id"
    )
    for owner_id, target_id in pairs.order_by(f"{target}_id"):
        mapping[owner_id].append(target_id)
    return mapping


def _agreement_rows(government: Publisher) -> QuerySet[Any]:
    return public_agreements(government).order_by("id")


def _prepare_agreements(government: Publisher, rows: list[Any]) -> list[Any]:
    partners = _m2m(Agreement.partners.through, "agreement", "partner", [a.pk for a in rows])
    languages = _languages(government, rows)
    for agreement in rows:
        agreement.public_partner_ids = partners.get(agreement.pk, [])
        agreement.content_language = _language(agreement, languages)
    return rows


def _action_rows(government: Publisher) -> QuerySet[Any]:
    return public_actions(government).order_by("id")


def _prepare_actions(government: Publisher, rows: list[Any]) -> list[Any]:
    ids = [a.pk for a in rows]
    partners = _m2m(Action.partners.through, "action", "partner", ids)
    targets = _m2m(Action.sdg_targets.through, "action", "sdgtarget", ids)
    public_agreement_ids = set(
        public_agreements(government)
        .filter(pk__in={a.agreement_id for a in rows if a.agreement_id})
        .values_list("pk", flat=True)
    )
    languages = _languages(government, rows)
    for action in rows:
        action.public_partner_ids = partners.get(action.pk, [])
        action.sdg_codes = targets.get(action.pk, [])
        action.public_agreement_id = (
            action.agreement_id if action.agreement_id in public_agreement_ids else None
        )
        action.content_language = _language(action, languages)
    return rows


def _budget_rows(government: Publisher) -> QuerySet[Any]:
    return (
        of_publisher(BudgetLine.objects.all(), government)
        .filter(action__in=public_actions(government))
        .order_by("action_id", "id")
    )


def _mission_rows(government: Publisher) -> QuerySet[Any]:
    return (
        of_publisher(Mission.objects.all(), government)
        .filter(action__in=public_actions(government))
        .select_related("destination")
        .order_by("action_id", "id")
    )


def _indicator_rows(government: Publisher) -> QuerySet[Any]:
    return (
        public_indicators(government)
        .select_related("objective__strategy")
        .order_by("action_id", "objective_id", "position", "id")
    )


def _prepare_indicators(government: Publisher, rows: list[Any]) -> list[Any]:
    """Which of the indicators they roll up to are public (a private one is not named)."""
    rolled_up_to = {row.contributes_to_id for row in rows if row.contributes_to_id}
    ids = frozenset(
        public_indicators(government).filter(pk__in=rolled_up_to).values_list("pk", flat=True)
        if rolled_up_to
        else ()
    )
    for row in rows:
        row.public_ids = ids
    return rows


def _result_rows(government: Publisher) -> QuerySet[Any]:
    approved = (
        IndicatorUpdate.objects.filter(period=OuterRef("pk"), status=UpdateStatus.APPROVED)
        .annotate(when=Coalesce("reviewed_at", "created_at"))
        .order_by("-when", "-id")
    )
    return (
        of_publisher(IndicatorPeriod.objects.all(), government)
        .filter(indicator__in=public_indicators(government))
        .annotate(
            actual_value=Subquery(
                approved.values("value")[:1],
                output_field=DecimalField(max_digits=16, decimal_places=4),
            ),
            actual_text=Subquery(approved.values("qualitative_value")[:1]),
            actual_on=Subquery(approved.values("when")[:1], output_field=DateTimeField()),
        )
        .order_by("indicator_id", "start", "id")
    )


# --- The tables --------------------------------------------------------------------------------

ID = {"required": True, "unique": True, "minimum": 1}
COUNTRY = {"pattern": "[A-Z]{2}"}
CURRENCY = {"required": True, "pattern": "[A-Z]{3}"}
AMOUNT = {"minimum": 0}
LANGUAGE = {"pattern": "[a-z]{2,3}"}


def _id(what: Any) -> Column:
    return Column("id", "integer", _("Identifier"), what, lambda o: o.pk, ID)


TABLES: tuple[Table, ...] = (
    Table(
        "partners",
        _("Partners"),
        _(
            "Organisations abroad or international the government works with in a public "
            "action or a public agreement."
        ),
        (
            _id(_("Identifier of the partner, referenced by actions and agreements.")),
            Column("name", "string", _("Name"), _("The partner's name."), lambda p: p.name,
                   {"required": True}),
            Column("kind", "string", _("Kind"), _("What kind of organisation it is."),
                   lambda p: p.kind, {"required": True}, PartnerKind),
            Column("country", "string", _("Country"),
                   _("ISO 3166-1 alpha-2 code; empty for international bodies."),
                   lambda p: _code(p.country), COUNTRY),
            Column("city", "string", _("City"),
                   _("The partner's city or region, as named in GeoNames."),
                   lambda p: p.place.name if p.place_id else ""),
        ),
        _partner_rows,
    ),
    Table(
        "agreements",
        _("Agreements"),
        _("Public agreements (twinning, memoranda, cooperation agreements…) with partners."),
        (
            _id(_("Identifier of the agreement, referenced by actions.")),
            Column("title", "string", _("Title"), _("The agreement's title."), lambda a: a.title,
                   {"required": True}),
            Column("kind", "string", _("Kind"), _("The kind of legal instrument."),
                   lambda a: a.kind, {"required": True}, AgreementKind),
            Column("status", "string", _("Status"), _("Where the agreement stands in its legal life."),
                   lambda a: a.status, {"required": True}, AgreementStatus),
            Column("signed_on", "date", _("Signed on"), _("Date of signature."),
                   lambda a: a.signed_on),
            Column("in_force_from", "date", _("In force from"),
                   _("Date it came into force."), lambda a: a.in_force_from),
            Column("valid_until", "date", _("Valid until"),
                   _("End of validity; empty for an agreement of indefinite duration."),
                   lambda a: a.valid_until),
            Column("renewal", "string", _("Renewal"), _("How the agreement is renewed."),
                   lambda a: a.renewal, {}, RenewalType),
            Column("public_summary", "string", _("Summary"),
                   _("What the agreement is about, as published by the government."),
                   lambda a: a.public_summary),
            Column("partner_ids", "integer", _("Partners"),
                   _("Identifiers of the partner parties (partners.csv), separated by semicolons."),
                   lambda a: a.public_partner_ids, {"pattern": "([0-9]+(;[0-9]+)*)?"}, many=True),
            Column("language", "string", _("Language"),
                   _("ISO 639-1 code of the language the title and summary are written in."),
                   lambda a: a.content_language, LANGUAGE),
        ),
        _agreement_rows,
        _prepare_agreements,
    ),
    Table(
        "actions",
        _("Actions"),
        _(
            "Public international actions: cooperation projects, exchanges, missions, "
            "delegations, events, network activities, advocacy, promotion…"
        ),
        (
            _id(_("Identifier of the action, referenced by the other files.")),
            Column("title", "string", _("Title"), _("The action's title."), lambda a: a.title,
                   {"required": True}),
            Column("modality", "string", _("Modality"), _("What kind of international action it is."),
                   lambda a: a.modality, {"required": True}, Modality),
            Column("status", "string", _("Status"), _("Where the action stands."),
                   lambda a: a.status, {"required": True}, ActionStatus),
            Column("start_date", "date", _("Start"), _("When the action starts or started."),
                   lambda a: a.start_date),
            Column("end_date", "date", _("End"), _("When the action ends or ended."),
                   lambda a: a.end_date),
            Column("public_summary", "string", _("Summary"),
                   _("What the action does, as published by the government."),
                   lambda a: a.public_summary),
            Column("location", "string", _("Location"), _("Where it takes place."),
                   lambda a: a.location),
            Column("agreement_id", "integer", _("Agreement"),
                   _("The public agreement it is carried out under (agreements.csv), if any."),
                   lambda a: a.public_agreement_id),
            Column("partner_ids", "integer", _("Partners"),
                   _("Identifiers of its partners (partners.csv), separated by semicolons."),
                   lambda a: a.public_partner_ids, {"pattern": "([0-9]+(;[0-9]+)*)?"}, many=True),
            Column("sdg_targets", "string", _("SDG targets"),
                   _("Codes of the Sustainable Development Goal targets it contributes to, "
                     "separated by semicolons, e.g. 11.6;17.17."),
                   lambda a: a.sdg_codes, many=True),
            Column("iati_identifier", "string", _("IATI identifier"),
                   _("Its IATI activity identifier, when it has one of its own."),
                   lambda a: a.iati_identifier),
            Column("language", "string", _("Language"),
                   _("ISO 639-1 code of the language the title and summary are written in."),
                   lambda a: a.content_language, LANGUAGE),
        ),
        _action_rows,
        _prepare_actions,
        (ForeignKey("agreement_id", "agreements"),),
    ),
    Table(
        "budget_lines",
        _("Budget lines"),
        _("The budget of public actions, by funding source."),
        (
            _id(_("Identifier of the budget line.")),
            Column("action_id", "integer", _("Action"), _("The action (actions.csv)."),
                   lambda b: b.action_id, {"required": True}),
            Column("source", "string", _("Funding source"), _("Where the money comes from."),
                   lambda b: b.source, {"required": True}, FundingSource),
            Column("funder", "string", _("Funder"), _("Who provides it, e.g. the partner city."),
                   lambda b: b.funder),
            Column("amount", "number", _("Amount"), _("The amount, in the currency given."),
                   lambda b: b.amount, {"required": True, **AMOUNT}),
            Column("currency", "string", _("Currency"), _("ISO 4217 currency code."),
                   lambda b: b.currency, CURRENCY),
            Column("in_kind", "boolean", _("In kind"),
                   _("true when it is a contribution valued, not paid."), lambda b: b.in_kind,
                   {"required": True}),
        ),
        _budget_rows,
        foreign_keys=(ForeignKey("action_id", "actions"),),
    ),
    Table(
        "indicators",
        _("Indicators"),
        _(
            "What is measured: public indicators of public actions and of the public, "
            "approved strategy's objectives."
        ),
        (
            _id(_("Identifier of the indicator, referenced by results.csv.")),
            Column("action_id", "integer", _("Action"),
                   _("The action it measures (actions.csv); empty for a strategy indicator."),
                   lambda i: i.action_id),
            Column("objective_code", "string", _("Objective"),
                   _("Code of the strategy objective it measures; empty for an action indicator."),
                   lambda i: i.objective.code if i.objective_id else ""),
            Column("objective_title", "string", _("Objective title"),
                   _("Title of the strategy objective it measures."),
                   lambda i: i.objective.title if i.objective_id else ""),
            Column("strategy", "string", _("Strategy"), _("Title of the strategy."),
                   lambda i: i.objective.strategy.title if i.objective_id else ""),
            Column("contributes_to_id", "integer", _("Rolls up to"),
                   _("The strategy indicator this action indicator contributes to."),
                   lambda i: i.contributes_to_id if i.contributes_to_id in i.public_ids else None),
            Column("title", "string", _("Title"), _("What is measured."), lambda i: i.title,
                   {"required": True}),
            Column("result_title", "string", _("Expected result"),
                   _("The result the indicator measures."), lambda i: i.result_title),
            Column("result_type", "string", _("Result level"),
                   _("IATI ResultType code of the result's level."), lambda i: i.result_type,
                   {"required": True}, ResultType),
            Column("measure", "string", _("Measure"), _("How it is measured."),
                   lambda i: i.measure, {"required": True}, Measure),
            Column("unit", "string", _("Unit"), _("e.g. people trained, tonnes."),
                   lambda i: i.unit),
            Column("ascending", "boolean", _("Higher is better"),
                   _("false when the aim is to reduce the value."), lambda i: i.ascending,
                   {"required": True}),
            Column("baseline_value", "number", _("Baseline"), _("The value at the start."),
                   lambda i: i.baseline_value),
            Column("baseline_year", "integer", _("Baseline year"),
                   _("The year of the baseline."), lambda i: i.baseline_year,
                   {"minimum": 1990, "maximum": 2100}),
        ),
        _indicator_rows,
        _prepare_indicators,
        (ForeignKey("action_id", "actions"), ForeignKey("contributes_to_id", "indicators")),
    ),
    Table(
        "results",
        _("Results"),
        _(
            "Targets and actual values of the indicators per reporting period; actual values "
            "come from approved updates only."
        ),
        (
            _id(_("Identifier of the reporting period.")),
            Column("indicator_id", "integer", _("Indicator"), _("The indicator (indicators.csv)."),
                   lambda p: p.indicator_id, {"required": True}),
            Column("period_start", "date", _("Period start"), _("First day of the period."),
                   lambda p: p.start, {"required": True}),
            Column("period_end", "date", _("Period end"), _("Last day of the period."),
                   lambda p: p.end, {"required": True}),
            Column("target_value", "number", _("Target"), _("The value aimed at."),
                   lambda p: p.target_value),
            Column("target_comment", "string", _("Target note"),
                   _("For a qualitative indicator, the rubric level aimed at."),
                   lambda p: p.target_comment),
            Column("actual_value", "number", _("Actual"),
                   _("The value reached, from the latest approved update; empty until then."),
                   lambda p: p.actual_value),
            Column("actual_level", "string", _("Actual level"),
                   _("For a qualitative indicator, the rubric level reached."),
                   lambda p: p.actual_text or ""),
            Column("actual_approved_at", "datetime", _("Approved"),
                   _("When the actual value was approved."), lambda p: p.actual_on),
        ),
        _result_rows,
        foreign_keys=(ForeignKey("indicator_id", "indicators"),),
    ),
    Table(
        "missions",
        _("Missions"),
        _(
            "Travel of public missions abroad and delegations received: destination and cost "
            "(no personal data of the travellers)."
        ),
        (
            _id(_("Identifier of the mission.")),
            Column("action_id", "integer", _("Action"), _("The action (actions.csv)."),
                   lambda m: m.action_id, {"required": True, "unique": True}),
            Column("destination", "string", _("Destination"),
                   _("Where the mission goes, or where a delegation comes from."),
                   lambda m: m.destination.name if m.destination_id else m.destination_text),
            Column("destination_country", "string", _("Destination country"),
                   _("ISO 3166-1 alpha-2 code of the destination, when known."),
                   lambda m: _code(m.destination.country) if m.destination_id else "", COUNTRY),
            Column("cost", "number", _("Travel cost"), _("The cost of the travel."),
                   lambda m: m.cost, AMOUNT),
            Column("currency", "string", _("Currency"), _("ISO 4217 currency code."),
                   lambda m: m.currency, CURRENCY),
        ),
        _mission_rows,
        foreign_keys=(ForeignKey("action_id", "actions"),),
    ),
)  # fmt: skip

TABLES_BY_NAME = {table.name: table for table in TABLES}


# --- Freshness ----------------------------------------------------------------------------------


#: Part of every ETag (and so of the cache keys of the generated files): change it when the
#: files are written differently, so no cache or client keeps the previous form.
#: 2: text cells escaped against formula injection.
FILES_VERSION = "2"


@dataclass(frozen=True)
class Freshness:
    last_modified: datetime
    etag: str


def freshness(government: Government) -> Freshness:
    """When the public content last changed, and an ETag that also changes when a public row
    is removed (the counts are part of it). One query per kind of content."""
    sources = [
        public_actions(government),
        public_agreements(government),
        public_partners(government),
        BudgetLine.objects.for_tenant(government).filter(action__in=public_actions(government)),
        Mission.objects.for_tenant(government).filter(action__in=public_actions(government)),
        public_indicators(government),
        IndicatorPeriod.objects.for_tenant(government).filter(
            indicator__in=public_indicators(government)
        ),
        IndicatorUpdate.objects.for_tenant(government).filter(
            status=UpdateStatus.APPROVED, period__indicator__in=public_indicators(government)
        ),
    ]
    stamps = [government.updated_at]
    parts = [str(government.pk), government.open_data_licence, government.slug]
    for queryset in sources:
        row = queryset.order_by().aggregate(latest=Max("updated_at"), count=Count("pk"))
        if row["latest"] is not None:
            stamps.append(row["latest"])
        parts.append(f"{row['count']}:{row['latest']}")
    parts.append(package_language(government))
    parts.append(FILES_VERSION)
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return Freshness(max(stamps).replace(microsecond=0), f'"{digest}"')


def package_language(government: Government) -> str:
    """The descriptor's titles and descriptions are written in the government's first
    official language (English when Lazos does not speak it), whoever downloads them."""
    from django.conf import settings

    available = {code for code, _name in settings.LANGUAGES}
    for code in government.official_languages or []:
        if code in available:
            return str(code)
    return "en"


# --- The package --------------------------------------------------------------------------------


def descriptor(
    government: Government, *, path_for: Callable[[Table], str], created: datetime
) -> dict[str, Any]:
    with translation.override(package_language(government)):
        return _descriptor(government, path_for=path_for, created=created)


def _descriptor(
    government: Government, *, path_for: Callable[[Table], str], created: datetime
) -> dict[str, Any]:
    name = f"{government.slug}-open-data".lower()
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": str(
            _("Open data of %(government)s: international action") % {"government": government.name}
        ),
        "description": str(
            _(
                "Public partners, agreements, actions, budget lines, indicators, results and "
                "missions of the international action of %(government)s."
            )
            % {"government": government.name}
        ),
        "created": cell(created),
        "licenses": [licence_of(government)],
        "resources": [table.descriptor(path_for(table)) for table in TABLES],
    }


def build_zip(government: Government, *, created: datetime) -> bytes:
    """``datapackage.json`` and ``data/<table>.csv`` in one zip file."""
    buffer = io.BytesIO()
    spec = descriptor(government, path_for=lambda t: f"data/{t.filename}", created=created)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        stamp = timezone.localtime(created).timetuple()[:6]
        archive.writestr(
            zipfile.ZipInfo("datapackage.json", date_time=stamp),
            json.dumps(spec, ensure_ascii=False, indent=2),
        )
        for table in TABLES:
            info = zipfile.ZipInfo(f"data/{table.filename}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, table.csv_bytes(government))
    return buffer.getvalue()
