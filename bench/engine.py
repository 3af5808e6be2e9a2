"""Throughput of the pure compliance engine on generated, realistic incidents (no database).

Each figure is measured twice per round, in fresh single-threaded interpreters: the engine of
this checkout, and the reference engine (``compliance/engine`` as of ``REFERENCE_COMMIT``, taken
from git) on the same generated incidents. Rounds alternate the two, and the medians are kept, so
that "before" and "after" come from the same run on the same, possibly busy, machine.
"""

from __future__ import annotations

import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from compliance.engine import evaluate
from compliance.engine.facts import EntityFacts, IncidentFacts, OrganisationFacts, RiskTier

# The Django side reads instants back from the database in UTC; the rest arrive with an offset,
# as an API client or a direct caller would give them.
UTC_SHARE = 0.75
ZONES: tuple[tzinfo, ...] = (
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("Asia/Shanghai"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Europe/London"),
    timezone(timedelta(hours=5, minutes=30)),
)
# Where affected people live, weighted roughly like a European group with UK, China, US and
# Asia-Pacific arms, so that every regime of the engine is brought in by some incidents.
COUNTRIES = (
    *("DE", "FR", "NL", "IT", "ES", "PL", "IE", "SE", "AT", "GB", "CN", "US", "IN", "BR"),
    *("SG", "KR", "JP", "AU", "HK", "CA", "SA", "TW"),
)
COUNTRY_WEIGHTS = (20, 10, 6, 6, 6, 4, 3, 3, 3, 12, 12, 14, 4, 3, 2, 2, 2, 2, 1, 3, 1, 1)
# US residents carry their state (ISO 3166-2), Canadians sometimes Québec.
REGIONS = {
    "US": ("US-CA", "US-CO", "US-FL", "US-WA", "US-NY", "US-TX", ""),
    "CA": ("CA-QC", ""),
}
NOW = datetime(2026, 7, 1, tzinfo=UTC)
TIERS: tuple[RiskTier | None, ...] = (None, "unlikely", "risk", "high")

EU_ONLY = OrganisationFacts(
    entities=(EntityFacts(1, "Beispiel GmbH", "DE", supervisory_authority="BfDI"),)
)
GROUP = OrganisationFacts(
    entities=(
        EntityFacts(
            1, "Example Europe B.V.", "NL", supervisory_authority="Autoriteit Persoonsgegevens"
        ),
        EntityFacts(2, "Example UK Ltd", "GB", supervisory_authority="ICO"),
        EntityFacts(3, "Example Shanghai Co., Ltd.", "CN", supervisory_authority="上海市网信办"),
    ),
    asap_target_hours={"GDPR": 24, "PIPL": 12},
)
CHINA_CII = OrganisationFacts(
    entities=(EntityFacts("cn-1", "示例科技有限公司", "CN", is_cii_operator=True),)
)
# A group with sector flags: DORA and NIS2 in Europe, HIPAA and the SEC in the US.
WORLD = OrganisationFacts(
    entities=(
        EntityFacts(
            1, "Example Bank AG", "DE", dora_financial_entity=True, nis2_entity="important"
        ),
        EntityFacts(2, "Example Health Inc.", "US", hipaa_covered=True, sec_registrant=True),
        EntityFacts(3, "Example Brasil Ltda.", "BR"),
        EntityFacts(4, "Example Asia Pte. Ltd.", "SG"),
    )
)
ENTITY_BY_COUNTRY = {"GB": 2, "CN": 3}


def _subjects(rng: random.Random) -> tuple[tuple[str, int, str], ...]:
    """Pick one to three countries with log-uniform counts from 1 to about 50 million."""
    countries = set(rng.choices(COUNTRIES, COUNTRY_WEIGHTS, k=rng.choice((1, 1, 2, 3))))
    return tuple(
        (c, int(10 ** rng.uniform(0, 7.7)), rng.choice(REGIONS.get(c, ("",))))
        for c in sorted(countries)
    )


def _incident(rng: random.Random, number: int, org: OrganisationFacts) -> IncidentFacts:
    """Generate one plausible incident for the organisation."""
    zone = UTC if rng.random() < UTC_SHARE else rng.choice(ZONES)
    # Two years, so that laws taking effect in 2026 and 2027 (US-CA, KR, IN) judge some.
    detected = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(2 * 525_600))
    aware = detected + timedelta(minutes=rng.randrange(0, 4_320))
    subjects = _subjects(rng)
    ended = aware + timedelta(days=rng.randrange(1, 20)) if rng.random() < 0.3 else None
    later = aware + timedelta(hours=rng.randrange(1, 48))
    events = {
        name: later.astimezone(zone)
        for name in ("classified_major_at", "materiality_determined_at", "assessment_completed_at")
        if rng.random() < 0.3
    }
    return IncidentFacts(
        reference=f"BD-2026-{number:05d}",
        detected_at=detected.astimezone(zone),
        aware_at=aware.astimezone(zone),
        role=rng.choices(("controller", "processor", "joint"), (85, 12, 3))[0],
        breach_types=frozenset({"confidentiality"}),
        affected_subjects=subjects,
        data_encrypted=rng.random() < 0.1,
        risk_tier=rng.choice(TIERS),
        high_risk_mitigated=rng.random() < 0.05,
        disproportionate_effort=rng.random() < 0.05,
        pipl_harm_avoided=rng.random() < 0.1,
        handling_ended_at=ended.astimezone(zone) if ended else None,
        submissions=_submissions(rng, org, later),
        entity_ids=_entity_ids(org, subjects),
        **events,
        is_drill=rng.random() < 0.05,
    )


