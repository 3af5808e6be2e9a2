"""Escaping user text for ReportLab markup and formatting times, counts and durations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from compliance.reporting.data import ReportHeader

UTC = ZoneInfo("UTC")

# Control characters other than tab and newline make ReportLab's parser fail or print tofu.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def plain(text: object) -> str:
    """User text for a single line drawn straight on the canvas."""
    return _CONTROL.sub("", str(text)).replace("\r", " ").replace("\n", " ")


def markup(text: object) -> str:
    """Escape user text for Paragraph markup so it renders literally; newlines become breaks."""
    cleaned = _CONTROL.sub("", str(text)).replace("\r\n", "\n").strip()
    return escape(cleaned).replace("\n", "<br/>")


@dataclass(frozen=True)
class Words:
    """The fixed wording of the page furniture in one language."""

    not_provided: str
    page: str  # format with x and y
    generated: str
    draft: str
    gaps_title: str
    gaps_intro: str
    approx: str


WORDS = {
    "en": Words(
        not_provided="Not provided",
        page="Page {x} of {y}",
        generated="Generated",
        draft="DRAFT",
        gaps_title="DRAFT — required information missing",
        gaps_intro="This report cannot be final until the following are provided:",
        approx="approx. {n}",
    ),
    "zh-hans": Words(
        not_provided="未提供",
        page="第 {x} 页 / 共 {y} 页",
        generated="生成时间",
        draft="草稿",
        gaps_title="草稿 — 缺少必填信息",
        gaps_intro="补充以下信息后方可生成正式报告：",
        approx="约 {n}",
    ),
}


# Zones that keep Beijing time all year: a Chinese report calls their times 北京时间.
BEIJING_ZONES = frozenset({"Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "PRC"})
ZH = "zh-hans"


def _zh_clock(value: datetime) -> str:
    """A wall-clock time the Chinese way, e.g. '2026年11月24日 17:00'."""
    return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"


def _offset(value: datetime) -> str:
    """The UTC offset of an aware time as ±HH:MM."""
    offset = value.strftime("%z")
    return f"{offset[:3]}:{offset[3:]}"


def zone_label_zh(zone: str, value: datetime | None = None) -> str:
    """A zone in Chinese: 北京时间, 协调世界时, or 协调世界时 with the offset at `value`."""
    if zone in BEIJING_ZONES:
        return "北京时间"
    if zone == "UTC" or value is None:
        return "协调世界时" if zone == "UTC" else "当地时间"
    local = value.astimezone(ZoneInfo(zone))
    return f"协调世界时{_offset(local).replace('-', '−')}"


def format_utc(value: datetime, language: str = "en") -> str:
    """A time in UTC, to the minute."""
    if language == ZH:
        return f"{_zh_clock(value.astimezone(UTC))}（协调世界时）"
    return f"{value.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def format_local(value: datetime, zone: str, language: str = "en") -> str:
    """A time in a named zone with its offset, so it cannot be misread across DST."""
    local = value.astimezone(ZoneInfo(zone))
    if language == ZH:
        return f"{_zh_clock(local)}（{zone_label_zh(zone, value)}）"
    offset = f"UTC{_offset(local)}"
    name = local.tzname() or ""
    # Zones without a letter abbreviation report "+04"; the offset already says that.
    label = f" {name}" if name[:1].isalpha() else ""
    return f"{local:%Y-%m-%d %H:%M}{label} ({offset}, {zone})"


def format_measure_time(value: datetime, zone: str, language: str = "en") -> str:
    """A measure's date in the table's zone (the column head names it)."""
    local = value.astimezone(ZoneInfo(zone))
    if language != ZH:
        return f"{local:%Y-%m-%d %H:%M}"
    return _zh_clock(local) if zone in BEIJING_ZONES else format_local(value, zone, language)


def format_both(value: datetime | None, zone: str, language: str = "en") -> str | None:
    """A time in UTC and in a local zone, or None when unknown."""
    if value is None:
        return None
    if zone == "UTC":
        return format_utc(value, language)
    if language == ZH:
        # Chinese authorities read Beijing time first; UTC follows for the audit trail.
        return f"{format_local(value, zone, language)}；{format_utc(value, language)}"
    return f"{format_utc(value)} · {format_local(value, zone, language)}"


def format_count(value: int | None, language: str = "en", *, approximate: bool = False) -> str:
    """A count with thousands separators, marked as approximate where it is."""
    if value is None:
        return ""
    text = f"{value:,}"
    return WORDS[language].approx.format(n=text) if approximate else text


def format_duration(delta: timedelta) -> str:
    """A coarse duration such as '2 d 5 h' or '45 min'."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {mins} min"
    return f"{mins} min"


def header_reference(header: ReportHeader) -> str:
    """The incident reference, or the register period, shown at the top right of each page."""
    if header.incident_reference:
        return header.incident_reference
    if header.period_start and header.period_end:
        return f"{header.period_start:%Y-%m-%d} – {header.period_end:%Y-%m-%d}"
    return ""


def generated_line(header: ReportHeader) -> str:
    """Footer text: when the document was generated, in UTC and local time, and by whom."""
    words = WORDS[header.language]
    when = format_both(header.generated_at, header.local_zone, header.language)
    by = f" · {header.generated_by}" if header.generated_by else ""
    colon = "：" if header.language == ZH else ": "
    return f"{words.generated}{colon}{when}{by}"


def duration_text(delta: timedelta | None) -> str:
    """An exact duration to the minute, e.g. '3 d 2 h 15 min', with a minus sign when negative."""
    if delta is None:
        return "—"
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} d"] if days else []
    if days or hours:
        parts.append(f"{hours} h")
    parts.append(f"{mins} min")
    sign = "−" if delta < timedelta() else ""
    return sign + " ".join(parts)
