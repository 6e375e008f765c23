"""The publisher's checklist: the IATI ruleset (the standard's business rules, beyond the
schema) applied to the government's own IATI file, activity by activity.

The rules are those of the IATI Rulesets for 2.03 (identified below by their rule number):
dates in order and not in the future, percentages of sectors (per vocabulary) and of recipient
countries and regions adding up to 100, the activity identifier prefixed by the reporting
organisation's identifier, a recipient country or region and a sector for every activity (at
activity level or on every transaction), a value for every quantitative target and actual, and
so on. They are written here in Lazos' own code on the activity as the export writes it, so
what is checked is exactly what would be published.

A finding is a warning for the publisher, not a refusal: each one names the action and links
to the page where it is fixed. The first item, before any activity, is the government's own
IATI organisation identifier: without one, the file cannot be registered with the IATI
Registry (and the export only writes a provisional one).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from lxml import etree

from lazos.actions.models import Action
from lazos.governments.models import Government
from lazos.iati.export import ActivityWriter, exported_actions
from lazos.iati.validation import XML_LANG, is_valid, parse_date, parse_decimal

HUNDRED = Decimal("100")
ZERO = Decimal("0")
DAC_VOCABULARIES = {"", "1"}
QUANTITATIVE_MEASURES = {"1", "2", "3", "4"}
FORBIDDEN_IN_IDENTIFIERS = set("/&|?")
START_TYPES, PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = ({"1", "2"}, "1", "2", "3", "4")


class Area:
    """Where in Lazos a finding is fixed."""

    GOVERNMENT = "government"
    ACTION = "action"
    TRANSLATIONS = "translations"
    BUDGET = "budget"
    RESULTS = "results"
    DETAIL = "detail"


@dataclass(frozen=True)
class Finding:
    """One rule broken by one activity: the IATI rule number, what is wrong, where it is
    fixed."""

    rule: str
    message: str | Promise
    area: str = Area.ACTION


@dataclass(frozen=True)
class ChecklistItem:
    """A line of the checklist: the activity (the action's title; empty for the government's
    own settings), the rule, what is wrong and the page where it is fixed."""

    rule: str
    message: str | Promise
    url: str
    link_text: str | Promise
    activity: str = ""
    identifier: str = ""
    action_id: int | None = None


def _has_text(element: etree._Element | None) -> bool:
    return element is not None and any(
        (narrative.text or "").strip() for narrative in element.iter("narrative")
    )


def _dates(activity: etree._Element, kind: str) -> list[date]:
    found = []
    for element in activity.findall("activity-date"):
        if element.get("type") == kind:
            parsed = parse_date(element.get("iso-date", ""))
            if parsed is not None:
                found.append(parsed)
    return found


def _percentage(element: etree._Element) -> Decimal | None:
    value = element.get("percentage")
    return None if value is None else parse_decimal(value)


# Each rule is a function of the activity (and today) yielding its findings.
Rule = Callable[[etree._Element, date], Iterator[Finding]]
RULES: list[Rule] = []


def rule(function: Rule) -> Rule:
    RULES.append(function)
    return function


@rule
def identifier_rules(activity: etree._Element, today: date) -> Iterator[Finding]:
    raw = activity.findtext("iati-identifier") or ""
    identifier = raw.strip()
    reporting = activity.find("reporting-org")
    reporting_ref = (reporting.get("ref", "") if reporting is not None else "").strip()
    if raw != identifier:
        yield Finding("1.3.1", _("The IATI identifier starts or ends with spaces."))
    if FORBIDDEN_IN_IDENTIFIERS & set(identifier):
        yield Finding("1.3.13", _("The IATI identifier must not contain /, &, | or ?."))
    if reporting_ref and identifier == reporting_ref:
        yield Finding(
            "1.1.3",
            _("The IATI identifier is the organisation identifier itself; it must be different."),
        )
    prefixes = [reporting_ref] + [
        (other.get("ref") or "").strip()
        for other in activity.findall("other-identifier")
        if other.get("type") == "B1"
    ]
    if identifier and not any(
        prefix and identifier.startswith(f"{prefix}-") for prefix in prefixes
    ):
        yield Finding(
            "1.1.21",
            _(
                "The IATI identifier “%(identifier)s” should begin with the organisation "
                "identifier “%(organisation)s” followed by a hyphen."
            )
            % {"identifier": identifier, "organisation": reporting_ref},
        )


@rule
def date_rules(activity: etree._Element, today: date) -> Iterator[Finding]:
    if not any(_dates(activity, kind) for kind in START_TYPES):
        yield Finding("6.11.1", _("The activity has neither a planned nor an actual start date."))
    pairs = (
        (
            "11.1.2",
            PLANNED_START,
            PLANNED_END,
            _("The planned start date is after the planned end date."),
        ),
        (
            "11.1.3",
            ACTUAL_START,
            ACTUAL_END,
            _("The actual start date is after the actual end date."),
        ),
    )
    for number, start_kind, end_kind, message in pairs:
        starts, ends = _dates(activity, start_kind), _dates(activity, end_kind)
        if starts and ends and min(starts) > max(ends):
            yield Finding(number, message)
    if any(day > today for day in _dates(activity, ACTUAL_START)):
        yield Finding("11.1.4", _("The actual start date is in the future."))
    if any(day > today for day in _dates(activity, ACTUAL_END)):
        yield Finding("11.1.5", _("The actual end date is in the future."))
    updated = activity.get("last-updated-datetime")
    if updated and is_valid("dateTime", updated):
        day = parse_date(updated.strip()[:10])
        if day is not None and day > today:
            yield Finding("11.1.1", _("The last-updated date of the activity is in the future."))


@rule
def transaction_date_rules(activity: etree._Element, today: date) -> Iterator[Finding]:
    future_dates = future_values = 0
    for transaction in activity.findall("transaction"):
        when = transaction.find("transaction-date")
        day = parse_date(when.get("iso-date", "")) if when is not None else None
        future_dates += day is not None and day > today
        value = transaction.find("value")
        valued = parse_date(value.get("value-date", "")) if value is not None else None
        future_values += valued is not None and valued > today
    if future_dates:
        yield Finding(
            "11.2.1",
            _("Transactions dated in the future: %(count)s.") % {"count": future_dates},
            Area.DETAIL,
        )
    if future_values:
        yield Finding(
            "11.2.2",
            _("Transactions whose value date is in the future: %(count)s.")
            % {"count": future_values},
            Area.DETAIL,
        )


@rule
def period_rules(activity: etree._Element, today: date) -> Iterator[Finding]:
    for kind, area in (("budget", Area.BUDGET), ("planned-disbursement", Area.BUDGET)):
        for element in activity.findall(kind):
            start = parse_date(_attribute(element, "period-start", "iso-date"))
            end = parse_date(_attribute(element, "period-end", "iso-date"))
            if start is None or end is None:
                continue
            if start > end:
                yield Finding(
                    "8.6.3",
                    _("A budget period starts (%(start)s) after it ends (%(end)s).")
                    % {"start": start.isoformat(), "end": end.isoformat()},
                    area,
                )
            elif kind == "budget" and end > _one_year_after(start):
                yield Finding(
                    "7.5.3",
                    _("A budget period (%(start)s to %(end)s) is longer than one year.")
                    % {"start": start.isoformat(), "end": end.isoformat()},
                    area,
                )
    for period in activity.iterfind("result/indicator/period"):
        start = parse_date(_attribute(period, "period-start", "iso-date"))
        end = parse_date(_attribute(period, "period-end", "iso-date"))
        if start is not None and end is not None and start > end:
            yield Finding(
                "8.6.1",
                _("An indicator period starts (%(start)s) after it ends (%(end)s).")
                % {"start": start.isoformat(), "end": end.isoformat()},
                Area.RESULTS,
            )


def _attribute(parent: etree._Element, child: str, attribute: str) -> str:
    element = parent.find(child)
    return element.get(attribute, "") if element is not None else ""


def _one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@rule
def sector_rules(activity: etree._Element, today: date) -> Iterator[Finding]:
    sectors = activity.findall("sector")
    transactions = activity.findall("transaction")
    with_sector = [t for t in transactions if t.find("sector") is not None]
    if not sectors and not with_sector:
        yield Finding("6.2.2", _("The activity has no sector (theme)."))
    elif sectors and with_sector:
        yield Finding(
            "6.6.2",
            _("Sectors are given both for the activity and for transactions; give them once."),
        )
    elif with_sector and len(with_sector) < len(transactions):
        yield Finding(
            "6.7.2",
            _("Some transactions have a sector and others do not."),
            Area.DETAIL,
        )
    by_vocabulary: dict[str, list[etree._Element]] = defaultdict(list)
    for sector in sectors:
        vocabulary = (sector.get("vocabulary") or "").strip()
        by_vocabulary["1" if vocabulary in DAC_VOCABULARIES else vocabulary].append(sector)
        if vocabulary in {"98", "99"} and not _has_text(sector):
            yield Finding(
                "2.2.1",
                _("A sector of the organisation's own vocabulary (%(vocabulary)s) has no name.")
                % {"vocabulary": vocabulary},
            )
    for vocabulary, group in sorted(by_vocabulary.items()):
        yield from _shares_of(
            group,
            _("sectors of vocabulary %(vocabulary)s") % {"vocabulary": vocabulary},
            ("2.1.1", "2.1.2", "2.1.4"),
        )
    if sectors and "1" not in by_vocabulary:
        yield Finding(
            "102.1.1", _("The activity has sectors, but none of the OECD DAC vocabulary (1).")
        )
    for element in sectors:
        yield from _percentage_in_range(element, "12.3.1")


def _percentage_in_range(element: etree._Element, number: str) -> Iterator[Finding]:
    percentage = _percentage(element)
    if percentage is not None and not ZERO <= percentage <= HUNDRED:
        yield Finding(
            number,
            _("The percentage %(percentage)s of <%(element)s> is not between 0 and 100.")
            % {"percentage": percentage, "element": element.tag},
        )


def _shares_of(
    group: list[etree._Element], what: str | Promise, numbers: tuple[str, str, str]
) -> Iterator[Finding]:
    """Percentages of a group of elements that share 100% between them."""
    each, total, single = numbers
    percentages = [_percentage(element) for element in group]
    if len(group) == 1:
        if percentages[0] is not None and percentages[0] != HUNDRED:
            yield Finding(
                single,
                _("The only one of the %(what)s has %(percentage)s%%; omit it or give 100.")
                % {"what": what, "percentage": percentages[0]},
            )
        return
    if any(percentage is None for percentage in percentages):
        yield Finding(each, _("Not all the %(what)s have a percentage.") % {"what": what})
        return
    added = sum((percentage or ZERO for percentage in percentages), ZERO)
    if added != HUNDRED:
        yield Finding(
            total,
            _("The percentages of the %(what)s add up to %(total)s, not 100.")
            % {"what": what, "total": format(added.normalize(), "f")},
        )


@rule
def geography_rules(activity: etree._Element, today: date) -> Iterator[Finding]:
    countries = activity.findall("recipient-country")
    regions = activity.findall("recipient-region")
    transactions = activity.findall("transaction")
    located = [
        t
        for t in transactions
        if t.find("recipient-country") is not None or t.find("recipient-region") is not None
    ]
    if countries or regions:
        if located:
            yield Finding(
                "3.6.2",
                _(
                    "Recipient countries or regions are given both for the activity and for "
                    "transactions; give them once."
                ),
            )
    elif not transactions or len(located) < len(transactions):
        yield Finding(
            "3.7.1",
            _(
                "The activity has no recipient country or region (for the activity, or for every transaction)."
            ),
        )
    if not regions:
        if countries:
            yield from _shares_of(countries, _("recipient countries"), ("3.1.1", "3.1.2", "3.1.4"))
    else:
        by_vocabulary: dict[str, list[etree._Element]] = defaultdict(list)
        for region in regions:
            by_vocabulary[(region.get("vocabulary") or "1").strip()].append(region)
        for vocabulary, group in sorted(by_vocabulary.items()):
            shared = countries + group
            if len(shared) > 1:
                yield from _shares_of(
                    shared,
                    _("recipient countries and regions (region vocabulary %(vocabulary)s)")
                    % {"vocabulary": vocabulary},
                    ("3.4.1", "3.4.2", "3.4.4"),
                )
    for element in countries + regions:
        yield from _percentage_in_range(element, "12.1.1")


@rule
def organisation_rules(activity: etree._Element, today: date) -> Iterator[Finding]:
    for element in activity.findall("participating-org"):
        if not (element.get("ref") or "").strip() and not _has_text(element):
            yield Finding(
                "6.10.1",
                _("A participating organisation has neither an identifier nor a name."),
                Area.DETAIL,
            )
    for kind in ("transaction", "planned-disbursement"):
        for parent in activity.findall(kind):
            for role in ("provider-org", "receiver-org"):
                element = parent.find(role)
                if (
                    element is not None
                    and not (element.get("ref") or "").strip()
                    and not _has_text(element)
                ):
                    yield Finding(
                        "6.9.1" if role == "provider-org" else "6.9.2",
                        _("A <%(element)s> has neither an identifier nor a name.")
                        % {"element": role},
                        Area.DETAIL,
                    )


@rule
def text_rules(activity: etree._Element, today: date) -> Iterator[Finding]:
    if not _has_text(activity.find("title")):
        yield Finding("4.3.1", _("The title is empty."))
    for description in activity.findall("description"):
        if not _has_text(description):
            yield Finding("4.4.1", _("A description is empty."))
    if not activity.get(XML_LANG) and any(
        not narrative.get(XML_LANG) for narrative in activity.iter("narrative")
    ):
        yield Finding(
            "4.1.1",
            _("The activity has no default language and some texts do not say their language."),
            Area.TRANSLATIONS,
        )
    if not activity.get("default-currency") and any(
        not value.get("currency") for value in _money(activity)
    ):
        yield Finding(
            "7.8.1",
            _("The activity has no default currency and some amounts do not say their currency."),
            Area.BUDGET,
        )


def _money(activity: etree._Element) -> Iterable[etree._Element]:
    yield from activity.iterfind("budget/value")
    yield from activity.iterfind("planned-disbursement/value")
    yield from activity.iterfind("transaction/value")


@rule
def policy_marker_rules(activity: etree._Element, today: date) -> Iterator[Finding]:
    for marker in activity.findall("policy-marker"):
        vocabulary = (marker.get("vocabulary") or "").strip()
        if vocabulary in DAC_VOCABULARIES and not marker.get("significance"):
            yield Finding(
                "6.14.1",
                _("A policy marker of the OECD DAC vocabulary has no significance."),
                Area.DETAIL,
            )
        if vocabulary == "99" and not _has_text(marker):
            yield Finding(
                "6.13.1",
                _("A policy marker of the organisation's own vocabulary has no name."),
                Area.DETAIL,
            )


@rule
def result_rules(activity: etree._Element, today: date) -> Iterator[Finding]:
    for indicator in activity.iterfind("result/indicator"):
        if indicator.get("measure") not in QUANTITATIVE_MEASURES:
            continue
        title = _first_text(indicator.find("title"))
        for baseline in indicator.findall("baseline"):
            if baseline.get("value") is None:
                yield Finding(
                    "8.8.1",
                    _("The baseline of the indicator “%(indicator)s” has no value.")
                    % {"indicator": title},
                    Area.RESULTS,
                )
        for period in indicator.findall("period"):
            for kind, number, message in (
                ("target", "8.9.1", _("A target of the indicator “%(indicator)s” has no value.")),
                ("actual", "8.10.1", _("An actual of the indicator “%(indicator)s” has no value.")),
            ):
                for element in period.findall(kind):
                    if element.get("value") is None:
                        yield Finding(number, message % {"indicator": title}, Area.RESULTS)


def _first_text(element: etree._Element | None) -> str:
    if element is None:
        return ""
    for narrative in element.iter("narrative"):
        if (narrative.text or "").strip():
            return (narrative.text or "").strip()
    return ""


def check_activity(activity: etree._Element, *, today: date | None = None) -> list[Finding]:
    """Every rule the ``iati-activity`` element breaks, in the order of the rules."""
    day = today or timezone.localdate()
    return [finding for check in RULES for finding in check(activity, day)]


# The checklist of a government ---------------------------------------------------------------


def organisation_identifier_item(government: Government) -> ChecklistItem | None:
    """The warning for a government without its own IATI organisation identifier."""
    if government.iati_organisation_identifier.strip():
        return None
    return ChecklistItem(
        rule="1.14.8",
        message=_(
            "The government has no IATI organisation identifier of its own. Without one, its "
            "activities have no valid IATI identifiers and its file cannot be registered with "
            "the IATI Registry. Obtain the identifier from your country's registration agency "
            "(see org-id.guide) and record it in the government's settings."
        ),
        url=reverse("governments:government-edit"),
        link_text=_("Government settings"),
    )


def missing_identifier_message(government: Government) -> str | None:
    """The same warning as plain text (for the export command), or None."""
    item = organisation_identifier_item(government)
    return None if item is None else str(item.message)


def _fix_link(action: Action, area: str) -> tuple[str, str | Promise]:
    detail = action.get_absolute_url()
    if area == Area.BUDGET:
        return f"{detail}#budget", _("Budget of the action")
    if area == Area.RESULTS:
        return f"{detail}#results-title", _("Results of the action")
    if area == Area.DETAIL:
        return detail, _("The action")
    if area == Area.TRANSLATIONS:
        return reverse("actions:action-translations", args=[action.pk]), _("Translations")
    return reverse("actions:action-edit", args=[action.pk]), _("Edit the action")


def publisher_checklist(
    government: Government, *, today: date | None = None, base_url: str | None = None
) -> list[ChecklistItem]:
    """The checklist of ``government``: its organisation identifier first, then every rule
    broken by an activity of its IATI file, activity by activity (in the file's order). The
    queries are those of the export: a fixed number for any count of actions."""
    day = today or timezone.localdate()
    items: list[ChecklistItem] = []
    missing = organisation_identifier_item(government)
    if missing is not None:
        items.append(missing)
    writer = ActivityWriter(government, base_url or settings.LAZOS_BASE_URL)
    for action in exported_actions(government):
        try:
            activity = writer.build(action)
        except Exception:  # the export refuses the file for it too (see write_document)
            url, link_text = _fix_link(action, Area.DETAIL)
            items.append(
                ChecklistItem(
                    rule="",
                    message=_(
                        "The activity cannot be written to the IATI file, so the file cannot "
                        "be published; if it was imported, import a corrected file for it."
                    ),
                    url=url,
                    link_text=link_text,
                    activity=action.title,
                    identifier=action.iati_identifier,
                    action_id=action.pk,
                )
            )
            continue
        identifier = (activity.findtext("iati-identifier") or "").strip()
        for finding in check_activity(activity, today=day):
            url, link_text = _fix_link(action, finding.area)
            items.append(
                ChecklistItem(
                    rule=finding.rule,
                    message=finding.message,
                    url=url,
                    link_text=link_text,
                    activity=action.title,
                    identifier=identifier,
                    action_id=action.pk,
                )
            )
    return items
