"""The organisations named in imported IATI activities, and the partners they become.

An activity names organisations in four places: its reporting organisation, its participating
organisations, and the providers and receivers of its transactions. Each one, unless it is the
government itself, resolves to one of the government's partners:

1. by IATI organisation identifier (the partner's own, or — for partners made by earlier
   imports — its external id), whatever the names say;
2. else by name *and* country: the same name (ignoring case, accents, punctuation and spacing)
   in the same country, an unknown country matching only an unknown country. Bodies of
   different countries are never merged: three ministries of finance of three countries
   stay three partners;
3. else a new partner, whose kind comes from the IATI organisation type and whose country
   comes from the identifier when its prefix is a national registry (see
   :func:`country_of_identifier`), or else from the activity's single recipient country when
   the organisation implements the activity there; otherwise it is left empty and the preview
   says so.

Resolution is pure (no query): :meth:`PartnerResolver.load` reads the government's partners
once, and the import's preview and its application resolve with the same rules.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from lazos.iati import codes
from lazos.partners.choices import PartnerKind
from lazos.partners.models import Partner

if TYPE_CHECKING:
    from lazos.governments.models import Government
    from lazos.iati.reader import ActivityData

# org-id.guide: an organisation identifier is "<registration agency>-<identifier>", and the
# agency's code starts with the ISO 3166 code of its country ("GB-COH", "ES-DIR3", "BR-CNPJ")
# except for international agencies, whose codes start with "XI" (IATI's own) or "XM"
# (multilateral ones, e.g. "XM-DAC" for the OECD DAC's codes).
INTERNATIONAL_PREFIXES = frozenset({"XI", "XM"})

# Organisation types that are by nature not of the country they work in: never given the
# recipient country (International NGO, Regional NGO, Multilateral, Private sector in the
# provider country or in a third country).
NOT_OF_THE_RECIPIENT_COUNTRY = frozenset({"21", "23", "40", "71", "73"})

MAX_IDENTIFIER = 150  # Partner.iati_identifier
MAX_NAME = 200  # Partner.name

# Where an organisation is named (OrganisationRole codes, then the other places).
REPORTING = "reporting"
PROVIDER = "provider"
RECEIVER = "receiver"
ROLE_LABELS = {
    codes.ROLE_FUNDING: gettext_lazy("funding"),
    codes.ROLE_ACCOUNTABLE: gettext_lazy("accountable"),
    codes.ROLE_EXTENDING: gettext_lazy("extending"),
    codes.ROLE_IMPLEMENTING: gettext_lazy("implementing"),
    REPORTING: gettext_lazy("reporting"),
    PROVIDER: gettext_lazy("provider of a transaction"),
    RECEIVER: gettext_lazy("receiver of a transaction"),
}

# Where a country comes from.
FROM_IDENTIFIER = "identifier"
FROM_RECIPIENT_COUNTRY = "recipient-country"

# How an organisation matched a partner ("" for a new partner).
BY_IDENTIFIER = "identifier"
BY_NAME_AND_COUNTRY = "name-country"


@lru_cache(maxsize=8192)
def normalise_name(name: str) -> str:
    """The name as matching compares it: without accents, case, punctuation or extra spaces
    ("Ministère de l'Économie " and "MINISTERE DE L'ECONOMIE" are the same). Cached: a file
    names the same few organisations in thousands of transactions."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join("".join(char if char.isalnum() else " " for char in bare).split())


def normalise_identifier(ref: str) -> str:
    """An organisation identifier as matching compares it (case and spaces ignored)."""
    return "".join(ref.split()).casefold()


def country_of_identifier(ref: str) -> str:
    """The ISO country of the identifier's registration agency, or "" when the identifier is
    not from a national registry: "GB-COH-123" → "GB", "XM-DAC-41114" → "" (international),
    "AA-AAA-1" → "" (not a country), "41114" → "" (no agency)."""
    prefix, dash, rest = ref.strip().partition("-")
    if not dash or not rest.strip("- ") or len(prefix) != 2:
        return ""
    if not (prefix.isascii() and prefix.isalpha()):
        return ""
    code = prefix.upper()
    if code in INTERNATIONAL_PREFIXES:
        return ""
    return str(countries.alpha2(code) or "")


def partner_kind(organisation_type: str) -> str:
    """The partner kind of an IATI OrganisationType code ("other" when absent or unknown)."""
    return str(
        codes.ORGANISATION_TYPE_TO_PARTNER_KIND.get(organisation_type.strip(), PartnerKind.OTHER)
    )


def is_the_government(
    ref: str, names: Iterable[str], *, own_identifier: str, own_name: str
) -> bool:
    """Whether an organisation named with ``ref`` and ``names`` is the government (known by
    its identifier ``own_identifier`` or its name ``own_name``): the rule by which
    :func:`activity_organisations` leaves the government out."""
    if normalise_identifier(ref) and normalise_identifier(ref) == normalise_identifier(
        own_identifier
    ):
        return True
    own = normalise_name(own_name)
    return bool(own) and any(normalise_name(name) == own for name in [*names, ref] if name)


