"""GET /healthz reports the database and the broker."""

from unittest import mock

import pytest


@pytest.mark.django_db
def test_healthz_is_200_when_database_and_broker_answer(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_down(client) -> None:
    with mock.patch("config.health.broker_status", return_value={"ok": False, "error": "OSError"}):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "degraded"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down(client) -> None:
    with mock.patch("config.health.connection.cursor", side_effect=OSError("gone")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "vendor": mock.ANY, "error": "OSError"}
