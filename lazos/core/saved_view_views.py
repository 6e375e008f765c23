"""Saving, removing and choosing the default view of a register list (core/saved_views.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from lazos.core import saved_views
from lazos.core.models import SavedView
from lazos.core.permissions import Operation
from lazos.core.views import GovernmentScopedMixin, ObjectListView


def list_address(list_name: str) -> str:
    """The address of a register list by its URL name; ValidationError for anything else."""
    try:
        address = reverse(list_name)
        view_class = getattr(resolve(address).func, "view_class", None)
    except (NoReverseMatch, Resolver404) as error:
        raise ValidationError(_("This is not a list of the register.")) from error
    if view_class is None or not issubclass(view_class, ObjectListView):
        raise ValidationError(_("This is not a list of the register."))
    return address


class SaveViewForm(forms.Form):
    list_name = forms.CharField(max_length=100, widget=forms.HiddenInput)
    query = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name of the view"), max_length=80)
    is_shared = forms.BooleanField(label=_("Share with the government"), required=False)


class SavedViewMixin(GovernmentScopedMixin):
    model = SavedView
    permission_action = Operation.ADD

    def get_queryset(self) -> QuerySet[Any]:
        # A view is found only by those who see it: its owner, and everyone for a shared one.
        return SavedView.objects.for_tenant(self.government).filter(
            Q(owner=self.acting_user) | Q(is_shared=True)
        )

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        """POST only: a GET answers 405 for a view the person sees, 404 like a missing one
        otherwise (another person's private view, another government's)."""
        if pk is not None:
            get_object_or_404(self.get_queryset(), pk=pk)
        return HttpResponseNotAllowed(["POST"])

    def back_to(self, list_name: str, query: str = "") -> HttpResponseRedirect:
        address = list_address(list_name)
        return HttpResponseRedirect(f"{address}?{query}" if query else address)


class SaveView(SavedViewMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        form = SaveViewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The view was not saved: give it a name."))
            return self._back(form)
        data = form.cleaned_data
        try:
            address = list_address(data["list_name"])
            view = saved_views.save_view(
                self.government,
                acting_user=self.acting_user,
                list_name=data["list_name"],
                name=data["name"],
                query=saved_views.view_query(QueryDict(data["query"])),
                is_shared=data["is_shared"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self._back(form)
        messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
        return HttpResponseRedirect(f"{address}?{view.query}" if view.query else address)

    def _back(self, form: SaveViewForm) -> HttpResponse:
        try:
            return self.back_to(form.data.get("list_name", ""), form.data.get("query", ""))
        except ValidationError as error:
            raise PermissionDenied(" ".join(error.messages)) from error


class DeleteView(SavedViewMixin, View):
    permission_action = Operation.DELETE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        view = get_object_or_404(self.get_queryset(), pk=pk)
        saved_views.delete_view(view, government=self.government, acting_user=self.acting_user)
        messages.success(request, _("View “%(name)s” deleted.") % {"name": view.name})
        return self.back_to(view.list_name)


class DefaultView(SavedViewMixin, View):
    """POST with a view's pk makes it the person's default; without one (``list_name`` in the
    form), the person's default of that list is cleared."""

    permission_action = Operation.CHANGE

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        view = get_object_or_404(self.get_queryset(), pk=pk) if pk is not None else None
        list_name = view.list_name if view else request.POST.get("list_name", "")
        try:
            address = list_address(list_name)
        except ValidationError as error:
            raise PermissionDenied(" ".join(error.messages)) from error
        saved_views.set_default_view(
            self.government, acting_user=self.acting_user, list_name=list_name, view=view
        )
        if view is None:
            messages.success(request, _("This list now opens with everything."))
            return HttpResponseRedirect(f"{address}?view={saved_views.ALL}")
        messages.success(request, _("This list now opens with “%(name)s”.") % {"name": view.name})
        return self.back_to(list_name, view.query)
