"""Pages of actions (with budget lines, local actors, missions) and commitments.

Thin views: they parse, call a service in ``actions/services.py`` and render.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib import messages
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    QueryDict,
)
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from lazos.actions import services
from lazos.actions.choices import TRAVEL_MODALITIES, ActionStatus, CommitmentStatus, Modality
from lazos.actions.coordination import coordination_context
from lazos.actions.filtersets import ActionFilterSet, CommitmentFilterSet
from lazos.actions.forms import (
    ActionForm,
    BudgetLineForm,
    CommitmentForm,
    CompleteCommitmentForm,
    MissionForm,
    ParticipationForm,
    TravellerForm,
)
from lazos.actions.models import (
    Action,
    ActionLocalActor,
    BudgetLine,
    Commitment,
    Mission,
    Traveller,
)
from lazos.actions.querysets import CommitmentQuerySet
from lazos.agreements.models import Agreement
from lazos.core.attachments import attachments_prefetch
from lazos.core.listing import KeysFirstPaginator, choice_labels, pk_url_maker
from lazos.core.permissions import Operation, policy_for
from lazos.core.translation_views import TranslationsView
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
from lazos.governments.choices import Role
from lazos.governments.models import Government
from lazos.partners.models import Partner

OWN_DEPARTMENTS_ONLY = _("Your role only lets you record the work of your own departments.")


def _budget_totals(action: Action) -> list[dict[str, Any]]:
    """Per currency: the total, the cash part and the in-kind part (one query)."""
    return list(
        BudgetLine.objects.for_tenant(action.government_id)
        .filter(action=action)
        .values("currency")
        .annotate(
            total=Sum("amount"),
            in_kind=Sum("amount", filter=Q(in_kind=True)),
            lines=Count("pk"),
        )
        .order_by("currency")
    )


def _budget_summary(action: Action) -> str:
    """ "1500.00 EUR; 200.00 USD" from prefetched budget lines (for exports)."""
    totals: dict[str, Any] = {}
    for line in action.budget_lines.all():
        totals[line.currency] = totals.get(line.currency, 0) + line.amount
    return "; ".join(f"{amount} {currency}" for currency, amount in sorted(totals.items()))


# --- Coordination --------------------------------------------------------------------------


def coordination_from_query(
    government: Government, data: QueryDict, exclude_pk: Any = None
) -> dict[str, Any]:
    return coordination_context(
        government,
        partner_ids=data.getlist("partners"),
        title=data.get("title", ""),
        start_date=data.get("start_date"),
        end_date=data.get("end_date"),
        exclude_pk=exclude_pk if exclude_pk is not None else data.get("exclude"),
        exclude_department=data.get("lead_department"),
        kind="agreement" if data.get("kind") == "agreement" else "action",
    )


class CoordinationView(GovernmentScopedMixin, TemplateView):
    """htmx: the coordination panel for the partners, title and dates being typed in."""

    model = Action
    template_name = "actions/includes/coordination_panel.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(coordination_from_query(self.government, self.request.GET))
        return context


class ActionSearchView(GovernmentScopedMixin, View):
    """``?q=waste`` → up to 20 actions of the government, for autocomplete widgets."""

    model = Action

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        query = request.GET.get("q", "").strip()
        results: list[dict[str, Any]] = []
        if len(query) >= 2:
            actions = Action.objects.for_tenant(self.government).filter(title__icontains=query)
            for action in actions.only("pk", "title", "start_date")[:20]:
                year = f" ({action.start_date:%Y})" if action.start_date else ""
                results.append({"id": action.pk, "label": f"{action.title}{year}"})
        return JsonResponse({"results": results})


# --- Actions -------------------------------------------------------------------------------


class ActionMixin(GovernmentScopedMixin):
    model = Action

    def get_queryset(self) -> QuerySet[Action]:
        return (
            Action.objects.for_tenant(self.government)
            .select_related("lead_department", "agreement")
            .prefetch_related("departments")
        )


# Long texts of an action that its list never shows.
ACTION_LIST_DEFERRED_FIELDS = ("description", "public_summary", "outcomes", "lessons_learned")
# Large parts of an imported activity that the list never shows.
ACTION_LIST_DEFERRED_IATI_FIELDS = (
    "elements",
    "activity_dates",
    "result_groups",
    "source_xml",
    "fingerprints",
)


class ActionListView(ActionMixin, ObjectListView):
    filterset_class = ActionFilterSet
    paginator_class = KeysFirstPaginator
    template_name = "actions/action_list.html"
    create_url_name = "actions:action-create"
    export_fields: list[Any] = [
        ("pk", _("Id")),
        ("external_id", _("External id")),
        ("title", _("Title")),
        ("modality", _("Modality")),
        ("status", _("Status")),
        ("start_date", _("Start")),
        ("end_date", _("End")),
        ("partners", _("Partners")),
        ("agreement.title", _("Agreement")),
        ("lead_department.name", _("Lead department")),
        ("departments", _("Other departments")),
        (_budget_summary, _("Total budget")),
        ("is_public", _("Public")),
        ("location", _("Location")),
    ]

    def get_queryset(self) -> QuerySet[Action]:
        if self.request.GET.get("export"):
            # The export's columns: agreement, other departments, budget.
            return super().get_queryset().prefetch_related("partners", "budget_lines")
        # The page shows the lead department and the partners' names only (the agreement and
        # the other departments are not columns). An imported activity's reporting
        # organisation ("reported by …") comes in the same query, without the activity as
        # published and the other large parts.
        return (
            Action.objects.for_tenant(self.government)
            .select_related("lead_department", "iati_extra")
            .defer(
                *ACTION_LIST_DEFERRED_FIELDS,
                *(f"iati_extra__{name}" for name in ACTION_LIST_DEFERRED_IATI_FIELDS),
            )
            .prefetch_related(
                Prefetch(
                    "partners",
                    queryset=Partner.objects.for_tenant(self.government).only(
                        "pk", "name", "government_id"
                    ),
                )
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # What each row shows, computed once for the page (core/listing.py): links without a
        # reverse() per row, labels without get_FOO_display() per row.
        action_url = pk_url_maker("actions:action-detail")
        partner_url = pk_url_maker("partners:partner-detail")
        modalities = choice_labels(Modality.choices)
        statuses = choice_labels(ActionStatus.choices)
        for action in context["object_list"]:
            action.list_url = action_url(action.pk)
            action.modality_label = modalities.get(action.modality, action.modality)
            action.status_label = statuses.get(action.status, action.status)
            action.partner_links = [
                (partner_url(partner.pk), partner.name) for partner in action.partners.all()
            ]
        return context


class ActionDetailView(ActionMixin, ObjectDetailView):
    template_name = "actions/action_detail.html"
    history_url_name = "actions:action-history"
    edit_url_name = "actions:action-edit"
    delete_url_name = "actions:action-delete"

    def get_queryset(self) -> QuerySet[Action]:
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "partners", "themes", "sdg_targets__goal", "tags", attachments_prefetch()
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        action: Action = self.object
        government = self.government
        mission = (
            Mission.objects.for_tenant(government)
            .filter(action=action)
            .select_related("destination")
            .first()
        )
        context.update(
            budget_lines=list(
                BudgetLine.objects.for_tenant(government)
                .filter(action=action)
                .order_by("source", "pk")
            ),
            budget_totals=_budget_totals(action),
            participations=list(
                ActionLocalActor.objects.for_tenant(government)
                .filter(action=action)
                .select_related("actor")
                .order_by("actor__name")
            ),
            is_travel=action.modality in TRAVEL_MODALITIES,
            mission=mission,
            travellers=list(
                Traveller.objects.for_tenant(government)
                .filter(mission__action=action)
                .select_related("department")
                .order_by("name")
            ),
            commitments=label_commitments(
                Commitment.objects.for_tenant(government)
                .filter(action=action)
                .select_related("department", "responsible_user", "partner")
                .order_by("due_date", "pk")
            ),
            evaluations=list(
                Evaluation.objects.for_tenant(government).of_action(action).with_counts()
            ),
        )
        if policy_for(Evaluation).allows_on(self.membership, Operation.ADD, action):
            context["evaluation_create_url"] = (
                reverse("evaluations:evaluation-create") + f"?action={action.pk}"
            )
        return context


class ActionHistoryView(ActionMixin, ObjectHistoryView):
    pass


class ActionFormView(ActionMixin, ObjectFormView):
    """Create or edit an action; an editor records only the work of their own departments."""

    form_class = ActionForm
    template_name = "actions/action_form.html"
    cancel_url_name = "actions:action-list"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        target = self.get_target()
        url = reverse("actions:coordination")
        if target is not None:
            url += f"?exclude={target.pk}"
        kwargs.update(government=self.government, coordination_url=url)
        return kwargs

    def form_valid(self, form: ActionForm) -> HttpResponse:
        membership = self.membership
        if membership.role == Role.EDITOR:
            lead = form.cleaned_data.get("lead_department")
            owning = {d.pk for d in form.cleaned_data.get("departments") or ()}
            if lead is not None:
                owning.add(lead.pk)
            mine = set(membership.department_ids)
            if self.get_target() is None:
                allowed = lead is not None and lead.pk in mine
            else:
                allowed = bool(owning & mine)
            if not allowed:
                form.add_error("lead_department", OWN_DEPARTMENTS_ONLY)
                return self.form_invalid(form)
        return super().form_valid(form)

    def get_service_values(self, form: ActionForm) -> dict[str, Any]:
        data = form.cleaned_data
        values = {name: data[name] for name in services.ACTION_FIELDS if name in data}
        values.update(
            partners=list(data["partners"]),
            departments=list(data["departments"]),
            themes=list(data["themes"]),
            sdg_targets=list(data["sdg_targets"]),
            tags=data["tags"],
        )
        return values

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        target = self.get_target()
        exclude = target.pk if target is not None else None
        if form.is_bound:
            coordination = coordination_from_query(self.government, form.data, exclude_pk=exclude)
        else:
            initial = {**form.initial}
            partners = initial.get("partners") or []
            coordination = coordination_context(
                self.government,
                partner_ids=[getattr(p, "pk", p) for p in partners],
                title=initial.get("title", ""),
                start_date=initial.get("start_date"),
                end_date=initial.get("end_date"),
                exclude_pk=exclude,
                exclude_department=initial.get("lead_department"),
            )
        context.update(coordination)
        return context


class ActionCreateView(ActionFormView):
    permission_action = Operation.ADD
    success_message = _("The action was recorded.")
    service = staticmethod(services.create_action)

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        query = self.request.GET
        partner_ids = [v for v in query.getlist("partner") if v.isdigit()]
        if partner_ids:
            initial["partners"] = list(
                Partner.objects.for_tenant(self.government).filter(pk__in=partner_ids)
            )
        agreement_id = query.get("agreement", "")
        if agreement_id.isdigit():
            agreement = (
                Agreement.objects.for_tenant(self.government).filter(pk=agreement_id).first()
            )
            if agreement is not None:
                initial["agreement"] = agreement
                initial.setdefault("partners", list(agreement.partners.all()))
        if query.get("modality"):
            initial["modality"] = query["modality"]
        department_ids = self.membership.department_ids
        if self.membership.role == Role.EDITOR and len(department_ids) == 1:
            initial["lead_department"] = department_ids[0]
        return initial


class ActionUpdateView(ActionFormView):
    permission_action = Operation.CHANGE
    success_message = _("The action was saved.")
    service = staticmethod(services.update_action)
    service_reloads_target = True


class ActionDeleteView(ActionMixin, ObjectDeleteView):
    success_url = reverse_lazy("actions:action-list")
    success_message = _("The action was deleted.")
    service = staticmethod(services.delete_action)


class ActionTranslationsView(TranslationsView):
    """The action's title and public summary in other languages."""

    model = Action
    update = services.update_action


