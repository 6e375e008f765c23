from django.urls import path

from lazos.agreements import views
from lazos.portal.translations import AgreementTranslationsView

app_name = "agreements"

urlpatterns = [
    path("", views.AgreementListView.as_view(), name="agreement-list"),
    path("new/", views.AgreementCreateView.as_view(), name="agreement-create"),
    path("search/", views.AgreementSearchView.as_view(), name="agreement-search"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="agreement-detail"),
    path("<int:pk>/edit/", views.AgreementUpdateView.as_view(), name="agreement-edit"),
    path("<int:pk>/delete/", views.AgreementDeleteView.as_view(), name="agreement-delete"),
    path("<int:pk>/history/", views.AgreementHistoryView.as_view(), name="agreement-history"),
    path(
        "<int:pk>/translations/", AgreementTranslationsView.as_view(), name="agreement-translations"
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
