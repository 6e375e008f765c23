"""Builders of the API app's models."""

from __future__ import annotations

from lazos.api.models import ApiToken
from lazos.api.services import create_api_token
from lazos.core.testing.builders import MembershipFactory, UserFactory, register_builder
from lazos.governments.models import Government


@register_builder(ApiToken)
def build_api_token(government: Government) -> ApiToken:
    """A token of a (new) viewer of ``government``."""
    user = UserFactory.create()
    MembershipFactory.create(government=government, user=user, role="viewer")
    token, _key = create_api_token(government, acting_user=user, name="Builder token")
    return token
