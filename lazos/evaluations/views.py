"""Pages of evaluations: list, detail with the six criteria and the recommendations, the forms
of the evaluation, its criteria, recommendations, responses and follow-up, and the list of
recommendations to follow up."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.actions.models import Action
from lazos.core.permissions import Operation, RolePolicy, policy_for
from lazos.core.views import (
    GovernmentScopedMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectFormView,
    ObjectHistoryView,
    ObjectListView,
    ServiceFormView,
)
from lazos.evaluations import services
from lazos.evaluations.choices import Criterion, Rating
from lazos.evaluations.filtersets import EvaluationFilterSet, RecommendationFilterSet
from lazos.evaluations.forms import (
    CriteriaFormSet,
    EvaluationForm,
    FollowUpForm,
    RecommendationForm,
    ResponseForm,
)
from lazos.evaluations.models import CriterionAssessment, Evaluation, Recommendation
from lazos.evaluations.querysets import EvaluationQuerySet, RecommendationQuerySet
from lazos.strategy.models import Strategy


def _subject(evaluation: Evaluation) -> Any:
    return evaluation.action if evaluation.action_id else evaluation.strategy


def criteria_grid(
    evaluation: Evaluation, assessments: list[CriterionAssessment]
) -> list[dict[str, Any]]:
    """The six criteria in their canonical order, each with its assessment (or none)."""
    by_criterion = {a.criterion: a for a in assessments}
    rows: list[dict[str, Any]] = []
    for value, label in Criterion.choices:
        assessment = by_criterion.get(value)
        rating = assessment.rating if assessment else None
        rows.append(
            {
                "criterion": value,
                "label": label,
                "rating": rating,
                "rating_label": Rating(rating).label if rating else None,
                "text": assessment.text if assessment else "",
            }
        )
    return rows


class EvaluationMixin(GovernmentScopedMixin):
    model = Evaluation

    def get_queryset(self) -> EvaluationQuerySet:
        return Evaluation.objects.for_tenant(self.government).with_related()


class EvaluationListView(EvaluationMixin, ObjectListView):
    filterset_class = EvaluationFilterSet
    template_name = "evaluations/evaluation_list.html"
    create_url_name = "evaluations:evaluation-create"
    export_fields = [
        ("title", _("Title")),
        (lambda e: e.action or e.strategy, _("Evaluation of")),
        ("kind", _("Kind")),
        ("evaluator", _("Evaluator")),
        ("status", _("Status")),
        ("start_date", _("Start")),
        ("completed_on", _("Completed on")),
        ("recommendation_count", _("Recommendations")),
        ("open_count", _("Open recommendations")),
        ("overdue_count", _("Overdue recommendations")),
    ]

    def get_queryset(self) -> EvaluationQuerySet:
        return super().get_queryset().with_counts()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        counts = Recommendation.objects.for_tenant(self.government).follow_up_counts()
        context["open_recommendations"] = counts["open"]
        context["overdue_recommendations"] = counts["overdue"]
        return context


class EvaluationDetailView(EvaluationMixin, ObjectDetailView):
    template_name = "evaluations/evaluation_detail.html"
    history_url_name = "evaluations:evaluation-history"
    edit_url_name = "evaluations:evaluation-edit"
    delete_url_name = "evaluations:evaluation-delete"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        evaluation = self.object
        assessments = list(
            CriterionAssessment.objects.for_tenant(self.government).filter(evaluation=evaluation)
        )
        recommendations = list(
            Recommendation.objects.for_tenant(self.government)
            .filter(evaluation=evaluation)
            .select_related("department")
            .by_due_date()
        )
        for recommendation in recommendations:
            recommendation.evaluation = evaluation  # owning departments without a query
        can_change = context["perms_for"]["change"]
        policy = policy_for(Recommendation)
        context.update(
            subject=_subject(evaluation),
            criteria=criteria_grid(evaluation, assessments),
            rated_count=sum(1 for a in assessments if a.rating),
            recommendations=recommendations,
            can_assess=can_change,
            can_add_recommendation=policy.allows_on(self.membership, Operation.ADD, evaluation),
            can_change_recommendations=policy.allows_on(
                self.membership, Operation.CHANGE, evaluation
            ),
            can_follow_up={
                r.pk
                for r in recommendations
                if policy.allows_on(self.membership, Operation.CHANGE, r)
            },
        )
        return context


class EvaluationHistoryView(EvaluationMixin, ObjectHistoryView):
    pass


class EvaluationCreateView(EvaluationMixin, ObjectFormView):
    """``evaluations/new/?action=<id>`` or ``?strategy=<id>`` starts from that subject."""

    permission_action = Operation.ADD
    form_class = EvaluationForm
    template_name = "evaluations/evaluation_form.html"
    cancel_url_name = "evaluations:evaluation-list"
    success_message = _("The evaluation was created. Now assess the six criteria.")
    service = staticmethod(services.create_evaluation)
    extra_service_fields = ("action", "strategy")

    def get_subject_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for name, model in (("action", Action), ("strategy", Strategy)):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                subject = model.objects.for_tenant(self.government).filter(pk=value).first()
                if subject is None:
                    raise Http404
                initial[name] = subject
        return initial

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        initial.update({k: v.pk for k, v in self.get_subject_initial().items()})
        return initial

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "government": self.government}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        subjects = self.get_subject_initial()
        context["subject"] = subjects.get("action") or subjects.get("strategy")
        return context

    def get_success_url(self) -> str:
        return reverse("evaluations:evaluation-criteria", args=[self.object.pk])


class EvaluationUpdateView(EvaluationMixin, ObjectFormView):
    permission_action = Operation.CHANGE
    form_class = EvaluationForm
    template_name = "evaluations/evaluation_form.html"
    success_message = _("The evaluation was saved.")
    service = staticmethod(services.update_evaluation)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "government": self.government, "creating": False}


class EvaluationDeleteView(EvaluationMixin, ObjectDeleteView):
    success_url = reverse_lazy("evaluations:evaluation-list")
    success_message = _("The evaluation was deleted.")
    service = staticmethod(services.delete_evaluation)


class EvaluationCriteriaView(EvaluationMixin, ServiceFormView):
    """The six criteria on one form: a rating and a text each."""

    permission_action = Operation.CHANGE
    template_name = "evaluations/criteria_form.html"
    success_message = _("The assessment of the criteria was saved.")

    def get_form_class(self) -> Any:
        return CriteriaFormSet

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        kwargs["prefix"] = "criteria"
        kwargs["initial"] = self.criteria_initial()  # a formset's initial: one dict per form
        return kwargs

    def criteria_initial(self) -> list[dict[str, Any]]:
        evaluation = self.get_target()
        assessed = {
            a.criterion: a
            for a in CriterionAssessment.objects.for_tenant(self.government).filter(
                evaluation=evaluation
            )
        }
        return [
            {
                "criterion": value,
                "rating": assessed[value].rating if value in assessed else None,
                "text": assessed[value].text if value in assessed else "",
            }
            for value in Criterion.values
        ]

    # More than a forward: the formset's rows become the service's assessments.
    def perform(self, formset: Any) -> Evaluation:
        evaluation: Evaluation = self.get_target()
        services.assess_criteria(
            evaluation,
            acting_user=self.acting_user,
            assessments={
                form.cleaned_data["criterion"]: {
                    "rating": form.cleaned_data.get("rating"),
                    "text": form.cleaned_data.get("text", ""),
                }
                for form in formset.forms
            },
        )
        return evaluation


# --- Recommendations -------------------------------------------------------------------------


def _recommendations_url(evaluation: Evaluation) -> str:
    """Where a recommendation's form goes back to: the evaluation's recommendations."""
    return f"{evaluation.get_absolute_url()}#recommendations"


class RecommendationCreateView(EvaluationMixin, ObjectFormView):
    """Add a recommendation from the evaluation's page: the ``pk`` is the evaluation's, and the
    service is called on the evaluation."""

    permission_action = Operation.ADD
    form_class = RecommendationForm
    template_name = "evaluations/recommendation_form.html"
    success_message = _("The recommendation was added.")
    service = staticmethod(services.add_recommendation)

    @property
    def policy(self) -> RolePolicy:
        return policy_for(Recommendation)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            instance=Recommendation(government=self.government, evaluation=self.get_target()),
            government=self.government,
        )
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["heading"] = _("New recommendation")
        context["cancel_url"] = _recommendations_url(self.get_target())
        return context


class RecommendationMixin(GovernmentScopedMixin):
    model = Recommendation

    def get_queryset(self) -> RecommendationQuerySet:
        return Recommendation.objects.for_tenant(self.government).with_related()


class RecommendationChildFormView(RecommendationMixin, ObjectFormView):
    permission_action = Operation.CHANGE
    template_name = "evaluations/recommendation_form.html"
    heading: Any = ""

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "government": self.government}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["heading"] = self.heading
        context["recommendation"] = self.get_target()
        context["object"] = self.get_target().evaluation
        context["cancel_url"] = _recommendations_url(context["object"])
        return context


class RecommendationUpdateView(RecommendationChildFormView):
    form_class = RecommendationForm
    heading = _("Edit the recommendation")
    success_message = _("The recommendation was saved.")
    service = staticmethod(services.update_recommendation)


class RecommendationRespondView(RecommendationChildFormView):
    form_class = ResponseForm
    heading = _("Management response")
    success_message = _("The management response was recorded.")
    service = staticmethod(services.respond_to_recommendation)


class RecommendationFollowUpView(RecommendationChildFormView):
    form_class = FollowUpForm
    heading = _("Follow-up of the recommendation")
    success_message = _("The follow-up was recorded.")
    service = staticmethod(services.record_follow_up)


class RecommendationDeleteView(RecommendationMixin, ObjectDeleteView):
    success_message = _("The recommendation was deleted.")
    service = staticmethod(services.delete_recommendation)

    @property
    def success_url(self) -> str:
        return reverse("evaluations:evaluation-detail", args=[self.object.evaluation_id])


class RecommendationHistoryView(RecommendationMixin, ObjectHistoryView):
    pass


class RecommendationListView(RecommendationMixin, ObjectListView):
    """Recommendations to follow up: the open ones, soonest due first, overdue highlighted."""

    filterset_class = RecommendationFilterSet
    template_name = "evaluations/recommendation_list.html"
    export_fields = [
        ("text", _("Recommendation")),
        ("evaluation", _("Evaluation")),
        ("response", _("Management response")),
        ("planned_action", _("Planned action")),
        ("responsible", _("Responsible")),
        ("department", _("Department")),
        ("due_date", _("Due date")),
        ("follow_up_status", _("Follow-up")),
    ]

    def get_queryset(self) -> RecommendationQuerySet:
        return super().get_queryset().open().by_due_date()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        policy = policy_for(Recommendation)
        context["can_follow_up"] = {
            r.pk
            for r in context["object_list"]
            if policy.allows_on(self.membership, Operation.CHANGE, r)
        }
        return context
