"""Forms of agreements: the agreement itself, a change of status, a signatory."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.agreements.choices import AgreementStatus, Side
from lazos.agreements.models import Agreement, Signatory
from lazos.agreements.services import AGREEMENT_FIELDS, status_label
from lazos.core.services import parse_tags
from lazos.governments.choices import Role
from lazos.governments.models import Department
from lazos.partners.forms import choice_field, model_choice_field
from lazos.partners.models import Partner
from lazos.reference.models import SdgGoal, SdgTarget, Theme

if TYPE_CHECKING:
    from django.forms import BoundField
    from django_stubs_ext import StrOrPromise

    from lazos.governments.models import Government, Membership


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class PartnerChoiceField(forms.ModelMultipleChoiceField[Partner]):
    def label_from_instance(self, obj: Partner) -> str:
        return f"{obj.name} ({obj.country.name})" if obj.country else obj.name


class ThemeChoiceField(forms.ModelMultipleChoiceField[Theme]):
    def label_from_instance(self, obj: Theme) -> str:
        return str(obj.name)


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in one collapsible group per optgroup (e.g. 169 SDG targets by goal);
    a group with chosen options is open and says how many."""

    template_name = "agreements/widgets/grouped_checkboxes.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["groups"] = [
            {
                "label": label,
                "options": options,
                "chosen": sum(1 for option in options if option["selected"]),
            }
            for label, options, _index in context["widget"]["optgroups"]
        ]
        return context


