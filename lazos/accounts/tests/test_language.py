import pytest
from django.urls import reverse
from django.utils import translation

from lazos.core.models import AuditEvent
from lazos.core.testing.builders import UserFactory

pytestmark = pytest.mark.django_db


def _dashboard_word(language: str) -> str:
    with translation.override(language):
        return str(translation.gettext("Dashboard"))


def test_anonymous_visitor_switches_language_with_a_cookie(client):
    response = client.post(reverse("accounts:set-language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    page = client.get("/")
    assert page.headers["Content-Language"] == "fr"
    assert '<html lang="fr">' in page.content.decode()


def test_signed_in_switch_becomes_the_preferred_language_and_is_audited(world):
    user = world.users["coordinator"]
    client = world.client_for("coordinator")
    client.post(reverse("accounts:set-language"), {"language": "pt", "next": "/dashboard/"})
    user.refresh_from_db()
    assert user.preferred_language == "pt"
    event = AuditEvent.objects.for_object(user).latest("id")
    assert event.changes["preferred_language"] == {"before": "", "after": "pt"}

    # A new session (another browser, no language cookie) follows the preference.
    fresh = world.client_for("coordinator")
    page = fresh.get(reverse("governments:dashboard"))
    assert '<html lang="pt">' in page.content.decode()
    assert _dashboard_word("pt") in page.content.decode()
    assert _dashboard_word("pt") != "Dashboard"


def test_unknown_language_is_ignored(client, db):
    client.post(reverse("accounts:set-language"), {"language": "xx", "next": "/"})
    assert client.get("/").headers["Content-Language"] == "en"


def test_profile_form_saves_name_and_language(world):
    client = world.client_for("viewer")
    response = client.post(
        reverse("accounts:profile"),
        {
            "first_name": "Vera",
            "last_name": "Lima",
            "email": "vera@example.org",
            "preferred_language": "es",
        },
    )
    assert response.status_code == 302
    user = world.users["viewer"]
    user.refresh_from_db()
    assert (user.first_name, user.preferred_language) == ("Vera", "es")


def test_password_change_and_logout(db, client):
    user = UserFactory.create(username="pat", password="first-passphrase-123")
    client.force_login(user)
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": "first-passphrase-123",
            "new_password1": "second-passphrase-456",
            "new_password2": "second-passphrase-456",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("second-passphrase-456")
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("governments:dashboard")).status_code == 302


def test_password_reset_sends_a_link(db, client, mailoutbox):
    UserFactory.create(username="rita", email="rita@example.org", password="old-passphrase-1")
    client.post(reverse("accounts:password-reset"), {"email": "rita@example.org"})
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/" in mailoutbox[0].body
