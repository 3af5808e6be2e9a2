"""An alert storm through the real API: 10,000 alerts from one source, 1,000 distinct fingerprints.

Each alert is a POST /api/v1/intake/alerts/ through Django's full middleware stack (in-process,
no network), authenticated by the source's bearer token. Reports alerts per second and how many
were lost (alerts sent minus the counts the database holds: it must be 0). `python -m bench.intake`.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.dashboard import django_ready

FULL, QUICK = 10_000, 500
FINGERPRINTS = 1_000


def run(quick: bool = False) -> dict[str, Any]:
    """Send the storm and count what was stored."""
    django_ready()
    from django.db import connection
    from django.db.models import Sum
    from django.test import Client
    from django.test.utils import setup_databases, teardown_databases

    total = QUICK if quick else FULL
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        from intake.models import Alert
        from intake.services import alert_source_create

        now = datetime.now(UTC)
        _, token = alert_source_create(actor=None, name="storm", now=now)
        client = Client(SERVER_NAME="localhost", HTTP_AUTHORIZATION=f"Bearer {token}")
        observed = (now - timedelta(minutes=1)).isoformat()
        codes: dict[int, int] = {}
        started, cpu_started = time.perf_counter(), time.process_time()
        for number in range(total):
            body = {
                "source": "storm",
                "fingerprint": f"rule-{number % FINGERPRINTS}",
                "title": "Suspicious outbound transfer",
                "severity": "high" if number % 10 == 0 else "low",
                "observed_at": observed,
            }
            response = client.post(
                "/api/v1/intake/alerts/", json.dumps(body), content_type="application/json"
            )
            codes[response.status_code] = codes.get(response.status_code, 0) + 1
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        stored = Alert.objects.aggregate(n=Sum("count"))["n"] or 0
        vendor = connection.vendor
    finally:
        teardown_databases(databases, verbosity=0)
    return {
        "intake_alerts_per_s": round(total / elapsed, 1),
        "intake_alerts_sent": total,
        "intake_alerts_lost": total - stored,
        "intake_status_codes": {str(code): n for code, n in sorted(codes.items())},
        "intake_seconds": round(elapsed, 2),
        # CPU per alert moves least when the machine is shared; 1000 / it is the one-core rate.
        "intake_cpu_ms_per_alert": round(cpu * 1000 / total, 2),
        "intake_alerts_per_cpu_s": round(total / cpu, 1),
        "database": vendor,
    }


if __name__ == "__main__":
    print(run())
