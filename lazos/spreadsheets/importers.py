"""Import partners, agreements and actions from a spreadsheet: plan (dry run), then apply.

Each importer declares its columns: the model field it fills, whether a new record needs it,
and how a cell is read (text, date, yes/no, a choice by value or label in any interface
language, a country, references to the government's partners, departments, agreements,
themes, SDG targets, tags). Headers are matched without regard to case or accents, in
English (field name or label) or in the labels of the interface languages.

Rules
- A row with an ``external id`` that the government already uses **updates** that record;
  a row without one (or with a new one) **creates** a record. Rows are never matched by name
  or title: a file without external ids creates new records each time it is imported.
- A blank cell leaves the stored value alone; with ``blank_clears=True`` it empties it.
- A row whose values equal the stored ones is **unchanged**: nothing is written for it, no
  audit event either, so re-importing the same file changes nothing.
- :func:`plan` writes nothing and reports every problem as (row, column, message).
  :func:`apply` refuses a plan with errors, re-validates against the current data and
  writes everything in one transaction through the apps' services (audited with the
  channel "import"): all rows or none.
"""

from __future__ import annotations

import copy
import datetime
import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from lazos.accounts.models import User
from lazos.actions.models import Action
from lazos.actions.services import create_action, update_action
from lazos.agreements.models import Agreement
from lazos.agreements.services import (
    InvalidTransition,
    create_agreement,
    transition_agreement,
    update_agreement,
)
from lazos.core import audit
from lazos.core.permissions import Operation, policy_for
from lazos.governments.models import Department, Government
from lazos.partners.duplicates import Candidate, find_matches_for_many
from lazos.partners.keys import name_key
from lazos.partners.models import Partner
from lazos.partners.services import create_partner, update_partner
from lazos.reference.models import City, SdgTarget, Theme
from lazos.reference.querysets import CityMatch
from lazos.reference.text import search_key
from lazos.spreadsheets.countries import closest_countries, country_label, find_country
from lazos.spreadsheets.readers import Row, Sheet, fold_header

LANGUAGES = ("en", "es", "fr", "pt")
LIST_SEPARATOR = re.compile(r"\s*[;\n]\s*")
TRUE_WORDS = frozenset(
    {"yes", "y", "si", "oui", "sim", "true", "1", "x", "verdadero", "vrai", "verdadeiro"}
)
FALSE_WORDS = frozenset({"no", "n", "non", "nao", "false", "0", "falso", "faux"})
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?$")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
#: The title of the import template's sheet of valid values (named by the refusals).
LISTS_SHEET_TITLE = _("Valid values")
#: How many places a refusal of the place column names at most.
PLACE_CANDIDATES = 8
#: Rows to create and to update shown on the preview page (each).
SAMPLE_SIZE = 20
#: Rows matching existing records kept for the preview's choices (the rest are created).
MAX_MATCHED_ROWS = 1000
#: The choice, on a row matching existing records, to create a new record all the same.
NEW_RECORD = "new"
#: Other rows of the file named for one row that would create the same record.
MAX_SAME_IN_FILE = 10
#: Existing records shown for one row that matches some.
MAX_MATCHES_PER_ROW = 5


@dataclass(frozen=True)
class PlaceName:
    """A place cell as written, found once the row's country is known."""

    text: str

    def __str__(self) -> str:
        return self.text


class CellError(Exception):
    """A cell that cannot be read; ``message`` says what is wrong and how to write it."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return gettext("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return gettext("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": str(self.message)}


class ImportRefused(ValidationError):
    """:func:`apply` was given a plan with errors, or the data changed and it has some now."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.row_errors = list(errors)
        super().__init__([str(error) for error in self.row_errors] or [_("Import refused.")])


# --- Columns ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column an importer understands.

    ``field`` is the model field (or "tags"); ``parser`` names a ``parse_<parser>`` method of
    :class:`Lookups`; ``aliases`` are extra accepted headers besides the field name and the
    field's label in each interface language.
    """

    field: str
    parser: str = "text"
    required: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def many(self) -> bool:
        return self.parser in {"partners", "departments", "themes", "sdg_targets", "tags"}


@dataclass
class PlannedRow:
    number: int
    operation: str
    label: str
    instance: Any = None
    values: dict[str, Any] = field(default_factory=dict)
    relations: dict[str, list[Any]] = field(default_factory=dict)
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    #: Existing records this new one may duplicate (see :meth:`Importer.matches`), each as
    #: {"id", "name", "url", "reasons"}; the person chooses to link the row to one of them.
    matches: list[dict[str, Any]] = field(default_factory=list)
    #: The existing record the person chose for this row (its data fills that record's
    #: empty fields instead of creating a new one).
    linked: bool = False
    #: Other rows of the file that would create the same record (same country and matching
    #: name, or the same place): a warning, each row still creates its own.
    same_in_file: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        found = {
            "row": self.number,
            "operation": self.operation,
            "label": self.label,
            "changes": [list(change) for change in self.changes],
        }
        if self.matches:
            found["matches"] = self.matches
        if self.same_in_file:
            found["same_in_file"] = self.same_in_file
        return found


@dataclass
class Preview:
    """What an import would do: rows to create, update, leave alone, and the errors."""

    importer: Importer
    government: Government
    sheet: Sheet
    blank_clears: bool = False
    membership: Any = None
    links: dict[int, int] = field(default_factory=dict)
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)

    def _of(self, operation: str) -> list[PlannedRow]:
        return [row for row in self.rows if row.operation == operation]

    @property
    def to_create(self) -> list[PlannedRow]:
        return self._of(CREATE)

    @property
    def to_update(self) -> list[PlannedRow]:
        return self._of(UPDATE)

    @property
    def unchanged(self) -> list[PlannedRow]:
        return self._of(UNCHANGED)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "to_create": len(self.to_create),
            "to_update": len(self.to_update),
            "unchanged": len(self.unchanged),
            "errors": len(self.errors),
        }

    @property
    def matched(self) -> list[PlannedRow]:
        """The rows to create that may duplicate an existing record or another row."""
        return [row for row in self.to_create if row.matches or row.same_in_file]

    def sample(self, per_operation: int = SAMPLE_SIZE) -> list[dict[str, Any]]:
        """The first rows to create and to update, with their changes (for the preview page),
        then every other row to create that matches existing records (the person chooses,
        row by row, to create it or to use the existing record)."""
        shown = self.to_create[:per_operation]
        return (
            [row.as_dict() for row in shown]
            + [row.as_dict() for row in self.to_update[:per_operation]]
            + [row.as_dict() for row in self.matched[:MAX_MATCHED_ROWS] if row not in shown]
        )

    def summary(self) -> str:
        return (
            gettext(
                "%(to_create)s to create, %(to_update)s to update, %(unchanged)s unchanged, "
                "%(errors)s errors."
            )
            % self.counts
        )


@dataclass
class ApplyResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


ProgressCallback = Callable[[int, int], None]


# --- Reading cells ---------------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()


def _parts(value: Any) -> list[str]:
    return [part for part in LIST_SEPARATOR.split(_text(value)) if part]


def parse_date(value: Any) -> datetime.date:
    """A date cell, or text "2024-05-31" or "31/05/2024" (also with "." or "-")."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    try:
        if match := _ISO_DATE.match(text):
            year, month, day = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
        if match := _DAY_FIRST.match(text):
            day, month, year = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
    except ValueError:
        pass
    raise CellError(
        _("“%(value)s” is not a date (use YYYY-MM-DD).") % {"value": text},
    )


