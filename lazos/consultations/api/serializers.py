"""Consultations and their contributions, as the office sees them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lazos.actors.models import LocalActor
from lazos.api.fields import NamedChoiceField
from lazos.api.register import RegisterSerializer
from lazos.consultations.models import Consultation, Contribution, Invitation

DECISIONS = (("approve", _("Publish")), ("reject", _("Reject")))
CHOOSE = _("Choose whether to publish or reject the contribution.")


class InvitationSerializer(serializers.ModelSerializer):
    """A local actor invited, and when its personal link was emailed."""

    actor_name = serializers.CharField(source="actor.name", read_only=True)

    class Meta:
        model = Invitation
        fields = ["actor", "actor_name", "sent_at"]
        read_only_fields = fields


class ConsultationSerializer(RegisterSerializer):
    """A consultation. Its status changes only through ``POST …/open/``, ``…/close/`` and
    ``…/respond/`` (which publishes the response and closes it)."""

    strategy_title = serializers.CharField(source="strategy.title", read_only=True, allow_null=True)
    agreement_title = serializers.CharField(
        source="agreement.title", read_only=True, allow_null=True
    )
    draft = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_("On creation: keep it as a draft instead of opening it at once."),
    )
    invited_actors = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=LocalActor.objects.none(),
        help_text=_(
            "Local actors to invite (ids); each receives a personal link by email when an email "
            "is recorded. Invitations are only ever added."
        ),
    )
    invitations = InvitationSerializer(many=True, read_only=True)
    pending_count = serializers.IntegerField(
        read_only=True, help_text=_("Contributions awaiting moderation.")
    )
    approved_count = serializers.IntegerField(
        read_only=True, help_text=_("Contributions published.")
    )
    is_open_for_contributions = serializers.BooleanField(read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "title",
            "description",
            "strategy",
            "strategy_title",
            "agreement",
            "agreement_title",
            "opens_on",
            "closes_on",
            "audience",
            "status",
            "is_open_for_contributions",
            "draft",
            "invited_actors",
            "invitations",
            "pending_count",
            "approved_count",
            "response",
            "response_published_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "response",
            "response_published_at",
            "created_at",
            "updated_at",
        ]


class ConsultationResponseSerializer(serializers.Serializer):
    response = serializers.CharField(
        allow_blank=True,
        help_text=_("What you heard and what you did with it. Published with the contributions."),
    )


class ContributionSerializer(RegisterSerializer):
    """A contribution as the office moderates it. The contributor's email is personal data:
    never served."""

    consultation_title = serializers.CharField(source="consultation.title", read_only=True)
    public_name = serializers.CharField(
        read_only=True, help_text=_("The name shown with it (“Anonymous” when none was given).")
    )
    invited_actor = serializers.IntegerField(
        source="invitation.actor_id",
        read_only=True,
        allow_null=True,
        help_text=_("The invited local actor who answered through their personal link."),
    )
    invited_actor_name = serializers.CharField(
        source="invitation.actor.name", read_only=True, allow_null=True
    )
    moderated_by_name = serializers.CharField(
        source="moderated_by.get_full_name", read_only=True, allow_null=True
    )

    class Meta:
        model = Contribution
        fields = [
            "id",
            "consultation",
            "consultation_title",
            "display_name",
            "public_name",
            "invited_actor",
            "invited_actor_name",
            "text",
            "status",
            "verified_at",
            "moderated_by",
            "moderated_by_name",
            "moderated_at",
            "rejection_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ModerationSerializer(serializers.Serializer):
    """Publish or reject a confirmed contribution; a rejection needs a reason."""

    decision = NamedChoiceField(
        choices=DECISIONS,
        enum_name="ModerationDecisionEnum",
        help_text=_("Publish (approve) or reject."),
        # The web's message when neither is chosen.
        error_messages={
            "required": CHOOSE,
            "invalid_choice": CHOOSE,
            "null": CHOOSE,
        },
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Reason for rejecting: kept for the record; not shown publicly."),
    )
