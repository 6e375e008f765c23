"""The public portal: the instance home, each government's site, feeds, robots and sitemap.

No login. Every queryset comes from :mod:`lazos.portal.public`, which holds only public rows;
templates show only public fields. Pages are cached (see :mod:`lazos.portal.cache`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from lazos.actions.choices import Modality
from lazos.consultations.models import Consultation
from lazos.core.content import base_language, localized
from lazos.core.links import absolute_url
from lazos.governments.models import Government
from lazos.portal import jsonld, public
from lazos.portal.search import search_public
from lazos.portal.sitemap import render_sitemap
from lazos.reference.models import Theme
from lazos.results.models import Indicator
from lazos.strategy.models import Objective, Strategy


def portal_intro(government: Government, language: str) -> dict[str, Any]:
    """The government's introduction in ``language`` when written, else the original."""
    language = base_language(language)
    translations = government.portal_intro_translations or {}
    text = str(translations.get(language) or "").strip()
    original = base_language((government.official_languages or ["en"])[0])
    if text:
        return {"text": text, "language": language, "is_fallback": False}
    return {
        "text": government.portal_intro,
        "language": original,
        "is_fallback": language != original,
    }


class PortalMixin:
    """Resolves the government from ``government_slug`` (404 unless its portal is enabled)."""

    request: HttpRequest
    kwargs: dict[str, Any]
    portal_section = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.government = public.portal_government(kwargs["government_slug"])
        response: HttpResponse = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["government"] = self.government
        context["portal_section"] = self.portal_section
        return context


class InstanceHomeView(TemplateView):
    """``/``: the governments on this instance, a search of their public items, a map."""

    template_name = "portal/instance_home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:

        context = super().get_context_data(**kwargs)
        governments = list(
            Government.objects.filter(portal_enabled=True)
            .select_related("place")
            .order_by("name")[:500]
        )
        query = self.request.GET.get("q", "").strip()[:200]
        context.update(
            governments=governments,
            query=query,
            results=search_public(query) if query else None,
            partner_map=jsonld.partner_map(None, _("Public partnerships of every government")),
            jsonld=jsonld.website(self.request),
        )
        return context


class GovernmentHomeView(PortalMixin, TemplateView):
    template_name = "portal/government_home.html"
    portal_section = "home"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:

        context = super().get_context_data(**kwargs)
        g = self.government
        language = translation.get_language() or "en"
        strategy = (
            Strategy.objects.for_tenant(g).public().order_by("-start_year", "-version").first()
        )
        objectives = []
        objective_indicators = []
        if strategy is not None:
            objectives = list(
                Objective.objects.for_tenant(g)
                .filter(strategy=strategy, parent__isnull=True)
                .order_by("position", "code")
            )
            objective_indicators = public.indicator_rows(
                public.with_results(
                    Indicator.objects.for_tenant(g)
                    .public()
                    .filter(objective__strategy=strategy)
                    .select_related("objective")
                )
            )

        context.update(
            intro=portal_intro(g, language),
            strategy=strategy,
            objectives=objectives,
            objective_indicators=objective_indicators,
            agreements=list(public.agreements_in_force(g)[:10]),
            actions=list(public.public_actions(g)[:6]),
            missions=list(public.public_missions(g)[:5]),
            memberships=list(public.public_memberships(g)[:10]),
            consultations=list(
                Consultation.objects.for_tenant(g).public().order_by("-opens_on", "pk")[:5]
            ),
            partner_map=jsonld.partner_map(g, _("Our partners abroad")),
            jsonld=jsonld.government(self.request, g),
        )
        return context


class ActionListView(PortalMixin, TemplateView):
    template_name = "portal/action_list.html"
    portal_section = "actions"
    paginate_by = 20

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        actions = public.public_actions(self.government)
        params = self.request.GET
        modality = params.get("modality", "")
        if modality in Modality.values:
            actions = actions.filter(modality=modality)
        theme = params.get("theme", "")
        if theme:
            actions = actions.filter(themes__code=theme)
        partner = params.get("partner", "")
        if partner.isdigit():
            actions = actions.filter(partners=int(partner))
        year = params.get("year", "")
        if year.isdigit():
            y = int(year)
            actions = actions.filter(
                Q(start_date__year__lte=y) | Q(start_date__isnull=True),
                Q(end_date__year__gte=y) | Q(end_date__isnull=True, start_date__year=y),
            )
        page = Paginator(actions, self.paginate_by).get_page(params.get("page"))
        context.update(
            page_obj=page,
            actions=page.object_list,
            modalities=Modality.choices,
            themes=sorted(Theme.objects.all(), key=lambda t: str(t.name)),
            selected={"modality": modality, "theme": theme, "year": year},
        )
        return context


