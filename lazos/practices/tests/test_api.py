"""The good practices' API: the permission matrix of each endpoint, another government's
draft is a 404, publication and marks as actions (allowed and refused per role, with the
web's messages), audit rows of channel "api", and list budgets constant in rows."""

from __future__ import annotations

import pytest

from lazos.actions.tests.factories import ActionFactory
from lazos.api.tests.helpers import api_client, assert_api_matrix, events_of
from lazos.core.audit import Channel
from lazos.core.testing import TenantWorld, assert_constant_queries
from lazos.practices.choices import PracticeStatus, TransferKind
from lazos.practices.models import GoodPractice, PracticeTransfer
from lazos.practices.tests.factories import make_practice

pytestmark = pytest.mark.django_db

OWN_READ = {
    "anonymous": 401,
    "stranger": 403,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}


@pytest.fixture
def draft(world: TenantWorld) -> GoodPractice:
    return make_practice(
        world.government,
        title="Composting at school",
        department=world.department,
        themes=("waste",),
    )


@pytest.fixture
def theirs(world: TenantWorld) -> GoodPractice:
    """A published practice of the other government."""
    return make_practice(
        world.other_government, published=True, title="Water kiosks", themes=("water",)
    )


# --- own practices --------------------------------------------------------------------------


def test_own_practices_matrix(world: TenantWorld, draft: GoodPractice) -> None:
    responses = assert_api_matrix(world, "get", "/api/v1/practices/", {**OWN_READ, "outsider": 200})
    assert responses["outsider"].json()["count"] == 0
    assert [row["id"] for row in responses["viewer"].json()["results"]] == [draft.pk]
    assert_api_matrix(world, "get", f"/api/v1/practices/{draft.pk}/", {**OWN_READ, "outsider": 404})


def test_another_governments_draft_is_a_404_everywhere(world: TenantWorld) -> None:
    hidden = make_practice(world.other_government, title="Secret draft")
    client = api_client(world, "administrator")
    for url in (
        f"/api/v1/practices/{hidden.pk}/",
        f"/api/v1/practice-library/{hidden.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/api/v1/practices/{hidden.pk}/publish/").status_code == 404
    response = client.post(
        f"/api/v1/practice-library/{hidden.pk}/mark/", {"kind": "interested"}, format="json"
    )
    assert response.status_code == 404
    assert not PracticeTransfer.objects.exists()