# --- Parts of an action: budget lines, local actors, mission, travellers -----------------------


class ActionPartFormView(ActionMixin, ObjectFormView):
    """Add a part to the action of the URL (the member must be allowed to change it)."""

    permission_action = Operation.CHANGE
    template_name = "actions/part_form.html"
    heading: Any = ""
    anchor = ""

    @property
    def action(self) -> Action:
        action: Action = self.get_target()
        return action

    def build_part(self) -> Any:
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.build_part()
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            heading=self.heading, action=self.action, cancel_url=self.action.get_absolute_url()
        )
        return context

    def get_success_url(self) -> str:
        return self.action.get_absolute_url() + self.anchor


class ActionPartMixin(GovernmentScopedMixin):
    """Edit or delete a part (its own id in the URL); allowed to whoever may change the action."""

    select: tuple[str, ...] = ("action",)

    def get_queryset(self) -> QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .select_related(*self.select)
            .prefetch_related(f"{self.select[-1]}__departments")
        )


class BudgetLineCreateView(ActionPartFormView):
    form_class = BudgetLineForm
    heading = _("Add a budget line")
    anchor = "#budget"
    success_message = _("The budget line was added.")
    service = staticmethod(services.add_budget_line)

    def build_part(self) -> BudgetLine:
        return BudgetLine(
            government=self.government, action=self.action, currency=self.government.currency
        )


