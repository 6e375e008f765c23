"""Server-side SVG charts: no JavaScript, CSP-safe, accessible.

Every chart is a :class:`Chart` built by one of the builders below and rendered with the
template ``core/includes/chart.html``::

    from lazos.core.charts import bar_chart, line_chart, Series

    chart = bar_chart(
        "actions-by-region",                       # slug: unique on the page, prefixes every id
        title=_("Actions by world region"),
        description=_("Number of actions with a partner in each region."),
        categories=["Europe", "Americas"],
        series=[Series(_("Actions"), [12, 30])],
        category_label=_("Region"),                 # header of the first table column
        unit="",                                    # appended to every value ("%", "EUR", …)
    )

    {% include "core/includes/chart.html" with chart=chart %}

The include renders a ``<figure>`` holding the SVG (``role="img"``, ``aria-labelledby`` its
``<title>`` and ``<desc>``), a ``<figcaption>`` with the title and the text alternative, and a
``<details>`` with the data table (``<caption>``, ``<th scope>``). The script
``dashboards/charts.js`` (optional, deferred) opens those details before printing; the
stylesheet ``dashboards/dashboards.css`` sizes the figure (the SVG also scales without it);
both are static files of the dashboards app.

Builders (all keyword-only after the slug):

- ``bar_chart(slug, *, title, description, categories, series, unit="", category_label="",
  scale_max=None)``: horizontal bars, one row per category; several series are grouped. The
  longest bar is the largest value, or ``scale_max`` when that is larger (e.g. 100 for
  percentages of a target), and then a dotted line marks ``scale_max``.
- ``stacked_bar_chart(...)`` (same arguments): one vertical column per category (e.g. years),
  series stacked, total labelled on top of each column.
- ``line_chart(...)`` (same arguments): one line per series across the categories (e.g.
  periods: "Target" and "Actual"); a ``None`` value is a gap (no point, the line breaks) and is
  shown as "no data" in the table.
- ``timeline_chart(slug, *, title, description, items, start, end, item_label="",
  date_label="", note_label="")``: one row per :class:`TimelineItem` (label, date, flagged,
  note) with a marker at its date between ``start`` and ``end``; flagged items get a distinct
  marker (a triangle instead of a circle) and their note is written next to the marker.

Accessibility: series are told apart by colour *and* by pattern (solid, stripes, dots,
hatching…) or marker shape and dash, every value is written next to its bar or point when
there is room, and every chart has its data table. Colours have at least 3:1 contrast against
white (WCAG 1.4.11 for graphics); text uses the page's ink colour. Only SVG presentation
attributes and classes are used: no ``style`` attribute, so the strict CSP holds.

``Chart.csv_rows()`` gives the table as rows for a CSV download; ``Chart.is_empty`` tells
whether there is anything to draw (the include then shows a short "no data" sentence).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

Number = int | float | Decimal

#: Series colours, each ≥ 3:1 against white (most ≥ 4.5:1). Paired with PATTERNS.
PALETTE = (
    "#0b5c6b",  # teal
    "#b35c00",  # orange
    "#5b3f99",  # purple
    "#2e6b2f",  # green
    "#a4262c",  # red
    "#1f4e9c",  # blue
    "#6b5a00",  # olive
    "#8a2f6b",  # plum
)
#: Fill patterns, so series differ without colour too.
PATTERNS = ("solid", "diagonal", "dots", "horizontal", "crosshatch", "vertical", "back", "grid")
MARKERS = ("circle", "square", "triangle", "diamond")
DASHES = ("", "8 4", "3 3", "12 4 3 4")
INK = "#1d2428"
MUTED = "#4d5a61"
GRID = "#c9d3d8"

_SLUG_RE = re.compile(r"^[a-z][a-z0-9-]*$")


def _style(index: int) -> tuple[str, str]:
    """(colour, pattern) of the series at ``index``: colours and patterns both vary."""
    return PALETTE[index % len(PALETTE)], PATTERNS[index % len(PATTERNS)]


@dataclass
class Series:
    name: str
    values: Sequence[Number | None]


@dataclass
class TimelineItem:
    label: str
    date: date
    flagged: bool = False
    note: str = ""
    url: str = ""


@dataclass
class Chart:
    """A chart ready to render: its data, its text alternative and its SVG."""

    slug: str
    title: str
    description: str
    kind: str
    categories: list[str] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    unit: str = ""
    category_label: str = ""
    scale_max: float | None = None
    items: list[TimelineItem] = field(default_factory=list)
    start: date | None = None
    end: date | None = None
    item_label: str = ""
    date_label: str = ""
    note_label: str = ""

    def __post_init__(self) -> None:
        if not _SLUG_RE.match(self.slug):
            raise ValueError(f"chart slug {self.slug!r} must be lowercase letters, digits, '-'")
        for s in self.series:
            if len(s.values) != len(self.categories):
                raise ValueError(
                    f"series {s.name!r} has {len(s.values)} values for "
                    f"{len(self.categories)} categories"
                )

    # ids -----------------------------------------------------------------------------------
    @property
    def title_id(self) -> str:
        return f"{self.slug}-title"

    @property
    def desc_id(self) -> str:
        return f"{self.slug}-desc"

    @property
    def caption_id(self) -> str:
        return f"{self.slug}-caption"

    # data ----------------------------------------------------------------------------------
    @property
    def is_empty(self) -> bool:
        if self.kind == "timeline":
            return not self.items
        return not any(v for s in self.series for v in s.values if v is not None)

    @property
    def legend(self) -> list[dict[str, str]]:
        return [
            {"name": s.name, "colour": _style(i)[0], "pattern": _style(i)[1]}
            for i, s in enumerate(self.series)
        ]

    @property
    def table_headers(self) -> list[str]:
        if self.kind == "timeline":
            return [
                self.item_label or _("Item"),
                self.date_label or _("Date"),
                self.note_label or _("Note"),
            ]
        headers = [self.category_label or _("Category")]
        headers += [self._with_unit(s.name) for s in self.series]
        if self.kind == "stacked" and len(self.series) > 1:
            headers.append(self._with_unit(_("Total")))
        return headers

    @property
    def table_rows(self) -> list[dict[str, Any]]:
        """Rows as {"header": first cell, "cells": [other cells]} for the template."""
        if self.kind == "timeline":
            return [
                {
                    "header": item.label,
                    "url": item.url,
                    "cells": [formats.date_format(item.date, "SHORT_DATE_FORMAT"), item.note],
                }
                for item in self.items
            ]
        rows = []
        for index, category in enumerate(self.categories):
            values = [s.values[index] for s in self.series]
            cells = [format_number(v) if v is not None else _("no data") for v in values]
            if self.kind == "stacked" and len(self.series) > 1:
                cells.append(format_number(sum((v or 0) for v in values)))
            rows.append({"header": category, "url": "", "cells": cells})
        return rows

    def csv_rows(self) -> list[list[str]]:
        """Header and rows as plain strings (numbers unformatted) for a CSV file."""
        if self.kind == "timeline":
            return [self.table_headers] + [
                [item.label, item.date.isoformat(), item.note] for item in self.items
            ]
        rows: list[list[str]] = [self.table_headers]
        for index, category in enumerate(self.categories):
            values = [s.values[index] for s in self.series]
            row = [category] + ["" if v is None else _plain(v) for v in values]
            if self.kind == "stacked" and len(self.series) > 1:
                row.append(_plain(sum((v or 0) for v in values)))
            rows.append(row)
        return rows

    def _with_unit(self, name: str) -> str:
        return f"{name} ({self.unit})" if self.unit else name

    def value_label(self, value: Number | None) -> str:
        if value is None:
            return _("no data")
        text = format_number(value)
        return f"{text} {self.unit}" if self.unit else text

    # drawing -------------------------------------------------------------------------------
    @property
    def svg(self) -> SafeString:
        if self.is_empty:
            return mark_safe("")
        renderer = {
            "bar": _render_bar,
            "stacked": _render_stacked,
            "line": _render_line,
            "timeline": _render_timeline,
        }[self.kind]
        return mark_safe(renderer(self))  # noqa: S308 (every text is escaped while drawing)


# ---------------------------------------------------------------------------------------------
# builders


SeriesInput = Sequence[Series | tuple[str, Sequence[Number | None]]]


def _category_chart(
    kind: str,
    slug: str,
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: SeriesInput,
    unit: str = "",
    category_label: str = "",
    scale_max: float | None = None,
) -> Chart:
    return Chart(
        slug=slug,
        title=str(title),
        description=str(description),
        kind=kind,
        categories=[str(c) for c in categories],
        series=_series(series),
        unit=str(unit),
        category_label=str(category_label),
        scale_max=scale_max,
    )


def bar_chart(slug: str, *, scale_max: float | None = None, **options: Any) -> Chart:
    """Grouped bars; ``scale_max`` (e.g. 100 for percentages) is drawn as a dotted line."""
    return _category_chart("bar", slug, scale_max=scale_max, **options)


def stacked_bar_chart(slug: str, **options: Any) -> Chart:
    """One bar per category, its series stacked."""
    return _category_chart("stacked", slug, **options)


def line_chart(slug: str, **options: Any) -> Chart:
    """One line per series; a ``None`` value leaves a gap (and "no data" in the table)."""
    return _category_chart("line", slug, **options)


def timeline_chart(
    slug: str,
    *,
    title: str,
    description: str,
    items: Iterable[TimelineItem],
    start: date,
    end: date,
    item_label: str = "",
    date_label: str = "",
    note_label: str = "",
) -> Chart:
    if end <= start:
        raise ValueError("a timeline must end after it starts")
    return Chart(
        slug=slug,
        title=str(title),
        description=str(description),
        kind="timeline",
        items=sorted(items, key=lambda item: (item.date, item.label)),
        start=start,
        end=end,
        item_label=str(item_label),
        date_label=str(date_label),
        note_label=str(note_label),
    )


def _series(raw: Sequence[Series | tuple[str, Sequence[Number | None]]]) -> list[Series]:
    result = []
    for s in raw:
        if isinstance(s, Series):
            result.append(Series(str(s.name), list(s.values)))
        else:
            name, values = s
            result.append(Series(str(name), list(values)))
    return result


# ---------------------------------------------------------------------------------------------
# numbers


def format_number(value: Number) -> str:
    """A value for people: grouped thousands, decimals only when there are some."""
    number = float(value)
    decimals = 0 if number == int(number) else (1 if abs(number) >= 10 else 2)
    return formats.number_format(
        round(number, decimals), decimals, use_l10n=True, force_grouping=True
    )


def _plain(value: Number) -> str:
    number = float(value)
    return str(int(number)) if number == int(number) else f"{number:.2f}".rstrip("0")


def nice_max(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times 10^k at or above ``value`` (1 for 0)."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value - 1e-9:
            return float(candidate)
    return float(10 ** (exponent + 1))


def _ticks(top: float) -> list[float]:
    """Gridline values from 0 to ``top`` (a :func:`nice_max`) at round steps."""
    leading = top / 10 ** math.floor(math.log10(top)) if top > 0 else 1
    count = 4 if round(leading, 6) == 2 else 5
    return [top * i / count for i in range(count + 1)]


# ---------------------------------------------------------------------------------------------
# SVG primitives

FONT = 15
SMALL = 13


def _n(value: float) -> str:
    """A coordinate: one decimal at most."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _text(
    x: float,
    y: float,
    content: str,
    *,
    anchor: str = "start",
    size: int = FONT,
    cls: str = "chart__text",
    fill: str = INK,
    weight: str = "",
) -> str:
    weight_attr = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text class="{cls}" x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" '
        f'font-size="{size}" fill="{fill}"{weight_attr}>{escape(content)}</text>'
    )