def _submissions(
    rng: random.Random, org: OrganisationFacts, later: datetime
) -> tuple[tuple[str, int, datetime, datetime], ...]:
    """Some incidents of the flagged group have recorded notices that start cascades."""
    if org is not WORLD or rng.random() < 0.7:
        return ()
    rule = rng.choice(("DORA-INITIAL", "DORA-INTERMEDIATE", "NIS2-NOTIF"))
    sent = later + timedelta(hours=rng.randrange(1, 24))
    return ((rule, 1, sent, sent + timedelta(hours=rng.randrange(0, 48))),)


def _entity_ids(
    org: OrganisationFacts, subjects: tuple[tuple[str, int, str], ...]
) -> tuple[int, ...]:
    """Name the group's entities whose people are affected, the European one by default."""
    if org is not GROUP:
        return ()
    ids = {ENTITY_BY_COUNTRY.get(country, 1) for country, _, _ in subjects}
    return tuple(sorted(ids))


def generate(count: int, seed: int = 2026) -> list[tuple[IncidentFacts, OrganisationFacts]]:
    """Generate incidents spread over four organisation shapes."""
    rng = random.Random(seed)
    orgs = rng.choices((EU_ONLY, GROUP, CHINA_CII, WORLD), (35, 30, 10, 25), k=count)
    return [(_incident(rng, number, org), org) for number, org in enumerate(orgs)]


def _best_time(
    cases: list[tuple[IncidentFacts, OrganisationFacts]], repeats: int
) -> tuple[float, float]:
    """Return the fastest of several timed passes over one batch of incidents, and the first."""
    now = NOW
    times = []
    for _ in range(repeats):
        started = time.process_time()
        for facts, org in cases:
            evaluate(facts, org, now)
        times.append(time.process_time() - started)
    return min(times), times[0]


def measure(quick: bool = False) -> dict[str, float | str]:
    """Measure how many incidents a second the engine imported here evaluates on one core.

    The clock is this process's CPU time, and each batch is timed several times with its fastest
    pass kept (as ``timeit`` does), so other work on a shared machine does not count against
    the engine. The first pass over each batch (templates not yet cached for its new kinds of
    incident) is reported as well.
    """
    cases = generate(20_000 if quick else 200_000)
    # Keep the cyclic collector from rescanning the generated inputs over and over: a server
    # evaluates one incident at a time and never holds 200,000 of them in memory.
    gc.collect()
    gc.freeze()
    batch = 5_000
    total = first = 0.0
    for start in range(0, len(cases), batch):
        best, first_pass = _best_time(cases[start : start + batch], 3 if quick else 5)
        total += best
        first += first_pass
    gc.unfreeze()
    regimes = len({o.regime for facts, org in cases[:20_000] for o in evaluate(facts, org, NOW)})
    return {
        "incidents_per_s": round(len(cases) / total, 1),
        "first_pass_incidents_per_s": round(len(cases) / first, 1),
        "regimes_exercised": regimes,
        "engine": os.path.dirname(sys.modules[evaluate.__module__].__file__ or ""),
    }


