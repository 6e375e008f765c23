"""The strategy in a real browser: a coordinator adds a specific objective, links an action to
it and finds it in the alignment view; axe-core finds no WCAG 2.1 AA violation on the
strategy, objective and alignment pages."""

from typing import Any

import pytest

from lazos.core.testing.builders import (
    DepartmentFactory,
    GovernmentFactory,
    MembershipFactory,
    UserFactory,
)
from tests.browser.support import sign_in, wcag_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world() -> dict[str, Any]:
    from lazos.actions.tests.factories import ActionFactory
    from lazos.reference.models import Theme
    from lazos.strategy import services

    government = GovernmentFactory.create(
        name="Villa Prueba", slug="villa-prueba", country="MX", currency="MXN"
    )
    department = DepartmentFactory.create(government=government, name="Medio Ambiente")
    coordinator = UserFactory.create(username="coord", password="coordinator-passphrase-1")
    membership = MembershipFactory.create(
        government=government, user=coordinator, role="coordinator"
    )
    strategy = services.create_strategy(
        government,
        acting_user=coordinator,
        title="Estrategia de Acción Internacional",
        start_year=2024,
        end_year=2030,
        development_plan="Plan Municipal de Desarrollo 2024–2027",
        priority_countries=["ES", "GT"],
        priority_themes=list(Theme.objects.filter(code__in=["waste", "food"])),
        vision="Una ciudad sostenible.",
    )
    general = services.create_objective(
        strategy, acting_user=coordinator, code="1", title="Territorio sostenible"
    )
    services.approve_strategy(strategy, acting_user=coordinator)
    action = ActionFactory.create(
        government=government,
        title="Compostaje comunitario con Rosario",
        lead_department=department,
    )
    ActionFactory.create(government=government, title="Feria del libro en Madrid")
    assert membership.pk
    return {"strategy": strategy, "general": general, "action": action}


def test_coordinator_adds_an_objective_links_an_action_and_sees_the_alignment(
    live_server, browser_page
):
    world = _world()
    strategy = world["strategy"]
    page = browser_page
    base = live_server.url
    sign_in(page, base, "coord", "coordinator-passphrase-1")

    page.goto(f"{base}/strategy/")
    page.get_by_role("link", name="Estrategia de Acción Internacional").click()
    page.wait_for_url(f"{base}{strategy.get_absolute_url()}")
    assert wcag_violations(page) == []

    # A specific objective under the general one.
    page.get_by_role("link", name="1. Territorio sostenible").click()
    page.get_by_role("link", name="Add a specific objective").click()
    assert page.get_by_label("General objective:", exact=True).input_value() == str(
        world["general"].pk
    )
    page.get_by_label("Code:", exact=True).fill("1.1")
    page.get_by_label("Title:", exact=True).fill("Residuos sólidos")
    page.get_by_label("Development plan objectives served:", exact=True).fill(
        "3.2 Cero residuos al relleno"
    )
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="1.1. Residuos sólidos").wait_for()
    assert page.get_by_text("3.2 Cero residuos al relleno").is_visible()
    assert wcag_violations(page) == []

    # Link the action.
    page.get_by_role("link", name="Link actions, agreements, partners").click()
    actions = page.get_by_label("Actions:", exact=True)
    value = actions.locator("option", has_text="Compostaje comunitario").first.get_attribute(
        "value"
    )
    actions.select_option(value)
    assert wcag_violations(page) == []
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="1.1. Residuos sólidos").wait_for()
    assert (
        page.locator("#linked-actions")
        .get_by_role("link", name="Compostaje comunitario con Rosario")
        .is_visible()
    )

    # The action's page says which objective it serves.
    page.locator("#linked-actions").get_by_role("link", name="Compostaje comunitario").click()
    assert (
        page.locator("#objectives-served")
        .get_by_role("link", name="1.1. Residuos sólidos")
        .is_visible()
    )

    # The alignment view: counted under 1.1, the other action is unlinked.
    page.goto(f"{base}/strategy/alignment/")
    row = page.get_by_role("row", name="1.1. Residuos sólidos")
    assert row.get_by_role("cell").first.inner_text() == "1"
    unlinked = page.locator("#unlinked")
    assert unlinked.get_by_role("link", name="Feria del libro en Madrid").is_visible()
    assert unlinked.get_by_role("link", name="Compostaje comunitario").count() == 0
    assert page.get_by_role("row", name="Guatemala").get_by_text("no activity").is_visible()
    assert wcag_violations(page) == []
    assert page.csp_violations == []
    assert page.failed_responses == []


@pytest.mark.browser_context(viewport={"width": 375, "height": 740}, is_mobile=True)
def test_strategy_pages_fit_a_phone_screen(live_server, browser_page):
    world = _world()
    page = browser_page
    sign_in(page, live_server.url, "coord", "coordinator-passphrase-1")
    for path in (
        "/strategy/",
        world["strategy"].get_absolute_url(),
        world["general"].get_absolute_url(),
        "/strategy/alignment/",
    ):
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} is {overflow}px wider than a phone screen"