def _pattern_defs(chart: Chart) -> str:
    parts = []
    for index in range(len(chart.series)):
        colour, pattern = _style(index)
        if pattern == "solid":
            continue
        pid = f"{chart.slug}-pattern-{index}"
        shapes = {
            "diagonal": '<path d="M-2 2l4-4M0 8l8-8M6 10l4-4" stroke="#fff" stroke-width="1.6"/>',
            "back": '<path d="M-2 6l4 4M0 0l8 8M6 -2l4 4" stroke="#fff" stroke-width="1.6"/>',
            "dots": '<circle cx="4" cy="4" r="1.7" fill="#fff"/>',
            "horizontal": '<path d="M0 4h8" stroke="#fff" stroke-width="1.6"/>',
            "vertical": '<path d="M4 0v8" stroke="#fff" stroke-width="1.6"/>',
            "crosshatch": '<path d="M0 0l8 8M8 0l-8 8" stroke="#fff" stroke-width="1.2"/>',
            "grid": '<path d="M0 4h8M4 0v8" stroke="#fff" stroke-width="1.2"/>',
        }[pattern]
        parts.append(
            f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{colour}"/>{shapes}</pattern>'
        )
    return f"<defs>{''.join(parts)}</defs>" if parts else ""


def _fill(chart: Chart, index: int) -> str:
    colour, pattern = _style(index)
    return colour if pattern == "solid" else f"url(#{chart.slug}-pattern-{index})"


