"""Questions, answers and experts' profiles, as the community's pages show them to a member
of any government (hidden posts only to their authors and moderators)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lazos.api.fields import NamedChoiceField, NamedEnumsMixin
from lazos.community.choices import EXPERT_LANGUAGES
from lazos.community.models import Answer, ExpertProfile, Notification, Question

LANGUAGE_ENUM = "CommunityLanguageEnum"


def person_name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


class AnswerSerializer(NamedEnumsMixin, serializers.ModelSerializer):
    """An answer. Its author changes its ``body``; the asker marks it helpful with
    ``POST …/helpful/``; moderators hide it with ``POST …/hide/``."""

    government_name = serializers.CharField(source="government.name", read_only=True)
    author_name = serializers.SerializerMethodField()
    body = serializers.CharField(max_length=10000)

    class Meta:
        model = Answer
        fields = [
            "id",
            "question",
            "government",
            "government_name",
            "author_name",
            "body",
            "is_accepted",
            "is_hidden",
            "hidden_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "question",
            "government",
            "is_accepted",
            "is_hidden",
            "hidden_reason",
            "created_at",
            "updated_at",
        ]

    def get_author_name(self, answer: Answer) -> str:
        return person_name(answer.author)


class QuestionSerializer(NamedEnumsMixin, serializers.ModelSerializer):
    """A question to the community, written for your government. Its author edits it; the
    status changes with ``POST …/close/`` and ``POST …/reopen/`` and with helpful answers."""

    government_name = serializers.CharField(source="government.name", read_only=True)
    author_name = serializers.SerializerMethodField()
    language = NamedChoiceField(
        choices=settings.LANGUAGES,
        enum_name=LANGUAGE_ENUM,
        help_text=_("The language it is written in."),
    )
    answer_count = serializers.IntegerField(
        read_only=True, help_text=_("Its answers everyone sees.")
    )

    class Meta:
        model = Question
        fields = [
            "id",
            "government",
            "government_name",
            "author_name",
            "title",
            "body",
            "language",
            "themes",
            "status",
            "is_hidden",
            "hidden_reason",
            "answer_count",
            "last_activity_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "government",
            "status",
            "is_hidden",
            "hidden_reason",
            "last_activity_at",
            "created_at",
            "updated_at",
        ]

    def get_author_name(self, question: Question) -> str:
        return person_name(question.author)


class QuestionDetailSerializer(QuestionSerializer):
    answers = AnswerSerializer(
        source="visible_answers",
        many=True,
        read_only=True,
        help_text=_("The answers you may see, oldest first."),
    )

    class Meta(QuestionSerializer.Meta):
        fields = [*QuestionSerializer.Meta.fields, "answers"]


class AnswerBodySerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10000, help_text=_("Your answer."))


class HideSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=300, help_text=_("Why it is hidden (shown to its author).")
    )


class ExpertProfileSerializer(NamedEnumsMixin, serializers.ModelSerializer):
    """A member of staff's profile in the community."""

    government_name = serializers.CharField(source="government.name", read_only=True)
    person_name = serializers.SerializerMethodField()
    languages = serializers.ListField(
        child=NamedChoiceField(
            choices=[(code, code) for code in EXPERT_LANGUAGES], enum_name="ExpertLanguageEnum"
        ),
        required=False,
        help_text=_("Language codes of the languages spoken."),
    )

    class Meta:
        model = ExpertProfile
        fields = [
            "id",
            "government",
            "government_name",
            "person_name",
            "headline",
            "expertise",
            "languages",
            "themes",
            "is_published",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["government", "created_at", "updated_at"]

    def get_person_name(self, profile: ExpertProfile) -> str:
        return person_name(profile.user)


class CommunityNotificationSerializer(NamedEnumsMixin, serializers.ModelSerializer):
    """Something in the community for you to read: a new answer to your question, or in a
    thread you take part in."""

    question_title = serializers.CharField(source="question.title", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "question", "question_title", "answer", "read_at", "created_at"]
        read_only_fields = fields


class ReadCountSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=_("How many notifications were marked read."))
