"""Query budgets: the imports list and an import's page cost the same with few or many rows."""

import pytest
from django.urls import reverse

from lazos.core.testing import assert_constant_queries
from lazos.core.testing.builders import UserFactory
from lazos.spreadsheets.tests.factories import ImportRunFactory

pytestmark = pytest.mark.django_db


def test_import_list(world):
    def add(n: int) -> None:
        for _ in range(n):
            ImportRunFactory.create(government=world.government, uploaded_by=UserFactory.create())

    assert_constant_queries(
        world.client_for("coordinator"),
        reverse("spreadsheets:import-list"),
        add,
        budget=10,
        few=10,
        many=60,
    )


def test_import_detail_with_many_errors_and_changes(world):
    run = ImportRunFactory.create(
        government=world.government, uploaded_by=world.users["coordinator"]
    )

    def add(n: int) -> None:
        run.errors = run.errors + [
            {"row": i, "column": "Start", "message": "bad"} for i in range(n)
        ]
        run.sample = run.sample + [
            {"row": i, "operation": "create", "label": f"A{i}", "changes": [["Title", "", f"A{i}"]]}
            for i in range(n)
        ]
        run.error_count = len(run.errors)
        run.save()

    assert_constant_queries(
        world.client_for("coordinator"), run.get_absolute_url(), add, budget=10, few=10, many=500
    )


def test_import_preview_with_many_rows_matching_existing_partners(world):
    run = ImportRunFactory.create(
        government=world.government, kind="partners", uploaded_by=world.users["coordinator"]
    )

    def add(n: int) -> None:
        start = len(run.sample)
        run.sample = run.sample + [
            {
                "row": start + i + 2,
                "operation": "create",
                "label": f"City {i}",
                "changes": [["Name", "", f"City {i}"], ["Country", "", "Colombia"]],
                "matches": [
                    {
                        "id": 1000 + i,
                        "name": f"Alcaldía de City {i}",
                        "country": "CO",
                        "place": "",
                        "external_id": "",
                        "url": f"/partners/{1000 + i}/",
                        "reasons": ["same name in the same country"],
                    }
                ],
            }
            for i in range(n)
        ]
        run.to_create = len(run.sample)
        run.save()

    client = world.client_for("coordinator")
    assert_constant_queries(client, run.get_absolute_url(), add, budget=10, few=10, many=300)
    run.refresh_from_db()
    page = client.get(run.get_absolute_url()).content.decode()
    assert f"{len(run.sample)} rows match existing partners: merge or create?" in page
