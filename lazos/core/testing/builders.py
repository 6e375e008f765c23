"""Builders (factory_boy) for the foundation's models, and a registry of object builders.

Each app registers, for every model its URLs address by id, a function that builds one
object for a given government. The generic isolation test walks every URL with an id and
proves another government's object is a 404; it finds the objects through this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import factory
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from lazos.accounts.models import User
from lazos.core.models import BulkOperation, BulkRun, RevertRun, SavedView, Tag
from lazos.governments.choices import GovernmentKind, Role
from lazos.governments.models import Department, Government, Membership

ObjectBuilder = Callable[[Government], Model]
OBJECT_BUILDERS: dict[type[Model], ObjectBuilder] = {}


def register_builder(model: type[Model]) -> Callable[[ObjectBuilder], ObjectBuilder]:
    def decorator(function: ObjectBuilder) -> ObjectBuilder:
        OBJECT_BUILDERS[model] = function
        return function

    return decorator


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")

    @factory.post_generation
    def password(obj: User, create: bool, extracted: str | None, **kwargs: Any) -> None:
        if extracted:
            obj.set_password(extracted)
        else:
            obj.set_unusable_password()
        if create:
            obj.save(update_fields=["password"])


class GovernmentFactory(factory.django.DjangoModelFactory[Government]):
    class Meta:
        model = Government
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"City of Testville {n}")
    slug = factory.Sequence(lambda n: f"testville-{n}")
    kind = GovernmentKind.MUNICIPALITY
    country = "FR"
    population = 150000
    official_languages = factory.LazyFunction(lambda: ["fr"])


class DepartmentFactory(factory.django.DjangoModelFactory[Department]):
    class Meta:
        model = Department

    government = factory.SubFactory(GovernmentFactory)
    name = factory.Sequence(lambda n: f"Department {n}")
    acronym = factory.Sequence(lambda n: f"D{n}")


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    government = factory.SubFactory(GovernmentFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.VIEWER


@register_builder(Department)
def _build_department(government: Government) -> Department:
    return DepartmentFactory.create(government=government)


@register_builder(Membership)
def _build_membership(government: Government) -> Membership:
    return MembershipFactory.create(government=government, role=Role.VIEWER)


_tags = iter(range(1, 10**9))


@register_builder(Tag)
def _build_tag(government: Government) -> Tag:
    number = next(_tags)
    return Tag.objects.create(government=government, name=f"tag {number}", slug=f"tag-{number}")


@register_builder(SavedView)
def _build_saved_view(government: Government) -> SavedView:
    number = next(_tags)
    return SavedView.objects.create(
        government=government,
        owner=UserFactory.create(),
        list_name="actions:action-list",
        name=f"view {number}",
        query="status=ongoing",
        is_shared=True,
    )


@register_builder(BulkRun)
def _build_bulk_run(government: Government) -> BulkRun:
    number = next(_tags)
    return BulkRun.objects.create(
        government=government,
        token=f"{number:032d}",
        started_by=UserFactory.create(),
        model_label="core.tag",
        operation=BulkOperation.DELETE,
        total=60,
    )


@register_builder(RevertRun)
def _build_revert_run(government: Government) -> RevertRun:
    tag = _build_tag(government)  # any row stands for the import run (core knows no app)
    return RevertRun.objects.create(
        government=government,
        content_type=ContentType.objects.get_for_model(Tag),
        object_id=tag.pk,
        run_label=str(tag),
        started_by=UserFactory.create(),
    )
