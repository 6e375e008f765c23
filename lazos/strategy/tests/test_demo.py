"""The demo strategy on the two demo governments (register demo loaded first)."""

import pytest
from django.urls import reverse

from lazos.actions.models import Action
from lazos.core.models import AuditEvent
from lazos.demo.kit import DemoReport, government_steps
from lazos.governments.models import Government
from lazos.strategy.choices import StrategyStatus
from lazos.strategy.demo import load_strategy
from lazos.strategy.models import Objective, Strategy

pytestmark = pytest.mark.django_db


def _fingerprint(government: Government) -> list[tuple[str, str, list[int]]]:
    return [
        (o.strategy.title, o.code, sorted(o.actions.values_list("pk", flat=True)))
        for o in Objective.objects.for_tenant(government)
        .select_related("strategy")
        .order_by("strategy__version", "code")
    ]


def test_demo_strategy_on_both_demo_governments(loaded_demo):
    assert load_strategy in government_steps()
    for slug, word in (("villa-esperanza", "Estrategia"), ("rio-claro-do-sul", "Estratégia")):
        government = Government.objects.get(slug=slug)
        strategies = list(Strategy.objects.for_tenant(government).order_by("version"))
        assert [(s.start_year, s.end_year, s.status) for s in strategies] == [
            (2019, 2023, StrategyStatus.SUPERSEDED),
            (2024, 2030, StrategyStatus.APPROVED),
        ]
        old, new = strategies
        assert new.previous_version == old
        assert word in new.title
        assert new.development_plan
        assert new.budget_envelope
        assert new.currency == government.currency
        assert len(new.priority_countries) == 6
        assert new.priority_themes.count() == 7
        objectives = Objective.objects.for_tenant(government).filter(strategy=new)
        assert objectives.filter(parent__isnull=True).count() == 4
        assert objectives.filter(parent__isnull=False).count() == 12
        for general in objectives.filter(parent__isnull=True):
            assert general.children.count() == 3
        assert all(o.plan_objectives for o in objectives)
        linked = set(objectives.values_list("actions", flat=True)) - {None}
        total = Action.objects.for_tenant(government).count()
        assert total // 2 < len(linked) < total  # most, not all
        assert objectives.exclude(agreements=None).exists()
        assert objectives.exclude(partners=None).exists()

        client_page = _alignment_page(government)
        assert "no activity" in client_page

    # Deterministic and idempotent: a second run changes nothing.
    government = Government.objects.get(slug="villa-esperanza")
    before = (_fingerprint(government), AuditEvent.objects.count())
    load_strategy(government, DemoReport())
    assert (_fingerprint(government), AuditEvent.objects.count()) == before


def _alignment_page(government: Government) -> str:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="coordinator"))
    response = client.post(reverse("governments:switch"), {"government": government.pk})
    assert response.status_code in {200, 302}
    response = client.get(reverse("strategy:alignment"))
    assert response.status_code == 200
    assert response.context["strategy"].government == government
    return response.content.decode()
