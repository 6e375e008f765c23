"""Every email the product sends has a one-line, bounded subject, whatever its inputs hold.

Rows written before line breaks were normalised (or by raw SQL) can still hold them, and
the instance's name comes from the environment: each kind of email is triggered with line
breaks in every text its subject is made of, through the mail backend Django gives tests.
A source scan keeps every message built in ``lazos/core/mail.py``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lazos.core.mail import SUBJECT_MAX_LENGTH, build_message, email_subject
from lazos.core.text import has_line_break

pytestmark = pytest.mark.django_db

BROKEN = "Line one\r\nLine two\u2028 and\nthree " + "long " * 30  # fits 200 characters
LAZOS = Path(__file__).resolve().parents[2]
# Building a message anywhere else would bypass the safe subject.
MESSAGE_BUILDERS = re.compile(
    r"\b(send_mail|send_mass_mail|mail_admins|mail_managers|EmailMessage|EmailMultiAlternatives)\("
)


def _assert_safe_subjects(outbox: list[Any], expected: int) -> None:
    assert len(outbox) == expected
    for message in outbox:
        assert not has_line_break(str(message.subject)), message.subject
        assert len(message.subject) <= SUBJECT_MAX_LENGTH
        message.message()  # Django refuses to build a message with a broken header


def test_email_subject_is_one_bounded_line():
    assert email_subject("Hello\r\nworld\u2029 ") == "Hello world"
    assert email_subject("x" * 500).endswith("…")
    assert len(email_subject("x" * 500)) == SUBJECT_MAX_LENGTH
    message = build_message(BROKEN, "Body", ["ana@example.org"])
    assert not has_line_break(str(message.subject))


def test_every_message_of_the_product_is_built_by_the_mail_module():
    offenders = []
    for path in LAZOS.rglob("*.py"):
        relative = path.relative_to(LAZOS.parent).as_posix()
        if "/tests/" in relative or relative == "lazos/core/mail.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if MESSAGE_BUILDERS.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "build emails with lazos.core.mail.build_message:\n" + "\n".join(
        offenders
    )


def test_consultation_invitation_and_confirmation(world, django_capture_on_commit_callbacks):
    from lazos.actions.tests.factories import make_actor
    from lazos.consultations import services
    from lazos.consultations.models import Consultation
    from lazos.consultations.tests.factories import ConsultationFactory

    consultation = ConsultationFactory.create(government=world.government)
    Consultation.objects.filter(pk=consultation.pk).update(title=BROKEN)  # a legacy row
    consultation.refresh_from_db()
    actor = make_actor(world.government, "Universidad", email="uni@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_actors(
            consultation, actors=[actor], acting_user=world.users["administrator"]
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_contribution(consultation, text="Yes", email="ana@example.org")
    _assert_safe_subjects(mail.outbox, 2)


def test_member_invitation(world, settings):
    from lazos.accounts.emails import send_invitation
    from lazos.governments.models import Government

    settings.LAZOS_INSTANCE_NAME = "Lazos\r\nstaging"
    Government.objects.filter(pk=world.government.pk).update(name=BROKEN)
    send_invitation(user_id=world.users["viewer"].pk, government_id=world.government.pk)
    _assert_safe_subjects(mail.outbox, 1)


def test_community_answer(world):
    from lazos.community.emails import send_answer_email
    from lazos.community.models import Notification, Question
    from lazos.community.tests.factories import _build_notification

    notification = _build_notification(world.government)
    assert isinstance(notification, Notification)
    Question.objects.filter(pk=notification.question_id).update(title=BROKEN)
    assert send_answer_email(notification.pk)
    _assert_safe_subjects(mail.outbox, 1)


def test_reminder_digest(world, settings):
    from lazos.actions.models import Commitment
    from lazos.actions.tests.factories import CommitmentFactory
    from lazos.reminders.digest import plan_digests, send_digests

    settings.LAZOS_INSTANCE_NAME = BROKEN
    commitment = CommitmentFactory.create(government=world.government)
    Commitment.objects.filter(pk=commitment.pk).update(
        title=BROKEN, due_date=timezone.localdate() - timedelta(days=3)
    )
    plan = plan_digests(today=timezone.localdate(), governments=[world.government])
    sent, failures = send_digests(plan)
    assert sent
    assert not failures
    _assert_safe_subjects(mail.outbox, sent)


def test_password_reset(world, client, settings):
    settings.LAZOS_INSTANCE_NAME = BROKEN
    user = world.users["viewer"]
    user.set_password("a long enough password")
    user.save()
    response = client.post(reverse("accounts:password-reset"), {"email": user.email})
    assert response.status_code == 302
    _assert_safe_subjects(mail.outbox, 1)


def test_a_message_with_a_broken_header_fails_when_built_not_when_sent():
    from django.core.mail import BadHeaderError

    with pytest.raises(BadHeaderError):
        build_message("ok", "Body", ["ana@example.org"], headers={"X-Note": "a\r\nb"})
    assert not mail.outbox
