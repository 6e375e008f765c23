"""Strategies, their versions, objectives and their links, and the alignment figures."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from rest_framework import serializers

from lazos.actions.models import Action
from lazos.agreements.models import Agreement
from lazos.api.fields import NamedChoiceField
from lazos.api.register import RegisterSerializer
from lazos.partners.models import Partner
from lazos.strategy.forms import STRATEGY_CONTENT_FIELDS
from lazos.strategy.models import Objective, Strategy


class CountryCodesField(serializers.ListField):
    """A list of ISO 3166-1 alpha-2 country codes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "child",
            NamedChoiceField(choices=list(countries), enum_name="PartnerCountryEnum"),
        )
        super().__init__(**kwargs)

    def to_representation(self, data: Any) -> list[Any]:
        return [getattr(country, "code", country) for country in data or ()]


class StrategySerializer(RegisterSerializer):
    """A strategy. Its ``status`` changes only through ``POST …/approve/``; a new version is
    started with ``POST …/new-version/``. A superseded version is read-only."""

    priority_countries = CountryCodesField(
        required=False, help_text=_("Priority countries, as ISO 3166-1 alpha-2 codes.")
    )
    objective_count = serializers.IntegerField(
        read_only=True, help_text=_("How many objectives (general and specific) it has.")
    )
    next_version = serializers.IntegerField(
        source="next_version_id",
        read_only=True,
        allow_null=True,
        help_text=_("The newer version drafted or approved from this one, if any."),
    )

    class Meta:
        model = Strategy
        fields = [
            "id",
            *STRATEGY_CONTENT_FIELDS,
            "status",
            "approved_on",
            "approved_by",
            "version",
            "previous_version",
            "next_version",
            "is_public",
            "objective_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "approved_on",
            "approved_by",
            "version",
            "previous_version",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "currency": {
                "allow_blank": True,
                "help_text": _("ISO 4217 code; the government's currency when omitted."),
            }
        }


class ApproveStrategySerializer(serializers.Serializer):
    """The approval of a draft strategy."""

    approved_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("The date of the approval (today when omitted)."),
    )
    approved_by = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text=_("e.g. City council, session 12."),
    )


class ObjectiveSerializer(RegisterSerializer):
    """An objective of a strategy: general (no ``parent``) or specific (under a general one).
    ``actions``, ``agreements`` and ``partners`` are the work that serves it; sending one of
    them replaces that list."""

    fixed_fields = ("strategy",)
    strategy_title = serializers.CharField(source="strategy.title", read_only=True)
    actions = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Action.objects.none(),
        help_text=_("The actions that serve this objective."),
    )
    agreements = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Agreement.objects.none(),
        help_text=_("The agreements that serve this objective."),
    )
    partners = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Partner.objects.none(),
        help_text=_("The partners that serve this objective."),
    )

    class Meta:
        model = Objective
        fields = [
            "id",
            "strategy",
            "strategy_title",
            "parent",
            "code",
            "title",
            "description",
            "plan_objectives",
            "themes",
            "sdg_targets",
            "actions",
            "agreements",
            "partners",
            "position",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


# --- alignment figures (read-only) -----------------------------------------------------------


class ObjectiveTotalsSerializer(serializers.Serializer):
    """An objective with the work that serves it (a general objective counts its specific
    objectives' work too, each action, agreement or partner once)."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    action_count = serializers.IntegerField()
    agreement_count = serializers.IntegerField()
    partner_count = serializers.IntegerField()
    budget = serializers.DecimalField(
        max_digits=20,
        decimal_places=2,
        allow_null=True,
        help_text=_("Budget of the linked actions, in the government's currency."),
    )
    other_currencies = serializers.BooleanField(
        help_text=_("Some budget lines are in another currency and are left out of the budget.")
    )


class StrategyBudgetSerializer(serializers.Serializer):
    total = serializers.DecimalField(max_digits=20, decimal_places=2)
    currency = serializers.CharField()
    other_currencies = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Other currencies of budget lines, left out of the total."),
    )


class PriorityRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("The country code or the theme code."))
    label = serializers.CharField()
    actions = serializers.IntegerField()
    agreements = serializers.IntegerField()
    partners = serializers.IntegerField()
    has_activity = serializers.BooleanField()


class AlignmentSerializer(serializers.Serializer):
    """What serves the strategy, as its alignment page shows it."""

    strategy = serializers.IntegerField()
    objectives = ObjectiveTotalsSerializer(many=True)
    budget = StrategyBudgetSerializer()
    countries = PriorityRowSerializer(many=True)
    themes = PriorityRowSerializer(many=True)
    unlinked_actions = serializers.ListField(
        child=serializers.IntegerField(),
        help_text=_("The actions of the government that serve no objective of the strategy."),
    )