def _open_svg(chart: Chart, width: float, height: float) -> str:
    return (
        f'<svg class="chart__svg chart__svg--{chart.kind}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" width="100%" role="img" '
        f'aria-labelledby="{chart.title_id} {chart.desc_id}" focusable="false">'
        f'<title id="{chart.title_id}">{escape(chart.title)}</title>'
        f'<desc id="{chart.desc_id}">{escape(chart.description)}</desc>'
    )


def _legend(chart: Chart, top: float, width: float, *, lines: bool = False) -> tuple[str, float]:
    """Legend rows from ``top``; returns (markup, height used)."""
    if len(chart.series) < 2:
        return "", 0.0
    columns = 2 if width >= 480 else 1
    column_width = (width - 16) / columns
    parts = ['<g class="chart__legend">']
    for index, s in enumerate(chart.series):
        row, column = divmod(index, columns)
        x = 8 + column * column_width
        y = top + row * 22
        if lines:
            parts.append(_line_swatch(chart, index, x, y + 8))
        else:
            parts.append(
                f'<rect x="{_n(x)}" y="{_n(y)}" width="16" height="16" fill="{_fill(chart, index)}" '
                f'stroke="{_style(index)[0]}"/>'
            )
        parts.append(_text(x + 24, y + 13, _clip(s.name, 34)))
    parts.append("</g>")
    rows = math.ceil(len(chart.series) / columns)
    return "".join(parts), rows * 22 + 6


