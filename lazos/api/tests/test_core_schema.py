"""The committed OpenAPI schema (docs/openapi.yaml) is valid, current and warning-free; the
response validator of the test kit really checks responses against it."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.management.commands.spectacular import SchemaGenerationError
from openapi_spec_validator import validate

from lazos.api.tests.helpers import SCHEMA_FILE, SchemaMismatch, api_client, schema
from lazos.core.testing import TenantWorld

# What this checks does not depend on the database engine: CI runs it once, in the SQLite pass.
pytestmark = pytest.mark.engine_independent


def test_committed_schema_is_current_and_warning_free(tmp_path: Path) -> None:
    generated = tmp_path / "openapi.yaml"
    try:
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(generated))
    except (SchemaGenerationError, SystemExit) as error:
        pytest.fail(
            f"the schema has warnings or errors ({error!r}, details above): fix them, "
            "then run make openapi"
        )
    new, committed = generated.read_text(), SCHEMA_FILE.read_text()
    if new != committed:
        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    new.splitlines(keepends=True),
                    "docs/openapi.yaml (committed)",
                    "generated",
                )
            )[:60]
        )
        pytest.fail(f"docs/openapi.yaml is out of date: run make openapi\n{diff}")


def test_committed_schema_is_valid_openapi() -> None:
    validate(yaml.load(SCHEMA_FILE.read_text(), Loader=yaml.CSafeLoader))


def test_every_operation_documents_errors_and_authentication() -> None:
    document = schema()["document"]
    assert "tokenAuth" in document["components"]["securitySchemes"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation["responses"]
            for code in ("401", "403", "429"):
                assert code in responses, f"{method.upper()} {path} lacks {code}"
            if "{" in path:
                assert "404" in responses, f"{method.upper()} {path} lacks 404"


@pytest.mark.django_db
def test_validator_catches_a_body_that_does_not_match(world: TenantWorld) -> None:
    from django.http import JsonResponse

    client = api_client(world, "viewer")
    response = client.get(f"/api/v1/departments/{world.department.pk}/")
    from lazos.api.tests.helpers import validate_response

    fake = JsonResponse({"id": "not a number", "surprise": 1})
    fake.wsgi_request = response.wsgi_request  # type: ignore[attr-defined]
    with pytest.raises(SchemaMismatch) as error:
        validate_response(fake)
    assert "id" in str(error.value)
    assert "surprise" in str(error.value)

    undocumented = JsonResponse({"detail": "x"}, status=418)
    undocumented.wsgi_request = response.wsgi_request  # type: ignore[attr-defined]
    with pytest.raises(SchemaMismatch, match="418"):
        validate_response(undocumented)


@pytest.mark.django_db
def test_schema_and_docs_are_public_and_csp_clean(client: Any) -> None:
    schema_response = client.get("/api/schema/")
    assert schema_response.status_code == 200
    assert (
        yaml.load(schema_response.content, Loader=yaml.CSafeLoader)["info"]["title"] == "Lazos API"
    )

    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<style" not in html
    assert "style=" not in html
    assert "<script>" not in html, "no inline script: the CSP forbids it"
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]

    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


@pytest.mark.django_db
def test_unknown_api_addresses_answer_json_404(world: TenantWorld) -> None:
    client = api_client(world, "coordinator")
    for method in ("get", "post", "delete"):
        response = getattr(client, method)("/api/v1/no-such-thing/1.5/")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
