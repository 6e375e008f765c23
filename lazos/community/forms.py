from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lazos.community.choices import expert_language_choices
from lazos.reference.models import Theme

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _themes_field(help_text: StrOrPromise) -> forms.ModelMultipleChoiceField[Theme]:
    return forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.order_by("name_en"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class QuestionForm(forms.Form):
    title = forms.CharField(
        label=_("Your question"),
        max_length=300,
        help_text=_("One sentence that colleagues of other cities will understand."),
    )
    body = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Your context, what you already tried, what would help. Shown to every "
                    "signed-in member of every government on this site."),
    )  # fmt: skip
    language = forms.ChoiceField(
        label=_("Written in"),
        choices=settings.LANGUAGES,
        help_text=_("So that readers and screen readers know how to read it."),
    )
    themes = _themes_field(_("Helps experts on these themes find your question."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("language"):
            current = (get_language() or "").split("-")[0]
            if current in dict(settings.LANGUAGES):
                self.initial["language"] = current


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text=_("Share what your government did, what worked and whom to contact."),
    )


class ProfileForm(forms.Form):
    headline = forms.CharField(
        label=_("Headline"),
        max_length=200,
        help_text=_("e.g. “Solid-waste engineer, 12 years”."),
    )
    expertise = forms.CharField(
        label=_("Expertise"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you know well and can help other cities with."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = _themes_field(_("The themes of your expertise."))
    is_published = forms.BooleanField(
        label=_("Show my profile to the community"),
        required=False,
        help_text=_("Signed-in members of every government on this site will see your name, "
                    "your government and this profile. Untick to withdraw it at any time."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        languages = self.fields["languages"]
        assert isinstance(languages, forms.ChoiceField)
        languages.choices = expert_language_choices()
