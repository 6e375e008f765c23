"""Personal data in the experts' community: profiles, questions, answers, notifications."""

from django.utils.translation import gettext_lazy as _

from lazos.community.models import Answer, ExpertProfile, Notification, Question
from lazos.core.personal_data import Erasure, PersonalDataProvider

profiles = PersonalDataProvider(
    model=ExpertProfile,
    user_field="user",
    personal_fields=("headline", "expertise", "languages", "is_published"),
    erasure=Erasure.DELETE,
    purpose=_("to let peers in other governments find an expert (only if they opt in)"),
)
# Questions and answers stay in their threads (others answered them); the author goes.
questions = PersonalDataProvider(
    model=Question,
    user_field="author",
    personal_fields=("author",),
    context_fields=("title", "body"),
    anonymised={"author": None},
    erasure=Erasure.ANONYMISE,
    repr_is_personal=False,
    purpose=_("to ask the community"),
)
answers = PersonalDataProvider(
    model=Answer,
    user_field="author",
    personal_fields=("author",),
    context_fields=("question_id", "body"),
    anonymised={"author": None},
    erasure=Erasure.ANONYMISE,
    repr_is_personal=False,
    purpose=_("to answer the community"),
)
notifications = PersonalDataProvider(
    model=Notification,
    user_field="recipient",
    personal_fields=("kind", "read_at"),
    context_fields=("question_id", "answer_id"),
    erasure=Erasure.DELETE,
    repr_is_personal=False,
    purpose=_("to tell a member of new answers"),
)
