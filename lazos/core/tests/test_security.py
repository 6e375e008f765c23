"""The security baseline: password hashing, throttled sign-in, CSP without inline code."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher
from django.urls import reverse

from lazos import settings as project_settings
from lazos.core.testing.builders import UserFactory

TEMPLATE_ROOT = Path(__file__).resolve().parents[2]


def test_passwords_are_hashed_with_argon2(db, settings):
    # The suite hashes with MD5 for speed (conftest.py): put back what lazos.settings says.
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = UserFactory.create(password="correct horse battery staple")
    assert user.password.startswith("argon2$")
    assert get_hasher().algorithm == "argon2"


def test_content_security_policy_forbids_inline_code(client, db):
    response = client.get(reverse("portal:home"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def _templates() -> list[Path]:
    return [p for p in TEMPLATE_ROOT.rglob("templates/**/*.html")]


def test_templates_have_no_inline_scripts_handlers_or_styles():
    offenders = []
    for path in _templates():
        text = path.read_text()
        for pattern in (
            r"<script(?![^>]*\bsrc=)[^>]*>",
            r"\son[a-z]+\s*=",
            r"\sstyle\s*=",
            r"<style",
        ):
            if re.search(pattern, text, flags=re.IGNORECASE):
                offenders.append(f"{path.relative_to(TEMPLATE_ROOT)}: {pattern}")
    assert _templates(), "no templates found"
    assert offenders == []


def test_sign_in_is_throttled_after_repeated_failures(client, db):
    UserFactory.create(username="target", password="the-right-password-123")
    url = reverse("accounts:login")
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "target", "password": "wrong"})
        assert response.status_code == 200
        assert b"didn" in response.content  # the ordinary "didn't match" message
    response = client.post(url, {"username": "target", "password": "wrong"})
    assert response.status_code == 429
    # Locked out: even the right password is refused for now.
    response = client.post(url, {"username": "target", "password": "the-right-password-123"})
    assert response.status_code == 429
    assert b"Too many attempts" in response.content


def test_sign_in_with_the_right_password_works(client, db):
    UserFactory.create(username="rightful", password="the-right-password-123")
    response = client.post(
        reverse("accounts:login"), {"username": "rightful", "password": "the-right-password-123"}
    )
    assert response.status_code == 302
    assert response.url == reverse("governments:dashboard")


@pytest.mark.parametrize("path", ["/", "/accounts/login/"])
def test_pages_set_protective_headers(client, db, path):
    response = client.get(path)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "path",
    ["/static/lazos/css/lazos.css", "/static/lazos/js/lazos.js", "/static/vendor/htmx/htmx.min.js"],
)
def test_assets_are_served_by_the_application_itself(client, db, path):
    response = client.get(path)
    assert response.status_code == 200


def test_pages_load_no_asset_from_another_origin(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert re.findall(r'(?:src|href)="(https?:)?//', html) == []


def test_templates_do_not_repeat_a_literal_id():
    """Each literal id="…" appears once per template (duplicate ids break labels and ARIA)."""
    duplicates = []
    for path in _templates():
        ids = re.findall(r'\sid="([^"{}]+)"', path.read_text())
        repeated = {i for i in ids if ids.count(i) > 1}
        if repeated:
            duplicates.append(f"{path.relative_to(TEMPLATE_ROOT)}: {sorted(repeated)}")
    assert duplicates == []
