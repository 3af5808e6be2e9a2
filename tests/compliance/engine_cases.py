"""Shared facts for the engine's worked examples: entities, instants and incident builders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from compliance.engine import Obligation
from compliance.engine.facts import EntityFacts, IncidentFacts, OrganisationFacts

BERLIN = ZoneInfo("Europe/Berlin")
SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
TICK = timedelta(microseconds=1)

EU_ENTITY = EntityFacts(1, "Acme Europe GmbH", "DE", supervisory_authority="BfDI")
UK_ENTITY = EntityFacts(2, "Acme UK Ltd", "GB", supervisory_authority="ICO Wilmslow")
CN_ENTITY = EntityFacts(3, "Acme Shanghai Co., Ltd.", "CN", supervisory_authority="上海市网信办")
US_ENTITY = EntityFacts(4, "Acme Inc.", "US")
EU_ONLY = OrganisationFacts((EU_ENTITY,))
GROUP = OrganisationFacts((EU_ENTITY, UK_ENTITY, CN_ENTITY))

AWARE = datetime(2026, 3, 28, 9, 0, tzinfo=UTC)  # 10:00 in Berlin, the day before spring-forward
NOW = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)


def incident(**overrides: Any) -> IncidentFacts:
    """Build a high-risk controller incident affecting 1,200 people in Germany."""
    values: dict[str, Any] = {
        "reference": "BD-2026-0001",
        "detected_at": AWARE,
        "aware_at": AWARE,
        "breach_types": frozenset({"confidentiality"}),
        "affected_subjects": (("DE", 1200),),
        "risk_tier": "high",
    }
    values.update(overrides)
    return IncidentFacts(**values)


def by_rule(obligations: tuple[Obligation, ...]) -> dict[str, Obligation]:
    """Index obligations by rule id, checking each rule appears once."""
    index = {o.rule_id: o for o in obligations}
    assert len(index) == len(obligations)
    return index


def china_incident(people: int, **overrides: Any) -> IncidentFacts:
    """Build an incident discovered at 09:00 Shanghai time, with people affected in China."""
    detected = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)
    values: dict[str, Any] = {
        "detected_at": detected,
        "aware_at": detected + timedelta(hours=6),
        "affected_subjects": (("CN", people),),
    }
    values.update(overrides)
    return incident(**values)
