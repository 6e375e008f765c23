"""The community's API: every member of any government reads and writes whatever their role,
hidden posts reach only their authors and moderators, the author edits, the asker marks
helpful, moderators hide and restore (each refused with the web's message otherwise), audit
rows of channel "api", permission matrices and list budgets constant in rows."""

from __future__ import annotations

import pytest

from lazos.api.tests.helpers import api_client, assert_api_matrix, events_of
from lazos.community.choices import QuestionStatus
from lazos.community.models import Answer, ExpertProfile, Question
from lazos.community.tests.factories import (
    AnswerFactory,
    ExpertProfileFactory,
    NotificationFactory,
    QuestionFactory,
)
from lazos.core.audit import Channel
from lazos.core.testing import TenantWorld, assert_constant_queries
from lazos.reference.models import Theme

pytestmark = pytest.mark.django_db

EVERY_MEMBER = {
    "anonymous": 401,
    "stranger": 403,
    "outsider": 200,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}


@pytest.fixture
def question(world: TenantWorld) -> Question:
    """A question the viewer of our government asked."""
    return QuestionFactory.create(
        government=world.government, author=world.users["viewer"], title="Composting at scale?"
    )


def test_every_member_reads_the_community(world: TenantWorld, question: Question) -> None:
    AnswerFactory.create(question=question, government=world.other_government)
    ExpertProfileFactory.create(government=world.other_government, user=world.users["outsider"])
    for path in ("questions", "answers", "expert-profiles"):
        responses = assert_api_matrix(world, "get", f"/api/v1/{path}/", EVERY_MEMBER)
        assert responses["outsider"].json()["count"] == 1, path
    detail = assert_api_matrix(world, "get", f"/api/v1/questions/{question.pk}/", EVERY_MEMBER)
    [answer] = detail["outsider"].json()["answers"]
    assert answer["government_name"] == world.other_government.name


def test_hidden_posts_reach_only_their_author_and_moderators(
    world: TenantWorld, question: Question
) -> None:
    Question.objects.filter(pk=question.pk).update(is_hidden=True, hidden_reason="Spam")
    url = f"/api/v1/questions/{question.pk}/"
    statuses = {
        who: api_client(world, who).get(url).status_code
        for who in ("outsider", "coordinator", "viewer", "administrator")
    }
    # The outsider administers another government; the administrator moderates ours.
    assert statuses == {"outsider": 404, "coordinator": 404, "viewer": 200, "administrator": 200}
    assert api_client(world, "outsider").get("/api/v1/questions/").json()["count"] == 0
    response = api_client(world, "outsider").post(
        f"{url}answer/", {"body": "Let me help"}, format="json"
    )
    assert response.status_code == 404
    assert not Answer.objects.exists()


