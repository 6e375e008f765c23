from typing import Any

from django import forms
from django.urls import reverse


class AutocompleteWidget(forms.Widget):
    """An accessible combobox: type, pick a suggestion, the hidden input keeps its id.

    Suggestions come as JSON from ``url_name`` (``{"results": [{"id", "label"}]}``); the
    script is ``static/lazos/js/autocomplete.js``. ``label_for`` returns the text shown for a
    stored value.
    """

    template_name = "core/widgets/autocomplete.html"

    def __init__(self, url_name: str, label_for: Any, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.url_name = url_name
        self.label_for = label_for

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["url"] = reverse(self.url_name)
        context["widget"]["display"] = self.label_for(value) if value not in (None, "") else ""
        return context


def scoped_label(model: Any, government: Any, field: str) -> Any:
    """``label_for`` of an AutocompleteWidget in a filter: the ``field`` of the government's
    object with that id, and nothing for an id of another government (no leak through a
    crafted URL)."""

    def label(pk: Any) -> str:
        try:
            value = (
                model.objects.for_tenant(government)
                .filter(pk=int(pk))
                .values_list(field, flat=True)
                .first()
            )
        except (TypeError, ValueError):
            return ""
        return str(value or "")

    return label


def use_autocomplete(filterset: Any, name: str, url_name: str, field: str) -> None:
    """Show filter ``name`` of ``filterset`` as a type-ahead instead of a select listing every
    row (a government with thousands of partners would otherwise render them all)."""
    model = filterset.filters[name].queryset.model
    filterset.filters[name].extra["widget"] = AutocompleteWidget(
        url_name, label_for=scoped_label(model, filterset.government, field)
    )
