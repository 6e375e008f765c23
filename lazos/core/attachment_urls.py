"""Documents attached to any object: ``/attachments/…`` (see ``core/attachment_views.py``)."""

from django.urls import path

from lazos.core import attachment_views as views

app_name = "attachments"

urlpatterns = [
    path(
        "<slug:app_label>/<slug:model_name>/<int:object_id>/add/",
        views.AttachmentAddView.as_view(),
        name="attachment-add",
    ),
    path("<int:pk>/download/", views.AttachmentDownloadView.as_view(), name="attachment-download"),
    path("<int:pk>/delete/", views.AttachmentDeleteView.as_view(), name="attachment-delete"),
]
