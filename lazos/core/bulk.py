"""Bulk changes: change one field of many objects of a register list, or delete them, with a
preview, through the same services and permissions as one-by-one edits.

An app declares, in its own ``bulk.py``, which changes its list offers and which service
applies each one::

    PARTNERS = BulkDeclaration(
        name="partner",
        namespace="partners",
        model=Partner,
        filterset_class=PartnerFilterSet,
        queryset=lambda government: Partner.objects.for_tenant(government).prefetch_related("tags"),
        changes=(
            SetValue("is_active", _("Active or inactive"), service=services.update_partner),
            AddTags(service=services.update_partner),
            RemoveTags(service=services.update_partner),
        ),
        delete=services.delete_partner,
    )

and its ``urls.py`` adds ``*bulk_urlpatterns(bulk.PARTNERS)`` (``core/bulk_views.py``) (``partner-bulk-change`` and
``partner-bulk-delete``). The list page then shows a checkbox per row,
"select all on this page", "select all N matching the filters" (the filters' query string is
carried, not ids) and the bar, to members whose role may change or delete such objects.

What happens to each object is decided by :func:`plan_change` / :func:`plan_deletion`, the same
for the preview and for the write: the object is in the current government's queryset (an id
of another government is simply not found), the member may change it (an editor only their
departments' work) and may still change it afterwards (an editor cannot move work out of
their departments), it does not already have the value, the change's own refusal (a state
machine: an agreement's status moves only as its transitions allow, with their explained
refusal), and the model's own ``clean()``. Deletion: the member may delete it and nothing
protected depends on it (``core/deletion.py``).

:func:`apply_plan` writes through each change's service, one object at a time (one audit event
per object), in a transaction per batch of ``BATCH_SIZE``; a refusal the service raises for one
object (``ValidationError``) leaves the others of the batch written and is reported. A
selection above ``JOB_THRESHOLD`` objects is applied by a background job
(:func:`bulk_change_job`, queued by :func:`queue_bulk_job`) with a row of its own
(:class:`~lazos.core.models.BulkRun`: who started it, its counts, its outcome or its error),
shown by the list's ``<name>-bulk-progress`` page and on the government's Jobs page
(``core/job_kinds.py``); its progress while it runs is in the progress store
(``core/progress.py``).
"""

from __future__ import annotations

import copy
import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from lazos.accounts.models import User
from lazos.core.deferred import deferred_work
from lazos.core.deletion import deletion_summary
from lazos.core.jobs import job
from lazos.core.models import BulkOperation, BulkRun, RunStatus, Tag
from lazos.core.permissions import OWN_DEPARTMENTS_ONLY, Operation, policy_for
from lazos.core.progress import ProgressReporter
from lazos.core.services import parse_tags
from lazos.governments.models import Membership

if TYPE_CHECKING:
    from lazos.governments.models import Government

logger = logging.getLogger(__name__)

#: Objects written per transaction.
BATCH_SIZE = 100
#: Above this many objects, the change is applied by a background job with progress. Each
#: object goes through its one-by-one service (about 20 queries and 35 ms for an action's
#: status on SQLite), so 50 objects take about two seconds inside the request.
JOB_THRESHOLD = 50
#: The most ids a selection of rows may carry (a page shows 50; "all matching" has no limit).
MAX_IDS = 1000

UNCHANGED = _("Already has this value: nothing to change.")
NO_PERMISSION = _("Your role does not let you change this one.")
NO_DELETE_PERMISSION = _("Your role does not let you delete this one.")
PROTECTED = _("Other records depend on it: %(blocking)s.")

Service = Callable[..., Any]


def _none(value: Any) -> str:
    return "—" if value in (None, "", [], ()) else str(value)


# --- Changes ---------------------------------------------------------------------------------


