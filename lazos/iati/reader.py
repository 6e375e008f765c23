"""Reading IATI activity files (2.01 to 2.03): well-formedness, structure, then the content of
each activity as plain data the import services write.

A file is read element by element (``iterparse``), so a large file never sits in memory as a
whole tree: each activity is checked, turned into an :class:`ActivityData` and released.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import IO, Any

from django.utils.translation import gettext as _
from lxml import etree

from lazos.iati import codes, safexml
from lazos.iati.validation import (
    XML_LANG,
    Problem,
    check_activity,
    check_root_attributes,
    local_name,
    parse_date,
    parse_decimal,
)

# Elements of an activity the import turns into Lazos data; every other one is kept as text.
MODELLED = frozenset(
    {
        "iati-identifier",
        "reporting-org",
        "title",
        "activity-status",
        "activity-date",
        "budget",
        "transaction",
        "document-link",
        "result",
    }
)
# Elements both read into Lazos data (partners, themes, SDG targets) and kept as published,
# because they carry more than Lazos models (roles, percentages, vocabularies).
KEPT_AS_PUBLISHED = frozenset(
    {"participating-org", "recipient-country", "recipient-region", "location", "sector", "tag"}
)
# Transaction children Lazos models; the others are kept with the transaction as text.
TRANSACTION_MODELLED = frozenset(
    {"transaction-type", "transaction-date", "value", "description", "provider-org", "receiver-org"}
)


class IatiFileError(Exception):
    """The file cannot be imported; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems[:5]))


@dataclass
class OrganisationData:
    ref: str
    type: str
    role: str
    names: dict[str, str]

    @property
    def name(self) -> str:
        return next((text for text in self.names.values() if text), self.ref)


@dataclass
class BudgetData:
    line: int | None
    budget_type: str
    status: str
    period_start: date
    period_end: date
    value: Decimal
    currency: str
    value_date: date


@dataclass
class TransactionData:
    ref: str
    transaction_type: str
    date: dt.date
    value: Decimal
    currency: str
    value_date: dt.date
    description: str
    provider_ref: str
    provider_name: str
    receiver_ref: str
    receiver_name: str
    humanitarian: bool | None
    extra_xml: list[str]
    provider_type: str = ""
    provider_activity_id: str = ""
    receiver_type: str = ""
    receiver_activity_id: str = ""


@dataclass
class PeriodData:
    start: date
    end: date
    target_value: Decimal | None
    target_comment: str
    actual_value: Decimal | None
    actual_comment: str


@dataclass
class IndicatorData:
    result_type: str
    result_title: dict[str, str]
    measure: str
    ascending: bool
    title: dict[str, str]
    description: dict[str, str]
    baseline_year: int | None
    baseline_value: Decimal | None
    baseline_comment: str
    periods: list[PeriodData]
    result: int = 0  # the position of its <result> in the activity: results are never merged


@dataclass
class DocumentData:
    url: str
    title: str
    xml: str


@dataclass
class ActivityData:
    """One activity of the file, as the import writes it."""

    line: int | None
    identifier: str
    language: str
    default_currency: str
    hierarchy: int | None
    humanitarian: bool | None
    reporting_org_ref: str
    reporting_org_name: str
    title: dict[str, str]
    description: dict[str, str]
    status_code: str
    dates: dict[str, date]
    reporting_org: OrganisationData = field(
        default_factory=lambda: OrganisationData("", "", "", {})
    )
    secondary_reporter: bool | None = None
    description_type: str = ""
    all_dates: list[dict[str, str]] = field(default_factory=list)
    source_xml: str = ""
    result_count: int = 0  # <result> elements, with or without indicators
    organisations: list[OrganisationData] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    dac_sectors: list[str] = field(default_factory=list)
    sdg_targets: list[str] = field(default_factory=list)
    budgets: list[BudgetData] = field(default_factory=list)
    transactions: list[TransactionData] = field(default_factory=list)
    indicators: list[IndicatorData] = field(default_factory=list)
    documents: list[DocumentData] = field(default_factory=list)
    extras: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def kept_as_text(self) -> list[str]:
        """Names of the elements kept as text, each once, in file order."""
        seen: dict[str, None] = {}
        for extra in self.extras:
            if extra["name"] not in KEPT_AS_PUBLISHED:
                seen.setdefault(extra["name"], None)
        return list(seen)


@dataclass
class FileData:
    version: str
    activities: list[ActivityData]


def _bool(value: str | None) -> bool | None:
    if value is None:
        return None
    return value.strip() in {"1", "true"}


