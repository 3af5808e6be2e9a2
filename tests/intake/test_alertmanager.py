"""POST /api/v1/intake/alerts/alertmanager/: Prometheus Alertmanager's webhook body as it sends it."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from intake.models import Alert

pytestmark = pytest.mark.usefixtures("frozen")
PATH = "/api/v1/intake/alerts/alertmanager/"

# The shape Alertmanager 0.27 posts (webhook_config, version 4), two firing and one resolved.
PAYLOAD: dict[str, Any] = {
    "receiver": "breachdesk",
    "status": "firing",
    "alerts": [
        {
            "status": "firing",
            "labels": {
                "alertname": "DatabaseExfiltration",
                "instance": "db-07:9100",
                "job": "node",
                "severity": "critical",
            },
            "annotations": {
                "summary": "Outbound transfer of 4 GB from db-07",
                "description": "Egress to an unknown address for 25 minutes.",
            },
            "startsAt": "2026-11-24T06:55:12.483Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus.example.org/graph?g0.expr=egress",
            "fingerprint": "c0ffee1234567890",
        },
        {
            "status": "firing",
            "labels": {"alertname": "LoginBurst", "instance": "sso-1", "severity": "warning"},
            "annotations": {"summary": "Failed logins from many addresses"},
            "startsAt": "2026-11-24T07:01:00+00:00",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus.example.org/graph?g0.expr=logins",
            "fingerprint": "deadbeef00000001",
        },
        {
            "status": "resolved",
            "labels": {"alertname": "DiskFull", "instance": "files-2", "severity": "warning"},
            "annotations": {},
            "startsAt": "2026-11-24T05:00:00Z",
            "endsAt": "2026-11-24T06:00:00Z",
            "generatorURL": "",
            "fingerprint": "0000000000000003",
        },
    ],
    "groupLabels": {"alertname": "DatabaseExfiltration"},
    "commonLabels": {"job": "node"},
    "commonAnnotations": {},
    "externalURL": "http://alertmanager.example.org",
    "version": "4",
    "groupKey": '{}:{alertname="DatabaseExfiltration"}',
    "truncatedAlerts": 0,
}


def test_firing_alerts_are_stored_with_their_severity_and_resolved_ones_skipped(post_as) -> None:
    response = post_as(PAYLOAD, path=PATH)
    assert response.status_code == 200, response.json()
    assert response.json()["received"] == 2 and response.json()["created"] == 2
    exfiltration = Alert.objects.get(fingerprint="c0ffee1234567890")
    assert exfiltration.severity == "critical"
    assert exfiltration.title == "Outbound transfer of 4 GB from db-07"
    assert exfiltration.first_seen_at.isoformat() == "2026-11-24T06:55:12.483000+00:00"
    assert exfiltration.group_key == '{}:{alertname="DatabaseExfiltration"}'
    assert exfiltration.link.startswith("http://prometheus.example.org/")
    assert exfiltration.details["labels"]["instance"] == "db-07:9100"
    assert Alert.objects.get(fingerprint="deadbeef00000001").severity == "medium"
    assert not Alert.objects.filter(fingerprint="0000000000000003").exists()


def test_a_repeated_notification_deduplicates(post_as) -> None:
    post_as(PAYLOAD, path=PATH)
    again = post_as(PAYLOAD, path=PATH).json()
    assert again["created"] == 0 and again["received"] == 2
    assert sorted(Alert.objects.values_list("count", flat=True)) == [2, 2]


def test_labels_stand_in_for_a_missing_fingerprint(post_as) -> None:
    body = copy.deepcopy(PAYLOAD)
    for alert in body["alerts"]:
        alert.pop("fingerprint")
    post_as(body, path=PATH)
    post_as(body, path=PATH)
    assert Alert.objects.count() == 2 and set(Alert.objects.values_list("count", flat=True)) == {2}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"version": "3"}, "version", id="version"),
        pytest.param({"alerts": []}, "alerts", id="no-alerts"),
        pytest.param({"alerts": [{"labels": {}}]}, "alerts[0].labels", id="no-labels"),
        pytest.param(
            {"alerts": [{"labels": {"alertname": "X"}, "startsAt": "2026-11-24T07:00:00"}]},
            "alerts[0].startsAt",
            id="no-offset",
        ),
    ],
)
def test_a_bad_body_names_the_field(post_as, change, field) -> None:
    response = post_as({**PAYLOAD, **change}, path=PATH)
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not Alert.objects.exists()