class BulkChange:
    """One change a list offers: its form field, how it shows, when it is refused and the
    service that writes it. Subclasses below cover fields, links and tags."""

    name: str
    label: Any
    service: Service

    def form_field(self, government: Government) -> forms.Field:
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def current(self, obj: Any) -> str:
        raise NotImplementedError  # pragma: no cover

    def proposed(self, obj: Any, value: Any) -> str:
        raise NotImplementedError  # pragma: no cover

    def unchanged(self, obj: Any, value: Any) -> bool:
        return False

    def refusal(self, obj: Any, value: Any) -> str | None:
        """Why this object cannot take the value (a domain rule), or None."""
        return None

    def check(self, candidate: Any) -> str | None:
        """The model's refusal of the changed copy (its ``clean()``), or None."""
        return _clean_refusal(candidate)

    def candidate(self, obj: Any, value: Any) -> Any:
        """A copy of the object as it would be after the change (for the permission check and
        the model's ``clean()``), or None when the change does not touch its fields."""
        return None

    def apply(self, obj: Any, value: Any, *, acting_user: User) -> Any:
        raise NotImplementedError  # pragma: no cover

    def is_empty(self, value: Any) -> bool:
        return value in (None, "", [], ())


class SetValue(BulkChange):
    """Give a field (choice, yes/no, foreign key) one value: ``service(obj, acting_user=…,
    <field>=value)``. ``queryset(government)`` lists the choices of a foreign key.
    ``check_clean=False`` leaves the model's ``clean()`` to the service, for a service that
    adjusts other fields with this one (a commitment reopened loses its completion date)."""

    def __init__(
        self,
        field_name: str,
        label: Any,
        *,
        service: Service,
        queryset: Callable[[Government], QuerySet[Any]] | None = None,
        name: str = "",
        check_clean: bool = True,
    ) -> None:
        self.check_clean = check_clean
        self.field_name = field_name
        self.name = name or field_name
        self.label = label
        self.service = service
        self.queryset = queryset

    def model_field(self, obj_or_model: Any) -> Any:
        return obj_or_model._meta.get_field(self.field_name)

    def form_field(self, government: Government) -> forms.Field:
        if self.queryset is not None:
            return forms.ModelChoiceField(
                queryset=self.queryset(government), required=False, label=self.label
            )
        return forms.CharField(required=False, label=self.label)

    def stored(self, obj: Any) -> Any:
        return getattr(obj, self.model_field(obj).attname)

    def display(self, obj: Any, value: Any) -> str:
        model_field = self.model_field(obj)
        if model_field.choices:
            return _none(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.BooleanField):
            return str(_("yes") if value else _("no"))
        return _none(value)

    def current(self, obj: Any) -> str:
        if self.queryset is not None:
            return _none(getattr(obj, self.field_name))
        return self.display(obj, self.stored(obj))

    def proposed(self, obj: Any, value: Any) -> str:
        if self.queryset is not None:
            return _none(value)
        return self.display(obj, value)

    def unchanged(self, obj: Any, value: Any) -> bool:
        new = value.pk if isinstance(value, models.Model) else value
        return bool(self.stored(obj) == new)

    def candidate(self, obj: Any, value: Any) -> Any:
        changed = copy.copy(obj)
        setattr(changed, self.field_name, value)
        return changed

    def check(self, candidate: Any) -> str | None:
        return _clean_refusal(candidate) if self.check_clean else None

    def apply(self, obj: Any, value: Any, *, acting_user: User) -> Any:
        return self.service(obj, acting_user=acting_user, **{self.field_name: value})


class SetChoice(SetValue):
    """A choice field: the choices of the model field."""

    def __init__(
        self,
        field_name: str,
        label: Any,
        *,
        choices: Any,
        service: Service,
        name: str = "",
        check_clean: bool = True,
    ) -> None:
        super().__init__(field_name, label, service=service, name=name, check_clean=check_clean)
        self.choices = choices

    def form_field(self, government: Government) -> forms.Field:
        return forms.ChoiceField(
            choices=[("", "—"), *list(self.choices)], required=False, label=self.label
        )


class SetFlag(SetValue):
    """A yes/no field (public, active)."""

    def form_field(self, government: Government) -> forms.Field:
        return forms.TypedChoiceField(
            choices=[("", "—"), ("1", _("yes")), ("0", _("no"))],
            coerce=lambda value: value == "1",
            empty_value=None,
            required=False,
            label=self.label,
        )


