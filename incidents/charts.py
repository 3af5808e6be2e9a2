"""Geometry for the dashboard's small server-rendered SVG charts (no chart library, no script)."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    """One bar: its box in the chart's coordinates and where a click leads."""

    x: float
    y: float
    width: float
    height: float
    label: str
    value_text: str
    href: str
    tone: str

    @property
    def center_x(self) -> float:
        """Where the bar's axis label goes."""
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class Gridline:
    """A horizontal reference line with its label."""

    y: float
    label: str
    tone: str = "grid"


@dataclass(frozen=True)
class BarChart:
    """A vertical bar chart sized for a viewBox of width × height."""

    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_bottom: float
    bars: list[Bar]
    gridlines: list[Gridline]


@dataclass(frozen=True)
class Donut:
    """A ring whose coloured arc shows a share (0–1), drawn with one circle's dash pattern."""

    radius: float
    circumference: float
    arc: float
    share: float | None


@dataclass(frozen=True)
class BarInput:
    """A value to plot with its axis label, hover text, link and colour tone."""

    label: str
    value: float
    value_text: str
    href: str
    tone: str = "primary"


CHART_WIDTH, CHART_HEIGHT = 420, 220
PLOT_TOP, PLOT_BOTTOM, PLOT_LEFT, PLOT_RIGHT = 14.0, 190.0, 34.0, 412.0
# At most this many gridlines, each a round number.
TICKS = 5


def nice_step(value: float) -> float:
    """A whole gridline step of 1, 2, 2.5 or 5 times a power of ten covering value in ≤ TICKS steps."""
    raw = max(value / TICKS, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if raw <= step and step == int(step):
            return float(step)
    return float(10 * power)


def bar_chart(items: list[BarInput], *, reference: tuple[float, str] | None = None) -> BarChart:
    """Lay bars out left to right; an optional reference line (value, label) sets a minimum scale."""
    top_value = max([item.value for item in items] + [reference[0] if reference else 0.0])
    step = nice_step(top_value)
    scale_max = step * max(math.ceil(top_value / step), 1)
    plot_height = PLOT_BOTTOM - PLOT_TOP

    def to_y(value: float) -> float:
        return round(PLOT_BOTTOM - plot_height * value / scale_max, 1)

    slot = (PLOT_RIGHT - PLOT_LEFT) / max(len(items), 1)
    width = round(min(slot * 0.7, 48.0), 1)
    bars = [
        Bar(
            x=round(PLOT_LEFT + slot * index + (slot - width) / 2, 1),
            y=to_y(item.value),
            width=width,
            height=round(PLOT_BOTTOM - to_y(item.value), 1),
            label=item.label,
            value_text=item.value_text,
            href=item.href,
            tone=item.tone,
        )
        for index, item in enumerate(items)
    ]
    gridlines = [
        Gridline(y=to_y(step * index), label=_number(step * index))
        for index in range(1, round(scale_max / step) + 1)
    ]
    if reference:
        gridlines.append(Gridline(y=to_y(reference[0]), label=reference[1], tone="reference"))
    return BarChart(CHART_WIDTH, CHART_HEIGHT, PLOT_LEFT, PLOT_RIGHT, PLOT_BOTTOM, bars, gridlines)


def donut(part: int, whole: int, *, radius: float = 42.0) -> Donut:
    """A ring showing part / whole (share None when there is nothing to show)."""
    circumference = round(2 * math.pi * radius, 2)
    share = part / whole if whole else None
    return Donut(radius, circumference, round(circumference * (share or 0.0), 2), share)


def _number(value: float) -> str:
    """Format an axis value without a needless decimal point."""
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"
