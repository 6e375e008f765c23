"""What every signed-in page draws (#15): the main navigation kept per language, role,
government address and section (core.context_processors.MainNav), and the row helpers of the
list pages (core/templatetags/lazos.py), each the same output as the templates they replace."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation

from lazos.core import context_processors
from lazos.governments.models import Government, Membership
from lazos.partners.models import Partner

pytestmark = pytest.mark.django_db


def _nav(html: str) -> str:
    start = html.index('<nav class="main-nav"')
    return html[start : html.index("</nav>", start) + len("</nav>")]


def _drawn_afresh(government: Government, role: str, current: str) -> str:
    membership = Membership.objects.get(government=government, role=role)
    return render_to_string(
        "includes/main_nav.html",
        {
            "current_government": government,
            "current_membership": membership,
            "nav_current": {current: True} if current else {},
        },
    ).rstrip("\n")


@pytest.mark.parametrize("language", ["en", "es"])
def test_main_nav_is_the_template_for_the_section_role_and_language(
    world: Any, language: str
) -> None:
    government = world.government
    for role in ("coordinator", "viewer"):
        client = world.client_for(role)
        client.cookies["django_language"] = language
        for path, current in (("/partners/", "partners"), ("/actions/", "actions")):
            for _ in range(2):  # drawn, then the kept copy
                html = client.get(path).content.decode()
                with translation.override(language):
                    assert _nav(html) == _drawn_afresh(government, role, current)
            assert html.count('aria-current="page"') == 1
            assert f'<a href="{path}" aria-current="page">' in html
    coordinator = _nav(world.client_for("coordinator").get("/partners/").content.decode())
    viewer = _nav(world.client_for("viewer").get("/partners/").content.decode())
    assert 'href="/activity/"' in coordinator
    assert 'href="/activity/"' not in viewer


def test_main_nav_follows_the_public_address(world: Any) -> None:
    government = world.government
    client = world.client_for("coordinator")
    Government.objects.filter(pk=government.pk).update(portal_enabled=False)
    assert f"/{government.slug}/" not in _nav(client.get("/partners/").content.decode())
    Government.objects.filter(pk=government.pk).update(portal_enabled=True)
    assert f'href="/{government.slug}/"' in _nav(client.get("/partners/").content.decode())
    Government.objects.filter(pk=government.pk).update(slug="renamed-alpha")
    nav = _nav(client.get("/partners/").content.decode())
    assert 'href="/renamed-alpha/"' in nav
    assert f'href="/{government.slug}/"' not in nav


def test_main_nav_kept_copies_are_bounded(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(context_processors, "_DRAWN_MAX", 2)
    monkeypatch.setattr(context_processors, "_drawn", {})
    client = world.client_for("coordinator")
    for path in ("/partners/", "/actions/", "/agreements/", "/commitments/"):
        assert client.get(path).status_code == 200
        assert 1 <= len(context_processors._drawn) <= 2


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("bulk_bar", [None, {"delete_url": "/x/"}])
def test_bulk_select_cell_is_the_include(language: str, bulk_bar: Any) -> None:
    row = Partner(pk=1234567, name='Tom & "Jerry" <b>')
    include = Template(
        '{% include "core/includes/bulk_select_row.html" with row=row %}|'
        '{% include "core/includes/bulk_select_row.html" with row=row %}'
    )
    tag = Template("{% load lazos %}{% bulk_select_cell row %}|{% bulk_select_cell row %}")
    with translation.override(language):
        context = {"row": row, "bulk_bar": bulk_bar}
        expected = include.render(Context(context))
        assert tag.render(Context(context)) == expected
    assert ("&lt;b&gt;" in expected) == bool(bulk_bar)


@pytest.mark.parametrize("language", ["en", "es", "fr", "pt"])
@override_settings(TIME_ZONE="America/Sao_Paulo")
def test_listed_date_is_the_date_filter(language: str) -> None:
    values = [
        datetime.date(2026, 3, 1),
        datetime.date(1999, 12, 31),
        datetime.date(2026, 3, 1),  # again: the kept label
        datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC),  # drawn in local time
        None,
        "",
    ]
    by_filter = Template('{% for d in values %}[{{ d|date:"DATE_FORMAT" }}]{% endfor %}')
    by_ours = Template("{% load lazos %}{% for d in values %}[{{ d|listed_date }}]{% endfor %}")
    with translation.override(language):
        expected = by_filter.render(Context({"values": values}))
        assert by_ours.render(Context({"values": values})) == expected
    assert "2026" in expected


def test_wsgi_entry_point_freezes_what_it_loaded() -> None:
    """gunicorn's entry point leaves what it loaded out of the collector's generations."""
    import subprocess
    import sys

    code = "import gc, lazos.wsgi; print(gc.get_freeze_count())"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert int(out.stdout.strip().splitlines()[-1]) > 10_000
