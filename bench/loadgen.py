"""Drive an HTTP server on this machine with N keep-alive connections for a bounded time.

`drive(base_url, requests, seconds, connections)` runs `wrk` (C, event loop, a few percent of
one core at these rates) with a generated Lua script that cycles through a weighted mix of
requests, and falls back to a Python load generator in a separate process when wrk is not
installed (it uses far more CPU, which the server then lacks: figures from the two are not
comparable, so the result names its `load_generator`). Targets are loopback only; each run
stops by itself after `seconds`.

Each request is a dict: method, path, optional headers, body and weight (default 1). Statuses
other than 2xx and 3xx count as errors, as do connection errors and timeouts.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ALLOWED_HOSTS = {"127.0.0.1", "localhost", "::1"}
TIMEOUT_S = 10


def drive(
    base_url: str,
    requests: list[dict[str, Any]],
    seconds: float,
    connections: int,
    *,
    generator: str | None = None,
) -> dict[str, Any]:
    """Run the mix against `base_url`; return requests, rps, latency percentiles and errors."""
    if urlsplit(base_url).hostname not in ALLOWED_HOSTS:
        raise ValueError("load runs against this machine's loopback address only")
    generator = generator or ("wrk" if shutil.which("wrk") else "python")
    with tempfile.TemporaryDirectory(prefix="bd-load-") as folder:
        if generator == "wrk":
            return _wrk(base_url, requests, seconds, connections, Path(folder))
        spec = Path(folder) / "spec.json"
        spec.write_text(
            json.dumps(
                {
                    "base": base_url,
                    "requests": requests,
                    "seconds": seconds,
                    "connections": connections,
                }
            )
        )
        done = subprocess.run(
            [sys.executable, "-m", "bench.loadgen", str(spec)],
            cwd=Path(__file__).resolve().parent.parent,
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal here


def _lua_script(requests: list[dict[str, Any]]) -> str:
    built = []
    cycle: list[int] = []
    for number, spec in enumerate(requests, start=1):
        headers = ", ".join(
            f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in spec.get("headers", {}).items()
        )
        body = _lua_string(spec["body"]) if spec.get("body") is not None else "nil"
        built.append(
            f"wrk.format({_lua_string(spec.get('method', 'GET'))}, "
            f"{_lua_string(spec['path'])}, {{{headers}}}, {body})"
        )
        cycle += [number] * int(spec.get("weight", 1))
    # Interleave the cycle so a mix of weights is spread out rather than in runs.
    spread = sorted(range(len(cycle)), key=lambda i: (i * 7919) % len(cycle))
    cycle = [cycle[i] for i in spread]
    return f"""
local counter = 0
local threads = {{}}
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local built, cycle, position = {{}}, {{{", ".join(map(str, cycle))}}}, 0
statuses, first_error = {{}}, nil
function init(args)
  built = {{{", ".join(built)}}}
  position = (id * 13) % #cycle
end

function request()
  position = position % #cycle + 1
  return built[cycle[position]]
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if status >= 400 and first_error == nil then
    first_error = key .. " " .. string.sub(body or "", 1, 300)
  end
end

local function quote(text)
  return '"' .. string.gsub(text, '[%c"\\\\]', function(c)
    return string.format("\\\\u%04x", string.byte(c)) end) .. '"'
end

function done(summary, latency, requests)
  local merged, sample = {{}}, nil
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get("statuses")) do
      merged[key] = (merged[key] or 0) + count
    end
    sample = sample or thread:get("first_error")
  end
  local parts = {{}}
  for key, count in pairs(merged) do
    table.insert(parts, string.format('"%s": %d', key, count))
  end
  local e = summary.errors
  io.write("WRK-RESULT {{")
  io.write(string.format('"requests": %d, "duration_us": %d, ', summary.requests, summary.duration))
  io.write(string.format('"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d, ',
    e.connect, e.read, e.write, e.timeout, e.status))
  io.write(string.format('"p50_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d, ',
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99)))
  io.write(string.format('"mean_us": %.1f, "max_us": %d, ', latency.mean, latency.max))
  io.write('"statuses": {{' .. table.concat(parts, ", ") .. '}}, ')
  io.write('"first_error": ' .. (sample and quote(sample) or 'null') .. '}}\\n')
