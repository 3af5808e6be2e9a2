"""CAC grading: the highest criterion reached decides; each bound is included ("以上")."""

from __future__ import annotations

import pytest

from compliance.engine.cac_grading import cac_grading


@pytest.mark.parametrize(
    ("people", "grade"),
    [
        pytest.param(999_999, "below_threshold", id="just-below-1M"),
        pytest.param(1_000_000, "relatively_major", id="at-1M"),
        pytest.param(1_200_000, "relatively_major", id="1.2M"),
        pytest.param(9_999_999, "relatively_major", id="just-below-10M"),
        pytest.param(10_000_000, "major", id="at-10M"),
        pytest.param(99_999_999, "major", id="just-below-100M"),
        pytest.param(100_000_000, "especially_major", id="at-100M"),
    ],
)
def test_people_whose_information_leaked_grade_the_incident(people: int, grade: str) -> None:
    assert cac_grading(leaked_people=people).grade == grade


def test_the_basis_names_the_deciding_fact_and_the_bounds() -> None:
    grading = cac_grading(leaked_people=1_200_000)
    assert grading.basis_zh == (
        "个人信息泄露涉及 1,200,000 人，达到较大事件标准（100 万 / 1000 万 / 1 亿人，含本数）"
    )
    assert grading.basis_en.startswith(
        "1,200,000 people whose personal information was leaked reach the bound of relatively "
        "major (较大)"
    )


@pytest.mark.parametrize(
    ("criteria", "grade"),
    [
        pytest.param({"direct_loss_cny": 4_999_999}, "below_threshold", id="loss-below-5M"),
        pytest.param({"direct_loss_cny": 5_000_000}, "relatively_major", id="loss-at-5M"),
        pytest.param({"direct_loss_cny": 100_000_000}, "especially_major", id="loss-at-100M"),
        pytest.param({"cii_outage_hours": 0.5}, "relatively_major", id="outage-30-minutes"),
        pytest.param({"cii_outage_hours": 6}, "especially_major", id="outage-6-hours"),
        pytest.param({"cii_function_outage_hours": 5.9}, "relatively_major", id="function-5.9h"),
        pytest.param({"cii_function_outage_hours": 6}, "major", id="function-6h"),
    ],
)
def test_the_other_criteria_grade_too_and_the_highest_wins(
    criteria: dict[str, float], grade: str
) -> None:
    assert cac_grading(leaked_people=10, **criteria).grade == grade
    # A larger people count can only raise the grade further, never lower it.
    both = cac_grading(leaked_people=10_000_000, **criteria).grade
    assert both in ("major", "especially_major")


def test_a_manual_grade_keeps_its_reason() -> None:
    grading = cac_grading(leaked_people=5, manual_grade="major", manual_reason="政务网站瘫痪。")
    assert (grading.grade, grading.manual) == ("major", True)
    assert grading.basis_zh == "人工定级为重大：政务网站瘫痪"
