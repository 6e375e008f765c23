"""Pages of partners: list, page with everything linked, forms, contacts and journal."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.http.response import HttpResponseBase
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from lazos.core import concurrency
from lazos.core.listing import KeysFirstPaginator, choice_labels, pk_url_maker
from lazos.core.models import AuditEvent
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
from lazos.partners.choices import PartnerKind
from lazos.partners.duplicates import duplicate_groups, find_matches
from lazos.partners.filtersets import PartnerFilterSet
from lazos.partners.forms import ContactForm, PartnerForm, PartnerMergeForm, PartnerNoteForm
from lazos.partners.merging import merge_preview
from lazos.partners.models import Contact, Partner, PartnerNote, PartnerRedirect
from lazos.partners.panels import partner_page
from lazos.partners.querysets import PartnerQuerySet


def merged_into(government_id: int, pk: Any) -> int | None:
    """The partner that a merged partner's id now leads to, or None."""
    return (
        PartnerRedirect.objects.for_tenant(government_id)
        .filter(old_id=pk)
        .values_list("partner_id", flat=True)
        .first()
    )


class PartnerMixin(GovernmentScopedMixin):
    """A partner's pages. The id of a partner merged into another answers (on GET) with a
    permanent redirect to the same page of the kept partner; another government's is a 404."""

    model = Partner

    def get_queryset(self) -> PartnerQuerySet:
        return Partner.objects.for_tenant(self.government)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return super().dispatch(request, *args, **kwargs)
        except Http404:
            if request.method not in ("GET", "HEAD") or "pk" not in kwargs:
                raise
            if not hasattr(self, "government") or request.resolver_match is None:
                raise
            kept = merged_into(self.government.pk, kwargs["pk"])
            if kept is None:
                raise
            url = reverse(request.resolver_match.view_name, kwargs={**kwargs, "pk": kept})
            query = request.GET.urlencode()
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


class PartnerListView(PartnerMixin, ObjectListView):
    filterset_class = PartnerFilterSet
    paginator_class = KeysFirstPaginator
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
        ("is_possible_duplicate", _("Possible duplicate")),
        ("created_at", _("Created")),
    ]

    def get_queryset(self) -> PartnerQuerySet:
        return super().get_queryset().with_related().with_counts().with_duplicate_flag()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["duplicates_url"] = reverse("partners:partner-duplicates")
        # What each row shows, computed once for the page (core/listing.py).
        partner_url = pk_url_maker("partners:partner-detail")
        kinds = choice_labels(PartnerKind.choices)
        for partner in context["object_list"]:
            partner.list_url = partner_url(partner.pk)
            partner.kind_label = kinds.get(partner.kind, partner.kind)
        return context


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
        partner = self.object
        context["duplicate_matches"] = find_matches(
            self.government,
            name=partner.name,
            country=str(partner.country or ""),
            place=partner.place_id,
            iati_identifier=partner.iati_identifier,
            website=partner.website,
            kind=partner.kind,
            exclude=partner,
        )
        context["can_merge"] = self.can(Operation.DELETE)
        return context


