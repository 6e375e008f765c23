"""Sign-in, password reset, profile and language pages of the accounts app."""

from __future__ import annotations

import json
from typing import Any, cast
from urllib.parse import urlencode

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView
from django.views.i18n import set_language

from lazos.accounts import services, two_factor
from lazos.accounts.forms import (
    CodeForm,
    LanguageForm,
    LimitedPasswordResetForm,
    PasswordAndCodeForm,
    PasswordForm,
    PersonalDataRequestForm,
    PersonalDataSearchForm,
    ProfileForm,
    SetUpForm,
)
from lazos.accounts.models import PersonalDataRequest, User
from lazos.accounts.services import set_preferred_language, update_profile
from lazos.accounts.signin import forget_username_failures, lockout_response, remember_browser
from lazos.core.permissions import Operation
from lazos.core.personal_data import providers as personal_data_providers
from lazos.core.views import GovernmentScopedMixin
from lazos.governments.models import Membership


class SignInView(auth_views.LoginView):
    """Sign in (throttled by ``lazos.accounts.signin``); the browser is remembered as one
    this person uses, so a lock on their username caused by others does not stop them here.

    A person with an authenticator is not signed in yet: the password step hands over to the
    code step (:class:`TwoFactorVerifyView`), which signs them in."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if two_factor.has_authenticator(user):
            two_factor.start_pending(
                self.request.session,
                user,
                backend=getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
                next_url=self.get_success_url(),
            )
            return HttpResponseRedirect(reverse("accounts:two-factor-verify"))
        response = super().form_valid(form)
        remember_browser(self.request, response, user.get_username())
        return response


class LimitedPasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link; the same answer whether or not an email was sent."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    form_class = LimitedPasswordResetForm
    success_url = reverse_lazy("accounts:password-reset-done")


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose a new password from the emailed link. The person is signed in at once: having
    read the account's email, they get in even while others keep its username locked."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        username = form.user.get_username()
        if two_factor.has_authenticator(form.user):
            # The emailed link proves the email, not the second factor: the new password is
            # saved, and the person signs in with a code from their app.
            self.post_reset_login = False
            super().form_valid(form)
            forget_username_failures(username)
            two_factor.start_pending(
                self.request.session,
                form.user,
                backend=self.post_reset_login_backend,
                next_url=resolve_url(settings.LOGIN_REDIRECT_URL),
            )
            return HttpResponseRedirect(reverse("accounts:two-factor-verify"))
        response = super().form_valid(form)
        forget_username_failures(username)
        remember_browser(self.request, response, username)
        return response


class ProfileView(LoginRequiredMixin, FormView[ProfileForm]):
    """The signed-in person's name, email and preferred language."""

    form_class = ProfileForm
    template_name = "accounts/profile.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = cast(User, self.request.user)
        has_authenticator = two_factor.has_authenticator(user)
        return {
            **super().get_context_data(**kwargs),
            "two_factor_on": has_authenticator,
            "two_factor_required": two_factor.required_for(user),
            "recovery_codes_left": two_factor.recovery_codes_left(user) if has_authenticator else 0,
            "session_hours": settings.SESSION_COOKIE_AGE // 3600,
        }

    def form_valid(self, form: ProfileForm) -> HttpResponse:
        user = cast(User, self.request.user)
        user.refresh_from_db()
        update_profile(
            user,
            acting_user=user,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            email=form.cleaned_data["email"],
            language=form.cleaned_data["preferred_language"],
        )
        messages.success(self.request, _("Your profile was saved."))
        return HttpResponseRedirect(reverse("accounts:profile"))


