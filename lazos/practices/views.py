"""Pages of good practices.

* Office pages (the current government's own practices): list, create, edit with indicators
  and translations, detail with the transfer log, publish/withdraw, history, delete; and
  "What we learned from others", the marks the government left on other practices.
* The library: the published practices of every government on the instance, ranked for a
  query across languages (:mod:`lazos.practices.library`). Anyone may read it; members of
  another government mark a practice "interested" or "we adapted this".

Rows of other governments come only from ``GoodPractice.objects.published()`` and
``PracticeTransfer.objects.of_practice()``; of their actions, only public ones, and only their
public fields.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import BooleanField, Case, CharField, F, Prefetch, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from lazos.actions.models import Action
from lazos.core.attachments import attachments_prefetch
from lazos.core.content import original_language
from lazos.core.permissions import Operation, RolePolicy, policy_for
from lazos.core.views import (
    GovernmentScopedMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectFormView,
    ObjectHistoryView,
    ObjectListView,
)
from lazos.governments.models import LANGUAGE_CHOICES
from lazos.practices import services
from lazos.practices.choices import PracticeStatus, TransferKind
from lazos.practices.filtersets import LibraryFilterSet, PracticeFilterSet, TransferFilterSet
from lazos.practices.forms import (
    INDICATOR_FORM_FIELDS,
    IndicatorFormSet,
    MarkForm,
    PracticeForm,
    UnmarkForm,
)
from lazos.practices.library import LibraryResult, attach, score
from lazos.practices.models import GoodPractice, PracticeIndicator, PracticeTransfer
from lazos.reference.models import SdgTarget

LIBRARY_PAGE_SIZE = 20
LONG_TEXTS = ("context", "solution", "results", "resources", "transfer_conditions")
# What is read of another government's action linked to a practice: its public fields.
PUBLIC_ACTION_FIELDS = (
    "id",
    "title",
    "public_summary",
    "language",
    "translations",
    "modality",
    "start_date",
    "government",
    "government__slug",
    "government__official_languages",
    "government__portal_enabled",
)


def language_names(codes: list[str]) -> list[str]:
    names = dict(LANGUAGE_CHOICES)
    return [str(names.get(code, code)) for code in codes or []]


def _for_form(error: ValidationError, form: Any) -> ValidationError:
    """A service's error, with fields the form does not have moved to the top of the form."""
    if not hasattr(error, "error_dict"):
        return error
    mapped: dict[str, list[Any]] = {}
    for name, errors in error.error_dict.items():
        key = name if name in form.fields else NON_FIELD_ERRORS
        mapped.setdefault(key, []).extend(errors)
    return ValidationError(mapped)


def public_actions_of(practice: GoodPractice) -> QuerySet[Action]:
    """The practice's linked actions that are public (their public fields only are shown)."""
    return (
        Action.objects.for_tenant(practice.government_id)
        .public()
        .filter(good_practices=practice)
        .select_related("government")
        .only(*PUBLIC_ACTION_FIELDS)
        .order_by("-start_date", "title")
    )


def for_display(queryset: Any) -> Any:
    """Practices (a ``GoodPracticeQuerySet``) as a list shows them: author, themes, how many
    marked them; not the long texts (the search reads their terms from ``search_terms``)."""
    return (
        queryset.defer(*LONG_TEXTS)
        .select_related("government")
        .prefetch_related("themes")
        .with_transfer_counts()
    )


def practice_detail_queryset(queryset: QuerySet[GoodPractice]) -> QuerySet[GoodPractice]:
    return queryset.select_related("government").prefetch_related(
        "themes",
        Prefetch("sdg_targets", queryset=SdgTarget.objects.select_related("goal")),
        Prefetch("indicators", queryset=PracticeIndicator.objects.order_by("position", "pk")),
    )


# --- Office: the government's own practices ----------------------------------------------------


class PracticeMixin(GovernmentScopedMixin):
    model = GoodPractice


