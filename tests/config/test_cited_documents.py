"""Code cites documents of the repository's own docs/, and every one it cites exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (
    "accounts",
    "bench",
    "compliance",
    "config",
    "control",
    "incidents",
    "intake",
    "notifications",
    "tests",
)
# A path built in code ("docs" / "x.md") is not a citation.
CITATION = re.compile(r"(?<![\w/.\"'-])((?:docs/)?[\w-]+\.md)\b")


def citations() -> list[tuple[str, int, str]]:
    found = []
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for match in CITATION.finditer(line):
                    found.append((f"{path.relative_to(ROOT)}:{number}", match.group(1)))
    return found


def test_code_cites_only_documents_in_docs_that_exist() -> None:
    cited = citations()
    assert cited, "the code cites docs/regulations.md at least"
    outside = [(where, name) for where, name in cited if not name.startswith("docs/")]
    missing = [(where, name) for where, name in cited if not (ROOT / name).is_file()]
    assert outside == [] and missing == []
