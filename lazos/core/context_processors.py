from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

from lazos.core.http import LazosRequest
from lazos.core.links import absolute_url, base_url

if TYPE_CHECKING:
    from lazos.governments.models import Government, Membership


def lazos(request: LazosRequest) -> dict[str, str | Government | Membership | None]:
    """What every page needs: instance name, current government and membership, and the
    page's address on the site's public address (``page_url``: from LAZOS_BASE_URL, never the
    Host header, since public pages are cached for every visitor).

    A page rendered before ``CurrentGovernmentMiddleware`` ran (an error page, a request from a
    test's request factory) has neither, and gets ``None``."""
    government: Government | None = getattr(request, "government", None)
    membership: Membership | None = getattr(request, "membership", None)
    return {
        "LAZOS_INSTANCE_NAME": settings.LAZOS_INSTANCE_NAME,
        "current_government": government,
        "current_membership": membership,
        "page_url": absolute_url(request.get_full_path()),
        "site_url": base_url(),
    }
