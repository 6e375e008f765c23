from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse


class AutocompleteWidget(forms.Widget):
    """An accessible combobox: type, pick a suggestion, the hidden input keeps its id.

    Suggestions come as JSON from ``url_name`` (``{"results": [{"id", "label"}]}``); the
    script is in ``static/lazos/js/lazos.js``.

    The text shown for the chosen value is looked up through the ``ModelChoiceField`` the
    widget belongs to (Django hands the field's choices to its widget): the field's own,
    tenant-scoped queryset, so an id of a row that queryset does not hold, another government's
    or a missing one, shows nothing. A widget used outside a model choice field shows nothing.
    ``label_field`` names the attribute to show (as the suggestions do); by default the field's
    ``label_from_instance``.
    """

    template_name = "core/widgets/autocomplete.html"
    # Replaced by the field's ModelChoiceIterator when the widget is bound to a field.
    choices: Any = ()

    def __init__(
        self, url_name: str, attrs: dict[str, Any] | None = None, *, label_field: str = ""
    ) -> None:
        super().__init__(attrs)
        self.url_name = url_name
        self.label_field = label_field

    def __deepcopy__(self, memo: dict[int, Any]) -> "AutocompleteWidget":
        copy = super().__deepcopy__(memo)
        # The field sets its own iterator on the copy; never share one between fields.
        copy.choices = ()
        return copy

    def label_for(self, value: Any) -> str:
        """The text of the row ``value`` designates, if the field's queryset holds it."""
        if value in (None, ""):
            return ""
        field = getattr(self.choices, "field", None)
        if not isinstance(field, forms.ModelChoiceField) or isinstance(
            field, forms.ModelMultipleChoiceField
        ):
            return ""
        try:
            chosen = field.to_python(value)
        except ValidationError:
            return ""
        if chosen is None:
            return ""
        if self.label_field:
            return str(getattr(chosen, self.label_field) or "")
        return str(field.label_from_instance(chosen))

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["url"] = reverse(self.url_name)
        context["widget"]["display"] = self.label_for(value)
        return context


def use_autocomplete(filterset: Any, name: str, url_name: str, field: str) -> None:
    """Show filter ``name`` of ``filterset`` as a type-ahead instead of a select listing every
    row (a government with thousands of partners would otherwise render them all). The text
    shown for the chosen row is its ``field``, found through the filter's (scoped) queryset."""
    filterset.filters[name].extra["widget"] = AutocompleteWidget(url_name, label_field=field)
