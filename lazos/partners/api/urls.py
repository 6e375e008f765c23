"""The routes of the partners' API (collected by ``lazos/api/routers.py``)."""

from lazos.api.base import Route
from lazos.partners.api.views import ContactViewSet, PartnerNoteViewSet, PartnerViewSet

routes = [
    Route("partners", PartnerViewSet, "partner"),
    Route("contacts", ContactViewSet, "contact"),
    Route("partner-notes", PartnerNoteViewSet, "partner-note"),
]