class SetLanguageView(View):
    """Switch the interface language; for a signed-in user it also becomes their preference."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        response = set_language(request)
        form = LanguageForm(request.POST)
        user = request.user
        if form.is_valid() and user.is_authenticated:
            language = form.cleaned_data["language"]
            if user.preferred_language != language:
                set_preferred_language(user, language=language, acting_user=user)
        return response


# --- Two-factor sign-in ---------------------------------------------------------------------------


def _safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _record_failed_code(request: HttpRequest, user: User) -> None:
    """A wrong code counts as a failed sign-in for django-axes (same counters, same lock)."""
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )


@method_decorator([sensitive_post_parameters("code"), never_cache], name="dispatch")
class TwoFactorVerifyView(FormView[CodeForm]):
    """The second step of sign-in: a code from the app (or a recovery code). Wrong codes count
    towards the same sign-in lock as wrong passwords."""

    form_class = CodeForm
    template_name = "accounts/two_factor_verify.html"
    user: User
    pending: two_factor.Pending | None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        signed_in = request.user
        self.pending = None
        if isinstance(signed_in, User) and two_factor.has_authenticator(signed_in):
            self.user = signed_in  # signed in some other way, not verified yet
        else:
            self.pending = two_factor.read_pending(request.session)
            if self.pending is None:
                messages.info(request, _("Your sign-in expired. Please sign in again."))
                return HttpResponseRedirect(reverse("accounts:login"))
            self.user = self.pending.user
        credentials = {"username": self.user.get_username()}
        if request.method == "POST" and AxesProxyHandler.is_locked(request, credentials):
            return lockout_response(request, None, credentials)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "next": self.request.GET.get("next", "")}

    def form_valid(self, form: CodeForm) -> HttpResponse:
        wait = two_factor.seconds_to_wait(self.user, form.cleaned_data["code"])
        if wait:
            form.add_error(
                "code",
                ngettext_lazy(
                    "Several wrong codes in a row: wait %(seconds)d second and try again.",
                    "Several wrong codes in a row: wait %(seconds)d seconds and try again.",
                    "seconds",
                )
                % {"seconds": wait},
            )
            return self.form_invalid(form)
        device = services.verify_code(self.user, form.cleaned_data["code"])
        if device is None:
            _record_failed_code(self.request, self.user)
            form.add_error("code", _("That code is not right, or was already used."))
            return self.form_invalid(form)
        if self.pending is not None:
            two_factor.clear_pending(self.request.session)
            login(self.request, self.user, backend=self.pending.backend)
            target = self.pending.next_url or resolve_url(settings.LOGIN_REDIRECT_URL)
        else:
            target = _safe_next(self.request, resolve_url(settings.LOGIN_REDIRECT_URL))
        django_otp.login(self.request, device)
        response = HttpResponseRedirect(target)
        remember_browser(self.request, response, self.user.get_username())
        return response


@method_decorator([sensitive_post_parameters("code"), never_cache], name="dispatch")
class TwoFactorSetUpView(LoginRequiredMixin, FormView[SetUpForm]):
    """Set up an authenticator app: scan the QR code (or type the secret), confirm with a
    code. Then the recovery codes are shown, once."""

    form_class = SetUpForm
    template_name = "accounts/two_factor_setup.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and two_factor.has_authenticator(request.user):
            messages.info(request, _("Two-factor sign-in is already set up."))
            return HttpResponseRedirect(reverse("accounts:profile"))
        return super().dispatch(request, *args, **kwargs)

    def secret(self) -> str:
        session = self.request.session
        secret = session.get(two_factor.SETUP_KEY)
        if not isinstance(secret, str) or len(secret) != 40:
            secret = two_factor.new_secret()
            session[two_factor.SETUP_KEY] = secret
        return secret

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = cast(User, self.request.user)
        secret = self.secret()
        return {
            **super().get_context_data(**kwargs),
            "qr_svg": two_factor.qr_svg(
                two_factor.provisioning_uri(secret, user),
                title=str(_("QR code for your authenticator app")),
            ),
            "secret": two_factor.secret_for_people(secret),
            "required": two_factor.required_for(user),
            "next": _safe_next(self.request, ""),
        }

    def form_valid(self, form: SetUpForm) -> HttpResponse:
        user = cast(User, self.request.user)
        try:
            device, codes = services.set_up_two_factor(
                user, acting_user=user, secret=self.secret(), code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
            return self.form_invalid(form)
        session = self.request.session
        session.pop(two_factor.SETUP_KEY, None)
        django_otp.login(self.request, device)
        two_factor.remember_state(session, user)
        session[two_factor.NEW_CODES_KEY] = codes
        messages.success(self.request, _("Two-factor sign-in is set up."))
        next_url = _safe_next(self.request, "")
        target = reverse("accounts:two-factor-codes")
        if next_url:
            target = f"{target}?{urlencode({'next': next_url})}"
        return HttpResponseRedirect(target)


class TwoFactorCodesView(LoginRequiredMixin, TemplateView):
    """The new recovery codes, shown once (they are stored only as digests)."""

    template_name = "accounts/two_factor_codes.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        codes = request.session.pop(two_factor.NEW_CODES_KEY, None)
        if not codes:
            return HttpResponseRedirect(reverse("accounts:profile"))
        context = self.get_context_data(
            codes=codes,
            next=_safe_next(request, resolve_url(settings.LOGIN_REDIRECT_URL)),
        )
        response = self.render_to_response(context)
        add_never_cache_headers(response)
        return response


@method_decorator([sensitive_post_parameters("password"), never_cache], name="dispatch")
class RecoveryCodesRegenerateView(LoginRequiredMixin, FormView[PasswordForm]):
    """Replace the recovery codes (the password is asked again)."""

    form_class = PasswordForm
    template_name = "accounts/two_factor_regenerate.html"

    def form_valid(self, form: PasswordForm) -> HttpResponse:
        user = cast(User, self.request.user)
        if not user.check_password(form.cleaned_data["password"]):
            form.add_error("password", _("That password is not right."))
            return self.form_invalid(form)
        try:
            codes = services.regenerate_recovery_codes(user, acting_user=user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        self.request.session[two_factor.NEW_CODES_KEY] = codes
        return HttpResponseRedirect(reverse("accounts:two-factor-codes"))


@method_decorator([sensitive_post_parameters("password", "code"), never_cache], name="dispatch")
class TwoFactorDisableView(LoginRequiredMixin, FormView[PasswordAndCodeForm]):
    """Turn two-factor sign-in off, with the password and a code (not for administrators)."""

    form_class = PasswordAndCodeForm
    template_name = "accounts/two_factor_disable.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if user.is_authenticated and two_factor.required_for(user):
            messages.error(
                request, _("Administrators must use two-factor sign-in: it cannot be turned off.")
            )
            return HttpResponseRedirect(reverse("accounts:profile"))
        if user.is_authenticated and not two_factor.has_authenticator(user):
            return HttpResponseRedirect(reverse("accounts:profile"))
        credentials = {"username": user.get_username()}
        if request.method == "POST" and AxesProxyHandler.is_locked(request, credentials):
            return lockout_response(request, None, credentials)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: PasswordAndCodeForm) -> HttpResponse:
        user = cast(User, self.request.user)
        if not services.check_password_and_code(
            user, password=form.cleaned_data["password"], code=form.cleaned_data["code"]
        ):
            _record_failed_code(self.request, user)
            form.add_error(None, _("The password or the code is not right."))
            return self.form_invalid(form)
        try:
            services.disable_two_factor(user, acting_user=user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        two_factor.remember_state(self.request.session, user)
        messages.success(self.request, _("Two-factor sign-in is turned off."))
        return HttpResponseRedirect(reverse("accounts:profile"))


class SignOutEverywhereView(LoginRequiredMixin, View):
    """End every session of the signed-in person, on every browser, this one included."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        user = cast(User, request.user)
        services.sign_out_everywhere(user, acting_user=user)
        logout(request)
        messages.success(request, _("You were signed out everywhere. Please sign in again."))
        return HttpResponseRedirect(reverse("accounts:login"))


