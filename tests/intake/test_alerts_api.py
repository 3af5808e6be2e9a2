"""POST /api/v1/intake/alerts/: authentication, validation and deduplication of the generic body."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from rest_framework.test import APIClient

from intake.models import Alert, AlertStatus
from intake.sources import expected_signature
from notifications.models import Notification
from tests.intake.conftest import URL, generic

pytestmark = pytest.mark.usefixtures("frozen")


def test_a_new_signal_opens_an_alert_and_a_repeat_folds_onto_it(post_as) -> None:
    first = post_as(generic())
    assert first.status_code == 201, first.json()
    assert first.json()["first_seen_at"] == "2026-11-24T06:30:00Z"
    again = post_as(generic(observed_at="2026-11-24T08:10:00Z", severity="critical"))
    assert again.status_code == 200
    body = again.json()
    assert body["id"] == first.json()["id"] and body["count"] == 2
    assert body["last_seen_at"] == "2026-11-24T08:10:00Z"
    assert body["first_seen_at"] == "2026-11-24T06:30:00Z"
    assert body["severity"] == "critical"  # a repeat can raise the severity, never lower it
    lower = post_as(generic(severity="low")).json()
    assert lower["severity"] == "critical" and lower["count"] == 3
    assert Alert.objects.count() == 1


def test_an_earlier_repeat_moves_the_first_signal_back(post_as) -> None:
    post_as(generic())
    earlier = post_as(generic(observed_at="2026-11-24T05:00:00Z")).json()
    assert earlier["first_seen_at"] == "2026-11-24T05:00:00Z"
    assert earlier["last_seen_at"] == "2026-11-24T06:30:00Z"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"observed_at": "2026-11-24T07:30:00"}, "observed_at", id="no-offset"),
        pytest.param({"observed_at": "yesterday"}, "observed_at", id="not-a-time"),
        pytest.param({"observed_at": "1900-01-01T00:00:00Z"}, "observed_at", id="implausible"),
        pytest.param({"observed_at": "2026-11-25T09:00:00Z"}, "observed_at", id="future"),
        pytest.param({"severity": "urgent"}, "severity", id="severity"),
        pytest.param({"fingerprint": ""}, "fingerprint", id="empty-fingerprint"),
        pytest.param({"title": 12345}, "title", id="number-as-title"),
        pytest.param({"details": [1, 2]}, "details", id="details-not-object"),
        pytest.param({"colour": "red"}, "colour", id="unknown-field"),
        pytest.param({"source": "other"}, "source", id="another-source"),
        pytest.param({"link": "javascript:alert(1)"}, "link", id="link-scheme"),
    ],
)
def test_a_bad_body_is_a_400_naming_the_field(post_as, change, field) -> None:
    response = post_as(generic(**change))
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Alert.objects.exists()


def test_malformed_json_and_other_media_types_are_refused(siem) -> None:
    client = APIClient()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {siem[1]}"}
    broken = client.post(URL, data="{", content_type="application/json", **auth)
    assert broken.status_code == 400 and "body" in broken.json()
    text = client.post(URL, data="hello", content_type="text/plain", **auth)
    assert text.status_code == 415


def test_without_or_with_a_wrong_token_nothing_is_stored(post_as) -> None:
    anonymous = APIClient().post(URL, data=json.dumps(generic()), content_type="application/json")
    assert anonymous.status_code == 401
    wrong = post_as(generic(), token="bds_not-a-real-token")
    assert wrong.status_code == 401 and wrong.json()["code"] == "not_authenticated"
    assert not Alert.objects.exists()


def _signed(siem, body: bytes, stamp: int, signature: str | None = None):
    source, _ = siem
    return APIClient().post(
        URL,
        data=body,
        content_type="application/json",
        HTTP_BREACHDESK_SOURCE=source.name,
        HTTP_BREACHDESK_TIMESTAMP=str(stamp),
        HTTP_BREACHDESK_SIGNATURE=signature
        or expected_signature(source.hmac_secret, str(stamp), body),
    )


def test_an_hmac_signed_body_is_accepted_and_a_tampered_or_old_one_refused(siem, now) -> None:
    body = json.dumps(generic()).encode()
    stamp = int(now.timestamp())
    assert _signed(siem, body, stamp).status_code == 201
    good_signature = expected_signature(siem[0].hmac_secret, str(stamp), body)
    tampered = body.replace(b"db-07", b"db-08")
    assert _signed(siem, tampered, stamp, good_signature).status_code == 401
    assert _signed(siem, body, stamp - 3600).status_code == 401
    assert Alert.objects.get().count == 1


def test_a_high_signal_tells_the_security_team_once_per_window(
    post_as, personas, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            post_as(generic(fingerprint=f"host-{number}"))
        post_as(generic(fingerprint="quiet", severity="low"))
    received = Notification.objects.filter(event="alert.received")
    assert {n.user.username for n in received} == {"security", "dpo"}
    assert received.count() == 2  # one per person for the whole burst
    title = received.first().title
    assert title.startswith("High alert from siem-eu: Unusual outbound transfer")
    assert Alert.objects.count() == 6


def test_a_storm_of_repeats_is_stored_whole(post_as) -> None:
    codes = [post_as(generic()).status_code for _ in range(300)]
    assert codes.count(201) == 1 and codes.count(200) == 299  # never a 429: nothing is lost
    assert Alert.objects.get().count == 300


def test_a_signal_after_dismissal_opens_a_new_alert(post_as, personas, now) -> None:
    from intake.services import alert_dismiss

    first = Alert.objects.get(pk=post_as(generic()).json()["id"])
    alert_dismiss(actor=personas["security"], alert=first, reason="Backup job", now=now)
    again = post_as(generic())
    assert again.status_code == 201 and again.json()["id"] != first.pk
    assert Alert.objects.filter(status=AlertStatus.DISMISSED).count() == 1


def test_the_stored_times_are_utc(post_as) -> None:
    alert = Alert.objects.get(pk=post_as(generic()).json()["id"])
    assert alert.first_seen_at == datetime(2026, 11, 24, 6, 30, tzinfo=UTC)
