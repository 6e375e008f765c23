"""Codelists several apps choose from, kept as small tables (never read from files at run time).

``ORGANISATION_TYPES``: the IATI 2.03 OrganisationType codelist (code → English name), the
kind of organisation a government's profile declares (``governments.forms``) and the IATI
export writes (``iati.codes`` re-exports it; its tests check it against the official list).
"""

from __future__ import annotations

# OrganisationType
ORGANISATION_TYPES = {
    "10": "Government",
    "11": "Local Government",
    "15": "Other Public Sector",
    "21": "International NGO",
    "22": "National NGO",
    "23": "Regional NGO",
    "24": "Partner Country based NGO",
    "30": "Public Private Partnership",
    "40": "Multilateral",
    "60": "Foundation",
    "70": "Private Sector",
    "71": "Private Sector in Provider Country",
    "72": "Private Sector in Aid Recipient Country",
    "73": "Private Sector in Third Country",
    "80": "Academic, Training and Research",
    "90": "Other",
}
