"""What each person may see of the community: the sharing methods every view starts from.

``visible_to(reader)`` is the only door to rows of other governments: what is not hidden,
plus what the reader moderates, plus the reader's own posts. ``moderated_by(reader)`` is what
a moderator may hide or restore.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Count, F, Q

from lazos.core.querysets import TenantQuerySet

if TYPE_CHECKING:
    # F401 is silenced: the QuerySets' string bases below name these models.
    from lazos.community.access import Reader
    from lazos.community.models import Answer, ExpertProfile, Notification, Question  # noqa: F401


def visibility(reader: Reader, prefix: str = "", *, own_field: str = "author_id") -> Q:
    """The condition for a hidden-able row (at ``prefix``) to be visible to ``reader``."""
    if reader.is_instance_moderator:
        return Q()
    condition = Q(**{f"{prefix}is_hidden": False})
    if reader.administered:
        condition |= Q(**{f"{prefix}government_id__in": sorted(reader.administered)})
    if reader.user_id is not None:
        condition |= Q(**{f"{prefix}{own_field}": reader.user_id})
    return condition


def moderation_scope(reader: Reader, prefix: str = "") -> Q:
    if reader.is_instance_moderator:
        return Q()
    return Q(**{f"{prefix}government_id__in": sorted(reader.administered)})


class ExpertProfileQuerySet(TenantQuerySet["ExpertProfile"]):
    def published(self) -> Self:
        """Profiles their owners chose to show to the instance."""
        return self.filter(is_published=True)

    def visible_to(self, reader: Reader) -> Self:
        """Published profiles, and the reader's own (published or not)."""
        condition = Q(is_published=True)
        if reader.user_id is not None:
            condition |= Q(user_id=reader.user_id)
        return self.filter(condition)

    def with_language(self, code: str) -> Self:
        """Profiles whose spoken languages include ``code`` (portable: JSON text match)."""
        from django.db.models import TextField
        from django.db.models.functions import Cast

        return self.annotate(languages_text=Cast("languages", TextField())).filter(
            languages_text__contains=f'"{code}"'
        )


class QuestionQuerySet(TenantQuerySet["Question"]):
    def visible(self) -> Self:
        """Threads every signed-in member of the instance sees (hidden ones are not)."""
        return self.filter(is_hidden=False)

    def visible_to(self, reader: Reader) -> Self:
        return self.filter(visibility(reader))

    def moderated_by(self, reader: Reader) -> Self:
        return self.filter(moderation_scope(reader))

    def with_answer_count(self) -> Self:
        """``answer_count``: the answers everyone sees (hidden ones are not counted)."""
        return self.annotate(
            answer_count=Count("answers", filter=Q(answers__is_hidden=False), distinct=True)
        )

    def by_activity(self) -> Self:
        return self.order_by(F("last_activity_at").desc(nulls_last=True), "-created_at", "-pk")


class AnswerQuerySet(TenantQuerySet["Answer"]):
    def visible(self) -> Self:
        return self.filter(is_hidden=False)

    def visible_to(self, reader: Reader) -> Self:
        """Answers the reader sees, in threads the reader sees."""
        return self.filter(visibility(reader), visibility(reader, "question__"))

    def moderated_by(self, reader: Reader) -> Self:
        return self.filter(moderation_scope(reader))


class NotificationQuerySet(TenantQuerySet["Notification"]):
    def unread(self) -> Self:
        return self.filter(read_at__isnull=True)

    def for_reader(self, reader: Reader) -> Self:
        """The reader's own notifications about what they may still see."""
        if reader.user_id is None:
            return self.none()
        rows = self.filter(visibility(reader, "question__"), recipient_id=reader.user_id)
        answer_visible = visibility(reader, "answer__")
        if answer_visible:  # (empty for an instance moderator, who sees every answer)
            rows = rows.filter(Q(answer__isnull=True) | answer_visible)
        return rows


ExpertProfileManager = models.Manager.from_queryset(ExpertProfileQuerySet)
QuestionManager = models.Manager.from_queryset(QuestionQuerySet)
AnswerManager = models.Manager.from_queryset(AnswerQuerySet)
NotificationManager = models.Manager.from_queryset(NotificationQuerySet)