class TwoFactorResetView(GovernmentScopedMixin, View):
    """An administrator removes a member's authenticator and recovery codes (a lost phone);
    the member sets up again at their next sign-in. Another government's member is a 404."""

    model = Membership
    permission_action = Operation.MANAGE
    http_method_names = ["get", "post"]

    def get_queryset(self) -> QuerySet[Membership]:
        return Membership.objects.for_tenant(self.government).select_related("user")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = get_object_or_404(self.get_queryset(), pk=pk)
        return render(request, "accounts/two_factor_reset.html", {"object": membership})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = get_object_or_404(self.get_queryset(), pk=pk)
        if membership.user_id == request.user.pk:
            raise PermissionDenied  # one's own is turned off from the profile page
        services.reset_two_factor(self.government, membership.user, acting_user=self.acting_user)
        messages.success(
            request,
            _("Two-factor sign-in of %(person)s was reset: they set it up at their next sign-in.")
            % {"person": membership.user},
        )
        return HttpResponseRedirect(membership.get_absolute_url())


# --- Personal data requests (administrators only) -------------------------------------------------


class PersonalDataMixin(GovernmentScopedMixin):
    """Administrators of the government only; another government's request is a 404."""

    model = PersonalDataRequest

    def get_queryset(self) -> QuerySet[PersonalDataRequest]:
        return PersonalDataRequest.objects.for_tenant(self.government).select_related(
            "opened_by", "erased_by"
        )

    def get_request_object(self, pk: int) -> PersonalDataRequest:
        return get_object_or_404(self.get_queryset(), pk=pk)


