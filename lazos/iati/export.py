"""The government's public cooperation actions as an IATI 2.03 ``iati-activities`` file.

The file holds only the activities the government reports itself: its own actions and the
imported ones whose reporting organisation is the government's organisation identifier
(:func:`lazos.iati.models.reported_by_government`); another publisher's activity is never
written under the government's name.

One function per element of ``iati-activity``, called in the order of the schema
(:data:`ACTIVITY_CHILDREN`). An imported activity is written back as it was published, kind
of element by kind of element: every kind Lazos still writes as it did right after the import
(not edited in Lazos since) comes from the published activity, verbatim; an edited kind is
written by Lazos (see docs/iati.md, "Round-trip differences").
The file is written activity by activity into a temporary file and checked before anything
of it is served or written (:func:`build_file`), so a failure on any activity never leaves a
partial document; the queries are a fixed number for any count of actions (everything an
activity needs is prefetched).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections import OrderedDict, namedtuple
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from lazos.actions.choices import COOPERATION_MODALITIES, ActionStatus, Modality
from lazos.actions.models import Action, BudgetLine
from lazos.core.content import content_languages, original_language, text_in
from lazos.core.models import Attachment
from lazos.governments.models import Government
from lazos.iati import codes, safexml
from lazos.iati.models import (
    IatiActivityExtra,
    IatiDocumentLink,
    Transaction,
    reported_by_government,
)
from lazos.iati.models import organisation_identifier as organisation_identifier
from lazos.partners.models import Partner
from lazos.results.choices import UpdateStatus
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_SubElement = etree.SubElement
_tostring = etree.tostring
# The children of <iati-activity> in the order of the 2.03 schema's sequence (a test checks it
# against the schema); elements of other namespaces (extensions) follow them.
ACTIVITY_CHILDREN = (
    "iati-identifier",
    "reporting-org",
    "title",
    "description",
    "participating-org",
    "other-identifier",
    "activity-status",
    "activity-date",
    "contact-info",
    "activity-scope",
    "recipient-country",
    "recipient-region",
    "location",
    "sector",
    "tag",
    "country-budget-items",
    "humanitarian-scope",
    "policy-marker",
    "collaboration-type",
    "default-flow-type",
    "default-finance-type",
    "default-aid-type",
    "default-tied-status",
    "budget",
    "planned-disbursement",
    "capital-spend",
    "transaction",
    "document-link",
    "related-activity",
    "legacy-data",
    "conditions",
    "result",
    "crs-add",
    "fss",
)
# The fingerprint keys of what is not an element kind: the activity's own attributes, and the
# elements of other namespaces (extensions), written after the schema's sequence.
ATTRIBUTES = "@attributes"
EXTENSIONS = "##other"
# Attributes of <iati-activity> Lazos writes (last-updated-datetime apart: it says when the
# activity last changed, so it follows the edits).
MANAGED_ATTRIBUTES = (XML_LANG, "default-currency", "humanitarian", "hierarchy")
LAST_UPDATED = "last-updated-datetime"
# Elements kept from an imported file replace what Lazos would compute for them: they carry
# roles, percentages and vocabularies Lazos does not model.
PUBLISHED_WINS = frozenset(
    {"participating-org", "recipient-country", "recipient-region", "location", "sector", "tag"}
)
CHUNK = 200
# What :meth:`ActivityWriter.element_transaction` writes of a transaction, read as values.
_TransactionRow = namedtuple(
    "_TransactionRow",
    [
        "action_id",
        "ref",
        "humanitarian",
        "transaction_type",
        "date",
        "value",
        "currency",
        "value_date",
        "description",
        "provider_ref",
        "provider_name",
        "provider_type",
        "provider_activity_id",
        "receiver_ref",
        "receiver_name",
        "receiver_type",
        "receiver_activity_id",
        "extra_xml",
    ],
)
TRANSACTION_COLUMNS = _TransactionRow._fields[1:]
APPROVED = UpdateStatus.APPROVED
PREFETCHED = "_prefetched_objects_cache"  # where Django keeps the rows prefetched for .all()
HUNDRED = Decimal("100")
CENT = Decimal("0.01")


def activity_identifier(action: Action, government: Government) -> str:
    """The action's IATI identifier; without one, ``<organisation identifier>-<id>``."""
    return action.iati_identifier.strip() or f"{organisation_identifier(government)}-{action.pk}"


def exported_actions(government: Government) -> QuerySet[Action]:
    """The public cooperation actions ``government`` reports itself (its own, and imported
    ones whose reporting organisation is the government), with everything the file needs.

    The prefetches hold only what the file shows: an action's ``indicators.all()`` are its
    public indicators, their periods' ``updates.all()`` the approved updates (newest first),
    its ``attachments.all()`` the public documents."""
    return _with_file_parts(
        Action.objects.for_tenant(government)
        .public()
        .filter(modality__in=COOPERATION_MODALITIES)
        .filter(reported_by_government(government))
    )


def _with_file_parts(
    actions: QuerySet[Action], *, imported_whole: bool = False
) -> QuerySet[Action]:
    """``actions`` with everything an activity of the file needs, in a fixed number of
    queries. ``imported_whole``: the actions are all imported with their published activity,
    whose organisations, places, sectors and tags Lazos never writes (the partners, themes
    and SDG targets are not read)."""
    updates = IndicatorUpdate.objects.approved().order_by("-created_at", "-id")
    periods = IndicatorPeriod.objects.order_by("start").prefetch_related(
        Prefetch("updates", queryset=updates)
    )
    indicators = (
        Indicator.objects.public()
        .filter(action__isnull=False)
        .order_by("position", "id")
        .prefetch_related(Prefetch("periods", queryset=periods))
    )
    actions = actions.select_related("iati_extra").prefetch_related(
        "iati_transactions", "iati_document_links"
    )
    if not imported_whole:
        actions = actions.prefetch_related("themes", "sdg_targets").prefetch_related(
            # One Prefetch a call: the stubs type a call's Prefetches by one QuerySet type.
            Prefetch("partners", queryset=Partner.objects.select_related("place").order_by("name"))
        )
    return (
        actions.prefetch_related(
            Prefetch(
                "budget_lines",
                queryset=BudgetLine.objects.select_related("iati_budget").order_by("id"),
            )
        )
        .prefetch_related(Prefetch("indicators", queryset=indicators))
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(is_public=True).order_by("title", "-version"),
            )
        )
        .order_by("pk")
    )


