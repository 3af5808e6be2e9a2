"""The all-pages test's detectors fail on small pages that have each fault, and pass without it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.page_checks import (
    BLOCK_CLASSES,
    catalogue_misses,
    code_vocabulary,
    english_runs,
    external_requests,
    figure_mismatches,
    page_text,
    raw_codes,
    serious_violations,
)

VOCABULARY = code_vocabulary(["payment_card", "UK_GDPR", "national_id", "open", "high"])
CATALOGUE = {"Drill": "演练", "Mark all read": "全部标为已读", "GDPR": "GDPR"}
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def test_page_text_reads_nodes_and_lines_but_not_scripts_hidden_parts_or_code() -> None:
    text = page_text(
        "<html lang='en'><head><title>T</title><style>p{}</style></head><body>"
        "<p>Draft, <strong>4</strong> facts missing</p><script>var payment_card;</script>"
        "<div hidden><p>secret</p></div><code>UK_GDPR</code>"
        "<input placeholder='Search by title'><input type='hidden' value='x'>"
        "<input type='submit' value='Apply'><select><option>All</option></select></body></html>"
    )
    assert text.nodes == ["Draft,", "4", "facts missing", "Search by title", "Apply", "All"]
    assert text.blocks == ["Draft, 4 facts missing", "Search by title", "Apply", "All"]


def test_a_sub_line_is_a_line_of_its_own_as_the_stylesheet_shows_it() -> None:
    """A title and its `.sub` line (an alert's source) are two lines, not one run of words."""
    text = page_text(
        "<table><tr><td><a href='#'>Outbound transfer</a> <span class='badge'>Drill</span>"
        "<span class='sub'>siem-eu <span>eu</span> · group</span> after</td></tr></table>"
    )
    assert text.blocks == ["Outbound transfer Drill", "siem-eu eu · group", "after"]
    nested = page_text("<p>a b <span class='sub'>c <span class='sub'>d</span> e</span> f</p>")
    assert nested.blocks == ["a b", "c", "d", "e", "f"]
    allowed = "Outbound transfer of 4 GB from the customer database\nsiem-eu"
    html = (
        "<td>Outbound transfer of 4 GB from the customer database <span class='sub'>siem-eu</span>"
    )
    assert english_runs(page_text(html), allowed) == []
    joined = html.replace("class='sub'", "class='muted'")
    assert english_runs(page_text(joined), allowed) != []
    stylesheet = (
        Path(__file__).resolve().parents[2] / "config/static/breachdesk/app.css"
    ).read_text()
    for name in BLOCK_CLASSES:
        assert re.search(rf"^\.{name} {{ display: block;", stylesheet, re.MULTILINE), name


def test_only_codes_joined_by_an_underscore_are_vocabulary() -> None:
    assert VOCABULARY == {"payment_card", "UK_GDPR", "national_id"}


@pytest.mark.parametrize(
    ("html", "found"),
    [
        pytest.param("<td>UK_GDPR</td>", ["UK_GDPR"], id="regime-code"),
        pytest.param("<li>Data: payment_card, national_id</li>", ["payment_card", "national_id"],
                     id="category-codes"),
        pytest.param("<td>UK GDPR</td><td>Payment card</td>", [], id="labels"),
        pytest.param("<td>my_payment_card_x</td>", [], id="longer-word"),
        pytest.param("<code>payment_card</code>", [], id="shown-as-code"),
    ],
)  # fmt: skip
def test_raw_codes_are_found_in_what_a_person_reads(html: str, found: list[str]) -> None:
    assert [hit.split("'")[1] for hit in raw_codes(page_text(html), VOCABULARY)] == found


def test_an_english_message_of_the_catalogue_on_a_chinese_page_is_a_miss() -> None:
    text = page_text("<label>Drill</label><button>全部标为已读</button><span>GDPR</span>")
    assert catalogue_misses(text, CATALOGUE) == ["Drill"]
    assert catalogue_misses(page_text("<label>演练</label>"), CATALOGUE) == []


@pytest.mark.parametrize(
    ("html", "found"),
    [
        pytest.param("<p>共 3 项 · Mark all read</p>", ["'Mark all read'"], id="untranslated"),
        pytest.param("<p>截止 the supervisory authority</p>", ["'the supervisory authority'"],
                     id="engine-text"),
        pytest.param("<p>事件 Payroll export sent</p>", [], id="incident-title-is-data"),
        pytest.param("<p>GDPR Art. 33(1) · UK GDPR</p>", [], id="citations-and-acronyms"),
        pytest.param("<p>联系 dpo@northwind.example</p>", [], id="e-mail"),
        pytest.param("<p>Dana Weber</p>", [], id="a-name"),
        pytest.param("<p>Breachdesk 仪表板</p>", [], id="one-word"),
    ],
)  # fmt: skip
def test_runs_of_english_words_outside_the_data_are_found(html: str, found: list[str]) -> None:
    allowed = "Payroll export sent to the wrong supplier\nDana Weber"
    assert [hit.split(" in ")[0] for hit in english_runs(page_text(html), allowed)] == found


def test_only_serious_and_critical_axe_violations_count() -> None:
    results = {
        "violations": [
            {"id": "color-contrast", "impact": "serious", "nodes": [{"target": [".muted"]}]},
            {"id": "label", "impact": "critical", "nodes": [{"target": ["#id_q"]}]},
            {"id": "region", "impact": "moderate", "nodes": [{"target": ["p"]}]},
        ]
    }
    assert serious_violations(results) == [
        "color-contrast (serious): .muted",
        "label (critical): #id_q",
    ]
    assert serious_violations({"violations": []}) == []


def test_a_figure_that_disagrees_with_the_rows_or_is_missing_is_found() -> None:
    shown = {"Open incidents": "7", "Overdue tasks": " 3 ", "Due within 24 h": None}
    counted = {"Open incidents": 7, "Overdue tasks": 2, "Due within 24 h": 1}
    assert figure_mismatches(shown, counted) == [
        "Overdue tasks: shows 3, rows say 2",
        "Due within 24 h: not shown (expected 1)",
    ]


def test_requests_to_other_hosts_are_found() -> None:
    urls = [
        "http://127.0.0.1:8081/static/breachdesk/app.css",
        "http://localhost:8081/api/v1/schema/",
        "data:image/png;base64,AAAA",
        "https://fonts.googleapis.com/css2?family=Montserrat",
        "https://cdn.redoc.ly/redoc/logo-mini.svg",
    ]
    assert external_requests(urls) == urls[3:]


@pytest.mark.browser
def test_axe_finds_serious_violations_in_a_real_page(chromium: Any) -> None:
    """The axe-core bundle the all-pages test injects reports a missing label and low contrast."""
    page = chromium.new_page()
    try:
        page.set_content(
            "<html lang='en'><head><title>Filters</title></head><body><main><h1>Filters</h1>"
            "<input id='q'><p style='color:#bbb;background:#fff'>Faint text</p></main></body></html>"
        )
        page.add_script_tag(path=str(AXE))
        found = serious_violations(page.evaluate("() => axe.run()"))
        assert {hit.split(" ")[0] for hit in found} == {"label", "color-contrast"}
        page.set_content(
            "<html lang='en'><head><title>Filters</title></head><body><main><h1>Filters</h1>"
            "<label for='q'>Search</label>"
            "<input id='q'><p>Clear text</p></main></body></html>"
        )
        page.add_script_tag(path=str(AXE))
        assert serious_violations(page.evaluate("() => axe.run()")) == []
    finally:
        page.close()
