"""Personal data in local actors: each organisation's contact person."""

from django.utils.translation import gettext_lazy as _

from lazos.actors.models import LocalActor
from lazos.core.personal_data import Erasure, PersonalDataProvider

contact_people = PersonalDataProvider(
    model=LocalActor,
    match_fields=("contact_name", "email", "phone"),
    personal_fields=("contact_name", "email", "phone"),
    context_fields=("name",),
    # The organisation stays; only its contact person's details go.
    erasure=Erasure.ANONYMISE,
    repr_is_personal=False,
    purpose=_("to reach the contact person of a local organisation"),
)
