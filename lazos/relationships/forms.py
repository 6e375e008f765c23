"""The review form and the filters of the relationship list."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.partners.forms import date_widget
from lazos.relationships.choices import Band, RelationshipKind, ReviewDecision

NEEDS_ATTENTION = "attention"
SORTS = (
    ("score", _("score, lowest first")),
    ("-score", _("score, highest first")),
    ("name", _("name")),
)


def _date_input() -> forms.DateInput:
    return date_widget()


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", _("choose a decision")), *ReviewDecision.choices],
        help_text=_("Renew (agreements only), revitalise, end, or keep the relationship as it is."),
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why: what the score shows, what partners and departments said."),
    )
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=_date_input())
    next_review_on = forms.DateField(
        label=_("Next review"),
        required=False,
        widget=_date_input(),
        help_text=_("When to look at this relationship again."),
    )

    def __init__(self, *args: Any, is_agreement: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("reviewed_on", timezone.localdate())
        if not is_agreement:
            cast(forms.ChoiceField, self.fields["decision"]).choices = [
                ("", _("choose a decision")),
                *(
                    (value, label)
                    for value, label in ReviewDecision.choices
                    if value != ReviewDecision.RENEW
                ),
            ]
            self.fields["decision"].help_text = _(
                "Revitalise, end, or keep the relationship as it is."
            )


class RelationshipFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("all")), *RelationshipKind.choices]
    )
    band = forms.ChoiceField(
        label=_("Band"),
        required=False,
        choices=[
            ("", _("all")),
            (NEEDS_ATTENTION, _("dormant or at risk")),
            *Band.choices,
        ],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)
