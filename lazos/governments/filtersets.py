import django_filters
from django.utils.translation import gettext_lazy as _

from lazos.core.filtersets import TenantFilterSet
from lazos.governments.choices import Role
from lazos.governments.models import Department, Membership


class DepartmentFilterSet(TenantFilterSet):
    search_fields = ("name", "acronym", "description")

    is_active = django_filters.BooleanFilter(label=_("Active"))
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("name", "name"), ("acronym", "acronym"), ("created_at", "created")),
        field_labels={"name": _("name"), "acronym": _("acronym"), "created_at": _("created")},
    )

    class Meta:
        model = Department
        fields = ["q", "is_active"]


class MembershipFilterSet(TenantFilterSet):
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email")

    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices)
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("user__username", "username"), ("role", "role"), ("created_at", "since")),
        field_labels={
            "user__username": _("username"),
            "role": _("role"),
            "created_at": _("member since"),
        },
    )

    class Meta:
        model = Membership
        fields = ["q", "role"]
