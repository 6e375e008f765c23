"""Search across the register: accents and case, scoping, freshness, ranking, query budget."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from lazos.actions.models import Action
from lazos.actors.models import LocalActor
from lazos.agreements.models import Agreement
from lazos.core.models import Tag
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.networks.models import Network
from lazos.partners.models import Partner
from lazos.search.indexing import reindex_government
from lazos.search.models import SearchEntry
from lazos.search.text import snippet_parts

pytestmark = pytest.mark.django_db

URL = reverse("search:search")


def titles(government, query):
    return [e.title for e in SearchEntry.objects.search(query, government=government)]


def page(client, query, **params):
    response = client.get(URL, {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def partner(government, name, **values):
    return Partner.objects.create(
        government=government, name=name, kind="local_government", **values
    )


def test_accents_and_case_do_not_matter(world):
    partner(world.government, "Alcaldía de Medellín", country="CO")
    partner(world.government, "São Paulo", country="BR")
    partner(world.government, "Lyon")
    for query in ("medellin", "MEDELLÍN", "Medellín", "alcaldia medellin"):
        assert titles(world.government, query) == ["Alcaldía de Medellín"], query
    assert titles(world.government, "SAO PAULO") == ["São Paulo"]
    html = page(world.client_for("viewer"), "medellin")
    assert "Alcaldía de Medellín" in html
    assert "São Paulo" not in html


def test_every_kind_is_searchable_and_links_to_its_page(world):
    g = world.government
    p = partner(g, "Ville de Lyon")
    Agreement.objects.create(government=g, title="Twinning with Lyon", kind="twinning")
    action = Action.objects.create(
        government=g,
        title="Urban forum",
        modality="event",
        description="A forum on water management held with Lyon's metropolis.",
    )
    Network.objects.create(government=g, name="Eurocities Lyon group", scope="regional")
    LocalActor.objects.create(government=g, name="Université Lumière Lyon 2", kind="academia")
    found = {e.kind for e in SearchEntry.objects.search("lyon", government=g)}
    assert found == {"partner", "agreement", "action", "network", "actor"}
    entry = SearchEntry.objects.get(object_id=p.pk, kind="partner")
    assert entry.url == p.get_absolute_url()
    html = page(world.client_for("viewer"), "lyon")
    assert f'href="{p.get_absolute_url()}"' in html
    # A word of an action's description finds the action, and the snippet shows it.
    assert titles(g, "water management") == ["Urban forum"]
    html = page(world.client_for("viewer"), "WATER")
    assert "Urban forum" in html
    assert "<mark>water</mark>" in html
    assert SearchEntry.objects.get(object_id=action.pk, kind="action").body.startswith("A forum")


def test_filter_by_kind(world):
    g = world.government
    partner(g, "Rosario")
    Agreement.objects.create(government=g, title="Friendship with Rosario", kind="friendship")
    html = page(world.client_for("viewer"), "rosario", kind="agreement")
    assert "Friendship with Rosario" in html
    assert ">Rosario<" not in html
    # The tabs count every kind of the whole result.
    assert 'aria-current="page">Agreements <span class="badge">1</span>' in html
    assert '>Partners <span class="badge">1</span>' in html


def test_another_governments_rows_never_appear(world):
    partner(world.government, "Porto Alegre (ours)")
    partner(world.other_government, "Porto Alegre (theirs)")
    assert titles(world.government, "porto alegre") == ["Porto Alegre (ours)"]
    assert "(theirs)" not in page(world.client_for("administrator"), "porto alegre")
    outsider = page(world.client_for("outsider"), "porto alegre")
    assert "(theirs)" in outsider
    assert "(ours)" not in outsider


def test_the_index_follows_changes_and_deletions(world):
    g = world.government
    p = partner(g, "Montevideo")
    agreement = Agreement.objects.create(government=g, title="Cooperation agreement", kind="mou")
    assert titles(g, "montevideo") == ["Montevideo"]
    # Partners and tags are part of what finds an agreement.
    agreement.partners.add(p)
    assert titles(g, "montevideo") == ["Montevideo", "Cooperation agreement"]
    tag = Tag.objects.create(government=g, name="water", slug="water")
    agreement.tags.add(tag)
    assert titles(g, "water") == ["Cooperation agreement"]
    tag.name = "sanitation"
    tag.save()
    assert titles(g, "sanitation") == ["Cooperation agreement"]
    # Renaming the partner refreshes the agreements that name it.
    p.name = "Intendencia de Montevideo"
    p.save()
    assert titles(g, "intendencia") == ["Intendencia de Montevideo", "Cooperation agreement"]
    p.agreements.clear()
    assert titles(g, "intendencia") == ["Intendencia de Montevideo"]
    agreement.partners.add(p)
    p.delete()
    assert titles(g, "intendencia") == []
    agreement.delete()
    assert titles(g, "cooperation") == []
    assert "Cooperation agreement" not in page(world.client_for("viewer"), "cooperation")
    assert not SearchEntry.objects.for_tenant(g).exists()


def test_ranking_puts_the_title_first(world):
    g = world.government
    Action.objects.create(
        government=g,
        title="Study visit",
        modality="technical_exchange",
        description="We learnt about the bicycle lanes of Bogotá.",
    )
    partner(g, "Bogotá")
    Action.objects.create(government=g, title="Bogotá bike week", modality="event")
    assert titles(g, "bogota") == ["Bogotá", "Bogotá bike week", "Study visit"]


def test_rebuild_search_index_command(world):
    g = world.government
    partner(g, "Curitiba")
    SearchEntry.objects.for_tenant(g).delete()
    assert titles(g, "curitiba") == []
    call_command("rebuild_search_index", "--government", g.slug, stdout=None)
    assert titles(g, "curitiba") == ["Curitiba"]
    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index")
    assert titles(g, "curitiba") == ["Curitiba"]


def test_the_index_uses_the_governments_language(world, django_capture_on_commit_callbacks):
    g = world.government
    p = partner(g, "Quito", country="EC")
    assert SearchEntry.objects.get(object_id=p.pk).search_config == "french"
    assert "Équateur" in SearchEntry.objects.get(object_id=p.pk).body
    g.official_languages = ["es", "qu"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        g.save()
    assert len(callbacks) == 1
    assert SearchEntry.objects.get(object_id=p.pk).search_config == "spanish"
    # Country names and kinds are indexed in the government's language.
    assert "Ecuador" in SearchEntry.objects.get(object_id=p.pk).body


def test_empty_and_punctuation_only_queries_find_nothing(world):
    partner(world.government, "Lima")
    client = world.client_for("viewer")
    assert "Lima" not in page(client, "")
    assert "Lima" not in page(client, "  ¿?!  ")
    assert titles(world.government, "¿?") == []


def test_query_count_does_not_grow_with_results(world):
    g = world.government

    def add(n: int) -> None:
        start = Partner.objects.for_tenant(g).count()
        Partner.objects.bulk_create(
            [
                Partner(government=g, name=f"Ciudad de México {start + i}", kind="other")
                for i in range(n)
            ]
        )
        reindex_government(g)

    assert_constant_queries(
        world.client_for("viewer"), f"{URL}?q=mexico", add, budget=8, few=10, many=500
    )


def test_permission_matrix(world):
    partner(world.government, "Lima")
    for url in (URL, f"{URL}?q=lima", f"{URL}?q=lima&kind=partner&page=1"):
        assert_permission_matrix(
            world,
            url,
            {
                "anonymous": 302,
                "stranger": 403,
                "outsider": 200,
                "administrator": 200,
                "coordinator": 200,
                "editor": 200,
                "viewer": 200,
            },
        )


def test_snippet_marks_the_words_in_the_original_text():
    text = "Intro. " + "x " * 200 + "La Alcaldía de Medellín y la Straße Überlingen. " + "y " * 200
    parts = snippet_parts(text, ["alcaldia", "strasse"])
    marked = [piece for piece, is_match in parts if is_match]
    assert marked == ["Alcaldía", "Straße"]
    assert parts[0] == ("… ", False)
    assert parts[-1] == (" …", False)
    assert snippet_parts("", ["a"]) == []
    assert snippet_parts("Short text", ["nothing"]) == [("Short text", False)]
    assert snippet_parts("First  line\n\nSecond\nline", ["second"]) == [
        ("First line · ", False),
        ("Second", True),
        (" · line", False),
    ]


@pytest.mark.postgres
def test_postgresql_ranks_the_exact_title_first_and_tolerates_typos(world):
    g = world.government
    g.official_languages = ["es"]
    g.save()
    Action.objects.create(government=g, title="Movilidad", modality="technical_exchange")
    Action.objects.create(
        government=g,
        title="Plan de movilidad urbana sostenible de la región",
        modality="decentralized_cooperation",
    )
    Agreement.objects.create(
        government=g,
        title="Convenio con Rosario",
        kind="cooperation",
        summary="Apoyo técnico para el plan de movilidad urbana de ambas ciudades.",
    )
    Action.objects.create(
        government=g, title="Plan de movilidad urbana", modality="technical_exchange"
    )
    partner(g, "Alcaldía de Medellín")
    ranked = titles(g, "Plan de movilidad urbana")
    assert ranked[0] == "Plan de movilidad urbana"
    assert set(ranked) >= {
        "Plan de movilidad urbana sostenible de la región",
        "Convenio con Rosario",
    }
    assert ranked.index("Plan de movilidad urbana sostenible de la región") < ranked.index(
        "Convenio con Rosario"
    )
    # Accents and case, stemming in Spanish, and a typo.
    assert titles(g, "PLAN DE MOVILIDAD URBANA")[0] == "Plan de movilidad urbana"
    assert "Plan de movilidad urbana" in titles(g, "movilidades urbanas")
    assert titles(g, "medelin") == ["Alcaldía de Medellín"]
    assert titles(g, "medellin") == ["Alcaldía de Medellín"]
    html = page(world.client_for("viewer"), "medelin")
    assert "Alcaldía de Medellín" in html


def _entries(government):
    return sorted(
        SearchEntry.objects.for_tenant(government).values_list(
            "content_type_id", "title", "body", "kind"
        )
    )


def _build_a_register(government):
    p = partner(government, "Montevideo")
    other = partner(government, "Rosario")
    agreement = Agreement.objects.create(government=government, title="Twinning", kind="mou")
    agreement.partners.add(p, other)
    tag = Tag.objects.create(government=government, name="water", slug="water")
    agreement.tags.add(tag)
    p.name = "Intendencia de Montevideo"
    p.save()
    other.agreements.clear()
    gone = partner(government, "Deleted later")
    gone.delete()
    return agreement


def test_inside_deferred_work_the_index_is_built_once_at_the_end_and_the_same(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lazos.core.deferred import deferred_work

    immediate = world.government
    _build_a_register(immediate)
    expected = _entries(immediate)

    batched = world.other_government
    with CaptureQueriesContext(connection) as queries, deferred_work():
        _build_a_register(batched)
        assert not SearchEntry.objects.for_tenant(batched).exists()  # nothing yet
        before_end = len(queries)
    assert _entries(batched) == expected
    assert titles(batched, "intendencia") == ["Intendencia de Montevideo", "Twinning"]
    # The whole index of the block is written in a handful of queries, not one per save.
    assert len(queries) - before_end <= 12


def test_deferred_work_is_dropped_when_the_block_fails(world):
    from lazos.core.deferred import deferred_work

    def fail_after_a_save() -> None:
        with deferred_work():
            partner(world.government, "Never indexed")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_after_a_save()
    assert not SearchEntry.objects.for_tenant(world.government).exists()
    partner(world.government, "Indexed at once")  # outside a block: at once, as before
    assert titles(world.government, "indexed") == ["Indexed at once"]


def test_counts_by_kind_are_those_of_the_matches_in_one_grouped_query(world):
    """Counted on the search itself (on PostgreSQL the search's raw SQL names the table; inside
    a subquery that name bound to the outer row: a query per entry and wrong counts)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    g = world.government
    for title in ("Agua potable", "Agua y saneamiento", "Escuelas"):
        Action.objects.create(government=g, title=title, modality="technical_exchange")
    partner(g, "Aguas de Montevideo")
    partner(g, "Rosario")
    partner(world.other_government, "Aguas del Sur")  # another government's: never counted
    matches = SearchEntry.objects.search("agua", government=g)
    expected: dict[str, int] = {}
    for entry in matches:
        expected[entry.kind] = expected.get(entry.kind, 0) + 1
    with CaptureQueriesContext(connection) as queries:
        counts = matches.kind_counts()
    assert counts == expected
    assert counts == {"action": 2, "partner": 1}
    assert len(queries) == 1
    assert "GROUP BY" in queries[0]["sql"]
    assert "IN (SELECT" not in queries[0]["sql"].upper()
