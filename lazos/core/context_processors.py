from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from lazos.core.http import LazosRequest
from lazos.core.links import absolute_url, base_url

if TYPE_CHECKING:
    from lazos.governments.models import Government, Membership


def lazos(request: LazosRequest) -> dict[str, str | Government | Membership | MainNav | None]:
    """What every page needs: instance name, current government and membership, the page's
    address on the site's public address (``page_url``: from LAZOS_BASE_URL, never the Host
    header, since public pages are cached for every visitor) and the main navigation of a
    member's pages (``main_nav``, drawn only if the page shows it).

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
        "main_nav": MainNav(request, government, membership),
    }


# --- The main navigation ----------------------------------------------------------------------
# base.html's navigation (forty links and labels, includes/main_nav.html) drawn by the template
# engine took about 2.5 ms of every signed-in page (#15). It holds nothing of the request but
# the section the page is in, and nothing of the government but its role-dependent items and
# its public address, so it is drawn once per language, role, government address and section,
# and kept in the process: every value it shows is in the key, so nothing needs forgetting
# (a new slug or portal setting is another key; translations change only with a restart).

# The links marked aria-current="page": (key, URL name, exact). The dashboard is current on
# its own address only, every other section on any address under its own.
_SECTIONS = (
    ("dashboard", "governments:dashboard", True),
    ("partners", "partners:partner-list", False),
    ("agreements", "agreements:agreement-list", False),
    ("actions", "actions:action-list", False),
    ("commitments", "actions:commitment-list", False),
    ("actors", "actors:actor-list", False),
    ("calendar", "agenda:month", False),
    ("consultations", "consultations:consultation-list", False),
    ("inbox", "reminders:inbox", False),
)
_DRAWN_MAX = 2048  # entries kept before starting again (a bound, never reached in practice)
_drawn: dict[tuple[object, ...], SafeString] = {}


@lru_cache(maxsize=32)
def _section_urls(prefix: str, urlconf: object) -> tuple[tuple[str, str, bool], ...]:
    """The sections' addresses under a script prefix and URLconf (reversed once)."""
    return tuple((key, reverse(name), exact) for key, name, exact in _SECTIONS)


class MainNav:
    """The ``<nav>`` of a member's pages, drawn when the template shows it (``{{ main_nav }}``)
    from the kept copy for its language, role, government address and section."""

    __slots__ = ("government", "membership", "request")

    def __init__(
        self,
        request: LazosRequest,
        government: Government | None,
        membership: Membership | None,
    ) -> None:
        self.request = request
        self.government = government
        self.membership = membership

    def __html__(self) -> SafeString:
        government, membership = self.government, self.membership
        if government is None:
            return SafeString()
        prefix, urlconf = get_script_prefix(), get_urlconf()
        path = self.request.path
        current = tuple(
            key
            for key, url, exact in _section_urls(prefix, urlconf)
            if (path == url if exact else path.startswith(url))
        )
        role = membership.role if membership is not None else None
        key = (
            get_language(),
            prefix,
            urlconf,
            role,
            government.portal_enabled,
            government.slug,
            current,
        )
        html = _drawn.get(key)
        if html is None:
            html = SafeString(  # the template's output, escaped by the template
                render_to_string(
                    "includes/main_nav.html",
                    {
                        "current_government": government,
                        "current_membership": membership,
                        "nav_current": dict.fromkeys(current, True),
                    },
                ).rstrip("\n")
            )
            if len(_drawn) >= _DRAWN_MAX:
                _drawn.clear()
            _drawn[key] = html
        return html

    __str__ = __html__
