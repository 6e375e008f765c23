"""The API tokens page: a member lists, creates and revokes their personal tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from lazos.api.forms import ApiTokenForm
from lazos.api.models import ApiToken
from lazos.api.services import create_api_token, revoke_api_token
from lazos.core.permissions import Operation
from lazos.core.views import GovernmentScopedMixin, ServiceFormView
from lazos.governments.choices import Role


class TokenListView(GovernmentScopedMixin, ListView[ApiToken]):
    """My tokens in the current government, newest first."""

    model = ApiToken
    template_name = "api/token_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[ApiToken]:
        return ApiToken.objects.for_tenant(self.government).owned_by(self.acting_user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["docs_url"] = reverse("api:docs")
        context["usable_tokens"] = (
            ApiToken.objects.for_tenant(self.government).owned_by(self.acting_user).usable().count()
        )
        context["token_limit"] = settings.API_TOKENS_PER_PERSON
        return context


class TokenCreateView(ServiceFormView):
    """Create a token and show its key once (never stored, never shown again)."""

    model = ApiToken
    permission_action = Operation.ADD
    form_class = ApiTokenForm
    template_name = "api/token_form.html"

    def perform(self, form: ApiTokenForm) -> tuple[ApiToken, str]:
        return create_api_token(
            self.government, acting_user=self.acting_user, **form.service_values()
        )

    def form_valid(self, form: ApiTokenForm) -> HttpResponse:
        try:
            token, raw_key = self.perform(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        response = render(
            self.request,
            "api/token_created.html",
            {"token": token, "raw_key": raw_key, "model_meta": ApiToken._meta},
        )
        response["Cache-Control"] = "no-store"
        return response


class TokenRevokeView(GovernmentScopedMixin, DetailView[ApiToken]):
    """Confirm on GET, revoke on POST. My tokens; an administrator may revoke any of theirs."""

    model = ApiToken
    permission_action = Operation.CHANGE
    template_name = "api/token_confirm_revoke.html"

    def get_queryset(self) -> QuerySet[ApiToken]:
        tokens = ApiToken.objects.for_tenant(self.government).select_related("user")
        if self.membership.role == Role.ADMINISTRATOR:
            return tokens
        return tokens.owned_by(self.acting_user)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = self.get_object()
        revoke_api_token(token, acting_user=self.acting_user)
        messages.success(
            request,
            _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name},
        )
        return HttpResponseRedirect(reverse("api:token-list"))
