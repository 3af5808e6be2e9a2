"""The quick start's cheap check: a second start skips migrating, collecting and seeding until a
migration, a static file or the install changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from config import launcher


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with one migration and one static file, and its own data folder."""
    (tmp_path / "incidents" / "migrations").mkdir(parents=True)
    (tmp_path / "incidents" / "migrations" / "0001_initial.py").write_text("")
    (tmp_path / "config" / "static").mkdir(parents=True)
    (tmp_path / "config" / "static" / "app.css").write_text("")
    monkeypatch.setattr(launcher, "BASE_DIR", tmp_path)
    monkeypatch.setenv("BREACHDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "breachdesk.sqlite3").write_text("")
    return tmp_path


def test_a_prepared_data_folder_is_current_until_a_migration_is_added(project: Path) -> None:
    assert not launcher.setup_is_current()
    launcher.setup_record()
    assert launcher.setup_is_current()
    (project / "incidents" / "migrations" / "0002_more.py").write_text("")
    assert not launcher.setup_is_current()


def test_a_changed_static_file_or_a_new_database_means_preparing_again(project: Path) -> None:
    launcher.setup_record()
    static = project / "config" / "static" / "app.css"
    later = static.stat().st_mtime + 10
    os.utime(static, (later, later))
    assert not launcher.setup_is_current()
    launcher.setup_record()
    (project / "data" / "breachdesk.sqlite3").unlink()
    assert not launcher.setup_is_current()


def test_a_server_database_is_always_checked(project: Path, monkeypatch) -> None:
    launcher.setup_record()
    monkeypatch.setenv("DATABASE_URL", "postgres://db.internal/breachdesk")
    assert not launcher.setup_is_current()


def test_the_closing_lines_name_the_port_and_every_demo_sign_in() -> None:
    text = launcher.sign_ins_text(port=8123)
    assert "http://127.0.0.1:8123/welcome/" in text
    assert "http://127.0.0.1:8123/outbox/" in text
    assert "dpo        breachdesk-dpo" in text
    assert len([line for line in text.splitlines() if "breachdesk-" in line]) == 6