class BudgetLineUpdateView(ActionPartMixin, ObjectFormView):
    model = BudgetLine
    permission_action = Operation.CHANGE
    form_class = BudgetLineForm
    template_name = "actions/part_form.html"
    success_message = _("The budget line was saved.")
    service = staticmethod(services.update_budget_line)
    service_reloads_target = True
    object: BudgetLine

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        action = self.get_target().action
        context.update(
            heading=_("Edit budget line"), action=action, cancel_url=action.get_absolute_url()
        )
        return context

    def get_success_url(self) -> str:
        return self.object.get_absolute_url() + "#budget"


class PartDeleteView(ActionPartMixin, ObjectDeleteView):
    anchor = ""
    object: BudgetLine | ActionLocalActor | Traveller

    @property
    def success_url(self) -> str:
        return self.object.get_absolute_url() + self.anchor


class BudgetLineDeleteView(PartDeleteView):
    model = BudgetLine
    anchor = "#budget"
    success_message = _("The budget line was deleted.")
    service = staticmethod(services.delete_budget_line)


class ParticipationCreateView(ActionPartFormView):
    form_class = ParticipationForm
    heading = _("Add a local actor")
    anchor = "#local-actors"
    success_message = _("The local actor was added.")
    service = staticmethod(services.add_participation)
    service_fields = ("actor", "role", "notes")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "government": self.government}

    def build_part(self) -> ActionLocalActor:
        return ActionLocalActor(government=self.government, action=self.action)


