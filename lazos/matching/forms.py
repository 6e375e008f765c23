"""Forms of the peer pages: the filters of the suggestions, and a challenge typed as text.

Both are GET forms: a page of suggestions is a URL that can be shared.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import BaseRenderer
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lazos.dashboards.regions import REGIONS
from lazos.matching.engine import (
    CITY,
    GOVERNMENT,
    POPULATION_BANDS,
    Filters,
    goal_choices,
    theme_choices,
)

RENDERED_KEPT = 512
_rendered: dict[tuple[Any, ...], SafeString] = {}


class RememberedRender(forms.Widget):
    """A choice widget whose HTML each process keeps: rendered through the templates once per
    name, value, attributes, choices and language (a page of peers has about a hundred
    options, each its own template, which cost more than the cached results they sit by)."""

    choices: Any

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        key = (
            type(self).__name__,
            name,
            repr(value),
            repr(sorted((attrs or {}).items())),
            repr(sorted(self.attrs.items())),
            tuple((str(code), str(label)) for code, label in self.choices),
            get_language(),
            id(renderer),
        )
        html = _rendered.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            if len(_rendered) >= RENDERED_KEPT:
                _rendered.pop(next(iter(_rendered)))
            _rendered[key] = html
        return html


class RememberedSelect(RememberedRender, forms.Select):
    pass


class RememberedCheckboxes(RememberedRender, forms.CheckboxSelectMultiple):
    pass


class SuggestionFilterForm(forms.Form):
    """Which suggestions to show: kind of candidate, region, population band, theme."""

    kind = forms.ChoiceField(label=_("Candidates"), required=False, widget=RememberedSelect)
    region = forms.ChoiceField(label=_("Region"), required=False, widget=RememberedSelect)
    band = forms.TypedChoiceField(
        label=_("Population"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=RememberedSelect,
    )
    theme = forms.ChoiceField(
        label=_("Works on"),
        required=False,
        help_text=_("Only candidates with public work on this theme."),
        widget=RememberedSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["kind"].choices = [
            ("", _("Governments and cities")),
            (GOVERNMENT, _("Governments on this instance")),
            (CITY, _("Other cities")),
        ]
        fields["region"].choices = [("", _("Any region")), *REGIONS.items()]
        fields["band"].choices = [
            ("", _("Any size")),
            *((str(index), label) for index, (_limit, label) in enumerate(POPULATION_BANDS)),
        ]
        fields["theme"].choices = [("", _("Any theme")), *theme_choices()]

    def filters(self) -> Filters:
        """The filters chosen (none when the form is not valid)."""
        if not self.is_bound or not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            kind=data.get("kind") or "",
            region=data.get("region") or "",
            band=data.get("band"),
            theme=data.get("theme") or "",
        )


class ChallengeForm(SuggestionFilterForm):
    """A challenge in a few sentences, in Spanish, English, French or Portuguese."""

    q = forms.CharField(
        label=_("Your challenge"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Describe the problem in a few sentences, in Spanish, English, French or Portuguese: "
            "governments writing in another language are found through shared themes and SDGs."
        ),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"), required=False, widget=RememberedCheckboxes
    )
    goals = forms.MultipleChoiceField(
        label=_("SDG goals"), required=False, widget=RememberedCheckboxes
    )

    field_order = ["q", "themes", "goals", "kind", "region", "band", "theme"]
    challenge_fields = ("q", "themes", "goals")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["themes"].choices = theme_choices()
        fields["goals"].choices = goal_choices()

    @property
    def has_challenge(self) -> bool:
        return bool(
            self.is_bound
            and self.is_valid()
            and (
                self.cleaned_data["q"].strip()
                or self.cleaned_data["themes"]
                or self.cleaned_data["goals"]
            )
        )

    def challenge_field_list(self) -> list[forms.BoundField]:
        return [self[name] for name in self.challenge_fields]

    def filter_field_list(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.challenge_fields]
