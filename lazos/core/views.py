"""Base views every domain app builds on, plus the instance-wide pages (home, health)."""

from __future__ import annotations

import types
from collections.abc import Callable, Sequence
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError, connection, transaction
from django.db.models import Model, QuerySet
from django.forms.models import BaseModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from lazos.accounts.models import User
from lazos.core import concurrency, saved_views
from lazos.core.bulk import list_bar
from lazos.core.deletion import deletion_summary
from lazos.core.exports import FORMATS, MAX_ROWS, export_response, queued_export
from lazos.core.http import LazosRequest
from lazos.core.models import AuditEvent, SavedView
from lazos.core.permissions import Operation, RolePolicy, check_may_write, policy_for
from lazos.governments.models import Government, Membership


class GovernmentScopedMixin(LoginRequiredMixin):
    """Scope a view to the signed-in user's current government and check their role.

    - anonymous → redirect to sign-in;
    - signed in without a role in any government, or a role that does not allow
      ``permission_action`` → 403;
    - an object of another government → 404, exactly like a missing one (the queryset only
      holds the current government's rows).
    """

    model: type[Model]
    permission_action: Operation = Operation.VIEW
    request: HttpRequest
    # Set by dispatch(), which refuses a request without them: every handler has both.
    government: Government
    membership: Membership

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        lazos_request = cast(LazosRequest, request)  # what settings.MIDDLEWARE leaves
        government, membership = lazos_request.government, lazos_request.membership
        if (
            government is None
            or membership is None
            or not self.policy.allows(membership, self.permission_action)
        ):
            raise PermissionDenied
        self.government, self.membership = government, membership
        return super().dispatch(request, *args, **kwargs)

    @property
    def acting_user(self) -> User:
        """The signed-in person (dispatch has already refused anonymous visitors)."""
        return cast(User, self.request.user)

    @property
    def policy(self) -> RolePolicy:
        return policy_for(self.model)

    def get_queryset(self) -> QuerySet[Any]:
        queryset: QuerySet[Any] = self.model.objects.for_tenant(self.government)  # type: ignore[attr-defined]
        return queryset

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        obj = super().get_object(queryset)  # type: ignore[misc]
        if not self.policy.allows_on(self.membership, self.permission_action, obj):
            raise PermissionDenied
        return obj

    def can(self, action: Operation, obj: Any = None) -> bool:
        if obj is None:
            return self.policy.allows(self.membership, action)
        return self.policy.allows_on(self.membership, action, obj)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        obj = context.get("object")
        context["perms_for"] = {
            "add": self.can(Operation.ADD),
            "change": self.can(Operation.CHANGE, obj) if obj is not None else False,
            "delete": self.can(Operation.DELETE, obj) if obj is not None else False,
        }
        context["model_meta"] = self.model._meta
        return context


class ScopedListView(GovernmentScopedMixin, FilterView):
    """A filtered, sortable, paginated list; filters live in the URL."""

    paginate_by = 50
    filterset_class: Any

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_filterset_kwargs(filterset_class)
        kwargs["government"] = self.government
        return kwargs


class ScopedDetailView(GovernmentScopedMixin, DetailView[Any]):
    pass


class ObjectHistoryView(GovernmentScopedMixin, DetailView[Any]):
    """The History tab of an object: its audit events, newest first."""

    template_name = "core/object_history.html"
    paginate_by = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        events = AuditEvent.objects.for_object(self.object).with_related()
        page = Paginator(events, self.paginate_by).get_page(self.request.GET.get("page"))
        context.update(page_obj=page, events=page.object_list, active_tab="history")
        return context


Service = Callable[..., Any]


class DeclaredServiceMixin:
    """A write view that names the service it calls, as a class attribute::

        service = staticmethod(services.delete_local_actor)

    :meth:`call_service` calls it with the house signature, ``service(target,
    acting_user=…, **values)``. ``core/tests/test_declared_crud.py`` checks that every write
    view reachable from the URLs declares its service or overrides the method that calls it.
    """

    service: Service | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        declared = cls.__dict__.get("service")
        if isinstance(declared, types.FunctionType):
            # A plain function in a class body becomes a method: self would be its target.
            raise TypeError(
                f"{cls.__qualname__}.service must be declared as staticmethod({declared.__name__})"
            )

    @property
    def acting_user(self) -> User:
        raise NotImplementedError  # pragma: no cover - the scoped views define it

    def call_service(self, target: Any, **values: Any) -> Any:
        service = self.service
        if service is None:
            raise ImproperlyConfigured(
                f"{type(self).__qualname__} declares no service and does not override the "
                "method that calls one"
            )
        return service(target, acting_user=self.acting_user, **values)


