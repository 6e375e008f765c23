"""The email telling an asker that their question has a new answer.

Plain text, written in the recipient's preferred language (otherwise the language of the
government they asked from), with absolute links (``LAZOS_BASE_URL``).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from lazos.community.models import Notification
from lazos.core.mail import build_message, render_subject
from lazos.reminders.digest import digest_language

logger = logging.getLogger(__name__)


def render_answer_email(notification: Notification) -> EmailMessage:
    recipient = notification.recipient
    question = notification.question
    answer = notification.answer
    language = digest_language(recipient, [question.government])
    base_url = str(getattr(settings, "LAZOS_BASE_URL", "")).rstrip("/")
    with translation.override(language):
        context = {
            "user": recipient,
            "question": question,
            "answer": answer,
            "answerer": answer.author if answer else None,
            "answer_government": answer.government if answer else None,
            "thread_url": base_url
            + question.get_absolute_url()
            + (f"#answer-{answer.pk}" if answer else ""),
            "notifications_url": base_url + reverse("community:notification-list"),
            "instance_name": settings.LAZOS_INSTANCE_NAME,
        }
        subject = render_subject("community/email/answer_subject.txt", context)
        body = render_to_string("community/email/answer.txt", context)
    return build_message(subject, body, [recipient.email], headers={"Content-Language": language})


def send_answer_email(notification_id: int) -> bool:
    """Send the email of one "answer" notification; False when there is nobody to send to."""
    notification = (
        Notification.objects.select_related(
            "recipient",
            "question__government",
            "answer__author",
            "answer__government",
        )
        .filter(pk=notification_id)
        .first()
    )
    if notification is None:
        return False
    recipient = notification.recipient
    if not recipient.email or not recipient.is_active:
        return False
    render_answer_email(notification).send()
    logger.info("Community answer email sent to %s", recipient.username)
    return True
