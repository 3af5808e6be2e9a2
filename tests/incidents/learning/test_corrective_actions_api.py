"""/api/v1/corrective-actions/: agreed in a review, owned by a team, tracked like tasks."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from incidents.learning.models import CorrectiveAction, Review
from incidents.models import AuditEvent

URL = "/api/v1/corrective-actions/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def review(closed_incident: Any, personas: dict[str, Any]) -> Review:
    return Review.objects.create(incident=closed_incident, created_by=personas["dpo"])


def create(client: Any, review: Review, **fields: Any) -> Any:
    body = {"review": review.pk, "title": "Enforce MFA", "team": "it-security", **fields}
    return client.post(URL, body, format="json")


def test_an_action_has_an_owner_in_its_team_a_due_date_and_starts_open(
    api_client_for, review, personas
) -> None:
    due = (timezone.now() + timedelta(days=30)).replace(microsecond=0)
    berlin_summer = timezone.get_fixed_timezone(120)
    response = create(
        api_client_for("dpo"),
        review,
        category="access_control",
        owner=personas["security"].pk,
        due_at=due.astimezone(berlin_summer).isoformat(),
        description="Every service account, no exceptions.",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["team"], body["owner_username"], body["due_at"]) == (
        "open",
        "it-security",
        "security",
        due.astimezone(UTC).isoformat().replace("+00:00", "Z"),
    )
    assert (body["incident"], body["overdue"], body["version"]) == (review.incident_id, False, 1)
    assert AuditEvent.objects.filter(object_type="incidents.CorrectiveAction").count() == 1


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        pytest.param({"owner": "legal"}, "owner", id="owner-outside-team"),
        pytest.param({"due_at": "2026-06-30T17:00:00"}, "due_at", id="naive-due"),
        pytest.param({"category": "luck"}, "category", id="unknown-category"),
        pytest.param({"team": "nobody"}, "team", id="unknown-team"),
        pytest.param({"status": "done"}, "status", id="created-done"),
        pytest.param({"title": ""}, "title", id="no-title"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_written(
    api_client_for, review, personas, fields, bad
) -> None:
    if fields.get("owner") == "legal":
        fields = {"owner": personas["legal"].pk}
    response = create(api_client_for("dpo"), review, **fields)
    assert response.status_code == 400, response.json()
    assert bad in response.json()
    assert not CorrectiveAction.objects.exists()


def test_the_owning_team_works_it_and_other_teams_may_not(api_client_for, review) -> None:
    action = create(api_client_for("dpo"), review).json()
    url, etag = f"{URL}{action['id']}/", f'"{action["id"]}-1"'
    refused = api_client_for("legal").patch(
        url, {"status": "in_progress"}, format="json", HTTP_IF_MATCH=etag
    )
    assert refused.status_code == 403
    assert (
        api_client_for("executive").patch(url, {"status": "done"}, HTTP_IF_MATCH=etag).status_code
        == 403
    )
    security = api_client_for("security")
    moved = security.patch(url, {"status": "in_progress"}, format="json", HTTP_IF_MATCH=etag)
    assert moved.status_code == 200 and moved.json()["status"] == "in_progress"
    # Only the DPO or an administrator hands an action to another team.
    handed = security.patch(url, {"team": "legal"}, format="json", HTTP_IF_MATCH=moved["ETag"])
    assert handed.status_code == 403
    done = security.post(f"{url}complete/", HTTP_IF_MATCH=moved["ETag"])
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "done" and done.json()["completed_at"]
    assert security.post(f"{url}complete/", HTTP_IF_MATCH=done["ETag"]).status_code == 409
    stale = security.patch(url, {"status": "open"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412


def test_not_applicable_needs_a_reason(api_client_for, review) -> None:
    dpo = api_client_for("dpo")
    action = create(dpo, review).json()
    url, etag = f"{URL}{action['id']}/", f'"{action["id"]}-1"'
    response = dpo.patch(url, {"status": "not_applicable"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 400 and "not_applicable_reason" in response.json()
    reason = {"status": "not_applicable", "not_applicable_reason": "The system was retired."}
    response = dpo.patch(url, reason, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    assert CorrectiveAction.objects.get().not_applicable_reason == "The system was retired."


def test_filters_mine_and_overdue(api_client_for, review, personas) -> None:
    dpo = api_client_for("dpo")
    past = (timezone.now() - timedelta(days=1)).isoformat()
    create(dpo, review, title="Mine and late", owner=personas["security"].pk, due_at=past)
    create(dpo, review, title="Legal's", team="legal")
    security = api_client_for("security")
    mine = security.get(URL, {"owner": "me"}).json()["results"]
    assert [a["title"] for a in mine] == ["Mine and late"]
    overdue = dpo.get(URL, {"overdue": "true"}).json()["results"]
    assert [(a["title"], a["overdue"]) for a in overdue] == [("Mine and late", True)]
    assert dpo.get(URL, {"owner": "someone"}).status_code == 400
    assert [a["title"] for a in dpo.get(URL, {"team": "legal"}).json()["results"]] == ["Legal's"]


def test_the_list_takes_the_same_number_of_queries_for_more_actions(api_client_for, review) -> None:
    dpo = api_client_for("dpo")
    create(dpo, review)
    with CaptureQueriesContext(connection) as one:
        assert dpo.get(URL).status_code == 200
    for number in range(4):
        create(dpo, review, title=f"Action {number}", team=["legal", "dpo"][number % 2])
    with CaptureQueriesContext(connection) as five:
        assert dpo.get(URL).json()["count"] == 5
    assert len(five) == len(one)
