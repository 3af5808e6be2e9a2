"""Fast seeding of realistic incidents with obligations and tasks for benchmarks (bulk inserts)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

COUNTRIES = ("DE", "FR", "NL", "IT", "ES", "IE", "GB", "CN", "US", "PL")
CATEGORIES = ("contact", "identification", "financial", "credentials", "health", "location")
RULES = (
    ("GDPR-SA", "GDPR", "GDPR Art. 33(1)", "Competent supervisory authority", 72),
    ("GDPR-DS", "GDPR", "GDPR Art. 34(1)", "Affected data subjects", None),
    ("GDPR-REG", "GDPR", "GDPR Art. 33(5)", "Breach register", None),
)


def seed_incidents(count: int, *, start: datetime | None = None, batch: int = 2000) -> int:
    """Insert `count` incidents (with three obligations each) and return how many exist."""
    from compliance.models import Obligation
    from incidents.models import Incident

    rng = random.Random(20261124)
    start = start or datetime(2024, 1, 1, tzinfo=UTC)
    existing = Incident.objects.count()
    for offset in range(existing, existing + count, batch):
        incidents = [
            _incident(rng, start, number)
            for number in range(offset, min(offset + batch, existing + count))
        ]
        created = Incident.objects.bulk_create(incidents)
        if not created or created[0].pk is None:  # backends that do not return keys
            created = list(Incident.objects.filter(reference__in=[i.reference for i in incidents]))
        Obligation.objects.bulk_create(
            [_obligation(incident, rule) for incident in created for rule in RULES]
        )
    return Incident.objects.count()


def _incident(rng: random.Random, start: datetime, number: int):  # type: ignore[no-untyped-def]
    """One plausible incident."""
    from incidents.models import Incident

    detected = start + timedelta(minutes=37 * number + rng.randint(0, 30))
    countries = rng.sample(COUNTRIES, rng.randint(1, 3))
    subjects = [{"country": c, "count": rng.randint(10, 50_000)} for c in countries]
    return Incident(
        reference=f"BD-{detected.year}-B{number:07d}",
        title=f"Benchmark incident {number}",
        description="Generated for benchmarks.",
        status=rng.choice(["open", "open", "contained", "resolved", "closed"]),
        detected_at=detected,
        aware_at=detected + timedelta(hours=rng.randint(0, 12)),
        role="controller",
        breach_types=["confidentiality"],
        data_categories=rng.sample(CATEGORIES, 2),
        affected_subjects=subjects,
        subjects_total=sum(s["count"] for s in subjects),
        records_count=rng.randint(10, 100_000),
        risk_level=rng.choice(["unlikely", "risk", "high"]),
        severity=rng.choice(["low", "medium", "high", "very_high"]),
    )


def _obligation(incident, rule):  # type: ignore[no-untyped-def]
    """One obligation row of a rule for an incident."""
    from compliance.models import Obligation

    rule_id, regime, basis, recipient, hours = rule
    due = incident.aware_at + timedelta(hours=hours) if hours else None
    return Obligation(
        incident=incident,
        rule_id=rule_id,
        regime=regime,
        legal_basis=basis,
        recipient=recipient,
        clock_event="aware_at",
        clock_start=incident.aware_at,
        unit="H" if hours else "ASAP",
        duration=hours,
        due_at=due,
        target_at=due or incident.aware_at + timedelta(hours=24),
        statutory=bool(hours),
        status="submitted" if incident.status == "closed" else "pending",
        explanation="Generated for benchmarks.",
    )