# Helpers ---------------------------------------------------------------------------------


def _number(value: Decimal | int | float) -> str:
    return format((value if type(value) is Decimal else Decimal(value)).normalize(), "f")


def _narratives(parent: etree._Element, obj: Any, field: str) -> int:
    """A <narrative> in every language ``obj`` has ``field`` in; returns how many."""
    if not getattr(obj, "translations", None):  # the original language only
        text = str(getattr(obj, field, "") or "").strip()
        if not text:
            return 0
        _SubElement(parent, "narrative", {XML_LANG: original_language(obj)}).text = text
        return 1
    count = 0
    for language in content_languages(obj):
        text = text_in(obj, field, language).strip()
        if text:
            _SubElement(parent, "narrative", {XML_LANG: language}).text = text
            count += 1
    return count


def _narrative(parent: etree._Element, text: str, language: str | None = None) -> None:
    _SubElement(parent, "narrative", {XML_LANG: language} if language else None).text = text


def _related(obj: Any, name: str) -> list[Any]:
    """``obj.<name>.all()``: the rows held for it (:func:`_load_file_parts`, a prefetch, or
    :func:`file_parts_in_memory`) without building a manager and a QuerySet for each, or
    read from the database when none are held."""
    held = obj.__dict__.get(PREFETCHED)
    if held is not None and name in held:
        rows = held[name]
        return rows if type(rows) is list else list(rows)
    return list(getattr(obj, name).all())


class _Row:
    """A row read as values (what the file writes of it), its columns as attributes, as the
    writer reads them of a model instance; the rows it holds under :data:`PREFETCHED`."""

    pk: Any

    def __init__(self, values: dict[str, Any]):
        self.__dict__.update(values)
        self.pk = values.get("id")

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any: ...


def _extra(action: Action) -> IatiActivityExtra | None:
    try:
        return action.iati_extra
    except IatiActivityExtra.DoesNotExist:
        return None


def _shares(total: Decimal, weights: list[int]) -> list[Decimal]:
    """``total`` split by ``weights`` to the cent, the last share taking the rounding."""
    whole = sum(weights)
    shares = [(total * weight / whole).quantize(CENT, ROUND_HALF_UP) for weight in weights[:-1]]
    return [*shares, total - sum(shares, Decimal("0"))]


def _years(start: date, end: date) -> list[tuple[date, date]]:
    """Calendar-year slices of [start, end]."""
    slices = []
    current = start
    while current <= end:
        year_end = min(date(current.year, 12, 31), end)
        slices.append((current, year_end))
        current = year_end + timedelta(days=1)
    return slices


