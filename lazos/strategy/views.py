"""Pages of the international strategy, its objectives and its alignment view."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from lazos.actions.models import Action
from lazos.agreements.models import Agreement
from lazos.core.permissions import Operation, policy_for
from lazos.core.views import (
    GovernmentScopedMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectFormView,
    ObjectHistoryView,
    ObjectListView,
    ServiceFormView,
)
from lazos.evaluations.models import Evaluation
from lazos.partners.models import Partner
from lazos.strategy import alignment, services
from lazos.strategy.choices import StrategyStatus
from lazos.strategy.filtersets import StrategyFilterSet
from lazos.strategy.forms import (
    ApproveStrategyForm,
    NewVersionForm,
    ObjectiveForm,
    ObjectiveLinksForm,
    StrategyForm,
)
from lazos.strategy.models import Objective, Strategy
from lazos.strategy.querysets import StrategyQuerySet

RESULTS_INCLUDE = "results/includes/objective_indicators.html"
UNLINKED_PER_PAGE = 25


def results_enabled() -> bool:
    """Whether the results app provides its panel of an objective's indicators."""
    try:
        select_template([RESULTS_INCLUDE])
    except TemplateDoesNotExist:
        return False
    return True


class EditableStrategyRequired:
    """Refuse, with the service's message, to open a change page of a superseded version."""

    request: HttpRequest

    def strategy_for_guard(self) -> Strategy:
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def _refusal(self) -> HttpResponse | None:
        strategy = self.strategy_for_guard()
        if strategy.is_editable:
            return None
        messages.error(self.request, services.SUPERSEDED_MESSAGE)
        return HttpResponseRedirect(strategy.get_absolute_url())

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._refusal() or super().get(request, *args, **kwargs)  # type: ignore[misc]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._refusal() or super().post(request, *args, **kwargs)  # type: ignore[misc]


def _read_only(context: dict[str, Any], strategy: Strategy) -> None:
    if not strategy.is_editable:
        context["perms_for"] = {**context["perms_for"], "change": False, "delete": False}


# --- Strategies --------------------------------------------------------------------------------


class StrategyMixin(GovernmentScopedMixin):
    model = Strategy

    def get_queryset(self) -> StrategyQuerySet:
        return Strategy.objects.for_tenant(self.government)


class StrategyListView(StrategyMixin, ObjectListView):
    filterset_class = StrategyFilterSet
    template_name = "strategy/strategy_list.html"
    create_url_name = "strategy:strategy-create"
    export_fields = [
        ("title", _("Title")),
        ("start_year", _("From year")),
        ("end_year", _("To year")),
        ("version", _("Version")),
        ("status", _("Status")),
        ("approved_on", _("Approved on")),
        ("approved_by", _("Approved by")),
        ("development_plan", _("Territory's development plan")),
        ("budget_envelope", _("Budget envelope")),
        ("currency", _("Currency")),
    ]

    def get_queryset(self) -> StrategyQuerySet:
        return super().get_queryset().current_first().annotate(objective_count=Count("objectives"))


class StrategyDetailView(StrategyMixin, ObjectDetailView):
    template_name = "strategy/strategy_detail.html"
    history_url_name = "strategy:strategy-history"
    edit_url_name = "strategy:strategy-edit"

    def get_queryset(self) -> StrategyQuerySet:
        return (
            super()
            .get_queryset()
            .select_related("previous_version", "government")
            .prefetch_related("priority_themes")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        strategy: Strategy = self.object
        _read_only(context, strategy)
        objectives = list(alignment.objectives_with_totals(strategy))
        can_change = context["perms_for"]["change"]
        next_version = Strategy.objects.for_tenant(self.government).filter(
            previous_version=strategy
        )
        context.update(
            tree=alignment.objective_tree(objectives),
            budget=alignment.strategy_budget(strategy),
            next_version=next_version.first(),
            can_approve=can_change and strategy.status == StrategyStatus.DRAFT,
            can_add_objective=can_change,
        )
        context["can_start_version"] = (
            can_change
            and strategy.status == StrategyStatus.APPROVED
            and context["next_version"] is None
        )
        context["evaluations"] = list(
            Evaluation.objects.for_tenant(self.government).of_strategy(strategy).with_counts()
        )
        if policy_for(Evaluation).allows(self.membership, Operation.ADD):
            context["evaluation_create_url"] = (
                reverse("evaluations:evaluation-create") + f"?strategy={strategy.pk}"
            )
        return context


class StrategyHistoryView(StrategyMixin, ObjectHistoryView):
    pass


class StrategyFormView(StrategyMixin, ObjectFormView):
    form_class = StrategyForm
    cancel_url_name = "strategy:strategy-list"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "government": self.government}


