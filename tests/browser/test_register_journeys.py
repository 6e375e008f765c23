"""Issue 3 journeys in a real browser: the register, end to end."""

from typing import Any

import pytest

from lazos.core.testing.builders import (
    DepartmentFactory,
    GovernmentFactory,
    MembershipFactory,
    UserFactory,
)
from tests.browser.support import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _choose(select: Any, text: str) -> None:
    """Select the option whose text contains ``text`` (labels may add the country…)."""
    value = select.locator("option", has_text=text).first.get_attribute("value")
    select.select_option(value)


def _pick_city(page: Any, label: str, query: str, expected: str) -> None:
    box = page.get_by_role("combobox", name=label)
    box.fill(query)
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    listbox.get_by_role("option").first.wait_for()
    assert expected in listbox.get_by_role("option").first.inner_text()
    box.press("ArrowDown")
    box.press("Enter")


def test_coordinator_records_a_partnership_from_partner_to_commitment(
    live_server, browser_page, tmp_path, settings
):
    from lazos.reference.loaders import load_cities
    from lazos.reference.models import City

    settings.MEDIA_ROOT = tmp_path / "media"
    load_cities(City, countries={"UY"})
    government = GovernmentFactory.create(name="Villa Prueba", slug="villa-prueba", country="MX")
    DepartmentFactory.create(government=government, name="International Relations")
    coordinator = UserFactory.create(username="coord", password="coordinator-passphrase-1")
    MembershipFactory.create(government=government, user=coordinator, role="coordinator")
    page = browser_page
    base = live_server.url
    sign_in(page, base, "coord", "coordinator-passphrase-1")

    # 1. A partner, its city picked from the autocomplete.
    page.goto(f"{base}/partners/new/")
    page.get_by_label("Name:", exact=True).fill("Intendencia de Montevideo")
    page.get_by_label("Kind:", exact=True).select_option("local_government")
    _pick_city(page, "Place (GeoNames):", "montevideo", "Montevideo")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{base}/partners/*/")
    partner_url = page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Intendencia de Montevideo"
    assert "Uruguay" in page.content()

    # 2. An agreement with it.
    page.goto(f"{base}/agreements/new/")
    page.get_by_label("Title:", exact=True).fill("Hermanamiento Villa Prueba – Montevideo")
    page.get_by_label("Kind:", exact=True).select_option("twinning")
    _choose(page.get_by_label("Partner parties:", exact=True), "Intendencia de Montevideo")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{base}/agreements/*/")
    agreement_url = page.url
    agreement_pk = agreement_url.rstrip("/").split("/")[-1]

    # 3. Through its legal life to "in force", one dated transition at a time.
    for status in ("negotiation", "signed", "in_force"):
        page.get_by_label("New status:", exact=True).select_option(status)
        page.get_by_role("button", name="Change status").click()
        page.wait_for_url(agreement_url)
    assert "in force" in page.locator("main").inner_text().lower()

    # 4. The signed text, as a PDF.
    pdf = tmp_path / "convenio-firmado.pdf"
    pdf.write_bytes(PDF)
    page.locator("#documents-file").set_input_files(str(pdf))
    page.locator("#documents-title").fill("Signed text")
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url(f"{agreement_url}*")
    assert page.locator("#documents").get_by_text("Signed text").first.is_visible()

    # 5. A mission under the agreement, with travel details and a commitment.
    page.goto(f"{base}/actions/new/?agreement={agreement_pk}&modality=mission")
    page.get_by_label("Title:", exact=True).fill("Misión técnica a Montevideo")
    _choose(page.get_by_label("Partners:", exact=True), "Intendencia de Montevideo")
    page.get_by_label("Start:", exact=True).fill("2026-03-02")
    page.get_by_label("End:", exact=True).fill("2026-03-06")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{base}/actions/*/")
    action_url = page.url
    action_pk = action_url.rstrip("/").split("/")[-1]
    page.goto(f"{base}/actions/{action_pk}/mission/")
    _pick_city(page, "Destination (GeoNames):", "montevideo", "Montevideo")
    page.get_by_label("Purpose:", exact=True).fill("Intercambio sobre gestión de residuos")
    page.get_by_label("Travel cost:", exact=True).fill("4200")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{action_url}*")

    page.goto(f"{base}/commitments/new/?action={action_pk}")
    page.get_by_label("What:", exact=True).fill("Enviar el informe de la misión a Montevideo")
    page.get_by_label("Due date:", exact=True).fill("2026-04-15")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{base}/commitments/*/")

    # Everything shows on the partner page…
    page.goto(partner_url)
    main = page.locator("main").inner_text()
    assert "Hermanamiento Villa Prueba – Montevideo" in main
    assert "Misión técnica a Montevideo" in main
    assert "Enviar el informe de la misión a Montevideo" in main

    # …and in the History of the agreement: created, then each status change.
    page.goto(f"{agreement_url}history/")
    history = page.locator("main").inner_text()
    assert "in force" in history.lower()
    assert history.lower().count("updated") >= 3
    assert page.failed_responses == []
    assert page.csp_violations == []


def test_second_department_sees_a_duplicate_warning(live_server, browser_page):
    from lazos.actions.models import Action
    from lazos.partners.models import Partner

    government = GovernmentFactory.create(name="Villa Dos", slug="villa-dos", country="MX")
    environment = DepartmentFactory.create(government=government, name="Environment")
    economy = DepartmentFactory.create(government=government, name="Economy")
    partner = Partner.objects.create(
        government=government, name="Ville de Lyon", kind="local_government", country="FR"
    )
    first = Action.objects.create(
        government=government,
        title="Intercambio técnico en gestión de residuos",
        modality="technical_exchange",
        lead_department=environment,
        start_date="2026-05-04",
        end_date="2026-05-08",
    )
    first.partners.set([partner])
    editor = UserFactory.create(username="eco-editor", password="editor-passphrase-1")
    membership = MembershipFactory.create(government=government, user=editor, role="editor")
    membership.departments.set([economy])

    page = browser_page
    base = live_server.url
    sign_in(page, base, "eco-editor", "editor-passphrase-1")
    page.goto(f"{base}/actions/new/")
    _choose(page.get_by_label("Lead department:", exact=True), "Economy")
    _choose(page.get_by_label("Partners:", exact=True), "Ville de Lyon")
    page.get_by_label("Start:", exact=True).fill("2026-05-05")
    page.get_by_label("Title:", exact=True).fill(
        "Intercambio tecnico sobre gestion de residuos solidos"
    )
    page.get_by_label("Title:", exact=True).blur()
    warning = page.locator("#coordination-panel .warning")
    warning.wait_for()
    text = warning.inner_text()
    assert "Possible duplicate" in text
    assert "Intercambio técnico en gestión de residuos" in text
    assert "Environment" in page.locator("#coordination-panel").inner_text()
    assert page.csp_violations == []