class ParticipationRemoveView(PartDeleteView):
    model = ActionLocalActor
    select = ("actor", "action")
    anchor = "#local-actors"
    success_message = _("The local actor was removed from this action.")
    service = staticmethod(services.remove_participation)


class MissionEditView(ActionPartFormView):
    form_class = MissionForm
    heading = _("Travel details")
    anchor = "#mission"
    success_message = _("The travel details were saved.")
    service = staticmethod(services.save_mission)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.action.modality not in TRAVEL_MODALITIES:
            messages.error(
                request, _("Only missions abroad and delegations received have travel details.")
            )
            return HttpResponseRedirect(self.action.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def build_part(self) -> Mission:
        mission = Mission.objects.for_tenant(self.government).filter(action=self.action).first()
        if mission is None:
            mission = Mission(
                government=self.government, action=self.action, currency=self.government.currency
            )
        mission.action = self.action
        return mission


class TravellerCreateView(ActionPartFormView):
    form_class = TravellerForm
    heading = _("Add a traveller")
    anchor = "#mission"
    success_message = _("The traveller was added.")
    service = staticmethod(services.add_traveller)

    def get_mission(self) -> Mission | None:
        if not hasattr(self, "_mission"):
            self._mission = (
                Mission.objects.for_tenant(self.government).filter(action=self.action).first()
            )
            if self._mission is not None:
                self._mission.action = self.action
        return self._mission

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.get_mission() is None:
            return self.no_mission()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.get_mission() is None:
            return self.no_mission()
        return super().post(request, *args, **kwargs)

    def no_mission(self) -> HttpResponse:
        messages.error(self.request, _("Record the travel details before adding travellers."))
        if self.action.modality in TRAVEL_MODALITIES:
            return HttpResponseRedirect(reverse("actions:mission-edit", args=[self.action.pk]))
        return HttpResponseRedirect(self.action.get_absolute_url())

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "government": self.government}

    def build_part(self) -> Traveller:
        return Traveller(government=self.government, mission=self.get_mission())

    def get_service_target(self) -> Mission:
        # A traveller is added to the action's mission, not to the action of the URL.
        mission = self.get_mission()
        assert mission is not None
        return mission


class TravellerDeleteView(PartDeleteView):
    model = Traveller
    select = ("mission", "mission__action")
    anchor = "#mission"
    success_message = _("The traveller was removed.")
    service = staticmethod(services.delete_traveller)
    object: Traveller

    @property
    def success_url(self) -> str:
        return reverse("actions:action-detail", args=[self.object.mission.action_id]) + self.anchor


# --- Commitments ---------------------------------------------------------------------------


def label_commitments(commitments: Iterable[Commitment]) -> list[Any]:
    """The rows of actions/includes/commitment_table.html with what they show computed once for
    the page (core/listing.py): the links without a ``reverse()`` per row, the status without
    ``get_status_display()`` per row."""
    rows: list[Any] = list(commitments)  # each given the attributes the table reads
    commitment_url = pk_url_maker("actions:commitment-detail")
    action_url = pk_url_maker("actions:action-detail")
    agreement_url = pk_url_maker("agreements:agreement-detail")
    statuses = choice_labels(CommitmentStatus.choices)
    for commitment in rows:
        commitment.list_url = commitment_url(commitment.pk)
        commitment.status_label = statuses.get(commitment.status, commitment.status)
        if commitment.action_id is not None:
            commitment.action_url = action_url(commitment.action_id)
        if commitment.agreement_id is not None:
            commitment.agreement_url = agreement_url(commitment.agreement_id)
    return rows