def _narratives(element: etree._Element | None, default: str) -> dict[str, str]:
    """The texts of ``element``'s narratives by language (the first text of a language wins)."""
    texts: dict[str, str] = {}
    if element is None:
        return texts
    for narrative in element:  # (``findall("narrative")``, without its path parsing)
        if narrative.tag != "narrative":
            continue
        text = narrative.text
        if not text:
            continue
        text = text.strip()
        language = (narrative.get(XML_LANG) or default).split("-")[0].lower()
        if text and language not in texts:
            texts[language] = text
    return texts


def _first_text(texts: dict[str, str], language: str) -> str:
    return texts.get(language) or next(iter(texts.values()), "")


def _raw(element: etree._Element) -> str:
    return str(etree.tostring(element, encoding="unicode", with_tail=False))


def _read_org(element: etree._Element, default: str) -> OrganisationData:
    return OrganisationData(
        ref=(element.get("ref") or "").strip(),
        type=(element.get("type") or "").strip(),
        role=(element.get("role") or "").strip(),
        names=_narratives(element, default),
    )


def _read_budget(
    element: etree._Element, currency: str, activity: ActivityData
) -> BudgetData | None:
    start = parse_date(element.find("period-start").get("iso-date", ""))
    end = parse_date(element.find("period-end").get("iso-date", ""))
    value_element = element.find("value")
    assert value_element is not None
    assert start is not None
    assert end is not None
    value = parse_decimal(value_element.text or "")
    value_date = parse_date(value_element.get("value-date", "")) or start
    if value is None or value < 0 or end < start:
        activity.warnings.append(
            _("Line %(line)s: a budget with a negative value or reversed period is kept as text.")
            % {"line": element.sourceline}
        )
        return None
    return BudgetData(
        line=element.sourceline,
        budget_type=element.get("type", codes.BUDGET_ORIGINAL),
        status=element.get("status", codes.BUDGET_INDICATIVE),
        period_start=start,
        period_end=end,
        value=value,
        currency=(value_element.get("currency") or currency).upper(),
        value_date=value_date,
    )


def _read_transaction(
    element: etree._Element, currency: str, language: str
) -> TransactionData | None:
    # One pass over the children: the first of each modelled one (what ``find`` gives), the
    # others kept as text in their order. It runs for every transaction of the file.
    first: dict[str, etree._Element] = {}
    extra_xml = []
    for child in element:
        name = child.tag
        if not isinstance(name, str) or not name:
            continue  # a comment or a processing instruction
        if name in TRANSACTION_MODELLED:
            if name not in first:
                first[name] = child
        else:
            extra_xml.append(_raw(child))
    value_element = first.get("value")
    date_element = first.get("transaction-date")
    type_element = first.get("transaction-type")
    assert value_element is not None
    assert date_element is not None
    assert type_element is not None
    value = parse_decimal(value_element.text or "")
    when = parse_date(date_element.get("iso-date", ""))
    assert value is not None
    assert when is not None

    def org_name(org: etree._Element | None) -> tuple[str, str, str, str]:
        if org is None:
            return "", "", "", ""
        data = _read_org(org, language)
        activity_id = (
            org.get("provider-activity-id") or org.get("receiver-activity-id") or ""
        ).strip()
        return data.ref, _first_text(data.names, language), data.type, activity_id

    provider_ref, provider_name, provider_type, provider_activity = org_name(
        first.get("provider-org")
    )
    receiver_ref, receiver_name, receiver_type, receiver_activity = org_name(
        first.get("receiver-org")
    )
    return TransactionData(
        ref=element.get("ref", ""),
        transaction_type=type_element.get("code", ""),
        date=when,
        value=value,
        currency=(value_element.get("currency") or currency).upper(),
        value_date=parse_date(value_element.get("value-date", "")) or when,
        description=_first_text(_narratives(first.get("description"), language), language),
        provider_ref=provider_ref,
        provider_name=provider_name,
        receiver_ref=receiver_ref,
        receiver_name=receiver_name,
        provider_type=provider_type,
        provider_activity_id=provider_activity,
        receiver_type=receiver_type,
        receiver_activity_id=receiver_activity,
        humanitarian=_bool(element.get("humanitarian")),
        extra_xml=extra_xml,
    )


def _comment(element: etree._Element | None, language: str) -> str:
    if element is None:
        return ""
    return _first_text(_narratives(element.find("comment"), language), language)