def _line_swatch(chart: Chart, index: int, x: float, y: float) -> str:
    colour = _style(index)[0]
    dash = DASHES[index % len(DASHES)]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{_n(x)}" y1="{_n(y)}" x2="{_n(x + 18)}" y2="{_n(y)}" stroke="{colour}" '
        f'stroke-width="2.5"{dash_attr}/>' + _marker(index, x + 9, y, colour, cls="chart__swatch")
    )


def _marker(
    index: int, x: float, y: float, colour: str, title: str = "", cls: str = "chart__point"
) -> str:
    shape = MARKERS[index % len(MARKERS)]
    inner = f"<title>{escape(title)}</title>" if title else ""
    if shape == "circle":
        return (
            f'<circle class="{cls}" cx="{_n(x)}" cy="{_n(y)}" r="4.5" fill="{colour}">'
            f"{inner}</circle>"
        )
    if shape == "square":
        return (
            f'<rect class="{cls}" x="{_n(x - 4)}" y="{_n(y - 4)}" width="8" height="8" '
            f'fill="{colour}">{inner}</rect>'
        )
    if shape == "triangle":
        d = f"M{_n(x)} {_n(y - 5.5)}L{_n(x + 5)} {_n(y + 4)}L{_n(x - 5)} {_n(y + 4)}Z"
    else:
        d = f"M{_n(x)} {_n(y - 5.5)}L{_n(x + 5.5)} {_n(y)}L{_n(x)} {_n(y + 5.5)}L{_n(x - 5.5)} {_n(y)}Z"
    return f'<path class="{cls}" d="{d}" fill="{colour}">{inner}</path>'


# ---------------------------------------------------------------------------------------------
# renderers

WIDTH = 640


def _render_bar(chart: Chart) -> str:
    label_width = 200
    value_room = 96
    bar_height = 18
    group_gap = 12
    n_series = len(chart.series)
    plot_width = WIDTH - label_width - value_room
    top_value = max((float(v) for s in chart.series for v in s.values if v is not None), default=0)
    top_value = max(top_value, chart.scale_max or 0)
    scale = plot_width / top_value if top_value > 0 else 0
    group_height = n_series * bar_height + group_gap
    legend, legend_height = _legend(chart, 4, WIDTH)
    top = 4 + legend_height
    height = top + len(chart.categories) * group_height + 4
    parts = [_open_svg(chart, WIDTH, height), _pattern_defs(chart), legend]
    parts.append(
        f'<line x1="{label_width}" y1="{_n(top)}" x2="{label_width}" '
        f'y2="{_n(height - 4)}" stroke="{MUTED}"/>'
    )
    if chart.scale_max and scale:
        x = label_width + chart.scale_max * scale
        parts.append(
            f'<line class="chart__reference" x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" '
            f'y2="{_n(height - 4)}" stroke="{MUTED}" stroke-dasharray="2 3"/>'
        )
    for ci, category in enumerate(chart.categories):
        y0 = top + ci * group_height + group_gap / 2
        parts.append(
            _text(
                label_width - 8,
                y0 + n_series * bar_height / 2 + 5,
                _clip(category, 24),
                anchor="end",
            )
        )
        for si, s in enumerate(chart.series):
            value = s.values[ci]
            y = y0 + si * bar_height
            width = float(value or 0) * scale
            label = chart.value_label(value)
            if value is not None and width > 0:
                parts.append(
                    f'<rect class="chart__bar" x="{label_width}" y="{_n(y + 1)}" '
                    f'width="{_n(max(width, 1))}" height="{bar_height - 2}" '
                    f'fill="{_fill(chart, si)}" stroke="{_style(si)[0]}">'
                    f"<title>{escape(f'{category} · {s.name}: {label}')}</title></rect>"
                )
            parts.append(_text(label_width + width + 6, y + bar_height - 4, label, size=SMALL))
    parts.append("</svg>")
    return "".join(parts)


