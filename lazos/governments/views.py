"""Pages of the current government: dashboard, profile, members, departments, activity log."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from lazos.accounts.models import User
from lazos.core.filtersets import AuditEventFilterSet
from lazos.core.home import is_summary_only, sections_for, split_by_urgency
from lazos.core.models import AuditEvent
from lazos.core.permissions import Operation
from lazos.core.views import (
    GovernmentScopedMixin,
    ObjectDeleteView,
    ObjectHistoryView,
    ScopedDetailView,
    ScopedListView,
    ServiceFormView,
)
from lazos.governments import services
from lazos.governments.filtersets import DepartmentFilterSet, MembershipFilterSet
from lazos.governments.forms import (
    DepartmentForm,
    GovernmentForm,
    InviteMemberForm,
    MembershipForm,
    NewGovernmentForm,
)
from lazos.governments.middleware import SESSION_KEY
from lazos.governments.models import Department, Government, Membership


class DashboardView(LoginRequiredMixin, TemplateView):
    """The signed-in member's home page in their current government: what needs them now,
    section by section (``lazos.core.home``: each app gives its own), then the counters and
    the latest changes."""

    template_name = "governments/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        government = self.request.government  # type: ignore[attr-defined]
        if government is None:
            self.template_name = "governments/no_membership.html"
            return context
        membership = self.request.membership  # type: ignore[attr-defined]
        context["today"] = today = timezone.localdate()
        context["sections"] = sections = sections_for(government, membership, today)
        # Sections with something waiting first, the most urgent first; the empty ones
        # together, with their next step.
        context["busy_sections"], context["clear_sections"] = split_by_urgency(sections)
        context["summary_only"] = is_summary_only(membership)
        context["department_count"] = Department.objects.for_tenant(government).active().count()
        context["member_count"] = Membership.objects.for_tenant(government).count()
        if Government.permission_policy.allows(membership, Operation.MANAGE) or membership.role in (
            "administrator",
            "coordinator",
        ):
            context["recent_events"] = AuditEvent.objects.for_tenant(government).with_related()[:10]
        return context


class SwitchGovernmentView(LoginRequiredMixin, View):
    """Make another of the user's governments the current one."""

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            government_id = int(request.POST.get("government", ""))
        except ValueError:
            government_id = 0
        membership = next(
            (m for m in request.memberships if m.government_id == government_id),  # type: ignore[attr-defined]
            None,
        )
        if membership is None:
            messages.error(request, _("You are not a member of that government."))
            return redirect("governments:dashboard")
        request.session[SESSION_KEY] = membership.government_id
        messages.success(
            request, _("You are now working in %(name)s.") % {"name": membership.government.name}
        )
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            target = reverse("governments:dashboard")
        return HttpResponseRedirect(target)


# --- The government's own profile --------------------------------------------------------------


class CurrentGovernmentMixin(GovernmentScopedMixin):
    model = Government

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Government:
        return self.government


class GovernmentDetailView(CurrentGovernmentMixin, DetailView[Government]):
    template_name = "governments/government_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_manage"] = self.can(Operation.MANAGE)
        context["active_tab"] = "overview"
        return context


class GovernmentHistoryView(CurrentGovernmentMixin, ObjectHistoryView):
    pass


class GovernmentUpdateView(CurrentGovernmentMixin, ServiceFormView):
    permission_action = Operation.MANAGE
    form_class = GovernmentForm
    template_name = "governments/government_form.html"
    success_message = _("The government's profile was saved.")
    service = staticmethod(services.update_government)
    service_fields = services.GOVERNMENT_FIELDS

    def get_target(self) -> Government:
        return self.government

    def get_service_target(self) -> Government:
        # The government as stored, not the request's, which the form has filled in.
        return Government.objects.get(pk=self.government.pk)

    def get_success_url(self) -> str:
        return reverse("governments:government")


class SuperuserRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    request: HttpRequest

    def test_func(self) -> bool:
        return self.request.user.is_superuser


class GovernmentListView(SuperuserRequiredMixin, ListView[Government]):
    """Instance administrators: every government on this instance."""

    template_name = "governments/government_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Government]:
        return Government.objects.annotate(member_count=Count("memberships")).order_by("name")


