"""Personal data in accounts: people's accounts, their sign-in records, and the requests
about personal data themselves.

An account belongs to the person, not to one government (they may be a member of several):
an administrator exports it, but erasing it is not theirs to do: the site's operator runs
``lazos erase_account USERNAME`` once the person's memberships are removed
(``services.erase_account``). Sign-in records are kept ``LAZOS_SIGNIN_RECORD_RETENTION_DAYS``
(``lazos apply_retention``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lazos.accounts.models import PersonalDataRequest, User
from lazos.core.personal_data import ERASED, Erasure, PersonalDataProvider, users_matching


@dataclass
class AccountProvider(PersonalDataProvider):
    """Accounts of the government's members."""

    def queryset(self, government: Any) -> models.QuerySet[Any]:
        return User.objects.filter(memberships__government=government).distinct()

    def identifier_filter(self, identifiers: Sequence[str]) -> Q:
        return Q(pk__in=users_matching(identifiers))


@dataclass
class SignInRecordProvider(PersonalDataProvider):
    """django-axes' records of sign-in attempts (username, address, browser), which hold no
    government: those of the government's members' usernames."""

    def queryset(self, government: Any) -> models.QuerySet[Any]:
        members = User.objects.filter(memberships__government=government).values("username")
        return self.model._default_manager.filter(username__in=members)

    def identifier_filter(self, identifiers: Sequence[str]) -> Q:
        usernames = User.objects.filter(pk__in=users_matching(identifiers)).values("username")
        return Q(username__in=usernames)


accounts = AccountProvider(
    model=User,
    personal_fields=(
        "username",
        "first_name",
        "last_name",
        "email",
        "preferred_language",
        "date_joined",
        "last_login",
    ),
    erasure=Erasure.KEEP,
    erasure_note=_(
        "An account can belong to several governments, so erasing here leaves it as it is: "
        "remove the person's membership; the site's operator then closes the account."
    ),
    tenant_owned=False,
    purpose=_("to let the government's staff sign in and to record who changed what"),
)

_SIGN_IN_FIELDS = ("username", "ip_address", "user_agent", "attempt_time")
sign_in_records = [
    SignInRecordProvider(
        model=model,
        personal_fields=_SIGN_IN_FIELDS,
        erasure=Erasure.DELETE,
        repr_is_personal=False,
        tenant_owned=False,
        purpose=_("to stop passwords being guessed (failed and successful sign-ins)"),
        retention_setting="LAZOS_SIGNIN_RECORD_RETENTION_DAYS",
        retention_field="attempt_time",
    )
    for model in (AccessAttempt, AccessFailureLog, AccessLog)
]

requests = PersonalDataProvider(
    model=PersonalDataRequest,
    match_fields=("name", "email"),
    personal_fields=("name", "email"),
    anonymised={"name": ERASED, "email": ""},
    erasure=Erasure.ANONYMISE,
    purpose=_("to show that a request about personal data was answered, and when"),
)
