from typing import Any

from django.conf import settings
from django.http import HttpRequest


def lazos(request: HttpRequest) -> dict[str, Any]:
    """What every page needs: instance name, current government and membership."""
    return {
        "LAZOS_INSTANCE_NAME": settings.LAZOS_INSTANCE_NAME,
        "current_government": getattr(request, "government", None),
        "current_membership": getattr(request, "membership", None),
    }
