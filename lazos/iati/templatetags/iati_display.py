"""Template tags that put an action's IATI data on the pages of other apps (the office's
action page and the portal's), so those apps need not import the IATI app.

    {% load iati_display %}
    {% iati_action_display object current_government as iati %}
    {% include "iati/includes/action_sections.html" with iati=iati %}
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats

from lazos.actions.models import Action
from lazos.governments.models import Government
from lazos.iati.display import (
    ActionDisplay,
    action_display,
    empty_display,
    transaction_type_label,
)
from lazos.iati.models import IatiActivityExtra, ReportingOrganisation, Transaction

register = template.Library()


@register.simple_tag
def iati_action_display(
    action: Action | None, government: Government | None, public: bool = False
) -> ActionDisplay:
    """The action's IATI data for a page of ``government`` (nothing for another government's
    action or without a government); ``public=True`` on the portal."""
    if action is None or government is None:
        return empty_display()
    return action_display(action, government, public=public)


@register.simple_tag
def iati_reported_by(action: Action, government: Government | None) -> ReportingOrganisation | None:
    """Who reports ``action`` to IATI when it is another organisation (an activity imported
    from its file), else None. No query when the list selected ``iati_extra`` with the
    action."""
    if government is None:
        return None
    try:
        extra = action.iati_extra
    except IatiActivityExtra.DoesNotExist:
        return None
    if not extra.reporting_org_ref.strip() or not extra.is_reported_by_others(government):
        return None
    return extra.reporting_organisation


def decimal_places(value: Decimal) -> int:
    """At least two places, more when the value has them (never rounded away)."""
    exponent = value.normalize().as_tuple().exponent
    return max(2, -exponent) if isinstance(exponent, int) else 2


@register.filter
def iati_amount(value: Decimal | None) -> str:
    """An amount in the page's language (grouping and decimal mark), with all its places."""
    if value is None:
        return ""
    value = Decimal(value)
    return formats.number_format(
        value, decimal_pos=decimal_places(value), use_l10n=True, force_grouping=True
    )


@register.filter
def iati_percentage(value: Decimal | None) -> str:
    if value is None:
        return ""
    value = Decimal(value)
    places = (
        max(0, -exponent)
        if isinstance(exponent := value.normalize().as_tuple().exponent, int)
        else 0
    )
    return formats.number_format(value, decimal_pos=places, use_l10n=True)


@register.filter
def iati_transaction_type(transaction: Transaction) -> str:
    """The transaction's IATI type by its name in the page's language."""
    return transaction_type_label(transaction.transaction_type)
