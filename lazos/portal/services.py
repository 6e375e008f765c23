"""Portal settings of a government (audited)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from lazos.core.services import save_audited
from lazos.governments.models import Government

if TYPE_CHECKING:
    from lazos.accounts.models import User

PORTAL_FIELDS = (
    "portal_enabled",
    "portal_intro",
    "portal_intro_translations",
    "iati_organisation_identifier",
    "open_data_licence",
)


@transaction.atomic
def update_portal_settings(
    government: Government, *, acting_user: User | None, **values: Any
) -> Government:
    """Change whether the portal is published, its introduction (and translations), the IATI
    organisation identifier and the open-data licence."""
    return save_audited(government, acting_user=acting_user, fields=PORTAL_FIELDS, values=values)