def parse_decimal(value: Any) -> Decimal:
    """A number with "." or "," as decimal separator ("1.234,5", "1,234.5", "12,5")."""
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = re.sub(r"[\s\u00a0']", "", _text(value))
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in text:
        text = text.replace(",", ".") if text.count(",") == 1 else text.replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise CellError(_("“%(value)s” is not a number.") % {"value": _text(value)})
    return number


def parse_integer(value: Any) -> int:
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": _text(value)})
    return int(number)


def parse_boolean(value: Any) -> bool:
    """yes/no in English, Spanish, French or Portuguese; true/false; 1/0."""
    if isinstance(value, bool):
        return value
    word = fold_header(_text(value))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(
        _("“%(value)s” is not yes or no. Use one of: %(choices)s.")
        % {"value": _text(value), "choices": yes_no_words()}
    )


def yes_no_words() -> str:
    """ "yes / no; sí / no; oui / non; sim / não; 1 / 0": the answers a yes/no cell takes."""
    pairs = []
    for language in LANGUAGES:
        with translation.override(language):
            pair = f"{gettext('yes')} / {gettext('no')}"
        if pair not in pairs:
            pairs.append(pair)
    return "; ".join([*pairs, "true / false", "1 / 0"])


def listing(values: Iterable[Any], limit: int = 60) -> str:
    """The valid values of a coded column, "; "-separated (the first ``limit`` and a count)."""
    texts = [str(value) for value in values]
    if len(texts) <= limit:
        return "; ".join(texts)
    return gettext("%(values)s… and %(more)s more") % {
        "values": "; ".join(texts[:limit]),
        "more": len(texts) - limit,
    }


def coded(label: Any, code: Any) -> str:
    """A valid value as a refusal lists it: "mission abroad (mission)"."""
    label, code = str(label), str(code)
    return label if fold_header(label) == fold_header(code) else f"{label} ({code})"


def _in_languages(function: Callable[[], Iterable[tuple[str, str]]]) -> dict[str, str]:
    """Run ``function`` in each interface language; fold its (text, value) pairs into a map."""
    found: dict[str, str] = {}
    for language in LANGUAGES:
        with translation.override(language):
            for text, value in function():
                found.setdefault(fold_header(text), value)
    return found


