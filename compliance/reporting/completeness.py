"""Which required facts a report still lacks; a report with gaps can only be a draft."""

from __future__ import annotations

from collections.abc import Callable

from compliance.reporting.data import (
    CacReport,
    ExecutiveSummaryReport,
    GdprArt33Report,
    GdprArt34Notice,
    PiplArt57Report,
    RegisterReport,
    Report,
    ReviewReport,
)


class ReportIncomplete(ValueError):
    """Raised when a final PDF is requested for a report that still has gaps."""

    def __init__(self, kind: str, gaps: list[str]) -> None:
        self.kind = kind
        self.gaps = list(gaps)
        listed = "; ".join(self.gaps)
        super().__init__(f"{kind} report is incomplete, missing: {listed}")


def _missing(checks: list[tuple[str, object]]) -> list[str]:
    return [label for label, value in checks if not _present(value)]


def _present(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, tuple | list):
        return len(value) > 0
    return value is not None and value is not False


def _gdpr_art33(report: GdprArt33Report) -> list[str]:
    controller = report.controller
    subjects_count_known = report.subjects_count is not None
    gaps = _missing(
        [
            ("Controller name", controller and controller.name),
            ("Controller address", controller and controller.address),
            ("Person reporting", report.reporter and report.reporter.is_reachable),
            ("DPO or other contact point (Art. 33(3)(b))", report.dpo and report.dpo.is_reachable),
            ("Date and time of awareness", report.aware_at),
            ("How the breach was discovered", report.discovery_method),
            (
                "Nature: confidentiality, integrity or availability (Art. 33(3)(a))",
                report.confidentiality or report.integrity or report.availability,
            ),
            ("Nature: description of the breach (Art. 33(3)(a))", report.description),
            ("Incident type", report.incident_type),
            ("Categories of data subjects (Art. 33(3)(a))", report.subject_categories),
            ("Approximate number of data subjects (Art. 33(3)(a))", subjects_count_known),
            ("Categories of personal data (Art. 33(3)(a))", report.data_categories),
            ("Approximate number of records (Art. 33(3)(a))", report.records_count is not None),
            (
                "Likely consequences (Art. 33(3)(c))",
                report.consequences or report.likely_impacts,
            ),
            ("Risk outcome", report.risk_outcome),
            (
                "Measures taken or proposed (Art. 33(3)(d))",
                report.measures_taken or report.measures_proposed,
            ),
            ("Whether data subjects were told (Art. 34)", report.subjects_informed),
        ]
    )
    # GDPR Art. 33(4): follow-up and final notices quote the authority's earlier reference.
    if report.phase in ("follow-up", "final") and not report.authority_reference.strip():
        gaps.append("Authority's reference of the earlier notice (Art. 33(4))")
    # GDPR Art. 33(1): a notice after 72 hours must give the reasons for the delay.
    if report.is_late and not report.reasons_for_delay.strip():
        gaps.append("Reasons for delay (Art. 33(1), notified after the 72-hour deadline)")
    return gaps


def _pipl_art57(report: PiplArt57Report) -> list[str]:
    handler = report.handler
    gaps = _missing(
        [
            ("个人信息处理者名称", handler and handler.name),
            ("发现时间", report.discovered_at),
            ("事件经过（中文）", report.description),
            ("个人信息种类（第五十七条第一款第（一）项）", report.pi_categories),
            ("原因（第五十七条第一款第（一）项）", report.cause),
            ("可能造成的危害（第五十七条第一款第（一）项）", report.possible_harm),
            ("补救措施（第五十七条第一款第（二）项）", report.remedial_measures),
            (
                "个人可以采取的减轻危害的措施（第五十七条第一款第（二）项）",
                report.individual_measures,
            ),
            (
                "联系方式（第五十七条第一款第（三）项）",
                report.contact and report.contact.is_reachable,
            ),
        ]
    )
    # PIPL Art. 57(2): not telling individuals needs the reason that the measures avoid harm.
    if report.individuals_notified is False and not report.no_notice_reason.strip():
        gaps.append("未通知个人的理由（第五十七条第二款）")
    return gaps


