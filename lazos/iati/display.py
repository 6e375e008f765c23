"""What an action's page shows of its IATI data: who reported it, its transactions with their
totals, sectors by vocabulary, places, documents and results with their descriptions.

:func:`action_display` gathers everything in a fixed number of queries, whatever the number
of transactions, documents or indicators, so the office's page and the portal's page cost the
same for an action with one transaction and for one with thousands. Money stays ``Decimal``
from the database to the page: totals are summed exactly and never across currencies.

The kept elements (sectors, locations, recipient countries and regions) are read from the
fragments the import kept as published, with the hardened parser of :mod:`safexml`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import quote, urlsplit

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from lxml import etree

from lazos.actions.models import Action
from lazos.core.content import LocalizedText, base_language, localized
from lazos.governments.models import Government
from lazos.iati import safexml
from lazos.iati.export import organisation_identifier
from lazos.iati.models import IatiActivityExtra, IatiDocumentLink, Transaction
from lazos.results.models import Indicator

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Transactions listed one by one on the page; the totals always count every transaction.
TRANSACTION_ROWS = 100
# Where anyone can read an activity reported to IATI by its identifier.
ACTIVITY_VIEWER = "https://d-portal.org/ctrack.html#view=act&aid={identifier}"

# IATI TransactionType codelist (2.03).
TRANSACTION_TYPES: dict[str, Promise] = {
    "1": _("Incoming funds"),
    "2": _("Outgoing commitment"),
    "3": _("Disbursement"),
    "4": _("Expenditure"),
    "5": _("Interest payment"),
    "6": _("Loan repayment"),
    "7": _("Reimbursement"),
    "8": _("Purchase of equity"),
    "9": _("Sale of equity"),
    "10": _("Credit guarantee"),
    "11": _("Incoming commitment"),
    "12": _("Outgoing pledge"),
    "13": _("Incoming pledge"),
}

# IATI SectorVocabulary codelist (2.03); a sector without a vocabulary is a 5-digit DAC code.
SECTOR_VOCABULARIES: dict[str, Promise] = {
    "1": _("OECD DAC CRS purpose codes (5 digits)"),
    "2": _("OECD DAC CRS purpose codes (3 digits)"),
    "3": _("Classification of the functions of government (UN)"),
    "4": _("Statistical classification of economic activities in the European Community"),
    "5": _("National Taxonomy for Exempt Entities (USA)"),
    "6": _("AidData"),
    "7": _("Sustainable Development Goals"),
    "8": _("SDG targets"),
    "9": _("SDG indicators"),
    "10": _("Humanitarian global clusters (Inter-Agency Standing Committee)"),
    "11": _("North American Industry Classification System (NAICS)"),
    "12": _("UN system function"),
    "98": _("Reporting organisation's own codes (second list)"),
    "99": _("Reporting organisation's own codes"),
}
DEFAULT_SECTOR_VOCABULARY = "1"


@dataclass(frozen=True)
class Reporter:
    """Who reported the activity to IATI."""

    name: str
    ref: str
    by_other: bool
    identifier: str
    original_url: str


@dataclass(frozen=True)
class TransactionTotal:
    transaction_type: str
    label: str
    currency: str
    total: Decimal
    count: int


@dataclass
class TransactionSummary:
    rows: list[Transaction]
    totals: list[TransactionTotal]
    count: int

    @property
    def is_partial(self) -> bool:
        return len(self.rows) < self.count

    @property
    def currencies(self) -> list[str]:
        return sorted({total.currency for total in self.totals})


@dataclass(frozen=True)
class Sector:
    code: str
    name: LocalizedText | None
    percentage: Decimal | None


@dataclass
class SectorGroup:
    vocabulary: str
    label: str
    sectors: list[Sector] = field(default_factory=list)


@dataclass(frozen=True)
class Area:
    """A recipient country or region with its share of the activity."""

    kind: str  # "country" or "region"
    code: str
    name: str
    percentage: Decimal | None


@dataclass(frozen=True)
class Place:
    name: LocalizedText | None
    description: LocalizedText | None
    activity_description: LocalizedText | None
    administrative: list[str]
    latitude: str
    longitude: str


@dataclass(frozen=True)
class Document:
    title: str
    url: str
    is_web_link: bool
    format: str
    date: date | None
    description: LocalizedText | None
    languages: list[str]


@dataclass(frozen=True)
class IndicatorText:
    title: LocalizedText
    description: LocalizedText


@dataclass
class Result:
    title: LocalizedText
    result_type: str
    description: LocalizedText | None
    indicators: list[IndicatorText] = field(default_factory=list)


@dataclass
class ActionDisplay:
    reporter: Reporter | None
    transactions: TransactionSummary
    sectors: list[SectorGroup]
    areas: list[Area]
    places: list[Place]
    documents: list[Document]
    results: list[Result]

    @property
    def is_empty(self) -> bool:
        return not (
            self.reporter
            or self.transactions.count
            or self.sectors
            or self.areas
            or self.places
            or self.documents
            or self.results
        )


# --- reading -------------------------------------------------------------------------------


def _decimal(text: str | None) -> Decimal | None:
    try:
        value = Decimal((text or "").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _narrative(element: etree._Element | None, default_language: str) -> LocalizedText | None:
    """The element's narrative in the active language, else in the activity's language, else
    the first one; None without any text."""
    if element is None:
        return None
    texts: dict[str, str] = {}
    for narrative in element.iter("narrative"):
        text = (narrative.text or "").strip()
        language = base_language(narrative.get(XML_LANG) or default_language)
        if text and language not in texts:
            texts[language] = text
    if not texts:
        return None
    wanted = base_language(get_language() or "en")
    for language in (wanted, base_language(default_language)):
        if language in texts:
            return LocalizedText(texts[language], language, language != wanted)
    language, text = next(iter(texts.items()))
    return LocalizedText(text, language, language != wanted)


def _kept(extra: IatiActivityExtra | None, names: Iterable[str]) -> list[etree._Element]:
    if extra is None:
        return []
    wanted = set(names)
    elements = []
    for item in extra.elements or []:
        if not isinstance(item, dict) or item.get("name") not in wanted:
            continue
        try:
            elements.append(safexml.fragment(str(item.get("xml", ""))))
        except etree.XMLSyntaxError:
            continue  # a fragment that no longer parses is not shown (the export refuses it)
    return elements


def _language(extra: IatiActivityExtra | None, action: Action, government: Government) -> str:
    if extra is not None and extra.default_language:
        return extra.default_language
    return action.language or (government.official_languages or ["en"])[0]


def reporter(
    action: Action, extra: IatiActivityExtra | None, government: Government
) -> Reporter | None:
    """Who reported the activity: None for the government's own actions that came from no
    file. An activity is reported by another organisation when its reporting-org reference is
    not the government's organisation identifier (the rule the government's IATI file uses
    to leave it out)."""
    if extra is None or not (extra.reporting_org_ref.strip() or extra.reporting_org_name.strip()):
        return None
    ref = extra.reporting_org_ref.strip()
    # The name in the page's language when the import kept the names in every language.
    names = getattr(extra, "reporting_org_names", None) or {}
    wanted = base_language(get_language() or "en")
    name = str(names.get(wanted) or "").strip() if isinstance(names, dict) else ""
    name = name or extra.reporting_org_name.strip() or ref
    by_other = ref.casefold() != organisation_identifier(government).strip().casefold()
    identifier = action.iati_identifier.strip()
    return Reporter(
        name=name,
        ref=ref,
        by_other=by_other,
        identifier=identifier,
        original_url=ACTIVITY_VIEWER.format(identifier=quote(identifier, safe=""))
        if by_other and identifier
        else "",
    )


def transaction_type_label(code: str) -> str:
    label = TRANSACTION_TYPES.get(code)
    return str(label) if label is not None else str(_("Type %(code)s") % {"code": code})


def totals(values: Iterable[tuple[str, str, Decimal]]) -> list[TransactionTotal]:
    """Totals by transaction type and currency, exact: (type, currency, value) → one total
    for each pair, in the order of the type codes, then the currency."""
    sums: dict[tuple[str, str], Decimal] = {}
    counts: dict[tuple[str, str], int] = {}
    for transaction_type, currency, value in values:
        key = (transaction_type, currency.upper())
        sums[key] = sums.get(key, Decimal(0)) + Decimal(value)
        counts[key] = counts.get(key, 0) + 1

    def order(key: tuple[str, str]) -> tuple[int, str, str]:
        code, currency = key
        return (int(code) if code.isdigit() else 10_000, code, currency)

    return [
        TransactionTotal(
            transaction_type=code,
            label=transaction_type_label(code),
            currency=currency,
            total=sums[(code, currency)],
            count=counts[(code, currency)],
        )
        for code, currency in sorted(sums, key=order)
    ]


def sector_groups(elements: Sequence[etree._Element], language: str) -> list[SectorGroup]:
    groups: dict[str, SectorGroup] = {}
    for element in elements:
        vocabulary = (element.get("vocabulary") or DEFAULT_SECTOR_VOCABULARY).strip()
        label = SECTOR_VOCABULARIES.get(vocabulary)
        group = groups.setdefault(
            vocabulary,
            SectorGroup(
                vocabulary=vocabulary,
                label=str(label)
                if label is not None
                else str(_("Vocabulary %(code)s") % {"code": vocabulary}),
            ),
        )
        group.sectors.append(
            Sector(
                code=(element.get("code") or "").strip(),
                name=_narrative(element, language),
                percentage=_decimal(element.get("percentage")),
            )
        )
    return list(groups.values())


def areas(elements: Sequence[etree._Element], language: str) -> list[Area]:
    found = []
    for element in elements:
        code = (element.get("code") or "").strip()
        narrative = _narrative(element, language)
        if element.tag == "recipient-country":
            name = str(countries.name(code.upper()) or narrative or code)
            kind = "country"
        else:
            name = str(narrative or _("Region %(code)s") % {"code": code})
            kind = "region"
        found.append(Area(kind, code, name, _decimal(element.get("percentage"))))
    return found


def places(elements: Sequence[etree._Element], language: str) -> list[Place]:
    found = []
    for element in elements:
        position = (element.findtext("point/pos") or "").split()
        administrative = []
        for area in element.iter("administrative"):
            code = (area.get("code") or "").strip()
            if code:
                level = (area.get("level") or "").strip()
                administrative.append(
                    str(_("%(code)s (level %(level)s)") % {"code": code, "level": level})
                    if level
                    else code
                )
        found.append(
            Place(
                name=_narrative(element.find("name"), language),
                description=_narrative(element.find("description"), language),
                activity_description=_narrative(element.find("activity-description"), language),
                administrative=administrative,
                latitude=position[0] if len(position) == 2 else "",
                longitude=position[1] if len(position) == 2 else "",
            )
        )
    return found


def is_web_link(url: str) -> bool:
    """Only http(s) addresses become links: a file is not trusted with other schemes."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


