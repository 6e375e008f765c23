"""Where every table would live if an instance is sharded by government on Citus.

Lazos runs on one PostgreSQL (or SQLite) database. A network-scale instance (hundreds of
governments) can spread its data over several PostgreSQL nodes with Citus, distributing the
government-owned tables by ``government_id`` so that everything of one government sits on one
shard and each request touches one node. This module is the plan, table by table; the test
``lazos/core/tests/test_citus_readiness.py`` keeps it true of the models, and
``docs/deployment.md`` ("Sharding by government") explains it.

Three placements:

- ``DISTRIBUTED``: split by ``government_id``, all co-located. Citus requires every primary
  key and unique constraint of such a table to include ``government_id``. Unique constraints
  do (the test checks it); the primary key is Django's ``id``, which the distribution
  migration replaces, in the database only, by ``PRIMARY KEY (government_id, id)`` (see
  :data:`COMPOSITE_KEY_MIGRATION`). Foreign keys between distributed tables must stay within
  one government: ``TenantModel.clean_fields`` validates it (core/tenancy.py) and on Citus
  they become composite ``(government_id, x_id)`` keys.
- ``REFERENCE``: small tables every node needs (reference data, governments, people and their
  permissions), copied to every node. They never point to a distributed table.
- ``LOCAL``: kept on the coordinator only, for rows found before any government is known
  (sessions, sign-in attempts, tokens) or that are one queue for the whole instance. No
  distributed table points to them.

Exceptions to the rules carry their reason here: a distributed table still without a
``government_id`` it could be split by (``pending``), a unique constraint without the
government, a foreign key that crosses governments on purpose.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final


class Placement(enum.StrEnum):
    DISTRIBUTED = "distributed by government_id"
    REFERENCE = "reference table (copied to every node)"
    LOCAL = "local table (on the coordinator only)"


@dataclass(frozen=True)
class Table:
    """The plan for one model's table.

    ``why``: the reason for a reference or local placement. ``pending``: for a distributed
    table that cannot be split by government yet, what has to change first.
    ``unique_without_government``: unique fields or constraints (by name) that leave the
    government out, each with the reason. ``crossing``: foreign keys that may designate
    another government's row on purpose, each with what becomes of it on Citus.
    """

    placement: Placement
    why: str = ""
    pending: str = ""
    unique_without_government: MappingProxyType[str, str] = field(
        default_factory=lambda: MappingProxyType({})
    )
    crossing: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))


def distributed(
    *,
    pending: str = "",
    unique_without_government: dict[str, str] | None = None,
    crossing: dict[str, str] | None = None,
) -> Table:
    return Table(
        Placement.DISTRIBUTED,
        pending=pending,
        unique_without_government=MappingProxyType(unique_without_government or {}),
        crossing=MappingProxyType(crossing or {}),
    )


def reference(why: str) -> Table:
    return Table(Placement.REFERENCE, why=why)


def local(why: str) -> Table:
    return Table(Placement.LOCAL, why=why)


# How the distribution migration (to be written when an instance moves to Citus; not applied
# by `migrate` on a single database) handles primary keys and foreign keys, per distributed
# table. Django keeps ``id`` as the model's primary key: ids come from one sequence and stay
# unique across the instance; only the database's constraints change.
COMPOSITE_KEY_MIGRATION: Final = """\
-- for each distributed table T (reference tables first: SELECT create_reference_table('R');)
ALTER TABLE T DROP CONSTRAINT T_pkey;
ALTER TABLE T ADD PRIMARY KEY (government_id, id);
-- for each foreign key T.x_id -> U(id) between distributed tables (checked same-government):
ALTER TABLE T DROP CONSTRAINT <T_x_id_fk>;
ALTER TABLE T ADD FOREIGN KEY (government_id, x_id) REFERENCES U (government_id, id);
-- a one-to-one key's UNIQUE (x_id) becomes UNIQUE (government_id, x_id);
SELECT create_distributed_table('T', 'government_id', colocate_with => 'core_tag');
"""

# The government is not yet a column of these join tables (Django's own many-to-many tables),
# so Citus could not put a row beside the rows it joins.
JOIN_TABLE: Final = (
    "Django's many-to-many table has no government_id: it becomes an explicit through model "
    "carrying the government (as actions.ActionLocalActor already is), with a data migration "
    "copying it from the owning row; services already check both ends are of one government "
    "(require_same_government)."
)

ONE_TO_ONE: Final = (
    "one-to-one key to a row checked to be of the same government, so UNIQUE (x) says the "
    "same as UNIQUE (government, x); the distribution migration recreates the index as "
    "(government_id, x_id) and the model keeps its OneToOneField."
)

CROSSING: Final = (
    "points to another government's row on purpose (checked by its service against what that "
    "government made public): on Citus the column stays but its database foreign key is "
    "dropped (it cannot include both governments), and reading the pair is a multi-shard query."
)

_AUTH = "people and their permissions are instance-wide: every government's rows point to them"
_REFERENCE_DATA = "shared reference data, loaded once for the instance"
_FOUND_BEFORE_GOVERNMENT = (
    "found by the hash of a secret before the government is known (API requests, calendar "
    "feeds), so its unique index must cover the whole instance; one row per person"
)

TABLES: Final[MappingProxyType[str, Table]] = MappingProxyType(
    {
        # --- Django and third-party apps ----------------------------------------------------
        "auth.Permission": reference(_AUTH),
        "auth.Group": reference(_AUTH),
        "auth.Group_permissions": reference(_AUTH),
        "contenttypes.ContentType": reference(
            "the kinds of object: attachments, audit events and notifications point to them"
        ),
        "sessions.Session": local(
            "found by its key before anything else about the request; cached in Redis"
        ),
        "axes.AccessAttempt": local("sign-in attempts, counted before anyone is signed in"),
        "axes.AccessAttemptExpiration": local("part of the sign-in attempts"),
        "axes.AccessFailureLog": local("sign-in failures, before anyone is signed in"),
        "axes.AccessLog": local("sign-ins and sign-outs of people, not of a government"),
        "otp_totp.TOTPDevice": local(
            "a person's second factor, checked at sign-in before a government is chosen"
        ),
        "django_tasks_database.DBTaskResult": local(
            "the job queue: one table the workers take jobs from (SELECT … FOR UPDATE SKIP "
            "LOCKED), whatever the government"
        ),
        # --- accounts ------------------------------------------------------------------------
        "accounts.User": reference(_AUTH + "; a person may belong to several governments"),
        "accounts.User_groups": reference(_AUTH),
        "accounts.User_user_permissions": reference(_AUTH),
        "accounts.RecoveryCodeDevice": local("a person's second factor, used at sign-in"),
        "accounts.RecoveryCode": local("a person's second factor, used at sign-in"),
        "accounts.PersonalDataRequest": distributed(),
        # --- reference data and governments ----------------------------------------------------
        "reference.Subdivision": reference(_REFERENCE_DATA),
        "reference.City": reference(_REFERENCE_DATA),
        "reference.SdgGoal": reference(_REFERENCE_DATA),
        "reference.SdgTarget": reference(_REFERENCE_DATA),
        "reference.Theme": reference(_REFERENCE_DATA),
        "governments.Government": reference(
            "the tenants themselves (hundreds of rows): every distributed row points to one, "
            "and the public directory lists them all"
        ),
        "governments.Membership": distributed(),
        "governments.Membership_departments": distributed(pending=JOIN_TABLE),
        "governments.Department": distributed(),
        # --- core ------------------------------------------------------------------------------
        "core.AuditEvent": distributed(
            pending=(
                "events about rows of no government (people, reference data) have a NULL "
                "government, which a distribution column cannot hold: they move to a local "
                "table of instance-wide events, the government's events stay distributed"
            )
        ),
        "core.Tag": distributed(),
        "core.Attachment": distributed(),
        "core.SavedView": distributed(),
        "core.SavedView_default_for": distributed(pending=JOIN_TABLE),
        "core.BulkRun": distributed(),
        "core.RevertRun": distributed(),
        "api.ApiToken": local(_FOUND_BEFORE_GOVERNMENT),
        "agenda.CalendarToken": local(_FOUND_BEFORE_GOVERNMENT),
        "search.SearchEntry": distributed(),
        "spreadsheets.ImportRun": distributed(),
        "webhooks.WebhookSubscription": distributed(),
        "webhooks.WebhookDelivery": distributed(),
        "webhooks.WebhookAttempt": distributed(),
        "reminders.ReminderPreference": distributed(),
        "reminders.Notification": distributed(),
        "reports.Report": distributed(),
        "reports.ListExport": distributed(),
        # --- the register ----------------------------------------------------------------------
        "partners.Partner": distributed(),
        "partners.Partner_tags": distributed(pending=JOIN_TABLE),
        "partners.Contact": distributed(),
        "partners.PartnerNote": distributed(),
        "partners.PartnerRedirect": distributed(),
        "actors.LocalActor": distributed(),
        "actors.LocalActor_tags": distributed(pending=JOIN_TABLE),
        "agreements.Agreement": distributed(),
        "agreements.Agreement_partners": distributed(pending=JOIN_TABLE),
        "agreements.Agreement_themes": distributed(pending=JOIN_TABLE),
        "agreements.Agreement_sdg_targets": distributed(pending=JOIN_TABLE),
        "agreements.Agreement_tags": distributed(pending=JOIN_TABLE),
        "agreements.Signatory": distributed(),
        "agreements.AgreementTransition": distributed(),
        "actions.Action": distributed(),
        "actions.Action_partners": distributed(pending=JOIN_TABLE),
        "actions.Action_departments": distributed(pending=JOIN_TABLE),
        "actions.Action_themes": distributed(pending=JOIN_TABLE),
        "actions.Action_sdg_targets": distributed(pending=JOIN_TABLE),
        "actions.Action_tags": distributed(pending=JOIN_TABLE),
        "actions.ActionLocalActor": distributed(),
        "actions.BudgetLine": distributed(),
        "actions.Mission": distributed(unique_without_government={"action": ONE_TO_ONE}),
        "actions.Traveller": distributed(),
        "actions.Commitment": distributed(),
        "networks.Network": distributed(),
        "networks.Network_tags": distributed(pending=JOIN_TABLE),
        "networks.NetworkMembership": distributed(),
        "networks.NetworkPost": distributed(),
        "networks.Position": distributed(),
        "networks.Endorsement": distributed(crossing={"position": CROSSING}),
        "relationships.RelationshipReview": distributed(),
        "iati.IatiImport": distributed(),
        "iati.IatiActivityExtra": distributed(unique_without_government={"action": ONE_TO_ONE}),
        "iati.IatiBudget": distributed(unique_without_government={"budget_line": ONE_TO_ONE}),
        "iati.Transaction": distributed(),
        "iati.IatiDocumentLink": distributed(),
        # --- strategy and results ------------------------------------------------------------
        "strategy.Strategy": distributed(
            unique_without_government={"previous_version": ONE_TO_ONE}
        ),
        "strategy.Strategy_priority_themes": distributed(pending=JOIN_TABLE),
        "strategy.Objective": distributed(),
        "strategy.Objective_themes": distributed(pending=JOIN_TABLE),
        "strategy.Objective_sdg_targets": distributed(pending=JOIN_TABLE),
        "strategy.Objective_actions": distributed(pending=JOIN_TABLE),
        "strategy.Objective_agreements": distributed(pending=JOIN_TABLE),
        "strategy.Objective_partners": distributed(pending=JOIN_TABLE),
        "results.Indicator": distributed(),
        "results.IndicatorPeriod": distributed(),
        "results.IndicatorUpdate": distributed(),
        "results.UpdateDisaggregation": distributed(),
        "results.TargetRevision": distributed(),
        "evaluations.Evaluation": distributed(),
        "evaluations.CriterionAssessment": distributed(),
        "evaluations.Recommendation": distributed(),
        # --- participation and the peer network ---------------------------------------------
        "consultations.Consultation": distributed(),
        "consultations.Invitation": distributed(),
        "consultations.Contribution": distributed(),
        "practices.GoodPractice": distributed(),
        "practices.GoodPractice_themes": distributed(pending=JOIN_TABLE),
        "practices.GoodPractice_sdg_targets": distributed(pending=JOIN_TABLE),
        "practices.GoodPractice_actions": distributed(pending=JOIN_TABLE),
        "practices.PracticeIndicator": distributed(),
        "practices.PracticeTransfer": distributed(crossing={"practice": CROSSING}),
        "matching.PeerProfile": distributed(),
        "community.ExpertProfile": distributed(),
        "community.ExpertProfile_themes": distributed(pending=JOIN_TABLE),
        "community.Question": distributed(),
        "community.Question_themes": distributed(pending=JOIN_TABLE),
        "community.Answer": distributed(crossing={"question": CROSSING}),
        "community.Notification": distributed(crossing={"question": CROSSING, "answer": CROSSING}),
        "solidarity.Emergency": distributed(),
        "solidarity.Need": distributed(),
        "solidarity.Offer": distributed(crossing={"need": CROSSING}),
    }
)


def table_for(label: str) -> Table | None:
    """The plan for the model ``app_label.ModelName`` (None: not classified)."""
    return TABLES.get(label)
