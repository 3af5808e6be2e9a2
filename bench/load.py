"""A small HTTP load generator: N keep-alive clients for a fixed time, run as its own process.

python -m bench.load URL SECONDS CLIENTS [TOKEN] prints one JSON line with requests, errors,
requests per second and latency percentiles. Loopback only.
"""

from __future__ import annotations

import http.client
import json
import statistics
import sys
import threading
import time
from urllib.parse import urlsplit

ALLOWED_HOSTS = {"127.0.0.1", "localhost", "::1"}


def client_loop(
    url: str, token: str, stop_at: float, latencies: list[float], errors: list[int]
) -> None:
    """Send requests on one connection until the deadline, recording each latency."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    headers = {"Authorization": f"Token {token}"} if token else {}
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    while time.perf_counter() < stop_at:
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
        except (OSError, http.client.HTTPException):
            errors.append(0)
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            continue
        latencies.append((time.perf_counter() - started) * 1000)
    connection.close()


def load(url: str, seconds: float, clients: int, token: str = "") -> dict[str, float]:
    """Drive the URL with `clients` concurrent connections for `seconds`."""
    if urlsplit(url).hostname not in ALLOWED_HOSTS:
        raise SystemExit("load runs against this machine's loopback address only")
    latencies: list[float] = []
    errors: list[int] = []
    stop_at = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=client_loop, args=(url, token, stop_at, latencies, errors))
        for _ in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies) or [0.0]
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1 if len(ordered) > 1 else 0], 2),
        "max_ms": round(ordered[-1], 2),
    }


if __name__ == "__main__":
    target, duration, concurrency = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    print(json.dumps(load(target, duration, concurrency, sys.argv[4] if len(sys.argv) > 4 else "")))