class Lookups:
    """Everything a cell may refer to in one government, loaded once per plan."""

    def __init__(self, government: Government, model: type[models.Model]) -> None:
        self.government = government
        self.model = model
        self._choice_maps: dict[str, dict[str, str]] = {}
        self._places: dict[tuple[str, str], City | CellError] = {}

    def parse(self, column: Column, value: Any) -> Any:
        return getattr(self, f"parse_{column.parser}")(column, value)

    # Plain values

    def parse_text(self, column: Column, value: Any) -> str:
        return _text(value)

    def parse_date(self, column: Column, value: Any) -> datetime.date:
        return parse_date(value)

    def parse_decimal(self, column: Column, value: Any) -> Decimal:
        return parse_decimal(value)

    def parse_integer(self, column: Column, value: Any) -> int:
        return parse_integer(value)

    def parse_boolean(self, column: Column, value: Any) -> bool:
        return parse_boolean(value)

    def parse_choice(self, column: Column, value: Any) -> str:
        model_field: Any = self.model._meta.get_field(column.field)
        if column.field not in self._choice_maps:
            choices = [(str(v), v) for v, _label in model_field.choices or ()]
            mapping = _in_languages(
                lambda: [(str(label), v) for v, label in model_field.choices or ()]
            )
            for text, v in choices:
                mapping.setdefault(fold_header(text), v)
            self._choice_maps[column.field] = mapping
        found = self._choice_maps[column.field].get(fold_header(_text(value)))
        if found is None:
            labels = listing(coded(label, v) for v, label in model_field.choices or ())
            raise CellError(
                _("“%(value)s” is not a valid %(field)s. Use one of: %(choices)s.")
                % {"value": _text(value), "field": model_field.verbose_name, "choices": labels}
            )
        return found

    def parse_country(self, column: Column, value: Any) -> str:
        """A country by its name in English, Spanish, French or Portuguese, a common form
        ("USA", "UK", "EE. UU.") or its ISO code (see :mod:`lazos.spreadsheets.countries`)."""
        text = _text(value)
        code, candidates = find_country(text)
        if code is not None:
            return code
        if candidates:
            raise CellError(
                _("“%(value)s” names several countries. Use one of: %(choices)s.")
                % {"value": text, "choices": listing(country_label(c) for c in candidates)}
            )
        closest = closest_countries(text)
        if closest:
            raise CellError(
                _(
                    "“%(value)s” is not a country. Did you mean: %(choices)s? A country is "
                    "written by its name in English, Spanish, French or Portuguese, or by its "
                    "ISO code (“FR” or “FRA”); the sheet “%(sheet)s” of the import template "
                    "lists them all."
                )
                % {
                    "value": text,
                    "choices": listing(country_label(c) for c in closest),
                    "sheet": LISTS_SHEET_TITLE,
                }
            )
        raise CellError(
            _(
                "“%(value)s” is not a country. A country is written by its name in English, "
                "Spanish, French or Portuguese, or by its ISO code (“FR” or “FRA”); the sheet "
                "“%(sheet)s” of the import template lists them all."
            )
            % {"value": text, "sheet": LISTS_SHEET_TITLE}
        )

    def parse_place(self, column: Column, value: Any) -> PlaceName:
        """Kept as written: the place is found with the row's country (:meth:`find_place`)."""
        return PlaceName(_text(value))

    def find_place(self, text: str, country: str) -> City:
        """The GeoNames place named ``text`` (any of its names, accents and case ignored) in
        ``country``, or by its GeoNames id. Several places of that name in the country: the
        most populated. No country: the name must be one place's, or the refusal lists them."""
        key = (search_key(text), country)
        if key not in self._places:
            self._places[key] = self._find_place(text, country)
        found = self._places[key]
        if isinstance(found, CellError):
            raise found
        return found

    def _find_place(self, text: str, country: str) -> City | CellError:
        if text.isdigit():
            city = City.objects.filter(pk=int(text)).first()
            if city is None:
                return CellError(
                    _("“%(value)s” is not a GeoNames id of a place Lazos knows.") % {"value": text}
                )
            if country and city.country.code != country:
                return CellError(
                    _("The GeoNames place %(value)s, %(place)s, is not in %(country)s.")
                    % {"value": text, "place": city, "country": country_label(country)}
                )
            return city
        cities = City.objects.all()
        if country:
            cities = cities.in_country(country)
        found = list(cities.search(text, limit=PLACE_CANDIDATES))
        exact = [city for city in found if city.search_match == CityMatch.EXACT]
        if exact and (country or len({city.country.code for city in exact}) == 1):
            return exact[0]

        def described(city: City) -> str:
            return f"{city.display_name} [{city.geonameid}]"

        if exact:
            return CellError(
                _(
                    "Places called “%(value)s” are in several countries: fill in the "
                    "country, or give the GeoNames id of one of them: %(choices)s."
                )
                % {"value": text, "choices": listing(described(city) for city in exact)}
            )
        if found:
            return CellError(
                _(
                    "No place is called “%(value)s”%(where)s. Did you mean: %(choices)s? "
                    "(GeoNames ids in brackets.)"
                )
                % {
                    "value": text,
                    "where": self._in_country(country),
                    "choices": listing(described(city) for city in found),
                }
            )
        return CellError(
            _(
                "No place is called “%(value)s”%(where)s. Lazos knows the GeoNames places of "
                "15,000 inhabitants or more: leave the cell empty for a smaller one."
            )
            % {"value": text, "where": self._in_country(country)}
        )

    @staticmethod
    def _in_country(country: str) -> str:
        if not country:
            return ""
        return gettext(" in %(country)s") % {"country": country_label(country)}

    def parse_languages(self, column: Column, value: Any) -> list[str]:
        codes = [part.lower() for part in re.split(r"\s*[;,]\s*", _text(value)) if part]
        for code in codes:
            if not _LANGUAGE_CODE.match(code):
                raise CellError(
                    _("“%(value)s” is not a language code (use codes such as “fr; en”).")
                    % {"value": code}
                )
        return codes

    def parse_tags(self, column: Column, value: Any) -> list[str]:
        return [" ".join(part.split())[:60] for part in _parts(value)]

    # References to the government's records

    @staticmethod
    def _index(
        rows: Iterable[Any], *keys: Callable[[Any], str]
    ) -> tuple[dict[str, list[Any]], ...]:
        indexes: tuple[dict[str, list[Any]], ...] = tuple({} for _ in keys)
        for row in rows:
            for index, key in zip(indexes, keys, strict=True):
                text = key(row)
                if text:
                    index.setdefault(text, []).append(row)
        return indexes

    @staticmethod
    def _find(
        text: str,
        indexes: Sequence[tuple[dict[str, list[Any]], str]],
        not_found: Any,
        ambiguous: Any,
        **params: str,
    ) -> Any:
        """The one record found by the first index that knows ``text`` (index, key pairs)."""
        for index, key in indexes:
            found = index.get(key)
            if found and len(found) == 1:
                return found[0]
            if found:
                raise CellError(ambiguous % {"value": text, **params})
        raise CellError(not_found % {"value": text, **params})

    @cached_property
    def _partners(self) -> tuple[dict[str, list[Any]], ...]:
        return self._index(
            Partner.objects.for_tenant(self.government).only(
                "id", "name", "external_id", "match_key"
            ),
            lambda p: p.external_id,
            lambda p: p.name.strip(),
            lambda p: fold_header(p.name),
            lambda p: p.match_key,
        )

    def parse_partners(self, column: Column, value: Any) -> list[Any]:
        """Partners by external id, name (case and accents ignored) or, when only one partner
        has it, the matching key of the name ("Medellín" for "Alcaldía de Medellín", see
        :func:`lazos.partners.keys.name_key`)."""
        by_id, by_name, by_folded, by_key = self._partners
        found = []
        for part in _parts(value):
            try:
                found.append(
                    self._find(
                        part,
                        [
                            (by_id, part),
                            (by_name, part),
                            (by_folded, fold_header(part)),
                            (by_key, name_key(part)),
                        ],
                        _(
                            "“%(value)s” is not a partner of this government (give its "
                            "external id or exact name)."
                        ),
                        _("“%(value)s” names several partners: use their external ids."),
                    )
                )
            except CellError as error:
                names = {p.name for partners in by_name.values() for p in partners}
                closest = difflib.get_close_matches(part, sorted(names), n=5, cutoff=0.6)
                if not closest:
                    raise
                raise CellError(
                    _("%(problem)s Did you mean: %(choices)s?")
                    % {"problem": error.message, "choices": listing(closest)}
                ) from error
        return found

    @cached_property
    def _agreements(self) -> tuple[dict[str, list[Any]], ...]:
        return self._index(
            Agreement.objects.for_tenant(self.government).only("id", "title", "external_id"),
            lambda a: a.external_id,
            lambda a: a.title.strip(),
            lambda a: fold_header(a.title),
        )

    def parse_agreement(self, column: Column, value: Any) -> Any:
        by_id, by_title, by_folded = self._agreements
        text = _text(value)
        return self._find(
            text,
            [(by_id, text), (by_title, text), (by_folded, fold_header(text))],
            _(
                "“%(value)s” is not an agreement of this government (give its external id or exact title)."
            ),
            _("“%(value)s” names several agreements: use their external ids."),
        )

    @cached_property
    def _departments(self) -> tuple[dict[str, list[Any]], ...]:
        return self._index(
            Department.objects.for_tenant(self.government).only("id", "name", "acronym"),
            lambda d: fold_header(d.name),
            lambda d: fold_header(d.acronym),
        )

    def parse_department(self, column: Column, value: Any) -> Any:
        by_name, by_acronym = self._departments
        text = _text(value)
        names = sorted({d.name for found in by_name.values() for d in found})
        return self._find(
            text,
            [(by_name, fold_header(text)), (by_acronym, fold_header(text))],
            _("“%(value)s” is not a department of this government. Use one of: %(choices)s."),
            _("“%(value)s” names several departments: use the full name."),
            choices=listing(names),
        )

    def parse_departments(self, column: Column, value: Any) -> list[Any]:
        return [self.parse_department(column, part) for part in _parts(value)]

    @cached_property
    def _themes(self) -> dict[str, Any]:
        themes = list(Theme.objects.all())
        mapping: dict[str, Any] = {}
        for theme in themes:
            mapping.setdefault(fold_header(theme.code), theme)
            for language in LANGUAGES:
                mapping.setdefault(fold_header(getattr(theme, f"name_{language}")), theme)
        return mapping

    def parse_themes(self, column: Column, value: Any) -> list[Any]:
        found = []
        for part in _parts(value):
            theme = self._themes.get(fold_header(part))
            if theme is None:
                themes = {t.code: t for t in self._themes.values()}
                raise CellError(
                    _("“%(value)s” is not a theme. Use one of: %(choices)s.")
                    % {
                        "value": part,
                        "choices": listing(
                            coded(t.name, code) for code, t in sorted(themes.items())
                        ),
                    }
                )
            found.append(theme)
        return found

    @cached_property
    def _sdg_targets(self) -> dict[str, Any]:
        return {
            target.code.lower(): target for target in SdgTarget.objects.only("code", "position")
        }

    def parse_sdg_targets(self, column: Column, value: Any) -> list[Any]:
        found = []
        for part in _parts(value):
            code = part.split()[0].lower().rstrip(".")
            target = self._sdg_targets.get(code)
            if target is None:
                goal = code.partition(".")[0]
                of_goal = sorted(
                    (t for c, t in self._sdg_targets.items() if c.partition(".")[0] == goal),
                    key=lambda t: t.position,
                )
                if of_goal:
                    raise CellError(
                        _(
                            "“%(value)s” is not an SDG target. The targets of goal %(goal)s "
                            "are: %(choices)s."
                        )
                        % {
                            "value": part,
                            "goal": goal,
                            "choices": listing(t.code for t in of_goal),
                        }
                    )
                raise CellError(
                    _(
                        "“%(value)s” is not an SDG target. Give its code: the goal (1 to 17), "
                        "a dot and the target, such as “11.6” or “17.17”."
                    )
                    % {"value": part}
                )
            found.append(target)
        return found