end
"""


def _wrk(
    base_url: str,
    requests: list[dict[str, Any]],
    seconds: float,
    connections: int,
    folder: Path,
) -> dict[str, Any]:
    script = folder / "mix.lua"
    script.write_text(_lua_script(requests))
    command = [
        "wrk",
        "--threads",
        "2" if connections >= 2 else "1",
        "--connections",
        str(connections),
        "--duration",
        f"{max(1, round(seconds))}s",
        "--timeout",
        f"{TIMEOUT_S}s",
        "--latency",
        "--script",
        str(script),
        base_url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    line = next(
        (x for x in done.stdout.splitlines() if x.startswith("WRK-RESULT ")),
        None,
    )
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    raw = json.loads(line.removeprefix("WRK-RESULT "))
    elapsed = raw["duration_us"] / 1e6
    socket_errors = raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
    return {
        "load_generator": "wrk",
        "connections": connections,
        "duration_s": round(elapsed, 1),
        "requests": raw["requests"],
        "rps": round(raw["requests"] / elapsed, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p90_ms": round(raw["p90_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "mean_ms": round(raw["mean_us"] / 1000, 1),
        "max_ms": round(raw["max_us"] / 1000, 1),
        "errors": raw["status"] + socket_errors,
        "statuses": dict(sorted(raw["statuses"].items())),
        "socket_errors": socket_errors,
        "first_error": raw["first_error"],
    }


# The Python fallback: a thread per connection, in its own process.


def _client(
    base: Any, cycle: list[dict[str, Any]], offset: int, stop_at: float, out: dict[str, Any]
) -> None:
    connection = http.client.HTTPConnection(base.hostname, base.port, timeout=TIMEOUT_S)
    position = offset
    while time.perf_counter() < stop_at:
        spec = cycle[position % len(cycle)]
        position += 1
        started = time.perf_counter()
        try:
            body = spec.get("body")
            connection.request(
                spec.get("method", "GET"),
                spec["path"],
                body=body.encode() if body is not None else None,
                headers=spec.get("headers", {}),
            )
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            out["socket_errors"] += 1
            connection.close()
            connection = http.client.HTTPConnection(base.hostname, base.port, timeout=TIMEOUT_S)
            continue
        out["latencies"].append((time.perf_counter() - started) * 1000)
        key = str(response.status)
        out["statuses"][key] = out["statuses"].get(key, 0) + 1
        if response.status >= 400 and out["first_error"] is None:
            out["first_error"] = f"{key} {content[:300].decode(errors='replace')}"
    connection.close()


def python_load(spec: dict[str, Any]) -> dict[str, Any]:
    """The fallback generator (threads on http.client); same result shape as wrk's."""
    base = urlsplit(spec["base"])
    if base.hostname not in ALLOWED_HOSTS:
        raise SystemExit("load runs against this machine's loopback address only")
    cycle = [r for r in spec["requests"] for _ in range(int(r.get("weight", 1)))]
    out: dict[str, Any] = {"latencies": [], "statuses": {}, "socket_errors": 0, "first_error": None}
    stop_at = time.perf_counter() + float(spec["seconds"])
    threads = [
        threading.Thread(target=_client, args=(base, cycle, n * 13, stop_at, out))
        for n in range(int(spec["connections"]))
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(out["latencies"]) or [0.0]

    def percentile(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))], 1)

    errors = sum(n for key, n in out["statuses"].items() if int(key) >= 400)
    return {
        "load_generator": "python",
        "connections": int(spec["connections"]),
        "duration_s": round(elapsed, 1),
        "requests": len(out["latencies"]),
        "rps": round(len(out["latencies"]) / elapsed, 1),
        "p50_ms": percentile(50),
        "p90_ms": percentile(90),
        "p95_ms": percentile(95),
        "p99_ms": percentile(99),
        "mean_ms": round(statistics.fmean(ordered), 1),
        "max_ms": round(ordered[-1], 1),
        "errors": errors + out["socket_errors"],
        "statuses": dict(sorted(out["statuses"].items())),
        "socket_errors": out["socket_errors"],
        "first_error": out["first_error"],
    }


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    print(json.dumps(python_load(json.loads(Path(sys.argv[1]).read_text()))))