def document(link: IatiDocumentLink, language: str) -> Document:
    try:
        element: etree._Element | None = safexml.fragment(link.xml) if link.xml else None
    except etree.XMLSyntaxError:
        element = None
    when = None
    dated = element.find("document-date") if element is not None else None
    if dated is not None:
        try:
            when = date.fromisoformat((dated.get("iso-date") or "")[:10])
        except ValueError:
            when = None
    return Document(
        title=link.title or link.url,
        url=link.url,
        is_web_link=is_web_link(link.url),
        format=(element.get("format") or "") if element is not None else "",
        date=when,
        description=_narrative(element.find("description"), language)
        if element is not None
        else None,
        languages=[
            (item.get("code") or "").strip().lower()
            for item in (element.iter("language") if element is not None else [])
            if (item.get("code") or "").strip()
        ],
    )


@dataclass(frozen=True)
class PublishedResult:
    """A <result> of the activity as published: its title and description narratives."""

    title: LocalizedText | None
    description: LocalizedText | None


def published_results(source_xml: str, language: str) -> list[PublishedResult]:
    """The results with at least one indicator of an activity as published, in file order
    (the same order as the import's result groups)."""
    if not source_xml.strip():
        return []
    try:
        activity = safexml.fragment(source_xml)
    except etree.XMLSyntaxError:
        return []
    return [
        PublishedResult(
            title=_narrative(element.find("title"), language),
            description=_narrative(element.find("description"), language),
        )
        for element in activity.iterfind("result")
        if element.find("indicator") is not None
    ]


