"""Writes to accounts: every one audited."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from lazos.accounts import two_factor
from lazos.accounts.models import (
    PersonalDataRequest,
    RecoveryCode,
    RecoveryCodeDevice,
    User,
    recovery_code_digest,
)
from lazos.core import audit, personal_data
from lazos.core.models import AuditEvent
from lazos.core.personal_data import PersonalDataProvider
from lazos.governments.choices import Role
from lazos.governments.models import Government, Membership

logger = logging.getLogger(__name__)


@transaction.atomic
def set_preferred_language(user: User, *, language: str, acting_user: User) -> User:
    with audit.recording(user, actor=acting_user):
        user.preferred_language = language
        user.full_clean(exclude=["password"])
        user.save(update_fields=["preferred_language"])
    return user


@transaction.atomic
def update_profile(
    user: User, *, acting_user: User, first_name: str, last_name: str, email: str, language: str
) -> User:
    with audit.recording(user, actor=acting_user):
        user.first_name, user.last_name, user.email = first_name, last_name, email
        user.preferred_language = language
        user.full_clean(exclude=["password"])
        user.save(update_fields=["first_name", "last_name", "email", "preferred_language"])
    return user


# --- Two-factor sign-in and sessions -----------------------------------------------------------
#
# A person's authenticator (django-otp's TOTPDevice) and recovery codes (RecoveryCodeDevice)
# belong to them alone; every change is an audit event on the person, and a reset by an
# administrator is also an event of that government (who reset whose, when).


def _record(
    user: User,
    *,
    acting_user: User | None,
    note: str,
    changes: dict[str, Any] | None = None,
    government: Government | None = None,
) -> None:
    audit.write_event(
        user,
        action=audit.AuditAction.UPDATE,
        actor=acting_user,
        changes=changes or {},
        government_id=government.pk if government is not None else None,
        note=note,
    )


def _replace_recovery_codes(user: User) -> list[str]:
    """Delete the person's recovery codes and make ten new ones; the codes, to show once."""
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = two_factor.new_recovery_codes()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=recovery_code_digest(code)) for code in codes
    )
    return codes


