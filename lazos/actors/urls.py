from lazos.actors import views
from lazos.core.routing import object_urlpatterns

app_name = "actors"

urlpatterns = object_urlpatterns(
    "actor",
    list=views.LocalActorListView,
    create=views.LocalActorCreateView,
    detail=views.LocalActorDetailView,
    edit=views.LocalActorUpdateView,
    delete=views.LocalActorDeleteView,
    history=views.LocalActorHistoryView,
)
