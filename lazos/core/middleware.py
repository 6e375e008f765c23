import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from lazos.core.audit import Channel, channel


class AuditChannelMiddleware:
    """Attribute changes made while serving a request to the web channel, with a request id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        with channel(Channel.WEB, request_id=request_id):
            response = self.get_response(request)
        response.headers["X-Request-ID"] = request_id
        return response
