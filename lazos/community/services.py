"""Writes to the experts' community: profiles, questions, answers, moderation, notifications.

Every write validates, runs in a transaction and is audited in the government the row belongs
to (the author's, for what they wrote). The author's government is the one they were working
in when writing (``government``), and they must be a member of it. Moderation hides and
restores, never deletes. The asker is emailed about a new answer after the commit; the others
who answered the thread get an in-app notification only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lazos.community.access import reader_for
from lazos.community.badge import forget_unread_counts
from lazos.community.choices import NotificationKind, QuestionStatus
from lazos.community.emails import send_answer_email
from lazos.community.events import ANSWER_RECEIVED
from lazos.community.models import Answer, ExpertProfile, Notification, Question
from lazos.core.events import notify
from lazos.core.services import save_audited
from lazos.governments.models import LANGUAGE_CHOICES, Membership, validate_language_codes

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.governments.models import Government
    from lazos.reference.models import Theme

PROFILE_FIELDS = ("headline", "expertise", "languages", "is_published")
QUESTION_FIELDS = ("title", "body", "language")


def _ensure_member(government: Government, user: User | None) -> None:
    """The author writes for a government they belong to (``None`` is the system)."""
    if user is None:
        return
    if not Membership.objects.for_tenant(government).filter(user=user).exists():
        raise PermissionDenied(_("You are not a member of this government."))


def _ensure_author(author_id: int | None, acting_user: User) -> None:
    if acting_user is not None and author_id != acting_user.pk:
        raise PermissionDenied(_("Only its author may change this."))


def _ensure_moderator(government_id: int, acting_user: User) -> None:
    if not reader_for(acting_user).may_moderate(government_id):
        raise PermissionDenied(
            _("Only an administrator of its government or of the site may moderate this.")
        )


def _clean_languages(languages: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(code for code in languages if code))
    try:
        validate_language_codes(codes)
    except ValidationError as error:
        raise ValidationError({"languages": error.messages}) from error
    return codes


def _check_language(language: str) -> str:
    if language and language not in dict(LANGUAGE_CHOICES):
        raise ValidationError({"language": _("Choose a language from the list.")})
    return language


def _forget_counts(user_ids: Iterable[int]) -> None:
    """Forget cached badge counts now and again after the commit (so that a request reading
    the old count meanwhile does not keep it)."""
    ids = sorted(set(user_ids))
    forget_unread_counts(ids)
    transaction.on_commit(partial(forget_unread_counts, ids))


# --- Profiles ---------------------------------------------------------------------------------


def _profile_values(
    headline: str, expertise: str, languages: Iterable[str], is_published: bool
) -> dict[str, Any]:
    return {
        "headline": headline.strip(),
        "expertise": expertise.strip(),
        "languages": _clean_languages(languages),
        "is_published": is_published,
    }


@transaction.atomic
def publish_profile(
    government: Government,
    *,
    acting_user: User,
    user: User | None = None,
    headline: str,
    expertise: str = "",
    languages: Iterable[str] = (),
    themes: Iterable[Theme | str] = (),
    is_published: bool = True,
) -> ExpertProfile:
    """Create a person's profile in ``government`` (``user`` defaults to the acting user).

    Shown to the instance only when ``is_published`` (the person opts in).
    """
    person = user if user is not None else acting_user
    if person is None:
        raise ValidationError(_("Say whose profile this is."))
    if acting_user is not None and person.pk != acting_user.pk:
        raise PermissionDenied(_("You may only publish your own profile."))
    _ensure_member(government, person)
    profile = ExpertProfile(government=government, user=person)
    return save_audited(
        profile,
        acting_user=acting_user,
        fields=PROFILE_FIELDS,
        values=_profile_values(headline, expertise, languages, is_published),
        m2m={"themes": themes},
    )


@transaction.atomic
def update_profile(
    profile: ExpertProfile,
    *,
    acting_user: User,
    headline: str,
    expertise: str = "",
    languages: Iterable[str] = (),
    themes: Iterable[Theme | str] = (),
    is_published: bool,
) -> ExpertProfile:
    """Change one's profile; ``is_published=False`` withdraws it from the directory."""
    _ensure_author(profile.user_id, acting_user)
    return save_audited(
        profile,
        acting_user=acting_user,
        fields=PROFILE_FIELDS,
        values=_profile_values(headline, expertise, languages, is_published),
        m2m={"themes": themes},
    )


# --- Questions --------------------------------------------------------------------------------


