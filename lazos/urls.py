from django.urls import include, path

from lazos.accounts.views import PrivacyNoticeView

urlpatterns = [
    path("", include("lazos.core.urls")),
    path("accounts/", include("lazos.accounts.urls")),
    path("reference/", include("lazos.reference.urls")),
    path("partners/", include("lazos.partners.urls")),
    path("local-actors/", include("lazos.actors.urls")),
    path("agreements/", include("lazos.agreements.urls")),
    path("", include("lazos.actions.urls")),  # actions/, commitments/
    path("networks/", include("lazos.networks.urls")),
    path("search/", include("lazos.search.urls")),
    path("spreadsheets/", include("lazos.spreadsheets.urls")),
    path("calendar/", include("lazos.agenda.urls")),
    path("attachments/", include("lazos.core.attachment_urls")),
    path("jobs/", include("lazos.core.job_urls")),
    path("saved-views/", include("lazos.core.saved_view_urls")),
    path("api/webhooks/", include("lazos.webhooks.urls")),  # web pages, beside the tokens'
    path("api/", include("lazos.api.urls")),
    path("strategy/", include("lazos.strategy.urls")),
    path("results/", include("lazos.results.urls")),
    path("evaluations/", include("lazos.evaluations.urls")),
    path("relationships/", include("lazos.relationships.urls")),
    path("inbox/", include("lazos.reminders.urls")),
    path("reports/", include("lazos.reports.urls")),
    path("dashboards/", include("lazos.dashboards.urls")),
    path("consultations/", include("lazos.consultations.urls")),
    path("iati/", include("lazos.iati.urls")),
    path("practices/", include("lazos.practices.urls")),
    path("peers/", include("lazos.matching.urls")),
    path("community/", include("lazos.community.urls")),
    path("solidarity/", include("lazos.solidarity.urls")),
    path("directory/", include("lazos.networks.directory_urls")),
    path("", include("lazos.governments.urls")),
    path("privacy/", PrivacyNoticeView.as_view(), name="privacy"),
    # Last: the public portal, whose government sites live at /<government-slug>/.
    path("", include("lazos.portal.urls")),
    path("<slug:government_slug>/open-data/", include("lazos.iati.public_urls")),
    path("<slug:government_slug>/open-data/", include("lazos.opendata.urls")),
    path("<slug:government_slug>/consultations/", include("lazos.consultations.public_urls")),
    path("<slug:government_slug>/practices/", include("lazos.practices.public_urls")),
]

handler403 = "lazos.core.errors.permission_denied"
handler404 = "lazos.core.errors.page_not_found"
handler500 = "lazos.core.errors.server_error"  # a database that cannot be reached: 503
