"""The routes of the agreements' API (collected by ``lazos/api/routers.py``)."""

from lazos.agreements.api.views import AgreementViewSet, SignatoryViewSet
from lazos.api.base import Route

routes = [
    Route("agreements", AgreementViewSet, "agreement"),
    Route("signatories", SignatoryViewSet, "signatory"),
]
