from django.db import models
from django.utils.translation import gettext_lazy as _


class Modality(models.TextChoices):
    DECENTRALIZED_COOPERATION = "decentralized_cooperation", _("decentralized cooperation project")
    TECHNICAL_EXCHANGE = "technical_exchange", _("technical exchange / peer learning")
    MISSION = "mission", _("mission abroad")
    DELEGATION = "delegation", _("delegation received")
    EVENT = "event", _("event hosted or attended")
    NETWORK_ACTIVITY = "network_activity", _("network activity")
    ADVOCACY = "advocacy", _("advocacy or position")
    ECONOMIC_PROMOTION = "economic_promotion", _("economic promotion and investment")
    TOURISM = "tourism", _("tourism and city brand")
    CULTURE = "culture", _("culture")
    SPORT = "sport", _("sport")
    EDUCATION = "education", _("education and talent")
    EMERGENCY_AID = "emergency_aid", _("emergency or humanitarian aid")
    PEACE_MIGRATION = "peace_migration", _("peace and migration")
    TRAINING = "training", _("training")
    OTHER = "other", _("other")


# Modalities that carry travel details.
TRAVEL_MODALITIES = frozenset({Modality.MISSION, Modality.DELEGATION})
# Modalities that are cooperation in the IATI sense (exported as activities).
COOPERATION_MODALITIES = frozenset(
    {
        Modality.DECENTRALIZED_COOPERATION,
        Modality.TECHNICAL_EXCHANGE,
        Modality.EMERGENCY_AID,
        Modality.PEACE_MIGRATION,
        Modality.TRAINING,
    }
)


class ActionStatus(models.TextChoices):
    IDEA = "idea", _("idea")
    PLANNED = "planned", _("planned")
    ONGOING = "ongoing", _("ongoing")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


class FundingSource(models.TextChoices):
    OWN = "own", _("own funds")
    NATIONAL = "national", _("national government")
    INTERNATIONAL = "international", _("EU or international")
    PARTNER = "partner", _("partner")
    PRIVATE = "private", _("private")


class ActorRole(models.TextChoices):
    PARTICIPANT = "participant", _("participant")
    CO_ORGANISER = "co_organiser", _("co-organiser")
    IMPLEMENTER = "implementer", _("implementing partner")
    FUNDER = "funder", _("funder")
    BENEFICIARY = "beneficiary", _("beneficiary")
    ADVISOR = "advisor", _("advisor")


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


OPEN_COMMITMENT_STATUSES = frozenset({CommitmentStatus.OPEN, CommitmentStatus.IN_PROGRESS})
