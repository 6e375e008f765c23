from django.db import models
from django.utils.translation import gettext_lazy as _


class Hazard(models.TextChoices):
    FLOOD = "flood", _("flood")
    EARTHQUAKE = "earthquake", _("earthquake")
    STORM = "storm", _("storm or hurricane")
    FIRE = "fire", _("fire")
    DROUGHT = "drought", _("drought")
    LANDSLIDE = "landslide", _("landslide")
    EPIDEMIC = "epidemic", _("epidemic")
    OTHER = "other", _("other")


class EmergencyStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class NeedCategory(models.TextChoices):
    TECHNICAL_TEAM = "technical_team", _("technical team")
    EQUIPMENT = "equipment", _("equipment")
    FUNDS = "funds", _("funds")
    SUPPLIES = "supplies", _("supplies")
    SHELTER = "shelter", _("shelter")
    OTHER = "other", _("other")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("open")
    MET = "met", _("met")
    WITHDRAWN = "withdrawn", _("withdrawn")


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("offered")
    ACCEPTED = "accepted", _("accepted")
    DELIVERED = "delivered", _("delivered")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")