class ServiceFormMixin(DeclaredServiceMixin):
    """The default :meth:`perform` of a form view: the declared service is called on
    :meth:`get_service_target` with :meth:`get_service_values`. A view whose call differs
    overrides :meth:`perform` instead."""

    #: Only these cleaned fields go to the service (instead of the form's ``service_values()``).
    service_fields: Sequence[str] | None = None
    #: Cleaned fields handed to the service next to the others (e.g. ``("tags",)``).
    extra_service_fields: Sequence[str] = ()

    def get_service_target(self) -> Any:
        raise NotImplementedError  # pragma: no cover - the form views define it

    def get_service_values(self, form: Any) -> dict[str, Any]:
        """``service_fields`` of the cleaned data if declared, else the form's
        ``service_values()`` when it has one, else all its cleaned data; plus
        ``extra_service_fields``."""
        data = form.cleaned_data
        if self.service_fields is not None:
            values = {name: data[name] for name in self.service_fields}
        elif callable(getattr(form, "service_values", None)):
            values = dict(form.service_values())
        else:
            values = dict(data)
        values.update((name, data[name]) for name in self.extra_service_fields)
        return values

    def perform(self, form: Any) -> Any:
        """Write through the service; returns what it returns (the saved object)."""
        return self.call_service(self.get_service_target(), **self.get_service_values(form))


_UNSET: Any = object()


class VersionCheckedMixin(FormView[Any]):
    """A form that edits an existing object refuses a save made against an older version.

    The page carries the version the object was read at (``core/concurrency.py``; the hidden
    field is written by ``includes/form.html``). On POST, with the object's row locked, a
    version that is no longer the object's answers 409 and shows the form again with a merge
    panel: field by field the other person's value, yours, who changed it and when (from the
    audit trail), a choice "keep theirs / keep mine" (and a merged text for long texts), and
    the current version, so saving again applies the choices.

    A POST without the field is accepted as before: browsers always send it (every edit page
    renders it), so its absence means a client that never read a version (a script, a test,
    a page opened before the upgrade); the API does the same without ``If-Match``.

    Which object: the object of the URL when the view's ModelForm edits it, or when a plain
    form changes it (a status change, translations, links); not when the form adds a row
    under it (a ModelForm with a new instance, or a view with ``permission_action`` ADD).
    ``edits_target`` says it explicitly where that guess is wrong.
    """

    #: True / False: the form does / does not change the object of the URL; None: guessed.
    edits_target: bool | None = None
    conflict: concurrency.Conflict | None = None

    def get_target(self) -> Any:
        raise NotImplementedError  # pragma: no cover - the form views define it

    def versioned_object(self) -> Any:
        """The object whose version the form carries, or None."""
        if getattr(self, "_versioned", _UNSET) is _UNSET:
            self._versioned = self._find_versioned_object()
        return self._versioned

    def _find_versioned_object(self) -> Any:
        target = self.get_target()
        if target is None or self.edits_target is False:
            return None
        if self.edits_target:
            return target
        form_class = self.get_form_class()
        if issubclass(form_class, BaseModelForm):
            return target if self.get_form_kwargs().get("instance") is target else None
        return None if getattr(self, "permission_action", None) == Operation.ADD else target

    def get_form_kwargs(self) -> dict[str, Any]:
        """The POSTed data with the merge panel's choices applied."""
        kwargs: dict[str, Any] = super().get_form_kwargs()
        data = kwargs.get("data")
        if data is not None and any(key.startswith(concurrency.MERGE_CHOICE) for key in data):
            kwargs["data"] = concurrency.apply_merge_choices(data)
        return kwargs

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # In dispatch (after the scoped views' checks), not post(): a view that overrides
        # post() to validate a formset too is still checked.
        read_version = request.POST.get(concurrency.VERSION_FIELD, "")
        obj = self.versioned_object() if request.method == "POST" and read_version else None
        if obj is None:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            conflict = concurrency.find_conflict(concurrency.stored(obj, lock=True), read_version)
            if conflict is None:
                return super().dispatch(request, *args, **kwargs)
        self.conflict = conflict
        return self.render_conflict(conflict)

    def render_conflict(self, conflict: concurrency.Conflict) -> HttpResponse:
        """The form again, as posted, with the merge panel and the current version (409)."""
        form = self.get_form()
        form.is_valid()  # (the posted values as the form reads them; nothing is saved)
        their_form = None
        if isinstance(form, BaseModelForm):
            their_kwargs = self.get_form_kwargs()
            their_kwargs.pop("data", None)
            their_kwargs.pop("files", None)
            their_kwargs["instance"] = concurrency.stored(self.versioned_object())
            their_form = type(form)(**their_kwargs)
        concurrency.describe_form_values(conflict, form, their_form)
        return self.render_to_response(self.get_context_data(form=form), status=409)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj = self.versioned_object()
        if obj is not None:
            if self.conflict is not None:
                version = self.conflict.current_version
            elif self.request.method == "POST" and self.request.POST.get(concurrency.VERSION_FIELD):
                # A form refused for its values keeps the version it was read at.
                version = self.request.POST[concurrency.VERSION_FIELD]
            else:
                version = concurrency.version_of(concurrency.stored(obj))
            context["concurrency_version"] = version
            context["concurrency_conflict"] = self.conflict
        return context


