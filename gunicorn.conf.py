"""Gunicorn settings for Breachdesk: `gunicorn config.wsgi -c gunicorn.conf.py --bind HOST:PORT`.

The Procfile and the benchmarks (bench/api.py, bench/load.py) serve the app with this file, so
what is measured is what runs. Every value can be overridden by the environment or on the
command line.

- Worker processes: one per core (WEB_CONCURRENCY). A request is mostly Python holding the GIL,
  so a process does about one core's work whatever its threads; more processes than cores only
  add memory and context switches.
- Threads per process (GUNICORN_THREADS, gthread worker): while one thread waits for
  PostgreSQL another runs, and idle keep-alive connections cost no thread, so clients (or the
  reverse proxy) reuse their connections instead of opening one per request.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Keep-alive connections a worker holds open beyond its busy threads (a proxy's or clients').
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "1000"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "15"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then so a slow leak in any library cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
