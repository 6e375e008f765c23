import pytest
from django.utils import translation
from django_countries import countries


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Mexico"), ("es", "México"), ("fr", "Mexique"), ("pt", "México")],
)
def test_country_names_in_the_four_languages(language, expected):
    with translation.override(language):
        assert countries.name("MX") == expected


def test_country_names_differ_across_languages():
    names = set()
    for language in ("en", "es", "fr", "pt"):
        with translation.override(language):
            names.add(str(countries.name("DE")))
    assert names == {"Germany", "Alemania", "Allemagne", "Alemanha"}
