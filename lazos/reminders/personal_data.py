"""Personal data in the inbox: the notifications a member received."""

from django.utils.translation import gettext_lazy as _

from lazos.core.personal_data import Erasure, PersonalDataProvider
from lazos.reminders.models import Notification

notifications = PersonalDataProvider(
    model=Notification,
    user_field="recipient",
    personal_fields=("kind", "title", "note", "read_at", "emailed_at"),
    context_fields=("url",),
    erasure=Erasure.DELETE,
    repr_is_personal=False,
    purpose=_("to tell a member of the work that asks something of them or answers them"),
)