class ServiceFormView(GovernmentScopedMixin, ServiceFormMixin, VersionCheckedMixin):
    """A form whose valid data is handed to a service function.

    With a ``pk`` in the URL the view works on that object of the current government (404 for
    another government's, 403 without permission) and a ModelForm gets it as ``instance``.
    Subclasses declare their ``service`` (see :class:`ServiceFormMixin`) or implement
    :meth:`perform`, returning the saved object. A ``ValidationError`` raised by the service
    is shown on the form and nothing is written.
    """

    success_message: Any = _("Saved.")
    object: Any = None
    #: Hand the service the object as stored, not the instance the ModelForm has filled in
    #: (for services that compare the old values with the new, e.g. a change of role).
    service_reloads_target = False

    def get_target(self) -> Any:
        if "pk" not in self.kwargs:
            return None
        if not hasattr(self, "_target"):
            self._target = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
            if not self.can(self.permission_action, self._target):
                raise PermissionDenied
        return self._target

    def get_new_instance(self) -> Any:
        """The unsaved instance a create form validates (tenant set), or None."""
        return None

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        form_class = self.get_form_class()
        if issubclass(form_class, BaseModelForm):
            kwargs["instance"] = self.get_target() or self.get_new_instance()
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        target = self.get_target()
        if target is not None:
            context["object"] = target
        return context

    def get_service_target(self) -> Any:
        """The object of the URL (``pk``), else the current government."""
        target = self.get_target()
        if target is None:
            return self.government
        if self.service_reloads_target:
            return self.get_queryset().get(pk=target.pk)
        return target

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.object = self.perform(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self) -> str:
        return str(self.object.get_absolute_url())


class ObjectDeleteView(GovernmentScopedMixin, DeclaredServiceMixin, DetailView[Any]):
    """Confirm on GET, delete through the service on POST.

    Subclasses declare the service (``service = staticmethod(services.delete_partner)``),
    called as ``service(obj, acting_user=…)``, or override :meth:`delete_object`.
    """

    permission_action = Operation.DELETE
    template_name = "core/object_confirm_delete.html"
    success_url: Any
    success_message: Any = _("Deleted.")

    def delete_object(self, obj: Any) -> None:
        self.call_service(obj)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:

        context = super().get_context_data(**kwargs)
        context["deletion"] = deletion_summary(self.object)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:

        self.object = self.get_object()
        summary = deletion_summary(self.object)
        if not summary.allowed:
            messages.error(request, _("This cannot be deleted while other records depend on it."))
            return HttpResponseRedirect(self.object.get_absolute_url())
        try:
            self.delete_object(self.object)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(request, self.success_message)
        return HttpResponseRedirect(str(self.success_url))


class HealthView(View):
    """``GET /healthz``: 200 when the database answers, 503 when it does not."""

    def get(self, request: HttpRequest) -> JsonResponse:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
            database = "ok"
        except DatabaseError:
            database = "unavailable"
        status = 200 if database == "ok" else 503
        return JsonResponse(
            {"status": "ok" if status == 200 else "error", "database": database}, status=status
        )


