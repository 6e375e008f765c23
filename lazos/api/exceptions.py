"""How the API reports errors raised by the service layer, and unknown addresses."""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models.deletion import ProtectedError, RestrictedError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This cannot be deleted while other records depend on it.")
    default_code = "conflict"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Django's ValidationError / PermissionDenied from services become 400 / 403; a delete
    refused because other records depend on the object (PROTECT / RESTRICT) becomes 409."""
    if isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict()
    elif isinstance(exc, DjangoValidationError):
        detail: Any = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


@csrf_exempt  # like the API's own views: it only answers 404, whatever the method
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any other address under /api/v1/: a 404 in JSON, like the API's own (never HTML)."""
    return JsonResponse({"detail": str(_("Not found."))}, status=404)
