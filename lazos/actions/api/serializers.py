"""Actions, their budget lines, local actors, missions and travellers; commitments."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lazos.actions.models import (
    Action,
    ActionLocalActor,
    BudgetLine,
    Commitment,
    Mission,
    Traveller,
)
from lazos.api.fields import RelatedNamesField, TagNamesField
from lazos.api.register import RegisterSerializer
from lazos.core.listing import ListedRelationsMixin


class ActionSerializer(ListedRelationsMixin, RegisterSerializer):
    partner_names = RelatedNamesField(source="partners", help_text=_("The partners' names."))
    agreement_title = serializers.CharField(
        source="agreement.title", read_only=True, allow_null=True
    )
    lead_department_name = serializers.CharField(
        source="lead_department.name", read_only=True, allow_null=True
    )
    tags = TagNamesField()

    class Meta:
        model = Action
        fields = [
            "id",
            "title",
            "modality",
            "status",
            "description",
            "start_date",
            "end_date",
            "partners",
            "partner_names",
            "agreement",
            "agreement_title",
            "lead_department",
            "lead_department_name",
            "departments",
            "themes",
            "sdg_targets",
            "tags",
            "is_public",
            "public_summary",
            "outcomes",
            "lessons_learned",
            "location",
            "external_id",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class BudgetLineSerializer(RegisterSerializer):
    fixed_fields = ("action",)
    action_title = serializers.CharField(source="action.title", read_only=True)

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "action",
            "action_title",
            "source",
            "funder",
            "description",
            "amount",
            "currency",
            "in_kind",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "currency": {
                "allow_blank": True,
                "help_text": _("ISO 4217 code; the government's currency when omitted."),
            }
        }


class ParticipationSerializer(RegisterSerializer):
    """A local actor's participation in an action."""

    action_title = serializers.CharField(source="action.title", read_only=True)
    actor_name = serializers.CharField(source="actor.name", read_only=True)

    class Meta:
        model = ActionLocalActor
        fields = [
            "id",
            "action",
            "action_title",
            "actor",
            "actor_name",
            "role",
            "notes",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class MissionSerializer(RegisterSerializer):
    """Travel details of a mission abroad or a delegation received (one per action)."""

    fixed_fields = ("action",)
    action_title = serializers.CharField(source="action.title", read_only=True)
    destination_name = serializers.CharField(
        source="destination.display_name", read_only=True, allow_null=True
    )

    class Meta:
        model = Mission
        fields = [
            "id",
            "action",
            "action_title",
            "destination",
            "destination_name",
            "destination_text",
            "purpose",
            "cost",
            "currency",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "currency": {
                "allow_blank": True,
                "help_text": _("ISO 4217 code; the government's currency when omitted."),
            }
        }


class TravellerSerializer(RegisterSerializer):
    department_name = serializers.CharField(
        source="department.name", read_only=True, allow_null=True
    )

    class Meta:
        model = Traveller
        fields = [
            "id",
            "mission",
            "name",
            "position",
            "department",
            "department_name",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class CommitmentSerializer(RegisterSerializer):
    action_title = serializers.CharField(source="action.title", read_only=True, allow_null=True)
    agreement_title = serializers.CharField(
        source="agreement.title", read_only=True, allow_null=True
    )
    partner_name = serializers.CharField(source="partner.name", read_only=True, allow_null=True)
    department_name = serializers.CharField(
        source="department.name", read_only=True, allow_null=True
    )
    responsible_user_name = serializers.CharField(
        source="responsible_user.get_username", read_only=True, allow_null=True
    )
    is_overdue = serializers.BooleanField(
        read_only=True, help_text=_("Still open after its due date.")
    )

    class Meta:
        model = Commitment
        fields = [
            "id",
            "title",
            "description",
            "action",
            "action_title",
            "agreement",
            "agreement_title",
            "meeting",
            "partner",
            "partner_name",
            "responsible",
            "responsible_user",
            "responsible_user_name",
            "department",
            "department_name",
            "due_date",
            "status",
            "completed_on",
            "is_overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["completed_on", "created_at", "updated_at"]


class CompleteCommitmentSerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False, allow_null=True, help_text=_("When it was done (today when omitted).")
    )
