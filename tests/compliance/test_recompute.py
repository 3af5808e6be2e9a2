"""Stored obligations: reconciled with the engine, idempotent, never losing a submission."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from compliance.models import Obligation
from compliance.services import (
    obligations_recompute,
    obligations_refresh_overdue,
    regime_override_set,
    submission_record,
)
from incidents.models import AuditEvent, LegalEntity
from incidents.services import incident_update
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
AWARE = NOW - timedelta(hours=4)


def rows(incident: Any) -> dict[str, dict[str, Any]]:
    return {
        f"{o.rule_id}:{o.entity_id}": {
            f.attname: getattr(o, f.attname)
            for f in Obligation._meta.concrete_fields
            if f.attname != "updated_at"
        }
        for o in Obligation.objects.filter(incident=incident)
    }


def ireland() -> LegalEntity:
    return LegalEntity.objects.get(country="IE")


@pytest.fixture
def incident(organisation: Any, personas: dict[str, Any]) -> Any:
    """Germans and Britons affected, Irish and UK companies concerned, risk below high."""
    return incident_create_for_test(
        actor=personas["security"],
        now=NOW,
        affected_subjects=[{"country": "DE", "count": 100}, {"country": "GB", "count": 20}],
        entities=list(LegalEntity.objects.filter(country__in=["IE", "GB"])),
    )


def test_creation_stores_each_obligation_per_entity_with_its_terms(incident) -> None:
    stored = {(o.rule_id, o.entity.country) for o in incident.obligations.select_related("entity")}
    assert stored == {
        ("GDPR-SA", "IE"),
        ("GDPR-DS", "IE"),
        ("GDPR-REG", "IE"),
        ("UK_GDPR-SA", "GB"),
        ("UK_GDPR-DS", "GB"),
        ("UK_GDPR-REG", "GB"),
    }
    notice = incident.obligations.get(rule_id="GDPR-SA")
    assert (notice.due_at, notice.unit, notice.duration) == (AWARE + timedelta(hours=72), "H", 72)
    assert notice.content_checklist[0].startswith("Art. 33(3)(a)")
    subjects = incident.obligations.get(rule_id="GDPR-DS")
    assert (subjects.status, subjects.exemption) == ("not_required", "GDPR Art. 34(1)")
    assert "risk level recorded on the incident" in subjects.explanation


def test_recomputing_unchanged_facts_writes_nothing(incident) -> None:
    before, events = rows(incident), AuditEvent.objects.count()
    for _ in range(2):
        result = obligations_recompute(incident=incident, actor=None, now=NOW)
        assert not result.changed
    assert rows(incident) == before
    assert AuditEvent.objects.count() == events


def test_a_later_awareness_moves_the_deadline_and_audits_before_and_after(incident) -> None:
    later = AWARE + timedelta(hours=1)
    incident_update(actor=None, incident=incident, data={"aware_at": later}, now=NOW)
    notice = incident.obligations.get(rule_id="GDPR-SA")
    assert notice.due_at == later + timedelta(hours=72)
    event = AuditEvent.objects.filter(object_type="compliance.Obligation", object_id=str(notice.pk))
    change = event.filter(action="update").get().changes
    assert change["due_at"] == {
        "before": (AWARE + timedelta(hours=72)).isoformat(),
        "after": (later + timedelta(hours=72)).isoformat(),
    }


def test_an_obligation_the_facts_no_longer_produce_is_kept_as_not_applying(incident) -> None:
    incident_update(
        actor=None,
        incident=incident,
        data={"affected_subjects": [{"country": "DE", "count": 100}], "entities": [ireland()]},
        now=NOW,
    )
    uk = incident.obligations.get(rule_id="UK_GDPR-SA")
    assert uk.applies is False
    assert "No longer applies" in uk.explanation
    assert AuditEvent.objects.filter(action="withdraw", object_id=str(uk.pk)).count() == 1
    events = AuditEvent.objects.count()
    obligations_recompute(incident=incident, actor=None, now=NOW)
    assert AuditEvent.objects.count() == events
    # The Britons come back: the same row applies again, with the engine's explanation.
    incident_update(
        actor=None,
        incident=incident,
        data={
            "affected_subjects": [{"country": "DE", "count": 100}, {"country": "GB", "count": 1}]
        },
        now=NOW,
    )
    assert incident.obligations.get(rule_id="UK_GDPR-SA", entity=ireland()).applies is True
    uk.refresh_from_db()
    assert uk.applies is False


def test_a_recorded_submission_survives_a_change_that_removes_or_moves_the_obligation(
    incident, personas
) -> None:
    uk = incident.obligations.get(rule_id="UK_GDPR-SA")
    submission_record(
        actor=personas["dpo"],
        obligation=uk,
        phase="initial",
        submitted_at=NOW - timedelta(hours=1),
        channel="ICO portal",
        regulator_reference="ICO-1",
        now=NOW,
    )
    due = uk.due_at
    incident_update(
        actor=None, incident=incident, data={"aware_at": AWARE - timedelta(minutes=30)}, now=NOW
    )
    uk.refresh_from_db()
    assert (uk.status, uk.due_at, uk.submitted_at) == ("submitted", due, NOW - timedelta(hours=1))
    assert "the deadline it was judged against is kept" in uk.explanation
    incident_update(
        actor=None,
        incident=incident,
        data={"affected_subjects": [{"country": "DE", "count": 100}], "entities": [ireland()]},
        now=NOW,
    )
    uk.refresh_from_db()
    assert uk.applies is False and uk.status == "submitted"
    assert uk.submissions.get().regulator_reference == "ICO-1"


def test_a_risk_change_turns_an_exempt_duty_live_and_announces_it(incident, monkeypatch) -> None:
    emitted: list[dict[str, Any]] = []
    # Compliance events reach the notifications app's event_emit (compliance/services/events.py).
    monkeypatch.setattr("notifications.services.outbox.event_emit", lambda **kw: emitted.append(kw))
    monkeypatch.setattr("incidents.services.incident_changed_emit", lambda **kw: None)
    incident_update(actor=None, incident=incident, data={"risk_level": "high"}, now=NOW)
    subjects = incident.obligations.get(rule_id="GDPR-DS")
    assert (subjects.status, subjects.exemption) == ("pending", "")
    assert subjects.target_at == AWARE + timedelta(hours=24)
    assert {e["payload"]["rule_id"] for e in emitted} == {"GDPR-DS", "UK_GDPR-DS"}
    assert all(e["event"] == "obligation.created" for e in emitted)


def test_a_regime_excluded_by_the_dpo_stays_visible_as_not_required(incident, personas) -> None:
    regime_override_set(
        actor=personas["dpo"],
        incident=incident,
        regime="UK_GDPR",
        action="exclude",
        reason="The British customers are served by the Irish company under its contract.",
        now=NOW,
    )
    uk = incident.obligations.get(rule_id="UK_GDPR-SA")
    assert (uk.status, uk.exemption, uk.applies) == ("not_required", "manual exclusion", True)
    assert "served by the Irish company" in uk.explanation


def test_a_regime_included_by_the_dpo_brings_its_obligations(incident, personas) -> None:
    regime_override_set(
        actor=personas["dpo"],
        incident=incident,
        regime="PIPL",
        action="include",
        reason="Members in Shanghai may be among those affected.",
        now=NOW,
    )
    pipl = incident.obligations.get(rule_id="PIPL-AUTH")
    assert pipl.status in ("pending", "overdue")
    assert "included manually: Members in Shanghai" in pipl.explanation


@pytest.mark.parametrize(
    ("moment", "overdue"),
    [
        pytest.param(AWARE + timedelta(hours=72, seconds=-1), False, id="1s-before"),
        pytest.param(AWARE + timedelta(hours=72), False, id="at-the-deadline"),
        pytest.param(AWARE + timedelta(hours=72, seconds=1), True, id="1s-after"),
    ],
)
def test_the_sweep_marks_overdue_only_after_the_deadline(incident, moment, overdue) -> None:
    notice = incident.obligations.get(rule_id="GDPR-SA")
    Obligation.objects.filter(incident=incident).exclude(pk=notice.pk).update(status="submitted")
    changed = obligations_refresh_overdue(now=moment)
    notice.refresh_from_db()
    assert (changed, notice.status) == ((1, "overdue") if overdue else (0, "pending"))


def test_the_sweep_marks_asap_duties_by_their_internal_target(organisation, personas) -> None:
    high = incident_create_for_test(actor=personas["security"], now=NOW, risk_level="high")
    notice = high.obligations.get(rule_id="GDPR-DS")
    assert notice.due_at is None and notice.status == "pending"
    obligations_refresh_overdue(now=notice.target_at + timedelta(seconds=1))
    notice.refresh_from_db()
    assert notice.status == "overdue"


def test_a_register_entry_is_a_record_never_overdue(organisation, personas) -> None:
    unassessed = incident_create_for_test(actor=personas["security"], now=NOW, risk_level="")
    register = unassessed.obligations.get(rule_id="GDPR-REG")
    assert (register.due_at, register.target_at, register.status) == (None, None, "to_document")
    a_year_on = NOW + timedelta(days=400)
    obligations_refresh_overdue(now=a_year_on)
    register.refresh_from_db()
    assert register.status_at(a_year_on) == "to_document"
    assert "never overdue" in register.explanation
    documented = incident_create_for_test(actor=personas["security"], now=NOW, risk_level="risk")
    assert documented.obligations.get(rule_id="GDPR-REG").status == "documented"


def test_the_sweep_reads_one_batch_and_updates_it(incident, django_assert_num_queries) -> None:
    """What slipped is read from the limit index (one batch) and marked by primary key."""
    with django_assert_num_queries(2):
        obligations_refresh_overdue(now=NOW + timedelta(days=30))


def test_engine_obligations_bring_their_playbook_tasks(incident) -> None:
    keys = set(incident.tasks.values_list("origin_key", flat=True))
    ireland = incident.obligations.get(rule_id="GDPR-SA").entity_id
    assert f"gdpr-breach:authority-notice:{ireland}" in keys


def test_resolving_starts_the_cac_final_report_clock(organisation: Any, personas: Any) -> None:
    """CAC Measures: the final report is due 30 days after handling ends, which resolving marks."""
    from incidents.services import incident_transition

    chinese = incident_create_for_test(
        actor=personas["security"],
        now=NOW,
        affected_subjects=[{"country": "CN", "count": 2_000_000}],
        entities=list(LegalEntity.objects.filter(country="CN")),
    )
    final = chinese.obligations.get(rule_id="CAC-FINAL")
    assert (final.clock_start, final.due_at) == (None, None)

    resolved = NOW + timedelta(days=3, hours=5, minutes=7, seconds=11)
    incident_transition(
        actor=personas["security"], incident=chinese, status="resolved", now=resolved
    )
    chinese.refresh_from_db()
    final.refresh_from_db()
    assert chinese.handling_ended_at == resolved
    assert (final.clock_start, final.due_at) == (resolved, resolved + timedelta(days=30))
    change = AuditEvent.objects.filter(action="transition", object_id=str(chinese.pk)).last()
    assert change.changes["handling_ended_at"] == {"before": None, "after": resolved.isoformat()}


def test_resolving_keeps_a_recorded_end_of_handling(organisation: Any, personas: Any) -> None:
    from incidents.services import incident_transition

    ended = NOW - timedelta(hours=1)
    chinese = incident_create_for_test(
        actor=personas["security"],
        now=NOW,
        affected_subjects=[{"country": "CN", "count": 2_000_000}],
        entities=list(LegalEntity.objects.filter(country="CN")),
        handling_ended_at=ended,
    )
    incident_transition(
        actor=personas["security"], incident=chinese, status="closed", now=NOW + timedelta(days=9)
    )
    chinese.refresh_from_db()
    assert chinese.handling_ended_at == ended
    assert chinese.obligations.get(rule_id="CAC-FINAL").due_at == ended + timedelta(days=30)
