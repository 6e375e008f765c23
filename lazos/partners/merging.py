"""What points at a partner, found generically, for the merge of two partners.

A merge (``services.merge_partners``) moves every row that points at the merged partner to
the kept one. The rows are found through the model's relations, not a list written by hand,
so a relation added later (a new app's foreign key or many-to-many to ``Partner``) moves too:

* every foreign key to ``Partner`` of any model, hidden ones (``related_name="+"``) included;
* every many-to-many to ``Partner``, through its table (an agreement's parties, an action's
  partners, a strategy objective's partners);
* the partner's own many-to-many tables (its tags);
* the files attached to it (a generic relation: content type and id).

The audit trail keeps its events under the merged partner's id (they are its history).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from lazos.core.models import Attachment
from lazos.partners.models import Partner


@dataclass(frozen=True)
class PartnerRelation:
    """One foreign key pointing at ``Partner``: the rows of ``model`` whose ``field`` names a
    partner. For a many-to-many table, ``owner_field`` is the table's other key (the
    agreement, the action…) and ``m2m_name`` the many-to-many's name on the owner."""

    model: type[models.Model]
    field: models.ForeignKey[Any, Any]
    owner_field: models.ForeignKey[Any, Any] | None = None
    m2m_name: str = ""

    @property
    def is_m2m(self) -> bool:
        return self.owner_field is not None

    @property
    def owner_model(self) -> type[models.Model]:
        if self.owner_field is None:
            return self.model
        related = self.owner_field.related_model
        assert isinstance(related, type)
        assert issubclass(related, models.Model)
        return related

    @property
    def is_own(self) -> bool:
        """A many-to-many of the partner itself (its tags): the partner owns the rows."""
        return _owner_of(self.model) is Partner

    @property
    def label(self) -> str:
        """What moves, in words: "agreements", "contacts", "tags"…"""
        if self.is_own:
            field = Partner._meta.get_field(self.m2m_name)
            return str(getattr(field, "verbose_name", self.m2m_name))
        return str(self.owner_model._meta.verbose_name_plural)

    @property
    def key(self) -> str:
        """A stable name: "agreements.agreement.partners", "partners.contact.partner",
        "partners.partner.tags"."""
        if self.is_own:
            return f"partners.partner.{self.m2m_name}"
        if self.owner_field is not None:
            return f"{self.owner_model._meta.label_lower}.{self.m2m_name}"
        return f"{self.model._meta.label_lower}.{self.field.name}"


def _owner_of(through: type[models.Model]) -> type[models.Model] | None:
    """The model that declares the many-to-many of an automatic table, else None."""
    owner = getattr(through._meta, "auto_created", False)
    return owner if isinstance(owner, type) and issubclass(owner, models.Model) else None


def foreign_key(model: type[models.Model], name: str) -> models.ForeignKey[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.ForeignKey), f"{model._meta.label}.{name} is not a key"
    return field


def _through_keys(
    m2m: models.ManyToManyField[Any, Any],
) -> tuple[type[models.Model], models.ForeignKey[Any, Any], models.ForeignKey[Any, Any]]:
    """A many-to-many's table, its key to the owner, and its key to the other side."""
    through = m2m.remote_field.through
    assert isinstance(through, type)
    assert issubclass(through, models.Model)
    return (
        through,
        foreign_key(through, m2m.m2m_field_name()),
        foreign_key(through, m2m.m2m_reverse_field_name()),
    )


def partner_relations() -> list[PartnerRelation]:
    """Every foreign key in the project that points at ``Partner`` (many-to-many tables
    included), in a stable order."""
    found = []
    for rel in Partner._meta.get_fields(include_hidden=True):
        # Foreign keys (and one-to-ones) of other models, many-to-many tables' keys included;
        # the many-to-manys themselves are moved through their tables' keys.
        if not isinstance(rel, models.ManyToOneRel):
            continue
        field = rel.field
        assert isinstance(field, models.ForeignKey)
        model = field.model
        owner = _owner_of(model)
        if owner is None:
            found.append(PartnerRelation(model=model, field=field))
            continue
        for m2m in owner._meta.many_to_many:
            if not isinstance(m2m, models.ManyToManyField):
                continue
            through, owner_key, other_key = _through_keys(m2m)
            if through is model and other_key is field and owner is not Partner:
                found.append(
                    PartnerRelation(
                        model=model, field=field, owner_field=owner_key, m2m_name=m2m.name
                    )
                )
    # Partner's own many-to-many tables (tags): the partner is their owner.
    for m2m in Partner._meta.many_to_many:
        if isinstance(m2m, models.ManyToManyField):
            through, owner_key, other_key = _through_keys(m2m)
            found.append(
                PartnerRelation(
                    model=through, field=owner_key, owner_field=other_key, m2m_name=m2m.name
                )
            )
    return sorted(found, key=lambda relation: relation.key)


def rows_of(relation: PartnerRelation, partner: Partner) -> models.QuerySet[Any]:
    """The rows of ``relation`` that point at ``partner``."""
    return relation.model._default_manager.filter(**{relation.field.attname: partner.pk})


def attachments_of(partner: Partner) -> models.QuerySet[Attachment]:
    content_type = ContentType.objects.get_for_model(Partner)
    return Attachment.objects.for_tenant(partner.government_id).filter(
        content_type=content_type, object_id=partner.pk
    )


@dataclass(frozen=True)
class RelationCount:
    key: str
    label: str
    count: int


def merge_preview(merged: Partner) -> list[RelationCount]:
    """What a merge would move from ``merged``: the number of rows per relation that has any
    (one count per relation, whatever the number of rows)."""
    counts = [
        RelationCount(relation.key, relation.label, rows_of(relation, merged).count())
        for relation in partner_relations()
    ]
    counts.append(
        RelationCount(
            "core.attachment",
            str(Attachment._meta.verbose_name_plural),
            attachments_of(merged).count(),
        )
    )
    return [count for count in counts if count.count]


def unique_sets(relation: PartnerRelation) -> list[tuple[str, ...]]:
    """The sets of fields of ``relation.model`` that must be unique together and include the
    key to the partner (a many-to-many table's pair, a one-to-one, a named constraint)."""
    meta = relation.model._meta
    name = relation.field.name
    sets: list[tuple[str, ...]] = []
    if relation.field.unique:
        sets.append((name,))
    for fields in meta.unique_together:
        if name in fields:
            sets.append(tuple(fields))
    for constraint in meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and name in (constraint.fields or ()):
            sets.append(tuple(constraint.fields))
    # As column names (``agreement_id``), the form ``values_list`` and the rows give.
    return [tuple(_attname(relation.model, field) for field in fields) for fields in sets]


def _attname(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    return field.attname if isinstance(field, models.Field) else name
