from django.db import models
from django.utils.translation import gettext_lazy as _


class ActorKind(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", _("civil society")
    ACADEMIA = "academia", _("academia")
    PRIVATE_SECTOR = "private_sector", _("private sector")
    DIASPORA = "diaspora", _("diaspora")
    MEDIA = "media", _("media")
    PUBLIC_BODY = "public_body", _("other public body")