def sdg_target_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Targets grouped by goal, in order (two queries)."""
    return [
        (goal.label, [(target.pk, target.label) for target in goal.targets.all()])
        for goal in SdgGoal.objects.with_targets()
    ]


class AgreementForm(forms.ModelForm[Agreement]):
    """Create or edit an agreement. The status changes through transitions; the create form
    alone lets one choose the status of an agreement recorded after the fact."""

    status = forms.ChoiceField(
        label=_("Current status"),
        choices=AgreementStatus.choices,
        initial=AgreementStatus.DRAFT,
        help_text=_(
            "A new agreement starts as a draft. To record one concluded earlier, choose its "
            "current status; later changes are made from the agreement's page."
        ),
    )
    partners = PartnerChoiceField(
        label=_("Partner parties"),
        queryset=Partner.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_(
            "One or more partners of this government, by name. Hold Ctrl (⌘ on a Mac) to "
            "choose several."
        ),
    )
    themes = ThemeChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sdg_targets = forms.ModelMultipleChoiceField(
        label=_("SDG targets"),
        queryset=SdgTarget.objects.all(),
        required=False,
        widget=GroupedCheckboxes,
        help_text=_("Open a goal to choose among its targets."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, e.g. “culture, youth exchange”."),
    )

    class Meta:
        model = Agreement
        fields = [name for name in AGREEMENT_FIELDS if name != "translations"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "registration_opinion": forms.Textarea(attrs={"rows": 3}),
            "public_summary": forms.Textarea(attrs={"rows": 3}),
            "signed_on": DateInput(),
            "in_force_from": DateInput(),
            "valid_until": DateInput(),
            "registration_submitted_on": DateInput(),
        }
        help_texts = {
            "title": _("As written on the agreement, e.g. “Twinning agreement with Porto”."),
            "summary": _("What it is about, for the office."),
            "objectives": _("What the parties commit to achieve."),
            "lead_department": _("The department that leads the work under it."),
            "signed_on": _("Filled in automatically when the status moves to “signed”."),
            "in_force_from": _("Filled in automatically when the status moves to “in force”."),
            "renewal": _("Whether it renews by itself or needs a new act."),
            "registration_required": _(
                "Whether it must be notified to or registered with a national authority."
            ),
            "registration_authority": _("e.g. the Ministry of Foreign Affairs."),
            "public_summary": _("Shown on the public portal when the agreement is public."),
            "external_id": _("Identifier in another system or spreadsheet; re-imports use it."),
        }

    # The order of the fieldsets in the template.
    fieldsets = (
        (_("The agreement"), ("title", "kind", "status", "partners", "summary", "objectives")),
        (_("Responsibility and legal basis"), ("lead_department", "legal_basis")),
        (
            _("Dates and renewal"),
            ("signed_on", "in_force_from", "valid_until", "renewal", "notice_period_days"),
        ),
        (
            _("National notification and registration"),
            (
                "registration_required",
                "registration_status",
                "registration_submitted_on",
                "registration_authority",
                "registration_reference",
                "registration_opinion",
            ),
        ),
        (_("Themes and SDGs"), ("themes", "sdg_targets", "tags")),
        (_("Publication"), ("is_public", "public_summary", "language", "external_id")),
    )

    def __init__(
        self,
        *args: Any,
        government: Government,
        membership: Membership | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        editing = instance.pk is not None
        current_partners = list(instance.partners.values_list("pk", flat=True)) if editing else []
        model_choice_field(self, "partners").queryset = (
            Partner.objects.for_tenant(government)
            .filter(Q(is_active=True) | Q(pk__in=current_partners))
            .order_by("name")
        )
        model_choice_field(self, "themes").queryset = Theme.objects.order_by("name_en")
        choice_field(self, "sdg_targets").choices = sdg_target_choices()
        departments = Department.objects.for_tenant(government).filter(
            Q(is_active=True) | Q(pk=instance.lead_department_id or 0)
        )
        lead = model_choice_field(self, "lead_department")
        if membership is not None and membership.role == Role.EDITOR:
            departments = departments.filter(pk__in=membership.department_ids)
            lead.required = True
            lead.help_text = _("One of your departments: you record the work of your own.")
        lead.queryset = departments.order_by("name")
        if editing:
            del self.fields["status"]
            self.initial["tags"] = ", ".join(t.name for t in instance.tags.all())
            self.initial["partners"] = current_partners
            self.initial["themes"] = list(instance.themes.values_list("pk", flat=True))
            self.initial["sdg_targets"] = list(instance.sdg_targets.values_list("pk", flat=True))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("is_public") and not (cleaned.get("public_summary") or "").strip():
            self.add_error("public_summary", _("A public agreement needs a public summary."))
        return cleaned

    def get_fieldsets(self) -> list[tuple[StrOrPromise, list[BoundField]]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.fieldsets
        ]

    def service_values(self) -> dict[str, Any]:
        """The cleaned data as keyword arguments of the services."""
        data = self.cleaned_data
        values: dict[str, Any] = {name: data[name] for name in AGREEMENT_FIELDS if name in data}
        values.update(
            partners=list(data["partners"]),
            themes=list(data["themes"]),
            sdg_targets=list(data["sdg_targets"]),
            tags=parse_tags(data["tags"]),
        )
        if "status" in self.fields:
            values["status"] = data["status"]
        return values


class TransitionForm(forms.Form):
    """Move an agreement to another status. The list offers only the allowed moves; any
    other one is refused by the service with a message naming both statuses."""

    to_status = forms.ChoiceField(
        label=_("New status"),
        choices=AgreementStatus.choices,
        help_text=_("Only the moves its legal life allows are offered."),
    )
    on = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        widget=DateInput(),
        help_text=_("When it happened: today or earlier."),
    )
    valid_until = forms.DateField(
        label=_("New end of validity"),
        required=False,
        widget=DateInput(),
        help_text=_("For a renewal: until when it is valid now. Empty: unchanged."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. the council decision, the act of signature, the reason."),
    )

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_status"].widget.choices = [
            ("", _("Choose…")),
            *((status, status_label(status)) for status in agreement.allowed_transitions()),
        ]


class SignatoryForm(forms.ModelForm[Signatory]):
    class Meta:
        model = Signatory
        fields = ["side", "partner", "name", "position"]
        help_texts = {
            "name": _("The person who signs (or signed)."),
            "position": _("e.g. Mayor, Secretary for International Affairs."),
        }

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "partner").queryset = agreement.partners.order_by("name")
        self.fields["partner"].help_text = _(
            "For the partner side: which party. Not needed when there is only one."
        )
        self.fields["side"].initial = Side.OURS
