from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lazos.core.widgets import AutocompleteWidget
from lazos.governments.choices import Role
from lazos.governments.models import LANGUAGE_CHOICES, Department, Government, Membership
from lazos.reference.codelists import ORGANISATION_TYPES
from lazos.reference.models import City, Subdivision


class GovernmentForm(forms.ModelForm[Government]):
    official_languages = forms.MultipleChoiceField(
        label=_("Official languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    place = forms.ModelChoiceField(
        label=_("Place (GeoNames)"),
        queryset=City.objects.all(),
        required=False,
        widget=AutocompleteWidget("reference:city-search"),
        help_text=_("Type the name of the city and pick it from the list."),
    )

    iati_organisation_type = forms.ChoiceField(
        label=_("IATI organisation type"),
        choices=[(code, _(name)) for code, name in sorted(ORGANISATION_TYPES.items())],
        initial="11",
        help_text=_("How IATI classifies the government; 11 is local government."),
    )

    class Meta:
        model = Government
        fields = [
            "name",
            "slug",
            "kind",
            "country",
            "subdivision",
            "place",
            "population",
            "official_languages",
            "currency",
            "dormancy_months",
            "term_ends_on",
            "portal_enabled",
            "portal_intro",
            "iati_organisation_identifier",
            "iati_organisation_type",
            "open_data_licence",
        ]
        widgets = {
            "portal_intro": forms.Textarea(attrs={"rows": 4}),
            "term_ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.data.get("country") or (self.instance.country and str(self.instance.country))
        subdivisions = Subdivision.objects.none()
        if country:
            subdivisions = Subdivision.objects.filter(country=country)
        subdivision = self.fields["subdivision"]
        assert isinstance(subdivision, forms.ModelChoiceField)
        subdivision.queryset = subdivisions
        # Choosing a country reloads the subdivision list (htmx); without JavaScript the
        # list follows the country once the form is submitted.
        self.fields["country"].widget.attrs.update(
            {
                "hx-get": reverse("reference:subdivision-options"),
                "hx-target": "#id_subdivision",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )


class NewGovernmentForm(GovernmentForm):
    administrator_email = forms.EmailField(
        label=_("Email of its first administrator"),
        help_text=_("They receive an invitation to choose a password if they have no account."),
    )


class DepartmentForm(forms.ModelForm[Department]):
    class Meta:
        model = Department
        fields = ["name", "acronym", "description", "email", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class MembershipForm(forms.ModelForm[Membership]):
    class Meta:
        model = Membership
        fields = ["role", "departments"]
        widgets = {"departments": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = self.fields["departments"]
        assert isinstance(departments, forms.ModelMultipleChoiceField)
        departments.queryset = Department.objects.for_tenant(government).active()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("role") == Role.EDITOR and not cleaned.get("departments"):
            self.add_error("departments", _("An editor needs at least one department."))
        return cleaned


class InviteMemberForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VIEWER)
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For editors: the departments whose work they may change."),
    )

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = self.fields["departments"]
        assert isinstance(departments, forms.ModelMultipleChoiceField)
        departments.queryset = Department.objects.for_tenant(government).active()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("role") == Role.EDITOR and not cleaned.get("departments"):
            self.add_error("departments", _("An editor needs at least one department."))
        return cleaned


class SwitchGovernmentForm(forms.Form):
    government = forms.IntegerField(widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)