def _indicator_text(indicator: Indicator) -> IndicatorText:
    return IndicatorText(
        title=localized(indicator, "title"), description=localized(indicator, "description")
    )


def results(
    indicators: Iterable[Indicator],
    groups: Sequence[Sequence[int]] = (),
    published: Sequence[PublishedResult] = (),
) -> list[Result]:
    """The indicators grouped into their results, with each result's description.

    ``groups`` are the imported file's results (the ids of each one's indicators, in file
    order) and ``published`` their titles and descriptions as published: two results with the
    same title stay two. Other indicators (Lazos' own) form a result with the consecutive
    ones of the same expected result and level. Indicators without a result title, outside a
    group, are not listed here (the indicators panel shows them)."""
    by_id = {indicator.pk: indicator for indicator in indicators}
    found: list[Result] = []
    grouped: set[int] = set()
    for position, ids in enumerate(groups):
        members = [by_id[pk] for pk in ids if pk in by_id]
        grouped.update(ids)
        if not members:
            continue  # none of its indicators may be shown here: neither is the result
        first = members[0]
        as_published = published[position] if position < len(published) else None
        title = (as_published.title if as_published else None) or localized(first, "result_title")
        found.append(
            Result(
                title=title,
                result_type=str(first.get_result_type_display()),
                description=as_published.description if as_published else None,
                indicators=[_indicator_text(indicator) for indicator in members],
            )
        )
    current: Result | None = None
    for indicator in by_id.values():
        if indicator.pk in grouped:
            continue
        title = localized(indicator, "result_title")
        if not title.text.strip():
            current = None
            continue
        level = str(indicator.get_result_type_display())
        if current is None or current.title.text != title.text or current.result_type != level:
            current = Result(title=title, result_type=level, description=None)
            found.append(current)
        current.indicators.append(_indicator_text(indicator))
    return found


