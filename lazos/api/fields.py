"""Serializer fields shared by the apps' serializers (``lazos/<app>/api/serializers.py``):
named choice sets, web and email addresses that may be empty, tags by name, related names.

Each field that the schema would otherwise document badly has its drf-spectacular extension
here, registered when this module is imported.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_description_list
from inflection import camelize
from rest_framework import serializers


class NamedChoiceField(serializers.ChoiceField):
    """A choice field whose choices are one named schema component (``enum_name``), the same
    wherever the choice set is used (e.g. ``AgreementStatusEnum`` for an agreement's status,
    its allowed transitions and the transition's target)."""

    def __init__(self, *args: Any, enum_name: str, **kwargs: Any) -> None:
        self.enum_name = enum_name
        super().__init__(*args, **kwargs)

    def to_representation(self, value: Any) -> Any:
        # Choice-like values (a django-countries Country, even an empty one) as their code.
        if value is not None and not isinstance(value, str | int | float | bool):
            value = str(value)
        return super().to_representation(value)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        field: NamedChoiceField = self.target
        choices = [(k, v) for k, v in field.choices.items() if k not in ("", None)]
        component = ResolvedComponent(
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=field.enum_name,
            schema={
                "enum": [k for k, _label in choices],
                "type": "string",
                "description": build_choice_description_list(choices),
            },
        )
        auto_schema.registry.register_on_missing(component)
        alternatives = [component.ref]
        for allowed, name, value in (
            (field.allow_blank, "BlankEnum", ""),
            (field.allow_null, "NullEnum", None),
        ):
            if allowed:
                extra = ResolvedComponent(
                    name=name, type=ResolvedComponent.SCHEMA, object=name, schema={"enum": [value]}
                )
                auto_schema.registry.register_on_missing(extra)
                alternatives.append(extra.ref)
        return alternatives[0] if len(alternatives) == 1 else {"oneOf": alternatives}


class WebAddressField(serializers.URLField):
    """A web address that may be left empty."""


class EmailAddressField(serializers.EmailField):
    """An email address that may be left empty."""


class _BlankableFormatExtension(OpenApiSerializerFieldExtension):
    """A formatted string or an empty one: ``anyOf`` (drf-spectacular's ``oneOf`` fails on
    "", which a validator that does not check the format finds valid under both)."""

    string_format = ""

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        field = self.target
        formatted: dict[str, Any] = {"type": "string", "format": self.string_format}
        if field.max_length is not None:
            formatted["maxLength"] = field.max_length
        if not field.allow_blank:
            return formatted
        return {"anyOf": [formatted, {"type": "string", "maxLength": 0}]}


class WebAddressFieldExtension(_BlankableFormatExtension):
    target_class = WebAddressField
    string_format = "uri"


class EmailAddressFieldExtension(_BlankableFormatExtension):
    target_class = EmailAddressField
    string_format = "email"


class NamedEnumsMixin:
    """Model choice fields become :class:`NamedChoiceField` named after the model and field
    (``ActionStatusEnum``, ``PartnerKindEnum``…), so choice sets never collide in the schema;
    web and email addresses that may be empty are documented as such."""

    def build_standard_field(self, field_name: str, model_field: Any) -> tuple[Any, dict[str, Any]]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)  # type: ignore[misc]
        if field_class is serializers.ChoiceField or (
            isinstance(field_class, type)
            and issubclass(field_class, serializers.ChoiceField)
            and not issubclass(field_class, serializers.MultipleChoiceField)
        ):
            model_name = model_field.model.__name__
            kwargs["enum_name"] = f"{model_name}{camelize(field_name)}Enum"
            field_class = NamedChoiceField
        elif field_class is serializers.URLField:
            field_class = WebAddressField
        elif field_class is serializers.EmailField:
            field_class = EmailAddressField
        return field_class, kwargs


class TagNamesField(serializers.ListField):
    """The object's tags as a list of names; on write, missing tags are created."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("child", serializers.CharField(max_length=60))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Tag names; tags that do not exist yet are created."))
        super().__init__(**kwargs)

    def to_representation(self, data: Any) -> list[Any]:
        items = data.all() if hasattr(data, "all") else data
        return [getattr(item, "name", item) for item in items]


class RelatedNamesField(serializers.ListField):
    """Read-only: a readable attribute (``name``, ``title``…) of each related object, from the
    viewset's prefetched rows (no extra query)."""

    def __init__(self, *, attribute: str = "name", **kwargs: Any) -> None:
        self.attribute = attribute
        kwargs.setdefault("child", serializers.CharField())
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, data: Any) -> list[Any]:
        items = data.all() if hasattr(data, "all") else data
        return [str(getattr(item, self.attribute)) for item in items]
