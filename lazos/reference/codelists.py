"""Codelists several apps choose from, kept as small tables (never read from files at run time).

``ORGANISATION_TYPES``: the IATI 2.03 OrganisationType codelist (code → English name), the
kind of organisation a government's profile declares (``governments.forms``, which shows
the names translated: they are marked for the catalog) and the IATI
export writes (``iati.codes`` re-exports it; its tests check it against the official list).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

# OrganisationType
ORGANISATION_TYPES = {
    "10": gettext_noop("Government"),
    "11": gettext_noop("Local Government"),
    "15": gettext_noop("Other Public Sector"),
    "21": gettext_noop("International NGO"),
    "22": gettext_noop("National NGO"),
    "23": gettext_noop("Regional NGO"),
    "24": gettext_noop("Partner Country based NGO"),
    "30": gettext_noop("Public Private Partnership"),
    "40": gettext_noop("Multilateral"),
    "60": gettext_noop("Foundation"),
    "70": gettext_noop("Private Sector"),
    "71": gettext_noop("Private Sector in Provider Country"),
    "72": gettext_noop("Private Sector in Aid Recipient Country"),
    "73": gettext_noop("Private Sector in Third Country"),
    "80": gettext_noop("Academic, Training and Research"),
    "90": gettext_noop("Other"),
}