class ChangeLinks(BulkChange):
    """Add (or remove) rows to a many-to-many field (themes): ``service(obj, acting_user=…,
    <field>=all the rows after the change)``."""

    def __init__(
        self,
        field_name: str,
        label: Any,
        *,
        service: Service,
        queryset: Callable[[Government], QuerySet[Any]],
        remove: bool = False,
        name: str = "",
    ) -> None:
        self.field_name = field_name
        self.name = name or f"{'remove' if remove else 'add'}_{field_name}"
        self.label = label
        self.service = service
        self.queryset = queryset
        self.remove = remove

    def form_field(self, government: Government) -> forms.Field:
        return forms.ModelMultipleChoiceField(
            queryset=self.queryset(government), required=False, label=self.label
        )

    def rows(self, obj: Any) -> list[Any]:
        return list(getattr(obj, self.field_name).all())  # prefetched by the declaration

    def after(self, obj: Any, value: Iterable[Any]) -> list[Any]:
        rows = {row.pk: row for row in self.rows(obj)}
        for row in value:
            if self.remove:
                rows.pop(row.pk, None)
            else:
                rows.setdefault(row.pk, row)
        return sorted(rows.values(), key=str)

    def current(self, obj: Any) -> str:
        return _none(", ".join(sorted(str(row) for row in self.rows(obj))))

    def proposed(self, obj: Any, value: Any) -> str:
        return _none(", ".join(str(row) for row in self.after(obj, value)))

    def unchanged(self, obj: Any, value: Any) -> bool:
        return {row.pk for row in self.rows(obj)} == {row.pk for row in self.after(obj, value)}

    def apply(self, obj: Any, value: Any, *, acting_user: User) -> Any:
        rows = [row.pk for row in self.after(obj, value)]
        return self.service(obj, acting_user=acting_user, **{self.field_name: rows})


class AddTags(BulkChange):
    """Add tags (written as "culture, youth"; missing tags are created): ``service(obj,
    acting_user=…, tags=every name after the change)``."""

    name = "add_tags"
    label = _("Add tags")

    def __init__(self, *, service: Service) -> None:
        self.service = service

    def form_field(self, government: Government) -> forms.Field:
        return forms.CharField(
            required=False,
            max_length=500,
            label=self.label,
            help_text=_("Separate tags with commas."),
        )

    def names(self, obj: Any) -> list[str]:
        return [tag.name for tag in obj.tags.all()]  # prefetched by the declaration

    def after(self, obj: Any, value: Any) -> list[str]:
        names = {name.casefold(): name for name in self.names(obj)}
        for name in parse_tags(value):
            names.setdefault(name.casefold(), name)
        return sorted(names.values(), key=str.casefold)

    def current(self, obj: Any) -> str:
        return _none(", ".join(sorted(self.names(obj), key=str.casefold)))

    def proposed(self, obj: Any, value: Any) -> str:
        return _none(", ".join(self.after(obj, value)))

    def unchanged(self, obj: Any, value: Any) -> bool:
        return {n.casefold() for n in self.names(obj)} == {
            n.casefold() for n in self.after(obj, value)
        }

    def apply(self, obj: Any, value: Any, *, acting_user: User) -> Any:
        return self.service(obj, acting_user=acting_user, tags=self.after(obj, value))


class RemoveTags(AddTags):
    """Remove tags chosen among the government's."""

    name = "remove_tags"
    label = _("Remove tags")

    def form_field(self, government: Government) -> forms.Field:
        return forms.ModelMultipleChoiceField(
            queryset=Tag.objects.for_tenant(government), required=False, label=self.label
        )

    def after(self, obj: Any, value: Any) -> list[str]:
        gone = {tag.pk for tag in value}
        return sorted((t.name for t in obj.tags.all() if t.pk not in gone), key=str.casefold)


