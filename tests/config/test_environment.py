"""Settings parsing: embedded defaults, and bad values refused with clear messages."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.environment import read_environment

STRONG_KEY = "a8Kx-2pQ_v9Lm3Zt7Rw1Yh5Nc0Bf6Dj4Gs8Ek2Uo1Ia9Op3Lq5Wz7Xr4Tv6Sy0Mn"


def env(**values: str) -> dict[str, str]:
    return {"SECRET_KEY": STRONG_KEY, **values}


def test_embedded_defaults_use_sqlite_file_and_filesystem_broker(tmp_path: Path) -> None:
    result = read_environment(env(), tmp_path)
    assert result.database["ENGINE"] == "django.db.backends.sqlite3"
    assert result.database["NAME"] == str(tmp_path.resolve() / "data" / "breachdesk.sqlite3")
    assert result.broker_url == "filesystem://localhost//"
    assert result.embedded_database and result.embedded_broker
    assert result.debug is False and result.https is True


def test_database_url_for_postgres_is_parsed(tmp_path: Path) -> None:
    result = read_environment(
        env(DATABASE_URL="postgres://bd:secret@db.internal:5433/breachdesk"), tmp_path
    )
    assert result.database["ENGINE"] == "django.db.backends.postgresql"
    assert (result.database["HOST"], result.database["PORT"]) == ("db.internal", 5433)
    assert result.database["NAME"] == "breachdesk"
    assert result.embedded_database is False


def test_redis_broker_url_is_taken_as_is(tmp_path: Path) -> None:
    result = read_environment(env(CELERY_BROKER_URL="redis://127.0.0.1:6379/3"), tmp_path)
    assert result.broker_url == "redis://127.0.0.1:6379/3"
    assert result.embedded_broker is False


@pytest.mark.parametrize(
    ("values", "message"),
    [
        pytest.param({"SECRET_KEY": ""}, "SECRET_KEY is not set", id="unset-secret-key"),
        pytest.param({"SECRET_KEY": "short"}, "SECRET_KEY is weak", id="short-secret-key"),
        pytest.param({"SECRET_KEY": "a" * 60}, "SECRET_KEY is weak", id="repetitive-secret-key"),
        pytest.param(
            {"SECRET_KEY": "django-insecure-" + STRONG_KEY},
            "SECRET_KEY is weak",
            id="django-insecure-placeholder",
        ),
        pytest.param({"DEBUG": "maybe"}, "DEBUG must be true or false", id="debug-not-boolean"),
        pytest.param(
            {"DATABASE_URL": "oracle+nonsense://x"}, "DATABASE_URL", id="unknown-database-scheme"
        ),
        pytest.param(
            {"CELERY_BROKER_URL": "http://example.org"},
            "CELERY_BROKER_URL",
            id="broker-not-a-broker",
        ),
        pytest.param(
            {"EMAIL_URL": "carrier-pigeon://coop"}, "EMAIL_URL", id="unknown-email-scheme"
        ),
        pytest.param({"BREACHDESK_HTTPS": "sometimes"}, "BREACHDESK_HTTPS", id="https-not-boolean"),
        pytest.param(
            {"CACHE_URL": "memcache://127.0.0.1:11211"}, "CACHE_URL", id="cache-not-redis"
        ),
    ],
)
def test_bad_values_are_refused_with_the_variable_named(
    tmp_path: Path, values: dict[str, str], message: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        read_environment(env(**values), tmp_path)


def test_debug_allows_a_missing_secret_key_for_local_development(tmp_path: Path) -> None:
    result = read_environment({"DEBUG": "true"}, tmp_path)
    assert result.debug is True
    assert result.secret_key.startswith("django-insecure")
    assert result.https is False


def test_smtp_email_url_configures_smtp(tmp_path: Path) -> None:
    result = read_environment(env(EMAIL_URL="smtp+tls://mailer:pw@smtp.example.org:587"), tmp_path)
    assert result.email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert result.email["EMAIL_HOST"] == "smtp.example.org"
    assert result.email["EMAIL_PORT"] == 587
    assert result.email["EMAIL_USE_TLS"] is True


def test_allowed_hosts_list_is_split_on_commas(tmp_path: Path) -> None:
    result = read_environment(env(ALLOWED_HOSTS="bd.example.org, , api.example.org"), tmp_path)
    assert result.allowed_hosts == ["bd.example.org", "api.example.org"]


def test_cache_defaults_to_each_process_memory(tmp_path: Path) -> None:
    result = read_environment(env(), tmp_path)
    assert result.cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_cache_url_gives_the_shared_redis_cache(tmp_path: Path) -> None:
    result = read_environment(env(CACHE_URL="redis://127.0.0.1:6379/1"), tmp_path)
    assert result.cache == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }
