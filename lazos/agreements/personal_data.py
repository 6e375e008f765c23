"""Personal data in agreements: the people who sign them."""

from django.utils.translation import gettext_lazy as _

from lazos.agreements.models import Signatory
from lazos.core.personal_data import Erasure, PersonalDataProvider

signatories = PersonalDataProvider(
    model=Signatory,
    match_fields=("name",),
    personal_fields=("name", "position"),
    context_fields=("agreement_id", "side"),
    # The agreement keeps that someone signed for each side.
    erasure=Erasure.ANONYMISE,
    purpose=_("to record who signed the government's agreements"),
)
