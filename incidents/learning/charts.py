"""Geometry of the small SVG charts the trends and review pages draw on the server (no JS).

The shapes are plain dataclasses; templates turn them into SVG elements, so every label goes
through Django's autoescaping.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
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
class Segment:
    """A part of a segmented bar (e.g. the steps a team did on time)."""

    value: float
    fill: str
    name: str


@dataclass(frozen=True)
class Bar:
    """One row of a horizontal bar chart: its value (or segments), the text shown, a target."""

    label: str
    value: float
    text: str
    fill: str = PALETTE[0]
    target: float | None = None
    segments: tuple[Segment, ...] = ()


# Rough advance of the chart's sans-serif (12 px labels, 11 px values), to leave room for text.
# A Chinese character is about as wide as the font is high: it counts as two.
LABEL_CHAR = 7.4
VALUE_CHAR = 6.4
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def text_units(text: str) -> int:
    """How many narrow characters the text is as wide as (a wide East Asian character is two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def text_fit(text: str, units: float) -> str:
    """The text shortened with an ellipsis to at most `units` narrow characters."""
    if text_units(text) <= units:
        return text
    kept = ""
    for char in text:
        if text_units(kept + char) > units - 1:
            break
        kept += char
    return kept.rstrip() + "…"


def month_label(month: str) -> str:
    """'2026-01' as 'Jan 26'."""
    year, number = month.split("-")
    return f"{MONTH_NAMES[int(number) - 1]} {year[2:]}"


def axis_steps(value: float, ticks: int = 4) -> tuple[int, int]:
    """A whole-number step (1, 2, 5 × 10^n) and the axis maximum it reaches for `value`."""
    step = int(nice_ceiling(value / ticks)) if value > ticks else 1
    top = step * max(math.ceil(value / step), 1)
    return step, top


def nice_ceiling(value: float) -> float:
    """A round number at or above the value: 1, 2, 5 × a power of ten."""
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
    month_label: Callable[[str], str] = month_label,
) -> Chart:
    """One column per month, stacked by series (e.g. root cause), with a whole-number y axis.

    `month_label` turns a YYYY-MM category into its tick text (the page passes a translated one).
    """
    left, right, top, bottom = 34, 8, 10, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(values[i] for _, values in series) for i in range(len(categories))]
    step, top_value = axis_steps(max(totals, default=0))
    slot = plot_w / max(len(categories), 1)
    bar_w = min(slot * 0.7, 48)
    chart = Chart(title=title, width=width, height=height, empty=not any(totals))
    for value in range(0, top_value + 1, step):
        y = top + plot_h - plot_h * value / top_value
        chart.lines.append(Line(left, y, width - right, y, "axis" if value == 0 else "grid"))
        chart.texts.append(Text(left - 4, y + 4, str(value), "end", "tick"))
    labels = [month_label(category) for category in categories]
    # A tick label needs its own width (11 px type) and a gap before the next one.
    label_w = max((text_units(label) for label in labels), default=0) * VALUE_CHAR + 8
    every = math.ceil(label_w / slot) or 1
    for i, category in enumerate(categories):
        x = left + slot * i + (slot - bar_w) / 2
        base = top + plot_h
        for index, (name, values) in enumerate(series):
            if not values[i]:
                continue
            h = plot_h * values[i] / top_value
            base -= h
            fill = PALETTE[index % len(PALETTE)]
            label = f"{month_label(category)}: {name} {values[i]}"
            chart.rects.append(Rect(x, base, bar_w, h, fill, label))
        if i % every == 0:
            tick = Text(x + bar_w / 2, height - bottom + 16, labels[i], "middle", "tick")
            chart.texts.append(tick)
    chart.legend.extend((PALETTE[i % len(PALETTE)], name) for i, (name, _) in enumerate(series))
    return chart


def horizontal_bars(
    *,
    title: str,
    bars: list[Bar],
    width: int = 640,
    row_height: int = 26,
    legend: list[tuple[str, str]] | None = None,
) -> Chart:
    """One bar per row with its text after it; a target, when given, is a tick across the row."""
    top = 6
    label_units = max([text_units(b.label) for b in bars] + [6])
    label_width = min(label_units * LABEL_CHAR + 12, width * 0.35)
    right = min(max([text_units(b.text) for b in bars] + [4]) * VALUE_CHAR + 14, width * 0.45)
    height = top * 2 + row_height * max(len(bars), 1)
    plot_w = width - label_width - right
    top_value = max([b.value for b in bars] + [b.target or 0 for b in bars] + [0])
    scale = plot_w / top_value if top_value else 0
    chart = Chart(
        title=title, width=width, height=height, empty=not bars, legend=list(legend or [])
    )
    for i, bar in enumerate(bars):
        y = top + row_height * i
        label = text_fit(bar.label, (label_width - 12) / LABEL_CHAR)
        chart.texts.append(Text(label_width - 6, y + row_height * 0.62, label, "end"))
        x = label_width
        for part in bar.segments or (Segment(bar.value, bar.fill, bar.text),):
            length = part.value * scale
            if length:
                title_text = (
                    f"{bar.label}: {part.name}" if bar.segments else f"{bar.label}: {bar.text}"
                )
                chart.rects.append(Rect(x, y + 4, length, row_height - 8, part.fill, title_text))
            x += length
        end = x
        if bar.target is not None:
            tick = label_width + bar.target * scale
            chart.lines.append(Line(tick, y + 1, tick, y + row_height - 1, "target"))
            end = max(end, tick)
        room = (width - end - 8) / VALUE_CHAR
        chart.texts.append(
            Text(end + 6, y + row_height * 0.62, text_fit(bar.text, room), "start", "value")
        )
    chart.lines.append(Line(label_width, top, label_width, height - top, "axis"))
    return chart
