"""Bulk changes of the partner list (``core/bulk.py``): active or not, tags; deletion."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lazos.core.bulk import AddTags, BulkDeclaration, RemoveTags, SetFlag
from lazos.partners import services
from lazos.partners.filtersets import PartnerFilterSet
from lazos.partners.models import Partner

PARTNERS = BulkDeclaration(
    name="partner",
    namespace="partners",
    model=Partner,
    filterset_class=PartnerFilterSet,
    queryset=lambda government: Partner.objects.for_tenant(government).prefetch_related("tags"),
    changes=(
        SetFlag("is_active", _("Active or inactive"), service=services.update_partner),
        AddTags(service=services.update_partner),
        RemoveTags(service=services.update_partner),
    ),
    delete=services.delete_partner,
)