def _render_stacked(chart: Chart) -> str:
    left, right, top_margin, bottom = 64, 12, 24, 44
    plot_height = 220
    n = len(chart.categories)
    totals = [sum(float(s.values[i] or 0) for s in chart.series) for i in range(n)]
    top_value = nice_max(max(totals, default=0))
    plot_width = WIDTH - left - right
    step = plot_width / max(n, 1)
    bar_width = min(56.0, step * 0.7)
    axis_y = top_margin + plot_height
    legend, legend_height = _legend(chart, axis_y + bottom, WIDTH)
    height = axis_y + bottom + legend_height
    parts = [_open_svg(chart, WIDTH, height), _pattern_defs(chart)]
    for tick in _ticks(top_value):
        y = axis_y - tick / top_value * plot_height
        parts.append(
            f'<line class="chart__grid" x1="{left}" y1="{_n(y)}" x2="{WIDTH - right}" '
            f'y2="{_n(y)}" stroke="{GRID}"/>'
        )
        parts.append(_text(left - 6, y + 4, format_number(tick), anchor="end", size=SMALL))
    every = max(1, math.ceil(n / 12))
    for ci, category in enumerate(chart.categories):
        x = left + ci * step + (step - bar_width) / 2
        y = axis_y
        for si, s in enumerate(chart.series):
            value = float(s.values[ci] or 0)
            if value <= 0:
                continue
            h = value / top_value * plot_height
            y -= h
            parts.append(
                f'<rect class="chart__bar" x="{_n(x)}" y="{_n(y)}" width="{_n(bar_width)}" '
                f'height="{_n(h)}" fill="{_fill(chart, si)}" stroke="#fff" stroke-width="0.8">'
                f"<title>{escape(f'{category} · {s.name}: {chart.value_label(s.values[ci])}')}"
                "</title></rect>"
            )
        if totals[ci] > 0:
            parts.append(
                _text(
                    x + bar_width / 2,
                    y - 5,
                    format_number(totals[ci]),
                    anchor="middle",
                    size=SMALL,
                    weight="600",
                )
            )
        if ci % every == 0:
            parts.append(
                _text(
                    x + bar_width / 2,
                    axis_y + 18,
                    _clip(category, max(4, int(step / 8))),
                    anchor="middle",
                    size=SMALL,
                )
            )
    parts.append(
        f'<line x1="{left}" y1="{axis_y}" x2="{WIDTH - right}" y2="{axis_y}" stroke="{MUTED}"/>'
    )
    parts.append(legend)
    parts.append("</svg>")
    return "".join(parts)