class ActivityWriter:
    """Builds one <iati-activity>; each ``element_*`` method adds one kind of element."""

    def __init__(self, government: Government, base_url: str):
        self.government = government
        self.base_url = base_url.rstrip("/")
        self.organisation_id = organisation_identifier(government)
        # The fingerprint key of each <result> of the last rendering ("" for the results of
        # indicators made in Lazos).
        self.result_keys: list[str] = []
        # Each child of <iati-activity> in schema order: its method (None: Lazos writes none)
        # and whether the published elements of that kind win over Lazos' rendering.
        self.children: list[tuple[str, Callable[[etree._Element, Action], None] | None, bool]] = [
            (name, getattr(self, "element_" + name.replace("-", "_"), None), name in PUBLISHED_WINS)
            for name in ACTIVITY_CHILDREN
        ]

    def build(self, action: Action) -> etree._Element:
        """The action's <iati-activity>: Lazos' rendering, or for an imported activity the
        published one with only the kinds edited in Lazos since the import rewritten."""
        extra = _extra(action)
        rendered = self.render(action)
        if extra is None or not extra.source_xml or not extra.fingerprints:
            return rendered
        return self._merge(action, extra, rendered)

    def fingerprints(self, action: Action) -> dict[str, str]:
        """A digest of what Lazos writes for each kind of element of ``action`` (and for the
        activity's attributes)."""
        return self._digests(self.render(action))

    def render(self, action: Action) -> etree._Element:
        """The activity as Lazos writes it from what it stores (elements kept from an imported
        file included, at their place)."""
        action.government = self.government  # no query per action for its languages
        self.result_keys = []
        extra = _extra(action)
        attrs = {
            "last-updated-datetime": action.updated_at.replace(microsecond=0).isoformat(),
            XML_LANG: original_language(action),
            # Kept elements may give values without a currency: they keep the file's default.
            "default-currency": (extra.default_currency if extra else "")
            or self.government.currency,
        }
        if (extra and extra.humanitarian) or action.modality == Modality.EMERGENCY_AID:
            attrs["humanitarian"] = "1"
        if extra and extra.hierarchy is not None:
            attrs["hierarchy"] = str(extra.hierarchy)
        activity = etree.Element("iati-activity", attrs)
        # An activity imported whole: the published organisations, places, sectors and tags
        # are the activity's, even where it had none (a partner's country set later, by
        # hand or by another import, does not add a recipient country to it).
        published_whole = bool(extra and extra.source_xml)
        kept_by_name: dict[Any, list[str]] = {}
        for item in extra.elements if extra else []:
            kept_by_name.setdefault(item.get("name"), []).append(item["xml"])
        for name, builder, published_wins_kind in self.children:
            kept = kept_by_name.get(name, [])
            published_wins = published_wins_kind and (bool(kept) or published_whole)
            if builder is not None and not published_wins:
                builder(activity, action)
            for xml in kept:
                activity.append(_kept(xml, action))
        for item in extra.elements if extra else []:
            if item["name"].startswith("{"):
                activity.append(_kept(item["xml"], action))
        return activity

    def _digests(
        self,
        rendered: etree._Element,
        kinds: dict[str, list[etree._Element]] | None = None,
    ) -> dict[str, str]:
        """The digests of ``rendered``; ``kinds``: its children by kind, if already known."""
        attributes = sorted(
            (key, value) for key, value in rendered.attrib.items() if key != LAST_UPDATED
        )
        digests = {ATTRIBUTES: _digest([repr(attributes)])}
        # The address Lazos serves from is not part of what was written: the links to the
        # government's own documents are digested without it (import and export may run
        # under different addresses).
        own_documents = f'url="{self.base_url}/{self.government.slug}/'
        results: list[str] = []
        for kind, elements in (_by_kind(rendered) if kinds is None else kinds).items():
            texts = [_tostring(element, encoding="unicode") for element in elements]
            if kind == "document-link":
                texts = [
                    text.replace(own_documents, f'url="/{self.government.slug}/') for text in texts
                ]
            elif kind == "result":
                results = texts
            digests[kind] = _digest(texts)
        # Each of the file's results on its own too, so an edit rewrites only its result.
        for key, text in zip(self.result_keys, results, strict=True):
            if key:
                digests[key] = _digest([text])
        return digests

    def _merge(
        self, action: Action, extra: IatiActivityExtra, rendered: etree._Element
    ) -> etree._Element:
        """The published activity with each kind of element edited in Lazos since the import
        (its digest differs from the import's) replaced by Lazos' rendering, in schema
        order."""
        ours = _by_kind(rendered)
        current = self._digests(rendered, ours)
        stored: dict[str, str] = extra.fingerprints
        edited = {kind for kind in {*current, *stored} if current.get(kind) != stored.get(kind)}
        activity = _kept(extra.source_xml, action)
        published = _by_kind(activity)
        for child in list(activity):
            activity.remove(child)
        activity.text = None
        for kind in (*ACTIVITY_CHILDREN, EXTENSIONS):
            if kind == "result" and kind in edited:
                elements = self._merged_results(published, ours, current, stored)
            else:
                elements = (ours if kind in edited else published).get(kind, [])
            for element in elements:
                activity.append(element)
        if ATTRIBUTES in edited:
            for key in MANAGED_ATTRIBUTES:
                value = rendered.get(key)
                if value is None:
                    activity.attrib.pop(key, None)
                else:
                    activity.set(key, value)
        if edited:
            activity.set(LAST_UPDATED, rendered.get(LAST_UPDATED, ""))
        return activity

    def _merged_results(
        self,
        published: dict[str, list[etree._Element]],
        ours: dict[str, list[etree._Element]],
        current: dict[str, str],
        stored: dict[str, str],
    ) -> list[etree._Element]:
        """The file's results, each as published unless edited in Lazos (then Lazos'
        rendering of it, or nothing when none of its indicators is shown any more), then the
        results of indicators added in Lazos."""
        rendered = list(zip(self.result_keys, ours.get("result", []), strict=True))
        by_key = {key: element for key, element in rendered if key}
        merged = []
        for position, element in enumerate(published.get("result", [])):
            key = result_key(position)
            if current.get(key) == stored.get(key):
                merged.append(element)
            elif key in by_key:
                merged.append(by_key[key])
        return [*merged, *(element for key, element in rendered if not key)]

    # One method per element, in schema order --------------------------------------------

    def element_iati_identifier(self, activity: etree._Element, action: Action) -> None:
        etree.SubElement(activity, "iati-identifier").text = activity_identifier(
            action, self.government
        )

    def element_reporting_org(self, activity: etree._Element, action: Action) -> None:
        org = etree.SubElement(
            activity,
            "reporting-org",
            {"ref": self.organisation_id, "type": self.government.iati_organisation_type or "11"},
        )
        _narrative(org, self.government.name)

    def element_title(self, activity: etree._Element, action: Action) -> None:
        title = etree.SubElement(activity, "title")
        if not _narratives(title, action, "title"):
            _narrative(title, action.title)

    def element_description(self, activity: etree._Element, action: Action) -> None:
        extra = _extra(action)
        kind = (extra.description_type if extra else "") or codes.DESCRIPTION_GENERAL
        description = etree.SubElement(activity, "description", {"type": kind})
        if not _narratives(description, action, "public_summary"):
            _narrative(description, action.public_summary or action.title)

    def element_participating_org(self, activity: etree._Element, action: Action) -> None:
        for role in (codes.ROLE_FUNDING, codes.ROLE_IMPLEMENTING):
            org = etree.SubElement(
                activity,
                "participating-org",
                {
                    "ref": self.organisation_id,
                    "type": self.government.iati_organisation_type or "11",
                    "role": role,
                },
            )
            _narrative(org, self.government.name)
        for partner in _related(action, "partners"):
            org = etree.SubElement(
                activity,
                "participating-org",
                {
                    "type": codes.PARTNER_KIND_TO_ORGANISATION_TYPE.get(partner.kind, "90"),
                    "role": codes.ROLE_IMPLEMENTING,
                },
            )
            _narrative(org, partner.name)

    def element_activity_status(self, activity: etree._Element, action: Action) -> None:
        status = ActionStatus(action.status)
        extra = _extra(action)
        # The file's code while the action's status still means it (finalisation and
        # suspended are "ongoing" in Lazos, and stay 3 and 6 in the file).
        if extra and extra.status_code and codes.IATI_TO_STATUS.get(extra.status_code) == status:
            code = extra.status_code
        else:
            code = codes.STATUS_TO_IATI.get(status, "1")
        etree.SubElement(activity, "activity-status", {"code": code})

    def element_activity_date(self, activity: etree._Element, action: Action) -> None:
        extra = _extra(action)
        if extra and extra.activity_dates:
            self._imported_dates(activity, action, extra)
            return
        start = action.start_date or action.created_at.date()
        self._date(activity, self._start_type(action), start)
        if action.end_date:
            self._date(activity, self._end_type(action), action.end_date)

    def _imported_dates(
        self, activity: etree._Element, action: Action, extra: IatiActivityExtra
    ) -> None:
        """The file's dates, each of its type (planned and actual kept apart) and with its
        narratives; the ones the action's start and end came from carry the action's dates."""
        start_written = end_written = False
        for item in extra.activity_dates:
            kind, when = item.get("type", ""), item.get("iso_date", "")
            if kind and kind == extra.start_date_type and not start_written:
                start_written = True
                when = action.start_date.isoformat() if action.start_date else ""
            elif kind and kind == extra.end_date_type and not end_written:
                end_written = True
                when = action.end_date.isoformat() if action.end_date else ""
            if not when:
                continue
            if item.get("xml"):
                element = _kept(item["xml"], action)
                element.set("iso-date", when)
                activity.append(element)
            else:
                etree.SubElement(activity, "activity-date", {"type": kind, "iso-date": when})
        if action.start_date and not start_written:
            self._date(activity, self._start_type(action), action.start_date)
        if action.end_date and not end_written:
            self._date(activity, self._end_type(action), action.end_date)

    @staticmethod
    def _start_type(action: Action) -> str:
        started = action.status in {ActionStatus.ONGOING, ActionStatus.COMPLETED}
        return codes.DATE_ACTUAL_START if started else codes.DATE_PLANNED_START

    @staticmethod
    def _end_type(action: Action) -> str:
        ended = action.status == ActionStatus.COMPLETED
        return codes.DATE_ACTUAL_END if ended else codes.DATE_PLANNED_END

    @staticmethod
    def _date(activity: etree._Element, kind: str, when: date) -> None:
        etree.SubElement(activity, "activity-date", {"type": kind, "iso-date": when.isoformat()})

    def element_recipient_country(self, activity: etree._Element, action: Action) -> None:
        countries = list(
            OrderedDict.fromkeys(str(p.country) for p in _related(action, "partners") if p.country)
        )
        if not countries:
            return
        shares = _shares(HUNDRED, [1] * len(countries))
        for country, share in zip(countries, shares, strict=True):
            etree.SubElement(
                activity, "recipient-country", {"code": country, "percentage": _number(share)}
            )

    def element_location(self, activity: etree._Element, action: Action) -> None:
        seen: set[int] = set()
        for partner in _related(action, "partners"):
            place = partner.place
            if place is None or place.latitude is None or place.longitude is None:
                continue
            if place.pk in seen:
                continue
            seen.add(place.pk)
            location = etree.SubElement(activity, "location", {"ref": f"geonames-{place.pk}"})
            etree.SubElement(location, "location-reach", {"code": codes.LOCATION_REACH_ACTIVITY})
            etree.SubElement(
                location,
                "location-id",
                {"vocabulary": codes.GEOGRAPHIC_VOCABULARY_GEONAMES, "code": str(place.pk)},
            )
            _narrative(etree.SubElement(location, "name"), place.name)
            point = etree.SubElement(location, "point", {"srsName": codes.SRS_NAME})
            etree.SubElement(
                point, "pos"
            ).text = f"{_number(place.latitude)} {_number(place.longitude)}"
            etree.SubElement(location, "exactness", {"code": codes.LOCATION_EXACT})
            etree.SubElement(
                location, "location-class", {"code": codes.LOCATION_CLASS_POPULATED_PLACE}
            )
            etree.SubElement(
                location,
                "feature-designation",
                {"code": codes.FEATURE_DESIGNATION_POPULATED_PLACE},
            )

    def element_sector(self, activity: etree._Element, action: Action) -> None:
        sectors = list(
            OrderedDict.fromkeys(
                codes.THEME_TO_DAC_SECTOR[theme.code]
                for theme in sorted(_related(action, "themes"), key=lambda theme: theme.code)
                if theme.code in codes.THEME_TO_DAC_SECTOR
            )
        )
        if not sectors:
            return
        shares = _shares(HUNDRED, [1] * len(sectors))
        for sector, share in zip(sectors, shares, strict=True):
            etree.SubElement(
                activity,
                "sector",
                {
                    "vocabulary": codes.SECTOR_VOCABULARY_DAC,
                    "code": sector,
                    "percentage": _number(share),
                },
            )

    def element_tag(self, activity: etree._Element, action: Action) -> None:
        targets = sorted(
            _related(action, "sdg_targets"),
            key=lambda target: (int(target.goal_id), target.position),
        )
        goals = OrderedDict.fromkeys(target.code.split(".")[0] for target in targets)
        for goal in goals:
            etree.SubElement(
                activity, "tag", {"vocabulary": codes.TAG_VOCABULARY_SDG_GOAL, "code": goal}
            )
        for target in targets:
            etree.SubElement(
                activity,
                "tag",
                {"vocabulary": codes.TAG_VOCABULARY_SDG_TARGET, "code": target.code},
            )

    def element_budget(self, activity: etree._Element, action: Action) -> None:
        spread: dict[str, Decimal] = OrderedDict()
        for line in _related(action, "budget_lines"):
            period = getattr(line, "iati_budget", None)
            if period is not None:
                self._budget(
                    activity,
                    period.period_start,
                    period.period_end,
                    line.amount,
                    line.currency,
                    value_date=period.value_date,
                    budget_type=period.budget_type,
                    status=period.budget_status,
                )
            elif not line.in_kind:
                spread[line.currency] = spread.get(line.currency, Decimal("0")) + line.amount
        if not spread or not action.start_date:
            return
        end = action.end_date or (action.start_date.replace(month=12, day=31))
        years = _years(action.start_date, max(end, action.start_date))
        for currency, total in spread.items():
            weights = [(year_end - year_start).days + 1 for year_start, year_end in years]
            for (year_start, year_end), share in zip(years, _shares(total, weights), strict=True):
                self._budget(activity, year_start, year_end, share, currency)

    def _budget(
        self,
        activity: etree._Element,
        start: date,
        end: date,
        value: Decimal,
        currency: str,
        *,
        value_date: date | None = None,
        budget_type: str = codes.BUDGET_ORIGINAL,
        status: str = codes.BUDGET_INDICATIVE,
    ) -> None:
        budget = etree.SubElement(activity, "budget", {"type": budget_type, "status": status})
        etree.SubElement(budget, "period-start", {"iso-date": start.isoformat()})
        etree.SubElement(budget, "period-end", {"iso-date": end.isoformat()})
        etree.SubElement(
            budget,
            "value",
            {"currency": currency, "value-date": (value_date or start).isoformat()},
        ).text = _number(value)

    def element_transaction(self, activity: etree._Element, action: Action) -> None:
        sub = _SubElement
        for row in _related(action, "iati_transactions"):
            transaction = sub(activity, "transaction", {"ref": row.ref} if row.ref else None)
            if row.humanitarian is not None:
                transaction.set("humanitarian", "1" if row.humanitarian else "0")
            sub(transaction, "transaction-type", {"code": row.transaction_type})
            sub(transaction, "transaction-date", {"iso-date": row.date.isoformat()})
            sub(
                transaction,
                "value",
                {"currency": row.currency, "value-date": row.value_date.isoformat()},
            ).text = _number(row.value)
            if row.description:
                _narrative(sub(transaction, "description"), row.description)
            for tag, activity_attribute, ref, name, org_type, activity_id in (
                (
                    "provider-org",
                    "provider-activity-id",
                    row.provider_ref,
                    row.provider_name,
                    row.provider_type,
                    row.provider_activity_id,
                ),
                (
                    "receiver-org",
                    "receiver-activity-id",
                    row.receiver_ref,
                    row.receiver_name,
                    row.receiver_type,
                    row.receiver_activity_id,
                ),
            ):
                if ref or name or org_type or activity_id:
                    org = sub(transaction, tag, {"ref": ref} if ref else None)
                    if activity_id:
                        org.set(activity_attribute, activity_id)
                    if org_type:
                        org.set("type", org_type)
                    if name:
                        _narrative(org, name)
            for xml in row.extra_xml:
                transaction.append(_kept(xml, action))

    def element_document_link(self, activity: etree._Element, action: Action) -> None:
        seen_titles: set[str] = set()
        for attachment in _related(action, "attachments"):  # the public ones (exported_actions)
            if attachment.title in seen_titles:
                continue  # only the latest version of each document
            seen_titles.add(attachment.title)
            path = reverse(
                "public-iati:document",
                kwargs={"government_slug": self.government.slug, "attachment_id": attachment.pk},
            )
            link = etree.SubElement(
                activity,
                "document-link",
                {"url": f"{self.base_url}{path}", "format": attachment.mime_type},
            )
            _narrative(etree.SubElement(link, "title"), attachment.title)
            etree.SubElement(
                link,
                "category",
                {"code": codes.ATTACHMENT_KIND_TO_DOCUMENT_CATEGORY.get(attachment.kind, "A02")},
            )
            etree.SubElement(
                link, "document-date", {"iso-date": attachment.created_at.date().isoformat()}
            )
        for document in _related(action, "iati_document_links"):
            activity.append(_kept(document.xml, action))

    def element_result(self, activity: etree._Element, action: Action) -> None:
        # An imported activity's results as the file had them (two results with the same
        # title stay two); Lazos' own indicators by expected result and type.
        extra = _extra(action)
        result_of = {
            indicator_id: position
            for position, ids in enumerate(extra.result_groups if extra else [])
            for indicator_id in ids
        }
        groups: OrderedDict[tuple[Any, ...], list[Indicator]] = OrderedDict()
        for indicator in _related(action, "indicators"):  # the public ones (exported_actions)
            indicator.government = self.government
            key: tuple[Any, ...] = (
                ("imported", result_of[indicator.pk])
                if indicator.pk in result_of
                else (indicator.result_title or indicator.title, indicator.result_type)
            )
            groups.setdefault(key, []).append(indicator)
        for key, indicators in groups.items():
            self.result_keys.append(result_key(key[1]) if key[0] == "imported" else "")
            result = etree.SubElement(activity, "result", {"type": indicators[0].result_type})
            title = etree.SubElement(result, "title")
            first = indicators[0]
            field = "result_title" if first.result_title else "title"
            if not _narratives(title, first, field):
                _narrative(title, first.title)
            for indicator in indicators:
                self._indicator(result, indicator)

    def _indicator(self, result: etree._Element, indicator: Indicator) -> None:
        element = etree.SubElement(
            result,
            "indicator",
            {
                "measure": codes.MEASURE_TO_IATI.get(indicator.measure, "1"),
                "ascending": "1" if indicator.ascending else "0",
            },
        )
        _narratives(etree.SubElement(element, "title"), indicator, "title")
        if indicator.description.strip():
            _narratives(etree.SubElement(element, "description"), indicator, "description")
        periods = _related(indicator, "periods")
        year = indicator.baseline_year or (
            periods[0].start.year if periods and indicator.baseline_value is not None else None
        )
        if year:
            baseline = etree.SubElement(element, "baseline", {"year": str(year)})
            if indicator.baseline_value is not None:
                baseline.set("value", _number(indicator.baseline_value))
            if indicator.baseline_comment:
                _narrative(etree.SubElement(baseline, "comment"), indicator.baseline_comment)
        for period in periods:
            item = etree.SubElement(element, "period")
            etree.SubElement(item, "period-start", {"iso-date": period.start.isoformat()})
            etree.SubElement(item, "period-end", {"iso-date": period.end.isoformat()})
            if period.target_value is not None or period.target_comment:
                target = etree.SubElement(item, "target")
                if period.target_value is not None:
                    target.set("value", _number(period.target_value))
                if period.target_comment:
                    _narrative(etree.SubElement(target, "comment"), period.target_comment)
            approved = _related(period, "updates")  # approved ones, newest first
            if approved:
                update = approved[0]
                actual = etree.SubElement(item, "actual")
                if update.value is not None:
                    actual.set("value", _number(update.value))
                comment = update.qualitative_value or update.narrative
                if comment:
                    _narrative(etree.SubElement(actual, "comment"), comment)


