"""The OpenAPI schema generator: drf-spectacular's, plus what every Lazos endpoint may answer.

drf-spectacular documents the success responses. Lazos also documents, on every operation,
the error answers clients must handle (401, 403, 429; 404 when the path names an object; 400
on writes and filtered lists; 409 on deletes; 415 on bodies; 412 on writes of a TenantViewSet object), the ``If-Match``
request header and the ``ETag`` response header. So schemathesis' status-code check and the
tests' response validation hold for errors too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db import connection, models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext_lazy as _
from drf_spectacular import generators, openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from lazos.api.base import TenantGenericViewSet

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class ErrorSerializer(serializers.Serializer):
    """An error: a human-readable explanation."""

    detail = serializers.CharField(help_text=_("What went wrong, in the request's language."))


ERROR_DESCRIPTIONS = {
    "400": _(
        "Invalid input: an object whose keys are the fields (or non_field_errors) and whose "
        "values are lists of messages."
    ),
    "401": _("No valid credentials: the token is missing, unknown, revoked or expired."),
    "403": _("Not allowed: no membership, a role without this right, or a read-only token."),
    "404": _("No such object in your government (or no such page of a list)."),
    "409": _("The object cannot be deleted while other records depend on it."),
    "412": _("The object changed since you read it: If-Match no longer matches its ETag."),
    "415": _("The request body is not in one of the documented media types."),
    "429": _("Too many requests: wait for the number of seconds in the Retry-After header."),
}


def _validation_error_schema() -> dict[str, Any]:
    schema = build_basic_type(OpenApiTypes.OBJECT)
    assert schema is not None
    schema["additionalProperties"] = {}
    return schema


class AutoSchema(openapi.AutoSchema):
    def _is_tenant_object_operation(self) -> bool:

        return isinstance(self.view, TenantGenericViewSet) and "{" in self.path

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses: dict[str, Any] = operation.setdefault("responses", {})
        parameters = operation.get("parameters") or []
        has_query = any(p.get("in") == "query" for p in parameters)
        codes = ["401", "403", "429"]
        if self.method in WRITE_METHODS or has_query:
            codes.append("400")
        has_page = any(p.get("in") == "query" and p.get("name") == "page" for p in parameters)
        if "{" in self.path or has_page:  # a page past the last one is a 404 too
            codes.append("404")
        if self._is_tenant_object_operation() and self.method in ("PUT", "PATCH", "DELETE"):
            codes.append("412")
            operation["parameters"] = [*parameters, self._if_match_parameter()]
        if self.method == "DELETE":
            codes.append("409")
        if operation.get("requestBody"):
            codes.append("415")
        for code in sorted(codes):
            if code in responses:
                continue
            if code == "400":
                response = self._get_response_for_code(_validation_error_schema(), code)
            else:
                response = self._get_response_for_code(ErrorSerializer, code)
            response["description"] = str(ERROR_DESCRIPTIONS[code])
            if code == "429":
                response["headers"] = {
                    "Retry-After": {
                        "schema": {"type": "integer"},
                        "description": str(_("Seconds to wait before trying again.")),
                    }
                }
            responses[code] = response
        if self._is_tenant_object_operation() and self.method == "GET" and "200" in responses:
            responses["200"].setdefault("headers", {})["ETag"] = {
                "schema": {"type": "string"},
                "description": str(
                    _("The object's version; send it back in If-Match when you change it.")
                ),
            }
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _if_match_parameter(self) -> dict[str, Any]:
        string = build_basic_type(OpenApiTypes.STR)
        assert string is not None
        return build_parameter_type(
            name="If-Match",
            schema=string,
            location=OpenApiParameter.HEADER,
            required=False,
            description=str(
                _(
                    "The ETag of the object as you read it: the write is refused with 412 when "
                    "the object changed meanwhile."
                )
            ),
        )


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """Documents personal API tokens: ``Authorization: Token <key>`` (or ``Bearer <key>``)."""

    target_class = "lazos.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": str(
                _(
                    "A personal API token, created in Lazos under API tokens: "
                    "“Token lzs_…” (or “Bearer lzs_…”)."
                )
            ),
        }


# --- the same schema whatever the database ----------------------------------------------------


def _forget_cached_integer_validators() -> None:
    """Integer model fields cache their validators, whose limits come from the database."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.IntegerField):
                field.__dict__.pop("validators", None)


@contextmanager
def portable_integer_ranges() -> Iterator[None]:
    """Integer limits as Django's reference table (PostgreSQL's) has them, for this thread's
    database connection: SQLite would otherwise give 64-bit limits to every integer field."""
    ops = connection.ops
    ops.integer_field_range = BaseDatabaseOperations.integer_field_ranges.__getitem__  # type: ignore[method-assign,assignment]
    _forget_cached_integer_validators()
    try:
        yield
    finally:
        del ops.integer_field_range
        _forget_cached_integer_validators()


