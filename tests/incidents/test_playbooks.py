"""Tasks from playbooks: generation per default playbook, anchors that move, idempotent sync."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from incidents.models import AuditEvent, Task, TaskStatus, Team
from incidents.response.defaults import DEFAULT_PLAYBOOKS, playbooks_ensure
from incidents.response.generation import tasks_sync
from incidents.response.models import Playbook, PlaybookTask
from incidents.services import incident_update
from tests.factories import incident_create_for_test
from tests.incidents.builders import gdpr_obligations, obligation_add

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
DETECTED = NOW - timedelta(hours=5)
AWARE = NOW - timedelta(hours=4)


@pytest.fixture(autouse=True)
def obligations_by_hand(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests place each obligation by hand, so the engine must not add its own.

    tests/compliance/test_recompute.py covers the engine's obligations bringing their tasks.
    """
    monkeypatch.setattr("incidents.services.obligations_recompute", lambda **kwargs: None)


def keys(incident: Any) -> set[str]:
    return set(incident.tasks.values_list("origin_key", flat=True))


def due(incident: Any, origin_key: str) -> datetime | None:
    return incident.tasks.get(origin_key=origin_key).due_at


def default_keys(playbook_key: str, suffix: str = ":0") -> set[str]:
    """The origin keys a default playbook generates (obligation tasks carry the entity)."""
    spec = next(spec for spec in DEFAULT_PLAYBOOKS if spec.key == playbook_key)
    return {
        f"{spec.key}:{t.key}{suffix if t.anchor == 'obligation' else ''}" for t in spec.templates
    }


def test_the_default_playbooks_are_installed_once_with_their_dependencies() -> None:
    assert set(Playbook.objects.values_list("key", flat=True)) == {
        spec.key for spec in DEFAULT_PLAYBOOKS
    }
    assert playbooks_ensure() == []
    assert Playbook.objects.filter(is_builtin=True).count() == len(DEFAULT_PLAYBOOKS)
    legal_notice = PlaybookTask.objects.get(playbook__key="gdpr-breach", key="authority-notice")
    assert [str(t) for t in legal_notice.depends_on.all()] == ["gdpr-breach:notifiability-decision"]


def test_an_edited_default_playbook_is_left_alone_and_a_deleted_one_comes_back() -> None:
    Playbook.objects.filter(key="ransomware").update(name="Our ransomware plan")
    Playbook.objects.filter(key="lost-device").delete()
    created = playbooks_ensure()
    assert [p.key for p in created] == ["lost-device"]
    assert Playbook.objects.get(key="ransomware").name == "Our ransomware plan"


def test_every_incident_gets_the_first_response_tasks_due_from_its_anchors() -> None:
    incident = incident_create_for_test(now=NOW)
    assert keys(incident) == default_keys("first-response")
    assert due(incident, "first-response:preserve-evidence") == DETECTED + timedelta(hours=2)
    assert due(incident, "first-response:risk-assessment") == AWARE + timedelta(hours=24)
    assert due(incident, "first-response:holding-statement") == AWARE + timedelta(hours=12)
    task = incident.tasks.get(origin_key="first-response:risk-assessment")
    assert (task.team.code, task.status, task.assignee) == ("dpo", TaskStatus.OPEN, None)


def test_gdpr_breach_tasks_follow_the_obligations() -> None:
    incident = incident_create_for_test(now=NOW)
    authority, subjects = gdpr_obligations(incident)
    result = tasks_sync(incident=incident, actor=None)
    assert {t.origin_key for t in result.created} == default_keys("gdpr-breach")
    # GDPR Art. 33(1): 72 h from awareness; Legal files 6 h before.
    assert due(incident, "gdpr-breach:authority-notice:0") == authority.due_at - timedelta(hours=6)
    # GDPR-DS is an ASAP duty: the task hangs off its internal target.
    assert due(incident, "gdpr-breach:subject-notice-approval:0") == subjects.target_at - timedelta(
        hours=4
    )
    notice = incident.tasks.get(origin_key="gdpr-breach:authority-notice:0")
    assert notice.anchor_obligation == authority
    assert [d.origin_key for d in notice.depends_on.all()] == ["gdpr-breach:notifiability-decision"]
    decision = incident.tasks.get(origin_key="gdpr-breach:notifiability-decision")
    assert [d.origin_key for d in decision.depends_on.all()] == ["first-response:risk-assessment"]


