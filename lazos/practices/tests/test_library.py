"""The library across governments: ranking across languages with reasons, filters, drafts never
shown, marks, and a fixed number of queries."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from lazos.actions.tests.factories import ActionFactory
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.core.testing.builders import GovernmentFactory, MembershipFactory, UserFactory
from lazos.practices import services
from lazos.practices.choices import TransferKind
from lazos.practices.library import rank
from lazos.practices.models import GoodPractice, PracticeTransfer
from lazos.practices.tests.factories import make_practice, make_transfer
from lazos.reference.models import SdgTarget

pytestmark = pytest.mark.django_db

PT_WASTE = {
    "title": "Coleta seletiva solidária com cooperativas de catadores",
    "summary": "A prefeitura contratou cooperativas para a coleta porta a porta de recicláveis.",
    "context": "Lixões irregulares e catadores sem renda estável.",
    "solution": "Contratos com cooperativas, galpões de triagem e educação ambiental.",
    "results": "A reciclagem passou de 3% para 17% dos resíduos coletados.",
    "language": "pt",
}


@pytest.fixture
def library(world):
    """B (Portuguese) has a waste practice; a Spanish traffic practice shares one word with the
    query ("manejo"); a Portuguese mobility practice shares only SDG 11 (a goal of the waste
    theme); a culture practice shares nothing; a waste draft must never show."""
    world.other_government.official_languages = ["pt"]
    world.other_government.save()
    waste = make_practice(
        world.other_government,
        published=True,
        themes=("waste",),
        targets=("12.5", "11.6"),
        **PT_WASTE,
    )
    mobility = make_practice(
        world.other_government,
        published=True,
        title="Ciclovias de bairro",
        summary="Rede de ciclovias ligando escolas.",
        themes=("mobility",),
        targets=("11.2",),
        language="pt",
    )
    traffic = make_practice(
        world.government,
        published=True,
        title="Manejo del tránsito en horas pico",
        summary="Semáforos coordinados en las avenidas.",
        themes=("mobility",),
        targets=("11.2",),
        language="es",
    )
    culture = make_practice(
        world.government,
        published=True,
        title="Festival de cuentos",
        summary="Narradores de doce países.",
        themes=("culture",),
        language="es",
    )
    draft = make_practice(
        world.other_government,
        title="Rascunho sobre resíduos e lixo",
        summary="Ainda não publicado.",
        themes=("waste",),
        language="pt",
    )
    return {
        "waste": waste,
        "traffic": traffic,
        "mobility": mobility,
        "culture": culture,
        "draft": draft,
    }


def test_a_spanish_query_finds_the_portuguese_practice_through_its_theme(library):
    practices = GoodPractice.objects.published().prefetch_related("themes", "sdg_targets__goal")
    with translation.override("es"):
        results = rank(practices, "manejo de basura")
    ranked = [r.practice for r in results]
    assert ranked[0] == library["waste"]
    waste = results[0]
    # No word in common: it is found only through the shared vocabulary.
    assert all(reason.kind != "words" for reason in waste.reasons)
    by_kind = {reason.kind: reason.label for reason in waste.reasons}
    # In the visitor's language (the names of themes and goals are reference data).
    assert "Gestión de residuos sólidos" in by_kind["theme"]
    assert "12.5" in by_kind["goal"]
    assert "Producción y consumo responsables" in by_kind["goal"]
    # A practice sharing one word of the query ranks below, and says which word.
    traffic = results[ranked.index(library["traffic"])]
    assert ranked.index(library["traffic"]) > 0
    assert traffic.score < waste.score
    (words,) = [r.label for r in traffic.reasons if r.kind == "words"]
    assert words.endswith(": manej…")
    # Only a goal related to the waste theme (SDG 11), or nothing at all: left out.
    assert library["mobility"] not in ranked
    assert library["culture"] not in ranked
    # A draft: never.
    assert library["draft"] not in ranked


def test_words_match_after_folding_and_stemming_and_are_shown(library):
    practices = GoodPractice.objects.published().prefetch_related("themes", "sdg_targets__goal")
    results = rank(practices, "cooperativa de catadores")
    assert results[0].practice == library["waste"]
    words = [r for r in results[0].reasons if r.kind == "words"]
    assert words
    assert "catador…" in words[0].label


def test_an_sdg_target_code_in_the_query_matches_the_target(library):
    practices = GoodPractice.objects.published().prefetch_related("themes", "sdg_targets__goal")
    with translation.override("en"):
        results = rank(practices, "12.5")
    assert [r.practice for r in results] == [library["waste"]]
    assert results[0].reasons[0].label.startswith("SDG target 12.5")


def test_translations_are_searched_in_their_language(library, world):
    culture = library["culture"]
    services.update_practice(
        culture,
        acting_user=world.users["coordinator"],
        translations={"fr": {"title": "Festival de contes", "summary": "Conteurs venus de loin."}},
    )
    practices = GoodPractice.objects.published().prefetch_related("themes", "sdg_targets__goal")
    assert [r.practice for r in rank(practices, "conteurs")] == [culture]


def test_the_library_page_shows_the_reason_in_the_visitors_language(client, library):
    response = client.get(
        reverse("practices:library"), {"q": "manejo de basura"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Coleta seletiva solidária com cooperativas de catadores" in page
    assert re.search(r'reason--theme">[^<]*Gestión de residuos sólidos<', page)
    assert "Rascunho sobre resíduos" not in page
    assert "Festival de cuentos" not in page
    assert page.index("Coleta seletiva solidária") < page.index("Manejo del tránsito")
    assert "Ciclovias de bairro" not in page


def test_without_a_query_every_published_practice_is_listed_newest_first(client, library):
    page = client.get(reverse("practices:library")).content.decode()
    for key in ("waste", "traffic", "mobility", "culture"):
        assert library[key].title in page
    assert library["draft"].title not in page


def test_filters(client, world, library):
    make_transfer(world.government, library["mobility"], TransferKind.ADAPTED)
    url = reverse("practices:library")

    def titles(**params):
        page = client.get(url, params).content.decode()
        return {key for key in ("waste", "mobility", "culture") if library[key].title in page}

    assert titles(theme="waste") == {"waste"}
    assert titles(goal="12") == {"waste"}
    assert titles(country="BR") == {"waste", "mobility"}
    assert titles(government=world.government.pk) == {"culture"}
    assert titles(language="es") == {"culture"}
    assert titles(adapted="on") == {"mobility"}
    assert titles(q="basura", country="FR") == set()


def test_language_filter_uses_the_governments_language_when_unstated(client, world):
    world.other_government.official_languages = ["pt"]
    world.other_government.save()
    practice = make_practice(
        world.other_government, published=True, title="Sem idioma", language=""
    )
    page = client.get(reverse("practices:library"), {"language": "pt"}).content.decode()
    assert practice.title in page


def test_library_query_budget_is_constant(world):
    author = world.other_government
    waste = SdgTarget.objects.get(code="12.5")

    def add_rows(count: int) -> None:
        for number in range(count):
            practice = make_practice(
                author,
                published=True,
                themes=("waste",),
                title=f"Reciclagem {number}",
                language="pt",
                translations={"es": {"title": f"Reciclaje {number}"}},
            )
            practice.sdg_targets.add(waste)
            make_transfer(world.government, practice, TransferKind.ADAPTED)

    client = world.client_for("viewer")
    assert_constant_queries(
        client, reverse("practices:library") + "?q=manejo+de+basura", add_rows, budget=16
    )
    assert_constant_queries(client, reverse("practices:library"), add_rows, budget=16)


def test_library_pages_are_public_and_drafts_are_404_for_everyone(world, library):
    published = reverse("practices:library-detail", args=[library["waste"].pk])
    everyone = {
        "anonymous": 200,
        "stranger": 200,
        "outsider": 200,
        "administrator": 200,
        "coordinator": 200,
        "editor": 200,
        "viewer": 200,
    }
    assert_permission_matrix(world, reverse("practices:library"), everyone)
    assert_permission_matrix(world, published, everyone)
    # The draft belongs to other_government, whose administrator is the "outsider": even its
    # own government gets a 404 here (they work on it in the office pages).
    draft = reverse("practices:library-detail", args=[library["draft"].pk])
    assert_permission_matrix(world, draft, {who: 404 for who in everyone})


def test_detail_shows_public_fields_public_actions_and_notes_only_to_members(
    client, world, library
):
    practice = library["waste"]
    practice.contact_email = "coleta@example.org"
    practice.save()
    public = ActionFactory.create(
        government=world.other_government, title="Ação pública", is_public=True, public_summary="P."
    )
    private = ActionFactory.create(government=world.other_government, title="Ação secreta")
    practice.actions.set([public, private])
    third = GovernmentFactory.create(name="Third City")
    secret_action = ActionFactory.create(government=third, title="Third's private action")
    make_transfer(
        third, practice, TransferKind.ADAPTED, note="Adapted in our port", action=secret_action
    )
    url = reverse("practices:library-detail", args=[practice.pk])

    anonymous = client.get(url).content.decode()
    assert "coleta@example.org" in anonymous
    assert "Ação pública" in anonymous
    assert "Ação secreta" not in anonymous
    assert "Third City" in anonymous
    assert "Adapted in our port" not in anonymous
    assert "Third&#x27;s private action" not in anonymous

    member = world.client_for("viewer").get(url).content.decode()
    assert "Adapted in our port" in member
    assert "Third&#x27;s private action" not in member
    assert "Third's private action" not in member
    assert "Ação secreta" not in member


def test_mark_buttons_only_for_members_of_another_government_who_may_add(world, library):
    url = reverse("practices:library-detail", args=[library["waste"].pk])
    assert 'value="adapted"' in world.client_for("coordinator").get(url).content.decode()
    assert 'value="adapted"' not in world.client_for("viewer").get(url).content.decode()
    # The outsider administers the government that wrote it: no marking its own practice.
    assert 'value="adapted"' not in world.client_for("outsider").get(url).content.decode()


def test_marking_from_the_library(world, library):
    practice = library["waste"]
    url = reverse("practices:library-mark", args=[practice.pk])
    data = {"kind": "adapted", "note": "Lo adaptamos en dos colonias", "action": ""}
    assert_permission_matrix(
        world,
        url,
        {
            "anonymous": 302,
            "stranger": 403,
            "outsider": 302,  # the view answers, the service refuses the own-practice mark
            "administrator": 302,
            "coordinator": 302,
            "editor": 403,
            "viewer": 403,
        },
        method="post",
        data=data,
    )
    marks = PracticeTransfer.objects.filter(practice=practice)
    assert list(marks.values_list("government_id", "kind")) == [(world.government.pk, "adapted")]
    log = world.client_for("outsider").get(practice.get_absolute_url()).content.decode()
    assert world.government.name in log
    assert "Lo adaptamos en dos colonias" in log
    # A draft (even one we could name) is a 404.
    draft_url = reverse("practices:library-mark", args=[library["draft"].pk])
    assert world.client_for("coordinator").post(draft_url, data).status_code == 404
    # Remove our mark.
    unmark = reverse("practices:library-unmark", args=[practice.pk])
    assert world.client_for("coordinator").post(unmark, {"kind": "adapted"}).status_code == 302
    assert not marks.exists()


def test_marking_with_an_action_of_another_government_is_refused(world, library):
    foreign = ActionFactory.create(government=world.other_government)
    client = world.client_for("coordinator")
    response = client.post(
        reverse("practices:library-mark", args=[library["waste"].pk]),
        {"kind": "interested", "action": foreign.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert not PracticeTransfer.objects.exists()


def test_a_member_of_two_governments_marks_for_the_current_one(world, library):
    user = UserFactory.create(username="both")
    MembershipFactory.create(government=world.government, user=user, role="coordinator")
    MembershipFactory.create(government=world.other_government, user=user, role="coordinator")
    client = world.client_for("anonymous")
    client.force_login(user)
    session = client.session
    session["lazos_government_id"] = world.government.pk
    session.save()
    client.post(
        reverse("practices:library-mark", args=[library["waste"].pk]), {"kind": "interested"}
    )
    assert PracticeTransfer.objects.get().government == world.government
