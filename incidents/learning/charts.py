"""Geometry of the small SVG charts the trends and review pages draw on the server (no JS).

The shapes are plain dataclasses; templates turn them into SVG elements, so every label goes
through Django's autoescaping.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# Distinguishable for common colour-vision deficiencies (Okabe–Ito, then greys).
PALETTE = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#d55e00",
    "#cc79a7",
    "#56b4e9",
    "#f0e442",
    "#000000",
    "#7f7f7f",
    "#bdbdbd",
)
LATE = "#b3261e"
ON_TIME = "#1e7d32"
MUTED = "#5b6470"


@dataclass(frozen=True)
class Rect:
    """A bar (or bar segment) with its tooltip."""

    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str


@dataclass(frozen=True)
class Text:
    """A label placed on the chart."""

    x: float
    y: float
    text: str
    anchor: str = "start"
    kind: str = "label"


@dataclass(frozen=True)
class Line:
    """A grid line, axis or target marker."""

    x1: float
    y1: float
    x2: float
    y2: float
    kind: str = "grid"


@dataclass(frozen=True)
class Chart:
    """Everything one SVG shows, plus its legend and an accessible description."""

    title: str
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    empty: bool = False


@dataclass(frozen=True)
class Bar:
    """One row of a horizontal bar chart: its value, the text shown, an optional target."""

    label: str
    value: float
    text: str
    fill: str = PALETTE[0]
    target: float | None = None


def nice_ceiling(value: float) -> float:
    """A round axis maximum at or above the value: 1, 2, 5 × a power of ten."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def stacked_columns(
    *,
    title: str,
    categories: list[str],
    series: list[tuple[str, list[int]]],
    width: int = 640,
    height: int = 260,
) -> Chart:
    """One column per category (e.g. month), stacked by series (e.g. root cause), with a y axis."""
    left, right, top, bottom = 34, 8, 10, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(values[i] for _, values in series) for i in range(len(categories))]
    top_value = nice_ceiling(max(totals, default=0))
    slot = plot_w / max(len(categories), 1)
    bar_w = min(slot * 0.7, 48)
    chart = Chart(title=title, width=width, height=height, empty=not any(totals))
    for tick in range(5):
        value = top_value * tick / 4
        y = top + plot_h - plot_h * tick / 4
        chart.lines.append(Line(left, y, width - right, y, "axis" if tick == 0 else "grid"))
        if value == int(value):
            chart.texts.append(Text(left - 4, y + 4, f"{int(value)}", "end", "tick"))
    for i, category in enumerate(categories):
        x = left + slot * i + (slot - bar_w) / 2
        base = top + plot_h
        for index, (name, values) in enumerate(series):
            if not values[i]:
                continue
            h = plot_h * values[i] / top_value
            base -= h
            fill = PALETTE[index % len(PALETTE)]
            chart.rects.append(Rect(x, base, bar_w, h, fill, f"{category}: {name} {values[i]}"))
        if len(categories) <= 12 or i % 2 == 0:
            chart.texts.append(
                Text(x + bar_w / 2, height - bottom + 16, category, "middle", "tick")
            )
    chart.legend.extend((PALETTE[i % len(PALETTE)], name) for i, (name, _) in enumerate(series))
    return chart


def horizontal_bars(
    *, title: str, bars: list[Bar], width: int = 640, row_height: int = 26, label_width: int = 170
) -> Chart:
    """One bar per row with its text at the end; a target, when given, is a tick across the bar."""
    right, top = 120, 6
    height = top * 2 + row_height * max(len(bars), 1)
    plot_w = width - label_width - right
    top_value = max([b.value for b in bars] + [b.target or 0 for b in bars] + [0])
    scale = plot_w / top_value if top_value else 0
    chart = Chart(title=title, width=width, height=height, empty=not bars)
    for i, bar in enumerate(bars):
        y = top + row_height * i
        chart.texts.append(Text(label_width - 6, y + row_height * 0.62, bar.label, "end"))
        length = max(bar.value * scale, 1 if bar.value else 0)
        chart.rects.append(
            Rect(label_width, y + 4, length, row_height - 8, bar.fill, f"{bar.label}: {bar.text}")
        )
        chart.texts.append(
            Text(label_width + length + 6, y + row_height * 0.62, bar.text, "start", "value")
        )
        if bar.target is not None:
            x = label_width + bar.target * scale
            chart.lines.append(Line(x, y + 1, x, y + row_height - 1, "target"))
    chart.lines.append(Line(label_width, top, label_width, height - top, "axis"))
    return chart