class PracticeListView(PracticeMixin, ObjectListView):
    filterset_class = PracticeFilterSet
    template_name = "practices/practice_list.html"
    create_url_name = "practices:practice-create"
    export_fields: list[Any] = [
        ("pk", _("Id")),
        ("title", _("Title")),
        ("status", _("Status")),
        ("published_at", _("Published")),
        ("department.name", _("Department")),
        ("themes", _("Themes")),
        ("interested_count", _("Interested governments")),
        ("adapted_count", _("Governments that adapted it")),
    ]

    def get_queryset(self) -> QuerySet[GoodPractice]:
        return (
            GoodPractice.objects.for_tenant(self.government)
            .select_related("department")
            .prefetch_related("themes")
            .with_transfer_counts()
            .order_by("status", "-published_at", "title", "pk")
        )


class PracticeDetailView(PracticeMixin, ObjectDetailView):
    template_name = "practices/practice_detail.html"
    history_url_name = "practices:practice-history"
    edit_url_name = "practices:practice-edit"
    delete_url_name = "practices:practice-delete"

    def get_queryset(self) -> QuerySet[GoodPractice]:
        return (
            practice_detail_queryset(super().get_queryset())
            .select_related("department")
            .prefetch_related(
                attachments_prefetch(),
                Prefetch("actions", queryset=Action.objects.order_by("-start_date", "title")),
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        practice: GoodPractice = self.object
        context.update(
            transfers=list(PracticeTransfer.objects.of_practice(practice).for_log()),
            material_languages=language_names(practice.material_languages),
            original_language=original_language(practice),
            can_publish=self.can(Operation.CHANGE, practice),
            missing=[] if practice.is_published else services.missing_for_publication(practice),
            show_notes=True,
            show_recorder=True,
        )
        return context


class PracticeFormView(PracticeMixin, ObjectFormView):
    """Create (no ``pk``) or edit a practice with its indicators and translations."""

    form_class = PracticeForm
    template_name = "practices/practice_form.html"
    cancel_url_name = "practices:practice-list"
    formset: Any = None

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["government"] = self.government
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        department_ids = self.membership.department_ids
        if self.get_target() is None and len(department_ids) == 1:
            initial["department"] = department_ids[0]
        return initial

    def get_formset(self) -> Any:
        instance = self.get_target() or GoodPractice(government=self.government)
        data = self.request.POST if self.request.method == "POST" else None
        return IndicatorFormSet(
            data,
            instance=instance,
            prefix="indicators",
            queryset=PracticeIndicator.objects.for_tenant(self.government).order_by(
                "position", "pk"
            ),
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form()
        self.formset = self.get_formset()
        if form.is_valid() and self.formset.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["formset"] = self.formset if self.formset is not None else self.get_formset()
        return context

    def indicator_changes(self) -> tuple[list[Any], list[PracticeIndicator]]:
        rows: list[Any] = []
        remove: list[PracticeIndicator] = []
        deleted = set(self.formset.deleted_forms)
        for form in self.formset.forms:
            existing = form.instance if form.instance.pk else None
            if form in deleted:
                if existing is not None:
                    remove.append(existing)
                continue
            if existing is None and not form.has_changed():
                continue
            values = {name: form.cleaned_data.get(name) or "" for name in INDICATOR_FORM_FIELDS}
            rows.append((existing, values))
        return rows, remove

    # More than a forward: the indicators of the formset are saved in the same transaction,
    # and the service's errors on fields the form lacks go to the top of the form.
    def perform(self, form: PracticeForm) -> GoodPractice:
        values, related = form.service_values()
        rows, remove = self.indicator_changes()
        try:
            with transaction.atomic():
                practice: GoodPractice = self.call_service(
                    self.get_service_target(), **related, **values
                )
                services.save_indicators(
                    practice, acting_user=self.acting_user, rows=rows, remove=remove
                )
        except ValidationError as error:
            raise _for_form(error, form) from error
        return practice


class PracticeCreateView(PracticeFormView):
    permission_action = Operation.ADD
    success_message = _("The practice was saved as a draft.")
    service = staticmethod(services.create_practice)


class PracticeUpdateView(PracticeFormView):
    permission_action = Operation.CHANGE
    success_message = _("The practice was saved.")
    service = staticmethod(services.update_practice)


class PracticeHistoryView(PracticeMixin, ObjectHistoryView):
    pass


class PracticeDeleteView(PracticeMixin, ObjectDeleteView):
    success_url = reverse_lazy("practices:practice-list")
    success_message = _("The practice was deleted.")
    service = staticmethod(services.delete_practice)


class PracticeStatusView(PracticeMixin, View):
    """POST: publish a draft, or withdraw a published practice back to draft."""

    permission_action = Operation.CHANGE
    operation = ""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        get_object_or_404(self.get_queryset(), pk=pk)
        return HttpResponseNotAllowed(["POST"])

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = get_object_or_404(self.get_queryset(), pk=pk)
        if not self.can(Operation.CHANGE, practice):
            raise PermissionDenied
        try:
            if self.operation == "publish":
                services.publish_practice(practice, acting_user=self.acting_user)
                messages.success(
                    request, _("The practice is published: every government can find it.")
                )
            else:
                services.unpublish_practice(practice, acting_user=self.acting_user)
                messages.success(request, _("The practice is back to draft."))
        except ValidationError as error:
            if hasattr(error, "error_dict"):  # what a draft lacks to be published
                messages.error(request, _("It cannot be published yet:"))
            for message in error.messages:
                messages.error(request, message)
        return HttpResponseRedirect(practice.get_absolute_url())


class TransferListView(ObjectListView):
    """What we learned from others: the marks our government left on other practices."""

    model = PracticeTransfer
    filterset_class = TransferFilterSet
    template_name = "practices/transfer_list.html"

    def get_queryset(self) -> QuerySet[PracticeTransfer]:
        published = Q(practice__status=PracticeStatus.PUBLISHED)
        return (
            PracticeTransfer.objects.for_tenant(self.government)
            .select_related("recorded_by", "action")
            .annotate(
                # Of the other government's practice, only what is public, and only while it
                # is published.
                practice_is_published=Case(
                    When(published, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
                practice_title=Case(
                    When(published, then=F("practice__title")),
                    default=Value(""),
                    output_field=CharField(),
                ),
                author_name=F("practice__government__name"),
            )
            .order_by("-created_at", "pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_unmark"] = self.can(Operation.DELETE)
        return context


# --- The library: every government's published practices ---------------------------------------


def transfer_policy() -> RolePolicy:
    return policy_for(PracticeTransfer)


class LibraryView(TemplateView):
    """Search and browse the published practices of every government (no sign-in needed)."""

    template_name = "practices/library.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        request = self.request
        filterset = LibraryFilterSet(request.GET, queryset=GoodPractice.objects.published())
        if filterset.is_valid():
            practices = filterset.qs
            query = (filterset.form.cleaned_data.get("q") or "").strip()[:200]
        else:
            practices, query = GoodPractice.objects.none(), ""
        number = request.GET.get("page")
        page: Any
        if query:
            # Score every practice the filters keep, then load only the page's.
            page = Paginator(score(practices, query), LIBRARY_PAGE_SIZE).get_page(number)
            results = attach(list(page.object_list), for_display(GoodPractice.objects.published()))
        else:
            listed = for_display(practices).order_by("-published_at", "title", "pk")
            page = Paginator(listed, LIBRARY_PAGE_SIZE).get_page(number)
            results = [LibraryResult(p.pk, practice=p) for p in page.object_list]
        membership = getattr(request, "membership", None)
        our_marks: dict[int, list[str]] = {}
        if membership is not None:
            ours = PracticeTransfer.objects.for_tenant(membership.government_id).filter(
                practice_id__in=[result.practice_id for result in results]
            )
            for practice_id, kind in ours.values_list("practice_id", "kind"):
                our_marks.setdefault(practice_id, []).append(kind)
        for result in results:
            result.our_marks = our_marks.get(result.practice_id, [])
        context.update(
            filter=filterset,
            query=query,
            page_obj=page,
            paginator=page.paginator,
            results=results,
            membership=membership,
        )
        return context


class LibraryDetailView(DetailView[GoodPractice]):
    """One published practice, as every government sees it. A draft is a 404 for everyone
    (its own government works on it in the office pages)."""

    model = GoodPractice
    template_name = "practices/library_detail.html"
    context_object_name = "practice"

    def get_queryset(self) -> QuerySet[GoodPractice]:
        return practice_detail_queryset(GoodPractice.objects.published())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        practice: GoodPractice = self.object
        membership = getattr(self.request, "membership", None)
        is_author = membership is not None and membership.government_id == practice.government_id
        can_mark = (
            membership is not None
            and not is_author
            and transfer_policy().allows(membership, Operation.ADD)
        )
        our_marks: dict[str, PracticeTransfer] = {}
        if membership is not None and not is_author:
            our_marks = {
                t.kind: t
                for t in PracticeTransfer.objects.for_tenant(membership.government_id).filter(
                    practice=practice
                )
            }
        context.update(
            public_actions=list(public_actions_of(practice)),
            transfers=list(PracticeTransfer.objects.of_practice(practice).for_log()),
            show_notes=membership is not None,
            material_languages=language_names(practice.material_languages),
            original_language=original_language(practice),
            is_author=is_author,
            can_mark=can_mark,
            our_marks=our_marks,
            mark_kinds=TransferKind.choices,
            mark_form=MarkForm(government=membership.government)
            if can_mark and membership is not None
            else None,
        )
        return context


class LibraryMarkMixin(GovernmentScopedMixin):
    """Marks are the acting government's records (``PracticeTransfer``, its policy decides);
    the practice comes from the published ones of every government."""

    model = GoodPractice
    permission_action = Operation.ADD

    @property
    def policy(self) -> RolePolicy:
        return transfer_policy()

    def get_queryset(self) -> QuerySet[GoodPractice]:
        return GoodPractice.objects.published()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        get_object_or_404(self.get_queryset(), pk=pk)
        return HttpResponseNotAllowed(["POST"])

    def back(self, practice: GoodPractice) -> HttpResponse:
        target = self.request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return HttpResponseRedirect(target)
        return HttpResponseRedirect(practice.get_library_url() + "#transfers")


class LibraryMarkView(LibraryMarkMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = get_object_or_404(self.get_queryset(), pk=pk)
        form = MarkForm(request.POST, government=self.government)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, str(message))
            return self.back(practice)
        try:
            services.mark_practice(
                self.government,
                practice=practice,
                kind=form.cleaned_data["kind"],
                acting_user=self.acting_user,
                note=form.cleaned_data["note"],
                action=form.cleaned_data["action"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Recorded: the authors and every government can see it in the transfer log."),
            )
        return self.back(practice)


class LibraryUnmarkView(LibraryMarkMixin, View):
    permission_action = Operation.DELETE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        practice = get_object_or_404(self.get_queryset(), pk=pk)
        form = UnmarkForm(request.POST)
        if form.is_valid():
            services.unmark_practice(
                self.government,
                practice=practice,
                kind=form.cleaned_data["kind"],
                acting_user=self.acting_user,
            )
            messages.success(request, _("Your government's mark was removed."))
        return self.back(practice)


class TransferRemoveView(GovernmentScopedMixin, View):
    """POST: remove one of our government's marks (from "What we learned from others")."""

    model = PracticeTransfer
    permission_action = Operation.DELETE

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        get_object_or_404(self.get_queryset(), pk=pk)
        return HttpResponseNotAllowed(["POST"])

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        transfer = get_object_or_404(self.get_queryset(), pk=pk)
        services.remove_mark(transfer, acting_user=self.acting_user)
        messages.success(request, _("Your government's mark was removed."))
        return HttpResponseRedirect(reverse("practices:transfer-list"))