def result_key(position: int) -> str:
    """The fingerprint key of the file's result at ``position``."""
    return f"result:{position}"


def _digest(texts: list[str]) -> str:
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:32]


def _by_kind(activity: etree._Element) -> dict[str, list[etree._Element]]:
    """The activity's child elements by kind, in document order; elements of another
    namespace are one kind (:data:`EXTENSIONS`), comments and the like none."""
    kinds: dict[str, list[etree._Element]] = {}
    for child in activity:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        kind = EXTENSIONS if tag.startswith("{") else tag
        if kind in kinds:
            kinds[kind].append(child)
        else:
            kinds[kind] = [child]
    return kinds


def activity_fingerprints(
    government: Government, action_ids: list[int], *, base_url: str | None = None
) -> Iterator[list[tuple[Action, dict[str, str]]]]:
    """The actions, imported with their published activity, with the digests of what Lazos
    writes for each now (import: right after writing the activities), a chunk at a time
    (memory stays flat for any file; a fixed number of queries per chunk)."""
    writer = ActivityWriter(government, base_url or settings.LAZOS_BASE_URL)
    for start in range(0, len(action_ids), CHUNK):
        chunk = action_ids[start : start + CHUNK]
        actions = _with_file_parts(
            Action.objects.for_tenant(government).filter(pk__in=chunk), imported_whole=True
        )
        yield [(action, writer.fingerprints(action)) for action in actions]