# --- the page's data ----------------------------------------------------------------------


def _scoped(queryset: QuerySet[Transaction], public: bool) -> QuerySet[Transaction]:
    return queryset.filter(action__is_public=True) if public else queryset


def _has_field(model: type[IatiActivityExtra], name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())


def empty_display() -> ActionDisplay:
    return ActionDisplay(
        reporter=None,
        transactions=TransactionSummary(rows=[], totals=[], count=0),
        sectors=[],
        areas=[],
        places=[],
        documents=[],
        results=[],
    )


def action_display(action: Action, government: Government, *, public: bool) -> ActionDisplay:
    """Everything the action's page shows of its IATI data, in at most six queries (five,
    and a sixth for the results' descriptions of an imported activity with results).

    ``government`` is the page's government: an action of another government shows nothing.
    ``public`` is the portal: only a public action shows anything, and only its public
    indicators."""
    if action.government_id != government.pk or (public and not action.is_public):
        return empty_display()
    extras = IatiActivityExtra.objects.for_tenant(government).filter(action=action)
    if _has_field(IatiActivityExtra, "source_xml"):
        extras = extras.defer("source_xml")  # large; read only when results need it
    extra = extras.first()
    language = _language(extra, action, government)
    transactions = _scoped(Transaction.objects.for_tenant(government).filter(action=action), public)
    summary_values = list(transactions.values_list("transaction_type", "currency", "value"))
    rows = list(transactions.order_by("date", "id")[:TRANSACTION_ROWS]) if summary_values else []
    documents = IatiDocumentLink.objects.for_tenant(government).filter(action=action)
    if public:
        documents = documents.filter(action__is_public=True)
    indicators = Indicator.objects.for_tenant(government).filter(action=action)
    if public:
        indicators = indicators.public()
    indicators = indicators.select_related("government").order_by("position", "id")
    kept = _kept(extra, ("sector", "location", "recipient-country", "recipient-region"))
    shown_indicators = list(indicators)
    # The import's results (ids of each one's indicators, in file order), when it kept them.
    groups: list[list[int]] = list(getattr(extra, "result_groups", None) or [])
    published: list[PublishedResult] = []
    if extra is not None and groups and shown_indicators:
        # The activity as published is read only when a result needs its description.
        source = (
            IatiActivityExtra.objects.for_tenant(government)
            .filter(pk=extra.pk)
            .values_list("source_xml", flat=True)
            if _has_field(IatiActivityExtra, "source_xml")
            else []
        )
        published = published_results(next(iter(source), "") or "", language)
    return ActionDisplay(
        reporter=reporter(action, extra, government),
        transactions=TransactionSummary(
            rows=rows, totals=totals(summary_values), count=len(summary_values)
        ),
        sectors=sector_groups([e for e in kept if e.tag == "sector"], language),
        areas=areas(
            [e for e in kept if e.tag in ("recipient-country", "recipient-region")], language
        ),
        places=places([e for e in kept if e.tag == "location"], language),
        documents=[document(link, language) for link in documents.order_by("position", "id")],
        results=results(shown_indicators, groups, published),
    )
