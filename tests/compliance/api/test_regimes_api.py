"""GET /api/v1/regimes/: every version of every regime, its dates, source, facts and rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from compliance.engine.regimes import REGIME_VERSIONS

URL = "/api/v1/regimes/"
pytestmark = pytest.mark.django_db
# The codes integrators rely on (docs/coverage.md).
CODES = (
    "GDPR UK_GDPR PIPL CAC NIS2 DORA HIPAA SEC US-CA US-CO US-FL US-WA US-NY US-TX SG KR JP AU IN "
    "HK BR CA CA-QC SA TW"
).split()
RULE_KEYS = {
    "id",
    "legal_basis",
    "recipient",
    "duty",
    "clock_event",
    "duration",
    "unit",
    "calendar",
    "valid_from",
    "valid_to",
    "verify",
    "verify_note",
}
REGIME_KEYS = {
    "code",
    "name",
    "version",
    "valid_from",
    "valid_to",
    "in_force",
    "source",
    "facts_needed",
    "verify",
    "rules",
}


def _all(client: Any, **query: Any) -> list[dict[str, Any]]:
    response = client.get(URL, {"page_size": 500, **query})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["next"] is None
    return body["results"]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def test_every_version_of_every_regime_is_listed_with_its_rules(api_client_for) -> None:
    rows = _all(api_client_for("pr"))
    expected = [(v.code, v.version) for versions in REGIME_VERSIONS.values() for v in versions]
    assert [(row["code"], row["version"]) for row in rows] == expected
    for row in rows:
        assert set(row) == REGIME_KEYS
        regime = next(v for v in REGIME_VERSIONS[row["code"]] if v.version == row["version"])
        assert (row["name"], row["source"]) == (regime.name, regime.source)
        assert (row["valid_from"], row["valid_to"]) == (
            _iso(regime.valid_from),
            _iso(regime.valid_to),
        )
        assert row["facts_needed"] == list(regime.facts_needed)
        assert row["verify"] == any(rule.verify for rule in regime.rules)
        assert [rule["id"] for rule in row["rules"]] == [rule.id for rule in regime.rules]
        for out, rule in zip(row["rules"], regime.rules, strict=True):
            assert set(out) == RULE_KEYS
            assert (out["legal_basis"], out["clock_event"], out["unit"]) == (
                rule.legal_basis,
                rule.clock_event,
                rule.unit,
            )
            assert (out["verify"], out["verify_note"]) == (rule.verify, rule.verify_note)
            assert out["valid_from"] == _iso(rule.valid_from)


def test_the_codes_integrators_rely_on_are_there(api_client_for) -> None:
    codes = {row["code"] for row in _all(api_client_for("security"))}
    assert set(CODES) <= codes


def _edges() -> list[date]:
    """Days where some version begins or ends, and the day before each."""
    days = {
        edge
        for versions in REGIME_VERSIONS.values()
        for regime in versions
        for edge in (regime.valid_from, regime.valid_to)
        if edge is not None
    }
    return sorted(days | {day - timedelta(days=1) for day in days})


@pytest.mark.parametrize("day", _edges(), ids=str)
def test_in_force_is_judged_on_the_day_of_the_request(api_client_for, time_machine, day) -> None:
    client = api_client_for("dpo")
    time_machine.move_to(datetime.combine(day, time(12), tzinfo=UTC))
    rows = _all(client)
    for row in rows:
        start = date.fromisoformat(row["valid_from"]) if row["valid_from"] else date.min
        end = date.fromisoformat(row["valid_to"]) if row["valid_to"] else date.max
        assert row["in_force"] == (start <= day < end), (row["code"], row["version"], day)
    in_force = _all(client, in_force="true")
    assert in_force == [row for row in rows if row["in_force"]]
    assert _all(client, in_force="false") == [row for row in rows if not row["in_force"]]


def test_a_code_filter_lists_that_regimes_versions_past_and_future(api_client_for) -> None:
    client = api_client_for("legal")
    for code, versions in REGIME_VERSIONS.items():
        rows = _all(client, code=code)
        assert [row["version"] for row in rows] == [v.version for v in versions]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"code": "XX"}, "code"),
        ({"in_force": "maybe"}, "in_force"),
        ({"in_force": ""}, "in_force"),
        ({"country": "US"}, "country"),
        ({"code": ["GDPR", "PIPL"]}, "code"),
    ],
)
def test_bad_or_unknown_query_parameters_are_a_400_naming_them(
    api_client_for, query: dict[str, Any], named: str
) -> None:
    response = api_client_for("dpo").get(URL, query)
    assert response.status_code == 400
    assert list(response.json()) == [named]


def test_any_role_reads_it_nobody_else_and_nobody_writes(api_client_for) -> None:
    assert api_client_for(None).get(URL).status_code in (401, 403)
    assert api_client_for("outsider").get(URL).status_code == 403
    assert api_client_for("executive").get(URL).status_code == 200
    assert api_client_for("admin").post(URL, {}, format="json").status_code == 405


def test_the_api_root_lists_it(api_client_for) -> None:
    resources = api_client_for(None).get("/api/v1/").json()["resources"]
    assert resources["regimes"] == "http://testserver/api/v1/regimes/"
