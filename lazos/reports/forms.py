"""Forms that request a new version of a report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.actions.models import Action

if TYPE_CHECKING:
    from lazos.governments.models import Government

EARLIEST_YEAR = 1990


def report_years(government: Government) -> list[int]:
    """The years an annual report can cover: from the first action on record (at most ten
    years back when there is none) to this year, newest first."""
    this_year = timezone.localdate().year
    first = (
        Action.objects.for_tenant(government)
        .filter(start_date__isnull=False)
        .aggregate(first=Min("start_date"))["first"]
    )
    start = max(EARLIEST_YEAR, min(first.year if first else this_year, this_year - 10))
    return list(range(this_year, start - 1, -1))


class HandoverRequestForm(forms.Form):
    """Nothing to choose: the dossier describes the situation on the day it is generated."""


class AnnualReportRequestForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year covered"),
        coerce=int,
        help_text=_("Actions under way at some point of this year, and results of its periods."),
    )

    def __init__(self, *args: Any, government: Government, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = report_years(government)
        field = self.fields["year"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(year, str(year)) for year in years]
        this_year = timezone.localdate().year
        # The year just closed is what an annual report is usually about.
        field.initial = this_year - 1 if this_year - 1 in years else this_year
