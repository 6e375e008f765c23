"""Two-factor sign-in: required for administrators, optional for everyone, recovery codes,
reset by another administrator, and the second step rate-limited like the password."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from lazos.accounts import two_factor
from lazos.accounts.models import RecoveryCode, RecoveryCodeDevice, User
from lazos.accounts.services import regenerate_recovery_codes, set_up_two_factor
from lazos.accounts.testing import (
    authenticator_for,
    code_for_secret,
    current_code,
    sign_in_verified,
)
from lazos.api.services import create_api_token
from lazos.core.models import AuditEvent
from lazos.core.testing import TenantWorld
from lazos.core.testing.builders import MembershipFactory, UserFactory
from lazos.core.testing.matrix import assert_permission_matrix

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-for-tests-1"
REQUIRED = override_settings(LAZOS_REQUIRE_2FA_FOR_ADMINS=True)


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()  # the password reset limits live in the cache
    yield
    cache.clear()


def with_password(user: User) -> User:
    user.set_password(PASSWORD)
    user.save()
    return user


def password_step(client: Client, user: User, **data: str):
    return client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD, **data}
    )


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def user_events(user: User) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
        ).order_by("pk")
    )


def set_up_through_pages(client: Client) -> list[str]:
    """Set up an authenticator as a person would: the page, then a code from the app. The
    recovery codes shown once."""
    page = client.get(reverse("accounts:two-factor-setup"))
    assert page.status_code == 200
    secret = client.session[two_factor.SETUP_KEY]
    response = client.post(reverse("accounts:two-factor-setup"), {"code": code_for_secret(secret)})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-codes"))
    codes_page = client.get(response["Location"])
    assert codes_page.status_code == 200
    return list(codes_page.context["codes"])


# --- Required for administrators ------------------------------------------------------------------


@REQUIRED
def test_two_factor_required_for_administrators(world: TenantWorld):
    """An administrator signing in without an authenticator is sent to set it up; every staff
    page and the API through the session refuse until then; after set-up, everything opens."""
    admin = with_password(world.users["administrator"])
    client = Client()
    assert password_step(client, admin).status_code == 302
    setup = reverse("accounts:two-factor-setup")

    staff_pages = [
        reverse("governments:dashboard"),
        reverse("governments:membership-list"),
        reverse("governments:government"),
        reverse("agreements:agreement-list"),
        reverse("partners:partner-list"),
        reverse("api:token-list"),
        reverse("accounts:profile"),
    ]
    for url in staff_pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(setup), url
    # A write is refused too, and the API through the session answers 403.
    response = client.post(reverse("governments:government-edit"), {"name": "Hijacked"})
    assert response.status_code == 302
    assert response["Location"] == setup
    assert client.get(reverse("api:me")).status_code == 403

    # The set-up page: a QR code drawn inline, and the secret for typing in.
    page = client.get(setup)
    content = page.content.decode()
    assert '<svg role="img"' in content
    assert "<title>QR code for your authenticator app</title>" in content
    assert 'class="segno"' in content
    assert "http" not in content.split("<svg", 1)[1].split("</svg>", 1)[0]  # no outside image
    assert page.context["secret"].replace(" ", "") in content.replace(" ", "")
    assert "otpauth://" not in content  # the address is drawn, never written out

    codes = set_up_through_pages(client)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    for url in staff_pages:
        assert client.get(url).status_code == 200, url
    # Stored as digests only, and the set-up recorded.
    stored = set(RecoveryCode.objects.values_list("digest", flat=True))
    assert not stored & set(codes)
    assert len(stored) == 10
    assert "Two-factor sign-in set up." in [e.note for e in user_events(admin)]
    # The codes were shown once.
    assert client.get(reverse("accounts:two-factor-codes")).status_code == 302


@REQUIRED
def test_an_instance_administrator_must_set_it_up_too(db):
    root = with_password(UserFactory.create(username="root", is_superuser=True))
    client = Client()
    password_step(client, root)
    response = client.get(reverse("governments:government-list"))
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))


@REQUIRED
def test_set_up_sign_out_and_language_stay_open(world: TenantWorld):
    client = Client()
    client.force_login(world.users["administrator"])
    assert client.get(reverse("accounts:two-factor-setup")).status_code == 200
    assert client.post(reverse("accounts:set-language"), {"language": "es"}).status_code == 302
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not signed_in(client)


@REQUIRED
def test_other_members_are_not_asked(world: TenantWorld):
    for who in ("coordinator", "editor", "viewer"):
        client = Client()
        client.force_login(world.users[who])
        assert client.get(reverse("governments:dashboard")).status_code == 200, who


def test_not_required_when_the_setting_is_off(world: TenantWorld, settings):
    settings.LAZOS_REQUIRE_2FA_FOR_ADMINS = False
    client = Client()
    client.force_login(world.users["administrator"])
    assert client.get(reverse("governments:dashboard")).status_code == 200


@REQUIRED
def test_verified_clients_of_the_permission_matrix_see_what_they_saw(world: TenantWorld):
    """The matrix's administrators are signed in with the second step done (and nobody else
    is asked), so every permission matrix holds with the requirement on."""
    assert_permission_matrix(
        world,
        reverse("governments:membership-list"),
        {
            "anonymous": 302,
            "stranger": 403,
            "outsider": 200,
            "administrator": 200,
            "coordinator": 200,
            "editor": 200,
            "viewer": 200,
        },
    )


@REQUIRED
def test_api_tokens_are_not_affected(world: TenantWorld):
    """A token is not a sign-in: an administrator without an authenticator still uses theirs."""
    admin = world.users["administrator"]
    _token, raw_key = create_api_token(world.government, acting_user=admin, name="script")
    response = Client().get(reverse("api:me"), HTTP_AUTHORIZATION=f"Token {raw_key}")
    assert response.status_code == 200


# --- The second step ----------------------------------------------------------------------------


def test_sign_in_asks_for_a_code_and_the_session_is_verified_only_after_it(world: TenantWorld):
    viewer = with_password(world.users["viewer"])  # optional for everyone
    device = authenticator_for(viewer)
    client = Client()
    response = password_step(client, viewer, next=reverse("accounts:profile"))
    assert response["Location"] == reverse("accounts:two-factor-verify")
    assert not signed_in(client)  # the password alone signs nobody in
    assert client.get(reverse("governments:dashboard")).status_code == 302

    page = client.get(reverse("accounts:two-factor-verify"))
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()
    wrong = client.post(reverse("accounts:two-factor-verify"), {"code": "000000"})
    assert wrong.status_code == 200
    assert not signed_in(client)
    assert wrong.context["form"].errors["code"]
    # django-otp makes the app's codes wait a moment after a wrong one (not counted again).
    early = client.post(reverse("accounts:two-factor-verify"), {"code": current_code(device)})
    assert "wait" in str(early.context["form"].errors["code"])
    assert not signed_in(client)
    device.refresh_from_db()
    device.throttle_reset()

    response = client.post(reverse("accounts:two-factor-verify"), {"code": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert signed_in(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(reverse("governments:dashboard")).status_code == 200


def test_a_session_signed_in_otherwise_must_still_give_a_code(world: TenantWorld):
    viewer = world.users["viewer"]
    device = authenticator_for(viewer)
    client = Client()
    client.force_login(viewer)  # e.g. a session opened before two-factor was set up
    response = client.get(reverse("governments:dashboard"))
    assert response["Location"].startswith(reverse("accounts:two-factor-verify"))
    client.post(reverse("accounts:two-factor-verify"), {"code": current_code(device)})
    assert client.get(reverse("governments:dashboard")).status_code == 200


def test_the_code_step_expires_without_the_password_step(db):
    response = Client().get(reverse("accounts:two-factor-verify"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_wrong_codes_count_towards_the_sign_in_lock(world: TenantWorld):
    viewer = with_password(world.users["viewer"])
    device = authenticator_for(viewer)
    client = Client(REMOTE_ADDR="198.51.100.7")
    password_step(client, viewer)
    url = reverse("accounts:two-factor-verify")

    def wrong(code: str) -> int:
        device.refresh_from_db()
        device.throttle_reset()  # past django-otp's short wait between codes
        return client.post(url, {"code": code}).status_code

    assert wrong("111111") == 200
    assert wrong("222222") == 200
    assert wrong("333333") == 429  # the third locks
    device.refresh_from_db()
    device.throttle_reset()
    # Locked: even the right code is refused now, from anywhere.
    assert client.post(url, {"code": current_code(device)}).status_code == 429
    assert not signed_in(client)
    # From another address, even the password step is refused now.
    assert password_step(Client(REMOTE_ADDR="203.0.113.9"), viewer).status_code == 429


# --- Recovery codes --------------------------------------------------------------------------------


def test_a_recovery_code_signs_in_once_and_its_use_is_recorded(world: TenantWorld):
    viewer = with_password(world.users["viewer"])
    device = authenticator_for(viewer)
    codes = regenerate_recovery_codes(viewer, acting_user=viewer)
    assert device.pk
    url = reverse("accounts:two-factor-verify")

    client = Client()
    password_step(client, viewer)
    assert client.post(url, {"code": codes[0].upper()}).status_code == 302  # case ignored
    assert signed_in(client)
    used = RecoveryCode.objects.get(used_at__isnull=False)
    assert used.device.user == viewer
    assert "Recovery code used to sign in (9 left)." in [e.note for e in user_events(viewer)]

    again = Client()
    password_step(again, viewer)
    assert again.post(url, {"code": codes[0]}).status_code == 200
    assert not signed_in(again)
    assert two_factor.recovery_codes_left(viewer) == 9


def test_recovery_codes_are_replaced_with_the_password(world: TenantWorld):
    viewer = with_password(world.users["viewer"])
    client = Client()
    device = sign_in_verified(client, viewer)
    old = regenerate_recovery_codes(viewer, acting_user=viewer)
    url = reverse("accounts:two-factor-regenerate")
    assert client.post(url, {"password": "not-it"}).status_code == 200
    response = client.post(url, {"password": PASSWORD})
    assert response["Location"] == reverse("accounts:two-factor-codes")
    new = client.get(response["Location"]).context["codes"]
    assert len(new) == 10
    assert not set(new) & set(old)
    assert RecoveryCodeDevice.objects.filter(user=viewer).count() == 1
    assert RecoveryCode.objects.count() == 10
    assert device.pk  # the authenticator stays


# --- Optional: set up and turn off ------------------------------------------------------------------


def test_anyone_may_set_it_up_from_the_profile_and_turn_it_off(world: TenantWorld):
    editor = with_password(world.users["editor"])
    client = Client()
    client.force_login(editor)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:two-factor-setup") in profile
    set_up_through_pages(client)
    device = TOTPDevice.objects.get(user=editor, confirmed=True)
    assert (
        reverse("accounts:two-factor-disable")
        in client.get(reverse("accounts:profile")).content.decode()
    )

    url = reverse("accounts:two-factor-disable")
    assert client.post(url, {"password": PASSWORD, "code": "000000"}).status_code == 200
    assert client.post(url, {"password": "wrong", "code": current_code(device)}).status_code == 200
    assert TOTPDevice.objects.filter(user=editor).exists()
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(url, {"password": PASSWORD, "code": current_code(device, steps_ahead=1)})
    assert response["Location"] == reverse("accounts:profile")
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not RecoveryCodeDevice.objects.filter(user=editor).exists()
    assert "Two-factor sign-in turned off." in [e.note for e in user_events(editor)]
    assert client.get(reverse("governments:dashboard")).status_code == 200


@REQUIRED
def test_an_administrator_cannot_turn_it_off(world: TenantWorld):
    admin = with_password(world.users["administrator"])
    client = world.client_for("administrator")
    device = TOTPDevice.objects.get(user=admin)
    response = client.post(
        reverse("accounts:two-factor-disable"), {"password": PASSWORD, "code": current_code(device)}
    )
    assert response["Location"] == reverse("accounts:profile")
    assert TOTPDevice.objects.filter(user=admin).exists()


def test_a_wrong_set_up_code_is_refused(world: TenantWorld):
    client = Client()
    client.force_login(world.users["viewer"])
    client.get(reverse("accounts:two-factor-setup"))
    response = client.post(reverse("accounts:two-factor-setup"), {"code": "12345x"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not TOTPDevice.objects.exists()


def test_the_set_up_service_refuses_someone_else(world: TenantWorld):
    from django.core.exceptions import PermissionDenied

    secret = two_factor.new_secret()
    with pytest.raises(PermissionDenied):
        set_up_two_factor(
            world.users["viewer"],
            acting_user=world.users["administrator"],
            secret=secret,
            code=code_for_secret(secret),
        )


def test_a_password_reset_does_not_skip_the_code(world: TenantWorld, mailoutbox):
    viewer = with_password(world.users["viewer"])
    viewer.email = "viewer@example.org"
    viewer.save()
    device = authenticator_for(viewer)
    client = Client()
    client.post(reverse("accounts:password-reset"), {"email": viewer.email})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password/reset/" in line)
    path = link[link.index("/accounts/") :].strip()
    form_page = client.get(path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "another-long-passphrase-2",
            "new_password2": "another-long-passphrase-2",
        },
    )
    assert response["Location"] == reverse("accounts:two-factor-verify")
    assert not signed_in(client)
    client.post(reverse("accounts:two-factor-verify"), {"code": current_code(device)})
    assert signed_in(client)


# --- Reset by another administrator -------------------------------------------------------------------


def test_an_administrator_resets_a_members_two_factor(world: TenantWorld):
    coordinator = world.users["viewer"]  # the member who lost their phone
    coordinator_client = Client()
    sign_in_verified(coordinator_client, coordinator)
    regenerate_recovery_codes(coordinator, acting_user=coordinator)
    membership = coordinator.memberships.get(government=world.government)
    url = reverse("accounts:two-factor-reset", args=[membership.pk])

    detail = world.client_for("administrator").get(membership.get_absolute_url())
    assert url in detail.content.decode()
    assert (
        url
        not in world.client_for("coordinator").get(membership.get_absolute_url()).content.decode()
    )

    assert world.client_for("coordinator").post(url).status_code == 403
    assert world.client_for("outsider").post(url).status_code == 404  # another government
    assert world.client_for("stranger").post(url).status_code == 403
    assert TOTPDevice.objects.filter(user=coordinator).exists()

    admin_client = world.client_for("administrator")
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url)
    assert response["Location"] == membership.get_absolute_url()
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert not RecoveryCodeDevice.objects.filter(user=coordinator).exists()
    # The coordinator's open session ended.
    assert coordinator_client.get(reverse("governments:dashboard")).status_code == 302
    # Who reset whose, when: in the government's activity log.
    event = user_events(coordinator)[-1]
    assert event.government_id == world.government.pk
    assert event.actor_id == world.users["administrator"].pk
    assert event.note == f"Two-factor sign-in reset by {world.users['administrator'].username}."
    assert event.occurred_at is not None


def test_an_administrator_cannot_reset_their_own(world: TenantWorld):
    admin = world.users["administrator"]
    membership = admin.memberships.get(government=world.government)
    url = reverse("accounts:two-factor-reset", args=[membership.pk])
    assert world.client_for("administrator").post(url).status_code == 403


@REQUIRED
def test_after_a_reset_an_administrator_sets_up_again(world: TenantWorld):
    second = with_password(UserFactory.create(username="second-admin"))
    membership = MembershipFactory.create(
        government=world.government, user=second, role="administrator"
    )
    authenticator_for(second)
    world.client_for("administrator").post(
        reverse("accounts:two-factor-reset", args=[membership.pk])
    )
    client = Client()
    assert password_step(client, second)["Location"] != reverse("accounts:two-factor-verify")
    response = client.get(reverse("governments:dashboard"))
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))


def test_an_operator_resets_from_the_command_line(world: TenantWorld):
    """When the only administrator lost their phone, someone with access to the server can."""
    from django.core.management import CommandError, call_command

    admin = world.users["administrator"]
    authenticator_for(admin)
    call_command("reset_two_factor", world.government.slug, admin.username)
    assert not TOTPDevice.objects.filter(user=admin).exists()
    event = user_events(admin)[-1]
    assert event.channel == "command"
    assert event.actor_id is None
    assert event.government_id == world.government.pk
    with pytest.raises(CommandError):
        call_command("reset_two_factor", world.other_government.slug, admin.username)