def government_takes_part(activity: ActivityData, *, own_identifier: str, own_name: str) -> bool:
    """Whether the government is one of ``activity``'s participating organisations."""
    return any(
        is_the_government(
            org.ref, org.names.values(), own_identifier=own_identifier, own_name=own_name
        )
        for org in activity.organisations
    )


@dataclass
class Organisation:
    """An organisation as an activity names it (its mentions merged)."""

    ref: str
    name: str
    type: str
    roles: list[str] = field(default_factory=list)
    country: str = ""
    country_source: str = ""  # FROM_IDENTIFIER, FROM_RECIPIENT_COUNTRY or ""

    @property
    def kind(self) -> str:
        return partner_kind(self.type)


@dataclass
class _Mention:
    ref: str
    name: str
    type: str
    role: str


def _mentions(activity: ActivityData) -> list[_Mention]:
    """Every organisation the activity names, in file order (participating, reporting,
    then the transactions' providers and receivers)."""
    language = activity.language

    def name_of(names: dict[str, str]) -> str:
        return names.get(language) or next((text for text in names.values() if text), "")

    found = [
        _Mention(org.ref, name_of(org.names), org.type, org.role) for org in activity.organisations
    ]
    reporting = activity.reporting_org
    found.append(
        _Mention(
            reporting.ref or activity.reporting_org_ref,
            name_of(reporting.names) or activity.reporting_org_name,
            reporting.type,
            REPORTING,
        )
    )
    for row in activity.transactions:
        found.append(_Mention(row.provider_ref, row.provider_name, row.provider_type, PROVIDER))
        found.append(_Mention(row.receiver_ref, row.receiver_name, row.receiver_type, RECEIVER))
    return found


def activity_organisations(
    activity: ActivityData, *, own_identifier: str, own_name: str
) -> list[Organisation]:
    """The organisations of ``activity`` other than the government (known by its identifier
    ``own_identifier`` or its name ``own_name``), each once, with kind and country.

    Within the activity, mentions with the same identifier are one organisation; a mention
    without identifier joins the one organisation with an identifier of the same name, if
    there is exactly one, or else the other mentions of that name without identifier.
    """
    own = {normalise_identifier(own_identifier)} - {""}
    own_names = {normalise_name(own_name)} - {""}
    mentions = []
    for mention in _mentions(activity):
        ref = mention.ref.strip()
        name = " ".join(mention.name.split())[:MAX_NAME]
        if not (name or ref):
            continue
        if normalise_identifier(ref) in own or normalise_name(name or ref) in own_names:
            continue
        mentions.append((ref, name, mention))
    # The identifiers each name goes with, to place the mentions without identifier.
    identifiers_of: dict[str, set[str]] = {}
    for ref, name, _mention in mentions:
        if ref and name:
            identifiers_of.setdefault(normalise_name(name), set()).add(normalise_identifier(ref))
    by_key: dict[str, Organisation] = {}
    for ref, name, mention in mentions:
        if ref:
            key = "ref:" + normalise_identifier(ref)
        else:
            same = identifiers_of.get(normalise_name(name), set())
            key = "ref:" + next(iter(same)) if len(same) == 1 else "name:" + normalise_name(name)
        _merge(by_key, key, ref, name, mention)
    organisations = list(by_key.values())
    recipient = _single_recipient_country(activity)
    for organisation in organisations:
        organisation.name = organisation.name or organisation.ref[:MAX_NAME]
        _set_country(organisation, recipient)
    return organisations


def _merge(
    by_key: dict[str, Organisation], key: str, ref: str, name: str, mention: _Mention
) -> None:
    organisation = by_key.get(key)
    if organisation is None:
        organisation = by_key[key] = Organisation(ref=ref, name=name, type="")
    organisation.ref = organisation.ref or ref
    organisation.name = organisation.name or name
    organisation.type = organisation.type or mention.type.strip()
    role = mention.role.strip()
    if role and role not in organisation.roles:
        organisation.roles.append(role)


def _single_recipient_country(activity: ActivityData) -> str:
    found = {code.strip().upper() for code in activity.countries if code.strip()}
    if len(found) != 1:
        return ""
    return str(countries.alpha2(found.pop()) or "")


def _set_country(organisation: Organisation, recipient: str) -> None:
    country = country_of_identifier(organisation.ref)
    if country:
        organisation.country, organisation.country_source = country, FROM_IDENTIFIER
    elif (
        recipient
        and codes.ROLE_IMPLEMENTING in organisation.roles
        and organisation.type not in NOT_OF_THE_RECIPIENT_COUNTRY
    ):
        organisation.country, organisation.country_source = recipient, FROM_RECIPIENT_COUNTRY