def test_ask_edit_and_answer(world: TenantWorld, question: Question) -> None:
    data = {"title": "Who runs bike sharing?", "language": "en", "themes": ["climate"]}
    response = api_client(world, "editor").post("/api/v1/questions/", data, format="json")
    assert response.status_code == 201, response.content
    asked = Question.objects.get(pk=response.json()["id"])
    assert (asked.government, asked.author) == (world.government, world.users["editor"])
    assert events_of(asked)[-1].channel == Channel.API

    url = f"/api/v1/questions/{asked.pk}/"
    refused = api_client(world, "administrator").patch(url, {"title": "Mine now"}, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only its author may change this."
    client = api_client(world, "editor")
    etag = client.get(url)["ETag"]
    response = client.patch(url, {"body": "More details"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Who runs bike sharing?"
    stale = client.patch(url, {"body": "Even more"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412

    response = api_client(world, "outsider").post(
        f"/api/v1/questions/{question.pk}/answer/", {"body": "We did it."}, format="json"
    )
    assert response.status_code == 201, response.content
    answer = Answer.objects.get(pk=response.json()["id"])
    assert answer.government == world.other_government
    assert events_of(answer)[-1].channel == Channel.API
    empty = api_client(world, "outsider").post(
        f"/api/v1/questions/{question.pk}/answer/", {"body": ""}, format="json"
    )
    assert empty.status_code == 400
    assert "body" in empty.json()


def test_a_read_only_token_reads_but_never_writes(world: TenantWorld, question: Question) -> None:
    client = api_client(world, "viewer", read_only=True)
    assert client.get("/api/v1/questions/").status_code == 200
    response = client.post(
        f"/api/v1/questions/{question.pk}/answer/", {"body": "Hello"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "This token is read-only."
    assert not Answer.objects.exists()


def test_helpful_close_and_the_webs_refusals(world: TenantWorld, question: Question) -> None:
    answer = AnswerFactory.create(question=question, government=world.other_government)
    url = f"/api/v1/answers/{answer.pk}/helpful/"
    refused = api_client(world, "administrator").post(url)
    assert refused.status_code == 403  # only the asker
    response = api_client(world, "viewer").post(url)
    assert response.status_code == 200, response.content
    assert response.json()["is_accepted"] is True
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert events_of(answer)[-1].channel == Channel.API

    close = f"/api/v1/questions/{question.pk}/close/"
    assert api_client(world, "coordinator").post(close).status_code == 403
    assert api_client(world, "viewer").post(close).json()["status"] == "closed"
    again = api_client(world, "viewer").post(close)
    assert again.status_code == 400
    assert again.json()["non_field_errors"] == ["This question is already closed."]
    response = api_client(world, "outsider").post(
        f"/api/v1/questions/{question.pk}/answer/", {"body": "Late"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "This question is closed: it takes no more answers."
    ]
    assert (
        api_client(world, "viewer")
        .post(f"/api/v1/questions/{question.pk}/reopen/")
        .json()["status"]
        == "answered"
    )


def test_moderators_hide_and_restore(world: TenantWorld, question: Question) -> None:
    answer = AnswerFactory.create(question=question, government=world.other_government)
    hide = f"/api/v1/answers/{answer.pk}/hide/"
    # Only an administrator of the answer's government moderates it.
    assert (
        api_client(world, "administrator")
        .post(hide, {"reason": "Off topic"}, format="json")
        .status_code
        == 403
    )
    no_reason = api_client(world, "outsider").post(hide, {"reason": ""}, format="json")
    assert no_reason.status_code == 400
    assert no_reason.json()["reason"] == ["Say why it is hidden."]
    response = api_client(world, "outsider").post(hide, {"reason": "Off topic"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["is_hidden"] is True
    assert events_of(answer)[-1].channel == Channel.API
    assert api_client(world, "viewer").get(f"/api/v1/answers/{answer.pk}/").status_code == 404
    response = api_client(world, "outsider").post(f"/api/v1/answers/{answer.pk}/restore/")
    assert response.json()["is_hidden"] is False

    q_hide = f"/api/v1/questions/{question.pk}/hide/"
    assert (
        api_client(world, "outsider").post(q_hide, {"reason": "Spam"}, format="json").status_code
        == 403
    )
    response = api_client(world, "administrator").post(q_hide, {"reason": "Spam"}, format="json")
    assert response.status_code == 200
    assert response.json()["hidden_reason"] == "Spam"


def test_profiles(world: TenantWorld) -> None:
    hidden = ExpertProfileFactory.create(
        government=world.other_government, user=world.users["outsider"], is_published=False
    )
    assert (
        api_client(world, "viewer").get(f"/api/v1/expert-profiles/{hidden.pk}/").status_code == 404
    )
    assert (
        api_client(world, "outsider").get(f"/api/v1/expert-profiles/{hidden.pk}/").status_code
        == 200
    )
    client = api_client(world, "viewer")
    assert client.get("/api/v1/expert-profiles/mine/").status_code == 404
    data = {"headline": "Waste engineer", "languages": ["es", "fr"], "themes": ["waste"]}
    response = client.put("/api/v1/expert-profiles/mine/", data, format="json")
    assert response.status_code == 200, response.content
    profile = ExpertProfile.objects.get(user=world.users["viewer"])
    assert (profile.government, profile.is_published) == (world.government, True)
    assert events_of(profile)[-1].channel == Channel.API
    response = client.put(
        "/api/v1/expert-profiles/mine/", {**data, "is_published": False}, format="json"
    )
    assert response.json()["is_published"] is False
    assert client.get("/api/v1/expert-profiles/").json()["count"] == 0


def test_notifications_are_the_readers_own(world: TenantWorld, question: Question) -> None:
    response = api_client(world, "outsider").post(
        f"/api/v1/questions/{question.pk}/answer/", {"body": "We did it."}, format="json"
    )
    assert response.status_code == 201
    responses = assert_api_matrix(world, "get", "/api/v1/community-notifications/", EVERY_MEMBER)
    assert responses["coordinator"].json()["count"] == 0
    [row] = responses["viewer"].json()["results"]  # the asker
    assert (row["kind"], row["question_title"], row["read_at"]) == (
        "answer",
        "Composting at scale?",
        None,
    )
    url = f"/api/v1/community-notifications/{row['id']}/"
    assert api_client(world, "coordinator").get(url).status_code == 404
    assert api_client(world, "coordinator").post(f"{url}read/").status_code == 404
    response = api_client(world, "viewer").post(f"{url}read/")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    response = api_client(world, "viewer").post("/api/v1/community-notifications/read-all/")
    assert response.json() == {"marked": 0}


@pytest.mark.parametrize(
    "path", ["questions", "answers", "expert-profiles", "community-notifications"]
)
def test_list_queries_do_not_grow_with_rows(world: TenantWorld, path: str) -> None:
    client = api_client(world, "viewer")
    url = f"/api/v1/{path}/?page_size=500"
    client.get(url)
    thread = QuestionFactory.create(government=world.other_government)

    def add(n: int) -> None:
        for _ in range(n):
            if path == "questions":
                question = QuestionFactory.create(government=world.other_government)
                question.themes.set(Theme.objects.filter(code="waste"))
            elif path == "answers":
                AnswerFactory.create(question=thread, government=world.government)
            elif path == "community-notifications":
                answer = AnswerFactory.create(question=thread, government=world.other_government)
                NotificationFactory.create(
                    question=thread,
                    answer=answer,
                    government=world.government,
                    recipient=world.users["viewer"],
                )
            else:
                profile = ExpertProfileFactory.create(government=world.other_government)
                profile.themes.set(Theme.objects.filter(code="water"))

    assert_constant_queries(client, url, add, budget=10, few=3, many=20)
