"""Import of a twin-city list in a real browser (#13, points 4 and 6): the preview asks, for
each row matching an existing partner, "merge or create?"; Apply is refused by the browser
until every such row has an answer; the answers are applied."""

from pathlib import Path
from typing import Any

import pytest

from lazos.core.testing.builders import GovernmentFactory, MembershipFactory, UserFactory
from lazos.partners.models import Partner
from lazos.spreadsheets.models import ImportRun
from lazos.spreadsheets.tests.test_twin_cities import CITIES, EXISTING, ROWS, _city, _file
from tests.browser.support import wcag_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_preview_asks_merge_or_create_and_applies_the_answers(
    live_server: Any, browser_page: Any, tmp_path: Path
) -> None:
    government = GovernmentFactory.create(name="Ciudad Gemela", slug="gemela")
    user = UserFactory.create(username="twins", password="a-long-passphrase-1")
    MembershipFactory.create(government=government, user=user, role="coordinator")
    for city in CITIES:
        _city(*city)
    existing = {}
    for name, country, place, external_id in EXISTING:
        existing[name] = Partner.objects.create(
            government=government,
            name=name,
            kind="local_government",
            country=country,
            place_id=place,
            external_id=external_id,
        )
    before = Partner.objects.count()
    page, base = browser_page, live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("twins")
    page.get_by_label("Password").fill("a-long-passphrase-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/dashboard/")

    page.goto(f"{base}/spreadsheets/import/?kind=partners")
    page.get_by_label("Spreadsheet").set_input_files(str(_file(tmp_path)))
    page.get_by_role("button", name="Preview the import").click()
    page.wait_for_url(f"{base}/spreadsheets/import/*/")
    run = ImportRun.objects.get()
    heading = page.get_by_role("heading", name="9 rows match existing partners: merge or create?")
    assert heading.is_visible()
    assert wcag_violations(page) == []
    page.screenshot(path=str(tmp_path / "preview.png"), full_page=True)

    apply = page.get_by_role("button", name=f"Apply: write {len(ROWS)} records")
    apply.click()  # the browser refuses: the radios are required
    page.wait_for_timeout(300)
    run.refresh_from_db()
    assert run.status == "previewed"

    for fieldset in page.locator("fieldset.match").all():
        legend = fieldset.locator("legend").inner_text()
        if "“Rosario”" in legend:
            fieldset.get_by_label("Create a new partner").check()
        else:
            fieldset.get_by_label("Use the existing partner").first.check()
    apply.click()
    page.get_by_text("The import was applied.").wait_for()
    run.refresh_from_db()
    assert run.status == "applied"
    assert Partner.objects.count() == before + len(ROWS) - 8
    assert Partner.objects.get(pk=existing["Ville de Lyon"].pk).website == "https://www.lyon.fr/"
    assert page.get_by_text("Chosen:").count() == 9
    assert page.csp_violations == []
