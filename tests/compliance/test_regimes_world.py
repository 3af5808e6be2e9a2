"""Asia-Pacific and the other regimes: thresholds at their bounds, versions, holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from compliance.engine import evaluate
from compliance.engine.deadlines import add_duration
from compliance.engine.facts import EntityFacts, OrganisationFacts
from tests.compliance.engine_cases import by_rule, incident

SAO_PAULO = ZoneInfo("America/Sao_Paulo")
SEOUL = ZoneInfo("Asia/Seoul")
SINGAPORE = ZoneInfo("Asia/Singapore")
START = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 6, 1, 18, 0, tzinfo=UTC)


def obligations(country: str, people: int, **facts: Any) -> dict:
    values = {
        "detected_at": START,
        "aware_at": START,
        "affected_subjects": ((country, people),),
        **facts,
    }
    org = OrganisationFacts((EntityFacts(1, "Acme", country),))
    return by_rule(evaluate(incident(**values), org, NOW))


@pytest.mark.parametrize(
    ("country", "rule_id", "below", "at"),
    [
        pytest.param("SG", "SG-PDPC", 499, 500, id="singapore-500-or-more"),
        pytest.param("KR", "KR-PIPC", 999, 1000, id="korea-1000-or-more"),
        pytest.param("JP", "JP-FINAL", 1000, 1001, id="japan-more-than-1000"),
    ],
)
def test_authority_thresholds_at_their_bound_unless_high_risk(
    country: str, rule_id: str, below: int, at: int
) -> None:
    low = {"risk_tier": "risk"}
    assert obligations(country, below, **low)[rule_id].status == "not_required"
    assert obligations(country, at, **low)[rule_id].status == "pending"
    # A high risk (sensitive data, significant harm, unlawful access) reports below the bound.
    assert obligations(country, below, risk_tier="high")[rule_id].status == "pending"


def test_singapore_notifies_the_pdpc_3_days_after_the_assessment() -> None:
    result = obligations("SG", 600)
    assert result["SG-PDPC"].due_at is None
    assert result["SG-ASSESS"].due_at == START + timedelta(days=30)
    assessed = datetime(2026, 6, 10, 17, 0, tzinfo=SINGAPORE)
    done = obligations("SG", 600, assessment_completed_at=assessed)
    assert done["SG-PDPC"].due_at == datetime(2026, 6, 13, 17, 0, tzinfo=SINGAPORE)


def test_australia_assesses_within_30_days_then_notifies_as_soon_as_practicable() -> None:
    result = obligations("AU", 10, assessment_completed_at=START + timedelta(days=3))
    assert result["AU-ASSESS"].due_at == START + timedelta(days=30)
    assert result["AU-OAIC"].statutory is False
    assert result["AU-OAIC"].clock_start == START + timedelta(days=3)
    assert obligations("AU", 10, risk_tier="risk")["AU-OAIC"].status == "not_required"


KR_AMENDED = datetime(2026, 9, 11, 0, 0, tzinfo=SEOUL)


@pytest.mark.parametrize(
    ("aware", "trigger_word"),
    [
        pytest.param(KR_AMENDED - timedelta(microseconds=1), "lost, stolen or leaked", id="2023"),
        pytest.param(KR_AMENDED, "possibility", id="2026-amendment"),
    ],
)
def test_korea_judges_by_the_version_in_force_when_the_clock_started(
    aware: datetime, trigger_word: str
) -> None:
    result = obligations("KR", 5, detected_at=aware, aware_at=aware)
    assert trigger_word in result["KR-IND"].trigger
    assert result["KR-IND"].due_at == aware.astimezone(UTC) + timedelta(hours=72)
    assert result["KR-IND"].verify is (aware >= KR_AMENDED)


@pytest.mark.parametrize(
    ("aware", "applies"),
    [
        pytest.param(datetime(2027, 5, 12, 18, 29, tzinfo=UTC), False, id="before-13-may-2027"),
        pytest.param(datetime(2027, 5, 12, 18, 30, tzinfo=UTC), True, id="midnight-in-india"),
    ],
)
def test_india_applies_only_to_incidents_from_its_start_date(
    aware: datetime, applies: bool
) -> None:
    result = obligations("IN", 10, detected_at=aware, aware_at=aware)
    assert ("IN-REPORT" in result) is applies
    if applies:
        assert result["IN-REPORT"].due_at == aware + timedelta(hours=72)


def test_brazil_counts_3_working_days_with_carnival_as_working_days() -> None:
    # Friday 13 February 2026, 10:00 in Sao Paulo: Carnival Monday and Tuesday (16, 17) are an
    # optional point, not national holidays, so they count (the earlier reading, marked verify).
    aware = datetime(2026, 2, 13, 10, 0, tzinfo=SAO_PAULO)
    result = obligations("BR", 10, detected_at=aware, aware_at=aware)
    assert result["BR-ANPD"].due_at == datetime(2026, 2, 18, 10, 0, tzinfo=SAO_PAULO)
    assert result["BR-ANPD"].verify


def test_brazil_skips_national_holidays_good_friday_and_tiradentes() -> None:
    aware = datetime(2026, 4, 1, 10, 0, tzinfo=SAO_PAULO)  # Wednesday; Good Friday is 3 April
    result = obligations("BR", 10, detected_at=aware, aware_at=aware)
    assert result["BR-ANPD"].due_at == datetime(2026, 4, 7, 10, 0, tzinfo=SAO_PAULO)
    sent = datetime(2026, 4, 6, 15, 0, tzinfo=SAO_PAULO)
    complement = obligations(
        "BR", 10, detected_at=aware, aware_at=aware, submissions=(("BR-ANPD", 1, sent, sent),)
    )["BR-COMPLEMENT"]
    # 20 working days from Monday 6 April skip Tiradentes (21 April) and Labour Day (1 May).
    assert complement.due_at == datetime(2026, 5, 6, 15, 0, tzinfo=SAO_PAULO)


def test_a_korean_business_day_count_skips_chuseok() -> None:
    # Chuseok 2026 falls on 24-26 September (Thursday to Saturday).
    start = datetime(2026, 9, 23, 10, 0, tzinfo=SEOUL)
    assert add_duration(start, 1, "BD", "KR", "Asia/Seoul") == datetime(
        2026, 9, 28, 10, 0, tzinfo=SEOUL
    )


def test_canada_and_quebec_turn_on_the_high_tier_and_keep_records() -> None:
    facts = {"affected_subjects": (("CA", 10, "CA-QC"),)}
    org = OrganisationFacts((EntityFacts(1, "Acme Canada", "CA"),))
    result = by_rule(evaluate(incident(risk_tier="risk", **facts), org, NOW))
    assert {o.regime for o in result.values()} == {"CA", "CA-QC"}
    assert result["CA-OPC"].status == result["CA-QC-CAI"].status == "not_required"
    assert result["CA-REC"].status == result["CA-QC-REG"].status == "documented"
    high = by_rule(evaluate(incident(risk_tier="high", **facts), org, NOW))
    assert high["CA-OPC"].status == "overdue" and high["CA-OPC"].due_at is None  # target passed


def test_saudi_arabia_72_hours_and_taiwan_sector_reading() -> None:
    assert obligations("SA", 10)["SA-SDAIA"].due_at == START + timedelta(hours=72)
    assert obligations("SA", 10, risk_tier="unlikely")["SA-SDAIA"].status == "not_required"
    taiwan = obligations("TW", 10)
    assert taiwan["TW-SECTOR"].verify and taiwan["TW-IND"].due_at is None


def test_hong_kong_is_a_voluntary_notice_never_statutory() -> None:
    result = obligations("HK", 10)
    assert result["HK-PCPD"].statutory is False and result["HK-PCPD"].due_at is None
    assert "sets no duty" in result["HK-PCPD"].explanation


def test_the_cac_measures_apply_from_1_november_2025_in_shanghai() -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    before = datetime(2025, 10, 31, 23, 59, tzinfo=shanghai)
    after = datetime(2025, 11, 1, 0, 0, tzinfo=shanghai)
    assert "CAC-4H" not in obligations("CN", 2_000_000, detected_at=before, aware_at=before)
    assert "CAC-4H" in obligations("CN", 2_000_000, detected_at=after, aware_at=after)
    assert date(2025, 11, 1) == after.date()
