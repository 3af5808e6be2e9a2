"""The dashboard's SVG chart geometry."""

from __future__ import annotations

import pytest

from incidents.charts import PLOT_BOTTOM, PLOT_TOP, BarInput, bar_chart, donut, nice_step


@pytest.mark.parametrize(
    ("top", "step"),
    [
        pytest.param(0, 1, id="empty"),
        pytest.param(3, 1, id="few"),
        pytest.param(5, 1, id="five"),
        pytest.param(9, 2, id="nine"),
        pytest.param(80, 20, id="hours"),
        pytest.param(1234, 250, id="many"),
    ],
)
def test_gridline_steps_are_round(top: float, step: float) -> None:
    assert nice_step(top) == step


def test_bars_scale_to_the_tallest_and_link_where_they_say() -> None:
    chart = bar_chart([BarInput("a", 2, "a: 2", "/a"), BarInput("b", 4, "b: 4", "/b", tone="late")])
    low, high = chart.bars
    assert high.y == PLOT_TOP and high.height == PLOT_BOTTOM - PLOT_TOP
    assert low.height == pytest.approx(high.height / 2, abs=0.1)
    assert (low.href, high.tone) == ("/a", "late")
    assert low.x + low.width < high.x
    assert [line.label for line in chart.gridlines] == ["1", "2", "3", "4"]


def test_a_reference_line_stretches_the_scale_to_show_it() -> None:
    chart = bar_chart([BarInput("x", 10, "", "/")], reference=(72, "72 h"))
    reference = [line for line in chart.gridlines if line.tone == "reference"]
    assert reference[0].label == "72 h"
    assert PLOT_TOP <= reference[0].y < chart.bars[0].y


def test_a_ring_shows_the_share_and_nothing_when_empty() -> None:
    ring = donut(3, 4)
    assert ring.share == 0.75
    assert ring.arc == pytest.approx(ring.circumference * 0.75, abs=0.01)
    assert donut(0, 0).share is None
