"""NIS2 and DORA: brought in by the entity's flags, cascading reports, DORA's noon roll."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from compliance.engine import evaluate
from compliance.engine.facts import EntityFacts, OrganisationFacts
from tests.compliance.engine_cases import by_rule, incident

PARIS = ZoneInfo("Europe/Paris")  # the zone of the German authority's capital in the table
BANK = EntityFacts(1, "Beispielbank AG", "DE", dora_financial_entity=True)
CREDIT_INSTITUTION = EntityFacts(
    1, "Kreditbank AG", "DE", dora_financial_entity=True, dora_art_5_5=True
)
ESSENTIAL = EntityFacts(1, "Netzwerk GmbH", "DE", nis2_entity="essential")
PLAIN = EntityFacts(1, "Acme GmbH", "DE")
# Friday 18 December 2026, 10:00 in Germany.
FRIDAY = datetime(2026, 12, 18, 10, 0, tzinfo=PARIS)
NOW = datetime(2026, 12, 18, 12, 0, tzinfo=UTC)


def obligations(entity: EntityFacts, **facts: object) -> dict:
    values = {"detected_at": FRIDAY, "aware_at": FRIDAY, **facts}
    return by_rule(evaluate(incident(**values), OrganisationFacts((entity,)), NOW))


def sent(rule_id: str, *times: datetime) -> tuple:
    return ((rule_id, 1, min(times), max(times)),)


def test_sector_regimes_need_the_entitys_flag() -> None:
    assert not {"NIS2", "DORA"} & {o.regime for o in obligations(PLAIN).values()}
    assert {o.regime for o in obligations(ESSENTIAL).values()} == {"GDPR", "NIS2"}
    assert "because entity Netzwerk GmbH is a NIS2 essential entity" in (
        obligations(ESSENTIAL)["NIS2-EW"].explanation
    )


def test_nis2_early_warning_and_notification_run_in_elapsed_hours() -> None:
    result = obligations(ESSENTIAL)
    assert result["NIS2-EW"].due_at == FRIDAY.astimezone(UTC) + timedelta(hours=24)
    assert result["NIS2-NOTIF"].due_at == FRIDAY.astimezone(UTC) + timedelta(hours=72)


def test_nis2_final_report_waits_for_the_notification_then_runs_a_month() -> None:
    assert obligations(ESSENTIAL)["NIS2-FINAL"].due_at is None
    notified = datetime(2027, 1, 31, 16, 30, tzinfo=PARIS)
    final = obligations(ESSENTIAL, submissions=sent("NIS2-NOTIF", notified))["NIS2-FINAL"]
    # One month after 31 January is the last day of February, same wall time.
    assert final.clock_start == notified.astimezone(UTC)
    assert final.due_at == datetime(2027, 2, 28, 16, 30, tzinfo=PARIS).astimezone(UTC)


def test_dora_initial_is_due_4_hours_after_classification_on_a_working_day() -> None:
    classified = FRIDAY + timedelta(hours=1)
    result = obligations(BANK, classified_major_at=classified)
    assert result["DORA-INITIAL"].due_at == (classified + timedelta(hours=4)).astimezone(UTC)


def test_dora_initial_never_later_than_24_hours_after_awareness_at_the_bound() -> None:
    at_bound = obligations(BANK, classified_major_at=FRIDAY - timedelta(hours=-20))
    # Classified 20 h after awareness: 4 h later is exactly the 24-hour bound (a Saturday).
    saturday_10 = FRIDAY + timedelta(hours=24)
    monday_noon = datetime(2026, 12, 21, 12, 0, tzinfo=PARIS).astimezone(UTC)
    assert at_bound["DORA-INITIAL"].due_at == monday_noon
    late = obligations(CREDIT_INSTITUTION, classified_major_at=FRIDAY + timedelta(hours=22))
    assert late["DORA-INITIAL"].due_at == saturday_10.astimezone(UTC)


def test_dora_initial_without_classification_runs_from_awareness_alone() -> None:
    result = obligations(CREDIT_INSTITUTION)
    assert result["DORA-INITIAL"].clock_start is None
    assert result["DORA-INITIAL"].due_at == (FRIDAY + timedelta(hours=24)).astimezone(UTC)


def test_a_weekend_due_time_moves_to_noon_of_the_next_working_day() -> None:
    classified = datetime(2026, 12, 18, 21, 0, tzinfo=PARIS)  # Friday night: due Saturday 01:00
    result = obligations(BANK, aware_at=classified, classified_major_at=classified)
    assert result["DORA-INITIAL"].due_at == datetime(2026, 12, 21, 12, 0, tzinfo=PARIS)
    assert "12:00 of the next working day" in result["DORA-INITIAL"].explanation


def test_art_5_5_entities_keep_weekend_due_times_for_initial_and_intermediate() -> None:
    classified = datetime(2026, 12, 18, 21, 0, tzinfo=PARIS)
    initial_sent = datetime(2026, 12, 18, 23, 0, tzinfo=PARIS)
    result = obligations(
        CREDIT_INSTITUTION,
        aware_at=classified,
        classified_major_at=classified,
        submissions=sent("DORA-INITIAL", initial_sent),
    )
    assert result["DORA-INITIAL"].due_at == (classified + timedelta(hours=4)).astimezone(UTC)
    # 72 h after Friday 23:00 is Monday 23:00: a working day anyway.
    assert result["DORA-INTERMEDIATE"].due_at == (initial_sent + timedelta(hours=72)).astimezone(
        UTC
    )
    assert "does not move off weekends" in result["DORA-INTERMEDIATE"].explanation


def test_intermediate_report_runs_72_hours_from_the_recorded_initial_notice_across_christmas() -> (
    None
):
    # Initial notice on Tuesday 22 December 2026, 14:00: 72 h later is Christmas Day (a holiday
    # in Germany), so the report moves to noon of Monday 28 December (26 and 27 are weekend).
    initial_sent = datetime(2026, 12, 22, 14, 0, tzinfo=PARIS)
    result = obligations(BANK, submissions=sent("DORA-INITIAL", initial_sent))
    intermediate = result["DORA-INTERMEDIATE"]
    assert intermediate.clock_start == initial_sent.astimezone(UTC)
    assert intermediate.due_at == datetime(2026, 12, 28, 12, 0, tzinfo=PARIS)


def test_final_report_runs_a_month_from_the_latest_intermediate_report() -> None:
    first = datetime(2027, 1, 4, 9, 0, tzinfo=PARIS)
    latest = datetime(2027, 1, 8, 9, 0, tzinfo=PARIS)
    result = obligations(BANK, submissions=sent("DORA-INTERMEDIATE", first, latest))
    # 8 February 2027 is a Monday: no roll.
    assert result["DORA-FINAL"].due_at == datetime(2027, 2, 8, 9, 0, tzinfo=PARIS)
    saturday = datetime(2027, 1, 9, 9, 0, tzinfo=PARIS)
    rolled = obligations(CREDIT_INSTITUTION, submissions=sent("DORA-INTERMEDIATE", saturday))
    # The final report rolls even for Art. 5(5) entities: 9 February 2027 is a Tuesday though.
    assert rolled["DORA-FINAL"].due_at == datetime(2027, 2, 9, 9, 0, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("entity", "due"),
    [
        pytest.param(BANK, datetime(2027, 3, 1, 12, 0, tzinfo=PARIS), id="rolled-to-monday"),
        pytest.param(CREDIT_INSTITUTION, datetime(2027, 3, 1, 12, 0, tzinfo=PARIS), id="5-5"),
    ],
)
def test_a_final_report_due_on_a_sunday_moves_for_every_entity(
    entity: EntityFacts, due: datetime
) -> None:
    latest = datetime(2027, 1, 28, 17, 0, tzinfo=PARIS)  # + 1 month: Sunday 28 February
    result = obligations(entity, submissions=sent("DORA-INTERMEDIATE", latest))
    assert result["DORA-FINAL"].due_at == due


@pytest.mark.parametrize(
    ("detected", "applies"),
    [
        # DORA applies from 17 January 2025, midnight in the authority's zone (23:00 UTC).
        pytest.param(datetime(2025, 1, 16, 22, 59, 59, tzinfo=UTC), False, id="just-before"),
        pytest.param(datetime(2025, 1, 16, 23, 0, tzinfo=UTC), True, id="from-midnight-paris"),
    ],
)
def test_dora_applies_to_incidents_from_the_day_it_took_effect(
    detected: datetime, applies: bool
) -> None:
    result = obligations(BANK, detected_at=detected, aware_at=detected)
    assert ("DORA-INITIAL" in result) is applies
