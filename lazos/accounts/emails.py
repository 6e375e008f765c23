"""Emails to people: the invitation to a government."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lazos.core.mail import build_message, render_subject
from lazos.governments.models import Government


def send_invitation(*, user_id: int, government_id: int, base_url: str = "") -> None:
    """Tell a new member they were added, with a link to choose their password."""
    user = get_user_model().objects.get(pk=user_id)
    government = Government.objects.get(pk=government_id)
    context = {
        "user": user,
        "government": government,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "base_url": base_url or getattr(settings, "LAZOS_BASE_URL", ""),
        "instance_name": settings.LAZOS_INSTANCE_NAME,
    }
    subject = render_subject("accounts/email/invitation_subject.txt", context)
    body = render_to_string("accounts/email/invitation.txt", context)
    build_message(subject, body, [user.email]).send()
