"""The ranking: who is suggested, above whom, for which reasons, from which data."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lazos.actions.choices import Modality
from lazos.actions.services import create_action, update_action
from lazos.matching.engine import (
    CITY,
    FACTORS,
    GOVERNMENT,
    MAXIMUM,
    TOPICAL,
    Filters,
    Suggestion,
    Suggestions,
    population_band,
    seeker_for_action,
    seeker_for_challenge,
    seeker_for_government,
    suggest,
)
from lazos.matching.tests.factories import (
    SENTINEL,
    Scenario,
    build_scenario,
    make_action,
    make_city,
    make_government,
    make_membership,
    make_partner,
    make_practice,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(world) -> Scenario:
    return build_scenario(world)


def names(suggestions: list[Suggestion]) -> list[str]:
    return [s.name for s in suggestions]


def find(result: Suggestions, name: str) -> Suggestion | None:
    return next((s for s in result.ranking + result.partners if s.name == name), None)


def reason_keys(suggestion: Suggestion) -> set[str]:
    return {reason.key for reason in suggestion.reasons}


def all_text(suggestion: Suggestion) -> str:
    """Every word a suggestion would show."""
    parts = [suggestion.name, *suggestion.known_through]
    for reason in suggestion.reasons:
        for line in reason.details:
            parts += [line.text, *(item.text for item in line.items)]
    parts += [practice.text for practice in suggestion.practices]
    return " ".join(parts)


def test_for_a_waste_action_public_waste_work_ranks_first(scenario):
    result = suggest(seeker_for_action(scenario.action))
    ranking = names(result.ranking)
    assert ranking[0] == scenario.b.name
    b = result.ranking[0]
    themes = next(r for r in b.reasons if r.key == "themes")
    assert themes.points == 10
    assert themes.details[0].text.startswith("Solid waste management — 2 public actions, 1 good")
    titles = [item.text for item in themes.details[0].items]
    assert "Coleta seletiva com cooperativas de catadores" in titles
    assert "Reciclagem inclusiva com catadores" in titles  # the published practice
    assert {"themes", "targets", "modalities", "population", "place"} <= reason_keys(b)
    # C (culture only) and D (its waste action is private) are not suggested at all…
    assert scenario.c.name not in ranking
    assert scenario.d.name not in ranking
    # …and every suggestion says why, with points that add up to its score.
    for suggestion in result.ranking:
        assert suggestion.reasons
        assert suggestion.score == sum(r.points for r in suggestion.reasons) > 0
        assert suggestion.shares(TOPICAL)


def test_b_ranks_above_c_and_d_even_when_they_are_scored(scenario):
    """Without the relevance threshold C and D would be scored on size, place and language:
    B still comes first, and D gets nothing from its private waste action."""
    result = suggest(seeker_for_action(scenario.action))
    from lazos.matching.engine import _load, _Scorer  # the full scoring, before the cut

    scorer = _Scorer(result.seeker, _load(result.seeker, Filters()))
    everyone = scorer.governments() + scorer.cities()
    scorer.describe(everyone)
    scored = {s.name: s for s in everyone}
    b, c, d = scored[scenario.b.name], scored[scenario.c.name], scored[scenario.d.name]
    assert b.score > c.score
    assert b.score > d.score
    assert not reason_keys(d) & {"themes", "targets", "concepts", "text", "modalities"}
    assert SENTINEL not in all_text(d)


def test_a_private_action_of_another_government_is_never_used(scenario):
    """D's only waste action is private; its partner's city (Madrid) is named nowhere public."""
    for seeker in (
        seeker_for_action(scenario.action),
        seeker_for_government(scenario.a),
        seeker_for_challenge(scenario.a, f"residuos reciclaje compostaje {SENTINEL}"),
    ):
        result = suggest(seeker)
        shown = result.ranking + result.partners
        assert scenario.city_of_d_partner.display_name not in names(shown)
        for suggestion in shown:
            assert SENTINEL not in all_text(suggestion)
        d = find(result, scenario.d.name)
        assert d is None or not reason_keys(d) & {"themes", "targets", "concepts", "text"}


def test_private_fields_of_a_public_action_are_never_used(scenario):
    """A public action's description, outcomes and lessons are private: words found only
    there match nothing."""
    make_action(
        scenario.c,
        "Encuentro de bibliotecas",
        summary="Bibliotecarios de cinco países comparten su trabajo.",
        description="xilografía xilografía xilografía",
        outcomes="xilografía",
        lessons_learned="xilografía",
    )
    result = suggest(seeker_for_challenge(scenario.a, "xilografía"))
    assert scenario.c.name not in names(result.ranking)
    result = suggest(seeker_for_challenge(scenario.a, "bibliotecarios bibliotecas"))
    assert scenario.c.name in names(result.ranking)
    c = find(result, scenario.c.name)
    assert c is not None
    assert "text" in reason_keys(c)


def test_an_existing_partner_is_listed_apart(scenario):
    result = suggest(seeker_for_action(scenario.action))
    assert scenario.e.name not in names(result.ranking)
    assert names(result.partners) == [scenario.e.name]
    e = result.partners[0]
    assert e.partner_name == "Gobierno de Buenos Aires"
    assert "themes" in reason_keys(e)


def test_a_spanish_challenge_finds_a_portuguese_government_through_concepts(scenario):
    result = suggest(
        seeker_for_challenge(
            scenario.a, "Queremos mejorar la gestión de residuos y el reciclaje en los barrios"
        )
    )
    b = find(result, scenario.b.name)
    assert b is not None
    assert b in result.ranking
    concepts = next(r for r in b.reasons if r.key == "concepts")
    assert concepts.details[0].text.startswith("Solid waste management — your text speaks of it")
    assert "Reciclagem inclusiva com catadores" in [i.text for i in concepts.details[0].items]
    assert "text" not in reason_keys(b)  # no word in common: B writes in Portuguese
    assert scenario.c.name not in names(result.ranking)
    assert scenario.d.name not in names(result.ranking)


def test_chosen_themes_and_goals_of_a_challenge_count(scenario):
    result = suggest(seeker_for_challenge(scenario.a, "", themes=["culture"], goals=["11"]))
    assert names(result.ranking)[0] == scenario.c.name
    c = result.ranking[0]
    assert "themes" in reason_keys(c)
    goals = next(r for r in c.reasons if r.key == "goals")  # C's 11.4 is in goal 11
    assert goals.points == 3
    assert goals.details[0].text.startswith("Goal 11 Sustainable cities and communities")
    result = suggest(seeker_for_challenge(scenario.a, "", goals=["11"]))
    assert scenario.c.name not in names(result.ranking)  # a goal alone is too broad


def test_cities_of_geonames_are_suggested_with_their_public_evidence(scenario):
    result = suggest(seeker_for_action(scenario.action))
    belo = find(result, scenario.city_of_b_partner.display_name)
    assert belo is not None
    assert belo.kind == CITY
    assert belo in result.ranking
    assert belo.known_through == [scenario.b.name]
    themes = next(r for r in belo.reasons if r.key == "themes")
    assert [i.text for i in themes.details[0].items] == [scenario.b_action.title]
    # A partner of A's partner (E works with Montevideo, publicly): a tie.
    montevideo = find(result, scenario.city_of_e_partner.display_name)
    assert montevideo is not None
    assert montevideo in result.ranking
    ties = next(r for r in montevideo.reasons if r.key == "ties")
    assert ties.details[0].text == "Gobierno de Buenos Aires, your partner, works with it."
    # Cities that are governments on the instance are not city candidates.
    assert scenario.e.place.display_name not in names(result.ranking + result.partners)


def test_a_partner_city_is_listed_apart(scenario):
    make_partner(scenario.a, "Prefeitura de BH", scenario.city_of_b_partner)
    result = suggest(seeker_for_action(scenario.action))
    name = scenario.city_of_b_partner.display_name
    assert name not in names(result.ranking)
    partner = find(result, name)
    assert partner in result.partners
    assert partner.partner_name == "Prefeitura de BH"


def test_ties_and_networks(scenario):
    # F names A's place in its public actions, and both are public members of a network.
    f = make_government("peer-f", "Ciudad F", country="CL", languages=["es"], population=80_000)
    make_action(f, "Misión a México", partners=(make_partner(f, "CDMX", scenario.a.place),))
    make_membership(scenario.a, "Mercociudades", "https://www.mercociudades.org/")
    make_membership(f, "Red de Mercociudades", "https://mercociudades.org")
    result = suggest(seeker_for_government(scenario.a))
    found = find(result, "Ciudad F")
    assert found is not None
    assert found in result.ranking
    ties = next(r for r in found.reasons if r.key == "ties")
    assert ties.details[0].text == "Names your government as a partner in its public actions."
    networks = next(r for r in found.reasons if r.key == "networks")
    assert [line.text for line in networks.details] == ["Mercociudades"]
    # For one action, a network or a tie is not enough: the suggestion must share its topic.
    assert find(suggest(seeker_for_action(scenario.action)), "Ciudad F") is None
    # A private membership is not evidence.
    g = make_government("peer-g", "Ciudad G", country="CL", languages=["es"], population=80_000)
    make_membership(g, "Mercociudades", "https://mercociudades.org", public=False)
    assert find(suggest(seeker_for_government(scenario.a)), "Ciudad G") is None


def test_a_government_with_common_partners_or_partnered_with_a_partner(scenario):
    h = make_government("peer-h", "Ciudad H", country="PE", languages=["es"], population=70_000)
    make_action(h, "Visita a Buenos Aires", partners=(make_partner(h, "CABA", scenario.e.place),))
    result = suggest(seeker_for_government(scenario.a))
    found = find(result, "Ciudad H")
    assert found is not None
    ties = next(r for r in found.reasons if r.key == "ties")
    assert [line.text for line in ties.details] == [
        "Works with Gobierno de Buenos Aires, as you do."
    ]


def test_similar_wording_in_the_same_language(scenario):
    result = suggest(seeker_for_action(scenario.action))
    e = find(result, scenario.e.name)
    assert e is not None
    text = next(r for r in e.reasons if r.key == "text")
    assert 2 <= text.points <= 20
    assert "residuos" in text.details[0].text
    assert "Spanish" in text.details[0].text
    assert text.details[1].text == "Separación de residuos en origen con Montevideo"


def test_filters(scenario):
    seeker = seeker_for_action(scenario.action)
    assert {s.kind for s in suggest(seeker, Filters(kind=CITY)).ranking} == {CITY}
    assert {s.kind for s in suggest(seeker, Filters(kind=GOVERNMENT)).ranking} == {GOVERNMENT}
    assert names(suggest(seeker, Filters(region="150")).ranking) == []
    assert names(suggest(seeker, Filters(band=population_band(350_000))).ranking) == [
        scenario.b.name
    ]
    only_education = suggest(seeker, Filters(theme="education"))
    assert names(only_education.ranking) == [scenario.b.name]
    assert only_education.partners == []


def test_order_is_by_score_then_name(scenario):
    for name in ("Zeta", "Alfa"):
        government = make_government(
            f"twin-{name.lower()}", name, country="BR", languages=["pt"], population=350_000
        )
        make_practice(government, "Reciclagem", themes=("waste",), language="pt")
    result = suggest(seeker_for_action(scenario.action))
    ranking = names(result.ranking)
    assert ranking.index("Alfa") + 1 == ranking.index("Zeta")
    scores = [s.score for s in result.ranking]
    assert scores == sorted(scores, reverse=True)


def test_weights_add_up():
    assert MAXIMUM == sum(f.maximum for f in FACTORS) == 149
    assert all(f.points <= f.maximum for f in FACTORS)


def add_governments(count: int, start: int) -> None:
    for index in range(start, start + count):
        place = make_city(900_000 + index, f"Place {index}", "CO")
        government = make_government(
            f"bulk-{index}",
            f"Bulk city {index}",
            country="CO",
            languages=["es"],
            population=100_000 + index,
        )
        for n in range(3):
            make_action(
                government,
                f"Residuos y reciclaje {index}-{n}",
                themes=("waste", "culture"),
                targets=("12.5", "11.4"),
                modality=Modality.DECENTRALIZED_COOPERATION,
                partners=(make_partner(government, f"Partner {index}-{n}", place),),
            )
            make_action(government, f"Privada {index}-{n}", public=False, themes=("waste",))
        make_practice(government, f"Práctica {index}", themes=("waste",), targets=("12.5",))
        make_membership(government, f"Network {index}", f"https://n{index % 3}.example.org")


@pytest.mark.parametrize("mode", ["government", "action", "challenge"])
def test_the_number_of_queries_does_not_grow(scenario, mode):
    def seeker():
        if mode == "government":
            return seeker_for_government(scenario.a)
        if mode == "action":
            return seeker_for_action(scenario.action)
        return seeker_for_challenge(scenario.a, "reciclaje de residuos", themes=["waste"])

    counts = []
    for count, start in ((2, 0), (10, 2)):
        add_governments(count, start)
        for cold in (True, False):
            if cold:
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                result = suggest(seeker())
            counts.append(len(queries))
        assert len(result.ranking) > count
    cold_few, warm_few, cold_many, warm_many = counts
    assert cold_few == cold_many, counts
    assert warm_few == warm_many, counts
    # Cold: the governments added without the services have no profile yet, so the read
    # builds theirs (a fixed number of queries, whatever their number); warm: all are fresh.
    assert cold_many <= 36, counts
    assert warm_many <= 20, counts


def test_the_profiles_follow_every_change(scenario):
    """The other governments' public work is read from their precomputed profiles; adding,
    editing or unpublishing an action through the services (audited) is seen at once, without
    rebuilding every profile."""

    def wording_of_c() -> bool:
        result = suggest(seeker_for_challenge(scenario.a, "bibliotecarios itinerantes"))
        c = find(result, scenario.c.name)
        return c is not None and "text" in reason_keys(c)

    assert not wording_of_c()
    action = create_action(
        scenario.c,
        acting_user=None,
        modality=Modality.CULTURE,
        title="Bibliotecarios itinerantes",
        public_summary="Bibliotecarios itinerantes recorren los barrios.",
        is_public=True,
        themes=["culture"],
    )
    assert wording_of_c()  # a new public action
    update_action(
        action,
        acting_user=None,
        title="Bibliotecas móviles",
        public_summary="Bibliotecas móviles recorren los barrios.",
    )
    assert not wording_of_c()  # edited
    update_action(
        action,
        acting_user=None,
        title="Bibliotecarios itinerantes",
        public_summary="Bibliotecarios itinerantes",
    )
    assert wording_of_c()
    update_action(action, acting_user=None, is_public=False)
    assert not wording_of_c()  # no longer public


def test_a_kind_filter_spares_the_other_kind(scenario):
    seeker = seeker_for_action(scenario.action)
    with CaptureQueriesContext(connection) as everything:
        suggest(seeker)
    with CaptureQueriesContext(connection) as cities_only:
        result = suggest(seeker, Filters(kind=CITY))
    assert len(cities_only) < len(everything)
    assert {s.kind for s in result.ranking} == {CITY}
