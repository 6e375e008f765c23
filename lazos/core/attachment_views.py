"""Documents attached to any object of a government: upload, download, delete.

The object a document belongs to decides who may do what: everyone who may see it may
download its documents; who may change it (its model's ``permission_policy``) may upload and
delete them. Another government's object or document is a 404, like a missing one.
The panel that lists them and holds the upload form is ``core/includes/attachments.html``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, View

from lazos.core.attachments import ALLOWED_TYPES, attach_file, delete_attachment
from lazos.core.deletion import DeletionSummary
from lazos.core.models import Attachment, AttachmentKind, AuditEvent, TenantModel
from lazos.core.permissions import Operation, policy_for
from lazos.core.views import GovernmentScopedMixin

if TYPE_CHECKING:
    from lazos.governments.models import Government


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, image, office document, CSV or text."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(ALLOWED_TYPES))}),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_(
            "Uploading with the title of an existing document adds a new version of it. "
            "Empty: the file's name."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind of document"), choices=AttachmentKind.choices, initial=AttachmentKind.OTHER
    )
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        help_text=_("Public files can appear on the public portal."),
    )


def _parent_of(attachment: Attachment, government: Government) -> Model:
    """The object the document belongs to, in the current government (404 otherwise)."""
    model = attachment.content_type.model_class()
    if model is None or not issubclass(model, TenantModel):
        raise Http404
    parent = model.objects.for_tenant(government).filter(pk=attachment.object_id).first()
    if parent is None:
        raise Http404
    return parent


def _parent_url(parent: Model) -> str:
    url = getattr(parent, "get_absolute_url", None)
    return url() if callable(url) else "/"


class AttachmentAddView(GovernmentScopedMixin, View):
    """``POST`` a file to any object of the government; back to the object's page.

    The URL names the object by app label, model name and id. A refused file (type, content
    or size) is reported in a message naming the file, and nothing is stored.
    """

    http_method_names = ["post"]
    permission_action = Operation.CHANGE
    model: type[Model]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            model = apps.get_model(kwargs["app_label"], kwargs["model_name"])
        except LookupError:
            raise Http404 from None
        if not issubclass(model, TenantModel) or model in (Attachment, AuditEvent):
            raise Http404
        self.model = model
        return super().dispatch(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        parent = get_object_or_404(self.get_queryset(), pk=kwargs["object_id"])
        if not self.can(Operation.CHANGE, parent):
            raise PermissionDenied
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                attachment = attach_file(
                    parent,
                    acting_user=self.acting_user,
                    upload=upload,
                    title=form.cleaned_data["title"],
                    kind=form.cleaned_data["kind"],
                    is_public=form.cleaned_data["is_public"],
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    _("“%(name)s” was attached as version %(version)s of “%(title)s”.")
                    % {
                        "name": attachment.original_name,
                        "version": attachment.version,
                        "title": attachment.title,
                    },
                )
        else:
            name = getattr(request.FILES.get("file"), "name", "")
            for field, problems in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for problem in problems:
                    if name:
                        messages.error(
                            request,
                            _("“%(name)s”: %(field)s: %(error)s")
                            % {"name": name, "field": label, "error": problem},
                        )
                    else:
                        messages.error(
                            request,
                            _("%(field)s: %(error)s") % {"field": label, "error": problem},
                        )
        return HttpResponseRedirect(_parent_url(parent) + "#documents")


class AttachmentMixin(GovernmentScopedMixin):
    """An attachment of the current government, and the object it belongs to."""

    model = Attachment
    parent_action = Operation.VIEW
    kwargs: dict[str, Any]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("content_type")

    def get_attachment(self) -> Attachment:
        attachment: Attachment = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        self.parent = _parent_of(attachment, self.government)
        if not policy_for(self.parent).allows_on(self.membership, self.parent_action, self.parent):
            raise PermissionDenied
        return attachment


class AttachmentDownloadView(AttachmentMixin, View):
    """Stream the file, as a download under its original name."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        attachment = self.get_attachment()
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.mime_type or "application/octet-stream",
        )


class _Deletable:
    """What the generic delete confirmation shows for a document: its name, and the way back
    to the object it belongs to."""

    def __init__(self, attachment: Attachment, parent: Model) -> None:
        self.attachment, self.parent = attachment, parent
        self.pk = attachment.pk

    def __str__(self) -> str:
        return f"{self.attachment} — {self.attachment.original_name}"

    def get_absolute_url(self) -> str:
        return _parent_url(self.parent) + "#documents"


class AttachmentDeleteView(AttachmentMixin, DetailView[Attachment]):
    """Confirm, then delete one version of a document (audited; who may change the object)."""

    parent_action = Operation.CHANGE
    template_name = "core/object_confirm_delete.html"

    def get_object(self, queryset: Any = None) -> Any:
        return self.get_attachment()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(object=_Deletable(self.object, self.parent), deletion=DeletionSummary())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        attachment = self.get_attachment()
        back = _parent_url(self.parent) + "#documents"
        delete_attachment(attachment, acting_user=self.acting_user)
        messages.success(
            request,
            _("Version %(version)s of “%(title)s” was deleted.")
            % {"version": attachment.version, "title": attachment.title},
        )
        return HttpResponseRedirect(back)
