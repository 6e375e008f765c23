"""Sessions: how long they last, "sign out everywhere", and a password reset that does not
tell whether an account exists."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from lazos.accounts.models import User
from lazos.core.models import AuditEvent
from lazos.core.testing import TenantWorld
from lazos.core.testing.builders import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-for-tests-1"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def test_a_session_lasts_the_configured_hours(db):
    assert settings.SESSION_COOKIE_AGE == 12 * 3600  # LAZOS_SESSION_HOURS, default 12
    user = UserFactory.create(username="pat", password=PASSWORD)
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "pat", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.get_expiry_age() == 12 * 3600
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 12 * 3600
    assert user.pk


def test_sign_out_everywhere_ends_every_session_of_the_person(world: TenantWorld):
    viewer = world.users["viewer"]
    laptop, phone = world.client_for("viewer"), world.client_for("viewer")
    someone_else = world.client_for("coordinator")
    for client in (laptop, phone, someone_else):
        assert client.get(reverse("governments:dashboard")).status_code == 200

    assert laptop.get(reverse("accounts:sign-out-everywhere")).status_code == 405  # POST only
    response = laptop.post(reverse("accounts:sign-out-everywhere"))
    assert response["Location"] == reverse("accounts:login")

    for client in (laptop, phone):
        response = client.get(reverse("governments:dashboard"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert someone_else.get(reverse("governments:dashboard")).status_code == 200
    event = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(viewer.pk)
    ).latest("pk")
    assert event.note == "Signed out everywhere."
    assert event.actor_id == viewer.pk

    # Signing in again works, with a session of its own.
    viewer.set_password(PASSWORD)
    viewer.save()
    response = phone.post(
        reverse("accounts:login"), {"username": viewer.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert phone.get(reverse("governments:dashboard")).status_code == 200


def test_the_profile_offers_sign_out_everywhere(world: TenantWorld):
    page = world.client_for("viewer").get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:sign-out-everywhere") in page


def test_sessions_opened_before_the_upgrade_stay_valid(db):
    """While nobody signed out everywhere, the session hash is Django's own, so upgrading
    Lazos signs nobody out."""
    user = UserFactory.create(username="kept")
    assert user.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(
        User(password=user.password)
    )
    before = user.get_session_auth_hash()
    user.session_generation = 1
    assert user.get_session_auth_hash() != before


def test_password_reset_does_not_tell_whether_an_account_exists(db, mailoutbox):
    UserFactory.create(username="known", email="known@example.org", password=PASSWORD)
    url = reverse("accounts:password-reset")

    known = Client(REMOTE_ADDR="198.51.100.1").post(url, {"email": "known@example.org"})
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["known@example.org"]
    unknown = Client(REMOTE_ADDR="198.51.100.2").post(url, {"email": "nobody@example.org"})
    assert len(mailoutbox) == 1  # nothing sent for an address no account uses

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password-reset-done")
    page_known = Client().get(known["Location"])
    page_unknown = Client().get(unknown["Location"])
    assert page_known.status_code == page_unknown.status_code == 200
    assert _without_tokens(page_known.content) == _without_tokens(page_unknown.content)


def _without_tokens(content: bytes) -> str:
    """The page without what differs on every response (CSRF tokens, CSP nonces)."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", content.decode())
    return re.sub(r'nonce="[^"]+"', "nonce", text)


def _settings_in(tmp_path: Path, **env: str) -> list[object]:
    """The sign-in settings as a fresh process reads them from ``env``."""
    code = (
        "import json; from django.conf import settings;"
        "print(json.dumps([settings.LAZOS_REQUIRE_2FA_FOR_ADMINS, settings.SESSION_COOKIE_AGE,"
        " settings.SESSION_EXPIRE_AT_BROWSER_CLOSE]))"
    )
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("LAZOS_", "SESSION"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(settings.BASE_DIR),
        env={**keep, "DJANGO_SETTINGS_MODULE": "lazos.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout.strip().splitlines()[-1]))


def test_production_requires_two_factor_for_administrators_by_default(tmp_path):
    production = {
        "LAZOS_ENV": "production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "lazos.example.org",
        "LAZOS_BASE_URL": "https://lazos.example.org",
        "LAZOS_VAR_DIR": str(tmp_path),
    }
    assert _settings_in(tmp_path, **production) == [True, 12 * 3600, False]
    assert _settings_in(tmp_path) == [False, 12 * 3600, False]  # development, the demo
    assert _settings_in(
        tmp_path,
        LAZOS_REQUIRE_2FA_FOR_ADMINS="on",
        LAZOS_SESSION_HOURS="2",
        LAZOS_SESSION_EXPIRE_AT_BROWSER_CLOSE="on",
    ) == [True, 2 * 3600, True]
