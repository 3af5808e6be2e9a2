"""A draft report names each missing fact in the reader's language, linked to where it is entered."""

from __future__ import annotations

from django.utils import translation

from incidents.templatetags.report_gaps import report_gaps


def test_each_gap_links_to_the_field_or_panel_that_fills_it() -> None:
    gaps = report_gaps(
        [
            "Approximate number of records (Art. 33(3)(a))",
            "Controller address",
            "Risk outcome",
            "二、已采取的措施",
            "A fact the room cannot link",
        ],
        "BD-2026-0007",
    )
    assert [(gap.name, gap.url) for gap in gaps] == [
        (
            "Approximate number of records (Art. 33(3)(a))",
            "/incidents/BD-2026-0007/facts/#id_records_count",
        ),
        ("Controller address", "/settings/organisation/"),
        ("Risk outcome", "/incidents/BD-2026-0007/#risk"),
        ("二、已采取的措施", "/incidents/BD-2026-0007/facts/#id_measures_taken"),
        ("A fact the room cannot link", ""),
    ]


def test_gaps_read_in_the_reader_language() -> None:
    with translation.override("zh-hans"):
        (gap,) = report_gaps(["Likely consequences (Art. 33(3)(c))"], "BD-2026-0007")
    assert gap.name == "可能的后果（第三十三条第三款(c)项）"
    assert gap.url.endswith("#id_consequences")
