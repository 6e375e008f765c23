from django.urls import path

from lazos.relationships import views

app_name = "relationships"

urlpatterns = [
    path("", views.RelationshipListView.as_view(), name="relationship-list"),
    path(
        "agreements/<int:pk>/", views.AgreementRelationshipView.as_view(), name="agreement-detail"
    ),
    path(
        "agreements/<int:pk>/review/", views.AgreementReviewView.as_view(), name="agreement-review"
    ),
    path("partners/<int:pk>/", views.PartnerRelationshipView.as_view(), name="partner-detail"),
    path("partners/<int:pk>/review/", views.PartnerReviewView.as_view(), name="partner-review"),
]
