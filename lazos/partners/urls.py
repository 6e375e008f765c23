from django.urls import path

from lazos.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.PartnerListView.as_view(), name="partner-list"),
    path("new/", views.PartnerCreateView.as_view(), name="partner-create"),
    path("search/", views.PartnerSearchView.as_view(), name="partner-search"),
    path("<int:pk>/", views.PartnerDetailView.as_view(), name="partner-detail"),
    path("<int:pk>/edit/", views.PartnerUpdateView.as_view(), name="partner-edit"),
    path("<int:pk>/delete/", views.PartnerDeleteView.as_view(), name="partner-delete"),
    path("<int:pk>/history/", views.PartnerHistoryView.as_view(), name="partner-history"),
    path("<int:pk>/contacts/add/", views.ContactCreateView.as_view(), name="contact-create"),
    path("contacts/<int:pk>/edit/", views.ContactUpdateView.as_view(), name="contact-edit"),
    path("contacts/<int:pk>/delete/", views.ContactDeleteView.as_view(), name="contact-delete"),
    path("<int:pk>/notes/add/", views.PartnerNoteCreateView.as_view(), name="note-create"),
    path("notes/<int:pk>/delete/", views.PartnerNoteDeleteView.as_view(), name="note-delete"),
]
