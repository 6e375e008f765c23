"""Community pages: who may open what, moderation through the pages, profiles, filters,
notifications and query budgets."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lazos.community import services
from lazos.community.choices import QuestionStatus
from lazos.community.models import Answer, ExpertProfile, Notification, Question
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.core.testing.builders import UserFactory
from lazos.reference.models import Theme

from .factories import AnswerFactory, ExpertProfileFactory, QuestionFactory, member_of

pytestmark = pytest.mark.django_db

EVERYONE_IN = {
    "anonymous": 302, "stranger": 403, "outsider": 200,
    "administrator": 200, "coordinator": 200, "editor": 200, "viewer": 200,
}  # fmt: skip


def _ask(world, who="viewer", government=None, **values):
    values.setdefault("title", "Selective collection with waste pickers?")
    return services.ask_question(
        government or world.government, acting_user=world.users[who], **values
    )


def _staff() -> Client:
    client = Client()
    client.force_login(UserFactory.create(username="operator", is_staff=True))
    return client


@pytest.mark.parametrize(
    "name",
    ["question-list", "question-create", "expert-list", "profile", "notification-list",
     "notification-badge"],
)  # fmt: skip
def test_every_member_of_any_government_comes_in(world, name):
    assert_permission_matrix(world, reverse(f"community:{name}"), EVERYONE_IN)


def test_threads_of_every_government_are_open_to_every_member(world):
    question = _ask(world, "outsider", world.other_government)
    assert_permission_matrix(world, question.get_absolute_url(), EVERYONE_IN)


def test_the_moderation_queue_is_for_administrators_of_a_government_or_the_site(world):
    url = reverse("community:moderation")
    assert_permission_matrix(
        world,
        url,
        {"anonymous": 302, "stranger": 403, "outsider": 200, "administrator": 200,
         "coordinator": 403, "editor": 403, "viewer": 403},
    )  # fmt: skip
    assert _staff().get(url).status_code == 200  # a site administrator, without membership


def test_moderation_matrix_hide_own_governments_not_others_and_staff_everything(world):
    ours = _ask(world, title="Ours about twinning")
    theirs = _ask(world, "outsider", world.other_government, title="Theirs about the HLPF")
    admin = world.client_for("administrator")
    hide = "community:question-hide"
    # Our administrator cannot hide the other government's question (it stays visible).
    response = admin.post(reverse(hide, args=[theirs.pk]), {"reason": "No"})
    assert response.status_code == 403
    for who in ("coordinator", "editor", "viewer"):
        response = world.client_for(who).post(reverse(hide, args=[ours.pk]), {"reason": "No"})
        assert response.status_code == 403, who
    # …but hides ours, with a reason; others no longer see it (404, like a missing one).
    response = admin.post(reverse(hide, args=[ours.pk]), {"reason": "Duplicate"})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.is_hidden
    assert ours.hidden_by == world.users["administrator"]
    for who in ("coordinator", "editor", "outsider"):
        response = world.client_for(who).get(ours.get_absolute_url())
        assert response.status_code == 404, who
        listing = world.client_for(who).get(reverse("community:question-list"))
        assert b"Ours about twinning" not in listing.content, who
    # The moderator sees it, marked; so does its author, with the reason.
    page = admin.get(ours.get_absolute_url()).content.decode()
    assert "Hidden by a moderator" in page
    assert "Duplicate" in page
    author_page = world.client_for("viewer").get(ours.get_absolute_url())
    assert author_page.status_code == 200
    assert b"Duplicate" in author_page.content
    assert b"question-edit" not in author_page.content
    assert (
        world.client_for("viewer")
        .get(reverse("community:question-edit", args=[ours.pk]))
        .status_code
        == 403
    )
    queue = admin.get(reverse("community:moderation")).content.decode()
    assert "Ours about twinning" in queue
    assert "Theirs about the HLPF" not in queue
    # The site administrator hides and restores anything.
    staff = _staff()
    assert staff.post(reverse(hide, args=[theirs.pk]), {"reason": "Spam"}).status_code == 302
    assert "Theirs about the HLPF" in staff.get(reverse("community:moderation")).content.decode()
    assert world.client_for("outsider").get(theirs.get_absolute_url()).status_code == 200  # author
    assert world.client_for("viewer").get(theirs.get_absolute_url()).status_code == 404
    restore = reverse("community:question-restore", args=[theirs.pk])
    assert staff.post(restore, {"next": "moderation"})["Location"] == reverse(
        "community:moderation"
    )
    assert world.client_for("viewer").get(theirs.get_absolute_url()).status_code == 200
    assert Question.objects.count() == 2


def test_hiding_an_answer_through_the_thread(world):
    question = _ask(world)
    answer = services.answer_question(
        world.other_government, question, acting_user=world.users["outsider"], body="Buy my stuff"
    )
    url = reverse("community:answer-hide", args=[answer.pk])
    assert world.client_for("administrator").post(url, {"reason": "Spam"}).status_code == 403
    b_admin = member_of(world.other_government, "administrator", username="b-admin")
    client = Client()
    client.force_login(b_admin)
    assert client.post(url, {"reason": ""}).status_code == 302  # refused: a reason is needed
    assert not Answer.objects.get().is_hidden
    assert client.post(url, {"reason": "Spam"}).status_code == 302
    page = world.client_for("coordinator").get(question.get_absolute_url()).content.decode()
    assert "Buy my stuff" not in page
    assert "0 answers" in page
    assert (
        world.client_for("administrator")
        .get(reverse("community:answer-edit", args=[answer.pk]))
        .status_code
        == 404
    )


def test_posting_and_editing_through_the_pages(world):
    theme = Theme.objects.get(code="waste")
    viewer = world.client_for("viewer")
    response = viewer.post(
        reverse("community:question-create"),
        {"title": "Composting in markets", "language": "en", "themes": [theme.pk]},
    )
    question = Question.objects.get()
    assert response["Location"] == question.get_absolute_url()
    assert list(question.themes.all()) == [theme]
    assert (
        viewer.post(
            reverse("community:question-create"), {"title": "", "language": "en"}
        ).status_code
        == 200
    )
    # Only the author edits.
    edit = reverse("community:question-edit", args=[question.pk])
    assert world.client_for("administrator").get(edit).status_code == 403
    response = viewer.post(edit, {"title": "Composting in public markets", "language": "en"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title == "Composting in public markets"
    # An empty answer is refused on the thread itself.
    outsider = world.client_for("outsider")
    response = outsider.post(question.get_absolute_url(), {"body": ""})
    assert response.status_code == 200
    assert not Answer.objects.exists()
    outsider.post(question.get_absolute_url(), {"body": "We compost 3 t a day."})
    answer = Answer.objects.get()
    assert (
        world.client_for("editor")
        .get(reverse("community:answer-edit", args=[answer.pk]))
        .status_code
        == 403
    )
    outsider.post(reverse("community:answer-edit", args=[answer.pk]), {"body": "4 t a day."})
    answer.refresh_from_db()
    assert answer.body == "4 t a day."
    # Only the asker marks it helpful.
    helpful = reverse("community:answer-helpful", args=[answer.pk])
    assert outsider.post(helpful).status_code == 403
    assert viewer.get(helpful).status_code == 405
    assert viewer.post(helpful).status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert "helpful to the asker" in viewer.get(question.get_absolute_url()).content.decode()
    # The asker closes it: no more answers.
    viewer.post(reverse("community:question-close", args=[question.pk]))
    page = world.client_for("coordinator").get(question.get_absolute_url()).content.decode()
    assert "closed to new answers" in page


def test_profiles_are_seen_only_once_published_except_by_their_owner(world):
    viewer = world.client_for("viewer")
    response = viewer.post(
        reverse("community:profile"),
        {"headline": "Waste engineer", "languages": ["es", "pt"]},  # is_published unticked
    )
    assert response.status_code == 302
    profile = ExpertProfile.objects.get()
    assert (profile.government, profile.user, profile.is_published) == (
        world.government,
        world.users["viewer"],
        False,
    )
    url = profile.get_absolute_url()
    assert viewer.get(url).status_code == 200
    for who in ("outsider", "coordinator", "administrator"):
        assert world.client_for(who).get(url).status_code == 404, who
        assert (
            b"Waste engineer"
            not in world.client_for(who).get(reverse("community:expert-list")).content
        )
    viewer.post(
        reverse("community:profile"),
        {"headline": "Waste engineer", "languages": ["es", "pt"], "is_published": "on"},
    )
    assert ExpertProfile.objects.count() == 1
    assert world.client_for("outsider").get(url).status_code == 200
    listing = world.client_for("outsider").get(reverse("community:expert-list")).content.decode()
    assert "Waste engineer" in listing
    assert world.government.name in listing


def test_expert_filters(world):
    waste = Theme.objects.get(code="waste")
    culture = Theme.objects.get(code="culture")
    a = ExpertProfileFactory.create(
        government=world.government, headline="Compost", languages=["pt"]
    )
    a.themes.set([waste])
    b = ExpertProfileFactory.create(
        government=world.other_government, headline="Festivals", languages=["fr", "en"]
    )
    b.themes.set([culture])
    ExpertProfileFactory.create(government=world.government, headline="Hidden", is_published=False)
    client = world.client_for("viewer")
    url = reverse("community:expert-list")

    def heads(**params):
        return {p.headline for p in client.get(url, params).context["object_list"]}

    assert heads() == {"Compost", "Festivals"}
    assert heads(language="pt") == {"Compost"}
    assert heads(language="fr") == {"Festivals"}
    assert heads(theme=culture.pk) == {"Festivals"}
    assert heads(government=world.other_government.pk) == {"Festivals"}
    assert heads(q="residuos") == {"Compost"}  # a theme named in Spanish


def test_question_filters(world):
    waste = Theme.objects.get(code="waste")
    q1 = _ask(world, title="Cooperativas de catadores", themes=[waste], language="pt")
    _ask(world, "outsider", world.other_government, title="Network position for the HLPF")
    q3 = _ask(world, "editor", title="Translating a twinning agreement")
    services.answer_question(world.government, q3, acting_user=world.users["viewer"], body="x")
    hidden = _ask(world, "coordinator", title="Hidden one")
    services.hide_question(hidden, acting_user=world.users["administrator"], reason="x")
    client = world.client_for("viewer")
    url = reverse("community:question-list")

    def titles(**params):
        return [q.title for q in client.get(url, params).context["object_list"]]

    assert titles() == [
        "Translating a twinning agreement",
        "Network position for the HLPF",
        "Cooperativas de catadores",
    ]  # fmt: skip  (newest activity first)
    assert titles(q="residuos sólidos") == ["Cooperativas de catadores"]
    assert titles(q="twinning") == ["Translating a twinning agreement"]
    assert titles(government=world.other_government.pk) == ["Network position for the HLPF"]
    assert titles(theme=waste.pk) == ["Cooperativas de catadores"]
    assert titles(mine="asked") == ["Cooperativas de catadores"]
    assert titles(mine="answered") == ["Translating a twinning agreement"]
    assert titles(status="open") == titles()
    assert q1.title in client.get(url).content.decode()
    admin_titles = [
        q.title for q in world.client_for("administrator").get(url).context["object_list"]
    ]
    assert "Hidden one" in admin_titles


def test_notifications_page_badge_and_marking_read(world):
    question = _ask(world)
    services.answer_question(
        world.other_government, question, acting_user=world.users["outsider"], body="Answer 1"
    )
    viewer = world.client_for("viewer")
    badge = reverse("community:notification-badge")
    assert b">1<" in viewer.get(badge).content
    services.answer_question(
        world.government, question, acting_user=world.users["editor"], body="Answer 2"
    )
    assert b">2<" in viewer.get(badge).content  # the cached count was forgotten
    page = viewer.get(reverse("community:notification-list")).content.decode()
    assert question.title in page
    first = Notification.objects.filter(recipient=world.users["viewer"]).earliest("pk")
    read = reverse("community:notification-read", args=[first.pk])
    assert world.client_for("outsider").post(read).status_code == 404  # not theirs
    assert viewer.get(read).status_code == 405
    response = viewer.post(read, {"next": "thread"})
    assert response["Location"] == f"{question.get_absolute_url()}#answer-{first.answer_id}"
    first.refresh_from_db()
    assert first.read_at is not None
    viewer.post(reverse("community:notification-read-all"))
    assert not Notification.objects.filter(recipient=world.users["viewer"]).unread().exists()
    assert viewer.get(badge).content.strip() == b""


def test_badge_is_cached_and_forgotten_when_a_notification_arrives(world):
    question = _ask(world)
    viewer = world.client_for("viewer")
    badge = reverse("community:notification-badge")
    assert viewer.get(badge).content.strip() == b""
    Notification.objects.create(
        government=world.government,
        recipient=world.users["viewer"],
        question=question,
        kind="answer",
    )  # fmt: skip  (written behind the services' back: the cached count stays)
    assert viewer.get(badge).content.strip() == b""
    services.answer_question(
        world.government, question, acting_user=world.users["editor"], body="x"
    )
    assert b">2<" in viewer.get(badge).content


def test_list_pages_keep_a_fixed_number_of_queries(world):
    governments = [world.government, world.other_government]
    waste = Theme.objects.get(code="waste")

    def add_threads(n):
        for i in range(n):
            government = governments[i % 2]
            question = QuestionFactory.create(government=government, author=member_of(government))
            question.themes.set([waste])
            for _ in range(2):
                AnswerFactory.create(question=question, author=member_of(world.other_government))

    client = world.client_for("viewer")
    assert_constant_queries(client, reverse("community:question-list"), add_threads, budget=14)

    def add_experts(n):
        for i in range(n):
            government = governments[i % 2]
            profile = ExpertProfileFactory.create(government=government, user=member_of(government))
            profile.themes.set([waste])

    assert_constant_queries(client, reverse("community:expert-list"), add_experts, budget=14)


def test_a_thread_keeps_a_fixed_number_of_queries_with_more_answers(world):
    question = _ask(world)

    def add_answers(n):
        for i in range(n):
            government = [world.government, world.other_government][i % 2]
            AnswerFactory.create(
                question=question, government=government, author=member_of(government)
            )

    for who in ("viewer", "administrator"):
        assert_constant_queries(
            world.client_for(who), question.get_absolute_url(), add_answers, budget=14
        )


def test_notifications_and_moderation_queue_keep_a_fixed_number_of_queries(world):
    question = _ask(world)

    def add_notifications(n):
        for _ in range(n):
            author = member_of(world.other_government)
            services.answer_question(
                world.other_government, question, acting_user=author, body="Answer"
            )

    assert_constant_queries(
        world.client_for("viewer"), reverse("community:notification-list"), add_notifications,
        budget=14,
    )  # fmt: skip
    assert_constant_queries(_staff(), reverse("community:moderation"), add_notifications, budget=14)


def test_the_thread_offers_edit_and_moderation_only_on_the_answers_the_reader_may_act_on(world):
    question = _ask(world, "outsider", world.other_government)
    ours = services.answer_question(
        world.government, question, acting_user=world.users["viewer"], body="We sort at source."
    )
    theirs = services.answer_question(
        world.other_government, question, acting_user=world.users["outsider"], body="Us too."
    )

    def links(who: str) -> tuple[set[int], set[int]]:
        page = world.client_for(who).get(question.get_absolute_url()).content.decode()
        answers = (ours, theirs)
        edit = {a.pk for a in answers if reverse("community:answer-edit", args=[a.pk]) in page}
        hide = {a.pk for a in answers if reverse("community:answer-hide", args=[a.pk]) in page}
        return edit, hide

    assert links("viewer") == ({ours.pk}, set())  # their own answer; they moderate nothing
    # The administrators of a government moderate what was written from it, and edit nothing
    # they did not write.
    assert links("administrator") == (set(), {ours.pk})
