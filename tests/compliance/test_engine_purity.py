"""The engine modules stay plain Python: importing them must not pull in Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import compliance.engine, compliance.engine.explanations, compliance.engine.facts, "
    "compliance.engine.obligations, compliance.engine.regimes, compliance.engine.rules, "
    "compliance.engine.deadlines, compliance.engine.risk, sys; "
    "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
)


def test_engine_modules_do_not_import_django() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip() == "False"
