"""Reference data: countries, GeoNames cities, SDGs and their targets, themes."""

from __future__ import annotations

from rest_framework import serializers

from lazos.reference.models import City, SdgGoal, SdgTarget, Theme


class CountrySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2 code, e.g. “MX”.")
    name = serializers.CharField(help_text="The country's name in the request's language.")


class CitySerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="geonameid", read_only=True, help_text="GeoNames id.")
    label = serializers.CharField(source="display_name", read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = City
        fields = [
            "id",
            "name",
            "label",
            "country",
            "subdivision_code",
            "population",
            "latitude",
            "longitude",
            "timezone",
        ]
        read_only_fields = fields


class SdgTargetSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language.")

    class Meta:
        model = SdgTarget
        fields = ["code", "position", "name"]
        read_only_fields = fields


class SdgGoalSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language.")
    targets = SdgTargetSerializer(many=True, read_only=True)

    class Meta:
        model = SdgGoal
        fields = ["code", "number", "name", "targets"]
        read_only_fields = fields


class ThemeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language.")
    sdg_goals = serializers.ListField(
        child=serializers.IntegerField(), read_only=True, help_text="Numbers of related SDGs."
    )

    class Meta:
        model = Theme
        fields = ["code", "name", "sdg_goals"]
        read_only_fields = fields