@transaction.atomic
def ask_question(
    government: Government,
    *,
    acting_user: User,
    title: str,
    body: str = "",
    language: str = "",
    themes: Iterable[Theme | str] = (),
    posted_at: datetime | None = None,
) -> Question:
    """Ask the community, writing for ``government``. ``posted_at``: when (default now)."""
    _ensure_member(government, acting_user)
    when = posted_at or timezone.now()
    question = Question(
        government=government, author=acting_user, created_at=when, last_activity_at=when
    )
    return save_audited(
        question,
        acting_user=acting_user,
        fields=QUESTION_FIELDS,
        values={
            "title": title.strip(),
            "body": body.strip(),
            "language": _check_language(language),
        },
        m2m={"themes": themes},
    )


@transaction.atomic
def edit_question(
    question: Question,
    *,
    acting_user: User,
    title: str,
    body: str = "",
    language: str = "",
    themes: Iterable[Theme | str] = (),
) -> Question:
    """The author corrects their question, while a moderator has not hidden it."""
    _ensure_author(question.author_id, acting_user)
    if question.is_hidden:
        raise ValidationError(_("A moderator hid this question: it can no longer be edited."))
    return save_audited(
        question,
        acting_user=acting_user,
        fields=QUESTION_FIELDS,
        values={
            "title": title.strip(),
            "body": body.strip(),
            "language": _check_language(language),
        },
        m2m={"themes": themes},
    )


@transaction.atomic
def close_question(question: Question, *, acting_user: User) -> Question:
    """No more answers: by the asker or a moderator of the question."""
    if question.author_id != getattr(acting_user, "pk", None):
        _ensure_moderator(question.government_id, acting_user)
    if question.status == QuestionStatus.CLOSED:
        raise ValidationError(_("This question is already closed."))
    return save_audited(
        question,
        acting_user=acting_user,
        fields=["status"],
        values={"status": QuestionStatus.CLOSED},
    )


@transaction.atomic
def reopen_question(question: Question, *, acting_user: User) -> Question:
    if question.author_id != getattr(acting_user, "pk", None):
        _ensure_moderator(question.government_id, acting_user)
    if question.status != QuestionStatus.CLOSED:
        raise ValidationError(_("This question is not closed."))
    answered = question.answers.filter(is_accepted=True, is_hidden=False).exists()
    status = QuestionStatus.ANSWERED if answered else QuestionStatus.OPEN
    return save_audited(
        question, acting_user=acting_user, fields=["status"], values={"status": status}
    )


# --- Answers ----------------------------------------------------------------------------------


@transaction.atomic
def answer_question(
    government: Government,
    question: Question,
    *,
    acting_user: User,
    body: str,
    posted_at: datetime | None = None,
    notify_by_email: bool = True,
) -> Answer:
    """Answer a question, writing for ``government``.

    The asker gets a notification (and an email after the commit, unless
    ``notify_by_email`` is False); the others who answered the thread get a notification in
    the app. Nobody is notified of their own answer.
    """
    _ensure_member(government, acting_user)
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.is_hidden:
        raise ValidationError(_("A moderator hid this question: it takes no more answers."))
    if question.status == QuestionStatus.CLOSED:
        raise ValidationError(_("This question is closed: it takes no more answers."))
    when = posted_at or timezone.now()
    answer = Answer(government=government, question=question, author=acting_user, created_at=when)
    save_audited(answer, acting_user=acting_user, fields=["body"], values={"body": body.strip()})
    if question.last_activity_at is None or when > question.last_activity_at:
        Question.objects.filter(pk=question.pk).update(last_activity_at=when)
    notifications = _notify_thread(question, answer, acting_user=acting_user, when=when)
    _forget_counts(n.recipient_id for n in notifications)
    if question.author_id and question.author_id != acting_user.pk:
        notify(ANSWER_RECEIVED.code, question, actor=acting_user, government=question.government)
    if notify_by_email:
        for notification in notifications:
            if notification.kind == NotificationKind.ANSWER:
                transaction.on_commit(partial(send_answer_email, notification.pk), robust=True)
    return answer


def _notify_thread(
    question: Question, answer: Answer, *, acting_user: User, when: datetime
) -> list[Notification]:
    writer_id = answer.author_id
    # Who else answered (visible answers only), each with the government they answered for.
    participants: dict[int, int] = {}
    for author_id, government_id in (
        question.answers.filter(is_hidden=False, author__isnull=False, author__is_active=True)
        .exclude(pk=answer.pk)
        .order_by("created_at", "pk")
        .values_list("author_id", "government_id")
    ):
        participants.setdefault(author_id, government_id)
    wanted: list[tuple[int, int, str]] = []
    if question.author_id and question.author_id != writer_id:
        wanted.append((question.author_id, question.government_id, NotificationKind.ANSWER))
    for author_id, government_id in participants.items():
        if author_id not in (writer_id, question.author_id):
            wanted.append((author_id, government_id, NotificationKind.REPLY_ON_FOLLOWED))
    created = []
    for recipient_id, government_id, kind in wanted:
        notification = Notification(
            government_id=government_id,
            recipient_id=recipient_id,
            kind=kind,
            question=question,
            answer=answer,
            created_at=when,
        )
        save_audited(notification, acting_user=acting_user, fields=(), values={})
        created.append(notification)
    return created


