"""Form of a local actor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lazos.actors.models import LocalActor
from lazos.actors.services import ACTOR_FIELDS
from lazos.partners.forms import TagsField, tags_initial

if TYPE_CHECKING:
    from lazos.governments.models import Government


class LocalActorForm(forms.ModelForm[LocalActor]):
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("Full address, e.g. https://www.example.org"),
    )
    tags = TagsField()

    class Meta:
        model = LocalActor
        fields = list(ACTOR_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "name": _("The organisation's name."),
            "kind": _("Which part of the territory's society it belongs to."),
            "description": _("What it does and why it matters for the international action."),
            "contact_name": _("The person to talk to. Personal data: visible to staff only."),
            "email": _("Contact email."),
            "phone": _("Contact phone."),
            "external_id": _("Identifier in another system or spreadsheet."),
        }

    def __init__(self, *args: Any, government: Government | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["tags"] = tags_initial(self.instance)

    def service_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ACTOR_FIELDS}
