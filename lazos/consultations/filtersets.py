import django_filters
from django.utils.translation import gettext_lazy as _

from lazos.consultations.choices import Audience, ConsultationStatus, ContributionStatus
from lazos.consultations.models import Consultation, Contribution
from lazos.core.filtersets import IdFilter, TenantFilterSet


class ConsultationFilterSet(TenantFilterSet):
    search_fields = ("title", "description")

    status = django_filters.ChoiceFilter(label=_("Status"), choices=ConsultationStatus.choices)
    audience = django_filters.ChoiceFilter(label=_("Who may contribute"), choices=Audience.choices)

    class Meta:
        model = Consultation
        fields = ["q", "status", "audience"]


class ContributionFilterSet(TenantFilterSet):
    """The contributions the office moderates (the API's list; the web shows them on each
    consultation's page, by status)."""

    search_fields = ("text", "display_name")

    consultation = IdFilter(label=_("Consultation (id)"), field_name="consultation_id")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ContributionStatus.choices)

    class Meta:
        model = Contribution
        fields = ["q", "consultation", "status"]
