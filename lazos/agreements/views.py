"""Pages of agreements: list, detail, create, edit, delete, history, status, signatories."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from django.http import HttpResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from lazos.actions.coordination import coordination_context
from lazos.actions.models import Action, Commitment
from lazos.agreements import services
from lazos.agreements.choices import AgreementKind, AgreementStatus
from lazos.agreements.filtersets import AgreementFilterSet
from lazos.agreements.forms import AgreementForm, SignatoryForm, TransitionForm
from lazos.agreements.models import Agreement, AgreementTransition, Signatory
from lazos.core.attachments import attachments_prefetch
from lazos.core.listing import KeysFirstPaginator, choice_labels, pk_url_maker
from lazos.core.permissions import Operation
from lazos.core.translation_views import TranslationsView
from lazos.core.views import (
    AutocompleteSearchView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectFormView,
    ObjectHistoryView,
    ObjectListView,
)
from lazos.governments.models import Government
from lazos.partners.models import Partner

RECENT_ACTIONS = 20
RECENT_COMMITMENTS = 50


def _months(government: Government) -> int:
    return getattr(government, "dormancy_months", None) or 12


class AgreementMixin:
    model: type[Model] = Agreement


class AgreementListView(AgreementMixin, ObjectListView):
    filterset_class = AgreementFilterSet
    paginator_class = KeysFirstPaginator
    template_name = "agreements/agreement_list.html"
    create_url_name = "agreements:agreement-create"
    export_fields = [
        ("title", _("Title")),
        ("kind", _("Kind")),
        ("status", _("Status")),
        ("status_changed_on", _("Status since")),
        ("partners", _("Partner parties")),
        ("lead_department.name", _("Lead department")),
        ("signed_on", _("Signed on")),
        ("in_force_from", _("In force from")),
        ("valid_until", _("Valid until")),
        ("days_to_expiry", _("Days to expiry")),
        ("renewal", _("Renewal")),
        ("notice_period_days", _("Notice period (days)")),
        ("notice_deadline", _("Notice deadline")),
        ("dormant", _("Dormant")),
        ("registration_required", _("National registration required")),
        ("registration_status", _("Registration status")),
        ("registration_reference", _("Registration reference")),
        ("themes", _("Themes")),
        ("tags", _("Tags")),
        ("is_public", _("Public")),
        ("external_id", _("External id")),
    ]

    def get_queryset(self) -> QuerySet[Agreement]:
        queryset = (
            Agreement.objects.for_tenant(self.government)
            .with_last_activity(_months(self.government))
            .select_related("lead_department")
            .prefetch_related(
                Prefetch(
                    "partners",
                    queryset=Partner.objects.for_tenant(self.government).only(
                        "pk", "name", "government_id"
                    ),
                )
            )
            .order_by("-signed_on", "title", "pk")
        )
        if self.request.GET.get("export"):
            queryset = queryset.prefetch_related("themes", "tags")
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["dormancy_months"] = _months(self.government)
        # What each row shows, computed once for the page (core/listing.py).
        agreement_url = pk_url_maker("agreements:agreement-detail")
        kinds = choice_labels(AgreementKind.choices)
        statuses = choice_labels(AgreementStatus.choices)
        for agreement in context["object_list"]:
            agreement.list_url = agreement_url(agreement.pk)
            agreement.kind_label = kinds.get(agreement.kind, agreement.kind)
            agreement.status_label = statuses.get(agreement.status, agreement.status)
            agreement.partner_names = [partner.name for partner in agreement.partners.all()]
        return context


class AgreementDetailView(AgreementMixin, ObjectDetailView):
    template_name = "agreements/agreement_detail.html"
    history_url_name = "agreements:agreement-history"
    edit_url_name = "agreements:agreement-edit"
    delete_url_name = "agreements:agreement-delete"

    def get_queryset(self) -> QuerySet[Agreement]:
        return (
            Agreement.objects.for_tenant(self.government)
            .with_last_activity(_months(self.government))
            .select_related("lead_department")
            .prefetch_related(
                Prefetch("partners", queryset=_partners()),
                "themes",
                "sdg_targets",
                "tags",
                Prefetch("signatories", queryset=Signatory.objects.select_related("partner")),
                Prefetch(
                    "transitions",
                    queryset=AgreementTransition.objects.select_related("actor").order_by(
                        "-on", "-id"
                    ),
                ),
                Prefetch(
                    "actions",
                    queryset=Action.objects.select_related("lead_department").order_by(
                        "-start_date", "-id"
                    )[:RECENT_ACTIONS],
                    to_attr="recent_actions",
                ),
                Prefetch(
                    "commitments",
                    queryset=Commitment.objects.select_related("department", "partner").order_by(
                        "due_date", "id"
                    )[:RECENT_COMMITMENTS],
                    to_attr="recent_commitments",
                ),
                attachments_prefetch(),
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agreement = self.object
        context["dormancy_months"] = _months(self.government)
        context["action_count"] = agreement.actions.count()
        context["commitment_count"] = agreement.commitments.count()
        signatories = list(agreement.signatories.all())
        context["our_signatories"] = [s for s in signatories if s.side == "ours"]
        context["partner_signatories"] = [s for s in signatories if s.side != "ours"]
        if context["perms_for"]["change"] and agreement.allowed_transitions():
            context["transition_form"] = TransitionForm(agreement=agreement)
        return context


def _partners() -> QuerySet[Any]:
    return Partner.objects.order_by("name")


class AgreementHistoryView(AgreementMixin, ObjectHistoryView):
    pass


class AgreementFormView(AgreementMixin, ObjectFormView):
    form_class = AgreementForm
    template_name = "agreements/agreement_form.html"
    cancel_url_name = "agreements:agreement-list"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "government": self.government,
            "membership": self.membership,
        }

    def get_form(self, form_class: type[AgreementForm] | None = None) -> AgreementForm:
        form: AgreementForm = super().get_form(form_class)
        # Partners, title and lead department refresh the coordination panel (htmx).
        url = reverse("actions:coordination") + "?kind=agreement"
        if self.kwargs.get("pk"):
            url += f"&exclude={self.kwargs['pk']}"
        include = ", ".join(f"#id_{name}" for name in ("title", "partners", "lead_department"))
        for name in ("title", "partners", "lead_department"):
            form.fields[name].widget.attrs.update(
                {
                    "hx-get": url,
                    "hx-trigger": "change",
                    "hx-include": include,
                    "hx-target": "#coordination-panel",
                    "hx-swap": "innerHTML",
                    "hx-sync": "closest form:replace",
                    "aria-controls": "coordination-panel",
                }
            )
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if form.is_bound:
            partners, title = form.data.getlist("partners"), form.data.get("title", "")
            department = form.data.get("lead_department")
        else:
            target = self.get_target()
            partners = [p.pk for p in target.partners.all()] if target is not None else []
            title = target.title if target is not None else ""
            department = target.lead_department_id if target is not None else None
        context.update(
            coordination_context(
                self.government,
                partner_ids=partners,
                title=title,
                exclude_pk=self.kwargs.get("pk"),
                exclude_department=department,
                kind="agreement",
            )
        )
        return context


class AgreementCreateView(AgreementFormView):
    permission_action = Operation.ADD
    success_message = _("The agreement was recorded.")
    service = staticmethod(services.create_agreement)


class AgreementUpdateView(AgreementFormView):
    permission_action = Operation.CHANGE
    success_message = _("The agreement was saved.")
    service = staticmethod(services.update_agreement)
    service_reloads_target = True


class AgreementDeleteView(AgreementMixin, ObjectDeleteView):
    success_url = reverse_lazy("agreements:agreement-list")
    success_message = _("The agreement was deleted.")
    service = staticmethod(services.delete_agreement)


class AgreementTranslationsView(TranslationsView):
    """The agreement's title and public summary in other languages."""

    model = Agreement
    update = services.update_agreement