class ObjectListView(ScopedListView):
    """List of a model: apps extend ``core/object_list.html`` and fill its ``table`` block.

    ``?export=csv`` or ``?export=xlsx`` downloads the whole filtered list with the columns of
    ``export_fields`` (see ``core/exports.py``).
    """

    create_url_name: str = ""
    export_fields: list[Any] = []
    saved_views: list[SavedView] = []

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = request.GET.get("export")
        if fmt and self.export_fields:
            if fmt not in FORMATS:
                return HttpResponse(status=400)
            filterset = self.get_filterset(self.get_filterset_class())
            # Like the list: invalid filters show nothing rather than everything.
            queryset = filterset.qs if filterset.is_valid() else self.get_queryset().none()
            name = str(self.model._meta.verbose_name_plural)
            queued = queued_export(request, fmt, name, queryset[:MAX_ROWS].count())
            if queued is not None:  # a large list: the job worker writes it (#13)
                return queued
            return export_response(
                queryset[:MAX_ROWS],
                self.export_fields,
                fmt,
                str(self.model._meta.verbose_name_plural),
            )
        # The saved views of this list (core/saved_views.py), the person's own and the shared
        # ones, in one query; without any parameter the list opens with the person's default.
        match = request.resolver_match
        self.saved_views = list(
            saved_views.views_of_list(
                self.government, self.acting_user, match.view_name if match else ""
            )
        )
        if not request.GET:
            for view in self.saved_views:
                if getattr(view, "is_default", False) and view.query:
                    return HttpResponseRedirect(f"{request.path}?{view.query}")
        response: HttpResponse = super().get(request, *args, **kwargs)
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["create_url_name"] = self.create_url_name
        context["can_export"] = bool(self.export_fields)
        # Saved views of this list (core/saved_views.py): the person's own and the shared ones.
        list_name = self.request.resolver_match.view_name if self.request.resolver_match else ""
        views = self.saved_views
        context.update(
            list_name=list_name,
            saved_views=views,
            has_default_view=any(getattr(view, "is_default", False) for view in views),
            current_view_query=saved_views.view_query(self.request.GET),
            can_share_views=self.membership.role in saved_views.SHARERS,
        )
        # Bulk changes (core/bulk.py): the bar and the checkboxes, for members who may write.
        match = self.request.resolver_match
        context["bulk_bar"] = list_bar(
            self.model, self.membership, match.view_name if match else ""
        )
        if context["bulk_bar"]:
            filters = self.request.GET.copy()
            for name in ("page", "export"):
                filters.pop(name, None)
            context["bulk_filters"] = filters.urlencode()
        return context


class ObjectDetailView(ScopedDetailView):
    """Detail page: apps extend ``core/object_detail.html``."""

    history_url_name: str = ""
    edit_url_name: str = ""
    delete_url_name: str = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            active_tab="overview",
            history_url_name=self.history_url_name,
            edit_url_name=self.edit_url_name,
            delete_url_name=self.delete_url_name,
        )
        return context


class ObjectFormView(ServiceFormView):
    """Create (no ``pk``) or edit (``pk``) through a service; generic template.

    Before the service runs, the object as the form filled it must be one the member may
    change (an editor records only work of their own departments).
    """

    template_name = "core/object_form.html"
    cancel_url_name: str = ""

    def get_new_instance(self) -> Any:
        return self.model(government=self.government)

    def form_valid(self, form: Any) -> HttpResponse:
        candidate = getattr(form, "instance", None)
        if candidate is not None:
            try:
                check_may_write(self.membership, self.permission_action, candidate)
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal))
                return self.form_invalid(form)
        return super().form_valid(form)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url_name"] = self.cancel_url_name
        return context


class AutocompleteSearchView(GovernmentScopedMixin, View):
    """``?q=…`` → up to 20 of the government's objects as ``{"results": [{"id", "label"}]}``,
    for AutocompleteWidget (forms and list filters)."""

    search_field = "name"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        query = request.GET.get("q", "").strip()
        results: list[dict[str, Any]] = []
        if len(query) >= 2:
            rows = (
                self.model._default_manager.for_tenant(self.government)  # type: ignore[attr-defined]
                .filter(**{f"{self.search_field}__icontains": query})
                .order_by(self.search_field)
                .values_list("pk", self.search_field)[:20]
            )
            results = [{"id": pk, "label": label} for pk, label in rows]
        return JsonResponse({"results": results})
