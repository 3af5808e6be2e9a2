"""The stored obligation speaks the engine's vocabulary: choices from its tables, enforced by the db."""

from __future__ import annotations

from datetime import datetime
from typing import Any, get_args

import pytest
from django.db import IntegrityError, transaction
from hypothesis import given, settings

from compliance.engine import evaluate
from compliance.engine.deadlines import Unit
from compliance.engine.regimes import REGIMES, RULES_BY_ID
from compliance.engine.rules import ClockEvent
from compliance.models import Obligation, ObligationStatus, Regime
from tests.compliance.test_engine_properties import incidents, instants
from tests.factories import (
    incident_create_for_test,
    obligation_create_for_test,
    organisation_create,
)

VOCABULARY = ("rule_id", "regime", "clock_event", "unit", "status")


def allowed(field: str) -> set[str]:
    """The values the model's choices allow for a field."""
    return {value for value, _ in Obligation._meta.get_field(field).choices}


def test_the_choices_are_the_engine_tables() -> None:
    rules = list(RULES_BY_ID.values())
    assert allowed("rule_id") == set(RULES_BY_ID)
    assert allowed("regime") == {regime.code for regime in REGIMES} == set(Regime.values)
    assert allowed("clock_event") == set(get_args(ClockEvent)) >= {r.clock_event for r in rules}
    # Every unit the engine's clock arithmetic counts in.
    assert allowed("unit") == set(get_args(Unit)) >= {rule.unit for rule in rules}
    assert allowed("status") == set(ObligationStatus.values)


@settings(max_examples=200, deadline=None)
@given(incidents(), instants)
def test_everything_the_engine_writes_is_in_the_vocabulary(case: Any, now: datetime) -> None:
    facts, org = case
    for obligation in evaluate(facts, org, now):
        for field in VOCABULARY:
            assert getattr(obligation, field) in allowed(field), (field, obligation)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "bad"),
    [
        # The values the test factories used to write, which the engine never does.
        ("rule_id", "gdpr-33-authority"),
        ("clock_event", "aware"),
        ("unit", "hours"),
        ("regime", "EU"),
        ("status", "late"),
    ],
)
def test_a_value_the_engine_never_writes_is_refused_by_the_database(
    field: str, bad: str, now: datetime
) -> None:
    organisation_create()
    incident = incident_create_for_test(now=now)
    stored = incident.obligations.filter(rule_id="GDPR-SA")
    assert stored.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        # A bulk update skips model validation: only the database's constraint stands in the way.
        stored.update(**{field: bad})
    assert getattr(stored.get(), field) != bad


@pytest.mark.django_db
@pytest.mark.parametrize("rule_id", list(RULES_BY_ID))
def test_factory_rows_satisfy_the_vocabulary(rule_id: str, now: datetime) -> None:
    organisation_create()
    incident = incident_create_for_test(
        now=now, affected_subjects=[{"country": "DE", "count": 10}, {"country": "CN", "count": 5}]
    )
    row = obligation_create_for_test(incident=incident, rule_id=rule_id, now=now)
    row.full_clean()  # the model's choices
    for field in VOCABULARY:
        assert getattr(row, field) in allowed(field)
    assert (row.regime, row.clock_event, row.unit) == (
        RULES_BY_ID[rule_id].regime,
        RULES_BY_ID[rule_id].clock_event,
        RULES_BY_ID[rule_id].unit,
    )


@pytest.mark.django_db
def test_the_default_factory_row_is_the_engines_art_33_notice(now: datetime) -> None:
    organisation_create()
    incident = incident_create_for_test(now=now)
    engine_row = incident.obligations.get(rule_id="GDPR-SA")
    row = obligation_create_for_test(incident=incident, now=now)
    assert row.pk == engine_row.pk  # it replaces the engine's row, it does not add a fake one
    terms = ("legal_basis", "recipient", "clock_event", "clock_start", "unit", "due_at")
    assert {name: getattr(row, name) for name in terms} == {
        name: getattr(engine_row, name) for name in terms
    }
    assert (row.clock_event, row.unit, row.duration) == ("aware_at", "H", 72)
