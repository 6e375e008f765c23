"""Personal data in consultations: the contributions residents send, with their name and
email (retention: ``LAZOS_CONTRIBUTION_RETENTION_DAYS``, applied by ``lazos apply_retention``)."""

from django.utils.translation import gettext_lazy as _

from lazos.consultations.models import Contribution
from lazos.core.personal_data import ERASED, Erasure, PersonalDataProvider

contributions = PersonalDataProvider(
    model=Contribution,
    match_fields=("display_name", "email"),
    personal_fields=("display_name", "email", "text"),
    context_fields=("consultation_id", "status", "created_at"),
    # The consultation keeps how many took part and its published response.
    erasure=Erasure.ANONYMISE,
    anonymised={"display_name": "", "email": "", "text": ERASED},
    purpose=_("to take part in a consultation and be told of its response"),
    # After the retention period the name and email go; the text stays in the consultation.
    retention_setting="LAZOS_CONTRIBUTION_RETENTION_DAYS",
    retention_field="created_at",
    retention_erasure=Erasure.ANONYMISE,
    retained_fields=("display_name", "email"),
)
