"""The API test kit: authenticated clients, the permission matrix, and response validation
against the committed schema (docs/openapi.yaml).

Every response an :func:`api_client` client receives is validated against the committed schema
automatically: a JSON body must match the response schema of its operation and status code,
and the status code must be documented. So "every response produced in tests is validated"
holds by construction.

    client = api_client(world, "coordinator")
    response = client.get("/api/v1/departments/")        # validated
    assert_api_matrix(world, "get", url, {"anonymous": 401, "stranger": 403, ...})
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.db.models import Model
from django.http import HttpResponseBase
from jsonschema import Draft202012Validator, FormatChecker
from rest_framework.test import APIClient

from lazos.api.models import ApiToken
from lazos.api.services import create_api_token
from lazos.core.models import AuditEvent
from lazos.core.testing.matrix import PEOPLE, TenantWorld

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "docs" / "openapi.yaml"
API_PREFIX = "/api/v1/"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class SchemaMismatch(AssertionError):
    pass


# --- clients ---------------------------------------------------------------------------------


class ValidatingAPIClient(APIClient):
    """An APIClient that validates every response of /api/v1/ against the committed schema."""

    validate = True
    token: ApiToken | None = None
    raw_key: str = ""

    def request(self, *args: Any, **kwargs: Any) -> Any:
        response = super().request(*args, **kwargs)
        if self.validate:
            validate_response(response)
        return response


def api_client(world: TenantWorld, who: str, *, read_only: bool = False) -> ValidatingAPIClient:
    """A client for one kind of person of the permission matrix.

    Members of ``world.government`` and the ``outsider`` (administrator of the other
    government) use a fresh personal token of their government; ``anonymous`` sends no
    credentials; ``stranger`` (no membership, so no token possible) uses a browser session.
    The client's ``token`` and ``raw_key`` are set when a token is used.
    """
    client = ValidatingAPIClient()
    if who == "anonymous":
        return client
    user = world.users[who]
    if who == "stranger":
        client.force_login(user)
        return client
    government = world.other_government if who == "outsider" else world.government
    token, raw_key = create_api_token(
        government, acting_user=user, name=f"tests {who}", read_only=read_only
    )
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw_key}")
    client.token, client.raw_key = token, raw_key
    return client


def token_client(raw_key: str, *, scheme: str = "Token") -> ValidatingAPIClient:
    """A validating client that sends this key."""
    client = ValidatingAPIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{scheme} {raw_key}")
    return client


def assert_api_matrix(
    world: TenantWorld,
    method: str,
    url: str,
    expected: dict[str, int],
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Call ``url`` as each kind of person and compare the status codes (all at once).

    ``expected`` must name every kind of person. Each response is validated against the
    schema. Returns the responses by person, e.g. to check a created object.
    """
    missing = set(PEOPLE) - set(expected)
    assert not missing, f"API permission matrix for {url} lacks {sorted(missing)}"
    actual, responses = {}, {}
    for who in PEOPLE:
        client = api_client(world, who)
        call = getattr(client, method.lower())
        response = call(url, data, format="json") if data is not None else call(url)
        actual[who], responses[who] = response.status_code, response
    assert actual == expected, f"{method.upper()} {url}: expected {expected}, got {actual}"
    return responses


def assert_api_matrix_fresh(
    world: TenantWorld,
    method: str,
    url_for: Callable[[], str],
    expected: dict[str, int],
    data_for: Callable[[], dict[str, Any] | None] = lambda: None,
) -> dict[str, Any]:
    """Like :func:`assert_api_matrix`, but each person acts on a fresh object (``url_for()``
    builds it and gives its address): a write by one would otherwise change what the next
    one meets. Returns the responses by person."""
    missing = set(PEOPLE) - set(expected)
    assert not missing, f"API permission matrix lacks {sorted(missing)}"
    actual, responses = {}, {}
    for who in PEOPLE:
        url, data = url_for(), data_for()
        call = getattr(api_client(world, who), method.lower())
        response = call(url, data, format="json") if data is not None else call(url)
        actual[who], responses[who] = response.status_code, response
    assert actual == expected, f"{method.upper()} {url}: expected {expected}, got {actual}"
    return responses