class AgreementTransitionView(AgreementMixin, ObjectFormView):
    """Change the status: a form on the agreement's page posts here; on a refusal (a move its
    legal life does not allow, a date in the future) this page shows why."""

    permission_action = Operation.CHANGE
    form_class = TransitionForm
    template_name = "agreements/agreement_transition.html"
    success_message = _("The status was changed.")
    service = staticmethod(services.transition_agreement)
    service_fields = ("to_status", "on", "note", "valid_until")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        kwargs["agreement"] = self.get_target()
        return kwargs

    def form_valid(self, form: TransitionForm) -> HttpResponse:
        # Not ObjectFormView's check of a candidate instance: there is none, the target's
        # permission was checked when it was looked up.
        return super(ObjectFormView, self).form_valid(form)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["transitions"] = (
            self.get_target().transitions.select_related("actor").order_by("-on", "-id")[:10]
        )
        return context


class SignatoryFormView(ObjectFormView):
    form_class = SignatoryForm
    template_name = "agreements/signatory_form.html"
    service_fields = services.SIGNATORY_FIELDS

    def get_agreement(self) -> Agreement:
        raise NotImplementedError  # pragma: no cover - both subclasses define it

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "agreement": self.get_agreement()}

    def get_heading(self) -> str:
        raise NotImplementedError  # pragma: no cover - both subclasses define it

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agreement = self.get_agreement()
        context.update(
            agreement=agreement,
            heading=self.get_heading(),
            cancel_url=agreement.get_absolute_url() + "#signatories",
        )
        return context

    def get_success_url(self) -> str:
        return self.get_agreement().get_absolute_url() + "#signatories"


class SignatoryCreateView(SignatoryFormView):
    """Add a signatory to the agreement of the URL (who may change the agreement)."""

    model = Agreement
    permission_action = Operation.CHANGE
    success_message = _("The signatory was added.")
    service = staticmethod(services.add_signatory)

    def get_agreement(self) -> Agreement:
        agreement: Agreement = self.get_target()  # the agreement of the URL
        return agreement

    def get_heading(self) -> str:
        return _("New signatory of %(name)s") % {"name": self.get_agreement()}

    def get_new_instance(self) -> Signatory:
        return Signatory(government=self.government, agreement=self.get_agreement())

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_new_instance()
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["object"] = None
        return context


class SignatoryUpdateView(SignatoryFormView):
    model = Signatory
    permission_action = Operation.CHANGE
    success_message = _("The signatory was saved.")
    service = staticmethod(services.update_signatory)
    service_reloads_target = True

    def get_queryset(self) -> QuerySet[Signatory]:
        return Signatory.objects.for_tenant(self.government).select_related("agreement", "partner")

    def get_agreement(self) -> Agreement:
        signatory: Signatory = self.get_target()
        return signatory.agreement

    def get_heading(self) -> str:
        return _("Edit %(name)s") % {"name": self.get_target().name}


class SignatoryDeleteView(ObjectDeleteView):
    model = Signatory
    success_message = _("The signatory was removed.")
    service = staticmethod(services.delete_signatory)

    def get_queryset(self) -> QuerySet[Signatory]:
        return Signatory.objects.for_tenant(self.government).select_related("agreement")

    @property
    def success_url(self) -> str:
        return reverse("agreements:agreement-detail", args=[self.object.agreement_id])


class AgreementSearchView(AutocompleteSearchView):
    """``?q=twinning`` → the government's agreements, for type-ahead fields."""

    model = Agreement
    search_field = "title"