def _cac_report(report: CacReport) -> list[str]:
    organisation = report.organisation
    gaps = _missing(
        [
            ("事件分级", report.grade),
            ("报告人及联系方式", report.reporter and report.reporter.is_reachable),
            ("一、报告单位名称", organisation and organisation.name),
            ("一、受影响的设施、系统或平台", report.affected_system),
            ("二、发现时间", report.discovered_at),
            ("二、事件类型", report.event_type),
            ("二、事件经过（中文）", report.description),
            ("二、已造成的危害", report.harm_so_far),
            ("二、已采取的措施", report.measures_taken),
        ]
    )
    # CAC Measures Art. 7: items 1-2 may go first when cause or impact are still unknown;
    # the later reports must complete items 3-7.
    if report.phase != "initial":
        gaps += _missing(
            [
                ("三、可能的发展趋势和影响", report.likely_trend),
                ("四、初步判断的原因", report.preliminary_cause),
                ("五、溯源线索", report.tracing_leads),
                ("六、拟采取的进一步措施", report.planned_measures),
                ("七、现场和证据保全情况", report.scene_preservation),
            ]
        )
    return gaps


_NOTICE_LABELS = {
    "en": (
        "What happened",
        "The personal data involved",
        "Likely consequences (Art. 34(2) with Art. 33(3)(c))",
        "Measures taken (Art. 34(2) with Art. 33(3)(d))",
        "What you can do",
        "Contact point (Art. 34(2) with Art. 33(3)(b))",
        "Controller name",
    ),
    "zh-hans": (
        "发生了什么",
        "涉及的个人数据",
        "可能的后果（第三十四条第二款、第三十三条第三款(c)项）",
        "已采取的措施（第三十四条第二款、第三十三条第三款(d)项）",
        "您可以采取的措施",
        "联系人（第三十四条第二款、第三十三条第三款(b)项）",
        "控制者名称",
    ),
}


def _gdpr_art34_notice(report: GdprArt34Notice) -> list[str]:
    labels = _NOTICE_LABELS[report.language]
    values = (
        report.what_happened,
        report.data_involved,
        report.likely_consequences,
        report.measures_taken,
        report.what_you_can_do,
        report.contact and report.contact.is_reachable,
        report.controller and report.controller.name,
    )
    return _missing(list(zip(labels, values, strict=True)))


def _register(report: RegisterReport) -> list[str]:
    header = report.header
    gaps = _missing([("Register period", header.period_start and header.period_end)])
    for row in report.rows:
        # GDPR Art. 33(5) with EDPB Guidelines 9/2022: facts, effects, remedial action and the
        # reasoning for notifying late or not at all.
        if not row.reasoning.strip():
            gaps.append(f"{row.reference}: reasoning for notifying or not")
        if not row.remedial_action.strip():
            gaps.append(f"{row.reference}: remedial action")
    return gaps


def _executive_summary(report: ExecutiveSummaryReport) -> list[str]:
    gaps = _missing([("Incidents", report.incidents)])
    gaps += [f"{item.reference}: status" for item in report.incidents if not item.status.strip()]
    return gaps


def _review(report: ReviewReport) -> list[str]:
    gaps = _missing(
        [
            ("Root cause category", report.root_cause),
            ("What went wrong: decisions", report.went_wrong_decisions),
            ("What went wrong: communication", report.went_wrong_communication),
            ("What went wrong: response", report.went_wrong_response),
            ("What went well", report.went_well),
            ("Corrective actions", report.corrective_actions),
        ]
    )
    # A corrective action is tracked like a task: someone owns it and it is due by a date.
    for action in report.corrective_actions:
        if not (action.owner.strip() or action.team.strip()):
            gaps.append(f"{action.title}: owner")
        if action.due_at is None:
            gaps.append(f"{action.title}: due date")
    return gaps


_CHECKS: dict[type, Callable[..., list[str]]] = {
    GdprArt33Report: _gdpr_art33,
    PiplArt57Report: _pipl_art57,
    CacReport: _cac_report,
    GdprArt34Notice: _gdpr_art34_notice,
    RegisterReport: _register,
    ExecutiveSummaryReport: _executive_summary,
    ReviewReport: _review,
}


def completeness(report: Report) -> list[str]:
    """Human-readable names of the required facts the report lacks, in the report's language."""
    try:
        check = _CHECKS[type(report)]
    except KeyError:
        raise TypeError(f"not a report dataclass: {type(report).__name__}") from None
    return check(report)
