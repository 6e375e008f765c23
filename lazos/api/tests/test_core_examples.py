"""The committed schema documents an example for every request body and every success
response (a file's bytes excepted), and each example matches its own schema."""

from __future__ import annotations

import copy
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from lazos.api.schema import REQUEST, RESPONSE, ExampleBuilder, is_opaque_media_type
from lazos.api.tests.helpers import _openapi30_to_jsonschema, schema

METHODS = ("get", "post", "put", "patch", "delete")


def _bodies() -> list[tuple[str, str, dict[str, Any]]]:
    """(operation, media type, media object) of every request body and success response."""
    bodies = []
    for path, item in schema()["document"]["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            label = f"{method.upper()} {path}"
            for media_type, media in (
                (operation.get("requestBody") or {}).get("content") or {}
            ).items():
                bodies.append((f"{label} request", media_type, media))
            for code, response in operation["responses"].items():
                if code.startswith("2"):
                    for media_type, media in (response.get("content") or {}).items():
                        bodies.append((f"{label} {code}", media_type, media))
    return bodies


def test_every_request_body_and_success_response_has_an_example() -> None:
    bodies = _bodies()
    assert len(bodies) > 300
    missing = [
        f"{where} ({media_type})"
        for where, media_type, media in bodies
        if not is_opaque_media_type(media_type) and "example" not in media
    ]
    assert not missing, "no example: " + ", ".join(missing[:20])


def test_every_example_matches_its_schema() -> None:
    components = schema()["components"]
    checked, errors = 0, []
    for where, media_type, media in _bodies():
        if "example" not in media:
            continue
        root = {
            "components": components,
            "allOf": [_openapi30_to_jsonschema(copy.deepcopy(media["schema"]))],
        }
        validator = Draft202012Validator(root, format_checker=FormatChecker())
        for error in validator.iter_errors(media["example"]):
            path = "/".join(map(str, error.absolute_path)) or "(root)"
            errors.append(f"{where} ({media_type}) at {path}: {error.message}")
        checked += 1
    assert checked > 300
    assert not errors, "\n".join(errors[:30])


def test_examples_follow_the_field_and_respect_read_only_and_write_only() -> None:
    components = {
        "Kind": {"enum": ["bilateral", "multilateral", ""], "type": "string"},
        "Thing": {
            "type": "object",
            "required": ["title", "kind"],
            "properties": {
                "id": {"type": "integer", "readOnly": True},
                "title": {"type": "string", "maxLength": 10},
                "kind": {"$ref": "#/components/schemas/Kind"},
                "signed_on": {"type": "string", "format": "date"},
                "website": {"type": "string", "format": "uri"},
                "amount": {"type": "string", "format": "decimal", "pattern": r"^\d{0,3}$"},
                "year": {"type": "integer", "minimum": 1900},
                "secret": {"type": "string", "writeOnly": True},
                "parent": {"type": "integer", "nullable": True},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
        },
    }
    thing = {"$ref": "#/components/schemas/Thing"}
    response = ExampleBuilder(components, RESPONSE).build(thing)
    assert response == {
        "id": 1,
        "title": "Sister-cit",  # "Sister-city cooperation…" cut at maxLength 10
        "kind": "bilateral",
        "signed_on": "2026-03-01",
        "website": "https://lazos.example.org/",
        "amount": "12",
        "year": 2026,
        "parent": 1,
        "children": [],  # a tree stops at its first level
        "tags": ["mobility"],
    }
    request = ExampleBuilder(components, REQUEST).build(thing)
    assert "id" not in request
    assert request["secret"] == "Secret"
    assert "parent" not in request  # optional and nullable: left out
