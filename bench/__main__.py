"""python -m bench [--quick] [--only NAME ...]: run the benchmarks and write bench/results.json.

Each benchmark module exposes `run(quick: bool) -> dict`. The quick run (CI's smoke run) checks
that every benchmark still works and asserts nothing about time; the full run's figures are the
ones to compare with the targets in docs/performance.md.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCHMARKS = ("engine", "pdf", "sweep", "dashboard", "api", "load", "scaling", "intake")
NEEDS_DJANGO = {"sweep", "dashboard", "api", "intake"}
RESULTS = Path(__file__).resolve().parent / "results.json"
PER_RUN = {"peak_rss_mb", "wall_s", "load_average_before", "load_average_after", "measured_at"}


def _first_line(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return None
    text = (done.stdout or done.stderr).strip()
    return text.splitlines()[0] if text else None


def machine_description() -> dict[str, Any]:
    """What the figures were measured on."""
    memory_kb = 0
    try:
        with open("/proc/meminfo") as meminfo:
            memory_kb = int(meminfo.readline().split()[1])
    except OSError:
        pass
    cpu_model = None
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            cpu_model = next(
                (
                    line.split(":", 1)[1].strip()
                    for line in cpuinfo
                    if line.startswith("model name")
                ),
                None,
            )
    except OSError:
        pass
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.machine(),
        "cpu_model": cpu_model,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "postgresql": _first_line(["psql", "--version"]),
        "redis": _first_line(["redis-server", "--version"]),
        "wrk": _first_line(["wrk", "--version"]),
    }


def run_one(name: str, quick: bool) -> dict[str, Any]:
    """Run one benchmark in a fresh interpreter so peak memory and imports do not leak across."""
    code = (
        "import json, resource, sys\n"
        f"from bench import {name} as m\n"
        f"r = m.run(quick={quick!r})\n"
        "r['peak_rss_mb'] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)\n"
        "print('BENCH-RESULT ' + json.dumps(r, default=str))\n"
    )
    env = dict(os.environ)
    if name in NEEDS_DJANGO:
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    load_before = os.getloadavg()
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    elapsed = round(time.perf_counter() - started, 1)
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH-RESULT "):
            result = json.loads(line.removeprefix("BENCH-RESULT "))
            result["wall_s"] = elapsed
            # Other work on the machine inflates timings: say how busy it was.
            result["load_average_before"] = [round(x, 2) for x in load_before]
            result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
            return result
    raise RuntimeError(f"benchmark {name} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks and merge their figures into bench/results.json."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes; a smoke run")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, help="run only these")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    names = args.only or [n for n in BENCHMARKS if importlib.util.find_spec(f"bench.{n}")]
    results: dict[str, Any] = {}
    if args.only and not args.quick and args.output.exists():
        # A partial run updates its benchmarks and keeps the others' last figures.
        results = json.loads(args.output.read_text()).get("by_benchmark", {})
    failed = []
    for name in names:
        print(f"bench {name} ...", flush=True)
        try:
            results[name] = run_one(name, args.quick)
        except RuntimeError as error:  # report it, run the others, fail at the end
            print(error, flush=True)
            failed.append(name)
            continue
        results[name]["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        print(f"  {json.dumps(results[name], default=str)}", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}; {RESULTS.name} left as it was", flush=True)
        return 1
    # The headline figures; series and breakdowns stay under by_benchmark.
    flat: dict[str, Any] = {}
    for figures in results.values():
        for key, value in figures.items():
            if key in PER_RUN or isinstance(value, dict | list):
                continue
            flat[key] = value
    flat["peak_rss_mb"] = max((r.get("peak_rss_mb", 0) for r in results.values()), default=0)
    document = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "full",
        "machine": machine_description(),
        "results": flat,
        "by_benchmark": results,
    }
    if not args.quick or args.output != RESULTS:
        args.output.write_text(json.dumps(document, indent=2, default=str) + "\n")
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
