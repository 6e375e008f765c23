"""One rule for every tenant-owned row: what it points to belongs to its own government.

A foreign key from one tenant model to another (an action's agreement, a commitment's
partner…) must designate a row of the same government. ``TenantModel.clean_fields`` checks it
for every such key, so services and forms no longer repeat it; a row of another government is
refused with the same words as a missing one ("not found"), never with anything of it.

A few links cross governments on purpose (an endorsement of another government's position, a
mark on another government's practice, an answer to another government's question). A model
names them in ``cross_government_fields``; those links are checked by their own services
against what the other government made public.

Many-to-many links are set after the row is saved: services check them with
:func:`require_same_government`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from lazos.governments.models import Government

NOT_FOUND = _("This %(thing)s was not found.")


def not_found(model: type[models.Model]) -> ValidationError:
    return ValidationError(NOT_FOUND, code="not_found", params={"thing": model._meta.verbose_name})


def tenant_foreign_keys(model: type[models.Model]) -> list[Any]:
    """The foreign keys of ``model`` to other tenant-owned models that must stay within the
    row's government (its ``government`` key and declared crossings left out)."""
    crossing = set(getattr(model, "cross_government_fields", ()))
    found = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.ForeignKey) or field.name in crossing:
            continue
        related: Any = field.related_model
        if field.name != "government" and any(
            f.name == "government" for f in related._meta.concrete_fields
        ):
            found.append(field)
    return found


def foreign_government_errors(
    instance: models.Model, exclude: Iterable[str] = ()
) -> dict[str, list[ValidationError]]:
    """For each tenant foreign key of ``instance`` that designates a row of another
    government: a "not found" error under the field's name. At most one query per key whose
    related row is not already loaded."""
    government_id = getattr(instance, "government_id", None)
    if government_id is None:
        return {}
    related_model: Any
    skipped = set(exclude)
    errors: dict[str, list[ValidationError]] = {}
    for field in tenant_foreign_keys(type(instance)):
        if field.name in skipped:
            continue
        value = getattr(instance, field.attname)
        if value is None:
            continue
        related: Any = field.get_cached_value(instance, default=None)
        related_model = field.related_model
        if related is not None and related.pk == value:
            owner = related.government_id
        else:
            owner = (
                related_model._base_manager.filter(pk=value)
                .values_list("government_id", flat=True)
                .first()
            )
        if owner is not None and owner != government_id:
            errors[field.name] = [not_found(related_model)]
    return errors


def require_same_government(
    government: Government | int,
    field: str,
    rows: Iterable[Any] | models.Model | None,
    model: type[models.Model] | None = None,
) -> None:
    """Refuse (as "not found", under ``field``) any of ``rows`` that is not a row of
    ``government`` (an instance or its id): for many-to-many links and for rows a service
    receives directly. Ids need ``model``; they cost one query, instances none."""
    if rows is None:
        return
    items = [rows] if isinstance(rows, models.Model) else [r for r in rows if r not in (None, "")]
    government_id = getattr(government, "pk", government)
    ids: set[Any] = set()
    for row in items:
        if isinstance(row, models.Model):
            if getattr(row, "government_id", government_id) != government_id:
                raise ValidationError({field: not_found(type(row))})
        else:
            ids.add(row)
    if ids:
        if model is None:
            raise TypeError("require_same_government needs the model to check ids")
        try:
            found = model._base_manager.filter(pk__in=ids, government_id=government_id).count()
        except (TypeError, ValueError):
            found = -1
        if found != len(ids):
            raise ValidationError({field: not_found(model)})
