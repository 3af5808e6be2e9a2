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
# Each worker listens on its own socket (SO_REUSEPORT) and the kernel spreads new connections
# over them. With one shared socket, the worker that wakes first takes a burst of connections and
# keeps them (keep-alive): measured here, all 20 of a client's connections on one worker, which
# then did one core's work while the other idled.
# GUNICORN_REUSE_PORT=false (the quick start) makes a port already taken fail the start instead.
reuse_port = os.environ.get("GUNICORN_REUSE_PORT", "true").lower() != "false"
graceful_timeout = 30
# Workers are not recycled by default: a worker that stops closes its own socket (reuse_port)
# and the connections waiting in it are reset. Set a number to recycle after that many requests.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# No control socket: gunicorn's default puts one in ~/.gunicorn, outside the data folder, and
# nothing here uses it.
control_socket_disable = os.environ.get("GUNICORN_CONTROL_SOCKET", "") == ""
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Once a worker has loaded the app, its modules, URL patterns and views live as long as the
# worker: frozen, the cyclic garbage collector stops rescanning them in every full collection
# (GUNICORN_GC_FREEZE=false leaves them tracked). Measured in docs/performance.md.
gc_freeze = os.environ.get("GUNICORN_GC_FREEZE", "true").lower() != "false"


def post_worker_init(worker: object) -> None:
    """Import every view through the URL patterns, then move what exists into the permanent
    generation of the garbage collector."""
    if not gc_freeze:
        return
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the views and what they import
    gc.collect()
    gc.freeze()
