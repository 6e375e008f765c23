import django_filters
from django.utils.translation import gettext_lazy as _

from lazos.core.filtersets import TenantFilterSet
from lazos.iati.choices import ImportStatus
from lazos.iati.models import IatiImport


class IatiImportFilterSet(TenantFilterSet):
    search_fields = ("original_name", "uploaded_by__username")

    status = django_filters.ChoiceFilter(label=_("Status"), choices=ImportStatus.choices)
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("created_at", "created"), ("original_name", "name")),
        field_labels={"created_at": _("uploaded"), "original_name": _("file name")},
    )

    class Meta:
        model = IatiImport
        fields = ["q", "status"]
