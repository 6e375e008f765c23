"""Emails: every message the product sends is built here.

A subject is a header: a line break in it (a consultation's title, a government's name,
the instance's name…) makes Django refuse the whole message (``BadHeaderError``), and a
very long one is folded or cut by mail servers. :func:`email_subject` makes any text a
safe subject; :func:`build_message` builds the message *now*, headers checked, so a
service can build it inside its transaction (nothing is stored when it cannot be built) and
send it with ``transaction.on_commit``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from lazos.core.text import single_line, truncate

SUBJECT_MAX_LENGTH = 150


def email_subject(text: Any) -> str:
    """``text`` on one line, its spaces collapsed, at most ``SUBJECT_MAX_LENGTH`` long."""
    return truncate(" ".join(single_line(str(text)).split()), SUBJECT_MAX_LENGTH)


def render_subject(template_name: str, context: Mapping[str, Any]) -> str:
    """The subject a template writes (templates end with a newline), made safe."""
    return email_subject(render_to_string(template_name, dict(context)))


def build_message(
    subject: Any,
    body: str,
    to: Sequence[str],
    *,
    html: str = "",
    headers: Mapping[str, str] | None = None,
    from_email: str | None = None,
) -> EmailMultiAlternatives:
    """A ready-to-send message with a safe subject.

    The MIME message is built once here, so a header that cannot be sent raises now
    (``django.core.mail.BadHeaderError``, a ``ValueError``) rather than when sending.
    """
    message = EmailMultiAlternatives(
        email_subject(subject), body, from_email, list(to), headers=dict(headers or {})
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.message()
    return message