# --- Comparing and showing values ------------------------------------------------------------


def _empty(model_field: Any) -> Any:
    """The value a cleared cell gives a field."""
    if model_field.many_to_many:
        return []
    if model_field.has_default():
        return model_field.get_default()
    if model_field.null:
        return None
    return ""


def _comparable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if value is None:
        return None
    if hasattr(value, "code") and type(value).__name__ == "Country":
        return value.code or ""
    if isinstance(value, list | tuple | set):
        return sorted(str(_comparable(v)) for v in value)
    return value


def _display(model_field: Any, value: Any) -> str:
    if type(value).__name__ == "Country":
        value = value.code or ""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list | tuple | set):
        return "; ".join(str(item) for item in value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if model_field is not None and getattr(model_field, "name", "") == "country":
        # Before the choices: a country field's choices are every country, built per call.
        return str(countries.name(value) or value)
    choices = getattr(model_field, "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    return str(value)


_BRACKETED = re.compile(r"\s*\(.*?\)\s*")


def _singular(key: str) -> str:
    return " ".join(
        word[:-1] if len(word) > 3 and word.endswith("s") else word for word in key.split()
    )


def _tag_slug(name: str) -> str:
    clean = " ".join(str(name).split())[:60]
    return slugify(clean, allow_unicode=True) or clean.lower()


# --- Importers -------------------------------------------------------------------------------


class Importer:
    """One kind of record. Subclasses set the model, the columns and the services."""

    kind: str = ""
    model: type[models.Model]
    columns: tuple[Column, ...] = ()
    label_field: str = "title"

    # Services (the apps' own; no app imports this module)

    def create(self, government: Government, *, acting_user: User | None, **values: Any) -> Any:
        raise NotImplementedError  # pragma: no cover - every importer defines it

    def update(self, instance: Any, *, acting_user: User | None, **values: Any) -> Any:
        raise NotImplementedError  # pragma: no cover - every importer defines it

    # Columns and headers

    def model_field(self, column: Column) -> Any:
        if column.field == "tags":
            return self.model._meta.get_field("tags")
        return self.model._meta.get_field(column.field)

    def column_label(self, column: Column) -> str:
        """The header of the column in the example file: the field's label in English."""
        with translation.override("en"):
            return str(capfirst(self.model_field(column).verbose_name))

    @cached_property
    def header_aliases(self) -> dict[str, Column]:
        """Folded header → column: field names, labels in every language (the headers of the
        import templates), the labels without their bracketed part ("Lugar (GeoNames)" →
        "lugar"), extra aliases."""
        aliases: dict[str, Column] = {}
        for column in self.columns:
            for alias in (column.field, *column.aliases):
                aliases.setdefault(fold_header(alias), column)
        for column in self.columns:
            verbose = self.model_field(column).verbose_name
            for language in LANGUAGES:
                with translation.override(language):
                    aliases.setdefault(fold_header(str(verbose)), column)
        for column in self.columns:
            verbose = self.model_field(column).verbose_name
            for language in LANGUAGES:
                with translation.override(language):
                    short = fold_header(_BRACKETED.sub(" ", str(verbose)))
                if short:
                    aliases.setdefault(short, column)
        return aliases

    @cached_property
    def singular_aliases(self) -> dict[str, Column | None]:
        """The aliases with each word's final "s" dropped ("Tema" for "Temas", "Partner" for
        "Partners"); None where two columns would share one."""
        found: dict[str, Column | None] = {}
        for alias, column in self.header_aliases.items():
            key = _singular(alias)
            if key in found and found[key] is not column:
                found[key] = None
            else:
                found.setdefault(key, column)
        return found

    def column_for_header(self, header: str) -> Column | None:
        key = fold_header(header)
        column = self.header_aliases.get(key)
        if column is None:
            column = self.header_aliases.get(fold_header(_BRACKETED.sub(" ", header)))
        if column is None:
            column = self.singular_aliases.get(_singular(key))
        if column is None and key:
            # The first words of one column's label only ("Idiomas" of "Idiomas de trabajo").
            found = {
                column.field: column
                for alias, column in self.header_aliases.items()
                if alias.startswith(key + " ")
            }
            column = next(iter(found.values())) if len(found) == 1 else None
        return column

    def match_headers(self, headers: Sequence[str]) -> tuple[dict[str, Column], list[str]]:
        """(header → column) for the headers this importer knows, and the ignored headers.

        A header is the column's field name, its label in English, Spanish, French or
        Portuguese, with or without its bracketed part, in the singular or the plural, or the
        first words of one column's label only; case, accents, spaces, "_" and "-" do not
        matter."""
        matched: dict[str, Column] = {}
        ignored: list[str] = []
        taken: set[str] = set()
        for header in headers:
            column = self.column_for_header(header)
            if column is None or column.field in taken:
                ignored.append(header)
                continue
            matched[header] = column
            taken.add(column.field)
        return matched, ignored

    @property
    def required_columns(self) -> list[Column]:
        return [column for column in self.columns if column.required]

    @property
    def relation_fields(self) -> set[str]:
        return {column.field for column in self.columns if column.many}

    def permission_model(self) -> type[models.Model]:
        return self.model

    # Planning

    def existing(self, government: Government, external_ids: Iterable[str]) -> dict[str, Any]:
        wanted = [x for x in set(external_ids) if x]
        if not wanted:
            return {}
        queryset = (
            self.model.objects.for_tenant(government)  # type: ignore[attr-defined]
            .filter(external_id__in=wanted)
            .prefetch_related(*sorted(self.relation_fields))
        )
        return {obj.external_id: obj for obj in queryset}

    def plan(
        self,
        government: Government,
        sheet: Sheet,
        *,
        blank_clears: bool = False,
        membership: Any = None,
        links: Mapping[int, int] | None = None,
    ) -> Preview:
        """What importing ``sheet`` would do. Writes nothing.

        With a ``membership``, rows the member may not write (an editor's rows of other
        departments) are reported as errors. ``links`` (row number → id of an existing
        record of the government) are the person's choices on rows that matched existing
        records: such a row fills that record's empty fields instead of creating a new one.
        """
        preview = Preview(
            importer=self,
            government=government,
            sheet=sheet,
            blank_clears=blank_clears,
            membership=membership,
            links=dict(links or {}),
        )
        matched, preview.ignored_headers = self.match_headers(sheet.headers)
        header_of = {column.field: header for header, column in matched.items()}
        lookups = Lookups(government, self.model)
        id_header = header_of.get("external_id")
        xids = [_text(row.values.get(id_header)) for row in sheet.rows if id_header]
        existing = self.existing(government, [x for x in xids if x])
        linked = self.linked(government, links or {})
        seen: dict[str, int] = {}
        for row in sheet.rows:
            planned, errors = self._plan_row(
                row, matched, header_of, lookups, existing, seen, preview, linked
            )
            if errors:
                preview.errors.extend(errors)
            elif planned is not None:
                preview.rows.append(planned)
        self.find_matches(government, [row for row in preview.rows if row.operation == CREATE])
        return preview

    def linked(self, government: Government, links: Mapping[int, int]) -> dict[int, Any]:
        """Row number → the existing record chosen for it (``None`` when it is gone)."""
        if not links:
            return {}
        found = {
            obj.pk: obj
            for obj in self.model.objects.for_tenant(government)  # type: ignore[attr-defined]
            .filter(pk__in=set(links.values()))
            .prefetch_related(*sorted(self.relation_fields))
        }
        return {number: found.get(pk) for number, pk in links.items()}

    def find_matches(self, government: Government, rows: list[PlannedRow]) -> None:
        """Set ``matches`` on the rows to create that may duplicate existing records (none by
        default; partners are compared with the partners of the government)."""

    def resolve(
        self,
        number: int,
        parsed: dict[str, Any],
        instance: Any,
        header_of: dict[str, str],
        lookups: Lookups,
    ) -> list[RowError]:
        """Values found from several cells of the row (none by default)."""
        return []

    def _header(self, column_field: str, header_of: dict[str, str]) -> str:
        if column_field in header_of:
            return header_of[column_field]
        for column in self.columns:
            if column.field == column_field:
                return self.column_label(column)
        if column_field == NON_FIELD_ERRORS:
            return ""
        try:
            model_field: Any = self.model._meta.get_field(column_field)
        except FieldDoesNotExist:
            return ""
        with translation.override("en"):
            return str(capfirst(model_field.verbose_name))

    def _plan_row(
        self,
        row: Row,
        matched: dict[str, Column],
        header_of: dict[str, str],
        lookups: Lookups,
        existing: dict[str, Any],
        seen: dict[str, int],
        preview: Preview,
        linked: dict[int, Any],
    ) -> tuple[PlannedRow | None, list[RowError]]:
        errors: list[RowError] = []
        parsed: dict[str, Any] = {}
        cleared: list[Column] = []
        for header, column in matched.items():
            raw = row.values.get(header)
            if raw is None:
                cleared.append(column)
                continue
            try:
                parsed[column.field] = lookups.parse(column, raw)
            except CellError as error:
                errors.append(RowError(row.number, header, str(error.message)))

        external_id = parsed.get("external_id", "")
        instance = existing.get(external_id) if external_id else None
        if external_id:
            if external_id in seen:
                errors.append(
                    RowError(
                        row.number,
                        header_of["external_id"],
                        str(
                            _("“%(value)s” is already used by row %(row)s of this file.")
                            % {"value": external_id, "row": seen[external_id]}
                        ),
                    )
                )
            else:
                seen[external_id] = row.number
        is_linked = instance is None and row.number in linked
        if is_linked:
            instance = linked[row.number]
            if instance is None:
                errors.append(
                    RowError(
                        row.number,
                        "",
                        str(
                            _(
                                "The %(model)s chosen for this row no longer exists: preview "
                                "the file again."
                            )
                            % {"model": self.model._meta.verbose_name}
                        ),
                    )
                )
                return None, errors
        if not errors:
            errors.extend(self.resolve(row.number, parsed, instance, header_of, lookups))

        model_name = self.model._meta.verbose_name
        if instance is None:
            for column in self.required_columns:
                if column.field not in parsed and not any(
                    e.column == header_of.get(column.field) for e in errors
                ):
                    errors.append(
                        RowError(
                            row.number,
                            self._header(column.field, header_of),
                            str(
                                _("A value is required to create a new %(model)s.")
                                % {"model": model_name}
                            ),
                        )
                    )
        elif preview.blank_clears:
            for column in cleared:
                if column.required:
                    errors.append(
                        RowError(
                            row.number,
                            header_of[column.field],
                            str(_("This column is required and cannot be emptied.")),
                        )
                    )
        if errors:
            return None, errors

        values: dict[str, Any] = {}
        relations: dict[str, list[Any]] = {}
        changes: list[tuple[str, str, str]] = []
        wanted = dict(parsed)
        if is_linked:
            wanted = self.fill_only(instance, wanted)
        elif instance is not None and preview.blank_clears:
            for column in cleared:
                wanted[column.field] = _empty(self.model_field(column))
        for name, value in wanted.items():
            column_field = self.model_field(next(c for c in self.columns if c.field == name))
            many = column_field.many_to_many
            if instance is None:
                before: Any = [] if many else None
            elif name == "tags":
                before = [t.name for t in instance.tags.all()]
            elif many:
                before = list(getattr(instance, name).all())
            else:
                before = getattr(instance, name)
            if name == "tags":
                same = {_tag_slug(n) for n in before} == {_tag_slug(n) for n in value}
            elif many:
                same = {o.pk for o in before} == {o.pk for o in value}
            else:
                same = _comparable(before) == _comparable(value)
            if instance is not None and same:
                continue
            if instance is None and (value is None or value == "" or value == []):
                continue
            if many:
                relations[name] = list(value)
            else:
                values[name] = value
            changes.append(
                (
                    self._header(name, header_of),
                    _display(column_field, before),
                    _display(column_field, value),
                )
            )

        if instance is not None and not values and not relations:
            return PlannedRow(
                row.number, UNCHANGED, str(instance), instance=instance, linked=is_linked
            ), []

        candidate = (
            copy.copy(instance)
            if instance is not None
            else self.model(government=preview.government)
        )
        for name, value in values.items():
            setattr(candidate, name, value)
        fk_fields = [
            f.name for f in self.model._meta.concrete_fields if f.is_relation
        ]  # resolved within the government already
        if instance is None or values:
            try:
                candidate.full_clean(exclude=fk_fields)
            except ValidationError as error:
                errors.extend(self.row_errors(row.number, error, header_of))
        errors.extend(self._check_permission(row, preview, instance, candidate, values, header_of))
        errors.extend(self.check_row(row.number, instance, values, header_of))
        if errors:
            return None, errors
        label = str(getattr(candidate, self.label_field, "") or candidate)
        return (
            PlannedRow(
                row.number,
                UPDATE if instance is not None else CREATE,
                label,
                instance=instance,
                values=values,
                relations=relations,
                changes=changes,
                linked=is_linked,
            ),
            [],
        )

    def fill_only(self, instance: Any, wanted: dict[str, Any]) -> dict[str, Any]:
        """The values of a row linked to an existing record: those of its empty fields only
        (its name or title stays; tags and other lists are added to its own)."""
        kept: dict[str, Any] = {}
        for name, value in wanted.items():
            if name == self.label_field:
                continue
            if name == "tags":
                kept[name] = [t.name for t in instance.tags.all()] + list(value)
            elif self.model_field(next(c for c in self.columns if c.field == name)).many_to_many:
                own = list(getattr(instance, name).all())
                kept[name] = own + [o for o in value if o not in own]
            elif _comparable(getattr(instance, name)) in (None, "", []):
                kept[name] = value
        return kept

    def check_row(
        self, number: int, instance: Any, values: dict[str, Any], header_of: dict[str, str]
    ) -> list[RowError]:
        """Rules of the kind of record beyond the model's validation (none by default)."""
        return []

    def _check_permission(
        self,
        row: Row,
        preview: Preview,
        instance: Any,
        candidate: Any,
        values: dict[str, Any],
        header_of: dict[str, str],
    ) -> list[RowError]:
        membership = preview.membership
        if membership is None:
            return []
        policy = policy_for(self.permission_model())
        if instance is None:
            allowed = policy.allows_on(membership, Operation.ADD, candidate)
        else:
            allowed = policy.allows_on(membership, Operation.CHANGE, instance) and (
                policy.allows_on(membership, Operation.CHANGE, candidate)
            )
        if allowed:
            return []
        if not policy.allows(membership, Operation.ADD if instance is None else Operation.CHANGE):
            message: Any = _("Your role does not let you import %(models)s.") % {
                "models": self.model._meta.verbose_name_plural
            }
        else:
            message = _("Your role only lets you import the work of your own departments.")
        column = header_of.get("lead_department") or self._header("lead_department", header_of)
        return [RowError(row.number, column, str(message))]

    def row_errors(
        self, number: int, error: ValidationError, header_of: dict[str, str] | None = None
    ) -> list[RowError]:
        """A model's ValidationError as row errors, each on the column of its field."""
        if not hasattr(error, "error_dict"):
            return [RowError(number, "", str(message)) for message in error.messages]
        return [
            RowError(number, self._header(name, header_of or {}), str(message))
            for name, messages in error.message_dict.items()
            for message in messages
        ]

    # Applying

    def write(
        self, government: Government, planned: PlannedRow, *, acting_user: User | None
    ) -> Any:
        if planned.operation == CREATE:
            return self.create(
                government, acting_user=acting_user, **planned.relations, **planned.values
            )
        return self.update(
            planned.instance, acting_user=acting_user, **planned.relations, **planned.values
        )


class PartnerImporter(Importer):
    kind = "partners"
    label_field = "name"
    columns = (
        Column("external_id", aliases=("external id", "external reference")),
        Column("name", required=True),
        Column("kind", "choice", required=True, aliases=("type",)),
        Column("country", "country"),
        Column("place", "place", aliases=("city", "geonames", "geonames id")),
        Column("website", aliases=("web", "url")),
        Column("languages", "languages", aliases=("language",)),
        Column("description"),
        Column("is_active", "boolean", aliases=("active",)),
        Column("tags", "tags"),
    )

    model = Partner

    def find_matches(self, government: Government, rows: list[PlannedRow]) -> None:
        """The partners each new row likely duplicates (:mod:`lazos.partners.duplicates`:
        same country and similar name, same place, same website domain), in one query."""
        candidates = []
        for row in rows:
            place = row.values.get("place")
            country = row.values.get("country") or (place.country.code if place else "")
            candidates.append(
                Candidate(
                    name=str(row.values.get("name") or ""),
                    country=str(country or ""),
                    place=place,
                    website=str(row.values.get("website") or ""),
                    kind=str(row.values.get("kind") or ""),
                )
            )
        same: dict[tuple[str, ...], list[PlannedRow]] = {}
        for row, candidate in zip(rows, candidates, strict=True):
            if candidate.key:
                same.setdefault(("name", candidate.country, candidate.key), []).append(row)
            if candidate.place_id is not None:
                place = ("place", candidate.kind, str(candidate.place_id))
                same.setdefault(place, []).append(row)
        for group in same.values():
            if len(group) < 2:
                continue
            first = [other.number for other in group[: MAX_SAME_IN_FILE + 1]]
            for row in group:
                others = [number for number in first if number != row.number]
                row.same_in_file = sorted(set(row.same_in_file) | set(others))[:MAX_SAME_IN_FILE]
        for row, matches in zip(rows, find_matches_for_many(government, candidates), strict=True):
            row.matches = [
                {
                    "id": match.partner.pk,
                    "name": match.partner.name,
                    "country": str(match.partner.country.code or ""),
                    "place": str(match.partner.place or ""),
                    "external_id": match.partner.external_id,
                    "url": match.partner.get_absolute_url(),
                    "reasons": match.reason_labels,
                }
                for match in matches[:MAX_MATCHES_PER_ROW]
            ]

    def resolve(
        self,
        number: int,
        parsed: dict[str, Any],
        instance: Any,
        header_of: dict[str, str],
        lookups: Lookups,
    ) -> list[RowError]:
        """The place, by its name in the row's country (or the partner's)."""
        place = parsed.get("place")
        if not isinstance(place, PlaceName):
            return []
        country = parsed.get("country") or (instance.country.code if instance else "") or ""
        try:
            parsed["place"] = lookups.find_place(place.text, country)
        except CellError as error:
            return [RowError(number, header_of["place"], str(error.message))]
        return []

    def create(self, government: Government, *, acting_user: User | None, **values: Any) -> Any:
        return create_partner(government, acting_user=acting_user, **values)

    def update(self, instance: Any, *, acting_user: User | None, **values: Any) -> Any:
        return update_partner(instance, acting_user=acting_user, **values)


class AgreementImporter(Importer):
    kind = "agreements"
    columns = (
        Column("external_id", aliases=("external id", "external reference")),
        Column("title", required=True),
        Column("kind", "choice", required=True, aliases=("type",)),
        Column("partners", "partners", required=True, aliases=("partners", "partner")),
        Column("status", "choice"),
        Column("summary"),
        Column("objectives"),
        Column("signed_on", "date", aliases=("signed", "signature date")),
        Column("in_force_from", "date", aliases=("in force", "entry into force")),
        Column("valid_until", "date", aliases=("expiry", "expires", "valid to")),
        Column("renewal", "choice"),
        Column("notice_period_days", "integer", aliases=("notice period",)),
        Column("legal_basis"),
        Column("lead_department", "department", aliases=("department",)),
        Column("registration_required", "boolean"),
        Column("registration_status", "choice"),
        Column("registration_submitted_on", "date", aliases=("registration submitted on",)),
        Column("registration_authority", "text", aliases=("registration authority",)),
        Column("registration_reference", "text", aliases=("registration reference",)),
        Column("registration_opinion", "text", aliases=("registration opinion",)),
        Column("themes", "themes", aliases=("theme",)),
        Column("sdg_targets", "sdg_targets", aliases=("sdg", "sdgs", "sdg target")),
        Column("tags", "tags"),
        Column("is_public", "boolean"),
        Column("public_summary"),
    )

    model = Agreement

    def create(self, government: Government, *, acting_user: User | None, **values: Any) -> Any:
        return create_agreement(government, acting_user=acting_user, **values)

    def update(self, instance: Any, *, acting_user: User | None, **values: Any) -> Any:
        """Update the fields; a new status is a transition of the agreement's legal life
        (dated today), as in the application."""

        status = values.pop("status", None)
        if values:
            instance = update_agreement(instance, acting_user=acting_user, **values)
        if status is not None:
            instance = transition_agreement(instance, acting_user=acting_user, to_status=status)
        return instance

    def check_row(
        self, number: int, instance: Any, values: dict[str, Any], header_of: dict[str, str]
    ) -> list[RowError]:
        status = values.get("status")
        if instance is None or status is None or instance.can_move_to(status):
            return []

        error = InvalidTransition(instance.status, status)
        return [
            RowError(number, header_of.get("status", ""), message) for message in error.messages
        ]


class ActionImporter(Importer):
    kind = "actions"
    columns = (
        Column("external_id", aliases=("external id", "external reference")),
        Column("title", required=True),
        Column("modality", "choice", required=True, aliases=("type", "kind")),
        Column("status", "choice"),
        Column("description"),
        Column("start_date", "date", aliases=("start date", "from", "starts")),
        Column("end_date", "date", aliases=("end date", "to", "ends")),
        Column("partners", "partners", aliases=("partner",)),
        Column("agreement", "agreement"),
        Column("lead_department", "department", aliases=("department", "lead department")),
        Column("departments", "departments", aliases=("other departments",)),
        Column("themes", "themes", aliases=("theme",)),
        Column("sdg_targets", "sdg_targets", aliases=("sdg", "sdgs", "sdg target")),
        Column("tags", "tags"),
        Column("is_public", "boolean", aliases=("public",)),
        Column("public_summary"),
        Column("outcomes"),
        Column("lessons_learned"),
        Column("location"),
    )

    model = Action

    def create(self, government: Government, *, acting_user: User | None, **values: Any) -> Any:
        return create_action(government, acting_user=acting_user, **values)

    def update(self, instance: Any, *, acting_user: User | None, **values: Any) -> Any:
        return update_action(instance, acting_user=acting_user, **values)


IMPORTERS: dict[str, Importer] = {
    importer.kind: importer
    for importer in (PartnerImporter(), AgreementImporter(), ActionImporter())
}


def importer_for(kind: str) -> Importer:
    try:
        return IMPORTERS[kind]
    except KeyError:
        raise ValueError(f"Unknown kind of import: {kind!r}") from None


def guess_kind(headers: Sequence[str]) -> str | None:
    """The kind whose required columns are all present and which knows most headers."""
    best: tuple[int, str] | None = None
    tie = False
    for kind, importer in IMPORTERS.items():
        matched, _ignored = importer.match_headers(headers)
        fields = {column.field for column in matched.values()}
        if not all(column.field in fields for column in importer.required_columns):
            continue
        score = len(matched)
        if best is None or score > best[0]:
            best, tie = (score, kind), False
        elif score == best[0]:
            tie = True
    return None if best is None or tie else best[1]


def plan(
    government: Government,
    rows: Sheet,
    *,
    kind: str,
    blank_clears: bool = False,
    membership: Any = None,
    links: Mapping[int, int] | None = None,
) -> Preview:
    """Dry run: what importing ``rows`` as ``kind`` would do in ``government``."""
    return importer_for(kind).plan(
        government, rows, blank_clears=blank_clears, membership=membership, links=links
    )


def chosen_links(sample: Iterable[dict[str, Any]]) -> dict[int, int]:
    """Row number → id of the existing record chosen for it, from a stored preview sample
    (each matched row's "choice": an id, or "new" to create the record)."""
    return {
        int(row["row"]): int(row["choice"])
        for row in sample
        if row.get("matches") and isinstance(row.get("choice"), int)
    }


def apply(
    preview: Preview,
    *,
    acting_user: User | None,
    progress: ProgressCallback | None = None,
    progress_every: int = 50,
) -> ApplyResult:
    """Write the plan: every row or none, through the services, audited as "import".

    Refuses (:class:`ImportRefused`) a preview with errors. The plan is made again inside the
    transaction, so changes since the preview are taken into account; a row that has become
    invalid refuses the whole import. ``progress(processed, total)`` is called every
    ``progress_every`` rows and at the end.
    """
    if preview.errors:
        raise ImportRefused(preview.errors)
    importer = preview.importer
    result = ApplyResult()
    with audit.channel(audit.Channel.IMPORT), transaction.atomic():
        fresh = importer.plan(
            preview.government,
            preview.sheet,
            blank_clears=preview.blank_clears,
            membership=preview.membership,
            links=preview.links,
        )
        if fresh.errors:
            raise ImportRefused(fresh.errors)
        total = len(fresh.rows)
        for processed, planned in enumerate(fresh.rows, start=1):
            if planned.operation == UNCHANGED:
                result.unchanged += 1
            else:
                try:
                    importer.write(preview.government, planned, acting_user=acting_user)
                except ValidationError as error:
                    raise ImportRefused(importer.row_errors(planned.number, error)) from error
                if planned.operation == CREATE:
                    result.created += 1
                else:
                    result.updated += 1
            if progress is not None and (processed % progress_every == 0 or processed == total):
                progress(processed, total)
    return result