def events_of(obj: Model) -> list[AuditEvent]:
    """The audit events of ``obj``, oldest first."""
    return list(AuditEvent.objects.for_object(obj).order_by("id"))


# --- validation against the committed schema -------------------------------------------------


def _openapi30_to_jsonschema(node: Any) -> Any:
    """OpenAPI 3.0 schema objects → JSON Schema 2020-12 (``nullable``; objects with declared
    properties refuse undeclared ones, so a serializer field missing from the schema fails)."""
    if isinstance(node, list):
        return [_openapi30_to_jsonschema(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _openapi30_to_jsonschema(value) for key, value in node.items()}
    if "properties" in result and "additionalProperties" not in result:
        result["unevaluatedProperties"] = False
    if result.pop("nullable", False):
        if "enum" in result and None not in result["enum"]:
            result["enum"] = [*result["enum"], None]
        result = {"anyOf": [result, {"type": "null"}]}
    return result


@cache
def _load(mtime: float) -> dict[str, Any]:
    # libyaml's safe loader (in PyYAML's wheels): a tenth of the pure-Python loader's time
    document = yaml.load(SCHEMA_FILE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    operations = []
    for template, item in (document.get("paths") or {}).items():
        pattern = "^" + re.sub(r"\\\{[^}/]+\\\}", "[^/]+", re.escape(template)) + "$"
        # literal segments first, so /things/export/ wins over /things/{id}/
        specificity = (template.count("{"), -len(template))
        operations.append((specificity, re.compile(pattern), template, item))
    operations.sort(key=lambda row: row[0])
    components = _openapi30_to_jsonschema(document.get("components") or {})
    return {"document": document, "operations": operations, "components": components}


def schema() -> dict[str, Any]:
    """The committed schema, loaded once per version of the file."""
    return _load(SCHEMA_FILE.stat().st_mtime)


def find_operation(method: str, path: str) -> tuple[str, dict[str, Any]] | None:
    for _specificity, pattern, template, item in schema()["operations"]:
        if pattern.match(path):
            operation = item.get(method.lower())
            if operation is None:
                raise SchemaMismatch(
                    f"{method} {path}: the schema has {template} but no {method} operation"
                )
            return template, operation
    return None


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    document = schema()["document"]
    while "$ref" in node:
        target: Any = document
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def validate_response(response: HttpResponseBase) -> None:
    """Check ``response`` (of a test client) against the committed schema docs/openapi.yaml.

    For a path under /api/v1/: the operation and its status code must be documented, and a
    JSON body must match the documented response schema. Other paths are not checked.
    """
    request = response.wsgi_request  # type: ignore[attr-defined]
    path, method = request.path, request.method
    if not path.startswith(API_PREFIX) or path == API_PREFIX:
        return
    found = find_operation(method, path)
    if found is None:
        if response.status_code == 404:  # an address no route knows
            return
        raise SchemaMismatch(
            f"{method} {path} is not in docs/openapi.yaml: run make openapi (and commit it)"
        )
    template, operation = found
    responses = operation.get("responses") or {}
    status = str(response.status_code)
    documented = (
        responses.get(status) or responses.get(f"{status[0]}XX") or responses.get("default")
    )
    if documented is None:
        raise SchemaMismatch(
            f"{method} {template} answered {status}, which the schema does not document "
            f"(documented: {sorted(responses)})"
        )
    documented = _resolve(documented)
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    body = response.content if hasattr(response, "content") else b""
    if not body:
        return
    media = (documented.get("content") or {}).get(content_type)
    if media is None:
        raise SchemaMismatch(
            f"{method} {template} {status}: content type {content_type!r} not documented "
            f"(documented: {sorted(documented.get('content') or {})})"
        )
    if content_type != "application/json" or "schema" not in media:
        return
    instance = json.loads(body)
    root = {
        "components": schema()["components"],
        "allOf": [_openapi30_to_jsonschema(copy.deepcopy(media["schema"]))],
    }
    validator = Draft202012Validator(root, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    if errors:
        details = "\n".join(
            f"  at {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in errors[:10]
        )
        raise SchemaMismatch(
            f"{method} {template} {status}: the body does not match the schema:\n{details}"
        )
