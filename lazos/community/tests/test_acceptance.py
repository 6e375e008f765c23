"""Acceptance of issue #7, part 4: a question by a user of A is answered by a user of B; A is
notified (in the app and by email, in their language); a user without membership on the
instance sees nothing; an anonymous visitor is sent to sign in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lazos.community.choices import NotificationKind
from lazos.community.models import Answer, Notification, Question
from lazos.core.testing.builders import GovernmentFactory, UserFactory
from lazos.governments.choices import Role

from .factories import member_of

pytestmark = pytest.mark.django_db

TITLE = "¿Cómo organizan la recolección selectiva con cooperativas de recicladores?"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_question_of_a_is_answered_by_b_and_a_is_notified_and_outsiders_see_nothing(
    mailoutbox, django_capture_on_commit_callbacks
):
    villa = GovernmentFactory.create(
        name="Villa Esperanza", slug="villa", official_languages=["es"]
    )
    rio = GovernmentFactory.create(name="Rio Claro do Sul", slug="rio", official_languages=["pt"])
    asker = member_of(
        villa, Role.EDITOR, username="lucia", first_name="Lucía", last_name="Ramírez",
        preferred_language="es",
    )  # fmt: skip
    answerer = member_of(
        rio, Role.VIEWER, username="joao", first_name="João", last_name="Pereira",
        preferred_language="pt",
    )  # fmt: skip
    stranger = UserFactory.create(username="nobody")

    # A's member asks, writing for A.
    response = _client(asker).post(
        reverse("community:question-create"),
        {"title": TITLE, "body": "Empezamos en tres barrios.", "language": "es"},
    )
    assert response.status_code == 302
    question = Question.objects.get(title=TITLE)
    assert question.government == villa
    assert question.author == asker

    # B's member (member of B only) sees it in the list and in its thread, and answers.
    joao = _client(answerer)
    assert TITLE in joao.get(reverse("community:question-list")).content.decode()
    thread = joao.get(question.get_absolute_url())
    assert thread.status_code == 200
    assert "Villa Esperanza" in thread.content.decode()  # the asker's government is shown
    with django_capture_on_commit_callbacks(execute=True):
        response = joao.post(
            question.get_absolute_url(),
            {"body": "Em Rio Claro contratamos a cooperativa pelo volume coletado."},
        )
    assert response.status_code == 302
    answer = Answer.objects.get(question=question)
    assert answer.government == rio
    assert answer.author == answerer
    page = _client(asker).get(question.get_absolute_url()).content.decode()
    assert "Em Rio Claro contratamos" in page
    assert "Rio Claro do Sul" in page

    # A's member is notified in the app…
    notification = Notification.objects.get(recipient=asker)
    assert notification.kind == NotificationKind.ANSWER
    assert notification.answer == answer
    assert notification.government == villa
    assert not Notification.objects.filter(recipient=answerer).exists()  # not for one's own
    lucia = _client(asker)
    badge = lucia.get(reverse("community:notification-badge")).content.decode()
    assert ">1<" in badge
    inbox = lucia.get(reverse("community:notification-list")).content.decode()
    assert TITLE in inbox

    # …and by email, in their language (Spanish), naming who answered from where.
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [asker.email]
    assert email.extra_headers["Content-Language"] == "es"
    assert email.body.startswith("Hola, Lucía:")
    assert TITLE in email.subject
    assert "João Pereira (Rio Claro do Sul)" in email.body
    assert f"/community/questions/{question.pk}/#answer-{answer.pk}" in email.body

    # A signed-in person who belongs to no government gets nothing, anywhere.
    nobody = _client(stranger)
    pages = [
        reverse("community:question-list"),
        reverse("community:question-list") + "?q=recicladores",
        question.get_absolute_url(),
        reverse("community:question-create"),
        reverse("community:expert-list"),
        reverse("community:profile"),
        reverse("community:notification-list"),
        reverse("community:notification-badge"),
        reverse("community:moderation"),
    ]
    for url in pages:
        response = nobody.get(url)
        assert response.status_code == 403, url
        assert TITLE.encode() not in response.content, url
    response = nobody.post(question.get_absolute_url(), {"body": "Let me in"})
    assert response.status_code == 403
    assert Answer.objects.count() == 1

    # Anonymous visitors are sent to sign in.
    for url in pages:
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
        assert TITLE.encode() not in response.content