def _read_results(
    result: etree._Element, language: str, activity: ActivityData, position: int
) -> list[IndicatorData]:
    result_title = _narratives(result.find("title"), language)
    result_type = result.get("type", "")
    if result_type not in codes.RESULT_TYPES:
        activity.warnings.append(
            _("Line %(line)s: result type “%(code)s” is unknown; stored as “other”.")
            % {"line": result.sourceline, "code": result_type}
        )
        result_type = "9"
    verbatim = [
        local_name(child) for child in result if local_name(child) in {"document-link", "reference"}
    ]
    if verbatim:
        activity.warnings.append(
            _(
                "Line %(line)s: the result's %(elements)s are kept as published and written "
                "back while the action's results are not edited in Lazos."
            )
            % {"line": result.sourceline, "elements": ", ".join(sorted(set(verbatim)))}
        )
    indicators = []
    for element in result.findall("indicator"):
        measure_code = element.get("measure", "")
        measure = codes.IATI_TO_MEASURE.get(measure_code, "number")
        baseline = element.find("baseline")
        baseline_year = None
        baseline_value = None
        baseline_comment = ""
        if baseline is not None:
            baseline_year = int(baseline.get("year", "0")) or None
            baseline_value = parse_decimal(baseline.get("value", ""))
            baseline_comment = _comment(baseline, language)
        periods = []
        for period in element.findall("period"):
            start = parse_date(period.find("period-start").get("iso-date", ""))
            end = parse_date(period.find("period-end").get("iso-date", ""))
            assert start is not None
            assert end is not None
            target = period.find("target")
            actual = period.find("actual")
            periods.append(
                PeriodData(
                    start=start,
                    end=max(start, end),
                    target_value=parse_decimal(target.get("value", ""))
                    if target is not None
                    else None,
                    target_comment=_comment(target, language),
                    actual_value=parse_decimal(actual.get("value", ""))
                    if actual is not None
                    else None,
                    actual_comment=_comment(actual, language),
                )
            )
        indicators.append(
            IndicatorData(
                result_type=result_type,
                result_title=result_title,
                measure=measure,
                ascending=element.get("ascending", "1").strip() in {"1", "true"},
                title=_narratives(element.find("title"), language),
                description=_narratives(element.find("description"), language),
                baseline_year=baseline_year if baseline_year and baseline_year >= 1990 else None,
                baseline_value=baseline_value,
                baseline_comment=baseline_comment,
                periods=periods,
                result=position,
            )
        )
    return indicators


def read_activity(
    element: etree._Element, *, default_language: str, default_currency: str
) -> ActivityData:
    """The content of one (already checked) <iati-activity>."""
    language = (element.get(XML_LANG) or default_language or "en").split("-")[0].lower()
    currency = (element.get("default-currency") or default_currency or "EUR").upper()
    reporting = element.find("reporting-org")
    reporting_data = (
        _read_org(reporting, language)
        if reporting is not None
        else OrganisationData("", "", "", {})
    )
    hierarchy = element.get("hierarchy")
    status = element.find("activity-status")
    activity = ActivityData(
        line=element.sourceline,
        identifier=(element.findtext("iati-identifier") or "").strip(),
        language=language,
        default_currency=currency,
        hierarchy=int(hierarchy)
        if hierarchy and hierarchy.strip().lstrip("+-").isdigit()
        else None,
        humanitarian=_bool(element.get("humanitarian")),
        reporting_org_ref=reporting_data.ref,
        reporting_org_name=_first_text(reporting_data.names, language),
        reporting_org=reporting_data,
        secondary_reporter=_bool(reporting.get("secondary-reporter"))
        if reporting is not None
        else None,
        source_xml=_raw(element),
        title=_narratives(element.find("title"), language),
        description={},
        status_code=status.get("code", "") if status is not None else "",
        dates={},
    )
    # The action's description: the first general one (type 1), or else the first of any
    # type, so an activity described only by its objectives (type 2) keeps a description.
    descriptions = element.findall("description")
    chosen = next(
        (child for child in descriptions if child.get("type", "1").strip() == "1"),
        descriptions[0] if descriptions else None,
    )
    if chosen is not None:
        activity.description = _narratives(chosen, language)
        activity.description_type = chosen.get("type", "").strip()
    results = 0
    for child in element:
        name = local_name(child)
        if not name:
            continue
        if name == "description":
            if child is not chosen:
                activity.extras.append({"name": name, "xml": _raw(child)})
        elif name == "activity-date":
            date_type = child.get("type", "").strip()
            iso_date = child.get("iso-date", "").strip()
            activity.all_dates.append({"type": date_type, "iso_date": iso_date, "xml": _raw(child)})
            when = parse_date(iso_date)
            if when is not None:
                activity.dates.setdefault(date_type, when)
        elif name == "budget":
            budget = _read_budget(child, currency, activity)
            if budget is None:
                activity.extras.append({"name": name, "xml": _raw(child)})
            else:
                activity.budgets.append(budget)
        elif name == "transaction":
            transaction = _read_transaction(child, currency, language)
            if transaction is not None:
                activity.transactions.append(transaction)
        elif name == "document-link":
            titles = _narratives(child.find("title"), language)
            activity.documents.append(
                DocumentData(
                    url=child.get("url", "").strip(),
                    title=_first_text(titles, language),
                    xml=_raw(child),
                )
            )
        elif name == "result":
            activity.indicators.extend(_read_results(child, language, activity, results))
            results += 1
            activity.result_count = results
        elif name in MODELLED:
            continue
        else:
            activity.extras.append({"name": name, "xml": _raw(child)})
            if name == "participating-org":
                activity.organisations.append(_read_org(child, language))
            elif name == "recipient-country":
                activity.countries.append(child.get("code", "").strip().upper())
            elif name == "sector" and child.get("vocabulary", "1") == "1":
                activity.dac_sectors.append(child.get("code", "").strip())
            elif (name == "sector" and child.get("vocabulary") == "8") or (
                name == "tag" and child.get("vocabulary") == codes.TAG_VOCABULARY_SDG_TARGET
            ):
                activity.sdg_targets.append(child.get("code", "").strip())
    return activity


