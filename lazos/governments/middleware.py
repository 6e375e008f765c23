from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from lazos.core.http import LazosRequest
from lazos.governments.models import Membership

SESSION_KEY = "lazos_government_id"


class CurrentGovernmentMiddleware:
    """Set ``request.government`` and ``request.membership`` for a signed-in member.

    A user in several governments works in one at a time, chosen with the switcher and kept in
    the session; by default the first by name. One query per request, none for visitors.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: LazosRequest) -> HttpResponse:
        request.memberships = []
        request.membership = None
        request.government = None
        if request.user.is_authenticated:
            memberships = list(
                Membership.objects.filter(user=request.user)
                .select_related("government")
                .order_by("government__name")
            )
            chosen = request.session.get(SESSION_KEY)
            membership = next((m for m in memberships if m.government_id == chosen), None)
            if membership is None and memberships:
                membership = memberships[0]
            request.memberships = memberships
            request.membership = membership
            request.government = membership.government if membership else None
        return self.get_response(request)
