"""A person's reminders, notifications and reminder preferences."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lazos.api.fields import NamedChoiceField
from lazos.core.events import Delivery
from lazos.reminders.choices import ReminderKind, ReminderScope
from lazos.reminders.collect import Reminder
from lazos.reminders.models import Notification, ReminderPreference

KIND_ENUM = "ReminderKindEnum"
SCOPE_ENUM = "ReminderPreferenceScopeEnum"
DELIVERY_ENUM = "NotificationDeliveryEnum"


class ReminderSerializer(serializers.Serializer):
    """Something to act on: an agreement inside its notice period, an overdue commitment, an
    indicator update due, a national registration pending, an overdue recommendation."""

    kind = NamedChoiceField(choices=ReminderKind.choices, enum_name=KIND_ENUM)
    kind_label = serializers.SerializerMethodField()
    title = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    object_type = serializers.SerializerMethodField(
        help_text=_("The kind of object, as “app_label.model”, e.g. “agreements.agreement”.")
    )
    object_id = serializers.IntegerField(source="obj.pk")
    url = serializers.CharField(help_text=_("Its page in Lazos (may be empty)."))
    ends_on = serializers.DateField(allow_null=True, help_text=_("For an agreement: when it ends."))
    state = serializers.CharField(
        help_text=_(
            "For an agreement: notice_passed, notice_upcoming or past_expiry; otherwise empty."
        )
    )

    def get_kind_label(self, reminder: Reminder) -> str:
        return str(ReminderKind(reminder.kind).label)

    def get_object_type(self, reminder: Reminder) -> str:
        meta = reminder.obj._meta
        return f"{meta.app_label}.{meta.model_name}"


class ReminderFilterSerializer(serializers.Serializer):
    """The filters of the reminders (query parameters)."""

    scope = serializers.ChoiceField(choices=ReminderScope.choices, required=False)
    kind = serializers.ChoiceField(choices=ReminderKind.choices, required=False)


class NotificationSerializer(serializers.ModelSerializer):
    """One workflow event the person was told of."""

    label = serializers.CharField(read_only=True, help_text=_("The kind, in words."))
    object_type = serializers.SerializerMethodField(
        help_text=_("The kind of object, as “app_label.model”.")
    )
    actor_name = serializers.SerializerMethodField()
    delivery = NamedChoiceField(choices=Delivery.choices, enum_name=DELIVERY_ENUM, read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "label",
            "title",
            "object_type",
            "object_id",
            "url",
            "note",
            "actor",
            "actor_name",
            "delivery",
            "read_at",
            "emailed_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_object_type(self, notification: Notification) -> str:
        content_type = notification.content_type
        return f"{content_type.app_label}.{content_type.model}"

    def get_actor_name(self, notification: Notification) -> str:
        actor = notification.actor
        return (actor.get_full_name() or actor.get_username()) if actor is not None else ""


class MarkedReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=_("How many notifications were marked read."))


class ReminderPreferenceSerializer(serializers.Serializer):
    """Which reminders the person receives in this government, whose work, the daily email
    digest, and how each kind of notification reaches them by email."""

    kinds = serializers.ListField(
        child=NamedChoiceField(choices=ReminderKind.choices, enum_name=KIND_ENUM),
        help_text=_("The kinds of reminder shown in the inbox and sent in the digest."),
    )
    scope = NamedChoiceField(choices=ReminderScope.choices, enum_name=SCOPE_ENUM)
    email_digest = serializers.BooleanField(
        help_text=_("One email a day with the reminders, when there are any.")
    )
    notification_email = serializers.DictField(
        child=NamedChoiceField(choices=Delivery.choices, enum_name=DELIVERY_ENUM),
        required=False,
        help_text=_(
            "For each kind of notification (its code): by email at once, in the daily digest, "
            "or in the inbox only. A kind not given follows its default."
        ),
    )
    stored = serializers.SerializerMethodField(
        help_text=_("False while the person has not chosen: the defaults of their role apply.")
    )
    last_sent_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def get_stored(self, preference: ReminderPreference) -> bool:
        return preference.pk is not None
