"""Acceptance points of the "cities learning from cities" issue on the real demo: its good
practices, network positions, community threads and closed emergency, and peer matching for
the demo's solid-waste action (public evidence only)."""

import pytest
from django.test import Client
from django.urls import reverse

from lazos.accounts.models import User
from lazos.actions.choices import Modality
from lazos.actions.models import Action
from lazos.community.models import Answer, Question
from lazos.governments.middleware import SESSION_KEY
from lazos.matching.engine import GOVERNMENT, seeker_for_action, suggest
from lazos.networks.models import Endorsement, Position
from lazos.practices.choices import TransferKind
from lazos.practices.models import GoodPractice, PracticeTransfer
from lazos.solidarity.choices import EmergencyStatus
from lazos.solidarity.models import Emergency

pytestmark = pytest.mark.django_db

SLUGS = ("villa-esperanza", "rio-claro-do-sul", "lac-saint-amand")


@pytest.fixture
def demo(loaded_demo):
    return {slug: loaded_demo[slug] for slug in SLUGS}


def test_the_peer_network_demo(demo):
    villa, rio, lac = (demo[slug] for slug in SLUGS)

    # 12 good practices across the three governments, most of them published, with marks.
    practices = GoodPractice.objects.all()
    assert practices.count() == 12
    assert {p.government_id for p in practices} == {villa.pk, rio.pk, lac.pk}
    assert practices.published().count() >= 10
    assert PracticeTransfer.objects.filter(kind=TransferKind.ADAPTED).exists()
    assert PracticeTransfer.objects.filter(kind=TransferKind.INTERESTED).exists()
    assert all(
        t.government_id != t.practice.government_id
        for t in PracticeTransfer.objects.select_related("practice")
    )

    # A network with positions endorsed by other member governments.
    positions = Position.objects.published()
    assert positions.exists()
    assert any(
        e.government_id != e.position.government_id
        for e in Endorsement.objects.select_related("position")
    )

    # Community threads answered across governments.
    questions = Question.objects.visible()
    assert questions.count() >= 4
    assert any(
        answer.government_id != answer.question.government_id
        for answer in Answer.objects.select_related("question")
    )

    # One closed emergency; the help is emergency aid in all three registers.
    emergency = Emergency.objects.get()
    assert emergency.status == EmergencyStatus.CLOSED
    assert emergency.government_id == rio.pk
    for government in (villa, rio, lac):
        assert (
            Action.objects.for_tenant(government).filter(modality=Modality.EMERGENCY_AID).exists()
        )


def test_peer_matching_on_the_demo_waste_action(demo):
    villa, rio, lac = (demo[slug] for slug in SLUGS)
    action = (
        Action.objects.for_tenant(villa)
        .filter(themes__code="waste", title__icontains="residuos")
        .first()
    )
    assert action is not None, "the demo has a solid-waste action in Villa Esperanza"

    result = suggest(seeker_for_action(action))
    ranked = [s for s in result.ranking + result.partners if s.kind == GOVERNMENT]
    by_slug = {s.government.slug: s for s in ranked if s.government is not None}
    assert "rio-claro-do-sul" in by_slug, "Rio Claro has public waste actions and practices"
    rio_reasons = {reason.key for reason in by_slug["rio-claro-do-sul"].reasons}
    assert "themes" in rio_reasons
    # Lac-Saint-Amand has no public waste work: below Rio Claro, or not suggested at all.
    lac_suggestion = by_slug.get(lac.slug)
    if lac_suggestion is not None:
        assert lac_suggestion.score < by_slug["rio-claro-do-sul"].score
        assert "waste" not in lac_suggestion.themes
    assert "waste" in by_slug["rio-claro-do-sul"].themes

    # The page as Villa Esperanza's coordinator: reasons shown, no private action of others.
    coordinator = User.objects.get(username="coordinator")
    client = Client()
    client.force_login(coordinator)
    session = client.session
    session[SESSION_KEY] = villa.pk
    session.save()
    page = client.get(reverse("matching:action", args=[action.pk])).content.decode()
    assert rio.name in page
    assert "Shared themes" in page
    private = Action.objects.exclude(government=villa).filter(is_public=False)
    assert private.exists()
    leaked = [a.title for a in private if a.title in page]
    assert leaked == []
