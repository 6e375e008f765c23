"""Template tags of the reports: the handover dossier's numbered sections."""

from __future__ import annotations

from django import template

from lazos.reports.builders import Section, handover_sections

register = template.Library()


@register.simple_tag
def dossier_sections() -> dict[str, Section]:
    """The handover dossier's sections by anchor (``.values`` in order), for its table of
    contents and its headings."""
    return handover_sections()
