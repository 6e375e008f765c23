from django.db import models
from django.utils.translation import gettext_lazy as _


class GovernmentKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    METROPOLITAN = "metropolitan", _("metropolitan area")
    INTERMEDIATE = "intermediate", _("province, department or county")
    REGIONAL = "regional", _("state, region or province (regional government)")
    ASSOCIATION = "association", _("association of local governments")
    OTHER = "other", _("other local or regional government")


class Role(models.TextChoices):
    """What a member may do in a government. Ordered from most to least powerful."""

    ADMINISTRATOR = "administrator", _("administrator")
    COORDINATOR = "coordinator", _("coordinator (international office)")
    EDITOR = "editor", _("editor (own departments)")
    VIEWER = "viewer", _("viewer")