@contextmanager
def file_parts_in_memory(
    action: Action,
    *,
    transactions: list[Any],
    documents: list[Any],
    budget_lines: list[BudgetLine],
    indicators: list[Indicator],
    periods: dict[int, list[IndicatorPeriod]],
    updates: dict[int, list[IndicatorUpdate]],
) -> Iterator[Action]:
    """``action``, just written with these rows (all it has: an action the import created),
    holding them as :func:`_with_file_parts` (``imported_whole``) would read them back, in
    its order and with its filters, for the block: its activity is rendered without a
    query. ``periods`` and ``updates`` are the rows by indicator and by period id; each
    budget line holds its IATI budget period (set when the period was made for it)."""
    public = action.is_public
    parts: dict[str, list[Any]] = {
        "iati_transactions": sorted(transactions, key=lambda row: (row.date, row.pk)),
        "iati_document_links": sorted(documents, key=lambda row: (row.position, row.pk)),
        "budget_lines": sorted(budget_lines, key=lambda line: line.pk),
        "indicators": sorted(
            (indicator for indicator in indicators if indicator.is_public and public),
            key=lambda indicator: (indicator.position, indicator.pk),
        ),
        "attachments": [],  # a new action has no documents of its own yet
    }
    held: list[Any] = [action]
    for indicator in parts["indicators"]:
        own = sorted(periods.get(indicator.pk, []), key=lambda period: period.start)
        indicator.__dict__[PREFETCHED] = {"periods": own}
        held.append(indicator)
        for period in own:
            approved = [row for row in updates.get(period.pk, []) if row.status == APPROVED]
            approved.sort(key=lambda row: (row.created_at, row.pk), reverse=True)
            period.__dict__[PREFETCHED] = {"updates": approved}
            held.append(period)
    action.__dict__[PREFETCHED] = parts
    try:
        yield action
    finally:
        for instance in held:
            del instance.__dict__[PREFETCHED]


