"""Factories of agreements and the object builders of the generic tests (registered on import).

The builder of ``core.Attachment`` lives here too: attachments are addressed by id under
``/attachments/``, and an agreement is the natural object to attach them to.
"""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.contenttypes.models import ContentType

from lazos.agreements.choices import AgreementKind, AgreementStatus, Side
from lazos.agreements.models import Agreement, AgreementTransition, Signatory
from lazos.core.models import Attachment, AttachmentKind
from lazos.core.testing.builders import GovernmentFactory, register_builder
from lazos.governments.models import Government
from lazos.partners.choices import PartnerKind
from lazos.partners.models import Partner


def make_partner(government: Government, name: str = "Porto", **values: Any) -> Partner:
    values.setdefault("kind", PartnerKind.LOCAL_GOVERNMENT)
    values.setdefault("country", "PT")
    return Partner.objects.create(government=government, name=name, **values)


class AgreementFactory(factory.django.DjangoModelFactory[Agreement]):
    """An agreement; ``partners=[...]`` sets its parties (a new partner by default)."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    government = factory.SubFactory(GovernmentFactory)
    title = factory.Sequence(lambda n: f"Cooperation agreement {n}")
    kind = AgreementKind.COOPERATION
    status = AgreementStatus.DRAFT

    @factory.post_generation
    def partners(obj: Agreement, create: bool, extracted: list[Partner] | None, **kwargs: Any):
        if not create:
            return
        if extracted is None:
            extracted = [make_partner(obj.government, f"Partner of {obj.title}")]
        obj.partners.set(extracted)


class SignatoryFactory(factory.django.DjangoModelFactory[Signatory]):
    class Meta:
        model = Signatory

    agreement = factory.SubFactory(AgreementFactory)
    government = factory.SelfAttribute("agreement.government")
    side = Side.OURS
    name = factory.Sequence(lambda n: f"Signing person {n}")
    position = "Mayor"


class TransitionFactory(factory.django.DjangoModelFactory[AgreementTransition]):
    class Meta:
        model = AgreementTransition

    agreement = factory.SubFactory(AgreementFactory)
    government = factory.SelfAttribute("agreement.government")
    from_status = AgreementStatus.DRAFT
    to_status = AgreementStatus.NEGOTIATION
    on = factory.Faker("date_object")


def attachment_row(target: Any, *, title: str = "Signed text", version: int = 1) -> Attachment:
    """An unsaved attachment row of ``target`` (its file is never read: for lists, counts and
    the isolation walk; real uploads go through ``core.attachments.attach_file``)."""
    return Attachment(
        government_id=target.government_id,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        title=title,
        kind=AttachmentKind.SIGNED_TEXT,
        file=f"attachments/{target.government_id}/test/{title}-{version}.pdf",
        original_name=f"{title}.pdf",
        size=1234,
        mime_type="application/pdf",
        version=version,
    )


@register_builder(Agreement)
def _build_agreement(government: Government) -> Agreement:
    return AgreementFactory.create(government=government, title="Secret twinning agreement")


@register_builder(Signatory)
def _build_signatory(government: Government) -> Signatory:
    agreement = AgreementFactory.create(government=government)
    return SignatoryFactory.create(agreement=agreement, name="Secret signatory")


@register_builder(Attachment)
def _build_attachment(government: Government) -> Attachment:
    attachment = attachment_row(
        AgreementFactory.create(government=government), title="Secret annex"
    )
    attachment.save()
    return attachment