class Transition(BulkChange):
    """A status that moves through a state machine: ``refusal(obj, status)`` explains a move
    the machine does not allow; ``service(obj, acting_user=…, to_status=status)`` is the
    transition service of a one-by-one change of status."""

    def __init__(
        self,
        field_name: str,
        label: Any,
        *,
        choices: Any,
        service: Service,
        refusal: Callable[[Any, str], str | None],
        name: str = "",
    ) -> None:
        self.field_name = field_name
        self.name = name or field_name
        self.label = label
        self.choices = choices
        self.service = service
        self.explain = refusal

    def form_field(self, government: Government) -> forms.Field:
        return forms.ChoiceField(
            choices=[("", "—"), *list(self.choices)], required=False, label=self.label
        )

    def current(self, obj: Any) -> str:
        return _none(dict(self.choices).get(getattr(obj, self.field_name)))

    def proposed(self, obj: Any, value: Any) -> str:
        return _none(dict(self.choices).get(value, value))

    def unchanged(self, obj: Any, value: Any) -> bool:
        return bool(getattr(obj, self.field_name) == value)

    def refusal(self, obj: Any, value: Any) -> str | None:
        return self.explain(obj, value)

    def apply(self, obj: Any, value: Any, *, acting_user: User) -> Any:
        return self.service(obj, acting_user=acting_user, to_status=value)


# --- Declarations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BulkDeclaration:
    """What a register list lets a person change in bulk (see the module's docstring)."""

    name: str
    namespace: str
    model: type[models.Model]
    filterset_class: Any
    #: The objects as the preview and the write read them (tenant-scoped, with what the
    #: changes and ``owning_department_ids()`` read prefetched).
    queryset: Callable[[Government], QuerySet[Any]]
    changes: Sequence[BulkChange] = ()
    #: ``delete(obj, acting_user=…)``: the service of the one-by-one deletion, or None.
    delete: Service | None = None
    #: The queryset the list's FilterSet filters ("all matching"); ``queryset`` by default.
    filter_queryset: Callable[[Government], QuerySet[Any]] | None = None

    @property
    def change_url_name(self) -> str:
        return f"{self.namespace}:{self.name}-bulk-change"

    @property
    def delete_url_name(self) -> str:
        return f"{self.namespace}:{self.name}-bulk-delete"

    def __post_init__(self) -> None:
        DECLARATIONS[self.model._meta.label_lower] = self

    def change_named(self, name: str) -> BulkChange | None:
        return next((change for change in self.changes if change.name == name), None)


#: Every declaration, by model (each registers itself when its app's ``bulk`` module loads).
DECLARATIONS: dict[str, BulkDeclaration] = {}


def declaration_for(model: type[models.Model]) -> BulkDeclaration | None:
    return DECLARATIONS.get(model._meta.label_lower)


def find_declaration(label: str) -> BulkDeclaration:
    """The declaration of the model ``app_label.model`` (every app's ``bulk`` loaded)."""
    autodiscover_modules("bulk")
    return DECLARATIONS[label]


def list_bar(
    model: type[models.Model], membership: Membership | None, view_name: str
) -> dict[str, Any] | None:
    """What the bulk bar of the list of ``model`` offers this member (None: no checkboxes,
    no bar: no declaration, a page that is not the declared list, whose filters the "all
    matching" selection reads, or a role that may neither change nor delete such objects)."""
    declaration = declaration_for(model)
    if declaration is None or membership is None:
        return None
    if view_name != f"{declaration.namespace}:{declaration.name}-list":
        return None
    policy = policy_for(declaration.model)
    can_change = bool(declaration.changes) and policy.allows(membership, Operation.CHANGE)
    can_delete = declaration.delete is not None and policy.allows(membership, Operation.DELETE)
    if not can_change and not can_delete:
        return None
    return {
        "change_url": reverse(declaration.change_url_name) if can_change else "",
        "delete_url": reverse(declaration.delete_url_name) if can_delete else "",
        "changes": declaration.changes if can_change else (),
    }


# --- Selection -------------------------------------------------------------------------------


def _ids(values: Iterable[str]) -> list[int]:
    found = []
    for value in values:
        if value.isdigit() and len(value) < 19:
            found.append(int(value))
    return sorted(set(found))[:MAX_IDS]


