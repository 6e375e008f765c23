"""Personal data in good practices: the contact person of each practice."""

from django.utils.translation import gettext_lazy as _

from lazos.core.personal_data import Erasure, PersonalDataProvider
from lazos.practices.models import GoodPractice

contact_people = PersonalDataProvider(
    model=GoodPractice,
    match_fields=("contact_name", "contact_email"),
    personal_fields=("contact_name", "contact_role", "contact_email"),
    erasure=Erasure.ANONYMISE,
    repr_is_personal=False,
    purpose=_("to let peers ask about a good practice"),
)
