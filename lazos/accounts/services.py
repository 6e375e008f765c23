"""Writes to accounts: every one audited."""

from django.db import transaction

from lazos.accounts.models import User
from lazos.core import audit


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
