"""``/sitemap.xml``: every public page of every government whose portal is enabled."""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.http import HttpRequest
from django.urls import reverse

from lazos.actions.models import Action
from lazos.agreements.models import Agreement
from lazos.consultations.models import Consultation
from lazos.core.links import absolute_url
from lazos.governments.models import Government

MAX_URLS = 50000  # the sitemap protocol's limit for one file


def sitemap_paths() -> list[str]:
    governments = list(
        Government.objects.filter(portal_enabled=True).order_by("name").values_list("pk", "slug")
    )
    slugs = dict(governments)
    paths = ["/"]
    for _pk, slug in governments:
        for name in ("government", "actions", "agreements", "missions", "networks"):
            paths.append(reverse(f"portal:{name}", kwargs={"government_slug": slug}))
        paths.append(reverse("public-consultations:list", kwargs={"government_slug": slug}))
    for name, _model, qs in (
        ("portal:action", Action, Action.objects.filter(is_public=True)),
        ("portal:agreement", Agreement, Agreement.objects.filter(is_public=True)),
        ("public-consultations:detail", Consultation, Consultation.objects.public()),
    ):
        rows = qs.filter(government__portal_enabled=True).order_by("government_id", "pk")
        for pk, government_id in rows.values_list("pk", "government_id")[:MAX_URLS]:
            paths.append(reverse(name, kwargs={"government_slug": slugs[government_id], "id": pk}))
    return paths[:MAX_URLS]


def render_sitemap(request: HttpRequest) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for path in sitemap_paths():
        lines.append(f"  <url><loc>{escape(absolute_url(path))}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
