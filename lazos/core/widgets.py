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
