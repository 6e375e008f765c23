"""Good practices: the government's own, the library's (another government's, only what the
library shows), and the marks a government leaves on other governments' practices."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lazos.api.fields import NamedChoiceField
from lazos.api.register import RegisterSerializer
from lazos.practices import services
from lazos.practices.choices import TransferKind
from lazos.practices.models import GoodPractice, PracticeIndicator, PracticeTransfer
from lazos.practices.views import public_actions_of

KIND_ENUM = "PracticeTransferKindEnum"  # the name of PracticeTransfer.kind's choices


class PracticeIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = PracticeIndicator
        fields = ["id", "name", "unit", "baseline", "achieved", "period", "position"]
        read_only_fields = fields


class PracticeIndicatorWriteSerializer(serializers.ModelSerializer):
    """One measured result, as the practice's form edits it: an ``id`` keeps (and changes)
    an existing indicator of the practice, none adds one."""

    id = serializers.IntegerField(required=False, help_text=_("An existing indicator's id."))

    class Meta:
        model = PracticeIndicator
        fields = ["id", "name", "unit", "baseline", "achieved", "period", "position"]
        read_only_fields = ["position"]


class PracticeSerializer(RegisterSerializer):
    """A practice of the government. Its ``status`` changes only through ``POST …/publish/``
    and ``POST …/unpublish/``."""

    department_name = serializers.CharField(
        source="department.name", read_only=True, allow_null=True
    )
    indicators = PracticeIndicatorWriteSerializer(
        many=True,
        required=False,
        help_text=_(
            "Its measured results, in order. When given, the list replaces them: indicators "
            "left out are removed."
        ),
    )
    interested_count = serializers.IntegerField(
        read_only=True, help_text=_("How many governments marked it “interested”.")
    )
    adapted_count = serializers.IntegerField(
        read_only=True, help_text=_("How many governments adapted it.")
    )
    missing_for_publication = serializers.SerializerMethodField(
        help_text=_("What a draft still lacks to be published (empty: it can be).")
    )

    class Meta:
        model = GoodPractice
        fields = [
            "id",
            *services.PRACTICE_CONTENT_FIELDS,
            "department",
            "department_name",
            "themes",
            "sdg_targets",
            "actions",
            "language",
            "translations",
            "status",
            "published_at",
            "missing_for_publication",
            "indicators",
            "interested_count",
            "adapted_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "published_at", "created_at", "updated_at"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_missing_for_publication(self, practice: GoodPractice) -> list[str]:
        if practice.is_published:
            return []
        return services.missing_for_publication(practice)


class TransferLogEntrySerializer(serializers.Serializer):
    """A line of a practice's transfer log, as members of every government read it."""

    government_name = serializers.CharField(source="government.name", read_only=True)
    kind = NamedChoiceField(choices=TransferKind.choices, enum_name=KIND_ENUM, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    note = serializers.CharField(read_only=True)
    action_title = serializers.CharField(
        source="public_action_title",
        read_only=True,
        help_text=_("The title of the marking government's action, when that action is public."),
    )


class LibraryPracticeSerializer(RegisterSerializer):
    """A published practice of any government, with what the library shows of it (only ever
    read: the library takes no writes but the marks)."""

    government_name = serializers.CharField(source="government.name", read_only=True)
    country = serializers.CharField(source="government.country", read_only=True)
    indicators = PracticeIndicatorSerializer(many=True, read_only=True)
    interested_count = serializers.IntegerField(read_only=True)
    adapted_count = serializers.IntegerField(read_only=True)
    our_marks = serializers.SerializerMethodField(
        help_text=_("The marks your government left on it.")
    )

    class Meta:
        model = GoodPractice
        fields = [
            "id",
            "government",
            "government_name",
            "country",
            *services.PRACTICE_CONTENT_FIELDS,
            "themes",
            "sdg_targets",
            "language",
            "translations",
            "published_at",
            "indicators",
            "interested_count",
            "adapted_count",
            "our_marks",
        ]

    @extend_schema_field(
        serializers.ListField(
            child=NamedChoiceField(choices=TransferKind.choices, enum_name=KIND_ENUM)
        )
    )
    def get_our_marks(self, practice: GoodPractice) -> list[str]:
        return [
            kind
            for kind, marked in (
                (TransferKind.INTERESTED, getattr(practice, "marked_interested", False)),
                (TransferKind.ADAPTED, getattr(practice, "marked_adapted", False)),
            )
            if marked
        ]


class LinkedPublicActionSerializer(serializers.Serializer):
    """A public action of the practice's government linked to it (its public fields only)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    public_summary = serializers.CharField()
    modality = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)


class LibraryPracticeDetailSerializer(LibraryPracticeSerializer):
    transfer_log = TransferLogEntrySerializer(
        many=True,
        read_only=True,
        help_text=_("Which governments marked it, how and when."),
    )
    public_actions = serializers.SerializerMethodField(
        help_text=_("The public actions of its government linked to it.")
    )

    class Meta(LibraryPracticeSerializer.Meta):
        fields = [*LibraryPracticeSerializer.Meta.fields, "public_actions", "transfer_log"]

    @extend_schema_field(LinkedPublicActionSerializer(many=True))
    def get_public_actions(self, practice: GoodPractice) -> Any:
        return LinkedPublicActionSerializer(public_actions_of(practice), many=True).data


class MarkSerializer(serializers.Serializer):
    """Your government's mark on another government's published practice."""

    kind = NamedChoiceField(choices=TransferKind.choices, enum_name=KIND_ENUM)
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text=_("What interests you, or what you adapted and how."),
    )
    action = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The action of your government in which you adapted it, if any."),
    )


class UnmarkSerializer(serializers.Serializer):
    kind = NamedChoiceField(choices=TransferKind.choices, enum_name=KIND_ENUM)


class PracticeTransferSerializer(RegisterSerializer):
    """A mark your government left on another government's practice. Of that practice, the
    title only while it is published."""

    practice_title = serializers.CharField(read_only=True)
    practice_is_published = serializers.BooleanField(read_only=True)
    author_name = serializers.CharField(
        read_only=True, help_text=_("The government that wrote the practice.")
    )
    recorded_by_name = serializers.SerializerMethodField()

    class Meta:
        model = PracticeTransfer
        fields = [
            "id",
            "practice",
            "practice_title",
            "practice_is_published",
            "author_name",
            "kind",
            "note",
            "action",
            "recorded_by_name",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_recorded_by_name(self, transfer: PracticeTransfer) -> str:
        user = transfer.recorded_by
        return (user.get_full_name() or user.get_username()) if user is not None else ""
