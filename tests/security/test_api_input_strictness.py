"""List parameters are strict: what would be silently ignored, or break the database, is a 400."""

from __future__ import annotations

import pytest

from tests.factories import incident_payload

URL = "/api/v1/incidents/"
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "status"),
    [
        pytest.param({"detected_after": "2026-11-20T00:00:00+21:42"}, 200, id="odd-offset"),
        pytest.param({"detected_after": "0001-01-01T00:00:00+01:00"}, 400, id="before-year-1"),
        pytest.param({"is_drill": "null"}, 400, id="bad-boolean"),
        pytest.param({"status": ""}, 400, id="empty-choice"),
        pytest.param({"page_size": "0"}, 400, id="page-size-zero"),
        pytest.param({"page": ""}, 400, id="empty-page"),
        pytest.param({"page": ["1", "2"]}, 400, id="page-twice"),
        pytest.param({"page": "1"}, 200, id="first-page"),
    ],
)
def test_list_filters_are_strict_and_never_fail_on_the_database(
    api_client_for, query: dict[str, str], status: int
) -> None:
    api_client_for("security").post(URL, incident_payload(), format="json")
    response = api_client_for("security").get(URL, query)
    assert response.status_code == status, response.content


PLAYBOOK = {"key": "drill", "name": "Drill"}


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        pytest.param("/api/v1/playbooks/", {**PLAYBOOK, "is_active": 0}, "is_active", id="number"),
        pytest.param(
            "/api/v1/playbooks/", {**PLAYBOOK, "is_active": "yes"}, "is_active", id="word"
        ),
        pytest.param(
            "/api/v1/reports/", {"kind": "executive-summary", "final": "true"}, "final", id="string"
        ),
        pytest.param(
            "/api/v1/playbooks/", {**PLAYBOOK, "description": 0}, "description", id="number-text"
        ),
        pytest.param("/api/v1/tasks/", {"title": 12}, "title", id="number-title"),
    ],
)
def test_bodies_take_the_json_types_the_schema_names(
    api_client_for, url: str, body: dict[str, object], field: str
) -> None:
    """Where the schema says boolean or string, 0, 1 and words are refused rather than guessed."""
    response = api_client_for("admin").post(url, body, format="json")
    assert response.status_code == 400 and field in response.json()


TOO_LARGE = "9" * 23  # more than a 64-bit key holds


@pytest.mark.parametrize(
    ("url", "status"),
    [
        pytest.param(f"/api/v1/tasks/?incident={TOO_LARGE}", 400, id="task-incident"),
        pytest.param("/api/v1/tasks/?incident=1.5", 400, id="task-incident-fraction"),
        pytest.param(f"/api/v1/tasks/?assignee={TOO_LARGE}", 400, id="task-assignee"),
        pytest.param("/api/v1/statements/?incident=-5.9e%2B111", 400, id="statement-incident"),
        pytest.param(
            f"/api/v1/statement-versions/?incident={TOO_LARGE}", 400, id="version-incident"
        ),
        pytest.param(f"/api/v1/reports/?incident={TOO_LARGE}", 200, id="report-incident-none"),
        pytest.param(
            f"/api/v1/reports/completeness/?kind=executive-summary&incident={TOO_LARGE}",
            400,
            id="completeness-incident",
        ),
    ],
)
def test_ids_no_database_holds_are_refused_or_match_nothing(
    api_client_for, url: str, status: int
) -> None:
    response = api_client_for("admin").get(url)
    assert response.status_code == status, response.content
    if status == 200:
        assert response.json()["count"] == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        pytest.param("kind=register&entity=", "entity", id="empty"),
        pytest.param("kind=register&kind=gdpr-art33", "kind", id="twice"),
    ],
)
def test_completeness_parameters_are_strict_like_filters(api_client_for, query, field) -> None:
    response = api_client_for("dpo").get(f"/api/v1/reports/completeness/?{query}")
    assert response.status_code == 400 and field in response.json()
