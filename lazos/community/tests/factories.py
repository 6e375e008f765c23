"""Builders of the community's rows (registered for the generic isolation walk: each builds the
variant nobody of another government may see)."""

from __future__ import annotations

import factory
from django.utils import timezone

from lazos.community.models import Answer, ExpertProfile, Notification, Question
from lazos.core.testing.builders import (
    GovernmentFactory,
    MembershipFactory,
    UserFactory,
    register_builder,
)
from lazos.governments.models import Government


def member_of(government: Government, role: str = "viewer", **user_values: object):
    """A new person who belongs to ``government`` with ``role``."""
    user = UserFactory.create(**user_values)
    MembershipFactory.create(government=government, user=user, role=role)
    return user


class QuestionFactory(factory.django.DjangoModelFactory[Question]):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    government = factory.SubFactory(GovernmentFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"How do you run a waste-picker cooperative? ({n})")
    body = "We are starting one."
    language = "en"
    last_activity_at = factory.LazyFunction(timezone.now)


class AnswerFactory(factory.django.DjangoModelFactory[Answer]):
    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    government = factory.SelfAttribute("question.government")
    author = factory.SubFactory(UserFactory)
    body = "We did it with the municipal cleaning company."


class ExpertProfileFactory(factory.django.DjangoModelFactory[ExpertProfile]):
    class Meta:
        model = ExpertProfile
        skip_postgeneration_save = True

    government = factory.SubFactory(GovernmentFactory)
    user = factory.SubFactory(UserFactory)
    headline = factory.Sequence(lambda n: f"Solid-waste engineer {n}")
    expertise = "Selective collection, composting."
    languages = factory.LazyFunction(lambda: ["es", "en"])
    is_published = True


class NotificationFactory(factory.django.DjangoModelFactory[Notification]):
    class Meta:
        model = Notification

    question = factory.SubFactory(QuestionFactory)
    government = factory.SelfAttribute("question.government")
    recipient = factory.SelfAttribute("question.author")
    kind = "answer"


@register_builder(Question)
def _build_question(government: Government) -> Question:
    return QuestionFactory.create(
        government=government,
        author=member_of(government),
        title="Secret hidden question",
        is_hidden=True,
        hidden_reason="Off topic",
    )


@register_builder(Answer)
def _build_answer(government: Government) -> Answer:
    question = _build_question(government)
    return AnswerFactory.create(
        question=question,
        author=member_of(government),
        body="Secret hidden answer",
        is_hidden=True,
        hidden_reason="Off topic",
    )


@register_builder(ExpertProfile)
def _build_profile(government: Government) -> ExpertProfile:
    return ExpertProfileFactory.create(
        government=government,
        user=member_of(government),
        headline="Secret unpublished profile",
        is_published=False,
    )


@register_builder(Notification)
def _build_notification(government: Government) -> Notification:
    """Another person's notification (about a thread everyone sees)."""
    asker = member_of(government)
    question = QuestionFactory.create(government=government, author=asker)
    answer = AnswerFactory.create(question=question, author=member_of(government))
    return NotificationFactory.create(question=question, answer=answer, recipient=asker)
