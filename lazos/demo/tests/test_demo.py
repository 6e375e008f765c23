import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client, override_settings

from lazos.core.models import AuditEvent
from lazos.demo.builders import load_demo
from lazos.demo.kit import DEMO_PASSWORD
from lazos.governments.models import Department, Government, Membership

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        Government.objects.count(),
        Department.objects.count(),
        Membership.objects.count(),
        get_user_model().objects.count(),
        AuditEvent.objects.count(),
    )


def test_demo_loads_three_governments_with_their_roles_and_is_idempotent(loaded_demo, capsys):
    first = _counts()  # the shared demo was loaded with the same function as the command's
    call_command("demo")
    assert _counts() == first
    assert "nothing changed" in capsys.readouterr().out
    assert load_demo().created == []  # a second run creates nothing
    assert _counts() == first

    governments = {g.slug: g for g in Government.objects.all()}
    assert set(governments) == {"villa-esperanza", "rio-claro-do-sul", "lac-saint-amand"}
    assert all(g.is_demo for g in governments.values())
    for slug, government in governments.items():
        roles = set(Membership.objects.for_tenant(government).values_list("role", flat=True))
        expected = (
            {"administrator", "coordinator"}
            if slug == "lac-saint-amand"
            else {"administrator", "coordinator", "editor", "viewer"}
        )
        assert roles == expected
        assert Department.objects.for_tenant(government).count() >= 3
    assert AuditEvent.objects.filter(channel="command").exists()


def test_demo_accounts_sign_in_and_see_the_demo_banner(loaded_demo):
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "coordinator", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Demo data" in page.content.decode()


@override_settings(PRODUCTION=True)
def test_demo_refuses_production():
    with pytest.raises(ImproperlyConfigured):
        load_demo()
    assert Government.objects.count() == 0


def test_every_demo_government_change_is_in_the_audit_trail(loaded_demo):
    """Even the IATI identifier the IATI step gives a demo government goes through the
    service: the trail says the command set it and what it was before."""
    identified = Government.objects.filter(is_demo=True).exclude(iati_organisation_identifier="")
    assert identified.count() == 2
    for government in identified:
        events = AuditEvent.objects.filter(
            content_type__model="government",
            object_id=str(government.pk),
            channel="command",
        )
        changes = [
            event.changes["iati_organisation_identifier"]
            for event in events.order_by("pk")
            if "iati_organisation_identifier" in event.changes
        ]
        assert changes[-1] == {"before": "", "after": government.iati_organisation_identifier}