def _exported_in_chunks(government: Government) -> Iterator[Action]:
    """:func:`exported_actions`, a chunk at a time, each chunk's rows read with one query per
    relation and handed to its actions directly (what ``prefetch_related`` does, without
    building a QuerySet per action and relation: most of the file's time at 2,000
    activities). The same rows, in the same order."""
    actions = (
        Action.objects.for_tenant(government)
        .public()
        .filter(modality__in=COOPERATION_MODALITIES)
        .filter(reported_by_government(government))
        .select_related("iati_extra")
        .order_by("pk")
    )
    ids = list(actions.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = list(actions.filter(pk__in=ids[start : start + CHUNK]))
        _load_file_parts(chunk)
        yield from chunk
        for action in chunk:
            _forget_file_parts(action)


# What the file writes of the rows :func:`_load_file_parts` reads as values.
INDICATOR_COLUMNS = (
    "id",
    "action_id",
    "result_type",
    "result_title",
    "title",
    "description",
    "measure",
    "ascending",
    "baseline_year",
    "baseline_value",
    "baseline_comment",
    "language",
    "translations",
)
PERIOD_COLUMNS = ("id", "indicator_id", "start", "end", "target_value", "target_comment")
BUDGET_LINE_COLUMNS = ("action_id", "amount", "currency", "in_kind")
IATI_BUDGET_COLUMNS = ("period_start", "period_end", "value_date", "budget_type", "budget_status")


def _load_file_parts(actions: list[Action]) -> None:
    """Give each of ``actions`` (public ones) what :func:`_with_file_parts` prefetches: the
    same rows in the same order, one query per relation for the chunk. The rows the file only
    reads come as values (named tuples, or :class:`_Row` where they hold rows of their own),
    not model instances: building tens of thousands of instances cost more than writing
    them."""
    ids = [action.pk for action in actions]

    def by(rows: Iterator[Any] | QuerySet[Any], key: str) -> dict[Any, list[Any]]:
        grouped: dict[Any, list[Any]] = {}
        for row in rows:
            grouped.setdefault(getattr(row, key), []).append(row)
        return grouped

    # A transaction's other children (``extra_xml``, a JSON list) are read as text and decoded
    # only when there are any: most transactions have none.
    transactions: dict[Any, list[Any]] = {}
    for values in (
        Transaction.objects.filter(action_id__in=ids)
        .order_by("date", "id")
        .values_list(
            "action_id",
            *TRANSACTION_COLUMNS[:-1],
            Cast("extra_xml", output_field=TextField()),
        )
    ):
        extra_xml = values[-1]
        transactions.setdefault(values[0], []).append(
            _TransactionRow._make(
                (*values[:-1], [] if extra_xml == "[]" else json.loads(extra_xml))
            )
        )
    documents = by(
        IatiDocumentLink.objects.filter(action_id__in=ids)
        .order_by("position", "id")
        .values_list("action_id", "xml", named=True),
        "action_id",
    )
    lines: dict[Any, list[Any]] = {}
    budget_columns = [f"iati_budget__{name}" for name in IATI_BUDGET_COLUMNS]
    for values in (
        BudgetLine.objects.filter(action_id__in=ids)
        .order_by("id")
        .values_list(*BUDGET_LINE_COLUMNS, "iati_budget__id", *budget_columns)
    ):
        width = len(BUDGET_LINE_COLUMNS)
        line = dict(zip(BUDGET_LINE_COLUMNS, values[:width], strict=True))
        line["iati_budget"] = (
            None
            if values[width] is None
            else _Row(dict(zip(IATI_BUDGET_COLUMNS, values[width + 1 :], strict=True)))
        )
        lines.setdefault(values[0], []).append(_Row(line))
    # The actions are public: their public indicators are the ones residents see.
    indicator_rows = [
        _Row(values)
        for values in Indicator.objects.filter(action_id__in=ids, is_public=True)
        .order_by("position", "id")
        .values(*INDICATOR_COLUMNS)
    ]
    period_rows = [
        _Row(values)
        for values in IndicatorPeriod.objects.filter(
            indicator__in=[row.pk for row in indicator_rows]
        )
        .order_by("start")
        .values(*PERIOD_COLUMNS)
    ]
    updates = by(
        IndicatorUpdate.objects.approved()
        .filter(period__in=[row.pk for row in period_rows])
        .order_by("-created_at", "-id")
        .values_list("period_id", "value", "qualitative_value", "narrative", named=True),
        "period_id",
    )
    periods = by(iter(period_rows), "indicator_id")
    for period in period_rows:
        period.__dict__[PREFETCHED] = {"updates": updates.get(period.pk, [])}
    for indicator in indicator_rows:
        indicator.__dict__[PREFETCHED] = {"periods": periods.get(indicator.pk, [])}
    indicators = by(iter(indicator_rows), "action_id")
    attachments = by(
        Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(Action),
            object_id__in=ids,
            is_public=True,
        ).order_by("title", "-version"),
        "object_id",
    )
    # Partners, themes and SDG targets are written only for activities not imported whole
    # (an imported activity's organisations, places, sectors and tags are the published ones).
    written_by_lazos = [
        action.pk
        for action in actions
        if not ((extra := _extra(action)) is not None and extra.source_xml)
    ]
    links: dict[str, dict[Any, list[Any]]] = {}
    for name, through, target, order in (
        ("partners", Action.partners.through, "partner", ("partner__name",)),
        ("themes", Action.themes.through, "theme", ()),
        ("sdg_targets", Action.sdg_targets.through, "sdgtarget", ()),
    ):
        grouped: dict[Any, list[Any]] = {}
        if written_by_lazos:
            rows = (
                through.objects.filter(action_id__in=written_by_lazos)
                .select_related(target + "__place" if name == "partners" else target)
                .order_by(*order, "pk")
            )
            for row in rows:
                grouped.setdefault(row.action_id, []).append(getattr(row, target))
        links[name] = grouped
    for action in actions:
        action.__dict__[PREFETCHED] = {
            "iati_transactions": transactions.get(action.pk, []),
            "iati_document_links": documents.get(action.pk, []),
            "budget_lines": lines.get(action.pk, []),
            "indicators": indicators.get(action.pk, []),
            "attachments": attachments.get(action.pk, []),
            **{name: grouped.get(action.pk, []) for name, grouped in links.items()},
        }


