"""Turn a report's content into HTML (for the application and as a standalone file) and PDF.

The same content template renders the page shown inside the application (which obeys the
Content-Security-Policy: no inline styles) and the body of the standalone document. The
standalone HTML file carries its print stylesheet inside it, so it reads well when opened
from a disk; the PDF gets the same stylesheet through WeasyPrint's ``stylesheets`` argument.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from lazos.reports.choices import ReportKind

# WeasyPrint reports every layout step at INFO level: keep the logs for real problems.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

PRINT_CSS = Path(__file__).resolve().parent / "static" / "reports" / "print.css"

CONTENT_TEMPLATES = {
    ReportKind.HANDOVER: "reports/includes/handover_content.html",
    ReportKind.ANNUAL: "reports/includes/annual_content.html",
}
DOCUMENT_TEMPLATES = {
    ReportKind.HANDOVER: "reports/handover.html",
    ReportKind.ANNUAL: "reports/annual.html",
}


@dataclass
class RenderedReport:
    body: str  # the content, as shown inside the application
    html: str  # the standalone document, stylesheet included
    pdf: bytes


def render_report(report: Any, content: Any) -> RenderedReport:
    """Render ``content`` (from a builder) for ``report``; the caller sets the language."""
    context = {"report": report, "content": content, "generated_at": timezone.now()}
    body = render_to_string(CONTENT_TEMPLATES[report.kind], context)
    document_context = {**context, "body": mark_safe(body)}  # noqa: S308 - our own template
    stylesheet = PRINT_CSS.read_text(encoding="utf-8")
    html = render_to_string(
        DOCUMENT_TEMPLATES[report.kind],
        {
            **document_context,
            # Inside the downloadable file only; pages of the application never embed styles.
            "embedded_stylesheet": mark_safe(  # noqa: S308 - our own file, "</" neutralised
                "<style>" + stylesheet.replace("</", "<\\/") + "</style>"
            ),
        },
    )
    printable = render_to_string(
        DOCUMENT_TEMPLATES[report.kind], {**document_context, "embedded_stylesheet": ""}
    )
    return RenderedReport(body=body, html=html, pdf=html_to_pdf(printable, stylesheet))


def html_to_pdf(html: str, stylesheet: str) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    pdf: bytes = HTML(string=html, base_url=str(PRINT_CSS.parent)).write_pdf(
        stylesheets=[CSS(string=stylesheet, font_config=fonts)], font_config=fonts
    )
    return pdf
