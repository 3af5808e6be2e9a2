"""manage.py check --deploy: clean with production settings, refusing the embedded defaults."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "a8Kx-2pQ_v9Lm3Zt7Rw1Yh5Nc0Bf6Dj4Gs8Ek2Uo1Ia9Op3Lq5Wz7Xr4Tv6Sy0Mn",
    "DATABASE_URL": "postgres://breachdesk@127.0.0.1:5432/breachdesk",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "breachdesk.example.org",
    "DEBUG": "false",
}


def check_deploy(extra: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "CELERY_BROKER_URL",
            "DJANGO_SETTINGS_MODULE",
            "DEBUG",
            "BREACHDESK_HTTPS",
            "SECRET_KEY",
        }
    }
    env.update(extra, BREACHDESK_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = check_deploy(PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_refuses_the_embedded_defaults(tmp_path: Path) -> None:
    settings = {
        k: v for k, v in PRODUCTION.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}
    }
    result = check_deploy(settings, tmp_path)
    assert result.returncode != 0
    assert "breachdesk.E001" in result.stderr + result.stdout
    assert "breachdesk.E002" in result.stderr + result.stdout


def test_settings_refuse_to_load_without_a_secret_key_when_debug_is_off(tmp_path: Path) -> None:
    settings = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = check_deploy(settings, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
