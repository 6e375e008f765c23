import pytest

from lazos.reference.loaders import SyncCounts, sync_subdivisions
from lazos.reference.models import Subdivision

pytestmark = pytest.mark.django_db


def test_subdivisions_are_loaded_by_the_migration():
    cdmx = Subdivision.objects.get(code="MX-CMX")
    assert cdmx.country.code == "MX"
    assert cdmx.name == "Ciudad de México"
    assert Subdivision.objects.in_country("mx").count() == 32
    assert Subdivision.objects.get(code="AZ-BAB").parent_code == "AZ-NX"


def test_sync_is_idempotent():
    assert sync_subdivisions(Subdivision) == SyncCounts(created=0, updated=0)


def test_sync_restores_changed_and_missing_rows():
    Subdivision.objects.filter(code="MX-CMX").update(name="Distrito Federal")
    Subdivision.objects.filter(code="BR-SP").delete()

    assert sync_subdivisions(Subdivision) == SyncCounts(created=1, updated=1)
    assert Subdivision.objects.get(code="MX-CMX").name == "Ciudad de México"
    assert str(Subdivision.objects.get(code="BR-SP")) == "São Paulo (BR-SP)"
