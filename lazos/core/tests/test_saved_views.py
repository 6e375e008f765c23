"""Saved views of register lists (#14, point 3): saved by anyone for themselves, shared by
coordinators and administrators, a default per person that opens the list, audited, never
across governments, and a fixed number of queries on the list page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lazos.actions.tests.factories import ActionFactory
from lazos.core.models import AuditEvent, SavedView
from lazos.core.saved_views import save_view, set_default_view
from lazos.core.testing.builders import UserFactory
from lazos.core.testing.queries import count_queries

pytestmark = pytest.mark.django_db

LIST = "actions:action-list"
SAVE = reverse("saved-views:save")


def _save(world, who, name, query="status=ongoing", shared=False):
    data = {"list_name": LIST, "query": query, "name": name}
    if shared:
        data["is_shared"] = "on"
    return world.client_for(who).post(SAVE, data)


@pytest.mark.parametrize("who", ["viewer", "editor", "coordinator", "administrator"])
def test_every_member_saves_a_private_view_that_only_they_see(world, who):
    response = _save(world, who, "Ongoing", query="status=ongoing&ordering=-start_date&page=3")
    assert response.status_code == 302
    assert response["Location"] == "/actions/?ordering=-start_date&status=ongoing"
    view = SavedView.objects.get()
    assert (view.owner, view.is_shared, view.government) == (
        world.users[who],
        False,
        world.government,
    )
    assert AuditEvent.objects.for_object(view).get().action == "create"
    assert "Ongoing" in world.client_for(who).get("/actions/").content.decode()
    other = "coordinator" if who != "coordinator" else "viewer"
    assert "Ongoing" not in world.client_for(other).get("/actions/").content.decode()


@pytest.mark.parametrize(
    ("who", "shared"),
    [("viewer", False), ("editor", False), ("coordinator", True), ("administrator", True)],
)
def test_only_coordinators_and_administrators_share_views(world, who, shared):
    response = _save(world, who, "Shared one", shared=True)
    assert SavedView.objects.filter(is_shared=True).exists() is shared
    assert response.status_code == (302 if shared else 403)
    if shared:
        page = world.client_for("viewer").get("/actions/").content.decode()
        assert "Shared one" in page


def test_saving_again_under_the_same_name_updates_the_view(world):
    _save(world, "editor", "Mine", query="status=planned")
    _save(world, "editor", "Mine", query="status=ongoing")
    assert list(SavedView.objects.values_list("name", "query")) == [("Mine", "status=ongoing")]


def test_a_view_needs_a_name_and_a_register_list(world):
    client = world.client_for("editor")
    response = client.post(SAVE, {"list_name": LIST, "query": "", "name": "  "}, follow=True)
    assert "give it a name" in response.content.decode()
    response = client.post(SAVE, {"list_name": "accounts:profile", "name": "x"})
    assert response.status_code == 403
    response = client.post(SAVE, {"list_name": "no:such-list", "name": "x"})
    assert response.status_code == 403
    assert not SavedView.objects.exists()


def test_the_default_view_opens_the_list_until_cleared(world):
    view = save_view(
        world.government,
        acting_user=world.users["editor"],
        list_name=LIST,
        name="Mine",
        query="status=ongoing",
    )
    client = world.client_for("editor")
    response = client.post(reverse("saved-views:default", args=[view.pk]))
    assert response["Location"] == "/actions/?status=ongoing"
    assert list(view.default_for.all()) == [world.users["editor"]]
    assert client.get("/actions/")["Location"] == "/actions/?status=ongoing"
    assert client.get("/actions/?view=all").status_code == 200
    # Another member's list opens as before.
    assert world.client_for("viewer").get("/actions/").status_code == 200

    response = client.post(reverse("saved-views:clear-default"), {"list_name": LIST})
    assert response["Location"] == "/actions/?view=all"
    assert client.get("/actions/").status_code == 200
    changes = [e.changes for e in AuditEvent.objects.for_object(view).order_by("id")]
    editor = world.users["editor"].pk
    assert changes[1]["default_for"] == {"before": [], "after": [editor]}
    assert changes[2]["default_for"] == {"before": [editor], "after": []}


def test_one_default_per_list_and_person(world):
    editor = world.users["editor"]
    first, second = (
        save_view(world.government, acting_user=editor, list_name=LIST, name=n, query=q)
        for n, q in (("A", "status=ongoing"), ("B", "status=planned"))
    )
    set_default_view(world.government, acting_user=editor, list_name=LIST, view=first)
    set_default_view(world.government, acting_user=editor, list_name=LIST, view=second)
    assert list(SavedView.objects.filter(default_for=editor)) == [second]


def test_who_may_delete_a_view(world):
    private = save_view(
        world.government, acting_user=world.users["editor"], list_name=LIST, name="P"
    )
    shared = save_view(
        world.government,
        acting_user=world.users["administrator"],
        list_name=LIST,
        name="S",
        is_shared=True,
    )

    def delete(who, view):
        return world.client_for(who).post(reverse("saved-views:delete", args=[view.pk]))

    assert delete("coordinator", private).status_code == 404  # not theirs: not even seen
    assert delete("viewer", shared).status_code == 403
    assert delete("editor", shared).status_code == 403
    assert delete("coordinator", shared).status_code == 302
    assert delete("editor", private).status_code == 302
    assert not SavedView.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_repr__in=["P", "S"]).count() == 2


def test_another_governments_view_is_not_found(world):
    foreign = SavedView.objects.create(
        government=world.other_government,
        owner=UserFactory.create(),
        list_name=LIST,
        name="Theirs",
        is_shared=True,
    )
    client = world.client_for("administrator")
    for name in ("saved-views:delete", "saved-views:default"):
        assert client.post(reverse(name, args=[foreign.pk])).status_code == 404
    assert "Theirs" not in client.get("/actions/").content.decode()
    assert SavedView.objects.filter(pk=foreign.pk).exists()


def test_the_list_page_reads_its_views_in_a_fixed_number_of_queries(world):
    client = world.client_for("coordinator")
    ActionFactory.create_batch(3, government=world.government)
    before = count_queries(client, "/actions/")
    for number in range(6):
        save_view(
            world.government,
            acting_user=world.users["coordinator" if number % 2 else "administrator"],
            list_name=LIST,
            name=f"View {number}",
            query=f"status=ongoing&ordering={number}",
            is_shared=True,
        )
    assert count_queries(client, "/actions/") == before
