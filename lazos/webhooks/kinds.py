"""What a subscription can ask for: the audit trail's object types and actions, and the
workflow events of ``core/events.py``; and the names of the kinds in a delivery's payload.

An audited change is delivered as ``audit.<app_label>.<model>.<action>`` (e.g.
``audit.actors.localactor.update``), a workflow event as ``workflow.<code>`` (e.g.
``workflow.results.update_submitted``).
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

from lazos.core import events

# Never delivered: the webhooks' own rows (a delivery about a delivery would never end) and
# the audit trail itself.
EXCLUDED_APPS = frozenset({"webhooks"})
EXCLUDED_MODELS = frozenset({"core.auditevent"})


def object_type_of(model: type[models.Model]) -> str:
    meta = model._meta.concrete_model._meta if model._meta.concrete_model else model._meta
    return f"{meta.app_label}.{meta.model_name}"


def deliverable(object_type: str) -> bool:
    app_label = object_type.split(".", 1)[0]
    return app_label not in EXCLUDED_APPS and object_type not in EXCLUDED_MODELS


def object_type_choices() -> list[tuple[str, str]]:
    """The kinds of object of Lazos's own apps whose changes can be delivered, by label."""
    choices = []
    for config in apps.get_app_configs():
        if not config.name.startswith("lazos."):
            continue
        for model in config.get_models():
            if model._meta.proxy or model._meta.auto_created:
                continue
            key = object_type_of(model)
            if deliverable(key):
                app_name, plural = str(config.verbose_name), str(model._meta.verbose_name_plural)
                label = plural if plural.lower() == app_name.lower() else f"{app_name} · {plural}"
                choices.append((key, label[:1].upper() + label[1:]))
    return sorted(choices, key=lambda choice: choice[1].lower())


def workflow_event_choices() -> list[tuple[str, str]]:
    return [(kind.code, str(kind.label)) for kind in events.kinds()]


def audit_kind(object_type: str, action: str) -> str:
    return f"audit.{object_type}.{action}"


def workflow_kind(code: str) -> str:
    return f"workflow.{code}"