class SchemaGenerator(generators.SchemaGenerator):
    """The schema is the same generated on SQLite or on PostgreSQL (the committed schema is
    compared with the generated one on both): integer limits are PostgreSQL's, the production
    database, which are also the narrower."""

    def get_schema(self, request: Any = None, public: bool = False) -> dict[str, Any]:
        with portable_integer_ranges():
            schema: dict[str, Any] = super().get_schema(request, public)
        return schema


# --- examples: one per request body and success response, built from the schema --------------

# Realistic words for text fields, by field name (the words of Lazos' own register).
EXAMPLE_WORDS = {
    "title": "Sister-city cooperation on urban mobility",
    "name": "Porto Alegre City Council",
    "summary": "Exchange of urban mobility practices between the two cities' transport offices.",
    "public_summary": "Two cities share what they learned about safer streets for cyclists.",
    "description": "Technical visits, a joint working group and a shared cycling-data portal.",
    "text": "Which indicators do other cities use for the safety of school routes?",
    "body": "We measured school-route safety with counts of accompanied children.",
    "government_name": "City of Porto Alegre",
    "partner_name": "Barcelona City Council",
    "network_name": "United Cities and Local Governments",
    "department_name": "International Relations",
    "lead_department_name": "International Relations",
    "username": "ana.souza",
    "first_name": "Ana",
    "last_name": "Souza",
    "currency": "EUR",
    "country": "FR",
    "destination_country": "FR",
    "language": "en",
    "timezone": "Europe/Paris",
    "phone": "+33 1 23 45 67 89",
    "acronym": "UCLG",
    "slug": "porto-alegre",
    "code": "OBJ-1",
    "external_id": "EXT-2026-001",
    "iati_identifier": "XM-DAC-41114-2026-1",
    "sdg_targets": "11.6",
    "tags": "mobility",
    "themes": "Urban mobility",
    "unit": "people",
    "mime_type": "application/pdf",
    "content_type": "application/pdf",
    "version": "1",
}
PERSON_NAME = "Ana Souza"
PERSON_FIELDS = {"author_name", "contact_name", "person_name", "display_name", "evaluator"}
EXAMPLE_FORMATS = {
    "date": "2026-03-01",
    "date-time": "2026-03-01T09:30:00Z",
    "time": "09:30:00",
    "uri": "https://lazos.example.org/",
    "email": "ana.souza@example.org",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "decimal": "12.50",
    "binary": "(file contents)",
}
# Strings tried, in order, when a field's pattern refuses the words chosen for it.
PATTERN_CANDIDATES = ("12.50", "12", "porto-alegre", "porto-alegre-1", "example")
# Media types whose body is a file's bytes: no example (a file is not written in a schema).
OPAQUE_MEDIA_PREFIXES = ("application/octet-stream", "application/pdf", "image/")
OPAQUE_MEDIA_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.text",
}
REQUEST, RESPONSE = "request", "response"
_NO_EXAMPLE = object()


def is_opaque_media_type(media_type: str) -> bool:
    """Whether a body of this media type is a file's bytes (no example is documented)."""
    return media_type in OPAQUE_MEDIA_TYPES or media_type.startswith(OPAQUE_MEDIA_PREFIXES)


