"""Every foreign key between tenant-owned rows stays within one government: the model refuses
another government's row as "not found", whoever saves it (form, API, import, service)."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.module_loading import autodiscover_modules

from lazos.core.models import TenantModel
from lazos.core.tenancy import require_same_government, tenant_foreign_keys
from lazos.core.testing.builders import OBJECT_BUILDERS

pytestmark = pytest.mark.django_db


def tenant_models() -> list[type[TenantModel]]:
    return [m for m in apps.get_models() if issubclass(m, TenantModel)]


def test_declared_crossings_name_real_foreign_keys():
    for model in tenant_models():
        names = {f.name for f in model._meta.concrete_fields if f.is_relation}
        for name in model.cross_government_fields:
            assert name in names, f"{model.__name__}.cross_government_fields names {name!r}"


def test_a_row_pointing_to_another_governments_row_is_refused_as_not_found(world):
    autodiscover_modules("tests.factories")
    checked = []
    for model in tenant_models():
        if model not in OBJECT_BUILDERS:
            continue
        for field in tenant_foreign_keys(model):
            related: Any = field.related_model
            if related not in OBJECT_BUILDERS:
                continue
            ours = OBJECT_BUILDERS[model](world.government)
            foreign = OBJECT_BUILDERS[related](world.other_government)
            foreign_text = str(foreign)
            setattr(ours, field.name, foreign)
            with pytest.raises(ValidationError) as refused:
                ours.full_clean()
            errors = refused.value.message_dict
            assert field.name in errors, f"{model.__name__}.{field.name}: {errors}"
            assert any("not found" in message for message in errors[field.name])
            assert all(foreign_text not in message for message in errors[field.name])
            # The same check when only the id is set (as a form or an import does).
            ours = type(ours)._default_manager.get(pk=ours.pk)
            setattr(ours, field.attname, foreign.pk)
            with pytest.raises(ValidationError):
                ours.full_clean()
            checked.append(f"{model.__name__}.{field.name}")
    assert len(checked) >= 20, checked


def test_many_to_many_and_direct_rows_are_checked_by_the_helper(world):
    from lazos.core.testing.builders import DepartmentFactory

    ours = DepartmentFactory.create(government=world.government)
    theirs = DepartmentFactory.create(government=world.other_government)
    require_same_government(world.government, "departments", [ours])
    require_same_government(world.government, "departments", None)
    with pytest.raises(ValidationError) as refused:
        require_same_government(world.government, "departments", [ours, theirs])
    assert list(refused.value.message_dict) == ["departments"]
    with pytest.raises(ValidationError):
        require_same_government(world.government.pk, "department", theirs)
