"""The dashboards' filter form: a year range and a department."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lazos.dashboards.figures import Filters
from lazos.governments.models import Department, Government


class DashboardFilterForm(forms.Form):
    from_year = forms.IntegerField(
        label=_("From year"), required=False, min_value=1900, max_value=2100
    )
    to_year = forms.IntegerField(label=_("To year"), required=False, min_value=1900, max_value=2100)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("All departments"),
    )

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        department_field = self.fields["department"]
        assert isinstance(department_field, forms.ModelChoiceField)
        department_field.queryset = Department.objects.for_tenant(government).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("from_year"), data.get("to_year")
        if first and last and last < first:
            self.add_error("to_year", _("The last year cannot be before the first."))
        return data

    def filters(self) -> Filters:
        """The filters to apply: none when the form is not valid."""
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            from_year=data.get("from_year"),
            to_year=data.get("to_year"),
            department=data.get("department"),
        )