@pytest.mark.parametrize(
    ("facts", "rules", "playbook_key"),
    [
        pytest.param({}, [], "first-response", id="first-response"),
        pytest.param({}, ["GDPR-SA", "GDPR-DS"], "gdpr-breach", id="gdpr"),
        pytest.param(
            {}, ["CAC-4H", "PIPL-AUTH", "PIPL-IND", "CAC-FINAL"], "pipl-cac-breach", id="pipl-cac"
        ),
        pytest.param({"incident_type": "ransomware"}, [], "ransomware", id="ransomware"),
        pytest.param({"incident_type": "lost_device"}, [], "lost-device", id="lost-device"),
        pytest.param({"role": "processor"}, ["GDPR-PROC"], "processor-side", id="processor-side"),
        pytest.param(
            {"incident_type": "processor_breach"}, [], "breach-at-processor", id="at-processor"
        ),
    ],
)
def test_each_default_playbook_generates_all_its_tasks(
    facts: dict[str, Any], rules: list[str], playbook_key: str
) -> None:
    incident = incident_create_for_test(now=NOW, **facts)
    for rule_id in rules:
        obligation_add(incident, rule_id, due_at=NOW + timedelta(hours=4))
    tasks_sync(incident=incident, actor=None)
    generated = keys(incident)
    assert default_keys(playbook_key) <= generated
    for key in default_keys(playbook_key):
        task = incident.tasks.get(origin_key=key)
        template = task.playbook_task
        assert (task.team, task.title) == (template.team, template.title)
        assert task.due_at is not None
    others = {spec.key for spec in DEFAULT_PLAYBOOKS} - {playbook_key, "first-response"}
    assert not {key.split(":")[0] for key in generated} & others


def test_nothing_is_duplicated_by_repeated_synchronisation() -> None:
    incident = incident_create_for_test(now=NOW, incident_type="ransomware")
    gdpr_obligations(incident)
    tasks_sync(incident=incident, actor=None)
    count, events = Task.objects.count(), AuditEvent.objects.count()
    for _ in range(3):
        result = tasks_sync(incident=incident, actor=None)
        assert (result.created, result.rescheduled, result.closed) == ([], [], [])
    incident_update(actor=None, incident=incident, data={"title": "Renamed"}, now=NOW)
    assert Task.objects.count() == count
    assert AuditEvent.objects.count() == events + 1  # the incident update only
    through = Task.depends_on.through.objects
    assert through.count() == through.values("from_task", "to_task").distinct().count()


def test_a_new_obligation_adds_its_tasks_once() -> None:
    incident = incident_create_for_test(now=NOW)
    before = keys(incident)
    obligation_add(incident, "GDPR-SA", due_at=AWARE + timedelta(hours=72))
    tasks_sync(incident=incident, actor=None)
    added = keys(incident) - before
    assert "gdpr-breach:authority-notice:0" in added
    assert not any("subject-notice" in key for key in added)  # no GDPR-DS yet
    obligation_add(incident, "GDPR-DS", target_at=AWARE + timedelta(hours=24))
    tasks_sync(incident=incident, actor=None)
    assert {k for k in keys(incident) if "subject-notice" in k} == {
        "gdpr-breach:subject-notice-draft:0",
        "gdpr-breach:subject-notice-approval:0",
        "gdpr-breach:subject-notice-send:0",
    }


def test_one_task_per_entity_when_several_owe_the_same_notice(organisation: Any) -> None:
    incident = incident_create_for_test(now=NOW)
    ireland, britain = organisation.entities.filter(country__in=["IE", "GB"]).order_by("country")[
        ::-1
    ]
    for entity in (ireland, britain):
        obligation_add(incident, "GDPR-SA", due_at=AWARE + timedelta(hours=72), entity=entity)
    tasks_sync(incident=incident, actor=None)
    notices = incident.tasks.filter(origin_key__startswith="gdpr-breach:authority-notice")
    assert {t.origin_key for t in notices} == {
        f"gdpr-breach:authority-notice:{ireland.pk}",
        f"gdpr-breach:authority-notice:{britain.pk}",
    }
    assert {t.title.split(" — ")[1] for t in notices} == {ireland.legal_name, britain.legal_name}


def test_due_times_move_with_awareness_but_not_when_set_by_hand() -> None:
    incident = incident_create_for_test(now=NOW)
    pinned = incident.tasks.get(origin_key="first-response:holding-statement")
    pinned.due_at, pinned.due_set_manually = NOW + timedelta(days=3), True
    pinned.save()
    later = AWARE + timedelta(hours=2)
    incident_update(actor=None, incident=incident, data={"aware_at": later}, now=NOW)
    assert due(incident, "first-response:risk-assessment") == later + timedelta(hours=24)
    assert due(incident, "first-response:holding-statement") == NOW + timedelta(days=3)
    assert due(incident, "first-response:preserve-evidence") == DETECTED + timedelta(hours=2)
    moved = AuditEvent.objects.filter(action="reschedule", incident=incident)
    assert moved.count() == 2  # risk assessment and contract duties, both aware-anchored


def test_a_task_waits_for_awareness_before_it_has_a_due_time() -> None:
    incident = incident_create_for_test(now=NOW, aware_at=None)
    assert due(incident, "first-response:risk-assessment") is None
    assert due(incident, "first-response:preserve-evidence") == DETECTED + timedelta(hours=2)
    incident_update(actor=None, incident=incident, data={"aware_at": AWARE}, now=NOW)
    assert due(incident, "first-response:risk-assessment") == AWARE + timedelta(hours=24)


