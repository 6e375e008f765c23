from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lazos.accounts import two_factor


class PreferredLanguageMiddleware:
    """Show the interface in the signed-in user's preferred language, when they chose one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language:
            response.headers.setdefault("Content-Language", language)
        return response


class TwoFactorMiddleware:
    """Keep a signed-in person who still owes the second factor to the pages that settle it.

    Installed after django-otp's ``OTPMiddleware``. A verified session passes. Otherwise, by
    the session's state (:mod:`lazos.accounts.two_factor`):

    - has an authenticator but gave no code (signed in some other way than the sign-in form):
      only the code step, sign-out and the language switch answer;
    - must set one up (administrators, ``LAZOS_REQUIRE_2FA_FOR_ADMINS``): only the set-up,
      sign-out and the language switch answer.

    Other pages redirect there (the API, through a session, answers 403). Requests with an API token carry no
    session and are not affected; static files are served before this middleware runs.
    """

    ALLOWED = {
        two_factor.VERIFY: ("accounts:two-factor-verify",),
        two_factor.SET_UP: ("accounts:two-factor-setup", "accounts:two-factor-codes"),
    }
    ALWAYS = ("accounts:logout", "accounts:set-language")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or _is_verified(user):
            return self.get_response(request)
        state = two_factor.session_state(request.session, user)
        if state == two_factor.NOTHING:
            return self.get_response(request)
        allowed = {reverse(name) for name in (*self.ALLOWED[state], *self.ALWAYS)}
        if request.path in allowed or request.path.startswith(settings.STATIC_URL or "/static/"):
            return self.get_response(request)
        if request.path.startswith("/api/v1/"):  # the API answers JSON, not a redirect
            return JsonResponse(
                {"detail": str(_("Finish signing in with two-factor authentication first."))},
                status=403,
            )
        target = reverse(self.ALLOWED[state][0])
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(target)


def _is_verified(user: object) -> bool:
    """django-otp's ``OTPMiddleware`` gives the user ``is_verified()``."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False