def _render_line(chart: Chart) -> str:
    left, right, top_margin, bottom = 64, 24, 24, 44
    plot_height = 220
    n = len(chart.categories)
    values = [float(v) for s in chart.series for v in s.values if v is not None]
    top_value = nice_max(max(values, default=0))
    bottom_value = min(0.0, min(values, default=0))
    span = top_value - bottom_value or 1.0
    inset = 16  # keeps the first and last points clear of the axes
    plot_width = WIDTH - left - right - 2 * inset
    step = plot_width / max(n - 1, 1)
    axis_y = top_margin + plot_height
    legend, legend_height = _legend(chart, axis_y + bottom, WIDTH, lines=True)
    height = axis_y + bottom + legend_height

    def x_of(i: int) -> float:
        return left + inset + (i * step if n > 1 else plot_width / 2)

    def y_of(v: float) -> float:
        return axis_y - (v - bottom_value) / span * plot_height

    parts = [_open_svg(chart, WIDTH, height)]
    for tick in _ticks(span):
        tick_value = bottom_value + tick
        y = y_of(tick_value)
        parts.append(
            f'<line class="chart__grid" x1="{left}" y1="{_n(y)}" x2="{WIDTH - right}" '
            f'y2="{_n(y)}" stroke="{GRID}"/>'
        )
        parts.append(_text(left - 6, y + 4, format_number(tick_value), anchor="end", size=SMALL))
    every = max(1, math.ceil(n / 8))
    for ci, category in enumerate(chart.categories):
        if ci % every == 0 or ci == n - 1:
            anchor = "middle" if 0 < ci < n - 1 or n == 1 else ("start" if ci == 0 else "end")
            parts.append(
                _text(x_of(ci), axis_y + 18, _clip(category, 18), anchor=anchor, size=SMALL)
            )
    label_points = n <= 8
    for si, s in enumerate(chart.series):
        colour = _style(si)[0]
        dash = DASHES[si % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        path = []
        pen_down = False
        for ci, value in enumerate(s.values):
            if value is None:
                pen_down = False
                continue
            path.append(f"{'L' if pen_down else 'M'}{_n(x_of(ci))} {_n(y_of(float(value)))}")
            pen_down = True
        if path:
            parts.append(
                f'<path class="chart__line" d="{"".join(path)}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5"{dash_attr}/>'
            )
        for ci, value in enumerate(s.values):
            if value is None:
                continue
            x, y = x_of(ci), y_of(float(value))
            label = chart.value_label(value)
            parts.append(_marker(si, x, y, colour, f"{chart.categories[ci]} · {s.name}: {label}"))
            if label_points:
                offset = -9 if si % 2 == 0 else 18
                parts.append(
                    _text(
                        x,
                        y + offset,
                        format_number(value),
                        anchor="middle",
                        size=SMALL,
                        fill=colour if si else INK,
                    )
                )
    parts.append(
        f'<line x1="{left}" y1="{axis_y}" x2="{WIDTH - right}" y2="{axis_y}" stroke="{MUTED}"/>'
    )
    parts.append(legend)
    parts.append("</svg>")
    return "".join(parts)


def _months_between(start: date, end: date) -> list[date]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _render_timeline(chart: Chart) -> str:
    start, end = chart.start, chart.end
    assert start is not None
    assert end is not None
    label_width, right, top_margin, row_height = 220, 24, 28, 24
    plot_width = WIDTH - label_width - right
    total_days = (end - start).days
    height = top_margin + len(chart.items) * row_height + 12

    def x_of(day: date) -> float:
        clamped = min(max(day, start), end)
        return label_width + (clamped - start).days / total_days * plot_width

    parts = [_open_svg(chart, WIDTH, height)]
    months = _months_between(start, end)
    every = 3 if len(months) > 12 else 1
    for index, month in enumerate(months):
        if month < start:
            continue
        x = x_of(month)
        parts.append(
            f'<line class="chart__grid" x1="{_n(x)}" y1="{top_margin - 6}" x2="{_n(x)}" '
            f'y2="{_n(height - 8)}" stroke="{GRID}"/>'
        )
        if index % every == 0:
            label = formats.date_format(month, "YEAR_MONTH_FORMAT")
            short = label if every == 1 and plot_width / len(months) > 60 else f"{month:%m/%y}"
            parts.append(_text(x, top_margin - 10, short, anchor="middle", size=SMALL))
    for index, item in enumerate(chart.items):
        y = top_margin + index * row_height + row_height / 2
        parts.append(_text(label_width - 8, y + 5, _clip(item.label, 28), anchor="end"))
        parts.append(
            f'<line x1="{label_width}" y1="{_n(y)}" x2="{_n(x_of(item.date))}" y2="{_n(y)}" '
            f'stroke="{GRID}" stroke-width="2"/>'
        )
        when = formats.date_format(item.date, "SHORT_DATE_FORMAT")
        title = f"{item.label}: {when}" + (f" ({item.note})" if item.note else "")
        colour = PALETTE[1] if item.flagged else PALETTE[0]
        parts.append(_marker(2 if item.flagged else 0, x_of(item.date), y, colour, title))
        note = when + (f" · {item.note}" if item.flagged and item.note else "")
        x = x_of(item.date)
        anchor = "end" if x > label_width + plot_width * 0.6 else "start"
        parts.append(
            _text(
                x + (-10 if anchor == "end" else 10),
                y + 4,
                note,
                anchor=anchor,
                size=SMALL,
                weight="600" if item.flagged else "",
            )
        )
    parts.append("</svg>")
    return "".join(parts)
