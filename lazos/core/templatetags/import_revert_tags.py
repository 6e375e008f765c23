"""The state of an import run's revert, for the run's page (from the progress cache)."""

from __future__ import annotations

from typing import Any

from django import template

from lazos.core.import_revert import RevertState, revert_state

register = template.Library()


@register.simple_tag
def import_revert_state(run: Any) -> RevertState:
    """``{% import_revert_state run as revert %}``: queued or running (done of total), or why
    the last revert failed."""
    return revert_state(run)
