"""The demo's good practices, loaded on three small governments (not the whole demo)."""

from __future__ import annotations

import pytest

from lazos.actions.tests.factories import ActionFactory
from lazos.core.models import AuditEvent
from lazos.core.testing.builders import (
    DepartmentFactory,
    GovernmentFactory,
    MembershipFactory,
    UserFactory,
)
from lazos.demo.kit import DemoReport
from lazos.practices.choices import PracticeStatus
from lazos.practices.demo import LAC, PRACTICES, RIO, VILLA, load_practices
from lazos.practices.library import rank
from lazos.practices.models import GoodPractice, PracticeTransfer

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_governments(db):
    specs = ((VILLA, "es", "MX", "MXN"), (RIO, "pt", "BR", "BRL"), (LAC, "fr", "CA", "CAD"))
    governments = {}
    for slug, language, country, currency in specs:
        governments[slug] = GovernmentFactory.create(
            slug=slug, official_languages=[language], country=country, currency=currency
        )
    DepartmentFactory.create(government=governments[RIO], name="Meio Ambiente", acronym="SMAM")
    coordinator = UserFactory.create(username="coordinator")
    claire = UserFactory.create(username="claire")
    for slug in (VILLA, RIO):
        MembershipFactory.create(government=governments[slug], user=coordinator, role="coordinator")
    MembershipFactory.create(government=governments[LAC], user=claire, role="coordinator")
    ActionFactory.create(
        government=governments[RIO], title="Intercâmbio técnico com Guimarães sobre coleta seletiva"
    )
    ActionFactory.create(
        government=governments[LAC],
        title="Budget participatif jeunesse : échange avec des villes latino-américaines",
        is_public=True,
        public_summary="Échange.",
    )
    return governments


def test_load_practices_is_complete_and_idempotent(demo_governments):
    report = DemoReport()
    load_practices(report)
    practices = GoodPractice.objects.select_related("government").prefetch_related(
        "themes", "indicators", "actions"
    )
    assert practices.count() == len(PRACTICES.load()["practices"]) == 12
    published = [p for p in practices if p.status == PracticeStatus.PUBLISHED]
    assert len(published) in (10, 11)
    for practice in published:
        assert 1 <= len(practice.indicators.all()) <= 3, practice.title
        assert practice.contact_email.endswith("@demo.lazos.invalid")
        assert practice.published_at is not None
        assert practice.language == practice.government.official_languages[0]

    def waste(slug: str) -> list[GoodPractice]:
        return [
            p
            for p in published
            if p.government.slug == slug and "waste" in {t.code for t in p.themes.all()}
        ]

    assert len(waste(RIO)) >= 2
    assert waste(LAC) == []
    rio_collection = next(p for p in published if p.title.startswith("Coleta seletiva"))
    assert [a.title for a in rio_collection.actions.all()] == [
        "Intercâmbio técnico com Guimarães sobre coleta seletiva"
    ]
    assert PracticeTransfer.objects.count() == 5
    adapted = PracticeTransfer.objects.get(government__slug=LAC)
    assert adapted.kind == "adapted"
    assert adapted.practice.title.startswith("Orçamento")
    assert adapted.action is not None
    assert adapted.recorded_by is not None
    assert adapted.recorded_by.username == "claire"

    events = AuditEvent.objects.count()
    again = DemoReport()
    load_practices(again)
    assert again.created == []
    assert AuditEvent.objects.count() == events


def test_a_spanish_waste_query_finds_rio_claro_not_lac_saint_amand(demo_governments):
    load_practices(DemoReport())
    practices = GoodPractice.objects.published().prefetch_related("themes", "sdg_targets__goal")
    results = rank(practices, "manejo de basura")
    authors = [r.practice.government.slug for r in results if r.practice is not None]
    assert len(authors) == len(results)
    assert RIO in authors[:3]
    assert LAC not in authors
