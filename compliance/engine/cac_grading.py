"""The CAC grade of an incident from the facts the Measures' grading guide names.

CAC Measures for Reporting National Cybersecurity Incidents (in force 1 Nov 2025), annex
(grading guide): an incident takes the highest grade any one criterion reaches; "以上" includes
the bound. Personal-information leaks: 100 M / 10 M / 1 M people. The figures for direct economic
loss and for outages of critical information infrastructure are the engine's reading of the
guide (verify against the official text). A DPO may grade by hand, with a reason, for the
criteria not recorded here (population affected, important data, government sites).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from compliance.engine.facts import IncidentFacts
from compliance.engine.regimes.common import CHINA_COUNTRIES

GRADES: tuple[str, ...] = ("especially_major", "major", "relatively_major", "below_threshold")
GRADE_EN = {
    "especially_major": "especially major (特别重大)",
    "major": "major (重大)",
    "relatively_major": "relatively major (较大)",
    "below_threshold": "below relatively major (较大以下)",
}
GRADE_ZH = {
    "especially_major": "特别重大",
    "major": "重大",
    "relatively_major": "较大",
    "below_threshold": "一般",
}


@dataclass(frozen=True, slots=True)
class Criterion:
    """One grading criterion: its bounds for the three top grades and how it reads."""

    name: str
    bounds: tuple[float, float, float]  # especially major, major, relatively major
    english: str
    chinese: str
    verify: bool


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "leaked_people",
        (100_000_000, 10_000_000, 1_000_000),
        "{value:,} people whose personal information was {source}",
        "个人信息泄露涉及 {value:,} 人",
        False,
    ),
    Criterion(
        "direct_loss_cny",
        (100_000_000, 50_000_000, 5_000_000),
        "a direct economic loss of CNY {value:,}",
        "直接经济损失 {value:,} 元",
        True,
    ),
    Criterion(
        "cii_outage_hours",
        (6, 2, 0.5),
        "critical information infrastructure wholly down for {value:g} hours",
        "关键信息基础设施整体中断运行 {value:g} 小时",
        True,
    ),
    Criterion(
        "cii_function_outage_hours",
        (24, 6, 2),
        "a main function of critical information infrastructure down for {value:g} hours",
        "关键信息基础设施主要功能中断运行 {value:g} 小时",
        True,
    ),
)
BOUNDS_EN = {
    "leaked_people": "1,000,000 / 10,000,000 / 100,000,000 people",
    "direct_loss_cny": "CNY 5 M / 50 M / 100 M",
    "cii_outage_hours": "0.5 / 2 / 6 hours",
    "cii_function_outage_hours": "2 / 6 / 24 hours",
}
BOUNDS_ZH = {
    "leaked_people": "100 万 / 1000 万 / 1 亿人",
    "direct_loss_cny": "500 万 / 5000 万 / 1 亿元",
    "cii_outage_hours": "0.5 / 2 / 6 小时",
    "cii_function_outage_hours": "2 / 6 / 24 小时",
}


@dataclass(frozen=True, slots=True)
class CacGrading:
    """The grade, whether a DPO set it, and its basis in English and Chinese."""

    grade: str
    manual: bool
    basis_en: str
    basis_zh: str


def cac_grading(
    *,
    leaked_people: int,
    direct_loss_cny: int | None = None,
    cii_outage_hours: float | None = None,
    cii_function_outage_hours: float | None = None,
    manual_grade: str | None = None,
    manual_reason: str = "",
    people_source: str = "leaked",
) -> CacGrading:
    """Grade by the highest criterion reached, unless a DPO graded by hand with a reason."""
    if manual_grade:
        reason = manual_reason.strip().rstrip(".。")
        return CacGrading(
            manual_grade,
            True,
            f"graded {GRADE_EN[manual_grade]} manually: {reason}",
            f"人工定级为{GRADE_ZH[manual_grade]}：{reason}",
        )
    grade, deciding, value = _graded(
        (leaked_people, direct_loss_cny, cii_outage_hours, cii_function_outage_hours)
    )
    return CacGrading(
        grade,
        False,
        _basis_en(grade, deciding, value, people_source),
        _basis_zh(grade, deciding, value),
    )


def _graded(values: tuple[float | None, ...]) -> tuple[str, Criterion, float]:
    """The grade the highest criterion reaches, that criterion and its value (in CRITERIA order)."""
    people = values[0]
    if values[1] is None and values[2] is None and values[3] is None:  # the usual: people only
        return GRADES[_level(CRITERIA[0], people)], CRITERIA[0], people or 0
    best, deciding, deciding_value = len(GRADES) - 1, CRITERIA[0], people
    for criterion, value in zip(CRITERIA, values, strict=True):
        level = _level(criterion, value)
        if value is not None and level < best:
            best, deciding, deciding_value = level, criterion, value
    return GRADES[best], deciding, deciding_value or 0


def _level(criterion: Criterion, value: float | None) -> int:
    """The index in GRADES this criterion's value reaches."""
    if value is None:
        return len(GRADES) - 1
    for index, bound in enumerate(criterion.bounds):
        if value >= bound:
            return index
    return len(GRADES) - 1


def _basis_en(grade: str, criterion: Criterion, value: float, source: str) -> str:
    """Say in English which fact graded the incident, against which bounds."""
    bound = _bound_en(grade, criterion.name, criterion.verify)
    return f"{criterion.english.format(value=value, source=source)} {bound}"


@lru_cache(maxsize=64)
def _bound_en(grade: str, name: str, verify: bool) -> str:
    """The English of the bound a criterion reaches, or does not: the same for every value."""
    reached = grade != "below_threshold"
    verb_en = "reach" if reached else "do not reach"
    note = " (the engine's reading of the grading guide; verify)" if verify else ""
    return (
        f"{verb_en} the bound of {GRADE_EN[grade] if reached else GRADE_EN['relatively_major']} "
        f"(bounds {BOUNDS_EN[name]}, each included){note}"
    )


def _basis_zh(grade: str, criterion: Criterion, value: float) -> str:
    """The same in Chinese."""
    reached = grade != "below_threshold"
    fact_zh = criterion.chinese.format(value=value)
    return (
        f"{fact_zh}，{'达到' if reached else '未达到'}"
        f"{GRADE_ZH[grade] if reached else '较大'}事件标准（{BOUNDS_ZH[criterion.name]}，含本数）"
    )


def cac_grading_for_facts(facts: IncidentFacts) -> tuple[str, str]:
    """Return the engine's CAC grade for an incident and a sentence saying how it was reached."""
    if facts.cac_leaked_people is not None:
        people, source = facts.cac_leaked_people, "recorded as leaked"
    else:
        # Default reading: every affected person in China counts as one whose PI leaked.
        people, source = facts.subjects_in(CHINA_COUNTRIES), "affected in China"
    if facts.cac_grade:
        grading = cac_grading(
            leaked_people=people,
            manual_grade=facts.cac_grade,
            manual_reason=facts.cac_grade_reason,
        )
        grade, basis = grading.grade, grading.basis_en
    else:  # the English sentence only: the engine's explanations are in English
        grade, criterion, value = _graded(
            (
                people,
                facts.cac_direct_loss_cny,
                facts.cac_cii_outage_hours,
                facts.cac_cii_function_outage_hours,
            )
        )
        basis = _basis_en(grade, criterion, value, source)
    return grade, f" {basis[:1].upper()}{basis[1:]}."
