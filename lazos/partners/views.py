"""Pages of partners: list, page with everything linked, forms, contacts and journal."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from lazos.core.permissions import Operation, RolePolicy, policy_for
from lazos.core.views import (
    AutocompleteSearchView,
    GovernmentScopedMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectFormView,
    ObjectHistoryView,
    ObjectListView,
)
from lazos.partners import services
from lazos.partners.filtersets import PartnerFilterSet
from lazos.partners.forms import ContactForm, PartnerForm, PartnerNoteForm
from lazos.partners.models import Contact, Partner, PartnerNote
from lazos.partners.panels import partner_page
from lazos.partners.querysets import PartnerQuerySet


class PartnerMixin(GovernmentScopedMixin):
    model = Partner

    def get_queryset(self) -> PartnerQuerySet:
        return Partner.objects.for_tenant(self.government)


class PartnerListView(PartnerMixin, ObjectListView):
    filterset_class = PartnerFilterSet
    template_name = "partners/partner_list.html"
    create_url_name = "partners:partner-create"
    export_fields = [
        ("name", _("Name")),
        ("kind", _("Kind")),
        (lambda p: p.country.name if p.country else "", _("Country")),
        ("place", _("Place")),
        ("website", _("Website")),
        ("language_names", _("Working languages")),
        ("tags", _("Tags")),
        ("is_active", _("Active")),
        ("agreement_count", _("Agreements")),
        ("action_count", _("Actions")),
        ("description", _("Description")),
        ("external_id", _("External id")),
        ("created_at", _("Created")),
    ]

    def get_queryset(self) -> PartnerQuerySet:
        return super().get_queryset().with_related().with_counts()


class PartnerDetailView(PartnerMixin, ObjectDetailView):
    template_name = "partners/partner_detail.html"
    history_url_name = "partners:partner-history"
    edit_url_name = "partners:partner-edit"
    delete_url_name = "partners:partner-delete"

    def get_queryset(self) -> PartnerQuerySet:
        return super().get_queryset().with_related()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            partner_page(self.object, self.government, journal_page=self.request.GET.get("journal"))
        )
        context["can_change_contacts"] = self.can(Operation.CHANGE)
        note_policy = policy_for(PartnerNote)
        context["can_add_note"] = note_policy.allows(self.membership, Operation.ADD)
        context["deletable_notes"] = {
            note.pk
            for note in context["journal"].object_list
            if note_policy.allows_on(self.membership, Operation.DELETE, note)
        }
        return context


class PartnerHistoryView(PartnerMixin, ObjectHistoryView):
    pass


class PartnerFormView(PartnerMixin, ObjectFormView):
    form_class = PartnerForm
    cancel_url_name = "partners:partner-list"
    extra_service_fields = ("tags",)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "government": self.government}


class PartnerCreateView(PartnerFormView):
    permission_action = Operation.ADD
    success_message = _("The partner was created.")
    service = staticmethod(services.create_partner)


class PartnerUpdateView(PartnerFormView):
    permission_action = Operation.CHANGE
    success_message = _("The partner was saved.")
    service = staticmethod(services.update_partner)


class PartnerDeleteView(PartnerMixin, ObjectDeleteView):
    success_url = reverse_lazy("partners:partner-list")
    success_message = _("The partner was deleted.")
    service = staticmethod(services.delete_partner)


# --- Contacts and journal ----------------------------------------------------------------------


class AddToPartnerView(PartnerMixin, ObjectFormView):
    """A form that adds a row to the partner of the URL (its ``pk`` is the partner's, and the
    service is called on the partner)."""

    template_name = "core/child_form.html"
    heading: Any = ""
    anchor = ""

    def get_partner(self) -> Partner:
        partner: Partner = self.get_target()  # the partner of the URL
        return partner

    def new_child(self) -> Any:
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(instance=self.new_child(), government=self.government)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["heading"] = self.heading
        return context

    def get_success_url(self) -> str:
        return f"{self.get_partner().get_absolute_url()}#{self.anchor}-{self.object.pk}"


class ContactCreateView(AddToPartnerView):
    permission_action = Operation.CHANGE
    form_class = ContactForm
    heading = _("New contact")
    anchor = "contact"
    success_message = _("The contact was added.")
    service = staticmethod(services.add_contact)

    def new_child(self) -> Contact:
        partner = self.get_partner()
        return Contact(government=self.government, partner=partner)


class PartnerNoteCreateView(AddToPartnerView):
    permission_action = Operation.ADD
    form_class = PartnerNoteForm
    heading = _("New journal note")
    anchor = "note"
    success_message = _("The note was added to the journal.")
    service = staticmethod(services.add_partner_note)
    service_fields = ("text", "date", "department")

    @property
    def policy(self) -> RolePolicy:
        return policy_for(PartnerNote)

    def new_child(self) -> PartnerNote:
        return PartnerNote(government=self.government, partner=self.get_partner())

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        ids = self.membership.department_ids
        if ids:
            initial["department"] = ids[0]
        return initial


class ContactMixin(GovernmentScopedMixin):
    model = Contact

    def get_queryset(self) -> QuerySet[Contact]:
        return super().get_queryset().select_related("partner")


class ContactUpdateView(ContactMixin, ObjectFormView):
    permission_action = Operation.CHANGE
    form_class = ContactForm
    success_message = _("The contact was saved.")
    service = staticmethod(services.update_contact)


class ContactDeleteView(ContactMixin, ObjectDeleteView):
    success_message = _("The contact was deleted.")
    service = staticmethod(services.delete_contact)

    @property
    def success_url(self) -> str:
        return reverse("partners:partner-detail", args=[self.object.partner_id])


class PartnerNoteDeleteView(ObjectDeleteView):
    model = PartnerNote
    success_message = _("The note was deleted.")
    service = staticmethod(services.delete_partner_note)

    def get_queryset(self) -> QuerySet[PartnerNote]:
        return super().get_queryset().select_related("partner")

    @property
    def success_url(self) -> str:
        return reverse("partners:partner-detail", args=[self.object.partner_id])


class PartnerSearchView(AutocompleteSearchView):
    """``?q=porto`` → the government's partners, for type-ahead fields."""

    model = Partner
