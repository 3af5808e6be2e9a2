"""The Omnibus projection beside GDPR Art. 33, the admin switch, and rule versions by clock start."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.engine import evaluate
from compliance.engine.deadlines import roll_to_working_noon, zone_named
from compliance.engine.facts import EntityFacts, OrganisationFacts
from compliance.engine.regimes import REGIME_VERSIONS, REGIMES_BY_CODE, RULES_BY_ID
from tests.compliance.engine_cases import AWARE, EU_ENTITY, NOW, UK_ENTITY, by_rule, incident

SWITCHED_ON = OrganisationFacts((EU_ENTITY,), omnibus_adopted=True)
SWITCHED_OFF = OrganisationFacts((EU_ENTITY,))


def gdpr(org: OrganisationFacts, **facts: Any) -> dict:
    return by_rule(evaluate(incident(**facts), org, NOW))


def test_the_projection_is_shown_beside_art_33_and_never_becomes_an_obligation() -> None:
    result = gdpr(SWITCHED_OFF)
    assert "GDPR-SA-OMNIBUS" not in result
    sa = result["GDPR-SA"]
    assert sa.due_at == AWARE + timedelta(hours=72)
    assert sa.projection is not None
    assert sa.projection.due_at == AWARE + timedelta(hours=96)
    assert "not yet law" in sa.projection.label
    assert "not an obligation" in sa.projection.note
    assert all(o.projection is None for o in result.values() if o.rule_id != "GDPR-SA")


def test_the_projection_says_a_breach_below_high_risk_would_need_no_notice() -> None:
    sa = gdpr(SWITCHED_OFF, risk_tier="risk")["GDPR-SA"]
    assert sa.status == "pending" and sa.due_at is not None
    assert sa.projection is not None and sa.projection.due_at is None
    assert sa.projection.duty.startswith("not required under GDPR Art. 33(1) as amended")


def test_the_uk_gdpr_has_no_projection() -> None:
    org = OrganisationFacts((UK_ENTITY,))
    result = by_rule(evaluate(incident(affected_subjects=(("GB", 5),)), org, NOW))
    assert result["UK_GDPR-SA"].projection is None


def test_with_the_switch_on_the_omnibus_rule_is_the_obligation() -> None:
    result = gdpr(SWITCHED_ON)
    assert "GDPR-SA" not in result
    omnibus = result["GDPR-SA-OMNIBUS"]
    assert omnibus.due_at == AWARE + timedelta(hours=96)
    assert omnibus.projection is None and omnibus.verify
    below = gdpr(SWITCHED_ON, risk_tier="risk")["GDPR-SA-OMNIBUS"]
    assert below.status == "not_required"


def test_every_code_has_one_current_entry_and_its_versions_in_order() -> None:
    for code, versions in REGIME_VERSIONS.items():
        assert REGIMES_BY_CODE[code].version == versions[-1].version
        for earlier, later in zip(versions, versions[1:], strict=False):
            assert earlier.valid_to == later.valid_from
            assert earlier.in_force(earlier.valid_to - timedelta(days=1))
            assert not earlier.in_force(later.valid_from) and later.in_force(later.valid_from)
    assert [v.version for v in REGIME_VERSIONS["US-CA"]] == ["2020", "2026"]
    assert REGIMES_BY_CODE["IN"].in_force(date(2027, 5, 13))
    assert not REGIMES_BY_CODE["IN"].in_force(date(2027, 5, 12))
    assert "https://" in REGIMES_BY_CODE["DORA"].source
    assert "entity.dora_art_5_5" in REGIMES_BY_CODE["DORA"].facts_needed
    assert "affected_subjects.region" in REGIMES_BY_CODE["US-TX"].facts_needed
    assert RULES_BY_ID["US-CA-RES"].valid_from == date(2026, 1, 1)


REGIONS = ("US-CA", "US-CO", "US-FL", "US-WA", "US-NY", "US-TX", "CA-QC")
COUNTRIES = ("DE", "GB", "CN", "SG", "KR", "JP", "AU", "IN", "HK", "BR", "CA", "SA", "TW")
EVERYTHING = OrganisationFacts(
    (
        EntityFacts(1, "Bank AG", "DE", dora_financial_entity=True, nis2_entity="important"),
        EntityFacts(2, "Health Inc.", "US", hipaa_covered=True, sec_registrant=True),
        EntityFacts(3, "Acme Brasil", "BR"),
    )
)
moments = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=150, deadline=None)
@given(
    moments,
    st.timedeltas(timedelta(0), timedelta(days=3)),
    st.lists(st.sampled_from(REGIONS), max_size=3, unique=True),
    st.lists(st.sampled_from(COUNTRIES), max_size=3, unique=True),
    st.integers(0, 5000),
    st.none() | st.sampled_from(["unlikely", "risk", "high"]),
)
def test_every_regime_gives_one_version_per_rule_and_never_a_due_time_before_its_start(
    detected: datetime,
    delay: timedelta,
    regions: list[str],
    countries: list[str],
    people: int,
    tier: str | None,
) -> None:
    subjects = [(r[:2], people, r) for r in regions] + [(c, people) for c in countries]
    facts = incident(
        detected_at=detected,
        aware_at=detected + delay,
        affected_subjects=tuple(subjects),
        risk_tier=tier,
        classified_major_at=detected + delay,
        materiality_determined_at=detected + delay,
        assessment_completed_at=detected + delay,
    )
    result = evaluate(facts, EVERYTHING, detected)
    keys = [(o.rule_id, o.entity_id) for o in result]
    assert len(keys) == len(set(keys))  # never two versions of one rule at once
    for obligation in result:
        if obligation.due_at is not None and obligation.clock_start is not None:
            assert obligation.due_at >= obligation.clock_start
        assert obligation.regime in REGIMES_BY_CODE


@settings(max_examples=200, deadline=None)
@given(moments, st.sampled_from(["DE", "FR", "IE", "PT", "FI"]))
def test_a_rolled_due_time_lands_at_noon_on_a_working_day(due: datetime, country: str) -> None:
    from compliance.engine.regimes import COUNTRY_ZONES

    zone = COUNTRY_ZONES[country]
    rolled = roll_to_working_noon(due, country, zone)
    local = rolled.astimezone(zone_named(zone))
    calendar = holidays.country_holidays(country)
    if rolled == due:
        assert calendar.is_working_day(local.date())
    else:
        assert rolled > due
        assert (local.hour, local.minute) == (12, 0)
        assert calendar.is_working_day(local.date())
