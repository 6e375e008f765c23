import pytest
from django.core.exceptions import ValidationError

from lazos.core.testing.builders import GovernmentFactory
from lazos.governments import services
from lazos.reference.models import Subdivision

pytestmark = pytest.mark.django_db


def test_a_slug_used_by_the_application_is_refused():
    with pytest.raises(ValidationError) as error:
        services.create_government(
            acting_user=None,
            name="Accounts City",
            slug="accounts",
            kind="municipality",
            country="FR",
            subdivision=None,
            place=None,
            population=None,
            official_languages=[],
        )
    assert "slug" in error.value.message_dict


def test_subdivision_must_be_in_the_country():
    government = GovernmentFactory.create(country="FR")
    with pytest.raises(ValidationError) as error:
        services.update_government(
            government, acting_user=None, subdivision=Subdivision.objects.get(code="MX-CMX")
        )
    assert "subdivision" in error.value.message_dict


def test_unknown_language_codes_are_refused():
    government = GovernmentFactory.create()
    with pytest.raises(ValidationError) as error:
        services.update_government(
            government, acting_user=None, official_languages=["es", "xx-nope"]
        )
    assert "official_languages" in error.value.message_dict


def test_only_superusers_create_governments():
    from lazos.core.testing.builders import UserFactory

    with pytest.raises(Exception, match="instance administrators"):
        services.create_government(
            acting_user=UserFactory.create(),
            name="X",
            slug="x-town",
            kind="municipality",
            country="FR",
            subdivision=None,
            place=None,
            population=None,
            official_languages=[],
        )