@transaction.atomic
def set_up_two_factor(
    user: User, *, acting_user: User, secret: str, code: str
) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator being set up with a code from it; the new device and ten new
    recovery codes (to show once). Replaces any authenticator the person had."""
    if acting_user.pk != user.pk:
        raise PermissionDenied
    if not two_factor.check_new_secret(secret, code):
        raise ValidationError(
            _("That code does not match. Check the time on your phone and try again."),
            code="invalid",
        )
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="authenticator", key=secret, confirmed=True)
    codes = _replace_recovery_codes(user)
    _record(user, acting_user=acting_user, note="Two-factor sign-in set up.")
    return device, codes


def check_password_and_code(user: User, *, password: str, code: str) -> bool:
    """The proof asked before turning two-factor off: the password and a current code (from
    the app, or a recovery code)."""
    if not user.check_password(password):
        return False
    return verify_code(user, code) is not None


def verify_code(user: User, code: str) -> Device | None:
    """The device (authenticator or recovery codes) that accepts ``code``, if any. A recovery
    code is used up, and its use recorded."""
    code = code.strip()
    if not code:
        return None
    digits = "".join(code.split())
    with transaction.atomic():
        if digits.isdigit():
            for totp in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
                if totp.verify_token(digits):
                    return totp
            return None
        for device in RecoveryCodeDevice.objects.select_for_update().filter(
            user=user, confirmed=True
        ):
            if device.verify_token(code):
                left = two_factor.recovery_codes_left(user)
                _record(
                    user,
                    acting_user=user,
                    note=f"Recovery code used to sign in ({left} left).",
                )
                return device
    return None


@transaction.atomic
def disable_two_factor(user: User, *, acting_user: User) -> None:
    """Remove the person's authenticator and recovery codes (they proved who they are with
    their password and a code). Refused to those who must use two-factor sign-in."""
    if acting_user.pk != user.pk:
        raise PermissionDenied
    if two_factor.required_for(user):
        raise ValidationError(
            _("Administrators must use two-factor sign-in: it cannot be turned off."),
            code="required",
        )
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
    _record(user, acting_user=acting_user, note="Two-factor sign-in turned off.")


@transaction.atomic
def regenerate_recovery_codes(user: User, *, acting_user: User) -> list[str]:
    """Ten new recovery codes replacing the old ones (to show once)."""
    if acting_user.pk != user.pk:
        raise PermissionDenied
    if not two_factor.has_authenticator(user):
        raise ValidationError(_("Set up two-factor sign-in first."), code="no-authenticator")
    codes = _replace_recovery_codes(user)
    _record(user, acting_user=acting_user, note="Recovery codes replaced.")
    return codes


@transaction.atomic
def reset_two_factor(government: Government, person: User, *, acting_user: User | None) -> None:
    """An administrator of ``government`` (or an instance administrator) removes a member's
    authenticator and recovery codes, for a lost phone: the member sets up again at their
    next sign-in. Their open sessions end too. Recorded in the government's activity log.
    ``acting_user`` is None only from the command line (``lazos reset_two_factor``), for an
    operator with access to the server.

    A person who is not a member of ``government`` is not found (404), like any object of
    another government."""
    if (
        acting_user is not None
        and not acting_user.is_superuser
        and not (
            Membership.objects.for_tenant(government)
            .filter(user=acting_user, role=Role.ADMINISTRATOR)
            .exists()
        )
    ):
        raise PermissionDenied
    if not Membership.objects.for_tenant(government).filter(user=person).exists():
        raise Http404
    person = User.objects.select_for_update().get(pk=person.pk)
    TOTPDevice.objects.filter(user=person).delete()
    RecoveryCodeDevice.objects.filter(user=person).delete()
    person.session_generation += 1
    person.save(update_fields=["session_generation"])
    _record(
        person,
        acting_user=acting_user,
        government=government,
        note=f"Two-factor sign-in reset by {audit_name(acting_user)}.",
        changes={"two_factor": {"before": "set up", "after": "reset"}},
    )


def audit_name(user: User | None) -> str:
    return user.get_username() if user is not None else str(audit.current_channel().label)


@transaction.atomic
def sign_out_everywhere(user: User, *, acting_user: User) -> None:
    """End every session of ``user`` (on every browser and device), this one included."""
    if acting_user.pk != user.pk:
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    with audit.recording(user, actor=acting_user, note="Signed out everywhere."):
        user.session_generation += 1
        user.save(update_fields=["session_generation"])


# --- Personal data: requests, export, erasure, retention ----------------------------------------
#
# What a government holds about a person is spread over the apps' rows (contacts, travellers,
# contributions…); each app declares its share in lazos/core/personal_data.py's registry.
# Only the government's administrators handle a request. Erasure writes no erased value
# anywhere: the audit events that held them are redacted, and one event on the request says
# who erased which records, when.


def _check_administrator(government: Government, acting_user: User) -> None:
    if not (
        acting_user.is_superuser
        or Membership.objects.for_tenant(government)
        .filter(user=acting_user, role=Role.ADMINISTRATOR)
        .exists()
    ):
        raise PermissionDenied


def _check_request(government: Government, request: PersonalDataRequest) -> None:
    if request.government_id != government.pk:
        raise Http404


def _locked_request(government: Government, request: PersonalDataRequest) -> PersonalDataRequest:
    """The request as stored, locked until the transaction ends; another government's is not
    found."""
    locked = (
        PersonalDataRequest.objects.for_tenant(government)
        .select_for_update()
        .filter(pk=request.pk)
        .first()
    )
    if locked is None:
        raise Http404
    return locked


@transaction.atomic
def open_personal_data_request(
    government: Government, *, acting_user: User, name: str, email: str
) -> PersonalDataRequest:
    """Record a person's request about their data, with the name and email to look for."""
    _check_administrator(government, acting_user)
    request = PersonalDataRequest(
        government=government, name=name.strip(), email=email.strip(), opened_by=acting_user
    )
    if not request.identifiers:
        raise ValidationError(_("Give the person's name, email or both."), code="empty")
    with audit.recording(request, actor=acting_user):
        request.full_clean()
        request.save()
    return request


@dataclass
class HeldData:
    """One kind of record held about a person: how it is handled, and the rows found."""

    provider: PersonalDataProvider
    rows: list[dict[str, Any]]

    @property
    def kind(self) -> str:
        return self.provider.kind

    @property
    def table(self) -> tuple[list[str], list[list[Any]]]:
        """Column labels, and each row's values in that order (for the pages)."""
        columns = [("id", str(_("record"))), *self.provider.columns()]
        return [label for _key, label in columns], [
            [row.get(key) for key, _label in columns] for row in self.rows
        ]


def personal_data_held(government: Government, request: PersonalDataRequest) -> list[HeldData]:
    """Everything ``government`` holds about the person of ``request``, kind by kind (kinds
    with nothing found are left out)."""
    _check_request(government, request)
    held = []
    for provider in personal_data.providers():
        rows = provider.export(government, request.identifiers)
        if rows:
            held.append(HeldData(provider=provider, rows=rows))
    return held


@transaction.atomic
def export_personal_data(
    government: Government, request: PersonalDataRequest, *, acting_user: User
) -> dict[str, Any]:
    """The person's data as one machine-readable document (for a data-subject access
    request); the export is recorded on the request."""
    _check_administrator(government, acting_user)
    request = _locked_request(government, request)
    now = timezone.now()
    held = personal_data_held(government, request)
    document = {
        "format": "lazos-personal-data",
        "version": 1,
        "government": {"name": government.name, "slug": government.slug},
        "person": {"name": request.name, "email": request.email},
        "exported_at": now.isoformat(),
        "exported_by": acting_user.get_username(),
        "records": {
            item.provider.label: {
                "kind": str(item.kind),
                "purpose": str(item.provider.purpose),
                "rows": item.rows,
            }
            for item in held
        },
    }
    with audit.recording(request, actor=acting_user, note="Exported personal data."):
        request.exported_at = now
        request.save(update_fields=["exported_at", "updated_at"])
    return document


