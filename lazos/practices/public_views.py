"""The good practices on a government's public site: its published practices, in the visitor's
language when translated. No sign-in; cached like the rest of the portal.

Public fields of a published practice: everything its authors wrote for it (title, summary,
context, what was done, results, resources and cost, conditions for transfer, contact person,
role and email, languages of the materials, start), its indicators, themes and SDG targets,
its linked actions that are public (their public fields), and its transfer log (which
government marked it, how, when). Not public: the department, drafts, the notes of the
transfer log and who recorded them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from lazos.core.content import original_language
from lazos.governments.models import Government
from lazos.portal.views import PortalMixin
from lazos.practices.models import GoodPractice, PracticeTransfer
from lazos.practices.views import language_names, practice_detail_queryset, public_actions_of


def published_practices(government: Government) -> QuerySet[GoodPractice]:
    return (
        GoodPractice.objects.for_tenant(government)
        .published()
        .select_related("government")
        .prefetch_related("themes")
        .with_transfer_counts()
        .order_by("-published_at", "title", "pk")
    )


class PublicPracticeListView(PortalMixin, TemplateView):
    template_name = "practices/public/practice_list.html"
    portal_section = "practices"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["practices"] = list(published_practices(self.government)[:200])
        return context


class PublicPracticeDetailView(PortalMixin, TemplateView):
    template_name = "practices/public/practice_detail.html"
    portal_section = "practices"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        practice = get_object_or_404(
            practice_detail_queryset(GoodPractice.objects.for_tenant(self.government).published()),
            pk=self.kwargs["id"],
        )
        context.update(
            practice=practice,
            public_actions=list(public_actions_of(practice)),
            transfers=list(
                PracticeTransfer.objects.of_practice(practice)
                .select_related("government")
                .order_by("-created_at", "pk")
            ),
            material_languages=language_names(practice.material_languages),
            original_language=original_language(practice),
        )
        return context
