"""The API serves every object the web shows: each model registered for the isolation walk
(``OBJECT_BUILDERS``: the objects the web addresses by id) has a resource in the router, or is
in ``NOT_A_RESOURCE`` with the reason. A new model without either fails here."""

from __future__ import annotations

from django.db.models import Model
from django.utils.module_loading import autodiscover_modules

from lazos.api.routers import ROUTES
from lazos.core.testing.builders import OBJECT_BUILDERS

# Models with no resource of their own, and why. Keep each reason true.
NOT_A_RESOURCE: dict[str, str] = {
    "accounts.PersonalDataRequest": (
        "a person's request to export or erase their own data: made and handled in the web, "
        "where the person is signed in (two-factor for administrators), never by a token"
    ),
    "agenda.CalendarToken": (
        "the secret address of a person's calendar feed: a credential, created and revoked "
        "in the web like API tokens"
    ),
    "api.ApiToken": "a credential: a token must not create or read tokens",
    "consultations.Invitation": (
        "served inside /api/v1/consultations/ (invited_actors), as the web edits it in the "
        "consultation's form"
    ),
    "core.BulkRun": "a bulk change's job: served by /api/v1/jobs/ with every other job",
    "core.RevertRun": "an import revert's job: served by /api/v1/jobs/ with every other job",
    "core.SavedView": (
        "a web list's saved filters and sort: the API's lists take the same filters as "
        "query parameters"
    ),
    "core.Tag": (
        "a tag is a name on an object: read and set through the tags field of the objects "
        "that carry them (partners, agreements, actions, local actors, networks)"
    ),
    "matching.PeerProfile": (
        "what the peer pages read, computed from a government's public work and rebuilt by "
        "the product itself; its results are served by /api/v1/peer-suggestions/"
    ),
    "partners.PartnerRedirect": (
        "an internal record that keeps a merged partner's old web address working; the "
        "partner it was merged into is served by /api/v1/partners/"
    ),
    "practices.PracticeIndicator": "served inside /api/v1/practices/ (its indicators, written with the practice)",
    "webhooks.WebhookAttempt": (
        "one attempt of a delivery: served inside /api/v1/webhook-deliveries/ (attempts)"
    ),
}


def served_models() -> set[type[Model]]:
    models: set[type[Model]] = set()
    for route in ROUTES:
        viewset = route.viewset
        candidates = [
            getattr(viewset, "model", None),
            getattr(getattr(viewset, "queryset", None), "model", None),
            getattr(
                getattr(getattr(viewset, "serializer_class", None), "Meta", None), "model", None
            ),
        ]
        models.update(model for model in candidates if model is not None)
    return models


def registered_models() -> dict[str, type[Model]]:
    autodiscover_modules("tests.factories")
    return {model._meta.label: model for model in OBJECT_BUILDERS}


def test_every_object_the_web_shows_has_an_api_resource() -> None:
    served = served_models()
    missing = sorted(
        label
        for label, model in registered_models().items()
        if model not in served and label not in NOT_A_RESOURCE
    )
    assert not missing, (
        f"no API resource for {missing}: add one in the app's api/ package (and ROUTES), or "
        "declare it in NOT_A_RESOURCE with the reason"
    )


def test_the_exceptions_are_registered_models_without_a_resource() -> None:
    registered = registered_models()
    served = served_models()
    unknown = sorted(set(NOT_A_RESOURCE) - set(registered))
    assert not unknown, f"NOT_A_RESOURCE names models the walk does not know: {unknown}"
    now_served = sorted(label for label in NOT_A_RESOURCE if registered[label] in served)
    assert not now_served, (
        f"these have a resource now: remove them from NOT_A_RESOURCE: {now_served}"
    )
