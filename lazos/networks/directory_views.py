"""The network directory: public pages about the networks present on the instance.

Anyone may read them (anonymous visitors get the portal's layout, signed-in people the
office's). Every row of another government comes from an explicit sharing QuerySet:
``NetworkMembership.objects.public()`` (through :func:`directory_memberships`),
``NetworkPost.objects.public()``, ``Action.objects.public()``, ``Position.objects.published()``
and ``Endorsement.objects.public()``; only the public fields listed in
``lazos.portal.public`` are read. A signed-in administrator or coordinator of an eligible
government can endorse an open position from its page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from django.views.generic.base import ContextMixin

from lazos.actions.choices import Modality
from lazos.actions.models import Action
from lazos.core.content import base_language, original_language
from lazos.core.models import Attachment
from lazos.core.permissions import Operation, policy_for
from lazos.core.views import GovernmentScopedMixin
from lazos.networks import services
from lazos.networks.choices import PositionStatus
from lazos.networks.directory import (
    DirectoryNetwork,
    directory_memberships,
    group_directory,
    key_of,
    public_network_ids,
)
from lazos.networks.filtersets import DirectoryFilterSet
from lazos.networks.forms import EndorsementForm
from lazos.networks.models import Endorsement, NetworkMembership, NetworkPost, Position

EVENT_MODALITIES = (Modality.EVENT, Modality.NETWORK_ACTIVITY)
OFFICE_LAYOUT = "networks/directory/layout_office.html"
PORTAL_LAYOUT = "networks/directory/layout_portal.html"


def visitor_language() -> str:
    return base_language(get_language() or "en")


class DirectoryMixin(ContextMixin):
    """Public page: the office layout for a signed-in person, the portal's for a visitor."""

    request: HttpRequest
    kwargs: dict[str, Any]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        signed_in = self.request.user.is_authenticated
        context["layout"] = OFFICE_LAYOUT if signed_in else PORTAL_LAYOUT
        return context


