from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementKind(models.TextChoices):
    TWINNING = "twinning", _("twinning / sister city")
    FRIENDSHIP = "friendship", _("friendship")
    MOU = "mou", _("memorandum of understanding")
    COOPERATION = "cooperation", _("cooperation agreement")
    LETTER_OF_INTENT = "letter_of_intent", _("letter of intent")
    PROTOCOL = "protocol", _("protocol or addendum")
    NETWORK_ADHESION = "network_adhesion", _("network adhesion")
    OTHER = "other", _("other")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    NEGOTIATION = "negotiation", _("in negotiation")
    SIGNED = "signed", _("signed")
    IN_FORCE = "in_force", _("in force")
    SUSPENDED = "suspended", _("suspended")
    EXPIRED = "expired", _("expired")
    TERMINATED = "terminated", _("terminated")


# The legal life of an agreement: from each status, the statuses it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    AgreementStatus.DRAFT: frozenset({AgreementStatus.NEGOTIATION, AgreementStatus.TERMINATED}),
    AgreementStatus.NEGOTIATION: frozenset(
        {AgreementStatus.DRAFT, AgreementStatus.SIGNED, AgreementStatus.TERMINATED}
    ),
    AgreementStatus.SIGNED: frozenset({AgreementStatus.IN_FORCE, AgreementStatus.TERMINATED}),
    AgreementStatus.IN_FORCE: frozenset(
        {AgreementStatus.SUSPENDED, AgreementStatus.EXPIRED, AgreementStatus.TERMINATED}
    ),
    AgreementStatus.SUSPENDED: frozenset({AgreementStatus.IN_FORCE, AgreementStatus.TERMINATED}),
    AgreementStatus.EXPIRED: frozenset({AgreementStatus.IN_FORCE}),  # renewed
    AgreementStatus.TERMINATED: frozenset(),
}


class RenewalType(models.TextChoices):
    NONE = "none", _("no renewal")
    AUTOMATIC = "automatic", _("automatic (tacit) renewal")
    BY_ACT = "by_act", _("renewal by a new act")


class Side(models.TextChoices):
    OURS = "ours", _("our government")
    PARTNER = "partner", _("partner")


class RegistrationStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", _("not required")
    PENDING = "pending", _("to be submitted")
    SUBMITTED = "submitted", _("submitted")
    OBSERVED = "observed", _("returned with observations")
    REGISTERED = "registered", _("registered")
    REJECTED = "rejected", _("rejected")