class StrategyCreateView(StrategyFormView):
    permission_action = Operation.ADD
    success_message = _("The strategy was created as a draft.")
    service = staticmethod(services.create_strategy)


class StrategyUpdateView(EditableStrategyRequired, StrategyFormView):
    permission_action = Operation.CHANGE
    success_message = _("The strategy was saved.")
    service = staticmethod(services.update_strategy)

    def strategy_for_guard(self) -> Strategy:
        return cast(Strategy, self.get_target())


class StrategyApproveView(EditableStrategyRequired, StrategyMixin, ServiceFormView):
    permission_action = Operation.CHANGE
    form_class = ApproveStrategyForm
    template_name = "core/child_form.html"
    success_message = _("The strategy was approved.")
    service = staticmethod(services.approve_strategy)

    def strategy_for_guard(self) -> Strategy:
        return cast(Strategy, self.get_target())

    def get_initial(self) -> dict[str, Any]:
        return {"approved_on": timezone.localdate()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        target = self.get_target()
        context["heading"] = _("Approve the strategy")
        context["submit_label"] = _("Approve")
        if target.previous_version_id:
            context["explanation"] = _(
                "Once approved, this version replaces the previous one, which becomes "
                "superseded and read-only."
            )
        return context


class StrategyNewVersionView(EditableStrategyRequired, StrategyMixin, ServiceFormView):
    permission_action = Operation.CHANGE
    form_class = NewVersionForm
    template_name = "core/child_form.html"
    success_message = _("A new draft version was created. Edit it, then approve it.")
    service = staticmethod(services.start_new_version)
    service_fields = ()  # the form only confirms

    def strategy_for_guard(self) -> Strategy:
        return cast(Strategy, self.get_target())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["heading"] = _("Start a new version")
        context["submit_label"] = _("Create the new version")
        context["explanation"] = _(
            "The new version starts as a draft copy of this one, with all its objectives and "
            "their links. This version stays in force until the new one is approved; then it "
            "becomes superseded and read-only."
        )
        return context


# --- Alignment ---------------------------------------------------------------------------------


class AlignmentView(StrategyMixin, TemplateView):
    """What serves the strategy: objectives, priority countries and themes, unlinked actions."""

    template_name = "strategy/alignment.html"

    def get_strategy(self) -> Strategy | None:
        queryset = self.get_queryset().select_related("government")
        if "pk" in self.kwargs:
            return get_object_or_404(queryset, pk=self.kwargs["pk"])
        return queryset.the_current()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        strategy = self.get_strategy()
        context["strategy"] = strategy
        if strategy is None:
            return context
        objectives = list(alignment.objectives_with_totals(strategy))
        page = Paginator(alignment.unlinked_actions(strategy), UNLINKED_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        context.update(
            tree=alignment.objective_tree(objectives),
            budget=alignment.strategy_budget(strategy),
            countries=alignment.priority_countries(strategy),
            themes=alignment.priority_themes(strategy),
            page_obj=page,
            unlinked=page.object_list,
        )
        return context


# --- Objectives --------------------------------------------------------------------------------


class ObjectiveMixin(GovernmentScopedMixin):
    model = Objective

    def get_queryset(self) -> QuerySet[Objective]:
        return super().get_queryset().select_related("strategy__government", "parent")


class ObjectiveDetailView(ObjectiveMixin, ObjectDetailView):
    template_name = "strategy/objective_detail.html"
    history_url_name = "strategy:objective-history"
    edit_url_name = "strategy:objective-edit"
    delete_url_name = "strategy:objective-delete"

    def get_queryset(self) -> QuerySet[Objective]:
        return super().get_queryset().prefetch_related("themes", "sdg_targets__goal")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        objective: Objective = self.object
        strategy = objective.strategy
        _read_only(context, strategy)
        government = self.government
        totals = alignment.objectives_with_totals(strategy)
        context.update(
            strategy=strategy,
            totals=totals.filter(pk=objective.pk).first(),
            children=list(totals.filter(parent=objective)) if objective.is_general else [],
            linked_actions=list(
                Action.objects.for_tenant(government)
                .filter(strategy_objectives=objective)
                .select_related("lead_department")
                .order_by("title")
            ),
            linked_agreements=list(
                Agreement.objects.for_tenant(government)
                .filter(strategy_objectives=objective)
                .order_by("title")
            ),
            linked_partners=list(
                Partner.objects.for_tenant(government)
                .filter(strategy_objectives=objective)
                .order_by("name")
            ),
            plan_objectives=[
                line.strip() for line in objective.plan_objectives.splitlines() if line.strip()
            ],
            results_enabled=results_enabled(),
        )
        return context


class ObjectiveHistoryView(ObjectiveMixin, ObjectHistoryView):
    pass


class ObjectiveCreateView(EditableStrategyRequired, StrategyMixin, ObjectFormView):
    """Add an objective from the strategy's page: the ``pk`` is the strategy's, and the service
    is called on the strategy."""

    permission_action = Operation.CHANGE
    form_class = ObjectiveForm
    template_name = "core/child_form.html"
    success_message = _("The objective was added.")
    service = staticmethod(services.create_objective)

    def strategy_for_guard(self) -> Strategy:
        return cast(Strategy, self.get_target())

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        strategy = self.get_target()
        kwargs.update(
            instance=Objective(government=self.government, strategy=strategy), strategy=strategy
        )
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        parent = self.request.GET.get("parent", "")
        if parent.isdigit():
            initial["parent"] = int(parent)
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["heading"] = _("New objective")
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        # The policy was checked on the strategy; skip ObjectFormView's check of the instance.
        return ServiceFormView.form_valid(self, form)


class ObjectiveUpdateView(EditableStrategyRequired, ObjectiveMixin, ObjectFormView):
    permission_action = Operation.CHANGE
    form_class = ObjectiveForm
    success_message = _("The objective was saved.")
    service = staticmethod(services.update_objective)

    def strategy_for_guard(self) -> Strategy:
        return cast(Objective, self.get_target()).strategy

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "strategy": self.get_target().strategy}


class ObjectiveLinksView(EditableStrategyRequired, ObjectiveMixin, ServiceFormView):
    """Choose the actions, agreements and partners that serve the objective."""

    permission_action = Operation.CHANGE
    form_class = ObjectiveLinksForm
    template_name = "core/child_form.html"
    success_message = _("The links of the objective were saved.")
    service = staticmethod(services.link_objective)

    def strategy_for_guard(self) -> Strategy:
        return cast(Objective, self.get_target()).strategy

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "government": self.government}

    def get_initial(self) -> dict[str, Any]:
        objective = self.get_target()
        return {
            "actions": list(objective.actions.values_list("pk", flat=True)),
            "agreements": list(objective.agreements.values_list("pk", flat=True)),
            "partners": list(objective.partners.values_list("pk", flat=True)),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["heading"] = _("Work that serves this objective")
        context["explanation"] = _(
            "Choose the actions, agreements and partners that serve this objective. Those not "
            "chosen are unlinked."
        )
        return context


class ObjectiveDeleteView(EditableStrategyRequired, ObjectiveMixin, ObjectDeleteView):
    success_message = _("The objective was deleted.")
    service = staticmethod(services.delete_objective)

    def strategy_for_guard(self) -> Strategy:
        return cast(Objective, self.get_object()).strategy

    @property
    def success_url(self) -> str:
        return reverse("strategy:strategy-detail", args=[self.object.strategy_id])
