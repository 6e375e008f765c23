"""Sign-in, password reset, profile and language pages of the accounts app."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView
from django.views.i18n import set_language

from lazos.accounts.forms import LanguageForm, LimitedPasswordResetForm, ProfileForm
from lazos.accounts.models import User
from lazos.accounts.services import set_preferred_language, update_profile
from lazos.accounts.signin import forget_username_failures, remember_browser


class SignInView(auth_views.LoginView):
    """Sign in (throttled by ``lazos.accounts.signin``); the browser is remembered as one
    this person uses, so a lock on their username caused by others does not stop them here."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        remember_browser(self.request, response, form.get_user().get_username())
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
