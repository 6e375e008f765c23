"""The project draws select fields with its own template (lazos/templates/django/forms/widgets/
select.html), which writes each standard option in place. These tests prove the output is
Django's own, byte for byte, and that it is the project's template that draws it."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django_countries.fields import CountryField

DJANGO_RENDERER = DjangoTemplates()  # Django's widget templates only


class _AttributedSelect(forms.Select):
    """Options with attributes of their own, as a widget may add them."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["attrs"].update({"data-code": f"{option['value']}", "data-flag": True})
        return option


class _OwnOptionTemplate(forms.Select):
    option_template_name = "django/forms/widgets/input_option.html"


class _Sample(forms.Form):
    country = CountryField(blank=True).formfield()
    grouped = forms.ChoiceField(
        choices=[
            ("Europe", [("es", "España"), ("pt", "Portugal <&>")]),
            ("Americas", [("uy", "Uruguay"), ("ar", "Argentina")]),
            ("", "—"),
        ]
    )
    several = forms.MultipleChoiceField(choices=[("1", "Uno"), ("2", "Dos"), ("3", "Tres")])
    flag = forms.NullBooleanField()
    attributed = forms.ChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=_AttributedSelect(attrs={"disabled": True})
    )
    own_template = forms.ChoiceField(choices=[("x", "X")], widget=_OwnOptionTemplate)


DATA = {
    "country": "UY",
    "grouped": "pt",
    "several": ["1", "3"],
    "flag": "true",
    "attributed": "b",
    "own_template": "x",
}


@pytest.mark.parametrize("data", [None, DATA], ids=["empty", "bound"])
@pytest.mark.parametrize("name", list(_Sample.base_fields))
def test_select_fields_are_drawn_exactly_as_django_draws_them(name: str, data: Any) -> None:
    field = _Sample(data=data)[name]
    attrs = field.build_widget_attrs({"id": field.auto_id})
    value = field.value()
    ours = field.field.widget.render(field.html_name, value, attrs, renderer=get_default_renderer())
    theirs = field.field.widget.render(field.html_name, value, attrs, renderer=DJANGO_RENDERER)
    assert ours == theirs
    # the own option template is still used; the others are drawn in place
    assert ("<label>" if name == "own_template" else "<option") in ours


def test_the_project_template_draws_the_options() -> None:
    renderer = get_default_renderer()
    template = renderer.get_template("django/forms/widgets/select.html")
    assert "lazos/templates" in str(template.origin.name)
