import django_filters
from django.utils.translation import gettext_lazy as _

from lazos.consultations.choices import Audience, ConsultationStatus
from lazos.consultations.models import Consultation
from lazos.core.filtersets import TenantFilterSet


class ConsultationFilterSet(TenantFilterSet):
    search_fields = ("title", "description")

    status = django_filters.ChoiceFilter(label=_("Status"), choices=ConsultationStatus.choices)
    audience = django_filters.ChoiceFilter(label=_("Who may contribute"), choices=Audience.choices)

    class Meta:
        model = Consultation
        fields = ["q", "status", "audience"]
