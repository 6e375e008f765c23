from django.urls import path

from lazos.agreements import bulk, views
from lazos.core.bulk_views import bulk_urlpatterns
from lazos.core.routing import object_urlpatterns

app_name = "agreements"

urlpatterns = [
    *object_urlpatterns(
        "agreement",
        list=views.AgreementListView,
        create=views.AgreementCreateView,
        detail=views.AgreementDetailView,
        edit=views.AgreementUpdateView,
        delete=views.AgreementDeleteView,
        history=views.AgreementHistoryView,
    ),
    *bulk_urlpatterns(bulk.AGREEMENTS),
    path("search/", views.AgreementSearchView.as_view(), name="agreement-search"),
    path(
        "<int:pk>/translations/",
        views.AgreementTranslationsView.as_view(),
        name="agreement-translations",
    ),
    path("<int:pk>/status/", views.AgreementTransitionView.as_view(), name="agreement-transition"),
    path("<int:pk>/signatories/add/", views.SignatoryCreateView.as_view(), name="signatory-add"),
    path("signatories/<int:pk>/edit/", views.SignatoryUpdateView.as_view(), name="signatory-edit"),
    path(
        "signatories/<int:pk>/delete/",
        views.SignatoryDeleteView.as_view(),
        name="signatory-delete",
    ),
]
