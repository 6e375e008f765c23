"""The community demo, loaded on top of the three demo governments alone (not the whole demo)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lazos.community.demo import COMMUNITY, load_community
from lazos.community.models import Answer, ExpertProfile, Notification, Question
from lazos.core.models import AuditEvent
from lazos.demo.builders import ensure_demo_governments
from lazos.demo.kit import DemoReport
from lazos.governments.choices import Role

pytestmark = pytest.mark.django_db


def _governments(report: DemoReport) -> None:
    ensure_demo_governments(report)


def test_community_demo_is_complete_and_idempotent():
    report = DemoReport()
    _governments(report)
    load_community(report)
    counts = (
        Question.objects.count(), Answer.objects.count(), ExpertProfile.objects.count(),
        Notification.objects.count(), AuditEvent.objects.count(),
    )  # fmt: skip
    second = DemoReport()
    load_community(second)
    assert second.created == []
    assert counts == (
        Question.objects.count(), Answer.objects.count(), ExpertProfile.objects.count(),
        Notification.objects.count(), AuditEvent.objects.count(),
    )  # fmt: skip

    assert Question.objects.count() == len(COMMUNITY.load()["threads"]) == 5
    assert set(Question.objects.values_list("language", flat=True)) == {"es", "pt", "fr", "en"}
    assert set(Question.objects.values_list("government__slug", flat=True)) == {
        "villa-esperanza", "rio-claro-do-sul", "lac-saint-amand",
    }  # fmt: skip
    # Every answer comes from another government than the question's.
    for answer in Answer.objects.select_related("question"):
        assert answer.government_id != answer.question.government_id
    helpful = Answer.objects.get(is_accepted=True)
    assert helpful.question.status == "answered"
    assert ExpertProfile.objects.published().count() == 4
    lucia = ExpertProfile.objects.get(user__username="lucia")
    assert lucia.government.slug == "villa-esperanza"
    assert lucia.user.preferred_language == "es"
    membership = lucia.user.memberships.get()
    assert membership.role == Role.EDITOR
    assert [d.name for d in membership.departments.all()] == ["Medio Ambiente"]
    assert Notification.objects.filter(recipient__username="coordinator").unread().count() >= 1
    assert not Notification.objects.filter(recipient__username="lucia").unread().exists()

    client = Client()
    client.force_login(lucia.user)
    page = client.get(reverse("community:question-list")).content.decode()
    assert "How do you prepare a network position for the HLPF?" in page
    coordinator = Client()
    coordinator.force_login(
        Notification.objects.filter(recipient__username="coordinator").earliest("pk").recipient
    )
    assert b'class="badge"' in coordinator.get(reverse("community:notification-badge")).content
