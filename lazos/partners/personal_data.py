"""Personal data in partners: the contact entries (people at partner organisations)."""

from django.utils.translation import gettext_lazy as _

from lazos.core.personal_data import Erasure, PersonalDataProvider
from lazos.partners.models import Contact

contacts = PersonalDataProvider(
    model=Contact,
    match_fields=("name", "email", "phone"),
    personal_fields=("name", "role", "email", "phone", "notes"),
    context_fields=("partner__name",),
    erasure=Erasure.DELETE,
    purpose=_("to keep in touch with the people at partner organisations"),
)
