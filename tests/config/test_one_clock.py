"""One clock: only entry points read the wall clock; everything below them is given `now`."""

from __future__ import annotations

import ast
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("accounts", "compliance", "config", "control", "incidents", "intake", "notifications")

# Entry points: a request, a command, a task or a template being rendered starts here, and
# reads the clock once to pass it down.
ENTRY_POINTS = (
    "*/views.py",
    "*/views/*.py",
    "*/api/*.py",
    "*/admin.py",
    "*/*_admin.py",
    "*/management/commands/*.py",
    "*/tasks.py",
    "*/middleware.py",
    "accounts/authentication.py",
    "*/context_processors.py",
    "*/templatetags/*.py",
    "config/auth_api.py",
    "config/launcher.py",
    "config/pdf_api.py",
    "config/health.py",
)
# module attribute -> names whose call reads the wall clock.
CLOCK_READS = {
    "timezone": {"now", "localdate", "localtime"},
    "datetime": {"now", "utcnow", "today"},
    "date": {"today"},
    "time": {"time", "time_ns", "localtime", "gmtime"},
}


def clock_reads(tree: ast.AST) -> list[tuple[int, str]]:
    """Each call such as timezone.now() or date.today(), with its line."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
        if node.func.attr in CLOCK_READS.get(name, ()):
            # localtime(value) converts a given time; only the bare call reads the clock.
            if node.func.attr == "localtime" and (node.args or node.keywords):
                continue
            found.append((node.lineno, f"{name}.{node.func.attr}()"))
    return found


def modules() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def test_the_scan_finds_every_kind_of_clock_read() -> None:
    source = (
        "timezone.now()\ndatetime.now(UTC)\ndatetime.datetime.utcnow()\ndate.today()\n"
        "time.time()\ntimezone.localtime()\ntimezone.localtime(value)\ntime.monotonic()\n"
    )
    assert [line for line, _ in clock_reads(ast.parse(source))] == [1, 2, 3, 4, 5, 6]


def test_only_entry_points_read_the_wall_clock() -> None:
    offenders = []
    for path in modules():
        relative = path.relative_to(ROOT).as_posix()
        if any(fnmatch(relative, pattern) for pattern in ENTRY_POINTS):
            continue
        for line, call in clock_reads(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{relative}:{line} {call}")
    assert offenders == [], "pass `now` down from the entry point instead"