# The engine before the restructuring of its evaluation loop (the last commit of the 25-regime
# engine with one template lookup per regime and entity): the "before" of docs/performance.md.
REFERENCE_COMMIT = "40a9b633893809f3b098a05056f0fd46dcf2d2bc"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHILD = (
    "import json, os, sys\n"
    "if sys.argv[1]: os.sched_setaffinity(0, {int(sys.argv[1])})\n"
    "from bench.engine import measure\n"
    "print('ENGINE-RESULT ' + json.dumps(measure(quick=sys.argv[2] == 'quick')))\n"
)


def _reference_tree(directory: str) -> str | None:
    """Extract the reference engine from git into a directory; None (and why) if impossible."""
    archive = os.path.join(directory, "reference.tar")
    try:
        subprocess.run(
            ["git", "-C", ROOT, "archive", "-o", archive, REFERENCE_COMMIT, "compliance/engine"],
            check=True,
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return f"git archive of {REFERENCE_COMMIT[:10]} failed: {error}"
    with tarfile.open(archive) as tar:
        tar.extractall(directory, filter="data")
    # Only the pure engine: the package's __init__ of the reference is empty, like this one.
    with open(os.path.join(directory, "compliance", "__init__.py"), "w"):
        pass
    return None


def _measure_in_child(path_first: str, cpu: str, quick: bool) -> dict[str, float | str]:
    """Run ``measure`` in a fresh interpreter whose ``compliance`` package comes first from a path."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(dict.fromkeys((path_first, ROOT))))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, cpu, "quick" if quick else "full"],
        cwd=path_first,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith("ENGINE-RESULT "):
            result: dict[str, float | str] = json.loads(line.removeprefix("ENGINE-RESULT "))
            if not str(result["engine"]).startswith(path_first):
                raise RuntimeError(f"engine measured from {result['engine']}, not {path_first}")
            return result
    raise RuntimeError(f"engine measurement failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


def run(quick: bool = False) -> dict[str, object]:
    """Measure this engine and the reference engine in alternating rounds, each on one core.

    ``engine_incidents_per_s`` is the median over the rounds for this checkout's engine,
    ``engine_incidents_per_s_reference`` the median for the engine of ``REFERENCE_COMMIT``.
    ``BENCH_ENGINE_CPU`` pins both to that processor (``taskset -c``), ``BENCH_ENGINE_ROUNDS``
    sets the number of rounds (3; 1 in the quick run).
    """
    cpu = os.environ.get("BENCH_ENGINE_CPU", "")
    rounds = int(os.environ.get("BENCH_ENGINE_ROUNDS", "1" if quick else "3"))
    current: list[dict[str, float | str]] = []
    reference: list[dict[str, float | str]] = []
    loads: list[float] = []
    with tempfile.TemporaryDirectory(prefix="engine-reference-") as directory:
        missing = _reference_tree(directory)
        for _ in range(rounds):
            loads.append(round(os.getloadavg()[0], 2))
            current.append(_measure_in_child(ROOT, cpu, quick))
            if missing is None:
                reference.append(_measure_in_child(directory, cpu, quick))
        loads.append(round(os.getloadavg()[0], 2))
    result: dict[str, object] = {
        "engine_incidents_per_s": _median(current, "incidents_per_s"),
        "engine_first_pass_incidents_per_s": _median(current, "first_pass_incidents_per_s"),
        "regimes_exercised": current[0]["regimes_exercised"],
        "engine_cpu": cpu or "any",
        "engine_rounds": rounds,
        "engine_load_average_1m_per_round": loads,
        "engine_per_round": [r["incidents_per_s"] for r in current],
        "database": "none",
    }
    if missing is not None:
        result["engine_reference_skipped"] = missing
        return result
    result |= {
        "engine_reference_commit": REFERENCE_COMMIT,
        "engine_incidents_per_s_reference": _median(reference, "incidents_per_s"),
        "engine_first_pass_incidents_per_s_reference": _median(
            reference, "first_pass_incidents_per_s"
        ),
        "engine_reference_per_round": [r["incidents_per_s"] for r in reference],
        "engine_speedup": round(
            _median(current, "incidents_per_s") / _median(reference, "incidents_per_s"), 2
        ),
    }
    return result


def _median(figures: list[dict[str, float | str]], key: str) -> float:
    """The median of one figure over the rounds."""
    return round(statistics.median(float(f[key]) for f in figures), 1)


if __name__ == "__main__":
    print(run())
