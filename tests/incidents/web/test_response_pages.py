"""Task actions, statements, reports and playbooks in the web UI, each through its service."""

from __future__ import annotations

import pytest

from compliance.models import ReportDocument
from incidents.models import Task, Team
from incidents.response.models import Playbook, Statement
from tests.factories import task_create_for_test
from tests.incidents.web.conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def legal_task(personas, make_incident) -> Task:
    """An open Legal task on a fresh incident, with the legal persona in the Legal team."""
    Team.objects.get(code="legal").members.add(personas["legal"])
    incident = make_incident()
    return task_create_for_test(incident=incident, team_code="legal", title="Check contracts")


def test_a_team_member_starts_and_completes_a_task_from_the_room(client_for, legal_task):
    client = client_for("legal")
    room = f"/incidents/{legal_task.incident.reference}/"
    body = client.get(room).content.decode()
    data = form_data(body, "version")
    response = client.post(f"/tasks/{legal_task.pk}/", {**data, "action": "start"})
    assert response.status_code == 302
    legal_task.refresh_from_db()
    assert legal_task.status == "in_progress"
    data["version"] = legal_task.version
    client.post(f"/tasks/{legal_task.pk}/", {**data, "action": "complete"})
    legal_task.refresh_from_db()
    assert legal_task.status == "done" and legal_task.completed_at is not None


def test_a_stale_version_is_refused_and_nothing_changes(client_for, legal_task):
    client = client_for("legal")
    response = client.post(
        f"/tasks/{legal_task.pk}/", {"action": "start", "version": legal_task.version + 5}
    )
    assert response.status_code == 200
    assert "Someone changed this task" in response.content.decode()
    legal_task.refresh_from_db()
    assert legal_task.status == "open"


def test_not_applicable_needs_a_reason_shown_next_to_the_field(client_for, legal_task):
    client = client_for("legal")
    data = {"action": "status", "status": "not_applicable", "version": legal_task.version}
    response = client.post(f"/tasks/{legal_task.pk}/", {**data, "not_applicable_reason": ""})
    body = response.content.decode()
    assert 'id="id_not_applicable_reason_error"' in body
    client.post(f"/tasks/{legal_task.pk}/", {**data, "not_applicable_reason": "No contracts."})
    legal_task.refresh_from_db()
    assert legal_task.status == "not_applicable"
    assert legal_task.not_applicable_reason == "No contracts."


def test_assign_to_a_team_member_and_comment(client_for, personas, legal_task):
    client = client_for("legal")
    version = legal_task.version
    response = client.post(
        f"/tasks/{legal_task.pk}/",
        {"action": "assign", "assignee": personas["dpo"].pk, "version": version},
    )
    assert 'id="id_assignee_error"' in response.content.decode()  # not in the Legal team
    client.post(
        f"/tasks/{legal_task.pk}/",
        {"action": "assign", "assignee": personas["legal"].pk, "version": version},
    )
    client.post(f"/tasks/{legal_task.pk}/", {"action": "comment", "body": "Asked the <b>DPA</b>."})
    legal_task.refresh_from_db()
    assert legal_task.assignee == personas["legal"]
    body = client.get(f"/tasks/{legal_task.pk}/").content.decode()
    assert "Asked the &lt;b&gt;DPA&lt;/b&gt;." in body


def test_controls_only_for_those_who_may_change_the_task(client_for, personas, legal_task):
    room = f"/incidents/{legal_task.incident.reference}/"
    assert f'action="/tasks/{legal_task.pk}/"' in client_for("dpo").get(room).content.decode()
    executive = client_for("executive")
    assert f'action="/tasks/{legal_task.pk}/"' not in executive.get(room).content.decode()
    assert executive.get(f"/tasks/{legal_task.pk}/").status_code == 403
    assert executive.post(f"/tasks/{legal_task.pk}/", {"action": "start"}).status_code == 403
    # Security staff are not in the Legal team.
    assert client_for("security").post(f"/tasks/{legal_task.pk}/", {}).status_code == 403
    assert (
        f'href="/tasks/{legal_task.pk}/"'
        in client_for("legal").get("/tasks/mine/").content.decode()
    )