class GovernmentCreateView(SuperuserRequiredMixin, FormView[NewGovernmentForm]):
    form_class = NewGovernmentForm
    template_name = "governments/government_form.html"

    def form_valid(self, form: NewGovernmentForm) -> HttpResponse:
        from django.db import transaction

        try:
            with transaction.atomic():
                government = services.create_government(
                    acting_user=cast(User, self.request.user),
                    **{name: form.cleaned_data[name] for name in services.GOVERNMENT_FIELDS},
                )
                services.invite_member(
                    government,
                    acting_user=cast(User, self.request.user),
                    email=form.cleaned_data["administrator_email"],
                    role="administrator",
                )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The government was created."))
        return redirect("governments:government-list")


# --- Members -------------------------------------------------------------------------------------


class MembershipMixin(GovernmentScopedMixin):
    model = Membership

    def get_queryset(self) -> QuerySet[Membership]:
        return super().get_queryset().select_related("user").prefetch_related("departments")


class MembershipListView(MembershipMixin, ScopedListView):
    filterset_class = MembershipFilterSet
    template_name = "governments/membership_list.html"


class MembershipDetailView(MembershipMixin, ScopedDetailView):
    template_name = "governments/membership_detail.html"
    extra_context = {"active_tab": "overview"}


class MembershipHistoryView(MembershipMixin, ObjectHistoryView):
    pass


class MembershipInviteView(MembershipMixin, ServiceFormView):
    permission_action = Operation.ADD
    form_class = InviteMemberForm
    template_name = "governments/membership_invite.html"
    success_message = _("The member was added.")
    service = staticmethod(services.invite_member)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "government": self.government}

    # More than a forward: the service also says whether the person was new to Lazos.
    def perform(self, form: InviteMemberForm) -> Membership:
        membership, _created = cast(tuple[Membership, bool], super().perform(form))
        return membership

    def get_success_url(self) -> str:
        return reverse("governments:membership-list")


class MembershipUpdateView(MembershipMixin, ServiceFormView):
    permission_action = Operation.CHANGE
    form_class = MembershipForm
    template_name = "governments/membership_form.html"
    success_message = _("The role was changed.")
    service = staticmethod(services.change_member_role)
    service_fields = ("role", "departments")
    service_reloads_target = True  # the service compares the stored role with the new one

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "government": self.government}


class MembershipRemoveView(MembershipMixin, ObjectDeleteView):
    success_url = reverse_lazy("governments:membership-list")
    success_message = _("The member was removed from this government.")
    service = staticmethod(services.remove_member)


# --- Departments -----------------------------------------------------------------------------------


class DepartmentMixin(GovernmentScopedMixin):
    model = Department


class DepartmentListView(DepartmentMixin, ScopedListView):
    filterset_class = DepartmentFilterSet
    template_name = "governments/department_list.html"

    def get_queryset(self) -> QuerySet[Department]:
        return (
            Department.objects.for_tenant(self.government)
            .annotate(member_count=Count("editors"))
            .order_by("name")
        )


class DepartmentDetailView(DepartmentMixin, ScopedDetailView):
    template_name = "governments/department_detail.html"
    extra_context = {"active_tab": "overview"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["editors"] = self.object.editors.select_related("user").order_by("user__username")
        return context


class DepartmentHistoryView(DepartmentMixin, ObjectHistoryView):
    pass


class DepartmentCreateView(DepartmentMixin, ServiceFormView):
    permission_action = Operation.ADD
    form_class = DepartmentForm
    template_name = "governments/department_form.html"
    success_message = _("The department was created.")
    service = staticmethod(services.create_department)
    service_fields = services.DEPARTMENT_FIELDS

    def get_new_instance(self) -> Department:
        return Department(government=self.government)


class DepartmentUpdateView(DepartmentMixin, ServiceFormView):
    permission_action = Operation.CHANGE
    form_class = DepartmentForm
    template_name = "governments/department_form.html"
    success_message = _("The department was saved.")
    service = staticmethod(services.update_department)
    service_fields = services.DEPARTMENT_FIELDS
    service_reloads_target = True


class DepartmentDeleteView(DepartmentMixin, ObjectDeleteView):
    success_url = reverse_lazy("governments:department-list")
    success_message = _("The department was deleted.")
    service = staticmethod(services.delete_department)


# --- Activity log ------------------------------------------------------------------------------


class ActivityLogView(ScopedListView):
    """Everything that changed in the government, filterable by who, what, when and channel."""

    model = AuditEvent
    filterset_class = AuditEventFilterSet
    template_name = "governments/activity_log.html"

    def get_queryset(self) -> QuerySet[AuditEvent]:
        return AuditEvent.objects.for_tenant(self.government).with_related()
