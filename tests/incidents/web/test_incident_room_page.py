"""GET /incidents/<reference>/: the incident room's panels, per role, with constant queries."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from compliance.models import RiskAssessment, Submission
from incidents.services import incident_update
from tests.factories import obligation_create_for_test, obligation_slots, task_create_for_test

pytestmark = pytest.mark.django_db


def url(incident: Any) -> str:
    return f"/incidents/{incident.reference}/"


def test_obligations_show_basis_recipient_explanation_and_countdown(
    client_for, make_incident, put_on_incident
) -> None:
    incident = make_incident()
    put_on_incident("legal", incident)
    obligation = obligation_create_for_test(
        incident=incident, due_at=timezone.now() + timedelta(hours=3)
    )
    obligation_create_for_test(
        incident=incident,
        rule_id="GDPR-DS",
        legal_basis="GDPR Art. 34(1)",
        recipient="People affected",
        due_at=None,
        target_at=timezone.now() + timedelta(hours=30),
    )
    obligation_create_for_test(incident=incident, rule_id="GDPR-PUB", applies=False)
    body = client_for("legal").get(url(incident)).content.decode()
    assert f'id="obligation-{obligation.pk}" class="row-tone-urgent"' in body
    # The engine's own recipient and explanation.
    assert "GDPR Art. 33(1)</strong> → the competent supervisory authority" in body
    assert "within 72 hours of becoming aware of the breach" in body
    assert 'class="countdown tone-urgent"' in body
    assert "without undue delay · target" in body
    assert 'class="countdown tone-ok"' in body
    assert "1 obligation no longer applies" in body


def test_a_period_whose_clock_has_not_started_says_what_starts_it(
    client_for, make_incident
) -> None:
    incident = make_incident()
    obligation_create_for_test(
        incident=incident,
        rule_id="CAC-FINAL",
        legal_basis="CAC Incident Reporting Measures Art. 8",
        clock_event="handling_ended_at",
        clock_start=None,
        unit="CD",
        duration=30,
        due_at=None,
        target_at=None,
    )
    body = client_for("dpo").get(url(incident)).content.decode()
    assert "30 calendar days from the end of handling · the clock has not started" in body
    assert "without undue delay" not in body


def test_open_obligations_come_first_by_deadline_and_not_owed_ones_last(
    client_for, make_incident
) -> None:
    incident = make_incident()
    now = timezone.now()
    for rule_id, name, status, due in [
        ("GDPR-PUB", "not-owed", "not_required", now + timedelta(hours=1)),
        ("GDPR-PROC", "sent", "submitted", now + timedelta(hours=2)),
        ("GDPR-DS", "later", "pending", now + timedelta(hours=40)),
        ("GDPR-SA", "late", "overdue", now - timedelta(hours=3)),
        ("GDPR-REG", "soon", "pending", now + timedelta(hours=5)),
    ]:
        obligation_create_for_test(
            incident=incident, rule_id=rule_id, status=status, due_at=due, recipient=name
        )
    body = client_for("dpo").get(url(incident)).content.decode()
    shown = [body.index(f"→ {name}") for name in ("late", "soon", "later", "sent", "not-owed")]
    assert shown == sorted(shown)


def test_tasks_are_grouped_into_one_column_per_team(
    client_for, make_incident, put_on_incident
) -> None:
    incident = make_incident()
    put_on_incident("pr", incident)
    task_create_for_test(incident=incident, title="Isolate the server")
    task_create_for_test(incident=incident, team_code="legal", title="Draft the notice")
    body = client_for("pr").get(url(incident)).content.decode()
    it_column = body.split('href="/teams/it-security/tasks/"', 1)[1].split("board-column", 1)[0]
    legal_column = body.split('href="/teams/legal/tasks/"', 1)[1].split("board-column", 1)[0]
    assert "Isolate the server" in it_column and "Draft the notice" not in it_column
    assert "Draft the notice" in legal_column
    assert 'href="/teams/pr-comms/tasks/"' in body


def test_risk_and_submissions_are_shown_read_only(client_for, personas, make_incident) -> None:
    incident = make_incident()
    obligation = obligation_create_for_test(incident=incident, status="submitted")
    Submission.objects.create(
        obligation=obligation,
        phase="initial",
        submitted_at=timezone.now(),
        channel="DPC web form",
        regulator_reference="DPC-77",
        recorded_by=personas["dpo"],
    )
    RiskAssessment.objects.create(
        incident=incident,
        score=Decimal("3.25"),
        band="high",
        tier="risk",
        override_tier="high",
        override_rationale="Children's data.",
        assessor=personas["dpo"],
    )
    body = client_for("dpo").get(url(incident)).content.decode()
    assert "DPC-77" in body and "DPC web form" in body
    assert "<strong>High risk</strong>" in body
    assert "Children&#x27;s data." in body


def test_the_audit_trail_is_shown_to_roles_that_may_read_it(client_for, personas, make_incident):
    incident = make_incident(title="Original")
    incident_update(
        actor=personas["dpo"], incident=incident, data={"title": "Renamed"}, now=timezone.now()
    )
    dpo_body = client_for("dpo").get(url(incident)).content.decode()
    assert 'id="timeline"' in dpo_body
    assert "Title: Original → Renamed" in dpo_body
    assert 'id="timeline"' not in client_for("security").get(url(incident)).content.decode()


def test_writers_see_edit_and_lifecycle_controls(client_for, make_incident) -> None:
    incident = make_incident()
    body = client_for("security").get(url(incident)).content.decode()
    assert f'href="/incidents/{incident.reference}/facts/"' in body
    assert f'action="/incidents/{incident.reference}/transition/"' in body
    assert 'value="contained"' in body and 'value="closed"' in body


def test_executives_see_no_edit_controls(client_for, make_incident) -> None:
    incident = make_incident()
    obligation_create_for_test(incident=incident)
    task_create_for_test(incident=incident)
    body = client_for("executive").get(url(incident)).content.decode()
    assert "/facts/" not in body
    assert "/transition/" not in body
    assert "/incidents/new/" not in body
    assert "<form" not in body.split('<main id="main"', 1)[1]


def test_unknown_references_are_not_found(client_for) -> None:
    assert client_for("dpo").get("/incidents/BD-1999-0001/").status_code == 404


def test_people_without_a_role_are_refused(client_for, make_incident) -> None:
    assert client_for("outsider").get(url(make_incident())).status_code == 403


def test_query_count_does_not_grow_with_the_rooms_contents(
    client_for, personas, make_incident, assert_constant_queries
) -> None:
    incident = make_incident()
    slots = obligation_slots()

    def add(index: int) -> None:
        obligation = obligation_create_for_test(incident=incident, **slots[index])
        task_create_for_test(incident=incident, assignee=personas["security"])
        Submission.objects.create(
            obligation=obligation,
            phase="initial",
            submitted_at=timezone.now(),
            channel="e-mail",
            recorded_by=personas["dpo"],
        )
        incident_update(
            actor=personas["dpo"],
            incident=incident,
            data={"title": f"T{index}"},
            now=timezone.now(),
        )

    assert_constant_queries(client_for("dpo"), url(incident), add)


def test_recipients_are_in_the_readers_language_with_the_authority_name_kept(
    client_for, make_incident, personas
) -> None:
    from django.utils import translation

    from incidents.models import UserPreference

    incident = make_incident()
    obligation_create_for_test(
        incident=incident,
        rule_id="CAC-4H",
        recipient="the provincial cyberspace administration (属地省级网信部门): 上海市互联网信息办公室",
    )
    obligation_create_for_test(
        incident=incident, rule_id="GDPR-SA", recipient="a recipient of its own"
    )
    english = client_for("dpo").get(url(incident)).content.decode()
    assert "the provincial cyberspace administration (属地省级网信部门): 上海市" in english
    UserPreference.objects.create(user=personas["dpo"], language="zh-hans", time_zone="UTC")
    try:
        chinese = client_for("dpo").get(url(incident)).content.decode()
    finally:
        translation.activate("en")
    assert "→ 属地省级网信部门：上海市互联网信息办公室" in chinese
    assert "the provincial cyberspace administration" not in chinese
    assert "→ a recipient of its own" in chinese
