"""Sign-in lockout (by username and by address, apart) and password reset limits, with and
without a reverse proxy in front."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from lazos.accounts import limits
from lazos.core.testing.builders import UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
RIGHT = "the-right-password-123"
LIMITS = {"LOGIN_FAILURE_LIMIT": 3, "LOGIN_ADDRESS_FAILURE_LIMIT": 5}


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def visitor(address: str, *, through_proxy: bool = False) -> Client:
    """A browser at ``address``, straight or through the proxy."""
    if through_proxy:
        return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)
    return Client(REMOTE_ADDR=address)


def sign_in(client: Client, username: str, password: str | None = None, **extra: Any) -> int:
    """Post the sign-in form; without a password, a wrong one."""
    response = client.post(
        reverse("accounts:login"),
        {"username": username, "password": password or "a-wrong-guess"},
        **extra,
    )
    return response.status_code


# --- The username counter ---------------------------------------------------------------------


@override_settings(**LIMITS)
def test_failures_from_many_addresses_lock_the_username():
    UserFactory.create(username="target", password=RIGHT)
    for n in range(2):
        assert sign_in(visitor(f"198.51.100.{n}"), "target") == 200
    assert sign_in(visitor("198.51.100.2"), "target") == 429  # the third failure locks
    assert sign_in(visitor("198.51.100.9"), "target", RIGHT) == 429


@override_settings(**LIMITS)
def test_a_locked_username_page_tells_the_owner_to_reset_the_password():
    UserFactory.create(username="target", password=RIGHT)
    attacker = visitor("198.51.100.1")
    for _ in range(3):
        sign_in(attacker, "target")
    page = attacker.post(reverse("accounts:login"), {"username": "target", "password": RIGHT})
    assert page.status_code == 429
    text = page.content.decode()
    assert "Too many attempts" in text
    assert "for this account" in text
    assert reverse("accounts:password-reset") in text


@override_settings(**LIMITS)
def test_the_owner_on_a_browser_they_used_before_is_not_stopped_by_a_username_lock():
    UserFactory.create(username="owner", password=RIGHT)
    laptop = visitor("192.0.2.50")
    assert sign_in(laptop, "owner", RIGHT) == 302
    laptop.post(reverse("accounts:logout"))
    for n in range(4):
        sign_in(visitor(f"198.51.100.{n}"), "owner")
    assert sign_in(visitor("198.51.100.99"), "owner", RIGHT) == 429
    assert sign_in(laptop, "owner", RIGHT) == 302


@override_settings(**LIMITS)
def test_a_forged_known_browser_cookie_does_not_lift_the_lock():
    UserFactory.create(username="owner", password=RIGHT)
    for n in range(3):
        sign_in(visitor(f"198.51.100.{n}"), "owner")
    forger = visitor("198.51.100.77")
    forger.cookies["lazos_known_browser"] = "owner"
    assert sign_in(forger, "owner", RIGHT) == 429


@override_settings(**LIMITS)
def test_resetting_the_password_signs_the_owner_in_and_clears_the_username_lock(mailoutbox):
    user = UserFactory.create(username="owner", email="owner@example.org", password=RIGHT)
    for n in range(3):
        sign_in(visitor(f"198.51.100.{n}"), "owner")
    phone = visitor("192.0.2.60")
    assert sign_in(phone, "owner", RIGHT) == 429

    phone.post(reverse("accounts:password-reset"), {"email": "owner@example.org"})
    found = re.search(r"https?://[^/]+(/\S+)", mailoutbox[-1].body)
    assert found is not None
    link = found[1]
    form_page = phone.get(link, follow=True)
    done = phone.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase-9", "new_password2": "a-brand-new-passphrase-9"},
    )
    assert done.status_code == 302
    assert phone.get(reverse("governments:dashboard")).status_code == 200  # signed in
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase-9")
    # And the lock is gone for any browser.
    assert sign_in(visitor("203.0.113.5"), "owner", "a-brand-new-passphrase-9") == 302


# --- The address counter ----------------------------------------------------------------------


@override_settings(**LIMITS)
def test_failures_on_many_usernames_lock_the_address_and_only_it():
    UserFactory.create(username="victim", password=RIGHT)
    sprayer = visitor("198.51.100.1")
    for n in range(4):
        assert sign_in(sprayer, f"guess{n}") == 200
    assert sign_in(sprayer, "guess-last") == 429  # the fifth failure locks
    assert sign_in(sprayer, "victim", RIGHT) == 429
    page = sprayer.post(reverse("accounts:login"), {"username": "victim", "password": RIGHT})
    assert "from your connection" in page.content.decode()
    # The account itself is not locked: its owner elsewhere signs in.
    assert sign_in(visitor("192.0.2.7"), "victim", RIGHT) == 302


@override_settings(**LIMITS)
def test_signing_in_to_ones_own_account_does_not_wipe_the_address_counter():
    UserFactory.create(username="mine", password=RIGHT)
    UserFactory.create(username="victim", password=RIGHT)
    sprayer = visitor("198.51.100.1")
    for n in range(4):
        sign_in(sprayer, f"guess{n}")
        assert sign_in(sprayer, "mine", RIGHT) == 302
        sprayer.post(reverse("accounts:logout"))
    sign_in(sprayer, "guess-last")
    assert sign_in(sprayer, "victim", RIGHT) == 429


@override_settings(**LIMITS, TRUSTED_PROXIES=[])
def test_without_a_proxy_a_forged_forwarded_header_does_not_reset_the_address_counter():
    UserFactory.create(username="victim", password=RIGHT)
    sprayer = visitor("198.51.100.1")
    for n in range(5):
        sign_in(sprayer, f"guess{n}", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}")
    assert sign_in(sprayer, "victim", RIGHT, HTTP_X_FORWARDED_FOR="1.2.3.200") == 429


@override_settings(**LIMITS, TRUSTED_PROXIES=[f"{PROXY}/32"])
def test_behind_a_proxy_one_visitor_locks_only_their_own_address():
    UserFactory.create(username="colleague", password=RIGHT)
    sprayer = visitor("198.51.100.1", through_proxy=True)
    for n in range(5):
        sign_in(sprayer, f"guess{n}")
    assert sign_in(sprayer, "colleague", RIGHT) == 429
    neighbour = visitor("198.51.100.2", through_proxy=True)
    assert sign_in(neighbour, "colleague", RIGHT) == 302


@override_settings(**LIMITS, TRUSTED_PROXIES=[f"{PROXY}/32"])
def test_behind_a_proxy_a_visitor_cannot_forge_a_fresh_address():
    UserFactory.create(username="victim", password=RIGHT)
    for n in range(5):
        forged = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 198.51.100.1")
        sign_in(forged, f"guess{n}")
    forged = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.99, 198.51.100.1")
    assert sign_in(forged, "victim", RIGHT) == 429


# --- Password reset ---------------------------------------------------------------------------


def _ask_reset(client: Client, email: str):
    return client.post(reverse("accounts:password-reset"), {"email": email})


def test_password_reset_sends_at_most_a_few_links_for_one_email(mailoutbox):
    UserFactory.create(username="rita", email="rita@example.org", password=RIGHT)
    answers = [
        _ask_reset(visitor(f"198.51.100.{n}"), "Rita@Example.org")
        for n in range(limits.RESET_PER_EMAIL + 2)
    ]
    assert len(mailoutbox) == limits.RESET_PER_EMAIL
    assert {(a.status_code, a.url) for a in answers} == {
        (302, reverse("accounts:password-reset-done"))
    }


def test_password_reset_sends_at_most_a_few_links_from_one_address(mailoutbox, monkeypatch):
    monkeypatch.setattr(limits, "RESET_PER_ADDRESS", 2)
    for n in range(4):
        UserFactory.create(username=f"person{n}", email=f"person{n}@example.org", password=RIGHT)
    client = visitor("198.51.100.1")
    for n in range(4):
        _ask_reset(client, f"person{n}@example.org")
    assert len(mailoutbox) == 2
    # Someone else is not affected.
    _ask_reset(visitor("198.51.100.2"), "person3@example.org")
    assert len(mailoutbox) == 3


def test_password_reset_answers_the_same_for_known_unknown_and_limited_emails(mailoutbox):
    UserFactory.create(username="rita", email="rita@example.org", password=RIGHT)
    client = visitor("198.51.100.1")
    known = _ask_reset(client, "rita@example.org")
    unknown = _ask_reset(client, "nobody@example.org")
    for _ in range(limits.RESET_PER_EMAIL):
        limited = _ask_reset(client, "rita@example.org")
    assert len(mailoutbox) == limits.RESET_PER_EMAIL
    assert known.status_code == unknown.status_code == limited.status_code == 302
    assert known.url == unknown.url == limited.url
    assert known.cookies.keys() == unknown.cookies.keys() == limited.cookies.keys()


@override_settings(TRUSTED_PROXIES=[f"{PROXY}/32"])
def test_password_reset_limit_behind_a_proxy_counts_each_visitor(mailoutbox, monkeypatch):
    monkeypatch.setattr(limits, "RESET_PER_ADDRESS", 1)
    UserFactory.create(username="ana", email="ana@example.org", password=RIGHT)
    UserFactory.create(username="bea", email="bea@example.org", password=RIGHT)
    _ask_reset(visitor("198.51.100.1", through_proxy=True), "ana@example.org")
    _ask_reset(visitor("198.51.100.2", through_proxy=True), "bea@example.org")
    assert len(mailoutbox) == 2


@override_settings(TRUSTED_PROXIES=[])
def test_password_reset_limit_ignores_a_forged_forwarded_header(mailoutbox, monkeypatch):
    monkeypatch.setattr(limits, "RESET_PER_ADDRESS", 1)
    UserFactory.create(username="ana", email="ana@example.org", password=RIGHT)
    UserFactory.create(username="bea", email="bea@example.org", password=RIGHT)
    client = visitor("198.51.100.1")
    client.post(
        reverse("accounts:password-reset"),
        {"email": "ana@example.org"},
        HTTP_X_FORWARDED_FOR="1.2.3.4",
    )
    client.post(
        reverse("accounts:password-reset"),
        {"email": "bea@example.org"},
        HTTP_X_FORWARDED_FOR="1.2.3.5",
    )
    assert len(mailoutbox) == 1
