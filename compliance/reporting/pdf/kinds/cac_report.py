"""Cybersecurity incident report to the cyberspace administration, in Simplified Chinese."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from reportlab.platypus import Flowable, Spacer

from compliance.reporting.data import CacReport

from ..layout import (
    Value,
    callout,
    contact_rows,
    default_title_block,
    field_table,
    heading,
    measure_table,
)
from ..text import format_both, format_count, format_local, format_utc
from .pipl_art57 import CHINESE_NUMERALS, DUTY_LABELS, duty_flowables

LANGUAGE = "zh-hans"

GRADE_LABELS = {
    "especially-major": "特别重大",
    "major": "重大",
    "relatively-major": "较大",
    "general": "一般",
}
PHASE_LABELS = {"initial": "首次报告", "follow-up": "补充报告", "final": "总结报告"}


def document_subject(report: CacReport) -> str:
    """The PDF's subject property."""
    return "网络安全事件报告（《国家网络安全事件报告管理办法》）"


def title_block(report: CacReport, width: float) -> list[Flowable]:
    """Title, who/when table and the grade, phase and deadline."""
    recipient = report.recipient_authority or "网信部门"
    if report.duty == "required":
        subtitle = f"依据《国家网络安全事件报告管理办法》向{recipient}报告 · {_phase(report)}"
    else:
        subtitle = f"《国家网络安全事件报告管理办法》 · {DUTY_LABELS[report.duty]}（见下文）"
    flowables = default_title_block(report.header, width, subtitle, "事件编号")
    deadline, zone = report.deadline_at, report.header.local_zone
    no_deadline = "无固定时限" if report.duty == "required" else "不适用"
    facts = [
        ("事件分级", GRADE_LABELS.get(report.grade, report.grade) or "未分级"),
        ("报告类型", _phase(report)),
        (
            "发现时间",
            format_local(report.discovered_at, zone, LANGUAGE)
            if report.discovered_at
            else "未提供",
        ),
        ("涉及人数", format_count(report.affected_people, LANGUAGE) or "不明"),
        ("报告义务", DUTY_LABELS.get(report.duty, report.duty)),
        ("接收部门", recipient),
        # Short labels: the callout's label column holds about ten characters a line.
        ("报告时限", format_local(deadline, zone, LANGUAGE) if deadline else no_deadline),
        ("即协调世界时", format_utc(deadline, LANGUAGE) if deadline else "—"),
    ]
    return [
        *flowables,
        *duty_flowables(report.duty, report.duty_reason, width),
        callout(facts, LANGUAGE, width),
        Spacer(1, 4),
    ]


def body(report: CacReport, width: float) -> list[Flowable]:
    """The grading, then items 1-8 of the report in the Measures' order."""

    zone = report.header.local_zone

    def table(rows: list[tuple[str, Value]]) -> list[Flowable]:
        return [field_table(rows, LANGUAGE, width, label_ratio=0.3)]

    flowables: list[Flowable] = [
        *heading("", "事件分级", LANGUAGE),
        *table(
            [
                ("事件分级", GRADE_LABELS.get(report.grade, report.grade)),
                ("分级依据", report.grade_reason or None),
                ("个人信息泄露涉及人数", format_count(report.affected_people, LANGUAGE) or "不明"),
                ("关键信息基础设施运营者", "是" if report.is_cii_operator else "否"),
            ]
        ),
    ]
    sections: list[tuple[str, list[Flowable]]] = [
        ("报告单位及受影响的设施、系统或平台", table(_organisation(report))),
        ("事件发现和发生情况、危害及已采取的措施", _event(report, width, table)),
        ("可能的发展趋势和进一步影响", table([("发展趋势和影响", report.likely_trend)])),
        ("初步判断的原因", table([("初步原因", report.preliminary_cause)])),
        ("溯源线索（攻击者、攻击路径、漏洞）", table([("溯源线索", report.tracing_leads)])),
        (
            "拟采取的进一步措施及需要的支持",
            [
                *measure_table("拟采取的措施", report.planned_measures, LANGUAGE, width, zone),
                Spacer(1, 5),
                *table([("需要的支持", report.support_requested or "无")]),
            ],
        ),
        ("现场和证据保全情况", table([("保全情况", report.scene_preservation)])),
        ("其他应当报告的情况", table([("其他情况", report.other_matters or "无")])),
    ]
    for number, (title, content) in zip(CHINESE_NUMERALS, sections, strict=False):
        flowables += [*heading(number, title, LANGUAGE), *content]
    return flowables


_TableMaker = Callable[[list[tuple[str, Value]]], list[Flowable]]


def _phase(report: CacReport) -> str:
    return PHASE_LABELS.get(report.phase, report.phase)


def _when(report: CacReport, value: datetime | None) -> str | None:
    return format_both(value, report.header.local_zone, LANGUAGE)


def _organisation(report: CacReport) -> list[tuple[str, Value]]:
    organisation = report.organisation
    reporter = [
        ("报告人" if label == "联系人" else f"报告人{label}", value)
        for label, value in contact_rows(report.reporter, LANGUAGE)
    ]
    return [
        ("报告单位", organisation.name if organisation else None),
        ("统一社会信用代码", organisation.registration_number if organisation else None),
        ("地址", organisation.address if organisation else None),
        ("所属行业", organisation.sector if organisation else None),
        ("受影响的设施、系统或平台", report.affected_system),
        *reporter,
    ]


def _event(report: CacReport, width: float, table: _TableMaker) -> list[Flowable]:
    rows: list[tuple[str, Value]] = [
        ("发现时间", _when(report, report.discovered_at)),
        ("发生时间", _when(report, report.occurred_at) or "不明"),
        ("发生地点", report.location or None),
        ("事件类型", report.event_type),
        ("事件经过", report.description or None),
        ("已造成的危害", report.harm_so_far),
    ]
    flowables = [*table(rows), Spacer(1, 5)]
    flowables += measure_table(
        "已采取的措施", report.measures_taken, LANGUAGE, width, report.header.local_zone
    )
    effect: list[tuple[str, Value]] = [("措施效果", report.measures_effect or None)]
    if report.ransom is not None:
        ransom = report.ransom
        effect += [
            ("勒索金额", ransom.amount or None),
            ("支付方式", ransom.payment_method or None),
            ("勒索时间", _when(report, ransom.demanded_at)),
        ]
    return [*flowables, Spacer(1, 5), *table(effect)]
