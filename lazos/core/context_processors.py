from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

from lazos.core.http import LazosRequest

if TYPE_CHECKING:
    from lazos.governments.models import Government, Membership


def lazos(request: LazosRequest) -> dict[str, str | Government | Membership | None]:
    """What every page needs: instance name, current government and membership.

    A page rendered before ``CurrentGovernmentMiddleware`` ran (an error page, a request from a
    test's request factory) has neither, and gets ``None``."""
    government: Government | None = getattr(request, "government", None)
    membership: Membership | None = getattr(request, "membership", None)
    return {
        "LAZOS_INSTANCE_NAME": settings.LAZOS_INSTANCE_NAME,
        "current_government": government,
        "current_membership": membership,
    }
