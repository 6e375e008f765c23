"""The IATI import journey in a real browser: upload, preview, apply; axe-core finds no
serious or critical violation, the strict CSP holds, nothing overflows a phone."""

from pathlib import Path
from typing import Any

import pytest

from lazos.core.testing.builders import GovernmentFactory, MembershipFactory, UserFactory
from tests.browser.support import wcag_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


FILE = """<?xml version="1.0"?>
<iati-activities version="2.03">
 <iati-activity xml:lang="en">
  <iati-identifier>XM-EX-1-77</iati-identifier>
  <reporting-org ref="XM-EX-1" type="40"><narrative>Example Org</narrative></reporting-org>
  <title><narrative>Clean rivers together</narrative></title>
  <description><narrative>Work on rivers.</narrative></description>
  <participating-org type="11" role="4"><narrative>Ville</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2023-01-01"/>
  <conditions attached="0"/>
 </iati-activity>
</iati-activities>
"""


def _fits_a_phone(page: Any) -> bool:
    page.set_viewport_size({"width": 320, "height": 640})
    fits = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    return bool(fits)


def test_import_an_iati_file(browser_page: Any, live_server: Any, tmp_path: Path) -> None:
    from lazos.actions.models import Action

    government = GovernmentFactory.create(name="Iati City", slug="iati-city")
    user = UserFactory.create(username="iati", password="a-long-passphrase-1")
    MembershipFactory.create(government=government, user=user, role="coordinator")
    upload = tmp_path / "rivers.xml"
    upload.write_text(FILE, encoding="utf-8")
    page, base = browser_page, live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("iati")
    page.get_by_label("Password").fill("a-long-passphrase-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/dashboard/")

    page.goto(f"{base}/iati/")
    assert page.get_by_role("heading", name="IATI", level=1).is_visible()
    assert wcag_violations(page) == []
    assert _fits_a_phone(page)
    page.get_by_role("link", name="Import an IATI file").first.click()
    page.wait_for_url(f"{base}/iati/import/")
    assert wcag_violations(page) == []
    page.get_by_label("IATI activity file").set_input_files(str(upload))
    page.get_by_label("Publish the imported actions on the portal").check()
    page.get_by_role("button", name="Preview the import").click()
    page.wait_for_url(f"{base}/iati/imports/*/")
    assert page.get_by_role("cell", name="Clean rivers together").is_visible()
    assert page.get_by_role("cell", name="conditions").is_visible()
    assert wcag_violations(page) == []
    assert _fits_a_phone(page)
    page.get_by_role("button", name="Apply: write 1 activity").click()
    assert page.get_by_text("The import was applied.").is_visible()
    assert Action.objects.filter(government=government, iati_identifier="XM-EX-1-77").exists()
    assert page.csp_violations == []
