"""No file of the repository outside data and migrations grows over 400 lines (docs/architecture.md)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LIMIT = 400
# Data, not code: read, not maintained line by line. docs/architecture.md lists the same files.
DATA_FILES = {
    "bench/results.json",  # measured figures the benchmarks write
    "incidents/response/defaults.py",  # the default playbooks: task titles and instructions
    "locale/zh_Hans/LC_MESSAGES/django.po",  # the Chinese translation catalogue
    "locale/zh_Hant/LC_MESSAGES/django.po",  # the same in Traditional Chinese (generated)
    "tests/oidc_idp/package-lock.json",  # npm's lock file of the test identity provider
}
BINARY_SUFFIXES = {".mo", ".png", ".ttc", ".svg"}


def tracked_files() -> list[str]:
    """The files git tracks, as paths relative to the repository root."""
    result = subprocess.run(
        ["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def is_code(path: str) -> bool:
    """Tell whether a tracked file is held to the line limit."""
    return (
        "/migrations/" not in path
        and path not in DATA_FILES
        and Path(path).suffix not in BINARY_SUFFIXES
    )


def line_count(path: str) -> int:
    """Count the lines of a text file."""
    with (PROJECT_ROOT / path).open("rb") as handle:
        return sum(1 for _ in handle)


@pytest.mark.skipif(
    not (PROJECT_ROOT / ".git").exists(), reason="needs a git checkout to list the tracked files"
)
def test_no_file_outside_data_and_migrations_is_over_400_lines() -> None:
    files = tracked_files()
    assert "compliance/engine/obligations.py" in files  # the listing did find the code
    too_long = {
        path: count
        for path in files
        if is_code(path) and (PROJECT_ROOT / path).is_file()
        if (count := line_count(path)) > LIMIT
    }
    assert too_long == {}


def test_the_data_exemptions_name_files_that_exist() -> None:
    for path in DATA_FILES:
        assert (PROJECT_ROOT / path).is_file(), path


@pytest.mark.parametrize(
    ("path", "held"),
    [
        pytest.param("compliance/engine/regimes/europe.py", True, id="code"),
        pytest.param("tests/compliance/test_engine.py", True, id="tests-too"),
        pytest.param("incidents/migrations/0001_initial.py", False, id="migration"),
        pytest.param("incidents/response/defaults.py", False, id="playbook-data"),
        pytest.param("compliance/reporting/pdf/fonts/wqy-microhei.ttc", False, id="font"),
    ],
)
def test_what_the_limit_applies_to(path: str, held: bool) -> None:
    assert is_code(path) is held
