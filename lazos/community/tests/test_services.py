"""Community services: audited writes, validation, who is notified, moderation rights."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lazos.community import services
from lazos.community.access import reader_for
from lazos.community.choices import NotificationKind, QuestionStatus
from lazos.community.models import Answer, ExpertProfile, Notification, Question
from lazos.core.models import AuditEvent
from lazos.core.testing.builders import UserFactory
from lazos.governments.choices import Role

from .factories import member_of

pytestmark = pytest.mark.django_db


def _ask(world, who="viewer", **values):
    values.setdefault("title", "How do you prepare a network position for the HLPF?")
    return services.ask_question(world.government, acting_user=world.users[who], **values)


def test_asking_is_audited_in_the_authors_government_and_needs_a_membership(world):
    question = _ask(world, body="  We host the review this year. ", language="es")
    assert question.government == world.government
    assert question.body == "We host the review this year."
    assert question.last_activity_at is not None
    event = AuditEvent.objects.for_object(question).get()
    assert event.actor == world.users["viewer"]
    assert event.government_id == world.government.pk
    with pytest.raises(PermissionDenied):  # the outsider belongs to the other government
        services.ask_question(world.government, acting_user=world.users["outsider"], title="x")
    with pytest.raises(ValidationError) as error:
        _ask(world, title="   ")
    assert "title" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _ask(world, language="klingon")
    assert "language" in error.value.message_dict


def test_only_the_author_edits_and_not_once_hidden(world):
    question = _ask(world)
    services.edit_question(question, acting_user=world.users["viewer"], title="Better title")
    assert Question.objects.get(pk=question.pk).title == "Better title"
    with pytest.raises(PermissionDenied):
        services.edit_question(question, acting_user=world.users["administrator"], title="Mine")
    services.hide_question(question, acting_user=world.users["administrator"], reason="Spam")
    with pytest.raises(ValidationError):
        services.edit_question(question, acting_user=world.users["viewer"], title="Again")


def test_an_answer_notifies_the_asker_and_the_others_in_the_thread_but_never_oneself(world):
    question = _ask(world)
    first = services.answer_question(
        world.other_government, question, acting_user=world.users["outsider"], body="We did."
    )
    assert first.government == world.other_government
    assert list(Notification.objects.values_list("recipient__username", "kind")) == [
        ("w-viewer", NotificationKind.ANSWER)
    ]
    # The asker replies in their own thread: the earlier answerer follows it; no self-notice.
    services.answer_question(
        world.government, question, acting_user=world.users["viewer"], body="Thanks! How?"
    )
    followed = Notification.objects.get(recipient=world.users["outsider"])
    assert followed.kind == NotificationKind.REPLY_ON_FOLLOWED
    assert followed.government == world.other_government
    assert Notification.objects.filter(recipient=world.users["viewer"]).count() == 1
    # A third person: both the asker and the first answerer hear of it.
    services.answer_question(
        world.government, question, acting_user=world.users["editor"], body="Also us."
    )
    kinds = dict(
        Notification.objects.filter(answer__author=world.users["editor"]).values_list(
            "recipient__username", "kind"
        )
    )
    assert kinds == {"w-viewer": NotificationKind.ANSWER, "w-outsider": "followed"}
    assert AuditEvent.objects.for_object(first).get().actor == world.users["outsider"]
    question.refresh_from_db()
    assert question.last_activity_at >= first.created_at


def test_answers_are_refused_on_hidden_or_closed_questions(world):
    question = _ask(world)
    services.close_question(question, acting_user=world.users["viewer"])
    with pytest.raises(ValidationError, match="closed"):
        services.answer_question(
            world.government, question, acting_user=world.users["editor"], body="Late"
        )
    services.reopen_question(question, acting_user=world.users["viewer"])
    services.hide_question(question, acting_user=world.users["administrator"], reason="Spam")
    with pytest.raises(ValidationError, match="hid"):
        services.answer_question(
            world.government, question, acting_user=world.users["editor"], body="Hello"
        )
    assert not Answer.objects.exists()


def test_only_the_asker_marks_helpful_which_answers_the_question(world):
    question = _ask(world)
    answer = services.answer_question(
        world.other_government, question, acting_user=world.users["outsider"], body="Try this."
    )
    with pytest.raises(PermissionDenied):
        services.mark_helpful(answer, acting_user=world.users["outsider"])
    services.mark_helpful(answer, acting_user=world.users["viewer"])
    question.refresh_from_db()
    answer.refresh_from_db()
    assert answer.is_accepted
    assert question.status == QuestionStatus.ANSWERED
    services.mark_helpful(answer, acting_user=world.users["viewer"], helpful=False)
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN


def test_moderation_rights_follow_the_authors_government(world):
    ours = _ask(world)
    theirs = services.ask_question(
        world.other_government, acting_user=world.users["outsider"], title="Translating a twinning"
    )
    admin = world.users["administrator"]
    with pytest.raises(PermissionDenied):
        services.hide_question(theirs, acting_user=admin, reason="No")
    with pytest.raises(PermissionDenied):
        services.hide_question(ours, acting_user=world.users["coordinator"], reason="No")
    with pytest.raises(ValidationError) as error:
        services.hide_question(ours, acting_user=admin, reason="  ")
    assert "reason" in error.value.message_dict
    services.hide_question(ours, acting_user=admin, reason="Off topic")
    ours.refresh_from_db()
    assert (ours.is_hidden, ours.hidden_reason, ours.hidden_by) == (True, "Off topic", admin)
    event = AuditEvent.objects.for_object(ours).latest("pk")
    assert event.actor == admin
    assert event.changes["is_hidden"] == {"before": False, "after": True}
    staff = UserFactory.create(username="operator", is_staff=True)
    services.hide_question(theirs, acting_user=staff, reason="Duplicate")
    services.restore_question(theirs, acting_user=staff)
    theirs.refresh_from_db()
    assert not theirs.is_hidden
    assert theirs.hidden_by is None
    assert Question.objects.count() == 2  # never deleted


def test_answer_moderation_and_visibility(world):
    question = _ask(world)
    answer = services.answer_question(
        world.other_government, question, acting_user=world.users["outsider"], body="Spam link"
    )
    with pytest.raises(PermissionDenied):  # written from the other government
        services.hide_answer(answer, acting_user=world.users["administrator"], reason="Spam")
    other_admin = member_of(world.other_government, Role.ADMINISTRATOR, username="b-admin")
    services.hide_answer(answer, acting_user=other_admin, reason="Spam")
    viewer = reader_for(world.users["viewer"])
    assert not Answer.objects.visible_to(viewer).exists()
    assert Answer.objects.visible_to(reader_for(other_admin)).get() == answer
    assert Answer.objects.visible_to(reader_for(world.users["outsider"])).get() == answer  # author
    assert not Notification.objects.for_reader(viewer).exists()
    with pytest.raises(ValidationError):
        services.edit_answer(answer, acting_user=world.users["outsider"], body="Fixed")
    services.restore_answer(answer, acting_user=other_admin)
    assert Notification.objects.for_reader(viewer).count() == 1


def test_profiles_are_opt_in_and_per_government(world):
    viewer = world.users["viewer"]
    profile = services.publish_profile(
        world.government,
        acting_user=viewer,
        headline="Waste engineer",
        languages=["es", "pt", "es"],
        is_published=False,
    )
    assert profile.user == viewer
    assert profile.languages == ["es", "pt"]
    assert not ExpertProfile.objects.published().exists()
    assert ExpertProfile.objects.visible_to(reader_for(viewer)).get() == profile
    assert not ExpertProfile.objects.visible_to(reader_for(world.users["outsider"])).exists()
    services.update_profile(
        profile, acting_user=viewer, headline="Waste engineer", is_published=True
    )
    assert ExpertProfile.objects.published().get() == profile
    with pytest.raises(PermissionDenied):
        services.update_profile(
            profile, acting_user=world.users["editor"], headline="x", is_published=False
        )
    with pytest.raises(ValidationError):  # one profile per government
        services.publish_profile(world.government, acting_user=viewer, headline="Again")
    with pytest.raises(ValidationError) as error:
        services.publish_profile(
            world.government, acting_user=world.users["editor"], headline="x", languages=["zz"]
        )
    assert "languages" in error.value.message_dict
    with pytest.raises(PermissionDenied):  # not a member of the other government
        services.publish_profile(world.other_government, acting_user=viewer, headline="x")
    assert AuditEvent.objects.for_object(profile).count() == 2


def test_marking_notifications_read_touches_only_ones_own(world):
    question = _ask(world)
    for who in ("editor", "coordinator"):
        services.answer_question(
            world.government, question, acting_user=world.users[who], body=f"From {who}"
        )
    mine = Notification.objects.filter(recipient=world.users["viewer"])
    others = Notification.objects.exclude(recipient=world.users["viewer"])
    assert mine.count() == 2
    assert others.count() == 1
    first = mine.earliest("pk")
    assert (
        services.mark_notifications_read(
            acting_user=world.users["viewer"], ids=[first.pk, others.get().pk]
        )
        == 1
    )
    assert services.mark_notifications_read(acting_user=world.users["viewer"]) == 1
    assert not mine.unread().exists()
    assert others.unread().count() == 1
