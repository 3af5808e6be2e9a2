"""The engine gives the same obligations, field for field, as the recorded reference run.

The workload is the engine benchmark's generated incidents (``bench.engine.generate``: fixed
seed, four organisation shapes, every regime exercised) evaluated at the benchmark's fixed
``now``. Each block of 1,000 incidents is reduced to one sha256 over the ``repr`` of every field
of every obligation, in the engine's order; the digests sit in ``engine_equivalence.json``.

A speed-up must leave the digests untouched. A deliberate change of results (a new rule, a
corrected deadline) regenerates them, from the repository root::

    .venv/bin/python -m tests.compliance.test_engine_equivalence

and the diff of the JSON file then shows which blocks moved.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from pathlib import Path

from bench.engine import NOW, generate
from compliance.engine import Obligation, clear_caches, evaluate

DIGESTS = Path(__file__).with_name("engine_equivalence.json")
INCIDENTS = 4_000
BLOCK = 1_000
FIELDS = tuple(field.name for field in fields(Obligation))


def digests() -> list[str]:
    """Evaluate the workload and digest each block of incidents' obligations."""
    clear_caches()
    cases = generate(INCIDENTS)
    result = []
    for start in range(0, len(cases), BLOCK):
        sha = hashlib.sha256()
        for facts, org in cases[start : start + BLOCK]:
            obligations = evaluate(facts, org, NOW)
            sha.update(f"{facts.reference}:{len(obligations)}\n".encode())
            for obligation in obligations:
                row = tuple(getattr(obligation, name) for name in FIELDS)
                sha.update(repr(row).encode())
                sha.update(b"\n")
        result.append(sha.hexdigest())
    return result


def test_engine_results_match_the_reference_run() -> None:
    expected = json.loads(DIGESTS.read_text())
    assert expected["incidents"] == INCIDENTS and expected["block"] == BLOCK
    assert digests() == expected["sha256"]


def test_results_do_not_depend_on_cache_state() -> None:
    """A second pass, served from warm caches, gives the same digests as a cold one."""
    cases = generate(500, seed=7)
    clear_caches()
    cold = [evaluate(facts, org, NOW) for facts, org in cases]
    warm = [evaluate(facts, org, NOW) for facts, org in cases]
    assert cold == warm


if __name__ == "__main__":
    DIGESTS.write_text(
        json.dumps({"incidents": INCIDENTS, "block": BLOCK, "sha256": digests()}, indent=2) + "\n"
    )
