from django.urls import path

from lazos.core.routing import object_urlpatterns
from lazos.webhooks import views

app_name = "webhooks"

urlpatterns = [
    *object_urlpatterns(
        "subscription",
        list=views.SubscriptionListView,
        create=views.SubscriptionCreateView,
        detail=views.SubscriptionDetailView,
        edit=views.SubscriptionUpdateView,
        delete=views.SubscriptionDeleteView,
        history=views.SubscriptionHistoryView,
    ),
    path(
        "<int:pk>/rotate-secret/",
        views.SubscriptionRotateSecretView.as_view(),
        name="subscription-rotate-secret",
    ),
    *object_urlpatterns(
        "delivery",
        prefix="deliveries/",
        list=views.DeliveryListView,
        detail=views.DeliveryDetailView,
    ),
    path(
        "deliveries/<int:pk>/redeliver/",
        views.DeliveryRedeliverView.as_view(),
        name="delivery-redeliver",
    ),
]