@dataclass
class Selection:
    """What was selected on the list: rows (``pk``), every row of the page (``select_page``
    with the page's ``page_pk``), or every row matching the list's filters (``select_all``
    with ``filters``, the list's query string)."""

    ids: list[int] = field(default_factory=list)
    all_matching: bool = False
    filters: str = ""

    @classmethod
    def from_data(cls, data: QueryDict) -> Selection:
        filters = data.get("filters", "")[:2000]
        if data.get("select_all"):
            return cls(all_matching=True, filters=filters)
        ids = data.getlist("pk")
        if data.get("select_page"):
            ids = [*ids, *data.getlist("page_pk")]
        return cls(ids=_ids(ids), filters=filters)

    @property
    def is_empty(self) -> bool:
        return not self.all_matching and not self.ids

    def hidden_fields(self) -> list[tuple[str, str]]:
        """The selection as hidden inputs, so the next step sees the same one."""
        fields = [("filters", self.filters)]
        if self.all_matching:
            return [*fields, ("select_all", "1")]
        return [*fields, *(("pk", str(pk)) for pk in self.ids)]

    def list_query(self) -> str:
        """The list's query string (to go back to it)."""
        return QueryDict(self.filters).urlencode()

    def queryset(
        self, declaration: BulkDeclaration, government: Government
    ) -> tuple[QuerySet[Any], bool]:
        """The selected objects of this government (another government's id is not found),
        and whether the filters were valid (invalid filters select nothing, as on the list)."""
        objects = declaration.queryset(government)
        if not self.all_matching:
            return objects.filter(pk__in=self.ids).order_by("pk"), True
        base = (declaration.filter_queryset or declaration.queryset)(government)
        filterset = declaration.filterset_class(
            QueryDict(self.filters), queryset=base, government=government
        )
        if not filterset.is_valid():
            return objects.none(), False
        ids = filterset.qs.order_by().values("pk")
        return objects.filter(pk__in=ids).order_by("pk"), True


# --- Plans -----------------------------------------------------------------------------------


@dataclass
class PlannedRow:
    """One selected object: what it has, what it will have, or why it is left alone."""

    obj: Any
    current: str = ""
    proposed: str = ""
    refusal: str = ""
    unchanged: bool = False
    affected: list[tuple[str, int]] = field(default_factory=list)

    @property
    def will_change(self) -> bool:
        return not self.refusal and not self.unchanged


def _clean_refusal(candidate: Any) -> str | None:
    try:
        candidate.clean()
    except ValidationError as error:
        return " ".join(str(message) for message in error.messages)
    return None


def plan_row(change: BulkChange, value: Any, obj: Any, membership: Membership) -> PlannedRow:
    """The same checks for the preview and for the write (see the module's docstring)."""
    policy = policy_for(type(obj))
    row = PlannedRow(obj=obj, current=change.current(obj), proposed=change.proposed(obj, value))
    if not policy.allows_on(membership, Operation.CHANGE, obj):
        row.refusal = str(NO_PERMISSION)
        return row
    if change.unchanged(obj, value):
        row.unchanged = True
        row.refusal = str(UNCHANGED)
        return row
    reason = change.refusal(obj, value)
    candidate = change.candidate(obj, value) if not reason else None
    if candidate is not None:
        if not policy.allows_on(membership, Operation.CHANGE, candidate):
            reason = str(OWN_DEPARTMENTS_ONLY)
        else:
            reason = change.check(candidate)
    row.refusal = reason or ""
    return row


def plan_change(
    change: BulkChange, value: Any, objects: Iterable[Any], membership: Membership
) -> list[PlannedRow]:
    return [plan_row(change, value, obj, membership) for obj in objects]


def plan_deletion_row(obj: Any, membership: Membership) -> PlannedRow:
    row = PlannedRow(obj=obj)
    if not policy_for(type(obj)).allows_on(membership, Operation.DELETE, obj):
        row.refusal = str(NO_DELETE_PERMISSION)
        return row
    summary = deletion_summary(obj)
    if not summary.allowed:
        row.refusal = str(PROTECTED % {"blocking": "; ".join(summary.blocking)})
    row.affected = summary.affected
    return row


