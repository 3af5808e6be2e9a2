"""Admin pages for playbooks (editable, inline tasks) and tasks and statements (read-only)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from incidents.models import Task
from incidents.response.models import Playbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged_in(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw-root-2026!")
    client.force_login(user)
    return client


def test_playbook_pages_render_with_their_tasks(admin_client_logged_in) -> None:
    playbook = Playbook.objects.get(key="gdpr-breach")
    listing = admin_client_logged_in.get("/admin/incidents/playbook/")
    assert listing.status_code == 200 and b"GDPR personal-data breach" in listing.content
    page = admin_client_logged_in.get(f"/admin/incidents/playbook/{playbook.pk}/change/")
    assert page.status_code == 200
    assert b"File the supervisory-authority notice" in page.content
    assert b"GDPR, UK_GDPR" in page.content


def test_a_built_in_playbook_cannot_be_deleted_in_the_admin(admin_client_logged_in) -> None:
    playbook = Playbook.objects.get(key="ransomware")
    response = admin_client_logged_in.get(f"/admin/incidents/playbook/{playbook.pk}/delete/")
    assert response.status_code == 403


def test_tasks_are_read_only_in_the_admin(admin_client_logged_in) -> None:
    from tests.factories import incident_create_for_test

    task = incident_create_for_test().tasks.first()
    page = admin_client_logged_in.get(f"/admin/incidents/task/{task.pk}/change/")
    assert page.status_code == 200
    response = admin_client_logged_in.post(
        f"/admin/incidents/task/{task.pk}/change/", {"title": "Changed"}
    )
    assert response.status_code == 403
    assert Task.objects.get(pk=task.pk).title == task.title


def test_the_playbook_form_reads_criteria_and_regimes() -> None:
    from incidents.admin import PlaybookForm

    form = PlaybookForm(
        data={
            "key": "insider",
            "name": "Insider misuse",
            "incident_types": ["insider"],
            "regimes": "gdpr, pipl ,",
            "is_active": "on",
        }
    )
    assert form.is_valid(), form.errors
    playbook = form.save()
    assert (playbook.incident_types, playbook.processing_roles, playbook.regimes) == (
        ["insider"],
        [],
        ["GDPR", "PIPL"],
    )
    bad = PlaybookForm(data={"key": "x", "name": "X", "regimes": "GDPR lite"})
    assert not bad.is_valid() and "regimes" in bad.errors


def test_the_inline_refuses_a_dependency_cycle() -> None:
    from django.forms import inlineformset_factory

    from incidents.admin import PlaybookTaskFormSet
    from incidents.response.models import PlaybookTask

    playbook = Playbook.objects.get(key="gdpr-breach")
    templates = list(playbook.tasks.order_by("position"))
    formset_class = inlineformset_factory(
        Playbook,
        PlaybookTask,
        formset=PlaybookTaskFormSet,
        fields=["key", "team", "title", "depends_on"],
        extra=0,
    )
    data = {
        "tasks-TOTAL_FORMS": str(len(templates)),
        "tasks-INITIAL_FORMS": str(len(templates)),
    }
    notice = next(t for t in templates if t.key == "authority-notice")
    for index, template in enumerate(templates):
        dependencies = [d.pk for d in template.depends_on.all()]
        if template.key == "register-entry":
            dependencies.append(notice.pk)
        if template.key == "authority-notice":
            # A cycle made only of this submission: notice → register entry → notice.
            dependencies.append(next(t.pk for t in templates if t.key == "register-entry"))
        data.update(
            {
                f"tasks-{index}-id": str(template.pk),
                f"tasks-{index}-key": template.key,
                f"tasks-{index}-team": str(template.team_id),
                f"tasks-{index}-title": template.title,
                f"tasks-{index}-depends_on": [str(pk) for pk in dependencies],
            }
        )
    formset = formset_class(data=data, instance=playbook, prefix="tasks")
    assert not formset.is_valid()
    assert any("wait for itself" in str(form.errors) for form in formset.forms)


def test_an_admin_edit_makes_the_api_etags_stale(admin_client_logged_in) -> None:
    """An API client that read a playbook before an admin edited it must get 412, not win."""
    from incidents.models import Team
    from incidents.response.models import PlaybookTask

    playbook = Playbook.objects.create(key="drill", name="Drill")
    template = PlaybookTask.objects.create(
        playbook=playbook, key="call", team=Team.objects.get(code="dpo"), title="Call the DPO"
    )
    read = (playbook.etag, template.etag)
    form = {
        "key": "drill",
        "name": "Tabletop drill",
        "regimes": "",
        "is_active": "on",
        "tasks-TOTAL_FORMS": "1",
        "tasks-INITIAL_FORMS": "1",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "1000",
        "tasks-0-id": str(template.pk),
        "tasks-0-playbook": str(playbook.pk),
        "tasks-0-key": "call",
        "tasks-0-position": "0",
        "tasks-0-team": str(template.team_id),
        "tasks-0-title": "Call the DPO at once",
    }
    response = admin_client_logged_in.post(f"/admin/incidents/playbook/{playbook.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    playbook.refresh_from_db()
    template.refresh_from_db()
    assert (playbook.name, template.title) == ("Tabletop drill", "Call the DPO at once")
    assert playbook.etag != read[0] and template.etag != read[1]
