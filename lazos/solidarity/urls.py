from django.urls import path

from lazos.core.routing import object_urlpatterns
from lazos.solidarity import views

app_name = "solidarity"

urlpatterns = [
    path("", views.BoardView.as_view(), name="board"),
    path("declare/", views.EmergencyDeclareView.as_view(), name="emergency-declare"),
    *object_urlpatterns(
        "emergency",
        detail=views.EmergencyDetailView,
        edit=views.EmergencyUpdateView,
        history=views.EmergencyHistoryView,
    ),
    path("<int:pk>/close/", views.EmergencyCloseView.as_view(), name="emergency-close"),
    path("<int:pk>/needs/add/", views.NeedCreateView.as_view(), name="need-create"),
    path("needs/<int:pk>/edit/", views.NeedUpdateView.as_view(), name="need-edit"),
    path("needs/<int:pk>/withdraw/", views.NeedWithdrawView.as_view(), name="need-withdraw"),
    path("needs/<int:pk>/met/", views.NeedMetView.as_view(), name="need-met"),
    path("needs/<int:pk>/offer/", views.OfferCreateView.as_view(), name="offer-create"),
    path("offers/<int:pk>/accept/", views.OfferAcceptView.as_view(), name="offer-accept"),
    path("offers/<int:pk>/decline/", views.OfferDeclineView.as_view(), name="offer-decline"),
    path("offers/<int:pk>/deliver/", views.OfferDeliverView.as_view(), name="offer-deliver"),
    path("offers/<int:pk>/withdraw/", views.OfferWithdrawView.as_view(), name="offer-withdraw"),
]
