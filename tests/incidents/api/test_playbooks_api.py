"""/api/v1/playbooks/ and /api/v1/playbook-tasks/: everyone reads, the DPO and admins edit."""

from __future__ import annotations

from typing import Any

import pytest

from incidents.models import AuditEvent
from incidents.response.generation import tasks_sync
from incidents.response.models import Playbook, PlaybookTask
from tests.factories import incident_create_for_test
from tests.incidents.builders import matrix_cell_check

URL = "/api/v1/playbooks/"
TASKS = "/api/v1/playbook-tasks/"
pytestmark = pytest.mark.django_db
EDITORS = {"dpo", "admin"}
ALL_ROLES = {"security", "dpo", "legal", "pr", "executive", "admin"}


def template(playbook_key: str, key: str) -> PlaybookTask:
    return PlaybookTask.objects.get(playbook__key=playbook_key, key=key)


def patch(client: Any, url: str, body: dict[str, Any]) -> Any:
    """PATCH with the ETag the client just read (none when it may not read): as clients do."""
    read = client.get(url)
    headers = {"HTTP_IF_MATCH": read["ETag"]} if read.status_code == 200 else {}
    return client.patch(url, body, format="json", **headers)


def test_everyone_with_a_role_reads_playbooks_with_their_tasks(api_client_for) -> None:
    response = api_client_for("executive").get(URL, {"page_size": 50})
    assert response.status_code == 200
    gdpr = next(p for p in response.json()["results"] if p["key"] == "gdpr-breach")
    assert gdpr["regimes"] == ["GDPR", "UK_GDPR"] and gdpr["is_builtin"]
    notice = next(t for t in gdpr["tasks"] if t["key"] == "authority-notice")
    assert (notice["team"], notice["due_anchor_rule_id"], notice["due_offset_minutes"]) == (
        "legal",
        "GDPR-SA",
        -360,
    )
    assert api_client_for("outsider").get(URL).status_code == 403


def test_a_custom_playbook_generates_its_tasks(api_client_for, personas) -> None:
    dpo = api_client_for("dpo")
    created = dpo.post(
        URL,
        {"key": "phishing", "name": "Phishing", "incident_types": ["phishing"]},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = {
        "playbook": created.json()["id"],
        "key": "reset-passwords",
        "team": "it-security",
        "title": "Reset the phished accounts' passwords",
        "due_anchor": "detected",
        "due_offset_minutes": 30,
    }
    assert dpo.post(TASKS, body, format="json").status_code == 201
    incident = incident_create_for_test(actor=personas["security"], incident_type="phishing")
    task = incident.tasks.get(origin_key="phishing:reset-passwords")
    assert task.team.code == "it-security"
    assert (task.due_at - incident.detected_at).total_seconds() == 30 * 60
    assert AuditEvent.objects.filter(object_type="incidents.PlaybookTask", action="create").count()


def test_editing_a_template_leaves_generated_tasks_as_they_were(api_client_for, personas) -> None:
    incident = incident_create_for_test(actor=personas["security"])
    risk = template("first-response", "risk-assessment")
    body = {"title": "Assess the risk", "due_offset_minutes": 600}
    response = patch(api_client_for("admin"), f"{TASKS}{risk.pk}/", body)
    assert response.status_code == 200, response.json()
    tasks_sync(incident=incident, actor=None)
    task = incident.tasks.get(origin_key="first-response:risk-assessment")
    assert task.title == "Complete the risk assessment" and task.due_offset_minutes == 24 * 60


@pytest.mark.parametrize("persona", [*sorted(ALL_ROLES), "outsider", None])
@pytest.mark.parametrize("action", ["create", "update", "add_task", "delete_task"])
def test_only_the_dpo_and_admins_edit_playbooks(api_client_for, action: str, persona) -> None:
    client = api_client_for(persona)
    risk = template("first-response", "risk-assessment")
    before = (Playbook.objects.count(), PlaybookTask.objects.count(), AuditEvent.objects.count())
    if action == "create":
        response = client.post(URL, {"key": "drill", "name": "Drill"}, format="json")
    elif action == "update":
        ransomware = Playbook.objects.get(key="ransomware")
        response = patch(client, f"{URL}{ransomware.pk}/", {"is_active": False})
    elif action == "add_task":
        body = {"playbook": risk.playbook_id, "key": "x", "team": "dpo", "title": "X"}
        response = client.post(TASKS, body, format="json")
    else:
        response = client.delete(f"{TASKS}{template('ransomware', 'backups').pk}/")
    if not matrix_cell_check(response, persona, EDITORS):
        after = (Playbook.objects.count(), PlaybookTask.objects.count(), AuditEvent.objects.count())
        assert after == before
        assert Playbook.objects.get(key="ransomware").is_active


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param({"team": "catering"}, {"team"}, id="unknown-team"),
        pytest.param({"due_anchor": "aware"}, {"due_offset_minutes"}, id="anchor-without-offset"),
        pytest.param({"due_offset_minutes": 60}, {"due_anchor"}, id="offset-without-anchor"),
        pytest.param(
            {"due_anchor": "obligation", "due_offset_minutes": -60},
            {"due_anchor_rule_id"},
            id="obligation-without-rule",
        ),
        pytest.param({"key": "contain"}, {"key"}, id="key-already-used"),
        pytest.param({"key": "Not A Slug"}, {"key"}, id="key-not-a-slug"),
        pytest.param({"depends_on": [999_999]}, {"depends_on"}, id="unknown-dependency"),
        pytest.param({"playbook": 999_999}, {"playbook"}, id="unknown-playbook"),
    ],
)
def test_bad_template_input_is_a_400_naming_the_field(
    api_client_for, body: dict[str, Any], fields: set[str]
) -> None:
    first_response = Playbook.objects.get(key="first-response")
    payload = {"playbook": first_response.pk, "key": "new", "team": "dpo", "title": "T", **body}
    before = (PlaybookTask.objects.count(), AuditEvent.objects.count())
    response = api_client_for("dpo").post(TASKS, payload, format="json")
    assert response.status_code == 400, response.json()
    assert set(response.json()) == fields
    assert (PlaybookTask.objects.count(), AuditEvent.objects.count()) == before


