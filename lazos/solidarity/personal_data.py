"""Personal data in solidarity: the contact person of each emergency."""

from django.utils.translation import gettext_lazy as _

from lazos.core.personal_data import Erasure, PersonalDataProvider
from lazos.solidarity.models import Emergency

contact_people = PersonalDataProvider(
    model=Emergency,
    match_fields=("contact_name", "contact_email"),
    personal_fields=("contact_name", "contact_email"),
    erasure=Erasure.ANONYMISE,
    repr_is_personal=False,
    purpose=_("to coordinate help in an emergency"),
)