def plan_deletion(objects: Iterable[Any], membership: Membership) -> list[PlannedRow]:
    return [plan_deletion_row(obj, membership) for obj in objects]


# --- Writes ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What a bulk write did."""

    changed: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"changed": self.changed, "skipped": self.skipped, "failed": self.failed}


def _errors(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(error) or str(NO_PERMISSION)


def apply_change(
    declaration: BulkDeclaration,
    change: BulkChange | None,
    value: Any,
    ids: Sequence[int],
    *,
    government: Government,
    membership: Membership,
    acting_user: User,
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    """Change (or, with ``change`` None, delete) the objects ``ids`` of ``government``,
    batch by batch, each object through its service after the same checks as the preview.
    ``progress(done, total)`` is told after each batch."""
    outcome = Outcome()
    total = len(ids)
    for start in range(0, total, BATCH_SIZE):
        batch = list(ids[start : start + BATCH_SIZE])
        # Derived data (the search index) is rebuilt once per batch, in its transaction.
        with transaction.atomic(), deferred_work():
            objects = {obj.pk: obj for obj in declaration.queryset(government).filter(pk__in=batch)}
            outcome.skipped += len(batch) - len(objects)
            for pk in batch:
                obj = objects.get(pk)
                if obj is None:
                    continue
                if change is None:
                    row = plan_deletion_row(obj, membership)
                else:
                    row = plan_row(change, value, obj, membership)
                if not row.will_change:
                    outcome.skipped += 1
                    continue
                label = str(obj)
                try:
                    with transaction.atomic():
                        if change is None:
                            assert declaration.delete is not None
                            declaration.delete(obj, acting_user=acting_user)
                        else:
                            change.apply(obj, value, acting_user=acting_user)
                except (ValidationError, PermissionDenied) as error:
                    outcome.failed.append((label, _errors(error)))
                    continue
                outcome.changed += 1
        if progress is not None:
            progress(min(start + BATCH_SIZE, total), total)
    return outcome


# --- Progress of a bulk job ------------------------------------------------------------------


def progress_key(token: str) -> str:
    return f"lazos:bulk:{token}"


# --- The form of a change --------------------------------------------------------------------


class BulkChangeForm(forms.Form):
    """Which change, and its value: one field per change the list offers (named after it);
    only the chosen change's field is read."""

    change = forms.ChoiceField(label=_("Change"))

    def __init__(
        self, *args: Any, declaration: BulkDeclaration, government: Government, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.declaration = declaration
        change_field = self.fields["change"]
        assert isinstance(change_field, forms.ChoiceField)
        change_field.choices = [("", "—")] + [(c.name, c.label) for c in declaration.changes]
        for change in declaration.changes:
            self.fields[change.name] = change.form_field(government)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        change = self.declaration.change_named(data.get("change") or "")
        if change is not None and change.is_empty(data.get(change.name)):
            self.add_error(change.name, _("Choose the new value."))
        return data

    @property
    def chosen(self) -> BulkChange | None:
        return self.declaration.change_named(self.cleaned_data.get("change") or "")

    @property
    def value(self) -> Any:
        change = self.chosen
        return None if change is None else self.cleaned_data.get(change.name)

    def raw_values(self) -> dict[str, list[str]]:
        """The posted values of the chosen change (for a job, which validates them again)."""
        change = self.chosen
        names = ["change"] + ([change.name] if change is not None else [])
        data = cast(QueryDict, self.data)
        return {name: data.getlist(name) for name in names if name in data}


# --- The job of a large selection ------------------------------------------------------------


def queue_bulk_job(
    declaration: BulkDeclaration,
    change: BulkChange | None,
    ids: list[int],
    values: dict[str, list[str]] | None,
    *,
    government: Government,
    acting_user: User,
    list_url: str,
) -> BulkRun:
    """Queue a large bulk change (``values`` of :class:`BulkChangeForm`) or, with ``values``
    None, a bulk deletion: its row (on the Jobs page, and behind the list's
    ``<name>-bulk-progress`` page) is written first, then the job is queued (the embedded
    backend runs it at once)."""
    token = uuid.uuid4().hex
    run = BulkRun.objects.create(
        government=government,
        token=token,
        started_by=acting_user,
        model_label=declaration.model._meta.label_lower,
        operation=BulkOperation.DELETE if values is None else BulkOperation.CHANGE,
        change_label=str(change.label)[:200] if change is not None else "",
        list_url=list_url[:2000],
        page_url=reverse(
            f"{declaration.namespace}:{declaration.name}-bulk-progress", kwargs={"token": token}
        ),
        total=len(ids),
    )
    ProgressReporter(None, cache_key=progress_key(token))(0, len(ids))
    result = bulk_change_job.enqueue(
        run.model_label, government.pk, acting_user.pk, ids, values, token
    )
    BulkRun.objects.filter(pk=run.pk, task_id="").update(task_id=str(result.id)[:64])
    return run


@job
def bulk_change_job(
    label: str,
    government_id: int,
    user_id: int,
    ids: list[int],
    values: dict[str, list[str]] | None,
    token: str,
) -> dict[str, Any]:
    """Apply a bulk change (``values`` of :class:`BulkChangeForm`) or, with ``values`` None, a
    bulk deletion, for a large selection. Progress is kept in the progress store under
    :func:`progress_key` of ``token``; the outcome on the job's :class:`BulkRun`."""
    return run_bulk_job(label, government_id, user_id, ids, values, token)


def run_bulk_job(
    label: str,
    government_id: int,
    user_id: int,
    ids: list[int],
    values: dict[str, list[str]] | None,
    token: str,
) -> dict[str, Any]:
    """The body of :func:`bulk_change_job`: the member is read again (a role withdrawn since
    the preview writes nothing) and each object is checked again as in the preview. Each batch
    commits on its own, so the row is written between batches (progress) and at the end
    (outcome, or the error that stopped the job: the batches before it stay written)."""
    run = BulkRun.objects.filter(government_id=government_id, token=token).first()
    if run is not None:
        BulkRun.objects.filter(pk=run.pk).update(
            status=RunStatus.RUNNING, started_at=timezone.now()
        )
    reporter = ProgressReporter(
        run, cache_key=progress_key(token), done_field="done", total_field="total"
    )
    try:
        result = _apply_job(label, government_id, user_id, ids, values, reporter)
    except Exception as error:
        logger.exception("Bulk job %s failed", token)
        BulkRun.objects.filter(government_id=government_id, token=token).update(
            status=RunStatus.FAILED,
            error=str(_("The job stopped: %(error)s") % {"error": error}),
            finished_at=timezone.now(),
        )
        reporter.close()
        return {"error": str(error)}
    BulkRun.objects.filter(government_id=government_id, token=token).update(
        status=RunStatus.FINISHED,
        done=len(ids),
        changed=result["changed"],
        skipped=result["skipped"],
        failures=[list(failure) for failure in result["failed"]],
        finished_at=timezone.now(),
    )
    reporter.close()
    result["deleting"] = values is None
    return result


def _apply_job(
    label: str,
    government_id: int,
    user_id: int,
    ids: list[int],
    values: dict[str, list[str]] | None,
    progress: Callable[[int, int], None],
) -> dict[str, Any]:
    declaration = find_declaration(label)
    membership = (
        Membership.objects.filter(government_id=government_id, user_id=user_id)
        .select_related("government", "user")
        .prefetch_related("departments")
        .first()
    )
    if membership is None:
        return Outcome(skipped=len(ids)).as_dict()
    change: BulkChange | None = None
    value: Any = None
    if values is not None:
        data = QueryDict(mutable=True)
        for name, items in values.items():
            data.setlist(name, items)
        form = BulkChangeForm(data, declaration=declaration, government=membership.government)
        form.is_valid()
        change, value = form.chosen, form.value
        if change is None:
            return Outcome(skipped=len(ids)).as_dict()
    return apply_change(
        declaration,
        change,
        value,
        ids,
        government=membership.government,
        membership=membership,
        acting_user=membership.user,
        progress=progress,
    ).as_dict()
