"""Settings for benchmark servers: the production settings plus a bare JSON view to compare with.

The environment (bench/stack.py) is a production one: DEBUG off, PostgreSQL, Redis for the
broker and the cache, HTTPS on behind a proxy that says so in X-Forwarded-Proto.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
