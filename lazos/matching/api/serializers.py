"""Peer suggestions as the peer pages show them: candidates with their score, the reasons
behind it (points and lines of evidence) and only the public work of other governments."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lazos.api.fields import NamedChoiceField
from lazos.matching.engine import CITY, FACTORS, GOVERNMENT, Evidence

KIND_CHOICES = [(GOVERNMENT, _("Government on this instance")), (CITY, _("City (GeoNames)"))]
FACTOR_CHOICES = [(factor.key, factor.label) for factor in FACTORS]
MODE_CHOICES = [
    ("government", _("Your government's whole register")),
    ("action", _("One of your actions")),
    ("challenge", _("A challenge")),
]


class EvidenceItemSerializer(serializers.Serializer):
    text = serializers.CharField()
    url = serializers.CharField(help_text=_("A page that shows it; empty when none."))
    language = serializers.CharField(help_text=_("The language of a content text; else empty."))


class EvidenceSerializer(EvidenceItemSerializer):
    items = EvidenceItemSerializer(
        many=True, help_text=_("What the line lists: titles of public actions and practices.")
    )

    def to_representation(self, instance: Evidence) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        data["items"] = [
            EvidenceItemSerializer(item).data for item in instance.items
        ]  # one level, like the page
        return data


class FactorSerializer(serializers.Serializer):
    key = NamedChoiceField(choices=FACTOR_CHOICES, enum_name="PeerFactorEnum")
    label = serializers.CharField()
    points = serializers.IntegerField(help_text=_("Points per item, when it counts items."))
    maximum = serializers.IntegerField()
    rule = serializers.CharField(help_text=_("How its points are counted."))


class ReasonSerializer(serializers.Serializer):
    key = NamedChoiceField(choices=FACTOR_CHOICES, enum_name="PeerFactorEnum")
    label = serializers.CharField()
    points = serializers.IntegerField()
    maximum = serializers.IntegerField()
    evidence = EvidenceSerializer(source="details", many=True)


class SuggestionSerializer(serializers.Serializer):
    kind = NamedChoiceField(choices=KIND_CHOICES, enum_name="PeerKindEnum")
    id = serializers.IntegerField(
        source="pk", help_text=_("The government's id, or the city's GeoNames id.")
    )
    name = serializers.CharField()
    country = serializers.CharField(help_text=_("ISO 3166 code; empty when unknown."))
    region = serializers.CharField()
    population = serializers.IntegerField(allow_null=True)
    score = serializers.IntegerField()
    reasons = ReasonSerializer(many=True)
    themes = serializers.SerializerMethodField(
        help_text=_("The themes of its public work that count.")
    )
    practices = EvidenceItemSerializer(
        many=True, help_text=_("Its published good practices on the themes that count.")
    )
    known_through = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("A city: the governments naming it in their public actions."),
    )
    partner_name = serializers.CharField(
        help_text=_("Your register's name of it, when it is already a partner; else empty.")
    )
    portal_url = serializers.CharField(help_text=_("Its public site; empty when none."))

    def get_themes(self, suggestion: Any) -> list[str]:
        return sorted(suggestion.themes)


class SuggestionsSerializer(serializers.Serializer):
    mode = NamedChoiceField(choices=MODE_CHOICES, enum_name="PeerModeEnum")
    subject = serializers.CharField(
        help_text=_("What is matched: your government, action or text.")
    )
    maximum = serializers.IntegerField(help_text=_("The highest possible score."))
    total = serializers.IntegerField(
        help_text=_("How many relevant candidates pass the filters (the best are listed).")
    )
    results = SuggestionSerializer(source="ranking", many=True)
    partners = SuggestionSerializer(
        many=True, help_text=_("Candidates already in your register as partners.")
    )
    factors = FactorSerializer(many=True, help_text=_("How the score is counted."))