@transaction.atomic
def edit_answer(answer: Answer, *, acting_user: User, body: str) -> Answer:
    """The author corrects their answer, while neither it nor its thread is hidden."""
    _ensure_author(answer.author_id, acting_user)
    if answer.is_hidden or answer.question.is_hidden:
        raise ValidationError(_("A moderator hid this answer: it can no longer be edited."))
    return save_audited(
        answer, acting_user=acting_user, fields=["body"], values={"body": body.strip()}
    )


@transaction.atomic
def mark_helpful(answer: Answer, *, acting_user: User, helpful: bool = True) -> Answer:
    """The asker marks (or unmarks) an answer as helpful; a helpful answer makes the question
    "answered" (a closed question stays closed)."""
    question = Question.objects.select_for_update().get(pk=answer.question_id)
    _ensure_author(question.author_id, acting_user)
    if helpful and answer.is_hidden:
        raise ValidationError(_("A moderator hid this answer."))
    save_audited(
        answer, acting_user=acting_user, fields=["is_accepted"], values={"is_accepted": helpful}
    )
    if question.status == QuestionStatus.CLOSED:
        return answer
    answered = question.answers.filter(is_accepted=True, is_hidden=False).exists()
    status = QuestionStatus.ANSWERED if answered else QuestionStatus.OPEN
    if status != question.status:
        save_audited(
            question, acting_user=acting_user, fields=["status"], values={"status": status}
        )
    return answer


# --- Moderation -------------------------------------------------------------------------------


def _hide(row: Question | Answer, *, acting_user: User, reason: str) -> None:
    _ensure_moderator(row.government_id, acting_user)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Say why it is hidden.")})
    if row.is_hidden:
        raise ValidationError(_("It is already hidden."))
    save_audited(
        row,
        acting_user=acting_user,
        fields=["is_hidden", "hidden_reason", "hidden_by"],
        values={"is_hidden": True, "hidden_reason": reason[:300], "hidden_by": acting_user},
        note=reason[:500],
    )


def _restore(row: Question | Answer, *, acting_user: User) -> None:
    _ensure_moderator(row.government_id, acting_user)
    if not row.is_hidden:
        raise ValidationError(_("It is not hidden."))
    save_audited(
        row,
        acting_user=acting_user,
        fields=["is_hidden", "hidden_reason", "hidden_by"],
        values={"is_hidden": False, "hidden_reason": "", "hidden_by": None},
    )


def _forget_counts_of(question: Question) -> None:
    _forget_counts(
        Notification.objects.filter(question=question).values_list("recipient_id", flat=True)
    )


@transaction.atomic
def hide_question(question: Question, *, acting_user: User, reason: str) -> Question:
    """Hide a question (and so its thread) from everyone but moderators and its author."""
    _hide(question, acting_user=acting_user, reason=reason)
    _forget_counts_of(question)
    return question


@transaction.atomic
def restore_question(question: Question, *, acting_user: User) -> Question:
    _restore(question, acting_user=acting_user)
    _forget_counts_of(question)
    return question


@transaction.atomic
def hide_answer(answer: Answer, *, acting_user: User, reason: str) -> Answer:
    _hide(answer, acting_user=acting_user, reason=reason)
    _forget_counts_of(answer.question)
    return answer


@transaction.atomic
def restore_answer(answer: Answer, *, acting_user: User) -> Answer:
    _restore(answer, acting_user=acting_user)
    _forget_counts_of(answer.question)
    return answer


# --- Notifications ----------------------------------------------------------------------------


@transaction.atomic
def mark_notifications_read(*, acting_user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the acting user's notifications read: those of ``ids``, or all. Returns how many."""
    rows = Notification.objects.filter(recipient=acting_user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    now = timezone.now()
    count = 0
    for notification in rows.select_for_update():
        save_audited(
            notification, acting_user=acting_user, fields=["read_at"], values={"read_at": now}
        )
        count += 1
    _forget_counts([acting_user.pk])
    return count
