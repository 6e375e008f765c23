"""The OpenAPI schema generator: drf-spectacular's, plus what every Lazos endpoint may answer.

drf-spectacular documents the success responses. Lazos also documents, on every operation,
the error answers clients must handle (401, 403, 429; 404 when the path names an object; 400
on writes and filtered lists; 409 on deletes; 415 on bodies; 412 on writes of a TenantViewSet object), the ``If-Match``
request header and the ``ETag`` response header. So schemathesis' status-code check and the
tests' response validation hold for errors too.
"""

from __future__ import annotations

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