class PartnerHistoryView(PartnerMixin, ObjectHistoryView):
    """The partner's history, with the history of the partners merged into it (each event
    names the record it was made on)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        partner = self.object
        old_ids = list(
            PartnerRedirect.objects.for_tenant(self.government)
            .filter(partner=partner)
            .values_list("old_id", flat=True)
        )
        if old_ids:
            events = (
                AuditEvent.objects.for_tenant(self.government)
                .filter(
                    content_type=ContentType.objects.get_for_model(Partner),
                    object_id__in=[str(pk) for pk in (partner.pk, *old_ids)],
                )
                .with_related()
                .order_by("-occurred_at", "-pk")
            )
            page = Paginator(events, self.paginate_by).get_page(self.request.GET.get("page"))
            context.update(page_obj=page, events=page.object_list, show_object=True)
        return context


class PartnerFormView(PartnerMixin, ObjectFormView):
    form_class = PartnerForm
    template_name = "partners/partner_form.html"
    cancel_url_name = "partners:partner-list"
    extra_service_fields = ("tags",)

    def get_form_kwargs(self) -> dict[str, Any]:
        url = reverse("partners:partner-duplicate-check")
        target = self.get_target()
        if target is not None:
            url = f"{url}?partner={target.pk}"
        return {
            **super().get_form_kwargs(),
            "government": self.government,
            "duplicate_check_url": url,
        }


class PartnerDuplicateCheckView(PartnerMixin, TemplateView):
    """htmx: the partners that look like the one being typed in the form (name, kind,
    country, website, IATI identifier; ``partner``: the one being edited)."""

    template_name = "partners/includes/duplicate_matches.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET
        partner_id = query.get("partner", "")
        partner = (
            self.get_queryset().filter(pk=partner_id).first() if partner_id.isdigit() else None
        )
        name = query.get("name", "").strip()
        context["matches"] = (
            find_matches(
                self.government,
                name=name,
                country=query.get("country", ""),
                iati_identifier=query.get("iati_identifier", ""),
                website=query.get("website", ""),
                kind=query.get("kind", ""),
                exclude=partner,
            )
            if name
            else []
        )
        context["partner"] = partner
        context["can_merge"] = self.can(Operation.DELETE)
        return context


class PartnerCreateView(PartnerFormView):
    permission_action = Operation.ADD
    success_message = _("The partner was created.")
    service = staticmethod(services.create_partner)


class PartnerUpdateView(PartnerFormView):
    permission_action = Operation.CHANGE
    success_message = _("The partner was saved.")
    service = staticmethod(services.update_partner)


class PartnerDuplicatesView(PartnerMixin, TemplateView):
    """The groups of partners that look like the same organisation, to review and merge."""

    template_name = "partners/partner_duplicates.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["groups"] = duplicate_groups(self.government)
        context["can_merge"] = self.can(Operation.DELETE)
        return context


class PartnerMergeView(PartnerMixin, ObjectFormView):
    """Merge another partner into this one (administrators and coordinators): choose it,
    see what moves, choose field by field the values to keep, confirm.

    The form carries this partner's version (a change saved meanwhile is refused with the
    merge panel, like any edit) and the other partner's (a change of it refuses the merge
    with a message: the preview was out of date)."""

    form_class = PartnerMergeForm
    template_name = "partners/partner_merge.html"
    permission_action = Operation.DELETE
    edits_target = True
    success_message = _("The partners were merged.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        kwargs.update(kept=self.get_target(), other_id=source.get("merged") or None)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        merged = form.merged_partner
        context["merged"] = merged
        context["preview"] = merge_preview(merged) if merged is not None else []
        if merged is not None and "merged_version" not in form.data:
            form.initial["merged_version"] = concurrency.version_of(merged)
            form.fields["merged_version"].initial = form.initial["merged_version"]
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        if not form.cleaned_data["confirm"]:  # just chosen: show what would move first
            url = reverse("partners:partner-merge", args=[self.get_target().pk])
            return HttpResponseRedirect(f"{url}?merged={form.cleaned_data['merged'].pk}")
        return super().form_valid(form)

    def perform(self, form: Any) -> Any:
        kept, merged = self.get_target(), form.cleaned_data["merged"]
        current = concurrency.version_of(concurrency.stored(merged))
        if current != form.cleaned_data["merged_version"]:
            form.data = form.data.copy()  # saving again, once reviewed, merges
            form.data["merged_version"] = current
            raise ValidationError(
                _(
                    "“%(name)s” was changed since this page was opened: check the preview "
                    "and the values again, then merge."
                ),
                params={"name": merged.name},
            )
        services.merge_partners(
            kept,
            merged,
            government=self.government,
            acting_user=self.acting_user,
            values=form.chosen_values(),
        )
        kept.refresh_from_db()
        return kept


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
