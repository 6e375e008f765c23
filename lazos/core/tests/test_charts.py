"""The SVG chart builders: shapes, labels, tables, ids and gaps."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.template.loader import render_to_string
from lxml import etree, html

from lazos.core.charts import (
    Series,
    TimelineItem,
    bar_chart,
    line_chart,
    nice_max,
    stacked_bar_chart,
    timeline_chart,
)


def _svg_tree(chart):
    return etree.fromstring(str(chart.svg).encode())


NS = {"s": "http://www.w3.org/2000/svg"}


def test_bar_chart_draws_one_bar_per_value_with_its_label():
    chart = bar_chart(
        "by-region",
        title="Actions by region",
        description="How many actions per region.",
        categories=["Europe", "Americas", "Africa"],
        series=[("Actions", [3, 12, 0])],
        category_label="Region",
    )
    tree = _svg_tree(chart)
    bars = tree.findall(".//s:rect[@class='chart__bar']", NS)
    assert len(bars) == 2  # zero draws no bar but keeps its label
    widths = sorted(float(b.get("width")) for b in bars)
    assert widths[1] == pytest.approx(widths[0] * 4, rel=0.01)
    texts = [t.text for t in tree.iter("{http://www.w3.org/2000/svg}text")]
    assert {"Europe", "Americas", "Africa", "3", "12", "0"} <= set(texts)
    assert tree.get("role") == "img"
    assert tree.get("aria-labelledby") == "by-region-title by-region-desc"
    assert tree.find("s:title", NS).text == "Actions by region"
    assert tree.find("s:desc", NS).text == "How many actions per region."


def test_table_rows_match_the_data():
    chart = stacked_bar_chart(
        "by-year",
        title="Actions by year",
        description="Per modality.",
        categories=["2023", "2024"],
        series=[Series("Projects", [1, 2]), Series("Missions", [4, None])],
        category_label="Year",
    )
    assert chart.table_headers == ["Year", "Projects", "Missions", "Total"]
    assert [r["header"] for r in chart.table_rows] == ["2023", "2024"]
    assert chart.table_rows[0]["cells"] == ["1", "4", "5"]
    assert chart.table_rows[1]["cells"] == ["2", "no data", "2"]
    assert chart.csv_rows()[2] == ["2024", "2", "", "2"]
    rendered = render_to_string("core/includes/chart.html", {"chart": chart})
    doc = html.fromstring(rendered)
    assert doc.xpath("//table/caption")[0].text_content() == "Actions by year"
    assert [th.text_content() for th in doc.xpath("//tbody/tr/th[@scope='row']")] == [
        "2023",
        "2024",
    ]
    assert len(doc.xpath("//thead/tr/th[@scope='col']")) == 4
    # totals written above the columns; second series has a pattern, not just a colour
    tree = _svg_tree(chart)
    assert tree.find(".//s:pattern[@id='by-year-pattern-1']", NS) is not None
    assert any(
        r.get("fill") == "url(#by-year-pattern-1)"
        for r in tree.findall(".//s:rect[@class='chart__bar']", NS)
    )
    assert "5" in [t.text for t in tree.iter("{http://www.w3.org/2000/svg}text")]


def test_ids_are_unique_across_charts_on_one_page():
    charts = [
        stacked_bar_chart(
            f"chart-{i}",
            title="T",
            description="D",
            categories=["a", "b"],
            series=[("x", [1, 2]), ("y", [3, 4]), ("z", [1, 1])],
        )
        for i in range(3)
    ]
    page = "".join(render_to_string("core/includes/chart.html", {"chart": c}) for c in charts)
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert len(ids) >= 3 * 4


def test_slug_must_be_usable_as_id():
    with pytest.raises(ValueError, match="slug"):
        bar_chart("Bad slug", title="t", description="d", categories=[], series=[])


def test_series_length_must_match_categories():
    with pytest.raises(ValueError, match="values for"):
        bar_chart("a", title="t", description="d", categories=["x"], series=[("s", [1, 2])])


def test_line_chart_breaks_at_missing_values():
    chart = line_chart(
        "progress",
        title="Progress",
        description="Target and actual per period.",
        categories=["2022", "2023", "2024", "2025"],
        series=[("Target", [10, 20, 30, 40]), ("Actual", [8, None, 25, 41])],
    )
    tree = _svg_tree(chart)
    lines = tree.findall(".//s:path[@class='chart__line']", NS)
    assert len(lines) == 2
    actual = lines[1].get("d")
    assert actual.count("M") == 2  # the gap starts a new segment
    assert actual.count("L") == 1
    assert lines[1].get("stroke-dasharray")  # told apart without colour
    points = tree.findall(".//*[@class='chart__point']", NS)
    assert len(points) == 7
    assert chart.table_rows[1]["cells"] == ["20", "no data"]


def test_line_chart_with_only_missing_values_is_empty():
    chart = line_chart(
        "empty", title="t", description="d", categories=["a"], series=[("s", [None])]
    )
    assert chart.is_empty
    rendered = render_to_string("core/includes/chart.html", {"chart": chart})
    assert "<svg" not in rendered
    assert "No data for this chart yet." in rendered


def test_timeline_marks_flagged_items_differently():
    chart = timeline_chart(
        "expiries",
        title="Expiries",
        description="Agreements in force by expiry date.",
        items=[
            TimelineItem("Twinning with Porto", date(2027, 5, 1), flagged=True, note="notice"),
            TimelineItem("MoU Lyon", date(2026, 12, 1)),
        ],
        start=date(2026, 11, 1),
        end=date(2028, 11, 1),
    )
    tree = _svg_tree(chart)
    circles = tree.findall(".//s:circle[@class='chart__point']", NS)
    triangles = tree.findall(".//s:path[@class='chart__point']", NS)
    assert len(circles) == 1
    assert len(triangles) == 1
    assert [r["header"] for r in chart.table_rows] == ["MoU Lyon", "Twinning with Porto"]
    assert chart.table_rows[1]["cells"][1] == "notice"
    x_early = float(circles[0].get("cx"))
    assert x_early < float(triangles[0].get("d")[1:].split(" ")[0])


def test_text_is_escaped():
    chart = bar_chart(
        "esc",
        title="<b>x</b>",
        description="a & b",
        categories=["<script>"],
        series=[("s", [1])],
    )
    svg = str(chart.svg)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "style=" not in svg


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 1), (7, 10), (12, 20), (23, 25), (101, 200), (0.3, 0.5)]
)
def test_nice_max(value, expected):
    assert nice_max(value) == pytest.approx(expected)


def test_bar_chart_scale_max_keeps_percentages_in_proportion():
    chart = bar_chart(
        "reached",
        title="Reached",
        description="Share of the target.",
        categories=["A", "B"],
        series=[("Reached", [40, 20])],
        unit="%",
        scale_max=100,
    )
    tree = _svg_tree(chart)
    bars = tree.findall(".//s:rect[@class='chart__bar']", NS)
    reference = tree.find(".//s:line[@class='chart__reference']", NS)
    full = float(reference.get("x1")) - 200  # the label column is 200 wide
    assert float(bars[0].get("width")) == pytest.approx(full * 0.4, rel=0.01)
    assert "40 %" in [t.text for t in tree.iter("{http://www.w3.org/2000/svg}text")]
