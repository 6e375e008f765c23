"""What the public API answers: each open-data table's row with exactly the columns of its CSV
file (built from the same :class:`~lazos.opendata.datapackage.Table` specs, so the API, the
files and their documentation cannot drift apart), the published good practices with the
fields of their public page, and the governments that publish."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lazos.api.fields import NamedChoiceField, NamedEnumsMixin
from lazos.core.links import absolute_url
from lazos.governments.models import Government
from lazos.opendata.datapackage import TABLES_BY_NAME, Column, Table, cell, licence_of
from lazos.practices.choices import TransferKind
from lazos.practices.models import GoodPractice, PracticeIndicator
from lazos.practices.services import PRACTICE_CONTENT_FIELDS


@extend_schema_field({"type": "string", "format": "decimal", "pattern": r"^-?\d+(\.\d+)?$"})
class NumberField(serializers.Field):
    """A number written as in the CSV file: a decimal string ("1200.50"; a whole number
    without decimals, "100"), so no precision is lost in a JSON float."""

    def to_representation(self, value: Any) -> str:
        return cell(value)


class FileDateTimeField(serializers.DateTimeField):
    """A moment written as in the CSV file (the instance's time zone, whole seconds)."""

    def to_representation(self, value: Any) -> str:
        return cell(value)


def column_field(column: Column) -> serializers.Field:
    """The serializer field of one column, typed and documented as the column."""
    options: dict[str, Any] = {
        "read_only": True,
        "label": column.title,
        "help_text": column.description,
    }
    nullable = not column.constraints.get("required")
    if column.many:
        child = serializers.IntegerField() if column.type == "integer" else serializers.CharField()
        return serializers.ListField(child=child, **options)
    if column.choices is not None:
        return serializers.ChoiceField(
            choices=column.choices.choices, allow_blank=nullable, **options
        )
    if column.type == "integer":
        return serializers.IntegerField(allow_null=nullable, **options)
    if column.type == "number":
        return NumberField(allow_null=nullable, **options)
    if column.type == "boolean":
        return serializers.BooleanField(**options)
    if column.type == "date":
        return serializers.DateField(allow_null=nullable, **options)
    if column.type == "datetime":
        return FileDateTimeField(allow_null=nullable, **options)
    return serializers.CharField(allow_blank=True, **options)


def row_values(table: Table, row: Any) -> dict[str, Any]:
    """One row's values by column name, as the API gives them: those of the CSV file, with
    lists as lists, text unescaped, and an empty text as "" (never null)."""
    values = {}
    for column in table.columns:
        value = column.value(row)
        if value is None and column.type == "string" and not column.many:
            value = ""
        values[column.name] = value
    return values


def government_field() -> serializers.Field:
    return serializers.CharField(
        read_only=True,
        help_text=_(
            "The slug of the government whose row it is (see /api/v1/public/governments/)."
        ),
    )


def table_serializer(table: Table, name: str) -> type[serializers.Serializer]:
    """A serializer of ``row_values`` dictionaries with one field per column of ``table``,
    and the government's slug."""
    fields: dict[str, Any] = {column.name: column_field(column) for column in table.columns}
    fields["government"] = government_field()
    return type(name, (serializers.Serializer,), fields)


PublicPartnerSerializer = table_serializer(TABLES_BY_NAME["partners"], "PublicPartnerSerializer")
PublicAgreementSerializer = table_serializer(
    TABLES_BY_NAME["agreements"], "PublicAgreementSerializer"
)
PublicActionSerializer = table_serializer(TABLES_BY_NAME["actions"], "PublicActionSerializer")
PublicBudgetLineSerializer = table_serializer(
    TABLES_BY_NAME["budget_lines"], "PublicBudgetLineSerializer"
)
PublicIndicatorSerializer = table_serializer(
    TABLES_BY_NAME["indicators"], "PublicIndicatorSerializer"
)
PublicResultSerializer = table_serializer(TABLES_BY_NAME["results"], "PublicResultSerializer")
PublicMissionSerializer = table_serializer(TABLES_BY_NAME["missions"], "PublicMissionSerializer")


# --- Good practices ---------------------------------------------------------------------------


class PublicPracticeIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = PracticeIndicator
        fields = ["name", "unit", "baseline", "achieved", "period"]


class PublicTransferSerializer(serializers.Serializer):
    """A mark of another government on the practice, as its public page lists it."""

    government = serializers.CharField(
        source="government.name", read_only=True, help_text=_("The government that marked it.")
    )
    country = serializers.CharField(
        source="government.country.code",
        read_only=True,
        help_text=_("ISO 3166-1 alpha-2 code of that government's country."),
    )
    kind = NamedChoiceField(
        choices=TransferKind.choices, enum_name="PracticeTransferKindEnum", read_only=True
    )
    marked_on = serializers.DateTimeField(source="created_at", read_only=True)


class PublicPracticeSerializer(NamedEnumsMixin, serializers.ModelSerializer):
    """A published good practice with the fields of its public page: never the department,
    drafts, or the notes of the transfer log and who recorded them."""

    themes = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text=_("Theme codes.")
    )
    sdg_targets = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text=_("Codes of the SDG targets, e.g. 11.6.")
    )
    action_ids = serializers.SerializerMethodField(
        help_text=_("The linked actions that are public (see the actions of this government).")
    )
    indicators = PublicPracticeIndicatorSerializer(many=True, read_only=True)
    transfers = PublicTransferSerializer(
        source="public_transfers",
        many=True,
        read_only=True,
        help_text=_("Other governments that marked it, newest first."),
    )
    cost = NumberField(allow_null=True, read_only=True, label=_("approximate cost"))
    government = serializers.CharField(
        source="government.slug",
        read_only=True,
        help_text=_("The slug of the government that wrote it."),
    )
    portal_url = serializers.SerializerMethodField(help_text=_("Its page on the public portal."))

    class Meta:
        model = GoodPractice
        fields = [
            "id",
            *PRACTICE_CONTENT_FIELDS,
            "published_at",
            "language",
            "themes",
            "sdg_targets",
            "action_ids",
            "indicators",
            "transfers",
            "portal_url",
            "government",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_action_ids(self, practice: GoodPractice) -> list[int]:
        """Prefetched by the view (``public_actions``: the linked public actions)."""
        return [
            action.pk
            for action in getattr(practice, "public_actions", [])
            if action.government_id == practice.government_id
        ]

    def get_portal_url(self, practice: GoodPractice) -> str:
        return absolute_url(practice.get_public_url())


# --- Governments ------------------------------------------------------------------------------


class PublicGovernmentSerializer(NamedEnumsMixin, serializers.ModelSerializer):
    """A government that publishes its portal and open data on this instance."""

    country = serializers.CharField(source="country.code", read_only=True)
    licence = serializers.SerializerMethodField(
        help_text=_("SPDX identifier of the licence of its open data.")
    )
    portal_url = serializers.SerializerMethodField()
    open_data_url = serializers.SerializerMethodField(
        help_text=_("Its open-data page: the data package, CSV files, IATI, iCalendar, Atom.")
    )
    datapackage_url = serializers.SerializerMethodField(
        help_text=_("The Frictionless descriptor of its open data.")
    )

    class Meta:
        model = Government
        fields = [
            "slug",
            "name",
            "kind",
            "country",
            "official_languages",
            "licence",
            "portal_url",
            "open_data_url",
            "datapackage_url",
        ]

    def get_licence(self, government: Government) -> str:
        return licence_of(government)["name"]

    def get_portal_url(self, government: Government) -> str:
        return absolute_url(
            reverse("portal:government", kwargs={"government_slug": government.slug})
        )

    def get_open_data_url(self, government: Government) -> str:
        return absolute_url(reverse("opendata:index", kwargs={"government_slug": government.slug}))

    def get_datapackage_url(self, government: Government) -> str:
        return absolute_url(
            reverse("opendata:datapackage-json", kwargs={"government_slug": government.slug})
        )
