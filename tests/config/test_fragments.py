"""Fragments rendered once per content: a cached fragment is read only for exactly the same
values, language and time zone, and a page built from them equals one rendered afresh."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.template import engines
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from compliance.models import Obligation
from config import fragments
from config.fragments import (
    NotPlain,
    content_key,
    fragment_key,
    plain,
    render_content_fragments,
    render_fragments,
)
from tests.factories import incident_create_for_test

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
TEMPLATE = "compliance/_register_entry.html"


@dataclass(frozen=True)
class Row:
    title: str
    due: datetime | None


def test_equal_values_share_a_key_and_any_difference_makes_a_new_one() -> None:
    first = fragment_key(TEMPLATE, {"row": Row("Card data", NOW)})
    assert first == fragment_key(TEMPLATE, {"row": Row("Card data", NOW)})
    others = {
        fragment_key(TEMPLATE, {"row": Row("Card data!", NOW)}),
        fragment_key(TEMPLATE, {"row": Row("Card data", NOW + timedelta(seconds=1))}),
        fragment_key(TEMPLATE, {"row": Row("Card data", None)}),
        fragment_key(TEMPLATE, {"row": {"title": "Card data", "due": NOW}}),
        fragment_key(TEMPLATE, {"row": Row(mark_safe("Card data"), NOW)}),
        fragment_key("incidents/board/_row.html", {"row": Row("Card data", NOW)}),
    }
    assert first not in others and len(others) == 6


def test_the_readers_language_and_zone_are_part_of_the_key() -> None:
    context = {"label": gettext_lazy("Overdue"), "due": NOW}
    with translation.override("en"):
        english = fragment_key(TEMPLATE, context)
    with translation.override("zh-hans"):
        chinese = fragment_key(TEMPLATE, context)
        assert plain(gettext_lazy("Breach register")) not in ("", "Breach register")
    with translation.override("en"), timezone.override("Asia/Shanghai"):
        shanghai = fragment_key(TEMPLATE, context)
    assert len({english, chinese, shanghai}) == 3


def test_a_value_whose_repr_hides_its_content_is_never_a_key() -> None:
    with pytest.raises(NotPlain):
        plain({"row": object()})
    assert fragment_key(TEMPLATE, {"obligation": Obligation(rule_id="GDPR-SA")}) is None


def test_a_fragment_is_rendered_once_then_read_from_the_cache(monkeypatch: Any) -> None:
    cache.clear()
    template = engines["django"].from_string("<p>{{ row.title }} {{ row.due|date:'Y-m-d' }}</p>")
    renders: list[str] = []

    def counted(name: str) -> Any:
        renders.append(name)
        return template

    monkeypatch.setattr(fragments, "get_template", counted)
    original = template.render
    calls: list[Any] = []
    monkeypatch.setattr(
        template, "render", lambda context: calls.append(context) or original(context)
    )
    rows = [{"row": Row("A <b>", NOW)}, {"row": Row("B", NOW)}, {"row": Row("A <b>", NOW)}]
    first = render_fragments("t.html", rows)
    assert [str(h) for h in first] == [
        "<p>A &lt;b&gt; 2026-11-24</p>",
        "<p>B 2026-11-24</p>",
        "<p>A &lt;b&gt; 2026-11-24</p>",
    ]
    assert len(calls) == 3  # nothing cached yet: the repeated row of one page is rendered too
    second = render_fragments("t.html", [*rows, {"row": Row("C", None)}])
    assert second[:3] == first and str(second[3]) == "<p>C </p>"
    assert len(calls) == 4  # only the new content was rendered


def test_a_fragment_keyed_on_its_content_builds_its_context_only_when_not_cached(
    monkeypatch: Any,
) -> None:
    cache.clear()
    template = engines["django"].from_string("<p>{{ row.title }}</p>")
    monkeypatch.setattr(fragments, "get_template", lambda name: template)
    built: list[str] = []

    def item(title: str) -> tuple[Any, Any]:
        return (("row", title), lambda: built.append(title) or {"row": Row(title, None)})

    assert [str(h) for h in render_content_fragments("t.html", [item("A"), item("B")])] == [
        "<p>A</p>",
        "<p>B</p>",
    ]
    assert built == ["A", "B"]
    again = render_content_fragments("t.html", [item("B"), item("C"), item("A")])
    assert [str(h) for h in again] == ["<p>B</p>", "<p>C</p>", "<p>A</p>"]
    assert built == ["A", "B", "C"]  # only the new content was built
    assert content_key("t.html", ("row", "A")) != content_key("t.html", ("row", "A "))
    # Keyed on content or on values: never the same fragment.
    assert content_key("t.html", {"row": "A"}) != fragment_key("t.html", {"row": "A"})


@pytest.mark.django_db
def test_the_register_page_from_cached_entries_equals_one_rendered_afresh(
    organisation: Any, personas: dict[str, Any], client: Any
) -> None:
    incident = incident_create_for_test(
        actor=personas["security"],
        now=NOW,
        title="Card data exposed",
        affected_subjects=[{"country": "DE", "count": 1_000}],
        data_categories=["payment_card"],
        breach_types=["confidentiality"],
        risk_level="high",
    )
    client.force_login(personas["dpo"])
    cache.clear()
    fresh = client.get("/register/").content.decode()
    cached = client.get("/register/").content.decode()
    assert "Card data exposed" in fresh and _without_tokens(cached) == _without_tokens(fresh)
    # A changed fact is new content: the page shows it at once.
    incident.title = "Card and bank data exposed"
    incident.save(update_fields=["title"])
    changed = client.get("/register/").content.decode()
    assert "Card and bank data exposed" in changed and "Card data exposed" not in changed
    # Another language is another fragment.
    from incidents.models import UserPreference

    UserPreference.objects.create(user=personas["dpo"], language="zh-hans")
    chinese = client.get("/register/").content.decode()
    assert "风险" in chinese and "Risk recorded as" not in chinese


def _without_tokens(html: str) -> str:
    """The page without its per-response CSRF tokens."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_change_of_the_code_or_a_template_is_a_new_digest(
    monkeypatch: Any, tmp_path: Any
) -> None:
    """Fragments rendered by another version of the project are never read."""
    (tmp_path / "compliance" / "templates").mkdir(parents=True)
    template = tmp_path / "compliance" / "templates" / "entry.html"
    wording = tmp_path / "compliance" / "wording.py"
    template.write_text("<p>{{ row }}</p>")
    wording.write_text("LABEL = 'Overdue'\n")
    monkeypatch.setattr(fragments, "ROOT", tmp_path)
    digests = []
    for change in (None, (template, "<p>{{ row }}!</p>"), (wording, "LABEL = 'Late'\n")):
        if change:
            change[0].write_text(change[1])
        fragments.code_digest.cache_clear()
        digests.append(fragments.code_digest())
    fragments.code_digest.cache_clear()
    assert len(set(digests)) == 3
