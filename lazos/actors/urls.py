from lazos.actors import bulk, views
from lazos.core.bulk_views import bulk_urlpatterns
from lazos.core.routing import object_urlpatterns

app_name = "actors"

urlpatterns = [
    *object_urlpatterns(
        "actor",
        list=views.LocalActorListView,
        create=views.LocalActorCreateView,
        detail=views.LocalActorDetailView,
        edit=views.LocalActorUpdateView,
        delete=views.LocalActorDeleteView,
        history=views.LocalActorHistoryView,
    ),
    *bulk_urlpatterns(bulk.ACTORS),
]