def test_statements_drafted_approved_and_published(client_for, personas, make_incident):
    incident = make_incident()
    # PR staff see the incidents their team works on.
    Team.objects.get(code="pr-comms").members.add(personas["pr"])
    task_create_for_test(incident=incident, team_code="pr-comms", title="Holding statement")
    url = f"/incidents/{incident.reference}/statements/"
    pr = client_for("pr")
    response = pr.post(url, {"action": "draft", "audience": "media", "body": ""})
    assert 'id="id_body_error"' in response.content.decode()
    pr.post(url, {"action": "draft", "audience": "media", "body": "We are investigating."})
    version = Statement.objects.get(incident=incident, audience="media").versions.get()
    read = {"version_id": version.pk, "version": version.version}
    assert pr.post(url, {"action": "approve", **read}).status_code == 403
    client_for("dpo").post(url, {"action": "approve", **read})
    version.refresh_from_db()
    assert version.status == "approved"
    read = {"version_id": version.pk, "version": version.version}
    response = pr.post(url, {"action": "publish", **read, "spokesperson": ""})
    assert "This field is required." in response.content.decode()
    pr.post(url, {"action": "publish", **read, "spokesperson": "Ana Silva"})
    version.refresh_from_db()
    assert version.status == "published" and version.spokesperson == "Ana Silva"
    room = client_for("executive").get(f"/incidents/{incident.reference}/").content.decode()
    assert "We are investigating." in room and "Ana Silva" in room
    assert 'name="action" value="draft"' not in room
    assert client_for("executive").get(url).status_code == 403


def test_a_statement_changed_since_it_was_read_is_not_approved_or_published(
    client_for, personas, make_incident
):
    incident = make_incident()
    url = f"/incidents/{incident.reference}/statements/"
    dpo = client_for("dpo")
    dpo.post(url, {"action": "draft", "audience": "media", "body": "We are investigating."})
    version = Statement.objects.get(incident=incident, audience="media").versions.get()
    stale = {"version_id": version.pk, "version": version.version - 1}
    response = dpo.post(url, {"action": "approve", **stale}, follow=True)
    assert "Someone else changed this while you were editing it" in response.content.decode()
    version.refresh_from_db()
    assert version.status == "draft"
    dpo.post(url, {"action": "approve", "version_id": version.pk, "version": version.version})
    response = dpo.post(url, {"action": "publish", **stale, "spokesperson": "Ana Silva"})
    assert "Someone else changed this while you were editing it" in response.content.decode()
    version.refresh_from_db()
    assert (version.status, version.spokesperson) == ("approved", "")
    assert dpo.post(url, {"action": "approve", "version_id": version.pk}).status_code == 400


def test_reports_generated_from_the_room_and_listed_with_a_download(
    client_for, make_incident, django_capture_on_commit_callbacks
):
    incident = make_incident()
    room = f"/incidents/{incident.reference}/"
    dpo = client_for("dpo")
    data = form_data(dpo.get(room).content.decode(), "kind")
    with django_capture_on_commit_callbacks(execute=True):
        response = dpo.post(f"/incidents/{incident.reference}/reports/", data)
    assert response.status_code == 302 and response["Location"].endswith("#reports")
    document = ReportDocument.objects.get(incident=incident)
    assert document.status == "ready", document.error
    body = client_for("executive").get(room).content.decode()
    assert f'href="/reports/{document.pk}/download/"' in body
    assert 'id="report-generate"' not in body
    download = dpo.get(f"/reports/{document.pk}/download/")
    assert download["Content-Type"] == "application/pdf"