@transaction.atomic
def erase_personal_data(
    government: Government, request: PersonalDataRequest, *, acting_user: User
) -> dict[str, list[Any]]:
    """Erase what ``government`` holds about the person: each kind of record deleted or
    anonymised as its app declares, the values replaced by ``[erased]`` in the audit trail,
    and one audit event that says who erased which records (ids, never values)."""
    _check_administrator(government, acting_user)
    request = _locked_request(government, request)
    if request.erased_at is not None:
        raise ValidationError(_("This person's data was already erased."), code="erased")
    identifiers = request.identifiers
    records = []
    for provider in personal_data.providers():
        records += provider.erase(government, identifiers)
    erased: dict[str, list[Any]] = {}
    for record in records:
        erased.setdefault(record.label, []).append(record.pk)
    redacted = personal_data.redact_audit_events(government.pk, records)
    request.refresh_from_db()
    with audit.recording(request, actor=acting_user, note="Erased personal data.") as change:
        request.erased_at, request.erased_by = timezone.now(), acting_user
        request.erased_records = {"records": erased, "audit_events_redacted": redacted}
        request.save(update_fields=["erased_at", "erased_by", "erased_records", "updated_at"])
    logger.info(
        "Personal data erased in %s by %s: %s records, %s audit events redacted (event %s)",
        government.slug,
        acting_user.get_username(),
        len(records),
        redacted,
        change.event.pk if change.event else None,
    )
    return erased


def apply_retention(now: datetime.datetime | None = None) -> dict[str, int]:
    """Remove the personal data kept past its retention (``LAZOS_*_RETENTION_DAYS``): rows
    deleted or anonymised as each app declares, their values erased from the audit trail,
    and an audit event for each government (or, for rows of no government, one for the
    instance) saying how many records went. Counts by kind of record."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    for provider in personal_data.providers():
        if not provider.retention_days():
            continue
        with transaction.atomic():
            records = provider.expire(now)
            if not records:
                continue
            counts[provider.label] = len(records)
            by_government: dict[int | None, list[personal_data.ErasedRecord]] = {}
            for record in records:
                by_government.setdefault(record.government_id, []).append(record)
            for government_id, found in by_government.items():
                if government_id is not None:
                    personal_data.redact_audit_events(government_id, found)
                _record_retention(provider, government_id, found)
    return counts


def _record_retention(
    provider: PersonalDataProvider,
    government_id: int | None,
    records: list[personal_data.ErasedRecord],
) -> None:
    days = provider.retention_days()
    what = "deleted" if provider.retention_erasure == personal_data.Erasure.DELETE else "anonymised"
    AuditEvent.objects.create(
        government_id=government_id,
        actor_label=str(audit.current_channel().label),
        channel=audit.current_channel(),
        action=audit.AuditAction.DELETE
        if provider.retention_erasure == personal_data.Erasure.DELETE
        else audit.AuditAction.UPDATE,
        content_type=ContentType.objects.get_for_model(provider.model),
        object_id="",
        object_repr=str(provider.kind)[:200],
        changes={"records": {"before": [record.pk for record in records], "after": what}},
        note=f"Retention: {len(records)} {provider.label} older than {days} days {what} "
        f"({provider.retention_setting}).",
    )


@transaction.atomic
def erase_account(person: User) -> list[personal_data.ErasedRecord]:
    """Close a person's account for good, on request, once no government has them as a
    member (``lazos erase_account``, for the site's operator): the name, email and username
    are replaced (the username by ``erased-<id>``), the account can no longer sign in, its
    two-factor devices and sign-in records go, and the values are erased from the audit
    events about the account. Events the person made keep naming them by the username they
    had (who did what is the trail's purpose). One audit event, as a command, says it
    happened. What each government held about the person is erased by its administrators."""
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.memberships.exists():
        raise ValidationError(
            _("%(person)s is still a member of a government: remove the memberships first."),
            params={"person": person.get_username()},
            code="member",
        )
    record = personal_data.ErasedRecord(
        label=User._meta.label_lower,
        pk=person.pk,
        content_type_id=ContentType.objects.get_for_model(User).pk,
        fields=("username", "first_name", "last_name", "email"),
        values=[value for value in (person.email, person.get_full_name()) if value.strip()],
        repr_is_personal=True,
    )
    records = [record]
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=person.username).delete()
    TOTPDevice.objects.filter(user=person).delete()
    RecoveryCodeDevice.objects.filter(user=person).delete()
    person.username = f"erased-{person.pk}"
    person.first_name = person.last_name = person.email = person.preferred_language = ""
    person.is_active = False
    person.set_unusable_password()
    person.session_generation += 1
    person.save()
    about = AuditEvent.objects.filter(
        content_type_id=record.content_type_id, object_id=str(person.pk)
    )
    for government_id in {None, *about.values_list("government_id", flat=True)}:
        personal_data.redact_audit_events(government_id, records)
    audit.write_event(
        person,
        action=audit.AuditAction.UPDATE,
        actor=None,
        changes={},
        note="Account erased.",
    )
    return records