def test_a_template_dependency_cycle_is_refused(api_client_for) -> None:
    decision = template("gdpr-breach", "notifiability-decision")
    notice = template("gdpr-breach", "authority-notice")
    response = patch(api_client_for("dpo"), f"{TASKS}{decision.pk}/", {"depends_on": [notice.pk]})
    assert response.status_code == 400 and "depends_on" in response.json()
    assert [t.key for t in decision.depends_on.all()] == ["risk-assessment"]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param({"incident_types": ["meteor"]}, {"incident_types"}, id="unknown-type"),
        pytest.param({"processing_roles": ["bystander"]}, {"processing_roles"}, id="unknown-role"),
        pytest.param({"regimes": ["gdpr lite"]}, {"regimes"}, id="bad-regime"),
        pytest.param({"key": "gdpr-breach"}, {"key"}, id="key-already-used"),
    ],
)
def test_bad_playbook_input_is_a_400(api_client_for, body: dict[str, Any], fields: set[str]):
    payload = {"key": "mine", "name": "Mine", **body}
    response = api_client_for("admin").post(URL, payload, format="json")
    assert response.status_code == 400
    assert set(response.json()) == fields
    assert not Playbook.objects.filter(key="mine").exists()


def test_a_built_in_playbook_is_switched_off_not_deleted(api_client_for) -> None:
    admin = api_client_for("admin")
    ransomware = Playbook.objects.get(key="ransomware")
    assert admin.delete(f"{URL}{ransomware.pk}/").status_code == 409
    assert patch(admin, f"{URL}{ransomware.pk}/", {"is_active": False}).status_code == 200
    assert not Playbook.objects.get(pk=ransomware.pk).is_active
    custom = admin.post(URL, {"key": "drill", "name": "Drill"}, format="json").json()
    assert admin.delete(f"{URL}{custom['id']}/").status_code == 204


def test_edits_need_the_etag_read_and_a_stale_one_changes_nothing(api_client_for) -> None:
    dpo, admin = api_client_for("dpo"), api_client_for("admin")
    for url, body in (
        (f"{URL}{Playbook.objects.get(key='ransomware').pk}/", {"name": "Ransomware (v2)"}),
        (f"{TASKS}{template('ransomware', 'backups').pk}/", {"title": "Check the backups"}),
    ):
        read = dpo.get(url)["ETag"]
        assert dpo.patch(url, body, format="json").status_code == 428
        assert admin.patch(url, body, format="json", HTTP_IF_MATCH=read).status_code == 200
        events = AuditEvent.objects.count()
        overwrite = {name: "Overwritten" for name in body}
        stale = dpo.patch(url, overwrite, format="json", HTTP_IF_MATCH=read)
        assert stale.status_code == 412 and AuditEvent.objects.count() == events
        current = dpo.get(url).json()
        assert {name: current[name] for name in body} == body


def test_the_list_runs_a_constant_number_of_queries(api_client_for, django_assert_num_queries):
    client = api_client_for("dpo")
    client.get(URL)  # warms the per-user role cache
    with django_assert_num_queries(4):  # count, playbooks, templates with teams, dependencies
        client.get(URL, {"page_size": 50})
    risk = template("first-response", "risk-assessment")
    for number in range(5):
        playbook = Playbook.objects.create(key=f"extra-{number}", name=f"Extra {number}")
        for key in ("a", "b"):
            added = PlaybookTask.objects.create(
                playbook=playbook, key=key, team=risk.team, title=key
            )
            added.depends_on.add(risk)
    with django_assert_num_queries(4):
        response = client.get(URL, {"page_size": 50})
    assert response.json()["count"] == Playbook.objects.count() > 10
