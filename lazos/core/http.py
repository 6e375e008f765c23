"""The request as Lazos' middleware leaves it, for type checking.

Django builds a plain ``HttpRequest``; the middleware of ``settings.MIDDLEWARE`` then adds
attributes to it. ``LazosRequest`` declares them, so a view or helper that annotates its
request with it reads ``request.government`` with its real type instead of an untyped
attribute. It is never instantiated: it only describes what is there at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.governments.models import Government, Membership


class LazosRequest(HttpRequest):
    """A request after ``settings.MIDDLEWARE`` has run.

    - ``user``: the signed-in ``User`` or ``AnonymousUser`` (``AuthenticationMiddleware``);
    - ``memberships``: the user's memberships, by government name (empty for a visitor);
    - ``membership`` and ``government``: the one the user works in now, chosen with the
      switcher, else the first; ``None`` for a visitor or a user without a membership
      (``governments.middleware.CurrentGovernmentMiddleware``);
    - ``htmx``: what htmx says about the request (``django_htmx``).
    """

    user: User | AnonymousUser
    memberships: list[Membership]
    membership: Membership | None
    government: Government | None
    htmx: HtmxDetails
