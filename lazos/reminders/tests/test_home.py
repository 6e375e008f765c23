"""The home page's "New notifications" section: the member's own unread notifications, each a
link to its object, gone once read; nobody else's; a fixed number of queries."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from lazos.accounts.models import User
from lazos.core.testing import assert_constant_queries
from lazos.core.testing.builders import GovernmentFactory, MembershipFactory, UserFactory
from lazos.governments.models import Government
from lazos.reminders.models import Notification

pytestmark = pytest.mark.django_db

HOME = "/"


def notify(government: Government, recipient: User, title: str, url: str) -> Notification:
    return Notification.objects.create(
        government=government,
        recipient=recipient,
        kind="results.update_returned",
        content_type=ContentType.objects.get_for_model(Government),
        object_id=government.pk,
        title=title,
        url=url,
        delivery="off",
    )


@pytest.fixture
def office():
    government = GovernmentFactory.create()
    editor = UserFactory.create()
    MembershipFactory.create(government=government, user=editor, role="editor")
    colleague = UserFactory.create()
    MembershipFactory.create(government=government, user=colleague, role="editor")
    return government, editor, colleague


def section_text(client) -> str:
    response = client.get(reverse("governments:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('id="home-notifications"')
    return html[start : html.index("</section>", start)]


def test_unread_notifications_are_listed_with_their_link_and_leave_once_read(client, office):
    government, editor, colleague = office
    mine = notify(government, editor, "Jóvenes en intercambios", "/results/updates/7/")
    notify(government, colleague, "Informe de otra persona", "/results/updates/8/")
    client.force_login(editor)

    text = section_text(client)
    assert "Jóvenes en intercambios" in text
    assert 'href="/results/updates/7/"' in text
    assert "Your indicator update was returned" in text
    assert "Informe de otra persona" not in text

    mine.read_at = timezone.now()
    mine.save(update_fields=["read_at"])
    text = section_text(client)
    assert "Jóvenes en intercambios" not in text
    assert "you have read every notification" in text
    assert f'href="{reverse("reminders:inbox")}"' in text


def test_the_section_costs_the_same_queries_with_many_notifications(client, office):
    government, editor, _ = office
    client.force_login(editor)
    numbers = iter(range(100))

    def add_rows(n: int) -> None:
        for _ in range(n):
            notify(government, editor, f"Aviso {next(numbers)}", "/inbox/")

    assert_constant_queries(client, reverse("governments:dashboard"), add_rows, budget=28)