class ActionDetailView(PortalMixin, TemplateView):
    template_name = "portal/action_detail.html"
    portal_section = "actions"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        action = get_object_or_404(
            public.public_actions(self.government).select_related("mission__destination"),
            pk=self.kwargs["id"],
        )
        indicators = public.indicator_rows(
            public.with_results(
                Indicator.objects.for_tenant(self.government).public().filter(action=action)
            )
        )
        mission = (
            getattr(action, "mission", None)
            if action.modality in public.TRAVEL_MODALITIES
            else None
        )
        context.update(
            action=action,
            indicators=indicators,
            mission=mission,
            travellers=list(mission.travellers.all().only("id", "position")) if mission else [],
            jsonld=jsonld.action(self.request, self.government, action),
        )
        return context


class AgreementListView(PortalMixin, TemplateView):
    template_name = "portal/agreement_list.html"
    portal_section = "agreements"
    paginate_by = 20

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = Paginator(public.public_agreements(self.government), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        context.update(page_obj=page, agreements=page.object_list)
        return context


class AgreementDetailView(PortalMixin, TemplateView):
    template_name = "portal/agreement_detail.html"
    portal_section = "agreements"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agreement = get_object_or_404(
            public.public_agreements(self.government).prefetch_related("attachments"),
            pk=self.kwargs["id"],
        )
        context.update(
            agreement=agreement,
            documents=public.public_documents(agreement),
            actions=list(public.public_actions(self.government).filter(agreement=agreement)[:50]),
            jsonld=jsonld.agreement(self.request, self.government, agreement),
        )
        return context


class AgreementDocumentView(PortalMixin, View):
    """Download a document of a public agreement that is itself marked public."""

    def get(self, request: HttpRequest, government_slug: str, id: int, document: int) -> Any:
        from django.http import FileResponse

        agreement = get_object_or_404(public.public_agreements(self.government), pk=id)
        attachment = next((a for a in public.public_documents(agreement) if a.pk == document), None)
        if attachment is None:
            raise Http404
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.mime_type or "application/octet-stream",
        )


class MissionListView(PortalMixin, TemplateView):
    template_name = "portal/mission_list.html"
    portal_section = "missions"
    paginate_by = 30

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = Paginator(public.public_missions(self.government), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        context.update(
            page_obj=page,
            missions=page.object_list,
            jsonld=[
                jsonld.event(self.request, self.government, m.action) for m in page.object_list
            ],
        )
        return context


class NetworkListView(PortalMixin, TemplateView):
    template_name = "portal/network_list.html"
    portal_section = "networks"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["memberships"] = list(public.public_memberships(self.government)[:500])
        return context


class LanguageView(View):
    """``GET /i18n/set/?language=pt&next=/slug/``: the portal's language switcher.

    A GET form, so that public pages carry no CSRF token and can be cached for everyone.
    Changing one's display language is harmless, so no token is needed.
    """

    def get(self, request: HttpRequest) -> HttpResponse:
        language = request.GET.get("language", "")
        next_url = request.GET.get("next", "/")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = "/"
        response = HttpResponseRedirect(next_url)
        if language in dict(settings.LANGUAGES):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Allow the portal, keep crawlers out of the application, point to the sitemap."""
    disallowed = [
        "/accounts/", "/admin/", "/api/", "/search/", "/partners/", "/agreements/",
        "/actions/", "/commitments/", "/networks/", "/local-actors/", "/calendar/",
        "/spreadsheets/", "/attachments/", "/strategy/", "/results/", "/evaluations/",
        "/relationships/", "/inbox/", "/reports/", "/dashboards/", "/consultations/",
        "/iati/", "/government/", "/governments/", "/departments/", "/members/",
        "/activity/", "/dashboard/", "/language/", "/i18n/",
    ]  # fmt: skip
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in disallowed]
    lines.append(f"Sitemap: {absolute_url(reverse('portal:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def sitemap_xml(request: HttpRequest) -> HttpResponse:

    return HttpResponse(render_sitemap(request), content_type="application/xml; charset=utf-8")


def localized_title(obj: Any) -> str:
    return localized(obj, "title").text


__all__ = [
    "ActionDetailView",
    "ActionListView",
    "AgreementDetailView",
    "AgreementDocumentView",
    "AgreementListView",
    "GovernmentHomeView",
    "InstanceHomeView",
    "LanguageView",
    "MissionListView",
    "NetworkListView",
    "robots_txt",
    "sitemap_xml",
]