def test_obligation_due_time_moves_carry_the_task_with_them() -> None:
    incident = incident_create_for_test(now=NOW)
    authority, _ = gdpr_obligations(incident)
    tasks_sync(incident=incident, actor=None)
    authority.due_at = authority.due_at + timedelta(hours=5)
    authority.save()
    result = tasks_sync(incident=incident, actor=None)
    assert [t.origin_key for t in result.rescheduled] == ["gdpr-breach:authority-notice:0"]
    assert due(incident, "gdpr-breach:authority-notice:0") == authority.due_at - timedelta(hours=6)


def test_a_withdrawn_obligation_closes_its_open_task_and_reopens_it_when_back() -> None:
    incident = incident_create_for_test(now=NOW)
    authority, _ = gdpr_obligations(incident)
    tasks_sync(incident=incident, actor=None)
    authority.applies = False
    authority.save()
    tasks_sync(incident=incident, actor=None)
    notice = incident.tasks.get(origin_key="gdpr-breach:authority-notice:0")
    assert notice.status == TaskStatus.NOT_APPLICABLE
    assert notice.closed_automatically and "GDPR-SA" in notice.not_applicable_reason
    authority.applies = True
    authority.save()
    tasks_sync(incident=incident, actor=None)
    notice.refresh_from_db()
    assert (notice.status, notice.not_applicable_reason) == (TaskStatus.OPEN, "")
    assert incident.tasks.filter(origin_key__startswith="gdpr-breach:authority-notice").count() == 1


def test_a_person_decision_is_never_undone_by_synchronisation() -> None:
    incident = incident_create_for_test(now=NOW)
    authority, _ = gdpr_obligations(incident)
    tasks_sync(incident=incident, actor=None)
    Task.objects.filter(origin_key="gdpr-breach:authority-notice:0").update(
        status=TaskStatus.NOT_APPLICABLE, not_applicable_reason="Filed by the group DPO."
    )
    authority.applies = False
    authority.save()
    tasks_sync(incident=incident, actor=None)
    authority.applies = True
    authority.save()
    tasks_sync(incident=incident, actor=None)
    notice = incident.tasks.get(origin_key="gdpr-breach:authority-notice:0")
    assert notice.status == TaskStatus.NOT_APPLICABLE
    assert notice.not_applicable_reason == "Filed by the group DPO."


def test_an_exempted_obligation_generates_no_task() -> None:
    incident = incident_create_for_test(now=NOW)
    obligation_add(
        incident,
        "GDPR-DS",
        target_at=AWARE + timedelta(hours=24),
        status="not_required",
        exemption="GDPR Art. 34(3)(a)",
    )
    tasks_sync(incident=incident, actor=None)
    assert not any("subject-notice" in key for key in keys(incident))


def test_an_inactive_playbook_generates_nothing() -> None:
    Playbook.objects.filter(key="ransomware").update(is_active=False)
    incident = incident_create_for_test(now=NOW, incident_type="ransomware")
    assert not any(key.startswith("ransomware:") for key in keys(incident))


def test_a_playbook_task_added_later_reaches_open_incidents_at_their_next_sync() -> None:
    incident = incident_create_for_test(now=NOW)
    PlaybookTask.objects.create(
        playbook=Playbook.objects.get(key="first-response"),
        key="board-briefing",
        team=Team.objects.get(code="executive"),
        title="Brief the board",
        due_anchor="aware",
        due_offset_minutes=6 * 60,
    )
    tasks_sync(incident=incident, actor=None)
    assert due(incident, "first-response:board-briefing") == AWARE + timedelta(hours=6)


def test_generated_tasks_are_in_the_incident_timeline() -> None:
    incident = incident_create_for_test(now=NOW)
    created = AuditEvent.objects.filter(
        incident=incident, action="create", object_type="incidents.Task"
    )
    assert created.count() == len(default_keys("first-response"))
    assert created.first().changes["playbook"] == "first-response"


def test_a_hand_anchored_task_moves_to_another_live_obligation_of_its_rule(
    organisation: Any, personas: dict[str, Any]
) -> None:
    from incidents.response.services import task_create

    incident = incident_create_for_test(now=NOW)
    ireland, britain = organisation.entities.order_by("pk")[:2]
    first = obligation_add(incident, "GDPR-SA", due_at=AWARE + timedelta(hours=72), entity=ireland)
    second = obligation_add(incident, "GDPR-SA", due_at=AWARE + timedelta(hours=80), entity=britain)
    task = task_create(
        actor=personas["dpo"],
        incident=incident,
        data={
            "team": Team.objects.get(code="legal"),
            "title": "Call the authority first",
            "due_anchor": "obligation",
            "due_anchor_rule_id": "GDPR-SA",
            "due_offset_minutes": -60,
        },
    )
    assert (task.anchor_obligation, task.due_at) == (first, first.due_at - timedelta(hours=1))
    first.applies = False
    first.save()
    tasks_sync(incident=incident, actor=None)
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    assert (task.anchor_obligation, task.due_at) == (second, second.due_at - timedelta(hours=1))
