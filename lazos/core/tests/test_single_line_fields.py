"""No single-line field (every ``CharField`` of every Lazos model) ever stores a line break.

The walk builds one row of every concrete model of the project (the registered object
builders, then the apps' factories, then the few builders below), puts a value with line
breaks in each of its ``CharField``s and saves it the way services do (``full_clean()`` then
``save()``), and the way bulk writes do; what is stored has no line break.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import factory.django
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils.module_loading import autodiscover_modules

from lazos.core.models import AuditEvent
from lazos.core.single_line import SingleLineFields, single_line_fields
from lazos.core.testing.builders import OBJECT_BUILDERS
from lazos.core.text import LINE_BREAKS, has_line_break, single_line, truncate

pytestmark = pytest.mark.django_db

# Reference data (countries' subdivisions, GeoNames cities, SDGs, themes) is loaded from the
# shipped files by ``lazos.reference.loaders`` and never typed by a person: its rows are
# normalised when saved, but its models do not need the validation mixin.
REFERENCE_DATA = {
    "reference.Subdivision",
    "reference.City",
    "reference.SdgGoal",
    "reference.SdgTarget",
    "reference.Theme",
}


# --- the text rule ---------------------------------------------------------------------------


@pytest.mark.parametrize("separator", [*list(LINE_BREAKS), "\r\n", "\n\n", " \r\n\t"])
def test_every_line_break_becomes_one_space(separator):
    assert single_line(f"Water{separator}and sanitation") == "Water and sanitation"
    assert single_line(f"Water and sanitation{separator}") == "Water and sanitation"
    assert not has_line_break(single_line(f"{separator}a{separator}b{separator}"))


def test_a_value_without_a_line_break_is_left_exactly_as_it_is():
    for value in ("", " padded ", "tab\tinside", "Ciudad de México", "  "):
        assert single_line(value) is value


def test_truncate_marks_the_cut():
    assert truncate("abc", 3) == "abc"
    assert truncate("abcdef", 4) == "abc…"
    assert len(truncate("x" * 500, 120)) == 120


# --- one row of every model --------------------------------------------------------------


def lazos_models_with_char_fields() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("lazos.") and single_line_fields(model)
    ]


def _factories() -> dict[type[models.Model], type[factory.django.DjangoModelFactory[Any]]]:
    found: dict[type[models.Model], Any] = {}
    pending = list(factory.django.DjangoModelFactory.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        model = getattr(cls._meta, "model", None)
        if isinstance(model, type) and issubclass(model, models.Model):
            found.setdefault(model, cls)
    return found


def _extra_builders(world: Any) -> dict[str, Callable[[], models.Model]]:
    """Rows of the models that neither a registered builder nor a factory builds."""
    from lazos.actions.models import Action, BudgetLine
    from lazos.core.models import Tag
    from lazos.evaluations.models import CriterionAssessment, Evaluation
    from lazos.iati.models import IatiActivityExtra, IatiBudget, IatiDocumentLink, Transaction
    from lazos.partners.models import Partner
    from lazos.partners.tests.factories import make_city
    from lazos.relationships.models import RelationshipReview
    from lazos.results.models import IndicatorUpdate, UpdateDisaggregation

    government = world.government
    today = date(2026, 1, 1)

    def first(model: type[models.Model]) -> Any:
        return model._base_manager.filter(government=government).first() or OBJECT_BUILDERS[model](
            government
        )

    def action_part(model: type[models.Model], **values: Any) -> Callable[[], models.Model]:
        return lambda: model._base_manager.create(
            government=government, action=first(Action), **values
        )

    return {
        "core.Tag": lambda: Tag.objects.create(government=government, name="Youth", slug="youth"),
        "reference.City": lambda: make_city(),
        "results.UpdateDisaggregation": lambda: UpdateDisaggregation.objects.create(
            government=government,
            update=first(IndicatorUpdate),
            dimension="sex",
            category="women",
            value=Decimal(1),
        ),
        "evaluations.CriterionAssessment": lambda: CriterionAssessment.objects.create(
            government=government, evaluation=first(Evaluation), criterion="relevance"
        ),
        "relationships.RelationshipReview": lambda: RelationshipReview.objects.create(
            government=government,
            partner=first(Partner),
            reviewed_on=today,
            decision="keep",
            reasons="Active and useful.",
            score=80,
            band="healthy",
        ),
        "iati.IatiActivityExtra": action_part(IatiActivityExtra, default_currency="EUR"),
        "iati.IatiBudget": lambda: IatiBudget.objects.create(
            government=government,
            budget_line=first(BudgetLine),
            period_start=today,
            period_end=date(2026, 12, 31),
            value_date=today,
        ),
        "iati.Transaction": action_part(
            Transaction,
            transaction_type="3",
            date=today,
            value=Decimal(10),
            currency="EUR",
            value_date=today,
        ),
        "iati.IatiDocumentLink": action_part(
            IatiDocumentLink, url="https://example.org/report.pdf", title="Report", xml="<x/>"
        ),
    }


def one_row_of_every_model(world: Any) -> dict[type[models.Model], models.Model]:
    """One stored row of every Lazos model with a ``CharField``."""
    autodiscover_modules("tests.factories")
    for build in list(OBJECT_BUILDERS.values()):
        build(world.government)
    extra = _extra_builders(world)
    factories = _factories()
    rows: dict[type[models.Model], models.Model] = {}
    for model in lazos_models_with_char_fields():
        row = model._base_manager.first()
        if row is None and model._meta.label in extra:
            row = extra[model._meta.label]()
        if row is None and model in factories:
            declarations = factories[model]._meta.declarations
            values = {"government": world.government} if "government" in declarations else {}
            row = factories[model].create(**values)
        if row is not None:
            rows[model] = row
    return rows


def _variants_with_line_breaks(current: str) -> list[str]:
    """Values that, once their line breaks are normalised, are ``current`` again: breaks
    around it, and (for a text with a space) a CR LF in place of its first space."""
    variants = [f"\r\n{current}\u2028\n"]
    if " " in current.strip():
        variants.append(current.replace(" ", "\r\n", 1))
    return variants


def test_every_model_of_the_project_is_reached(world):
    rows = one_row_of_every_model(world)
    missing = [m._meta.label for m in lazos_models_with_char_fields() if m not in rows]
    assert not missing, f"no row built for {missing}: add a builder to this test"


def test_every_model_that_people_write_validates_the_single_line_value(world):
    """``full_clean()`` sees the value that will be stored (so length and choices hold)."""
    unmixed = [
        model._meta.label
        for model in lazos_models_with_char_fields()
        if not issubclass(model, SingleLineFields) and model._meta.label not in REFERENCE_DATA
    ]
    assert not unmixed, f"models without SingleLineFields: {unmixed}"


def _stored(model: type[models.Model], pk: Any, field: models.Field[Any, Any]) -> Any:
    return model._base_manager.filter(pk=pk).values_list(field.attname, flat=True)[0]


def test_every_char_field_is_stored_without_line_breaks(world):
    """Saved like a service saves (``full_clean()`` then ``save()``), each ``CharField`` of
    each model gets back exactly its value without the line breaks."""
    rows = one_row_of_every_model(world)
    failures = []
    for model, row in rows.items():
        for field in single_line_fields(model):
            if field.primary_key:
                continue
            current = _stored(model, row.pk, field) or ""
            for value in _variants_with_line_breaks(current):
                instance = model._base_manager.get(pk=row.pk)
                setattr(instance, field.attname, value)
                where = f"{model._meta.label}.{field.name} = {value!r}"
                if isinstance(instance, SingleLineFields):
                    others = [f.name for f in model._meta.fields if f.name != field.name]
                    try:
                        instance.clean_fields(exclude=others)
                    except ValidationError as error:
                        failures.append(f"{where}: refused {error.messages}")
                        continue
                if isinstance(instance, AuditEvent):  # append-only: a new event
                    instance.pk, instance._state.adding = None, True
                try:
                    with transaction.atomic():
                        instance.save()
                except DatabaseError as error:
                    failures.append(f"{where}: the database refused it ({error})")
                    continue
                stored = _stored(model, instance.pk, field)
                if stored != current:
                    failures.append(f"{where}: stored {stored!r}, expected {current!r}")
    assert not failures, "\n".join(failures)


def test_a_new_row_with_line_breaks_in_its_primary_key_is_stored_without_them(world):
    from lazos.reference.models import Theme

    theme = Theme(code="water\r\n", name_en="Water\nand sanitation")
    theme.save()
    assert Theme.objects.filter(code="water", name_en="Water and sanitation").exists()


def test_bulk_writes_of_tenant_rows_are_normalised_too(world):
    from lazos.core.models import Tag

    Tag.objects.bulk_create([Tag(government=world.government, name="Bulk\r\nname", slug="bulk")])
    tag = Tag.objects.get(slug="bulk")
    assert tag.name == "Bulk name"
    tag.name = "Again\nbroken"
    Tag.objects.bulk_update([tag], ["name"])
    assert Tag.objects.get(slug="bulk").name == "Again broken"


def test_translated_single_line_texts_are_normalised(world):
    """The public texts kept in other languages follow the rule of their field."""
    from lazos.actions.services import create_action

    action = create_action(
        world.government,
        acting_user=world.users["administrator"],
        title="Youth\r\nexchange",
        modality="technical_exchange",
        translations={"es": {"title": "Intercambio\njuvenil", "public_summary": "Uno.\nDos."}},
    )
    action.refresh_from_db()
    assert action.title == "Youth exchange"
    assert action.translations["es"]["title"] == "Intercambio juvenil"
    assert action.translations["es"]["public_summary"] == "Uno.\nDos."  # a TextField


def test_a_consultation_opened_through_the_service_has_a_single_line_title(world):
    from lazos.consultations.services import open_consultation

    consultation = open_consultation(
        world.government,
        acting_user=world.users["administrator"],
        title="Our budget\r\nfor 2027\u2029",
        description="Line one.\nLine two.",
        closes_on=date(2099, 1, 1),
    )
    consultation.refresh_from_db()
    assert consultation.title == "Our budget for 2027"
    assert consultation.description == "Line one.\nLine two."