def read_file(
    source: str | IO[bytes], *, default_language: str = "en", default_currency: str = "EUR"
) -> FileData:
    """Check and read a whole file; raise :class:`IatiFileError` with every problem found.

    The file is untrusted: a document type declaration refuses it before it is parsed, and
    the parser resolves no entity and loads nothing (see :mod:`lazos.iati.safexml`).
    """
    if isinstance(source, str):
        with open(source, "rb") as opened:
            return _read(opened, default_language, default_currency)
    return _read(source, default_language, default_currency)


def _read(source: IO[bytes], default_language: str, default_currency: str) -> FileData:
    guarded, doctype = safexml.guarded_source(source)
    if doctype is not None:
        raise IatiFileError([Problem(doctype, safexml.DOCTYPE, safexml.doctype_message())])
    problems: list[Problem] = []
    activities: list[ActivityData] = []
    version = ""
    root: etree._Element | None = None
    count = 0
    try:
        events = etree.iterparse(
            guarded,
            events=("start", "end"),
            remove_comments=True,
            **safexml.PARSER_OPTIONS,
        )
        for event, element in events:
            if event == "start":
                if root is None:
                    root = element
                    if safexml.declares_doctype(element):
                        problems.append(Problem(None, safexml.DOCTYPE, safexml.doctype_message()))
                        break
                    if element.tag != "iati-activities":
                        problems.append(
                            Problem(
                                element.sourceline,
                                str(element.tag),
                                _("the file must start with <iati-activities>."),
                            )
                        )
                        break
                    version = (element.get("version") or "").strip()
                    check_root_attributes(element, problems)
                continue
            parent = element.getparent()
            if parent is None or parent is not root:
                continue
            name = local_name(element)
            if name == "iati-activity":
                count += 1
                found: list[Problem] = []
                check_activity(element, version, found)
                found.extend(safexml.entity_problems(element))
                problems.extend(found)
                if not found and len(problems) == 0:
                    activities.append(
                        read_activity(
                            element,
                            default_language=default_language,
                            default_currency=default_currency,
                        )
                    )
            elif name and not name.startswith("{"):
                problems.append(
                    Problem(
                        element.sourceline,
                        name,
                        _("this element is not allowed inside <iati-activities>."),
                    )
                )
            element.clear()
            while element.getprevious() is not None:
                del parent[0]
            if len(problems) >= 200:
                break
    except etree.XMLSyntaxError as error:
        problems.append(
            Problem(
                error.lineno,
                "xml",
                _("the file is not well-formed XML: %(error)s") % {"error": error.msg},
            )
        )
    if root is not None and not problems and count == 0:
        problems.append(
            Problem(root.sourceline, "iati-activities", _("the file holds no <iati-activity>."))
        )
    if root is None and not problems:
        problems.append(Problem(None, "xml", _("the file is empty.")))
    if problems:
        raise IatiFileError(problems)
    return FileData(version=version, activities=activities)


def describe_problems(error: IatiFileError, limit: int = 50) -> list[str]:
    return [str(problem) for problem in error.problems[:limit]]


def as_dict(problem: Problem) -> dict[str, Any]:
    return {"line": problem.line, "element": problem.element, "message": problem.message}
