"""/api/v1/drills/ and /api/v1/drill-scenarios/: start, watch, end with the drill report."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents.learning.models import Drill, DrillScenario
from incidents.models import Incident, Task
from tests.incidents.builders import matrix_cell_check

URL = "/api/v1/drills/"
pytestmark = pytest.mark.django_db
RUNNERS = {"security", "dpo", "admin"}


@pytest.mark.parametrize("persona", [None, "security", "dpo", "legal", "pr", "executive", "admin"])
def test_who_may_start_a_drill(api_client_for, teams, persona) -> None:
    response = api_client_for(persona).post(URL, {"scenario": "misdirected-email"}, format="json")
    allowed = matrix_cell_check(response, persona, RUNNERS)
    assert Incident.objects.filter(is_drill=True).exists() == allowed


def test_start_from_a_scenario_on_an_accelerated_clock(api_client_for, teams) -> None:
    body = {"scenario": "ransomware-file-server", "clock_mode": "accelerated", "speed_factor": 12}
    response = api_client_for("security").post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    drill = response.json()
    assert response["Location"] == f"/api/v1/drills/{drill['id']}/"
    assert (drill["scenario"], drill["clock_mode"], drill["speed_factor"]) == (
        "ransomware-file-server",
        "accelerated",
        12,
    )
    assert drill["incident_title"].startswith("[EXERCISE] ") and drill["is_running"]
    assert drill["report"] is None
    progress = drill["progress"]
    assert progress["elapsed"] < 60 and progress["injects"] == []
    teams_in_drill = {row["team"] for row in progress["teams"]}
    assert {"IT/Security", "DPO", "PR/Comms", "Legal"} <= teams_in_drill
    assert Task.objects.filter(incident_id=drill["incident"]).count() == len(progress["tasks"])
    assert Incident.objects.get(pk=drill["incident"]).is_drill


def test_start_from_a_past_incident(api_client_for, closed_incident) -> None:
    response = api_client_for("dpo").post(
        URL, {"source_incident": closed_incident.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["source_incident_reference"] == closed_incident.reference
    assert body["scenario"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"scenario": "alien-invasion"}, "scenario", id="unknown-scenario"),
        pytest.param(
            {"scenario": "misdirected-email", "clock_mode": "accelerated"},
            "speed_factor",
            id="accelerated-without-factor",
        ),
        pytest.param(
            {"scenario": "misdirected-email", "clock_mode": "accelerated", "speed_factor": 500},
            "speed_factor",
            id="factor-too-high",
        ),
        pytest.param({"source_incident": 999999}, "source_incident", id="unknown-incident"),
        pytest.param({}, "scenario", id="nothing-to-rehearse"),
        pytest.param({"scenario": "misdirected-email", "notify": True}, "notify", id="unknown"),
    ],
)
def test_bad_requests_name_the_field_and_start_nothing(api_client_for, teams, body, field) -> None:
    response = api_client_for("dpo").post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Incident.objects.exists() and not Drill.objects.exists()


def test_end_returns_the_drill_report_once(api_client_for, teams) -> None:
    dpo = api_client_for("dpo")
    drill = dpo.post(URL, {"scenario": "lost-unencrypted-laptop"}, format="json").json()
    assert api_client_for("legal").post(f"{URL}{drill['id']}/end/").status_code == 403
    ended = dpo.post(f"{URL}{drill['id']}/end/")
    assert ended.status_code == 200, ended.json()
    body = ended.json()
    assert not body["is_running"] and body["ended_by_username"] == "dpo"
    report = body["report"]
    assert report["scenario"] == "Lost unencrypted laptop" and report["speed_factor"] == 1
    assert {row["team"] for row in report["teams"]} >= {"IT/Security", "DPO"}
    assert set(report["metrics"]) >= {"time_to_detect", "notices", "statements"}
    assert report["metrics"]["time_to_detect"] == 13 * 3600  # began 14 h, seen 1 h before
    assert dpo.post(f"{URL}{drill['id']}/end/").status_code == 409
    # The review of the drill is open, and its measurements are the frozen ones.
    review = dpo.get("/api/v1/reviews/", {"incident": drill["incident"]}).json()["results"][0]
    assert review["is_drill"] and review["status"] == "draft"
    detail = dpo.get(f"/api/v1/reviews/{review['id']}/").json()
    assert detail["metrics"] == report["metrics"]
    pdf = dpo.get(f"/api/v1/reviews/{review['id']}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_list_takes_the_same_number_of_queries_for_more_drills(api_client_for, teams) -> None:
    dpo = api_client_for("dpo")
    dpo.post(URL, {"scenario": "misdirected-email"}, format="json")
    with CaptureQueriesContext(connection) as one:
        assert dpo.get(URL).status_code == 200
    for key in ("insider-exfiltration", "compromised-processor"):
        dpo.post(URL, {"scenario": key}, format="json")
    with CaptureQueriesContext(connection) as three:
        assert dpo.get(URL).json()["count"] == 3
    assert len(three) == len(one)


def test_every_role_reads_the_scenario_library(api_client_for) -> None:
    response = api_client_for("executive").get("/api/v1/drill-scenarios/")
    assert response.status_code == 200
    assert response.json()["count"] == DrillScenario.objects.count() == 6
    assert api_client_for("outsider").get("/api/v1/drill-scenarios/").status_code == 403
