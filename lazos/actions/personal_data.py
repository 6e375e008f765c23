"""Personal data in actions: the people who travel on missions."""

from django.utils.translation import gettext_lazy as _

from lazos.actions.models import Traveller
from lazos.core.personal_data import Erasure, PersonalDataProvider

travellers = PersonalDataProvider(
    model=Traveller,
    match_fields=("name",),
    personal_fields=("name", "position"),
    context_fields=("mission__action_id", "mission__destination_text"),
    # The mission keeps its number of travellers and their departments (its cost, its report).
    erasure=Erasure.ANONYMISE,
    purpose=_("to record who travelled on the government's missions"),
)