class ExampleBuilder:
    """Builds an example value that matches an OpenAPI 3.0 schema object: the first value of an
    enum, a value of the format, realistic words for a text field by its name, 1 for ids and
    numbers (within their limits), one item per array, every property of an object except the
    read-only ones in a request and the write-only ones in a response."""

    def __init__(self, components: dict[str, Any], direction: str) -> None:
        self.components = components
        self.direction = direction
        self.stack: list[str] = []

    def build(self, node: dict[str, Any], name: str = "") -> Any:
        if "$ref" in node:
            reference = node["$ref"]
            if reference in self.stack:  # a tree of objects: the example stops at one level
                return _NO_EXAMPLE
            self.stack.append(reference)
            try:
                return self.build(self.components[reference.rsplit("/", 1)[-1]], name)
            finally:
                self.stack.pop()
        if "example" in node:
            return node["example"]
        if "enum" in node:
            values = [value for value in node["enum"] if value not in (None, "")]
            return values[0] if values else node["enum"][0]
        if "allOf" in node:
            return self._all_of(node["allOf"], name)
        for key in ("oneOf", "anyOf"):
            if key in node:
                for option in node[key]:
                    value = self.build(option, name)
                    if value is not _NO_EXAMPLE and value is not None:
                        return value
                return None if node.get("nullable") else _NO_EXAMPLE
        kind = node.get("type")
        if kind == "object" or "properties" in node:
            return self._object(node)
        if kind == "array":
            return self._array(node, name)
        if kind == "integer":
            return self._number(node, 2026 if name.endswith("year") else 1)
        if kind == "number":
            return self._number(node, 12.5)
        if kind == "boolean":
            return True
        if kind == "string":
            return self._string(node, name)
        return {}

    def _all_of(self, parts: list[dict[str, Any]], name: str) -> Any:
        values = [self.build(part, name) for part in parts]
        values = [value for value in values if value is not _NO_EXAMPLE]
        if values and all(isinstance(value, dict) for value in values):
            merged: dict[str, Any] = {}
            for value in values:
                merged.update(value)
            return merged
        return values[0] if values else _NO_EXAMPLE

    def _skipped(self, node: dict[str, Any]) -> bool:
        if "$ref" in node and len(node) == 1:
            return False
        flag = "readOnly" if self.direction == REQUEST else "writeOnly"
        return bool(node.get(flag))

    def _object(self, node: dict[str, Any]) -> Any:
        properties = node.get("properties") or {}
        required = set(node.get("required") or ())
        example: dict[str, Any] = {}
        for name, child in properties.items():
            if self._skipped(child):
                continue
            if self.direction == REQUEST and name not in required and child.get("nullable"):
                continue  # an optional empty field: left out of the request, as clients do
            value = self.build(child, name)
            if value is _NO_EXAMPLE:
                if name in required:
                    return _NO_EXAMPLE
                continue
            example[name] = value
        extra = node.get("additionalProperties")
        if not properties and isinstance(extra, dict) and extra:
            value = self.build(extra, "key")
            if value is not _NO_EXAMPLE:
                example["key"] = value
        return example

    def _array(self, node: dict[str, Any], name: str) -> Any:
        item = self.build(node.get("items") or {}, name)
        if item is _NO_EXAMPLE:
            return []
        count = max(1, int(node.get("minItems", 1)))
        if isinstance(item, int) and not isinstance(item, bool):
            return [item + offset for offset in range(count)]
        return [item] * count

    def _number(self, node: dict[str, Any], preferred: float) -> Any:
        value: float = preferred
        if "minimum" in node and value < node["minimum"]:
            value = node["minimum"]
        if "maximum" in node and value > node["maximum"]:
            value = node["maximum"]
        return int(value) if node.get("type") == "integer" else value

    def _string(self, node: dict[str, Any], name: str) -> str:
        value = self._words(node, name)
        pattern = node.get("pattern")
        if pattern and not re.search(pattern, value):
            value = next(
                (candidate for candidate in PATTERN_CANDIDATES if re.search(pattern, candidate)),
                value,
            )
        maximum = node.get("maxLength")
        if maximum is not None:
            value = value[:maximum]
        minimum = node.get("minLength", 0)
        if len(value) < minimum:
            value = value + "x" * (minimum - len(value))
        return value

    def _words(self, node: dict[str, Any], name: str) -> str:
        if node.get("format") in EXAMPLE_FORMATS:
            return EXAMPLE_FORMATS[node["format"]]
        if name in EXAMPLE_WORDS:
            return EXAMPLE_WORDS[name]
        if name in PERSON_FIELDS or name.endswith("_by_name") or name.endswith("_by"):
            return PERSON_NAME
        if name.endswith("_url"):
            return "https://lazos.example.org/"
        if name.endswith("_title"):
            return EXAMPLE_WORDS["title"]
        if name.endswith("_name"):
            return EXAMPLE_WORDS["name"]
        return name.replace("_", " ").strip().capitalize() or "Example"


def _set_examples(content: dict[str, Any], builder: ExampleBuilder) -> None:
    for media_type, media in content.items():
        if "example" in media or "examples" in media or "schema" not in media:
            continue
        if is_opaque_media_type(media_type):
            continue
        value = builder.build(media["schema"])
        if value is not _NO_EXAMPLE:
            media["example"] = value


def add_examples(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular post-processing hook: an example for every request body and success
    response that has none, built from its schema, so the examples follow the API as it grows
    (lazos/api/tests/test_core_examples.py checks each against its own schema)."""
    components = (result.get("components") or {}).get("schemas") or {}
    requests = ExampleBuilder(components, REQUEST)
    responses = ExampleBuilder(components, RESPONSE)
    for item in (result.get("paths") or {}).values():
        for method, operation in item.items():
            if method.upper() not in {"GET", "POST", "PUT", "PATCH", "DELETE"}:
                continue
            body = operation.get("requestBody")
            if body:
                _set_examples(body.get("content") or {}, requests)
            for code, response in (operation.get("responses") or {}).items():
                if code.startswith("2"):
                    _set_examples(response.get("content") or {}, responses)
    return result