def test_playbooks_listed_and_their_tasks_edited(client_for, personas):
    playbook = Playbook.objects.filter(tasks__isnull=False).first() or Playbook.objects.create(
        key="custom", name="Custom"
    )
    dpo = client_for("dpo")
    assert playbook.name in dpo.get("/settings/playbooks/").content.decode()
    url = f"/settings/playbooks/{playbook.pk}/"
    team = Team.objects.get(code="legal")
    new = {"action": "add", "new-key": "notify-insurer", "new-team": team.pk}
    response = dpo.post(url, {**new, "new-title": "", "new-position": 9})
    assert 'id="id_new-title_error"' in response.content.decode()
    dpo.post(url, {**new, "new-title": "Notify the insurer", "new-position": 9})
    template = playbook.tasks.get(key="notify-insurer")
    dpo.post(
        url,
        {
            "action": "task",
            "template": template.pk,
            f"t{template.pk}-key": "notify-insurer",
            f"t{template.pk}-team": team.pk,
            f"t{template.pk}-title": "Notify the cyber insurer",
            f"t{template.pk}-position": 9,
            f"t{template.pk}-due_anchor": "detected",
            f"t{template.pk}-due_offset_minutes": 1440,
            f"t{template.pk}-version": template.version,
        },
    )
    template.refresh_from_db()
    assert template.title == "Notify the cyber insurer" and template.due_offset_minutes == 1440
    assert client_for("legal").get(url).status_code == 403
    admin_nav = client_for("admin").get("/settings/preferences/").content.decode()
    assert 'href="/settings/playbooks/"' in admin_nav and 'href="/settings/webhooks/"' in admin_nav


def test_a_playbook_edit_over_a_newer_version_is_refused_next_to_the_form(client_for):
    playbook = Playbook.objects.filter(tasks__isnull=False).first()
    template = playbook.tasks.first()
    url = f"/settings/playbooks/{playbook.pk}/"
    dpo = client_for("dpo")
    page = dpo.get(url).content.decode()
    assert f'name="version" value="{playbook.version}"' in page
    assert f'name="t{template.pk}-version" value="{template.version}"' in page
    stale = {"action": "playbook", "name": "Renamed", "version": playbook.version + 1}
    response = dpo.post(url, stale)
    assert "Someone else changed this while you were editing it" in response.content.decode()
    playbook.refresh_from_db()
    assert playbook.name != "Renamed"
    fields = {
        f"t{template.pk}-{name}": value
        for name, value in [
            ("key", template.key),
            ("team", template.team_id),
            ("title", "Changed blindly"),
            ("position", template.position),
        ]
    }
    response = dpo.post(url, {"action": "task", "template": template.pk, **fields})
    assert "Reload the page and make your change again." in response.content.decode()
    template.refresh_from_db()
    assert template.title != "Changed blindly"


def test_a_shipped_playbook_is_edited_in_the_readers_language_and_kept_shipped_unless_changed(
    client_for, personas
):
    from django.utils import translation

    from incidents.models import UserPreference

    playbook = Playbook.objects.filter(tasks__isnull=False).exclude(description="").first()
    template = playbook.tasks.exclude(instructions="").first()
    english = (playbook.name, playbook.description, template.title, template.instructions)
    position = template.position
    with translation.override("zh-hans"):
        chinese = [translation.gettext(value) for value in english]
    assert all(zh != en for zh, en in zip(chinese, english, strict=True))
    UserPreference.objects.create(user=personas["dpo"], language="zh-hans", time_zone="UTC")
    dpo = client_for("dpo")
    url = f"/settings/playbooks/{playbook.pk}/"
    page = dpo.get(url).content.decode()
    shown = form_data(page, "description")
    assert (shown["name"], shown["description"]) == tuple(chinese[:2])
    task = form_data(page, f"t{template.pk}-title")
    assert task[f"t{template.pk}-title"] == chinese[2]
    assert task[f"t{template.pk}-instructions"] == chinese[3]
    # Sent back as shown, with only the switch or the position changed: the shipped English stays.
    dpo.post(url, {**shown, "action": "playbook", "is_active": ""})
    dpo.post(url, {**task, "action": "task", f"t{template.pk}-position": template.position + 1})
    playbook.refresh_from_db()
    template.refresh_from_db()
    assert not playbook.is_active and template.position == position + 1
    assert (playbook.name, playbook.description) == english[:2]
    assert (template.title, template.instructions) == english[2:]
    # A text someone changed is stored as written.
    shown = form_data(dpo.get(url).content.decode(), "description")
    dpo.post(url, {**shown, "action": "playbook", "description": "我们自己的说明"})
    playbook.refresh_from_db()
    assert playbook.description == "我们自己的说明" and playbook.name == english[0]
