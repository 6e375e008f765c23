"""Office pages of good practices: permissions, isolation, forms, publishing, query budgets."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lazos.actions.tests.factories import ActionFactory
from lazos.core.models import AuditEvent
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.practices.choices import PracticeStatus, TransferKind
from lazos.practices.models import GoodPractice, PracticeTransfer
from lazos.practices.tests.factories import IndicatorFactory, make_practice, make_transfer
from lazos.reference.models import Theme

pytestmark = pytest.mark.django_db

VIEW_ALL = {
    "anonymous": 302,
    "stranger": 403,
    "outsider": 200,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}
# Editors change practices of their own departments (the world's editor is in world.department).
CHANGE_OWN = {**VIEW_ALL, "outsider": 404, "viewer": 403}


def test_permission_matrix_of_the_office_pages(world):
    ours = make_practice(world.government, department=world.department)
    assert_permission_matrix(world, reverse("practices:practice-list"), VIEW_ALL)
    assert_permission_matrix(world, reverse("practices:transfer-list"), VIEW_ALL)
    assert_permission_matrix(
        world, reverse("practices:practice-create"), {**VIEW_ALL, "viewer": 403}
    )
    detail = {**VIEW_ALL, "outsider": 404}
    assert_permission_matrix(world, reverse("practices:practice-detail", args=[ours.pk]), detail)
    assert_permission_matrix(world, reverse("practices:practice-history", args=[ours.pk]), detail)
    assert_permission_matrix(world, reverse("practices:practice-edit", args=[ours.pk]), CHANGE_OWN)
    assert_permission_matrix(
        world, reverse("practices:practice-delete", args=[ours.pk]), CHANGE_OWN
    )


def test_an_editor_cannot_change_a_practice_of_another_department(world):
    elsewhere = make_practice(world.government)
    url = reverse("practices:practice-edit", args=[elsewhere.pk])
    assert world.client_for("editor").get(url).status_code == 403
    assert world.client_for("coordinator").get(url).status_code == 200


def test_publish_and_unpublish_permissions_and_isolation(world):
    ours = make_practice(world.government, themes=("waste",))
    url = reverse("practices:practice-publish", args=[ours.pk])
    assert_permission_matrix(
        world,
        url,
        {
            "anonymous": 302,
            "stranger": 403,
            "outsider": 404,
            "administrator": 405,
            "coordinator": 405,
            "editor": 405,
            "viewer": 403,
        },
    )
    assert world.client_for("viewer").post(url).status_code == 403
    assert world.client_for("outsider").post(url).status_code == 404
    ours.refresh_from_db()
    assert ours.status == PracticeStatus.DRAFT
    response = world.client_for("coordinator").post(url)
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.status == PracticeStatus.PUBLISHED
    world.client_for("coordinator").post(reverse("practices:practice-unpublish", args=[ours.pk]))
    ours.refresh_from_db()
    assert ours.status == PracticeStatus.DRAFT


def test_publishing_an_incomplete_practice_says_what_is_missing(world):
    practice = make_practice(world.government, results="")
    client = world.client_for("coordinator")
    detail = client.get(practice.get_absolute_url()).content.decode()
    assert "Before it can be published:" in detail
    assert "Describe the results before publishing." in detail
    response = client.post(reverse("practices:practice-publish", args=[practice.pk]), follow=True)
    text = response.content.decode()
    assert "Describe the results before publishing." in text
    assert "Choose at least one theme before publishing" in text
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.DRAFT


def form_data(**overrides):
    data = {
        "title": "Coleta seletiva solidária",
        "summary": "Coleta seletiva com cooperativas de catadores.",
        "language": "",
        "context": "Lixões a céu aberto.",
        "solution": "Contratamos cooperativas.",
        "results": "Mais reciclagem.",
        "currency": "",
        "themes": ["waste"],
        "tr_en_title": "Solidarity selective collection",
        "tr_en_summary": "",
        "indicators-TOTAL_FORMS": "2",
        "indicators-INITIAL_FORMS": "0",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "20",
        "indicators-0-name": "Toneladas recicladas por mês",
        "indicators-0-unit": "t",
        "indicators-0-baseline": "12",
        "indicators-0-achieved": "85",
        "indicators-0-period": "2021–2024",
    }
    data.update(overrides)
    return data


def test_create_with_indicators_and_translations(world):
    world.government.official_languages = ["pt"]
    world.government.save()
    action = ActionFactory.create(government=world.government)
    client = world.client_for("coordinator")
    response = client.post(
        reverse("practices:practice-create"), form_data(actions=[action.pk], cost="1000")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    practice = GoodPractice.objects.get()
    assert response.url == practice.get_absolute_url()
    assert practice.status == PracticeStatus.DRAFT
    assert practice.translations == {"en": {"title": "Solidarity selective collection"}}
    assert [i.name for i in practice.indicators.all()] == ["Toneladas recicladas por mês"]
    assert list(practice.actions.all()) == [action]
    assert practice.currency == world.government.currency
    assert AuditEvent.objects.filter(content_type__model="practiceindicator").count() == 1

    # Edit: change the indicator, delete nothing, add one; the form shows the practice's own
    # language without a translation box for it.
    indicator = practice.indicators.get()
    edit = reverse("practices:practice-edit", args=[practice.pk])
    page = client.get(edit).content.decode()
    assert 'name="tr_pt_title"' not in page
    assert 'name="tr_es_title"' in page
    response = client.post(
        edit,
        form_data(
            **{
                "indicators-TOTAL_FORMS": "3",
                "indicators-INITIAL_FORMS": "1",
                "indicators-0-id": str(indicator.pk),
                "indicators-0-practice": str(practice.pk),
                "indicators-0-achieved": "90",
                "indicators-1-name": "Catadores com renda fixa",
                "indicators-1-achieved": "140",
            }
        ),
    )
    assert response.status_code == 302
    rows = list(practice.indicators.values_list("name", "achieved"))
    assert rows == [("Toneladas recicladas por mês", "90"), ("Catadores com renda fixa", "140")]


def test_the_edit_form_cannot_link_another_governments_action(world):
    foreign = ActionFactory.create(government=world.other_government)
    response = world.client_for("coordinator").post(
        reverse("practices:practice-create"), form_data(actions=[foreign.pk])
    )
    assert response.status_code == 200
    assert not GoodPractice.objects.exists()


def test_editing_a_published_practice_keeps_it_complete(world):
    practice = make_practice(world.government, published=True, themes=("waste",))
    response = world.client_for("coordinator").post(
        reverse("practices:practice-edit", args=[practice.pk]),
        form_data(themes=[], **{"indicators-TOTAL_FORMS": "0"}),
    )
    assert response.status_code == 200
    assert "Choose at least one theme before publishing" in response.content.decode()
    assert practice.themes.exists()


def test_contact_email_help_says_it_is_public(world):
    page = world.client_for("coordinator").get(reverse("practices:practice-create"))
    assert "Public: shown with the published practice" in page.content.decode()


def test_delete_page_and_refusal_when_marked(world):
    practice = make_practice(world.government, published=True, themes=("waste",))
    make_transfer(world.other_government, practice)
    client = world.client_for("coordinator")
    url = reverse("practices:practice-delete", args=[practice.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, follow=True)
    assert "withdraw it from publication instead" in response.content.decode()
    assert GoodPractice.objects.filter(pk=practice.pk).exists()
    alone = make_practice(world.government)
    assert client.post(reverse("practices:practice-delete", args=[alone.pk])).status_code == 302
    assert not GoodPractice.objects.filter(pk=alone.pk).exists()


def test_detail_shows_the_record_and_the_transfer_log(world):
    practice = make_practice(
        world.government,
        published=True,
        themes=("waste",),
        targets=("12.5",),
        contact_email="residuos@example.org",
    )
    IndicatorFactory.create(practice=practice, name="Toneladas recicladas", achieved="85")
    public_action = ActionFactory.create(
        government=world.other_government,
        title="Reciclaje en Beta",
        is_public=True,
        public_summary="Public.",
    )
    private_action = ActionFactory.create(
        government=world.other_government, title="Secret Beta action"
    )
    recorder = world.users["outsider"]
    make_transfer(
        world.other_government,
        practice,
        TransferKind.ADAPTED,
        note="Adaptamos la coleta",
        action=public_action,
        recorded_by=recorder,
    )
    from lazos.core.testing.builders import GovernmentFactory

    third = GovernmentFactory.create(name="Third City")
    make_transfer(third, practice, TransferKind.INTERESTED, action=private_action)
    page = world.client_for("viewer").get(practice.get_absolute_url()).content.decode()
    for expected in (
        "Toneladas recicladas",
        "12.5",
        "residuos@example.org",
        "w Beta",
        "Adaptamos la coleta",
        "Reciclaje en Beta",
        recorder.get_full_name(),
        "Third City",
    ):
        assert expected in page, expected
    assert "Secret Beta action" not in page


def test_what_we_learned_from_others_lists_our_marks_only(world):
    from lazos.core.testing.builders import GovernmentFactory

    published = make_practice(world.other_government, published=True, title="Their published")
    withdrawn = make_practice(world.other_government, title="Their withdrawn draft")
    make_transfer(world.government, published, TransferKind.ADAPTED, note="Our note")
    mark = make_transfer(world.government, withdrawn, TransferKind.INTERESTED)
    third = GovernmentFactory.create()
    make_transfer(third, published, TransferKind.INTERESTED, note="Someone else's note")
    page = world.client_for("viewer").get(reverse("practices:transfer-list")).content.decode()
    assert "Their published" in page
    assert "Our note" in page
    assert "Their withdrawn draft" not in page
    assert "No longer published by its authors" in page
    assert "Someone else&#x27;s note" not in page
    assert "Someone else's note" not in page
    # Only who may delete removes a mark; another government's member gets a 404.
    url = reverse("practices:transfer-remove", args=[mark.pk])
    assert world.client_for("viewer").post(url).status_code == 403
    assert world.client_for("outsider").post(url).status_code == 404
    assert world.client_for("coordinator").post(url).status_code == 302
    assert not PracticeTransfer.objects.filter(pk=mark.pk).exists()


def test_the_list_filters_and_never_shows_another_governments_practices(world):
    make_practice(world.government, title="Nuestra práctica de residuos", themes=("waste",))
    make_practice(world.government, title="Nuestra práctica cultural", themes=("culture",))
    make_practice(world.other_government, title="Their practice", published=True)
    client = world.client_for("viewer")
    page = client.get(reverse("practices:practice-list")).content.decode()
    assert "Nuestra práctica de residuos" in page
    assert "Their practice" not in page
    filtered = client.get(reverse("practices:practice-list"), {"theme": "culture"}).content.decode()
    assert "Nuestra práctica cultural" in filtered
    assert "Nuestra práctica de residuos" not in filtered


def test_office_list_query_budget(world):
    waste = Theme.objects.get(code="waste")

    def add_rows(count: int) -> None:
        for _ in range(count):
            practice = make_practice(world.government, department=world.department)
            practice.themes.add(waste)
            make_transfer(world.other_government, practice)

    assert_constant_queries(
        world.client_for("viewer"), reverse("practices:practice-list"), add_rows, budget=14
    )


def test_transfer_list_query_budget(world):
    from lazos.core.testing.builders import GovernmentFactory

    def add_rows(count: int) -> None:
        for _ in range(count):
            author = GovernmentFactory.create()
            action = ActionFactory.create(government=world.government)
            make_transfer(
                world.government,
                make_practice(author, published=True),
                recorded_by=world.users["coordinator"],
                action=action,
            )

    assert_constant_queries(
        world.client_for("coordinator"), reverse("practices:transfer-list"), add_rows, budget=12
    )