class DirectoryView(DirectoryMixin, TemplateView):
    """``/directory/``: every network with at least one public membership on the instance."""

    template_name = "networks/directory/directory.html"
    paginate_by = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        memberships = list(directory_memberships())
        filterset = DirectoryFilterSet(
            self.request.GET or None,
            queryset=NetworkMembership.objects.public().current(),
        )
        networks = group_directory(memberships, visitor_language())
        if filterset.is_bound:
            if filterset.is_valid():
                matching = set(filterset.qs.values_list("pk", flat=True))
                networks = {
                    key: network
                    for key, network in networks.items()
                    if any(m.pk in matching for m in network.memberships)
                }
            else:
                networks = {}
        open_by_network: dict[int, int] = {}
        for network_id in (
            Position.objects.published()
            .filter(status=PositionStatus.OPEN)
            .values_list("network_id", flat=True)
        ):
            open_by_network[network_id] = open_by_network.get(network_id, 0) + 1
        for network in networks.values():
            network.open_positions = sum(
                open_by_network.get(network_id, 0) for network_id in network.network_ids
            )
        page = Paginator(list(networks.values()), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        context.update(filter=filterset, page_obj=page, networks=page.object_list)
        return context


class DirectoryNetworkView(DirectoryMixin, TemplateView):
    """``/directory/<key>/``: a network's members, posts held, events and positions."""

    template_name = "networks/directory/network.html"

    def get_network(self) -> DirectoryNetwork:
        key = self.kwargs["key"]
        memberships = [m for m in directory_memberships() if key_of(m.network) == key]
        if not memberships:
            raise Http404
        return group_directory(memberships, visitor_language())[key]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        network = self.get_network()
        by_membership = {m.pk: m for m in network.memberships}
        posts = [
            (post, by_membership[post.membership_id].government)
            for post in NetworkPost.objects.public()
            .filter(membership_id__in=list(by_membership))
            .only("id", "membership_id", "title", "start", "end")
            .order_by(F("start").desc(nulls_last=True), "title", "pk")
        ]
        context.update(
            network=network,
            members=sorted(network.memberships, key=lambda m: m.government.name.lower()),
            posts=posts,
            events=network_events(network),
            positions=list(
                Position.objects.published()
                .filter(network_id__in=network.network_ids)
                .select_related("government")
                .annotate(endorsement_count=Count("endorsements"))
                .order_by(F("opened_on").desc(nulls_last=True), "-pk")[:100]
            ),
        )
        return context


def network_events(network: DirectoryNetwork, limit: int = 50) -> list[Action]:
    """Public events and network activities of the members, with the network as a partner
    (each member's own partner record of the network). One query, or none."""
    condition = Q()
    for membership in network.memberships:
        if membership.network.partner_id:
            condition |= Q(
                government_id=membership.government_id, partners=membership.network.partner_id
            )
    if not condition:
        return []
    linked = Action.objects.public().filter(condition).values("pk")
    return list(
        Action.objects.public()
        .filter(pk__in=linked, modality__in=EVENT_MODALITIES)
        .select_related("government")
        .only(
            "id",
            "title",
            "language",
            "translations",
            "modality",
            "start_date",
            "end_date",
            "government__id",
            "government__name",
            "government__slug",
            "government__portal_enabled",
            "government__official_languages",
        )
        .order_by(F("start_date").desc(nulls_last=True), "pk")[:limit]
    )


def published_position(position_id: int) -> Position:
    """A published position of any government (a draft is a 404, like a missing one)."""
    return get_object_or_404(
        Position.objects.published().select_related("government", "network"), pk=position_id
    )


class PositionView(DirectoryMixin, TemplateView):
    """``/directory/positions/<id>/``: a published position, its endorsements and, for a
    member who may endorse on behalf of their government, the form to do it."""

    template_name = "networks/directory/position.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        position = get_object_or_404(
            Position.objects.published()
            .select_related("government", "network")
            .prefetch_related(
                Prefetch(
                    "attachments",
                    queryset=Attachment.objects.filter(is_public=True).order_by(
                        "title", "-version"
                    ),
                )
            ),
            pk=self.kwargs["id"],
        )
        endorsements = list(
            Endorsement.objects.public()
            .filter(position=position)
            .select_related("government")
            .only(
                "id",
                "position_id",
                "government__id",
                "government__name",
                "government__slug",
                "government__portal_enabled",
                "signatory",
                "endorsed_on",
                "note",
            )
            .order_by("endorsed_on", "pk")
        )
        key = key_of(position.network)
        documents: dict[str, Attachment] = {}
        for attachment in position.attachments.all():  # the public ones (prefetched above)
            documents.setdefault(attachment.title, attachment)  # the latest version of each
        context.update(
            position=position,
            author=position.government,
            endorsements=endorsements,
            documents=list(documents.values()),
            original_language=original_language(position),
            directory_key=key if public_network_ids([key]) else "",
        )
        context.update(self.endorsement_context(position, endorsements))
        return context

    def endorsement_context(
        self, position: Position, endorsements: list[Endorsement]
    ) -> dict[str, Any]:
        """What the signed-in member may do for their current government."""
        government = getattr(self.request, "government", None)
        membership = getattr(self.request, "membership", None)
        if government is None or membership is None:
            return {}
        policy = policy_for(Endorsement)
        ours = next((e for e in endorsements if e.government_id == government.pk), None)
        may_endorse = policy.allows(membership, Operation.ADD)
        refusal = None if ours else services.endorsement_refusal(government, position)
        return {
            "acting_government": government,
            "our_endorsement": ours,
            "may_endorse": may_endorse,
            "refusal": refusal,
            "endorsement_form": EndorsementForm()
            if may_endorse and not refusal and not ours
            else None,
            "can_withdraw": ours is not None
            and position.is_open_for_endorsement
            and policy.allows(membership, Operation.DELETE),
        }


class PositionEndorseView(GovernmentScopedMixin, View):
    """POST: endorse a position on behalf of the current government."""

    model = Endorsement
    permission_action = Operation.ADD
    http_method_names = ["post"]

    def post(self, request: HttpRequest, id: int) -> HttpResponse:
        position = published_position(id)
        form = EndorsementForm(request.POST)
        if form.is_valid():
            try:
                services.endorse_position(
                    self.government,
                    position=position,
                    acting_user=self.acting_user,
                    signatory=form.cleaned_data["signatory"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    _("%(government)s endorsed this position.")
                    % {"government": self.government.name},
                )
        else:
            for name, problems in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                for problem in problems:
                    messages.error(
                        request, _("%(field)s: %(error)s") % {"field": label, "error": problem}
                    )
        return HttpResponseRedirect(position.get_public_url() + "#endorsements")


class PositionWithdrawView(GovernmentScopedMixin, View):
    """POST: withdraw the current government's endorsement of an open position."""

    model = Endorsement
    permission_action = Operation.DELETE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, id: int) -> HttpResponse:
        position = published_position(id)
        try:
            services.withdraw_endorsement(
                self.government, position=position, acting_user=self.acting_user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(government)s withdrew its endorsement.")
                % {"government": self.government.name},
            )
        return HttpResponseRedirect(position.get_public_url() + "#endorsements")


class PositionDocumentView(View):
    """Download a document of a published position that is itself marked public."""

    def get(self, request: HttpRequest, id: int, document: int) -> FileResponse:
        position = published_position(id)
        attachment = position.attachments.filter(is_public=True, pk=document).first()
        if attachment is None:
            raise Http404
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.mime_type or "application/octet-stream",
        )
