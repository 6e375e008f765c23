from django.urls import path

from lazos.core.bulk_views import bulk_urlpatterns
from lazos.core.routing import object_urlpatterns
from lazos.partners import bulk, views

app_name = "partners"

urlpatterns = [
    *object_urlpatterns(
        "partner",
        list=views.PartnerListView,
        create=views.PartnerCreateView,
        detail=views.PartnerDetailView,
        edit=views.PartnerUpdateView,
        delete=views.PartnerDeleteView,
        history=views.PartnerHistoryView,
    ),
    *bulk_urlpatterns(bulk.PARTNERS),
    path("search/", views.PartnerSearchView.as_view(), name="partner-search"),
    path("duplicates/", views.PartnerDuplicatesView.as_view(), name="partner-duplicates"),
    path(
        "duplicate-check/",
        views.PartnerDuplicateCheckView.as_view(),
        name="partner-duplicate-check",
    ),
    path("<int:pk>/merge/", views.PartnerMergeView.as_view(), name="partner-merge"),
    path("<int:pk>/contacts/add/", views.ContactCreateView.as_view(), name="contact-create"),
    path("contacts/<int:pk>/edit/", views.ContactUpdateView.as_view(), name="contact-edit"),
    path("contacts/<int:pk>/delete/", views.ContactDeleteView.as_view(), name="contact-delete"),
    path("<int:pk>/notes/add/", views.PartnerNoteCreateView.as_view(), name="note-create"),
    path("notes/<int:pk>/delete/", views.PartnerNoteDeleteView.as_view(), name="note-delete"),
]
