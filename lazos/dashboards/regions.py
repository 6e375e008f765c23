"""World regions of countries, after the UN Statistics Division's M49 standard.

``region_of("MX")`` → ``"419"`` (Latin America and the Caribbean). The regions used are M49's
five continental regions, with the Americas split into its two M49 groupings, "Latin America
and the Caribbean" (419) and "Northern America" (021), as offices of local governments usually
tell them apart. Countries are ISO 3166-1 alpha-2 codes. Two codes that M49 does not list are
placed by geography: Taiwan (TW) in Asia and Kosovo (XK) in Europe. Antarctica (AQ) belongs
to no region.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AFRICA = "002"
LATIN_AMERICA_CARIBBEAN = "419"
NORTHERN_AMERICA = "021"
ASIA = "142"
EUROPE = "150"
OCEANIA = "009"
NO_REGION = ""

#: Region codes in display order, with their names.
REGIONS = {
    AFRICA: _("Africa"),
    LATIN_AMERICA_CARIBBEAN: _("Latin America and the Caribbean"),
    NORTHERN_AMERICA: _("Northern America"),
    ASIA: _("Asia"),
    EUROPE: _("Europe"),
    OCEANIA: _("Oceania"),
}
NO_REGION_LABEL = _("International or no country")

_MEMBERS = {
    AFRICA: (
        # Northern Africa
        "DZ EG LY MA SD TN EH "
        # Eastern Africa
        "IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW "
        # Middle Africa
        "AO CM CF TD CG CD GQ GA ST "
        # Southern Africa
        "BW SZ LS NA ZA "
        # Western Africa
        "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG"
    ),
    LATIN_AMERICA_CARIBBEAN: (
        # Caribbean
        "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI "
        # Central America
        "BZ CR SV GT HN MX NI PA "
        # South America
        "AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE"
    ),
    NORTHERN_AMERICA: "BM CA GL PM US",
    ASIA: (
        # Central Asia
        "KZ KG TJ TM UZ "
        # Eastern Asia (TW placed by geography)
        "CN HK MO KP JP MN KR TW "
        # South-eastern Asia
        "BN KH ID LA MY MM PH SG TH TL VN "
        # Southern Asia
        "AF BD BT IN IR MV NP PK LK "
        # Western Asia
        "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE"
    ),
    EUROPE: (
        # Eastern Europe
        "BY BG CZ HU PL MD RO RU SK UA "
        # Northern Europe
        "AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB "
        # Southern Europe (XK placed by geography)
        "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES XK "
        # Western Europe
        "AT BE FR DE LI LU MC NL CH"
    ),
    OCEANIA: (
        # Australia and New Zealand
        "AU NZ NF HM CX CC "
        # Melanesia
        "FJ NC PG SB VU "
        # Micronesia
        "GU KI MH FM NR MP PW UM "
        # Polynesia
        "AS CK PF NU PN WS TK TO TV WF"
    ),
}

REGION_OF: dict[str, str] = {
    country: region for region, members in _MEMBERS.items() for country in members.split()
}


def region_of(country: object) -> str:
    """The region code of an ISO alpha-2 country code ("" when none or unknown)."""
    return REGION_OF.get(str(country or "").upper(), NO_REGION)


def region_name(code: str) -> str:
    return str(REGIONS.get(code, NO_REGION_LABEL))