@dataclass
class Match:
    """The partner an organisation resolves to."""

    organisation: Organisation
    partner: Partner  # unsaved when the import would create it and has not yet
    matched_by: str  # BY_IDENTIFIER, BY_NAME_AND_COUNTRY, or "" for a new partner
    first: bool  # the first time this partner comes up in the import
    other_countries: list[str] = field(default_factory=list)  # same name, not merged

    @property
    def created(self) -> bool:
        return not self.matched_by

    def as_preview(self) -> dict[str, Any]:
        """What the import's preview keeps of it (JSON; texts in the uploader's language).

        The preview lists each partner once, where it first comes up; later mentions keep
        only what ties them to it, so a large file's preview stays small."""
        organisation, partner = self.organisation, self.partner
        summary = {
            "name": organisation.name,
            "ref": organisation.ref,
            "operation": "create" if self.created else "match",
            "matched_by": self.matched_by,
            "partner_id": partner.pk,
            "first": self.first,
        }
        if not self.first:
            return summary
        country = str(partner.country or "")
        notes = []
        if self.created and organisation.country_source == FROM_RECIPIENT_COUNTRY:
            notes.append(
                _(
                    "Country taken from the activity's only recipient country, where the "
                    "organisation implements it."
                )
            )
        elif self.created and not country:
            notes.append(
                _(
                    "Country unknown: no identifier of a national registry, and not the "
                    "body implementing the activity in its only recipient country. Set it on "
                    "the partner's page if the organisation is of one country."
                )
            )
        if self.other_countries:
            notes.append(
                _("Not merged with the partners of the same name in %(countries)s.")
                % {
                    "countries": ", ".join(
                        str(countries.name(code)) if code else _("no country")
                        for code in self.other_countries
                    )
                }
            )
        return {
            **summary,
            "type": organisation.type,
            "roles": [str(ROLE_LABELS.get(role, role)) for role in organisation.roles],
            "partner_name": partner.name,
            "kind": partner.kind,
            "kind_label": str(PartnerKind(partner.kind).label)
            if partner.kind in PartnerKind.values
            else partner.kind,
            "country": country,
            "country_name": str(countries.name(country)) if country else "",
            "notes": notes,
        }


def unsaved_partner(organisation: Organisation) -> Partner:
    """The partner the import would create for ``organisation`` (not saved)."""
    ref = organisation.ref.strip()
    return Partner(
        name=organisation.name,
        kind=organisation.kind,
        country=organisation.country,
        iati_identifier=ref if len(ref) <= MAX_IDENTIFIER else "",
    )


class PartnerResolver:
    """The government's partners indexed for resolution; partners created during the import
    are added as they come, so an organisation named by several activities becomes one."""

    def __init__(self, partners: Iterable[Partner]):
        self._by_identifier: dict[str, Partner] = {}
        self._by_name: dict[str, list[Partner]] = {}
        self._seen: set[int] = set()
        partners = list(partners)
        for partner in partners:
            self._index(partner)
        for partner in partners:  # a partner's own IATI identifier wins over an external id
            key = normalise_identifier(partner.external_id)
            if key:
                self._by_identifier.setdefault(key, partner)

    @classmethod
    def load(cls, government: Government) -> PartnerResolver:
        """The government's partners, in one query."""
        return cls(
            Partner.objects.for_tenant(government)
            .only(
                "id", "government_id", "name", "kind", "country", "iati_identifier", "external_id"
            )
            .order_by("pk")
        )

    def _index(self, partner: Partner) -> None:
        key = normalise_identifier(partner.iati_identifier)
        if key:
            self._by_identifier.setdefault(key, partner)
        self._by_name.setdefault(normalise_name(partner.name), []).append(partner)

    def resolve(
        self,
        organisation: Organisation,
        create: Callable[[Organisation], Partner] | None = None,
    ) -> Match:
        """The partner ``organisation`` is; a new one (made by ``create``, or unsaved for a
        preview) when none matches."""
        key = normalise_identifier(organisation.ref)
        found = self._by_identifier.get(key) if key else None
        if found is not None:
            return self._match(organisation, found, BY_IDENTIFIER)
        same_name = self._by_name.get(normalise_name(organisation.name), [])
        for partner in same_name:
            if str(partner.country or "") != organisation.country:
                continue
            own = normalise_identifier(partner.iati_identifier)
            if key and own and own != key:
                continue  # the same name, but another body with its own identifier
            return self._match(organisation, partner, BY_NAME_AND_COUNTRY)
        others = sorted(
            {str(p.country or "") for p in same_name} - {organisation.country},
            key=lambda code: (code == "", code),
        )
        partner = create(organisation) if create else unsaved_partner(organisation)
        self._index(partner)
        return Match(organisation, partner, "", self._first(partner), others)

    def _match(self, organisation: Organisation, partner: Partner, how: str) -> Match:
        return Match(organisation, partner, how, self._first(partner))

    def _first(self, partner: Partner) -> bool:
        if id(partner) in self._seen:
            return False
        self._seen.add(id(partner))
        return True


def distinct_partners(matches: Iterable[Match]) -> list[Partner]:
    """The partners of ``matches``, each once, in order."""
    found: dict[int, Partner] = {}
    for match in matches:
        found.setdefault(id(match.partner), match.partner)
    return list(found.values())
