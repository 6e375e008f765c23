from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lazos.core.permissions import Operation, policy_for
from lazos.partners.forms import choice_field
from lazos.spreadsheets.choices import ImportKind
from lazos.spreadsheets.importers import importer_for


def allowed_kinds(membership: Any) -> list[tuple[str, Any]]:
    """The kinds of record the member may import (ADD permission on the model)."""
    return [
        (value, capfirst(label))
        for value, label in ImportKind.choices
        if policy_for(importer_for(value).model).allows(membership, Operation.ADD)
    ]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What to import"),
        choices=(),
        help_text=_("The kind of records the file holds, one per row."),
    )
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "A .xlsx or .csv file; the first row holds the column headers. Rows with an "
            "external id already used update that record; the others create new records."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    blank_clears = forms.BooleanField(
        label=_("Empty cells clear the stored values"),
        required=False,
        help_text=_("Leave unticked to keep the stored value wherever a cell is empty."),
    )

    def __init__(self, *args: Any, membership: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = allowed_kinds(membership)