def test_create_as_a_draft_through_the_service(world: TenantWorld) -> None:
    response = assert_api_matrix(
        world,
        "post",
        "/api/v1/practices/",
        {
            "anonymous": 401,
            "stranger": 403,
            "outsider": 201,  # in its own government
            "administrator": 201,
            "coordinator": 201,
            "editor": 403,  # only for one of their departments
            "viewer": 403,
        },
        data={"title": "Night buses", "summary": "Buses at night.", "themes": ["waste"]},
    )["outsider"]
    practice = GoodPractice.objects.get(pk=response.json()["id"])
    assert practice.government == world.other_government
    assert practice.status == PracticeStatus.DRAFT
    assert events_of(practice)[-1].channel == Channel.API
    client = api_client(world, "editor")
    data = {"title": "Bus", "summary": "Buses.", "department": world.department.pk}
    response = client.post("/api/v1/practices/", data, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["missing_for_publication"]  # context, solution, results, a theme


def test_publish_refuses_an_incomplete_draft_with_the_webs_messages(world: TenantWorld) -> None:
    incomplete = make_practice(world.government, context="", results="")
    response = api_client(world, "coordinator").post(f"/api/v1/practices/{incomplete.pk}/publish/")
    assert response.status_code == 400
    body = response.json()
    assert body["context"] == ["Describe the context and the problem before publishing."]
    assert body["results"] == ["Describe the results before publishing."]
    assert "themes" in body
    incomplete.refresh_from_db()
    assert incomplete.status == PracticeStatus.DRAFT


def test_publish_and_unpublish_per_role(world: TenantWorld, draft: GoodPractice) -> None:
    url = f"/api/v1/practices/{draft.pk}/publish/"
    statuses = {
        who: api_client(world, who).post(url).status_code
        for who in ("anonymous", "stranger", "outsider", "viewer")
    }
    assert statuses == {"anonymous": 401, "stranger": 403, "outsider": 404, "viewer": 403}
    elsewhere = make_practice(world.government, themes=("waste",))  # no department
    assert (
        api_client(world, "editor").post(f"/api/v1/practices/{elsewhere.pk}/publish/").status_code
        == 403
    )

    client = api_client(world, "editor")  # of the practice's department
    etag = client.get(f"/api/v1/practices/{draft.pk}/")["ETag"]
    response = client.post(url, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "published"
    assert response["ETag"] != etag
    event = events_of(draft)[-1]
    assert event.channel == Channel.API
    assert event.changes["status"] == {"before": "draft", "after": "published"}

    again = client.post(url)
    assert again.status_code == 400
    assert again.json()["non_field_errors"] == ["This practice is already published."]
    stale = client.post(f"/api/v1/practices/{draft.pk}/unpublish/", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    response = client.post(f"/api/v1/practices/{draft.pk}/unpublish/")
    assert response.status_code == 200
    assert response.json()["status"] == "draft"


def test_a_practice_others_marked_is_not_deleted(world: TenantWorld, theirs: GoodPractice) -> None:
    ours = make_practice(world.government, published=True, themes=("waste",))
    PracticeTransfer.objects.create(
        government=world.other_government, practice=ours, kind=TransferKind.INTERESTED
    )
    response = api_client(world, "coordinator").delete(f"/api/v1/practices/{ours.pk}/")
    assert response.status_code == 400
    assert "withdraw it from publication" in response.json()["non_field_errors"][0]
    assert GoodPractice.objects.filter(pk=ours.pk).exists()


# --- the library ---------------------------------------------------------------------------


def test_the_library_shows_every_governments_published_practices_only(
    world: TenantWorld, draft: GoodPractice, theirs: GoodPractice
) -> None:
    responses = assert_api_matrix(
        world, "get", "/api/v1/practice-library/", {**OWN_READ, "outsider": 200}
    )
    assert [row["id"] for row in responses["viewer"].json()["results"]] == [theirs.pk]
    row = responses["viewer"].json()["results"][0]
    assert row["government_name"] == world.other_government.name
    assert row["our_marks"] == []
    detail = assert_api_matrix(
        world, "get", f"/api/v1/practice-library/{theirs.pk}/", {**OWN_READ, "outsider": 200}
    )
    assert detail["viewer"].json()["public_actions"] == []  # none linked


def test_only_the_authors_public_actions_are_shown(
    world: TenantWorld, theirs: GoodPractice
) -> None:
    public = ActionFactory.create(
        government=world.other_government,
        title="Kiosks in ten districts",
        is_public=True,
        public_summary="Ten kiosks.",
    )
    private = ActionFactory.create(government=world.other_government, title="Budget talks")
    theirs.actions.set([public, private])
    body = api_client(world, "viewer").get(f"/api/v1/practice-library/{theirs.pk}/").json()
    assert [action["title"] for action in body["public_actions"]] == ["Kiosks in ten districts"]
    assert "Budget talks" not in str(body)


def test_the_library_ranks_by_a_query_across_languages(
    world: TenantWorld, theirs: GoodPractice
) -> None:
    make_practice(world.other_government, published=True, title="Bike lanes", themes=("climate",))
    rows = api_client(world, "viewer").get("/api/v1/practice-library/?q=agua").json()["results"]
    assert [row["id"] for row in rows] == [theirs.pk]


def test_marking_per_role_and_the_webs_refusals(world: TenantWorld, theirs: GoodPractice) -> None:
    url = f"/api/v1/practice-library/{theirs.pk}/mark/"
    data = {"kind": "adapted", "note": "We copied the kiosks."}
    statuses = {
        who: api_client(world, who).post(url, data, format="json").status_code
        for who in ("anonymous", "stranger", "viewer", "editor")
    }
    assert statuses == {"anonymous": 401, "stranger": 403, "viewer": 403, "editor": 403}
    # The author's own government cannot mark it (the web's message).
    response = api_client(world, "outsider").post(url, data, format="json")
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["A government cannot mark its own practice."]

    response = api_client(world, "coordinator").post(url, data, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["our_marks"] == ["adapted"]
    [line] = response.json()["transfer_log"]
    assert (line["government_name"], line["kind"], line["note"]) == (
        world.government.name,
        "adapted",
        "We copied the kiosks.",
    )
    transfer = PracticeTransfer.objects.get()
    assert transfer.government == world.government
    assert events_of(transfer)[-1].channel == Channel.API

    bad = api_client(world, "coordinator").post(url, {"kind": "loved"}, format="json")
    assert bad.status_code == 400
    assert "kind" in bad.json()

    response = api_client(world, "coordinator").post(
        f"/api/v1/practice-library/{theirs.pk}/unmark/", {"kind": "adapted"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["our_marks"] == []
    assert not PracticeTransfer.objects.exists()


def test_own_marks_list_and_removal(world: TenantWorld, theirs: GoodPractice) -> None:
    transfer = PracticeTransfer.objects.create(
        government=world.government, practice=theirs, kind=TransferKind.INTERESTED
    )
    responses = assert_api_matrix(
        world, "get", "/api/v1/practice-transfers/", {**OWN_READ, "outsider": 200}
    )
    assert responses["outsider"].json()["count"] == 0
    [row] = responses["viewer"].json()["results"]
    assert (row["practice_title"], row["author_name"]) == ("Water kiosks", theirs.government.name)
    # Withdrawn since: its title is no longer shown.
    GoodPractice.objects.filter(pk=theirs.pk).update(status=PracticeStatus.DRAFT)
    [row] = api_client(world, "viewer").get("/api/v1/practice-transfers/").json()["results"]
    assert (row["practice_title"], row["practice_is_published"]) == ("", False)

    url = f"/api/v1/practice-transfers/{transfer.pk}/"
    assert api_client(world, "outsider").delete(url).status_code == 404
    assert api_client(world, "viewer").delete(url).status_code == 403
    assert api_client(world, "coordinator").delete(url).status_code == 204
    assert not PracticeTransfer.objects.exists()
    event = events_of(transfer)[-1]
    assert (event.action, event.channel) == ("delete", Channel.API)


# --- query budgets ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["practices", "practice-library", "practice-transfers"])
def test_list_queries_do_not_grow_with_rows(world: TenantWorld, path: str) -> None:
    client = api_client(world, "viewer")
    url = f"/api/v1/{path}/?page_size=500"
    client.get(url)

    def add(n: int) -> None:
        if path == "practices":
            for _ in range(n):
                make_practice(world.government, themes=("waste",), targets=("6.1",))
        elif path == "practice-library":
            for _ in range(n):
                make_practice(world.other_government, published=True, themes=("water",))
        else:
            for _ in range(n):
                practice = make_practice(world.other_government, published=True)
                PracticeTransfer.objects.create(
                    government=world.government, practice=practice, kind=TransferKind.ADAPTED
                )

    assert_constant_queries(client, url, add, budget=12, few=3, many=30)


def test_indicators_are_written_with_the_practice(world: TenantWorld) -> None:
    client = api_client(world, "coordinator")
    data = {
        "title": "Water kiosks",
        "summary": "Kiosks.",
        "indicators": [
            {"name": "Households served", "baseline": "0", "achieved": "1200"},
            {"name": "Litres a day", "achieved": "30000", "unit": "l"},
        ],
    }
    response = client.post("/api/v1/practices/", data, format="json")
    assert response.status_code == 201, response.content
    rows = response.json()["indicators"]
    assert [(row["name"], row["position"]) for row in rows] == [
        ("Households served", 0),
        ("Litres a day", 1),
    ]
    url = f"/api/v1/practices/{response.json()['id']}/"
    kept = {**rows[1], "achieved": "35000"}
    response = client.patch(url, {"indicators": [kept]}, format="json")
    assert response.status_code == 200, response.content
    assert [(row["id"], row["achieved"]) for row in response.json()["indicators"]] == [
        (rows[1]["id"], "35000")
    ]
    elsewhere = make_practice(world.government)
    foreign = elsewhere.indicators.create(government=world.government, name="Other", achieved="1")
    response = client.patch(
        url, {"indicators": [{"id": foreign.pk, "name": "X", "achieved": "2"}]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["indicators"] == ["This indicator belongs to another practice."]
    foreign.refresh_from_db()
    assert foreign.name == "Other"