class PersonalDataSearchView(PersonalDataMixin, View):
    """Find a person by name or email among what the government holds; open a request with
    the name and email to look for; the requests opened before."""

    http_method_names = ["get", "post"]
    template_name = "accounts/personal_data_search.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        search = PersonalDataSearchForm(request.GET or None)
        found: list[str] = []
        if search.is_valid() and search.cleaned_data["q"]:
            text = search.cleaned_data["q"]
            values: set[str] = set()
            for provider in personal_data_providers():
                values |= provider.suggestions(self.government, text)
            found = sorted(values, key=str.casefold)[:100]
        initial = {"email" if "@" in value else "name": value for value in found[:1]}
        return self.render(search, PersonalDataRequestForm(initial=initial), found)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PersonalDataRequestForm(request.POST)
        if form.is_valid():
            try:
                opened = services.open_personal_data_request(
                    self.government,
                    acting_user=self.acting_user,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return HttpResponseRedirect(opened.get_absolute_url())
        return self.render(PersonalDataSearchForm(), form, [])

    def render(
        self, search: PersonalDataSearchForm, form: PersonalDataRequestForm, found: list[str]
    ) -> HttpResponse:
        context = {
            "search": search,
            "form": form,
            "found": found,
            "requests": list(self.get_queryset()[:50]),
        }
        return render(self.request, self.template_name, context)


class PersonalDataRequestView(PersonalDataMixin, View):
    """What the government holds about the person, kind by kind, with how each is erased."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_request_object(pk)
        held = services.personal_data_held(self.government, obj)
        return render(
            request,
            "accounts/personal_data_request.html",
            {"object": obj, "held": held, "total": sum(len(item.rows) for item in held)},
        )


class PersonalDataExportView(PersonalDataMixin, View):
    """Download everything held about the person as one JSON file (recorded). The download
    is a POST (it is recorded in the activity log); a GET goes back to the request's page."""

    http_method_names = ["get", "post"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponseRedirect(self.get_request_object(pk).get_absolute_url())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_request_object(pk)
        document = services.export_personal_data(self.government, obj, acting_user=self.acting_user)
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="personal-data-{self.government.slug}-{obj.pk}.json"'
        )
        add_never_cache_headers(response)
        return response


class PersonalDataEraseView(PersonalDataMixin, View):
    """Confirm, with a preview of every record and what happens to it, then erase."""

    http_method_names = ["get", "post"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_request_object(pk)
        held = services.personal_data_held(self.government, obj)
        return render(
            request,
            "accounts/personal_data_erase.html",
            {"object": obj, "held": held, "total": sum(len(item.rows) for item in held)},
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_request_object(pk)
        try:
            erased = services.erase_personal_data(
                self.government, obj, acting_user=self.acting_user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            count = sum(len(pks) for pks in erased.values())
            messages.success(
                request,
                ngettext_lazy(
                    "%(count)d record erased. The activity log keeps that it happened, "
                    "without the values.",
                    "%(count)d records erased. The activity log keeps that it happened, "
                    "without the values.",
                    count,
                )
                % {"count": count},
            )
        return HttpResponseRedirect(obj.get_absolute_url())


class PrivacyNoticeView(TemplateView):
    """``/privacy/``: what personal data is kept, why, for how long (read from the retention
    settings) and how to ask for a copy or for erasure. Public, linked from every footer."""

    template_name = "accounts/privacy.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            kept=[
                {
                    "kind": provider.kind,
                    "purpose": provider.purpose,
                    "retention_days": provider.retention_days(),
                    "erasure": provider.erasure,
                }
                for provider in personal_data_providers()
                if provider.model is not PersonalDataRequest
            ],
            contribution_days=settings.LAZOS_CONTRIBUTION_RETENTION_DAYS,
            signin_days=settings.LAZOS_SIGNIN_RECORD_RETENTION_DAYS,
            session_hours=settings.SESSION_COOKIE_AGE // 3600,
        )
        return context