class CommitmentMixin(GovernmentScopedMixin):
    model = Commitment

    def get_queryset(self) -> CommitmentQuerySet:
        return (
            Commitment.objects.for_tenant(self.government)
            .with_related()
            .prefetch_related("action__departments")
        )


class CommitmentListView(CommitmentMixin, ObjectListView):
    filterset_class = CommitmentFilterSet
    template_name = "actions/commitment_list.html"
    create_url_name = "actions:commitment-create"
    export_fields: list[Any] = [
        ("pk", _("Id")),
        ("title", _("What")),
        ("responsible", _("Who")),
        ("responsible_user", _("Responsible member")),
        ("department.name", _("Department")),
        ("due_date", _("Due date")),
        ("status", _("Status")),
        ("is_overdue", _("Overdue")),
        ("completed_on", _("Completed on")),
        ("action.title", _("Action")),
        ("agreement.title", _("Agreement")),
        ("meeting", _("Meeting")),
        ("partner.name", _("Partner")),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["object_list"] = label_commitments(context["object_list"])
        return context


class CommitmentOverdueView(CommitmentListView):
    template_name = "actions/commitment_overdue.html"

    def get_queryset(self) -> CommitmentQuerySet:
        return super().get_queryset().overdue()


class CommitmentDetailView(CommitmentMixin, ObjectDetailView):
    template_name = "actions/commitment_detail.html"
    history_url_name = "actions:commitment-history"
    edit_url_name = "actions:commitment-edit"
    delete_url_name = "actions:commitment-delete"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["complete_form"] = CompleteCommitmentForm()
        return context


class CommitmentHistoryView(CommitmentMixin, ObjectHistoryView):
    pass


class CommitmentFormView(CommitmentMixin, ObjectFormView):
    cancel_url_name = "actions:commitment-list"
    service_fields: Sequence[str] | None = services.COMMITMENT_FIELDS

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "government": self.government}


class CommitmentCreateView(CommitmentFormView):
    form_class = CommitmentForm
    permission_action = Operation.ADD
    success_message = _("The commitment was recorded.")
    service = staticmethod(services.create_commitment)

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        query = self.request.GET
        action_id = query.get("action", "")
        if action_id.isdigit():
            action = Action.objects.for_tenant(self.government).filter(pk=action_id).first()
            if action is not None:
                initial["action"] = action.pk
                initial["department"] = action.lead_department_id
                partner = action.partners.order_by("name").first()
                if partner is not None:
                    initial["partner"] = partner.pk
        agreement_id = query.get("agreement", "")
        if agreement_id.isdigit():
            agreement = (
                Agreement.objects.for_tenant(self.government).filter(pk=agreement_id).first()
            )
            if agreement is not None:
                initial["agreement"] = agreement.pk
                initial.setdefault("department", agreement.lead_department_id)
        if not initial.get("department") and self.membership.role == Role.EDITOR:
            department_ids = self.membership.department_ids
            if len(department_ids) == 1:
                initial["department"] = department_ids[0]
        return initial


class CommitmentUpdateView(CommitmentFormView):
    form_class = CommitmentForm
    permission_action = Operation.CHANGE
    success_message = _("The commitment was saved.")
    service = staticmethod(services.update_commitment)
    service_reloads_target = True


class CommitmentDeleteView(CommitmentMixin, ObjectDeleteView):
    success_url = reverse_lazy("actions:commitment-list")
    success_message = _("The commitment was deleted.")
    service = staticmethod(services.delete_commitment)


class CommitmentCompleteView(CommitmentMixin, ServiceFormView):
    """GET: confirm; POST: mark the commitment as done."""

    permission_action = Operation.CHANGE
    form_class = CompleteCommitmentForm
    template_name = "actions/commitment_complete.html"
    success_message = _("The commitment was marked as done.")
    service = staticmethod(services.complete_commitment)

    def get_service_values(self, form: CompleteCommitmentForm) -> dict[str, Any]:
        # The form's completed_on is the service's on.
        return {"on": form.cleaned_data.get("completed_on")}
