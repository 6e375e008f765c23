from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from lazos.accounts.forms import ProfileForm
from lazos.accounts.models import User
from lazos.accounts.services import update_profile


class ProfileView(LoginRequiredMixin, FormView):
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
