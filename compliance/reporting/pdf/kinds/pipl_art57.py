"""PIPL Art. 57 report of a personal-information incident, in Simplified Chinese."""

from __future__ import annotations

from datetime import datetime

from reportlab.platypus import Flowable, Spacer

from compliance.reporting.data import Organisation, PiplArt57Report

from ..layout import (
    Value,
    callout,
    contact_rows,
    default_title_block,
    field_table,
    heading,
    measure_table,
    notice_box,
)
from ..text import format_both, format_count, format_local

LANGUAGE = "zh-hans"
CHINESE_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
# compliance.reporting.data.DUTY_STATES in words, and the note a report not owed carries.
DUTY_LABELS = {"required": "须报告", "not-required": "无须报告", "none": "无此项义务"}
DUTY_NOTE_TITLES = {
    "not-required": "本事件无须提交此项报告",
    "none": "本事件未产生此项报告义务",
}


def duty_flowables(duty: str, reason: str, width: float) -> list[Flowable]:
    """The note that the duty is not owed, and why; nothing when it is owed."""
    if duty not in DUTY_NOTE_TITLES:
        return []
    if duty == "none":
        # The reason already says there is no such duty: one line, not the same thing twice.
        return [notice_box(reason or DUTY_NOTE_TITLES[duty], "", LANGUAGE, width), Spacer(1, 6)]
    return [notice_box(DUTY_NOTE_TITLES[duty], reason, LANGUAGE, width), Spacer(1, 6)]


def document_subject(report: PiplArt57Report) -> str:
    """The PDF's subject property."""
    return "个人信息泄露、篡改、丢失事件报告（《个人信息保护法》第五十七条）"


def title_block(report: PiplArt57Report, width: float) -> list[Flowable]:
    """Title, who/when table and the key facts."""
    recipient = report.recipient_authority or "履行个人信息保护职责的部门"
    subtitle = f"依据《中华人民共和国个人信息保护法》第五十七条向{recipient}报告"
    if report.duty != "required":
        subtitle = (
            f"《中华人民共和国个人信息保护法》第五十七条 · {DUTY_LABELS[report.duty]}（见下文）"
        )
    flowables = default_title_block(report.header, width, subtitle, "事件编号")
    facts = [
        ("发现时间", _local(report, report.discovered_at)),
        ("涉及人数", format_count(report.affected_people, LANGUAGE) or "未提供"),
        ("接收部门", recipient),
        ("报告义务", DUTY_LABELS.get(report.duty, report.duty)),
        ("是否已通知个人", _notified_label(report.individuals_notified)),
    ]
    return [
        *flowables,
        *duty_flowables(report.duty, report.duty_reason, width),
        callout(facts, LANGUAGE, width),
        Spacer(1, 4),
    ]


def body(report: PiplArt57Report, width: float) -> list[Flowable]:
    """Handler details, then the three items of PIPL Art. 57(1), then notice to individuals."""

    def table(rows: list[tuple[str, Value]]) -> list[Flowable]:
        return [field_table(rows, LANGUAGE, width, label_ratio=0.3)]

    sections: list[tuple[str, list[Flowable]]] = [
        ("个人信息处理者基本情况", table(_handler(report.handler))),
        ("事件概况", table(_overview(report))),
        (
            "个人信息种类、原因和可能造成的危害（第五十七条第一款第（一）项）",
            table(
                [
                    ("个人信息种类", report.pi_categories),
                    ("原因", report.cause),
                    ("可能造成的危害", report.possible_harm),
                ]
            ),
        ),
        (
            "补救措施和个人可以采取的减轻危害的措施（第五十七条第一款第（二）项）",
            [
                *measure_table(
                    "补救措施", report.remedial_measures, LANGUAGE, width, report.header.local_zone
                ),
                Spacer(1, 5),
                *table([("个人可以采取的减轻危害的措施", report.individual_measures)]),
            ],
        ),
        ("联系方式（第五十七条第一款第（三）项）", table(contact_rows(report.contact, LANGUAGE))),
        ("通知个人情况（第五十七条第二款）", table(_notice_rows(report))),
    ]
    flowables: list[Flowable] = []
    for number, (title, content) in zip(CHINESE_NUMERALS, sections, strict=False):
        flowables += [*heading(number, title, LANGUAGE), *content]
    return flowables


def _when(report: PiplArt57Report, value: datetime | None) -> str | None:
    return format_both(value, report.header.local_zone, LANGUAGE)


def _local(report: PiplArt57Report, value: datetime | None) -> str:
    if value is None:
        return "未提供"
    return format_local(value, report.header.local_zone, LANGUAGE)


def _notified_label(notified: bool | None) -> str:
    return {True: "是", False: "否", None: "尚未通知"}[notified]


def _handler(handler: Organisation | None) -> list[tuple[str, Value]]:
    return [
        ("个人信息处理者名称", handler.name if handler else None),
        ("统一社会信用代码", handler.registration_number if handler else None),
        ("地址", handler.address if handler else None),
        ("所属行业", handler.sector if handler else None),
    ]


def _overview(report: PiplArt57Report) -> list[tuple[str, Value]]:
    return [
        ("发生时间", _when(report, report.occurred_at) or "不明"),
        ("发现时间", _when(report, report.discovered_at)),
        ("涉及人数", format_count(report.affected_people, LANGUAGE) or "不明"),
        ("涉及的系统", report.systems),
        ("事件经过", report.description or None),
    ]


def _notice_rows(report: PiplArt57Report) -> list[tuple[str, Value]]:
    rows: list[tuple[str, Value]] = [
        ("是否已通知个人", _notified_label(report.individuals_notified)),
    ]
    if report.individuals_notified:
        rows.append(("通知时间", _when(report, report.individuals_notified_at)))
    if report.individuals_notified is False:
        rows.append(("未通知个人的理由", report.no_notice_reason))
    return rows
