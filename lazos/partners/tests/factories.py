"""Builders of partners, contacts and journal notes (registered for the generic tests)."""

from __future__ import annotations

from decimal import Decimal

import factory

from lazos.core.testing.builders import GovernmentFactory, register_builder
from lazos.governments.models import Government
from lazos.partners.choices import PartnerKind
from lazos.partners.models import Contact, Partner, PartnerNote, PartnerRedirect
from lazos.reference.models import City


def make_city(geonameid: int = 2988507, name: str = "Paris", country: str = "FR") -> City:
    city, _created = City.objects.get_or_create(
        geonameid=geonameid,
        defaults={
            "name": name,
            "ascii_name": name,
            "country": country,
            "population": 2_000_000,
            "latitude": Decimal("48.85341"),
            "longitude": Decimal("2.3488"),
            "timezone": "Europe/Paris",
            "search_text": name.lower(),
        },
    )
    return city


class PartnerFactory(factory.django.DjangoModelFactory[Partner]):
    class Meta:
        model = Partner
        skip_postgeneration_save = True

    government = factory.SubFactory(GovernmentFactory)
    name = factory.Sequence(lambda n: f"Partner city {n}")
    kind = PartnerKind.LOCAL_GOVERNMENT
    country = "ES"


class ContactFactory(factory.django.DjangoModelFactory[Contact]):
    class Meta:
        model = Contact

    partner = factory.SubFactory(PartnerFactory)
    government = factory.SelfAttribute("partner.government")
    name = factory.Sequence(lambda n: f"Contact person {n}")
    role = "Head of international relations"
    email = factory.Sequence(lambda n: f"contact{n}@partner.example")


class PartnerNoteFactory(factory.django.DjangoModelFactory[PartnerNote]):
    class Meta:
        model = PartnerNote

    partner = factory.SubFactory(PartnerFactory)
    government = factory.SelfAttribute("partner.government")
    text = factory.Sequence(lambda n: f"Call number {n} about the youth exchange")


@register_builder(Partner)
def _build_partner(government: Government) -> Partner:
    return PartnerFactory.create(government=government)


@register_builder(Contact)
def _build_contact(government: Government) -> Contact:
    return ContactFactory.create(partner=PartnerFactory.create(government=government))


@register_builder(PartnerNote)
def _build_note(government: Government) -> PartnerNote:
    return PartnerNoteFactory.create(partner=PartnerFactory.create(government=government))


@register_builder(PartnerRedirect)
def _build_redirect(government: Government) -> PartnerRedirect:
    """The old address of a partner merged into another (the merged one no longer exists)."""
    kept = PartnerFactory.create(government=government)
    return PartnerRedirect.objects.create(
        government=government, old_id=kept.pk + 100_000, old_name="Old record", partner=kept
    )
