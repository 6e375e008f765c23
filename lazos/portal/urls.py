"""Public pages: the instance home, robots.txt, sitemap.xml and each government's site."""

from django.urls import path

from lazos.portal import views
from lazos.portal.cache import cached_page
from lazos.portal.feeds import NewsFeed, events_ics

app_name = "portal"

urlpatterns = [
    # The instance home: the public front page of every government on the instance.
    path("", cached_page(views.InstanceHomeView.as_view()), name="home"),
    path("robots.txt", cached_page(views.robots_txt), name="robots"),
    path("sitemap.xml", cached_page(views.sitemap_xml), name="sitemap"),
    path("i18n/set/", views.LanguageView.as_view(), name="set-language"),
    path(
        "<slug:government_slug>/",
        cached_page(views.GovernmentHomeView.as_view()),
        name="government",
    ),
    path(
        "<slug:government_slug>/actions/",
        cached_page(views.ActionListView.as_view()),
        name="actions",
    ),
    path(
        "<slug:government_slug>/actions/<int:id>/",
        cached_page(views.ActionDetailView.as_view()),
        name="action",
    ),
    path(
        "<slug:government_slug>/agreements/",
        cached_page(views.AgreementListView.as_view()),
        name="agreements",
    ),
    path(
        "<slug:government_slug>/agreements/<int:id>/",
        cached_page(views.AgreementDetailView.as_view()),
        name="agreement",
    ),
    path(
        "<slug:government_slug>/agreements/<int:id>/documents/<int:document>/",
        views.AgreementDocumentView.as_view(),
        name="agreement-document",
    ),
    path(
        "<slug:government_slug>/missions/",
        cached_page(views.MissionListView.as_view()),
        name="missions",
    ),
    path(
        "<slug:government_slug>/networks/",
        cached_page(views.NetworkListView.as_view()),
        name="networks",
    ),
    path("<slug:government_slug>/events.ics", cached_page(events_ics), name="events-ics"),
    path("<slug:government_slug>/feed.atom", cached_page(NewsFeed()), name="feed-atom"),
]
