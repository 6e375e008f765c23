"""Strategy and objectives: services (audit, versioning, read-only superseded versions),
permission matrix, pages, the "Objectives served" panel, alignment and query budgets."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lazos.actions.models import Action, BudgetLine
from lazos.actions.tests.factories import ActionFactory
from lazos.agreements.tests.factories import AgreementFactory
from lazos.core.models import AuditEvent
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.partners.tests.factories import PartnerFactory
from lazos.reference.models import SdgTarget, Theme
from lazos.strategy import alignment, services
from lazos.strategy.choices import StrategyStatus
from lazos.strategy.models import Objective, Strategy
from lazos.strategy.tests.factories import ObjectiveFactory, StrategyFactory

pytestmark = pytest.mark.django_db

EVERYONE_IN = {"administrator": 200, "coordinator": 200, "editor": 200, "viewer": 200}
MANAGERS = {"administrator": 200, "coordinator": 200, "editor": 403, "viewer": 403}
ANON = {"anonymous": 302, "stranger": 403}


def _approved_strategy_with_tree(world):
    """An approved strategy with one general and one specific objective, linked to work."""
    user = world.users["coordinator"]
    strategy = services.create_strategy(
        world.government,
        acting_user=user,
        title="Estrategia internacional",
        start_year=2019,
        end_year=2023,
        priority_countries=["ES", "AR"],
        priority_themes=[Theme.objects.get(code="climate")],
    )
    general = services.create_objective(
        strategy, acting_user=user, code="1", title="Clima", parent=None
    )
    specific = services.create_objective(
        strategy,
        acting_user=user,
        code="1.1",
        title="Residuos",
        parent=general,
        themes=[Theme.objects.get(code="waste")],
        sdg_targets=list(SdgTarget.objects.order_by("pk")[:2]),
    )
    action = ActionFactory.create(government=world.government)
    agreement = AgreementFactory.create(government=world.government)
    partner = PartnerFactory.create(government=world.government)
    services.link_objective(
        specific, acting_user=user, actions=[action], agreements=[agreement], partners=[partner]
    )
    services.approve_strategy(strategy, acting_user=user, approved_by="Cabildo")
    return strategy, general, specific, action, agreement, partner


# --- Services --------------------------------------------------------------------------------


def test_services_are_audited(world):
    strategy, _general, specific, action, *_ = _approved_strategy_with_tree(world)
    events = AuditEvent.objects.filter(government=world.government).order_by("id")
    assert [(e.content_type.model, e.action) for e in events] == [
        ("strategy", "create"),
        ("objective", "create"),
        ("objective", "create"),
        ("objective", "update"),
        ("strategy", "update"),
    ]
    assert events[3].changes["actions"] == {"before": [], "after": [action.pk]}
    assert events[4].changes["status"] == {"before": "draft", "after": "approved"}
    assert strategy.currency == "EUR"  # the government's currency by default
    specific_pk = specific.pk
    new = services.start_new_version(strategy, acting_user=world.users["coordinator"])
    services.delete_objective(new.objectives.get(code="1"), acting_user=world.users["coordinator"])
    deleted = AuditEvent.objects.filter(government=world.government, action="delete")
    assert deleted.count() == 2  # the general objective and its specific one
    assert Objective.objects.filter(pk=specific_pk).exists()  # the old version is untouched


def test_new_version_copies_the_tree_and_links_and_approval_supersedes(world):
    strategy, _general, specific, action, agreement, partner = _approved_strategy_with_tree(world)
    user = world.users["coordinator"]
    new = services.start_new_version(strategy, acting_user=user)
    strategy.refresh_from_db()
    assert (new.version, new.previous_version, new.status) == (2, strategy, StrategyStatus.DRAFT)
    assert strategy.status == StrategyStatus.APPROVED  # in force until the new one is approved
    assert sorted(c.code for c in new.priority_countries) == ["AR", "ES"]
    assert list(new.priority_themes.values_list("code", flat=True)) == ["climate"]
    copied = new.objectives.get(code="1.1")
    assert copied.pk != specific.pk
    assert copied.parent == new.objectives.get(code="1")
    assert list(copied.actions.all()) == [action]
    assert list(copied.agreements.all()) == [agreement]
    assert list(copied.partners.all()) == [partner]
    assert list(copied.themes.values_list("code", flat=True)) == ["waste"]
    assert copied.sdg_targets.count() == 2
    with pytest.raises(ValidationError, match="already being drafted"):
        services.start_new_version(strategy, acting_user=user)

    services.update_strategy(new, acting_user=user, start_year=2024, end_year=2030)
    services.approve_strategy(new, acting_user=user)
    strategy.refresh_from_db()
    assert strategy.status == StrategyStatus.SUPERSEDED
    assert Strategy.objects.for_tenant(world.government).the_current() == new
    superseded_event = AuditEvent.objects.for_object(strategy).order_by("-id")[0]
    assert superseded_event.changes["status"]["after"] == "superseded"


def test_a_superseded_version_is_read_only(world):
    strategy, _general, specific, action, *_ = _approved_strategy_with_tree(world)
    user = world.users["coordinator"]
    new = services.start_new_version(strategy, acting_user=user)
    services.approve_strategy(new, acting_user=user)
    strategy.refresh_from_db()
    specific.refresh_from_db()
    before = AuditEvent.objects.count()
    message = "superseded by a newer one and can no longer be changed"
    for attempt in (
        lambda: services.update_strategy(strategy, acting_user=user, title="Changed"),
        lambda: services.create_objective(strategy, acting_user=user, code="9", title="New"),
        lambda: services.update_objective(specific, acting_user=user, title="Changed"),
        lambda: services.delete_objective(specific, acting_user=user),
        lambda: services.link_objective(specific, acting_user=user, actions=[]),
        lambda: services.start_new_version(strategy, acting_user=user),
        lambda: services.approve_strategy(strategy, acting_user=user),
    ):
        with pytest.raises(ValidationError, match=message):
            attempt()
    assert AuditEvent.objects.count() == before
    strategy.refresh_from_db()
    assert strategy.title == "Estrategia internacional"
    assert list(specific.actions.all()) == [action]

    # The pages say so too: the edit page sends back to the strategy with the message.
    client = world.client_for("coordinator")
    response = client.get(reverse("strategy:strategy-edit", args=[strategy.pk]), follow=True)
    assert "can no longer be changed" in response.content.decode()
    response = client.post(reverse("strategy:objective-links", args=[specific.pk]), {"actions": []})
    assert response.status_code == 302
    assert list(specific.actions.all()) == [action]
    detail = client.get(reverse("strategy:strategy-detail", args=[strategy.pk])).content.decode()
    assert reverse("strategy:strategy-edit", args=[strategy.pk]) not in detail
    assert "superseded and read-only" in detail


def test_refusals_have_clear_messages(world):
    user = world.users["coordinator"]
    strategy = StrategyFactory.create(government=world.government)
    with pytest.raises(ValidationError, match="at least one objective"):
        services.approve_strategy(strategy, acting_user=user)
    with pytest.raises(ValidationError, match="Only an approved strategy"):
        services.start_new_version(strategy, acting_user=user)
    general = services.create_objective(strategy, acting_user=user, code="1", title="General")
    specific = services.create_objective(
        strategy, acting_user=user, code="1.1", title="Specific", parent=general
    )
    with pytest.raises(ValidationError, match="two levels"):
        services.create_objective(
            strategy, acting_user=user, code="1.1.1", title="Too deep", parent=specific
        )
    other = StrategyFactory.create(government=world.government)
    with pytest.raises(ValidationError, match="same strategy"):
        services.create_objective(other, acting_user=user, code="1", title="X", parent=general)
    with pytest.raises(ValidationError):
        services.create_objective(strategy, acting_user=user, code="1", title="Same code")
    foreign = ActionFactory.create(government=world.other_government)
    with pytest.raises(ValidationError, match="action was not found"):
        services.link_objective(general, acting_user=user, actions=[foreign])
    with pytest.raises(ValidationError, match="cannot be before"):
        services.create_strategy(
            world.government, acting_user=user, title="Bad", start_year=2030, end_year=2020
        )
    services.approve_strategy(strategy, acting_user=user)
    with pytest.raises(ValidationError, match="Only a draft"):
        services.approve_strategy(strategy, acting_user=user)


# --- Permissions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("strategy:strategy-list", EVERYONE_IN),
        ("strategy:alignment", EVERYONE_IN),
        ("strategy:strategy-create", MANAGERS),
    ],
)
def test_list_pages_matrix(world, name, expected):
    StrategyFactory.create(government=world.government)
    assert_permission_matrix(world, reverse(name), {**ANON, "outsider": 200, **expected})


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("strategy:strategy-detail", EVERYONE_IN),
        ("strategy:strategy-history", EVERYONE_IN),
        ("strategy:strategy-alignment", EVERYONE_IN),
        ("strategy:strategy-edit", MANAGERS),
        ("strategy:strategy-approve", MANAGERS),
        ("strategy:strategy-new-version", MANAGERS),
        ("strategy:objective-create", MANAGERS),
    ],
)
def test_strategy_pages_matrix(world, name, expected):
    strategy = StrategyFactory.create(government=world.government)
    url = reverse(name, args=[strategy.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **expected})


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("strategy:objective-detail", EVERYONE_IN),
        ("strategy:objective-history", EVERYONE_IN),
        ("strategy:objective-edit", MANAGERS),
        ("strategy:objective-links", MANAGERS),
        ("strategy:objective-delete", MANAGERS),
    ],
)
def test_objective_pages_matrix(world, name, expected):
    objective = ObjectiveFactory.create(
        strategy=StrategyFactory.create(government=world.government)
    )
    url = reverse(name, args=[objective.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **expected})


def test_an_editor_cannot_post_changes(world):
    objective = ObjectiveFactory.create(
        strategy=StrategyFactory.create(government=world.government)
    )
    action = ActionFactory.create(government=world.government)
    url = reverse("strategy:objective-links", args=[objective.pk])
    response = world.client_for("editor").post(url, {"actions": [action.pk]})
    assert response.status_code == 403
    assert not objective.actions.exists()


# --- Pages -----------------------------------------------------------------------------------


def test_create_strategy_add_objectives_link_and_approve_through_the_pages(world):
    client = world.client_for("coordinator")
    response = client.post(
        reverse("strategy:strategy-create"),
        {
            "title": "Estrategia 2024–2030",
            "start_year": 2024,
            "end_year": 2030,
            "priority_countries": ["ES"],
            "priority_themes": ["climate"],
            "budget_envelope": "1000000",
            "currency": "",
            "is_public": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    strategy = Strategy.objects.for_tenant(world.government).get()
    assert strategy.currency == "EUR"
    url = reverse("strategy:objective-create", args=[strategy.pk])
    response = client.post(url, {"code": "1", "title": "Clima", "position": 0})
    assert response.status_code == 302
    general = strategy.objectives.get()
    form = client.get(f"{url}?parent={general.pk}").content.decode()
    assert f'<option value="{general.pk}" selected>' in form
    response = client.post(
        url, {"code": "1.1", "title": "Residuos", "parent": general.pk, "position": 0}
    )
    assert response.status_code == 302
    specific = strategy.objectives.get(code="1.1")
    action = ActionFactory.create(government=world.government, title="Compostaje con Rosario")
    foreign = ActionFactory.create(government=world.other_government)
    links = reverse("strategy:objective-links", args=[specific.pk])
    response = client.post(links, {"actions": [foreign.pk]})
    assert response.status_code == 200  # another government's action is not a choice
    response = client.post(links, {"actions": [action.pk]})
    assert response.status_code == 302
    assert list(specific.actions.all()) == [action]
    page = client.get(reverse("strategy:objective-detail", args=[specific.pk])).content.decode()
    assert "Compostaje con Rosario" in page
    response = client.post(
        reverse("strategy:strategy-approve", args=[strategy.pk]),
        {"approved_on": "2024-02-01", "approved_by": "Cabildo"},
    )
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert strategy.status == StrategyStatus.APPROVED
    response = client.post(reverse("strategy:strategy-new-version", args=[strategy.pk]))
    new = Strategy.objects.for_tenant(world.government).get(version=2)
    assert response["Location"] == new.get_absolute_url()
    detail = client.get(strategy.get_absolute_url()).content.decode()
    assert "is being drafted" in detail


def test_list_shows_the_current_version_first(world):
    strategy, *_ = _approved_strategy_with_tree(world)
    new = services.start_new_version(strategy, acting_user=world.users["coordinator"])
    services.approve_strategy(new, acting_user=world.users["coordinator"])
    draft = StrategyFactory.create(government=world.government, title="A later draft")
    response = world.client_for("viewer").get(reverse("strategy:strategy-list"))
    assert list(response.context["object_list"]) == [new, draft, strategy]


def test_objectives_served_on_action_agreement_and_partner_pages(world):
    _strategy, _general, specific, action, agreement, partner = _approved_strategy_with_tree(world)
    client = world.client_for("viewer")
    for obj in (action, agreement, partner):
        page = client.get(obj.get_absolute_url()).content.decode()
        assert "Objectives served" in page
        assert specific.get_absolute_url() in page
    lonely = ActionFactory.create(government=world.government)
    page = client.get(lonely.get_absolute_url()).content.decode()
    assert "Not linked to any objective" in page


def test_objective_page_offers_the_results_panel_only_when_it_exists(world):
    from lazos.strategy import views

    objective = ObjectiveFactory.create(
        strategy=StrategyFactory.create(government=world.government)
    )
    response = world.client_for("viewer").get(objective.get_absolute_url())
    assert response.context["objective"] == objective
    assert response.context["results_enabled"] is views.results_enabled()


# --- Alignment -------------------------------------------------------------------------------


def test_alignment_counts_budget_priorities_and_unlinked_actions(world):
    world.government.currency = "MXN"
    world.government.save()
    strategy, general, specific, action, _agreement, partner = _approved_strategy_with_tree(world)
    climate = Theme.objects.get(code="climate")
    action.themes.set([climate])
    partner.country = "ES"
    partner.save()
    action.partners.set([partner])
    BudgetLine.objects.create(
        government=world.government,
        action=action,
        source="own",
        amount=Decimal("100.50"),
        currency="MXN",
    )
    BudgetLine.objects.create(
        government=world.government,
        action=action,
        source="own",
        amount=Decimal("200"),
        currency="MXN",
    )
    BudgetLine.objects.create(
        government=world.government,
        action=action,
        source="own",
        amount=Decimal("7"),
        currency="EUR",
    )
    services.link_objective(general, acting_user=world.users["coordinator"], actions=[action])
    second = ActionFactory.create(government=world.government, title="Segunda")
    BudgetLine.objects.create(
        government=world.government,
        action=second,
        source="own",
        amount=Decimal("50"),
        currency="MXN",
    )
    specific.actions.add(second)
    unlinked = ActionFactory.create(government=world.government, title="Sin objetivo")
    ActionFactory.create(government=world.other_government, title="Foreign action")

    rows = {o.code: o for o in alignment.objectives_with_totals(strategy)}
    assert (rows["1.1"].action_count, rows["1.1"].agreement_count, rows["1.1"].partner_count) == (
        2,
        1,
        1,
    )
    assert rows["1.1"].budget == Decimal("350.50")
    assert rows["1.1"].other_currencies is True
    assert rows["1"].action_count == 2  # one linked to 1 and to 1.1: counted once
    assert rows["1"].agreement_count == 1  # through its specific objective
    assert rows["1"].budget == Decimal("350.50")
    assert alignment.strategy_budget(strategy) == {
        "total": Decimal("350.50"),  # an action serving two objectives counts once
        "currency": "MXN",
        "other_currencies": ["EUR"],
    }
    countries = {row.key: row for row in alignment.priority_countries(strategy)}
    assert (countries["ES"].actions, countries["ES"].partners) == (1, 1)
    assert countries["ES"].has_activity
    assert not countries["AR"].has_activity
    themes = alignment.priority_themes(strategy)
    assert [(t.key, t.actions, t.partners) for t in themes] == [("climate", 1, 1)]

    response = world.client_for("viewer").get(reverse("strategy:alignment"))
    assert response.context["strategy"] == strategy
    assert list(response.context["unlinked"]) == [unlinked]
    page = response.content.decode()
    assert "Sin objetivo" in page
    assert "Foreign action" not in page
    assert unlinked.get_absolute_url() in page
    assert "EUR" in page  # other currencies are named


def test_alignment_without_a_strategy(world):
    response = world.client_for("coordinator").get(reverse("strategy:alignment"))
    assert response.status_code == 200
    assert "There is no strategy yet" in response.content.decode()


# --- Query budgets ---------------------------------------------------------------------------


def test_list_queries(world):
    def add_rows(n):
        for i in range(n):
            strategy = StrategyFactory.create(government=world.government, start_year=2000 + i)
            ObjectiveFactory.create(strategy=strategy)

    client = world.client_for("viewer")
    assert_constant_queries(client, reverse("strategy:strategy-list"), add_rows, budget=8)


def _strategy_with_rows(world):
    strategy = StrategyFactory.create(government=world.government, priority_countries=["ES", "AR"])
    strategy.priority_themes.set(Theme.objects.filter(code__in=["climate", "culture"]))

    def add_rows(n):
        for _ in range(n):
            general = ObjectiveFactory.create(strategy=strategy)
            specific = ObjectiveFactory.create(strategy=strategy, parent=general)
            action = ActionFactory.create(government=world.government)
            BudgetLine.objects.create(
                government=world.government, action=action, source="own", amount=Decimal("10")
            )
            specific.actions.add(action)
            specific.agreements.add(AgreementFactory.create(government=world.government))
            specific.partners.add(PartnerFactory.create(government=world.government))
            ActionFactory.create(government=world.government)  # unlinked

    return strategy, add_rows


def test_detail_queries(world):
    strategy, add_rows = _strategy_with_rows(world)
    url = reverse("strategy:strategy-detail", args=[strategy.pk])
    assert_constant_queries(world.client_for("coordinator"), url, add_rows, budget=12)


def test_alignment_queries(world):
    strategy, add_rows = _strategy_with_rows(world)
    url = reverse("strategy:strategy-alignment", args=[strategy.pk])
    assert_constant_queries(world.client_for("viewer"), url, add_rows, budget=18, few=2, many=30)


def test_objective_detail_queries(world):
    strategy = StrategyFactory.create(government=world.government)
    general = ObjectiveFactory.create(strategy=strategy)

    def add_rows(n):
        for _ in range(n):
            ObjectiveFactory.create(strategy=strategy, parent=general)
            general.actions.add(ActionFactory.create(government=world.government))
            general.partners.add(PartnerFactory.create(government=world.government))
            general.agreements.add(AgreementFactory.create(government=world.government))

    url = reverse("strategy:objective-detail", args=[general.pk])
    assert_constant_queries(world.client_for("coordinator"), url, add_rows, budget=16)


def test_objectives_served_panel_costs_one_query(world):
    from django.db import connection
    from django.template import Context, Template
    from django.test.utils import CaptureQueriesContext

    action = ActionFactory.create(government=world.government)
    for _ in range(3):
        ObjectiveFactory.create(
            strategy=StrategyFactory.create(government=world.government)
        ).actions.add(action)
    template = Template('{% include "strategy/includes/objectives_served.html" %}')
    action = Action.objects.get(pk=action.pk)
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context({"object": action}))
    assert len(queries) == 1
    assert html.count("<li>") == 3
