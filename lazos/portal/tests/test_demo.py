"""The portal and consultations demo steps: deterministic, idempotent, in the language."""

from __future__ import annotations

import pytest

from lazos.consultations.choices import ConsultationStatus, ContributionStatus
from lazos.consultations.demo import load_consultations
from lazos.consultations.models import Consultation, Contribution
from lazos.core.testing.builders import GovernmentFactory, MembershipFactory, UserFactory
from lazos.demo.kit import DemoReport
from lazos.governments.choices import Role
from lazos.portal.demo import load_portal


@pytest.mark.parametrize(
    ("slug", "language", "intro_word", "response_word"),
    [("rio-claro-do-sul", "pt", "prestamos contas", "Vocês pediram"),
     ("villa-esperanza", "es", "rendimos", "Ustedes pidieron")],
)  # fmt: skip
def test_demo_portal_and_consultations(client, db, slug, language, intro_word, response_word):
    government = GovernmentFactory.create(slug=slug, official_languages=[language], is_demo=True)
    MembershipFactory.create(
        government=government,
        user=UserFactory.create(username="coordinator"),
        role=Role.COORDINATOR,
    )
    report = DemoReport()
    load_portal(government, report)
    load_consultations(government, report)
    government.refresh_from_db()
    assert intro_word in government.portal_intro
    assert set(government.portal_intro_translations) == {"es", "en", "fr", "pt"} - {language}
    consultations = Consultation.objects.for_tenant(government)
    assert consultations.filter(status=ConsultationStatus.OPEN).count() == 1
    closed = consultations.get(status=ConsultationStatus.CLOSED)
    assert closed.has_response
    assert response_word in closed.response
    approved = Contribution.objects.for_tenant(government).filter(
        status=ContributionStatus.APPROVED
    )
    assert approved.count() == 5
    before = len(report.created)
    load_portal(government, report)
    load_consultations(government, report)
    assert len(report.created) == before
    assert Contribution.objects.for_tenant(government).count() == 5
    page = client.get(f"/{slug}/consultations/{closed.pk}/").content.decode()
    assert response_word in page
