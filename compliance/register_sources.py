"""The rows a register entry is built from, as plain database values.

The register page keys an entry's cached HTML on these rows (`RegisterSource.content`), so a
cached entry is neither fetched as model instances nor built; only the others are built, from
instances made of the same values (`RegisterSource.built`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Model

from compliance.models import Obligation, RegimeOverride, RiskAssessment, Submission
from incidents.models import Incident, LegalEntity

# What register_entry reads of each row, and nothing more. The page keys an entry's cached HTML
# on these values (RegisterSource), so a field read but not listed here would leave a cached
# entry stale: an entry built from rows holding only these fields reads no other (tested).
INCIDENT_FIELDS = (
    "id",
    "reference",
    "title",
    "is_drill",
    "status",
    "detected_at",
    "aware_at",
    "occurred_from",
    "occurred_to",
    "breach_types",
    "incident_type",
    "root_cause",
    "data_categories",
    "subjects_total",
    "affected_subjects",
    "records_count",
    "consequences",
    "measures_taken",
    "measures_proposed",
    "risk_level",
)
OBLIGATION_FIELDS = (
    "id",
    "incident_id",
    "entity_id",
    "rule_id",
    "regime",
    "legal_basis",
    "recipient",
    "due_at",
    "target_at",
    "status",
    "applies",
    "exemption",
    "late",
)
ENTITY_FIELDS = ("id", "legal_name")
SUBMISSION_FIELDS = ("id", "obligation_id", "submitted_at", "regulator_reference", "delay_reasons")
ASSESSMENT_FIELDS = (
    "id",
    "incident_id",
    "score",
    "band",
    "tier",
    "override_tier",
    "override_rationale",
    "consequences",
    "decision",
)
OVERRIDE_FIELDS = ("id", "incident_id", "regime", "action", "reason")
# The orders register_entry sees its rows in (the first assessment is the latest).
SUBMISSION_ORDER = ("submitted_at", "pk")
ASSESSMENT_ORDER = ("-created_at", "-pk")
OVERRIDE_ORDER = ("-decided_at", "-pk")


@dataclass(frozen=True)
class RegisterSource:
    """The rows one register entry is built from, as the database returned them.

    `content` is everything the entry shows at `now`: the rows, and for each duty whether `now`
    is past its limit (the one thing Obligation.status_at reads of the clock). Equal content
    means an equal entry, so the page keys a cached entry on it and builds only the others.
    """

    incident: tuple[Any, ...]
    # Per applying duty, by pk: its row, its entity's row (or None) and its submissions' rows.
    obligations: tuple[tuple[tuple[Any, ...], tuple[Any, ...] | None, tuple[Any, ...]], ...]
    assessment: tuple[Any, ...] | None  # the latest
    overrides: tuple[tuple[Any, ...], ...]
    past_limits: tuple[bool, ...]
    using: str

    @property
    def content(self) -> tuple[Any, ...]:
        return (self.incident, self.obligations, self.assessment, self.overrides, self.past_limits)

    def built(self) -> Incident:
        """The incident with its related rows, as register_incidents gives it to register_entry
        (the fields not fetched are deferred: reading one would query)."""
        incident = _instance(Incident, INCIDENT_FIELDS, self.incident, self.using)
        obligations = []
        for row, entity, submissions in self.obligations:
            obligation = _instance(Obligation, OBLIGATION_FIELDS, row, self.using)
            obligation.entity = (  # type: ignore[assignment]
                _instance(LegalEntity, ENTITY_FIELDS, entity, self.using) if entity else None
            )
            obligation.register_submissions = [  # type: ignore[attr-defined]
                _instance(Submission, SUBMISSION_FIELDS, s, self.using) for s in submissions
            ]
            obligations.append(obligation)
        assessment = self.assessment
        incident.register_obligations = obligations  # type: ignore[attr-defined]
        incident.register_assessments = (  # type: ignore[attr-defined]
            [_instance(RiskAssessment, ASSESSMENT_FIELDS, assessment, self.using)]
            if assessment
            else []
        )
        incident.register_overrides = [  # type: ignore[attr-defined]
            _instance(RegimeOverride, OVERRIDE_FIELDS, o, self.using) for o in self.overrides
        ]
        return incident


def _instance(model: type[Model], names: Sequence[str], row: Sequence[Any], using: str) -> Any:
    """A model instance holding the fetched fields of a row (Model.from_db wants model order)."""
    values = dict(zip(names, row, strict=True))
    present = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(using, present, [values[name] for name in present])


def register_sources(rows: Sequence[tuple[Any, ...]], *, now: datetime) -> list[RegisterSource]:
    """For rows of register_rows, the related rows of each entry, in the orders it reads them:
    a few queries of plain values, without building a model instance."""
    ids = [row[0] for row in rows]
    obligations = list(
        Obligation.objects.filter(incident_id__in=ids, applies=True)
        .order_by("pk")
        .values_list(*OBLIGATION_FIELDS, "entity__legal_name")
    )
    submissions: dict[int, list[tuple[Any, ...]]] = {}
    for row in (
        # By incident (one parameter per incident, not one per duty), of the duties above.
        Submission.objects.filter(obligation__incident_id__in=ids, obligation__applies=True)
        .order_by(*SUBMISSION_ORDER)
        .values_list(*SUBMISSION_FIELDS)
    ):
        submissions.setdefault(row[1], []).append(row)
    assessments: dict[int, tuple[Any, ...]] = {}
    for row in (
        RiskAssessment.objects.filter(incident_id__in=ids)
        .order_by(*ASSESSMENT_ORDER)
        .values_list(*ASSESSMENT_FIELDS)
    ):
        assessments.setdefault(row[1], row)
    overrides: dict[int, list[tuple[Any, ...]]] = {}
    for row in (
        RegimeOverride.objects.filter(incident_id__in=ids, revoked_at__isnull=True)
        .order_by(*OVERRIDE_ORDER)
        .values_list(*OVERRIDE_FIELDS)
    ):
        overrides.setdefault(row[1], []).append(row)
    duties: dict[int, list[tuple[Any, ...]]] = {}
    limits: dict[int, list[bool]] = {}
    due, target = OBLIGATION_FIELDS.index("due_at"), OBLIGATION_FIELDS.index("target_at")
    for row in obligations:
        *fields, entity_name = row
        entity_id = row[2]
        duties.setdefault(row[1], []).append(
            (
                tuple(fields),
                (entity_id, entity_name) if entity_id is not None else None,
                tuple(submissions.get(row[0], ())),
            )
        )
        limit = row[due] if row[due] is not None else row[target]
        limits.setdefault(row[1], []).append(limit is not None and now > limit)
    using = Obligation.objects.db
    return [
        RegisterSource(
            incident=tuple(row),
            obligations=tuple(duties.get(row[0], ())),
            assessment=assessments.get(row[0]),
            overrides=tuple(overrides.get(row[0], ())),
            past_limits=tuple(limits.get(row[0], ())),
            using=using,
        )
        for row in rows
    ]