def _forget_file_parts(action: Action) -> None:
    action.__dict__.pop(PREFETCHED, None)


class ExportError(Exception):
    """The file could not be produced whole; nothing of it was served or written.

    ``action_id`` names the action being written when it failed, if one was.
    """

    def __init__(self, message: str, *, action_id: int | None = None):
        self.action_id = action_id
        super().__init__(message)


class NoOrganisationIdentifier(ExportError):
    """The government has no IATI organisation identifier of its own: no file is published
    under a made-up one (the identifier names the publisher in the IATI Registry, and every
    activity identifier begins with it)."""

    def __init__(self, government: Government):
        self.government = government
        super().__init__(
            f"{government.slug} has no IATI organisation identifier; an administrator records "
            "it in the government's settings. No file is published without it."
        )


def _kept(xml: str, action: Action) -> etree._Element:
    """An element kept from an imported file, parsed on its own (no entity, no DTD)."""
    try:
        return safexml.fragment(xml)
    except etree.XMLSyntaxError as error:
        raise ExportError(
            f"action {action.pk}: an element kept from an imported IATI file cannot be "
            f"parsed on its own ({error.msg}); import a corrected file for this action: "
            f"{xml[:200]}",
            action_id=action.pk,
        ) from error


def write_document(
    government: Government, output: IO[bytes], *, base_url: str | None = None
) -> int:
    """Write the whole file to the seekable binary file ``output`` and check it; returns the
    number of activities. Raises :class:`ExportError` (``output`` then holds no usable
    file: the caller throws it away); :class:`NoOrganisationIdentifier` before writing
    anything when the government has no IATI organisation identifier of its own."""
    if not government.iati_organisation_identifier.strip():
        raise NoOrganisationIdentifier(government)
    writer = ActivityWriter(government, base_url or settings.LAZOS_BASE_URL)
    generated = timezone.now().replace(microsecond=0).isoformat()
    written = 0
    with etree.xmlfile(output, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(
            "iati-activities", {"version": codes.IATI_VERSION, "generated-datetime": generated}
        ):
            for action in _exported_in_chunks(government):
                try:
                    activity = writer.build(action)
                except ExportError:
                    raise
                except Exception as error:
                    raise ExportError(
                        f"action {action.pk}: {type(error).__name__}: {error}",
                        action_id=action.pk,
                    ) from error
                xf.write(activity, pretty_print=True)
                written += 1
    output.flush()
    check_document(output, written)
    return written


def check_document(output: IO[bytes], expected: int) -> None:
    """Parse the written file again: it must be well-formed, an ``iati-activities`` with
    ``expected`` activities following the IATI schema and codelists (read element by element,
    so memory stays small).

    A file that passes :func:`_passes_in_one_pass` passes every check below: they are run
    (and say what is wrong) only when it does not."""
    if _passes_in_one_pass(output, expected):
        return
    output.seek(0)
    count = 0
    root: etree._Element | None = None
    try:
        for event, element in etree.iterparse(
            output, events=("start", "end"), **safexml.PARSER_OPTIONS
        ):
            if event == "start":
                if root is None:
                    root = element
                    if element.tag != "iati-activities":
                        raise ExportError(f"the written file starts with <{element.tag}>")
                continue
            if element.getparent() is root:
                count += element.tag == "iati-activity"
                element.clear()
                while element.getprevious() is not None:
                    del root[0]
    except etree.XMLSyntaxError as error:
        raise ExportError(f"the written file is not well-formed: {error.msg}") from error
    if count != expected:
        raise ExportError(f"the written file holds {count} activities instead of {expected}")
    from lazos.iati.validation import check_exported_document, describe_export_problems

    if problems := check_exported_document(output):
        raise ExportError(describe_export_problems(problems))


def _passes_in_one_pass(output: IO[bytes], expected: int) -> bool:
    """Does the written file pass :func:`check_document`, checked in one reading: libxml2
    validates the whole document against the 2.03 schema as it parses it (the root, its
    attributes and each activity, as :func:`check_document` checks them one by one), and each
    activity's codes are checked against the codelists as it ends. True only when the file is
    well-formed, has no document type, is an ``iati-activities`` of version 2.03 holding
    ``expected`` activities, and is valid; False for anything else, which
    :func:`check_document` then checks (and explains) element by element. (A file without
    activities is not valid here, the schema wanting one: it is judged there.)"""
    from lazos.iati import codelists, schema

    output.seek(0)
    count = 0
    root: etree._Element | None = None
    try:
        for event, element in etree.iterparse(
            output,
            events=("start", "end"),
            tag=("iati-activities", "iati-activity"),
            schema=schema.activity_schema(codes.IATI_VERSION),
            **safexml.PARSER_OPTIONS,
        ):
            if root is None:
                root = element
                if (
                    element.tag != "iati-activities"
                    or element.getparent() is not None
                    or safexml.declares_doctype(element)
                    or element.get("version") != codes.IATI_VERSION
                ):
                    return False
                continue
            if event == "start" or element is root:
                continue
            if element.getparent() is not root or codelists.check_codes(element):
                return False
            count += 1
            element.clear()
            while element.getprevious() is not None:
                del root[0]
    except etree.XMLSyntaxError:
        return False
    return root is not None and count == expected


def build_file(government: Government, *, base_url: str | None = None) -> IO[bytes]:
    """The whole file, built and checked in an anonymous temporary file (on disk, so a big
    register does not sit in memory), rewound for reading; the caller closes it, which
    deletes it. Raises :class:`ExportError` before anything can be served."""
    output = tempfile.TemporaryFile(prefix="lazos-iati-")  # noqa: SIM115 - handed to the caller
    try:
        write_document(government, output, base_url=base_url)
    except BaseException:
        output.close()
        raise
    output.seek(0)
    return output


def write_file(government: Government, output: IO[bytes], *, base_url: str | None = None) -> None:
    """Write the whole file to the binary file object ``output``, once it is built and
    checked: on :class:`ExportError` nothing is written to ``output``."""
    with build_file(government, base_url=base_url) as built:
        shutil.copyfileobj(built, output)
