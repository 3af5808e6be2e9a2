"""Reads Breachdesk's configuration from the environment, refusing bad values with clear messages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
DEV_SECRET_KEY = "django-insecure-breachdesk-development-only-never-use-in-production"
MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_UNIQUE_CHARACTERS = 5


@dataclass(frozen=True)
class Environment:
    """The validated settings that come from environment variables."""

    debug: bool
    secret_key: str
    allowed_hosts: list[str]
    csrf_trusted_origins: list[str]
    database: dict[str, Any]
    broker_url: str
    broker_transport_options: dict[str, Any]
    cache: dict[str, Any]
    data_dir: Path
    email: dict[str, Any]
    default_from_email: str
    https: bool
    embedded_database: bool
    embedded_broker: bool
    site_url: str
    trusted_proxy_count: int = 0
    # The quick start's demo mode: sign-ins on the login page, a first-run page, the outbox.
    demo: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def parse_bool(name: str, raw: str | None, default: bool) -> bool:
    """Parse a boolean variable, refusing words that are neither true nor false."""
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (got {raw!r}).")


def parse_count(name: str, raw: str | None, default: int) -> int:
    """Parse a small non-negative whole number."""
    if raw is None or not raw.strip():
        return default
    if not raw.strip().isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number of 0 or more (got {raw!r}).")
    return int(raw)


def parse_list(raw: str | None, default: list[str]) -> list[str]:
    """Parse a comma-separated list, dropping blanks."""
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def is_weak_secret_key(key: str) -> bool:
    """Tell whether a secret key is too short, too repetitive or Django's insecure placeholder."""
    return (
        len(key) < MIN_SECRET_KEY_LENGTH
        or len(set(key)) < MIN_SECRET_KEY_UNIQUE_CHARACTERS
        or key.startswith("django-insecure")
    )


def parse_secret_key(raw: str | None, debug: bool) -> str:
    """Return the secret key; with DEBUG off an unset or weak key is refused."""
    if raw is None or not raw.strip():
        if debug:
            return DEV_SECRET_KEY
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off, set SECRET_KEY to a random string of at "
            f"least {MIN_SECRET_KEY_LENGTH} characters, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    if not debug and is_weak_secret_key(raw):
        raise ImproperlyConfigured(
            f"SECRET_KEY is weak: use at least {MIN_SECRET_KEY_LENGTH} random characters "
            f"with at least {MIN_SECRET_KEY_UNIQUE_CHARACTERS} different ones, not Django's "
            "'django-insecure' placeholder."
        )
    return raw


def parse_database(raw: str | None, data_dir: Path) -> tuple[dict[str, Any], bool]:
    """Parse DATABASE_URL, defaulting to a SQLite file in the data folder."""
    if raw is None or not raw.strip():
        config = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(data_dir / "breachdesk.sqlite3"),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
        return config, True
    try:
        config = environ.Env.db_url_config(raw)
    except Exception as exc:  # django-environ raises several types for a bad URL
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
    engine = config.get("ENGINE", "")
    if not engine:
        raise ImproperlyConfigured(f"DATABASE_URL has an unknown scheme: {raw.split(':')[0]!r}.")
    if engine.endswith("postgresql"):
        config.setdefault("CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
    return config, engine.endswith("sqlite3")


def parse_broker(raw: str | None, data_dir: Path) -> tuple[str, dict[str, Any], bool]:
    """Parse CELERY_BROKER_URL, defaulting to kombu's filesystem transport (no server needed)."""
    if raw is None or not raw.strip():
        folder = data_dir / "broker"
        options = {
            "data_folder_in": str(folder / "queue"),
            "data_folder_out": str(folder / "queue"),
            "processed_folder": str(folder / "processed"),
            # The exchange table for broadcasts (worker control); kombu's default is ./control.
            "control_folder": str(folder / "control"),
            "store_processed": False,
        }
        # A host name keeps kombu from warning that none was supplied; the transport ignores it.
        return "filesystem://localhost//", options, True
    scheme = raw.split("://", 1)[0] if "://" in raw else ""
    if scheme not in {"redis", "rediss", "amqp", "amqps", "filesystem", "memory", "sqla+sqlite"}:
        raise ImproperlyConfigured(
            f"CELERY_BROKER_URL must be a redis://, amqp:// or filesystem:// URL (got {raw!r})."
        )
    return raw, {}, scheme in {"filesystem", "memory"}


LOCAL_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "breachdesk"}


def parse_cache(raw: str | None) -> dict[str, Any]:
    """Parse CACHE_URL (redis:// or rediss://), defaulting to a cache in each process's memory.

    The cache holds the API rate-limit counters: with several web processes only a shared
    Redis counts a token's requests once.
    """
    if raw is None or not raw.strip():
        return dict(LOCAL_CACHE)
    scheme = raw.split("://", 1)[0] if "://" in raw else ""
    if scheme not in {"redis", "rediss"}:
        raise ImproperlyConfigured(f"CACHE_URL must be a redis:// or rediss:// URL (got {raw!r}).")
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": raw.strip()}


def parse_email(raw: str | None, data_dir: Path) -> dict[str, Any]:
    """Parse EMAIL_URL (smtp://user:password@host:port, consolemail://), defaulting to files.

    Unset, each message is written to a file in the data folder's mail/ (the outbox page shows
    them in demo mode) rather than printed, so a console stays readable.
    """
    if raw is None or not raw.strip():
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(data_dir / "mail"),
        }
    try:
        config = environ.Env.email_url_config(raw)
    except Exception as exc:
        raise ImproperlyConfigured(f"EMAIL_URL is not a valid email URL: {exc}") from exc
    if not config.get("EMAIL_BACKEND"):
        raise ImproperlyConfigured(f"EMAIL_URL has an unknown scheme in {raw!r}.")
    return config


def read_environment(environ_map: Mapping[str, str], base_dir: Path) -> Environment:
    """Build the validated environment settings from a mapping such as os.environ."""
    get = environ_map.get
    debug = parse_bool("DEBUG", get("DEBUG"), default=False)
    data_dir = Path(get("BREACHDESK_DATA_DIR") or base_dir / "data").resolve()
    database, embedded_db = parse_database(get("DATABASE_URL"), data_dir)
    broker, broker_options, embedded_broker = parse_broker(get("CELERY_BROKER_URL"), data_dir)
    https = parse_bool("BREACHDESK_HTTPS", get("BREACHDESK_HTTPS"), default=not debug)
    return Environment(
        debug=debug,
        secret_key=parse_secret_key(get("SECRET_KEY"), debug),
        allowed_hosts=parse_list(get("ALLOWED_HOSTS"), ["localhost", "127.0.0.1", "[::1]"]),
        csrf_trusted_origins=parse_list(get("CSRF_TRUSTED_ORIGINS"), []),
        database=database,
        broker_url=broker,
        broker_transport_options=broker_options,
        cache=parse_cache(get("CACHE_URL")),
        data_dir=data_dir,
        email=parse_email(get("EMAIL_URL"), data_dir),
        demo=parse_bool("BREACHDESK_DEMO", get("BREACHDESK_DEMO"), default=False),
        default_from_email=get("DEFAULT_FROM_EMAIL") or "Breachdesk <breachdesk@localhost>",
        https=https,
        embedded_database=embedded_db,
        embedded_broker=embedded_broker,
        site_url=(get("BREACHDESK_SITE_URL") or "http://127.0.0.1:8000").rstrip("/"),
        trusted_proxy_count=parse_count(
            "BREACHDESK_TRUSTED_PROXY_COUNT", get("BREACHDESK_TRUSTED_PROXY_COUNT"), 0
        ),
    )
