"""Viewsets of the register: partners, agreements, actions, commitments, networks, actors."""

from lazos.api.routers import router
from lazos.api.views.actions import (
    ActionViewSet,
    BudgetLineViewSet,
    CommitmentViewSet,
    MissionViewSet,
    ParticipationViewSet,
    TravellerViewSet,
)
from lazos.api.views.actors import LocalActorViewSet
from lazos.api.views.agreements import AgreementViewSet, SignatoryViewSet
from lazos.api.views.documents import DocumentViewSet
from lazos.api.views.networks import (
    NetworkMembershipViewSet,
    NetworkPostViewSet,
    NetworkViewSet,
)
from lazos.api.views.partners import ContactViewSet, PartnerNoteViewSet, PartnerViewSet

router.register("partners", PartnerViewSet, basename="partner")
router.register("contacts", ContactViewSet, basename="contact")
router.register("partner-notes", PartnerNoteViewSet, basename="partner-note")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("signatories", SignatoryViewSet, basename="signatory")
router.register("actions", ActionViewSet, basename="action")
router.register("budget-lines", BudgetLineViewSet, basename="budget-line")
router.register("participations", ParticipationViewSet, basename="participation")
router.register("missions", MissionViewSet, basename="mission")
router.register("travellers", TravellerViewSet, basename="traveller")
router.register("commitments", CommitmentViewSet, basename="commitment")
router.register("networks", NetworkViewSet, basename="network")
router.register("network-memberships", NetworkMembershipViewSet, basename="network-membership")
router.register("network-posts", NetworkPostViewSet, basename="network-post")
router.register("local-actors", LocalActorViewSet, basename="local-actor")
router.register("documents", DocumentViewSet, basename="document")
