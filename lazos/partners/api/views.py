"""/api/v1/partners/, /api/v1/contacts/ and /api/v1/partner-notes/."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from rest_framework.request import Request

from lazos.api.pagination import KeysFirstPagination
from lazos.api.register import RegisterViewSet
from lazos.core.listing import listed_prefetches
from lazos.core.models import Tag
from lazos.partners import services
from lazos.partners.api.serializers import (
    ContactSerializer,
    PartnerNoteSerializer,
    PartnerSerializer,
)
from lazos.partners.filtersets import ContactFilterSet, PartnerFilterSet, PartnerNoteFilterSet
from lazos.partners.models import Contact, Partner, PartnerNote, PartnerRedirect


class PartnerViewSet(RegisterViewSet):
    """Partners abroad: foreign governments, organisations, networks, universities…"""

    model = Partner
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilterSet
    pagination_class = KeysFirstPagination

    def scoped(self, queryset: Any) -> Any:
        if self.action == "list":
            # A page of rows: the tags in plain lists (core/listing.py).
            return (
                queryset.select_related("place")
                .prefetch_related(
                    *listed_prefetches(
                        ("tags", Tag.objects.for_tenant(self.government).only("pk", "name"))
                    )
                )
                .with_counts()
            )
        return queryset.with_related().with_counts()

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        # A partner merged into another answers with a permanent redirect to the kept one
        # (a comment, not a docstring: the schema describes the endpoint with the class's).
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            pk = str(kwargs.get("pk", ""))
            kept = (
                PartnerRedirect.objects.for_tenant(self.government)
                .filter(old_id=int(pk))
                .values_list("partner_id", flat=True)
                .first()
                if pk.isdigit()
                else None
            )
            if kept is None or request.resolver_match is None:
                raise
            url = reverse(request.resolver_match.view_name, kwargs={**kwargs, "pk": kept})
            return HttpResponsePermanentRedirect(url)

    def create_object(self, values: dict[str, Any]) -> Partner:
        tags = values.pop("tags", ())
        return services.create_partner(
            self.government, acting_user=self.acting_user, tags=tags, **values
        )

    def update_object(self, instance: Partner, values: dict[str, Any]) -> Partner:
        tags = values.pop("tags", None)
        return services.update_partner(instance, acting_user=self.acting_user, tags=tags, **values)

    def delete_object(self, instance: Partner) -> None:
        services.delete_partner(instance, acting_user=self.acting_user)


class ContactViewSet(RegisterViewSet):
    """People at partners (personal data: the government's staff only). Filter by partner
    with ``?partner=<id>``."""

    model = Contact
    serializer_class = ContactSerializer
    filterset_class = ContactFilterSet

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("partner")

    def create_object(self, values: dict[str, Any]) -> Contact:
        partner = values.pop("partner")
        return services.add_contact(partner, acting_user=self.acting_user, **values)

    def update_object(self, instance: Contact, values: dict[str, Any]) -> Contact:
        return services.update_contact(instance, acting_user=self.acting_user, **values)

    def delete_object(self, instance: Contact) -> None:
        services.delete_contact(instance, acting_user=self.acting_user)


class PartnerNoteViewSet(RegisterViewSet):
    """The partners' journals: dated notes, signed by whoever writes them. Notes are not
    edited; an editor deletes their own notes or their departments' ones."""

    model = PartnerNote
    serializer_class = PartnerNoteSerializer
    filterset_class = PartnerNoteFilterSet
    http_method_names = ["get", "post", "delete", "head", "options"]

    def scoped(self, queryset: Any) -> Any:
        return queryset.select_related("partner", "department", "author")

    def create_object(self, values: dict[str, Any]) -> PartnerNote:
        return services.add_partner_note(
            values["partner"],
            acting_user=self.acting_user,
            text=values["text"],
            date=values.get("date"),
            department=values.get("department"),
        )

    def delete_object(self, instance: PartnerNote) -> None:
        services.delete_partner_note(instance, acting_user=self.acting_user)
