"""GET /coverage/: each regime's versions and dates, source, facts in words, rules to verify."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from compliance.coverage import FACT_LABELS, regime_versions
from compliance.engine.regimes import REGIME_VERSIONS

URL = "/coverage/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(personas: dict[str, Any]) -> Any:
    """A test client signed in as a persona (None: anonymous)."""

    def make(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(personas[name])
        return client

    return make


def test_every_fact_a_regime_reads_has_words() -> None:
    named = {
        fact for versions in REGIME_VERSIONS.values() for v in versions for fact in v.facts_needed
    }
    missing = sorted(named - set(FACT_LABELS))
    assert not missing, f"add a label to compliance.coverage.FACT_LABELS for {missing}"


def test_every_fact_label_has_a_chinese_translation() -> None:
    with translation.override("zh-hans"):
        untranslated = [name for name, label in FACT_LABELS.items() if str(label) == label._args[0]]
    assert not untranslated


def _page(client_for: Any, name: str = "security", language: str = "en") -> str:
    client: Client = client_for(name)
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_each_version_its_dates_source_facts_and_verify_notes(client_for) -> None:
    body = _page(client_for)
    for code, versions in REGIME_VERSIONS.items():
        assert f'id="regime-{code}"' in body
        for regime in versions:
            assert f"Version {regime.version}" in body
            if regime.valid_from:
                assert regime.valid_from.isoformat() in body
            for fact in regime.facts_needed:
                assert escape(str(FACT_LABELS[fact])) in body
            for rule in regime.rules:
                if rule.verify and rule.verify_note:
                    assert escape(rule.verify_note) in body
    # Facts are named in words, not by their field names.
    assert "affected_subjects.country" not in body
    assert 'href="https://eur-lex.europa.eu/' in body
    assert 'href="/coverage/" aria-current="page"' in body


def test_versions_are_marked_in_force_past_or_future_on_the_day(client_for, time_machine) -> None:
    versions = [v for vs in REGIME_VERSIONS.values() for v in vs if v.valid_from]
    day = min(v.valid_from for v in versions)
    time_machine.move_to(datetime.combine(day, time(12), tzinfo=UTC))
    rows = regime_versions(on=day)
    body = _page(client_for)
    assert body.count("state-in_force") == sum(row.state == "in_force" for row in rows)
    assert body.count("state-future") == sum(row.state == "future" for row in rows) > 0


def test_the_page_speaks_chinese(client_for, personas) -> None:
    from incidents.models import UserPreference

    UserPreference.objects.create(user=personas["legal"], language="zh-hans")
    body = _page(client_for, "legal")
    assert "<h1>覆盖范围</h1>" in body
    assert "所需事实" in body


def test_anyone_with_a_role_opens_it_and_the_navigation_links_it(client_for) -> None:
    assert client_for(None).get(URL).status_code == 302
    assert client_for("outsider").get(URL).status_code == 403
    dashboard = client_for("pr").get("/").content.decode()
    assert 'href="/coverage/"' in dashboard
