import django_filters
from django.utils.translation import gettext_lazy as _

from lazos.core.filtersets import TenantFilterSet
from lazos.spreadsheets.choices import ImportKind, ImportStatus
from lazos.spreadsheets.models import ImportRun


class ImportRunFilterSet(TenantFilterSet):
    search_fields = ("original_name", "uploaded_by__username")

    kind = django_filters.ChoiceFilter(label=_("Kind of records"), choices=ImportKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ImportStatus.choices)
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("created_at", "created"), ("original_name", "name")),
        field_labels={"created_at": _("uploaded"), "original_name": _("file name")},
    )

    class Meta:
        model = ImportRun
        fields = ["q", "kind", "status"]
