from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    LOCAL_GOVERNMENT = "local_government", _("foreign local or regional government")
    NATIONAL_GOVERNMENT = "national_government", _("national government or embassy")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("international organisation")
    CITY_NETWORK = "city_network", _("city network")
    UNIVERSITY = "university", _("university or research centre")
    CIVIL_SOCIETY = "civil_society", _("civil-society organisation")
    COMPANY = "company", _("company")
    FOUNDATION = "foundation", _("foundation")
    OTHER = "other", _("other")
