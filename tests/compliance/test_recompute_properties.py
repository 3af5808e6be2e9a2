"""Stored recomputation over generated incidents: idempotent, and no recorded notice is lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from compliance.models import Obligation, Submission
from compliance.services import obligations_recompute, submission_record
from incidents.models import AuditEvent, LegalEntity
from incidents.services import incident_update
from tests.factories import incident_create_for_test, organisation_create

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
COUNTRIES = ("DE", "FR", "IE", "GB", "CN", "US")

subjects = st.lists(
    st.fixed_dictionaries(
        {"country": st.sampled_from(COUNTRIES), "count": st.integers(0, 2_000_000)}
    ),
    max_size=3,
    unique_by=lambda row: row["country"],
)
facts = st.fixed_dictionaries(
    {
        "detected_hours_ago": st.integers(1, 200),
        "aware_delay_hours": st.none() | st.integers(0, 48),
        "role": st.sampled_from(("controller", "processor", "joint")),
        "risk_level": st.sampled_from(("", "unlikely", "risk", "high")),
        "data_encrypted": st.booleans(),
        "affected_subjects": subjects,
        "entity_countries": st.lists(st.sampled_from(("IE", "GB", "CN")), unique=True),
        "is_drill": st.booleans(),
    }
)


def incident_data(drawn: dict[str, Any]) -> dict[str, Any]:
    """Incident fields from drawn facts (times relative to NOW)."""
    detected = NOW - timedelta(hours=drawn["detected_hours_ago"])
    delay = drawn["aware_delay_hours"]
    aware = None if delay is None else min(detected + timedelta(hours=delay), NOW)
    return {
        "detected_at": detected,
        "aware_at": aware,
        "role": drawn["role"],
        "risk_level": drawn["risk_level"],
        "data_encrypted": drawn["data_encrypted"],
        "affected_subjects": drawn["affected_subjects"],
        "entities": list(LegalEntity.objects.filter(country__in=drawn["entity_countries"])),
        "is_drill": drawn["is_drill"],
    }


def snapshot(incident: Any) -> list[tuple[Any, ...]]:
    """Every stored column of the incident's obligations except the write time."""
    names = [f.attname for f in Obligation._meta.concrete_fields if f.attname != "updated_at"]
    return sorted(Obligation.objects.filter(incident=incident).order_by("pk").values_list(*names))


class StoredRecomputationProperties(TestCase):
    """Each example runs in its own rolled-back transaction."""

    @classmethod
    def setUpTestData(cls) -> None:
        organisation_create()

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(first=facts)
    def test_recomputing_twice_changes_nothing(self, first: dict[str, Any]) -> None:
        incident = incident_create_for_test(now=NOW, **incident_data(first))
        # Creation ran on the wall clock; this brings clock-driven statuses to NOW first.
        obligations_recompute(incident=incident, now=NOW)
        before, events = snapshot(incident), AuditEvent.objects.count()
        for _ in range(2):
            assert not obligations_recompute(incident=incident, now=NOW).changed
        assert snapshot(incident) == before
        assert AuditEvent.objects.count() == events

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(first=facts, second=facts, pick=st.integers(0, 100))
    def test_a_recorded_notice_survives_any_change_of_facts(
        self, first: dict[str, Any], second: dict[str, Any], pick: int
    ) -> None:
        incident = incident_create_for_test(now=NOW, **incident_data(first))
        live = list(incident.obligations.order_by("pk"))
        if not live:
            return
        chosen = live[pick % len(live)]
        submitted_at = max(chosen.incident.detected_at, NOW - timedelta(minutes=30))
        submission_record(
            actor=None,
            obligation=chosen,
            phase="initial",
            submitted_at=submitted_at,
            channel="portal",
            delay_reasons="Example reasons.",
            now=NOW,
        )
        chosen.refresh_from_db()
        kept = (chosen.status, chosen.due_at, chosen.target_at, chosen.legal_basis)
        data = incident_data(second)
        data["detected_at"] = min(data["detected_at"], incident.detected_at)
        if data["aware_at"] is not None:
            data["aware_at"] = max(data["aware_at"], data["detected_at"])
        incident_update(actor=None, incident=incident, data=data, now=NOW)
        chosen.refresh_from_db()
        assert Submission.objects.filter(obligation=chosen).count() == 1
        assert (chosen.status, chosen.due_at, chosen.target_at, chosen.legal_basis) == kept
        obligations_recompute(incident=incident, now=NOW)
        before = snapshot(incident)
        assert not obligations_recompute(incident=incident, now=NOW).changed
        assert snapshot(incident) == before
