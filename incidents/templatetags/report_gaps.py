"""The facts a draft report lacks, each named in the reader's language with where to fill it in."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as noop

register = template.Library()

# Where each fact a report can lack is entered. The names are those compliance.reporting.completeness
# gives (a name may continue with its article or a clause); the target is a field of the incident's
# facts form, a panel of the room, or the organisation settings (the legal entities).
FACTS, ROOM, ORGANISATION = "facts", "room", "organisation"
GAP_TARGETS: tuple[tuple[str, str, str], ...] = (
    (noop("Controller name"), ORGANISATION, ""),
    (noop("Controller address"), ORGANISATION, ""),
    (noop("DPO or other contact point (Art. 33(3)(b))"), ORGANISATION, ""),
    (noop("Contact point (Art. 34(2) with Art. 33(3)(b))"), ORGANISATION, ""),
    (noop("Person reporting"), ORGANISATION, ""),
    (noop("Date and time of awareness"), FACTS, "aware_at"),
    (noop("How the breach was discovered"), FACTS, "discovered_by"),
    (noop("Nature: confidentiality, integrity or availability (Art. 33(3)(a))"), FACTS, "breach_types"),
    (noop("Nature: description of the breach (Art. 33(3)(a))"), FACTS, "description"),
    (noop("What happened"), FACTS, "description"),
    (noop("Incident type"), FACTS, "incident_type"),
    (noop("Categories of data subjects (Art. 33(3)(a))"), FACTS, "subject_categories"),
    (noop("Approximate number of data subjects (Art. 33(3)(a))"), FACTS, "affected_subjects"),
    (noop("Categories of personal data (Art. 33(3)(a))"), FACTS, "data_categories"),
    (noop("The personal data involved"), FACTS, "data_categories"),
    (noop("Approximate number of records (Art. 33(3)(a))"), FACTS, "records_count"),
    (noop("Likely consequences (Art. 33(3)(c))"), FACTS, "consequences"),
    (noop("Likely consequences (Art. 34(2) with Art. 33(3)(c))"), FACTS, "consequences"),
    (noop("Measures taken or proposed (Art. 33(3)(d))"), FACTS, "measures_taken"),
    (noop("Measures taken (Art. 34(2) with Art. 33(3)(d))"), FACTS, "measures_taken"),
    (noop("Risk outcome"), ROOM, "risk"),
    (noop("Whether data subjects were told (Art. 34)"), ROOM, "obligations"),
    (noop("Authority's reference of the earlier notice (Art. 33(4))"), ROOM, "submissions"),
    (noop("Reasons for delay (Art. 33(1), notified after the 72-hour deadline)"), ROOM, "submissions"),
    ("个人信息处理者名称", ORGANISATION, ""),
    ("联系方式", ORGANISATION, ""),
    ("联系人", ORGANISATION, ""),
    ("控制者名称", ORGANISATION, ""),
    ("一、报告单位名称", ORGANISATION, ""),
    ("报告人及联系方式", ORGANISATION, ""),
    ("发现时间", FACTS, "detected_at"),
    ("二、发现时间", FACTS, "detected_at"),
    ("个人信息种类", FACTS, "data_categories"),
    ("涉及的个人数据", FACTS, "data_categories"),
    ("原因", FACTS, "root_cause"),
    ("可能造成的危害", FACTS, "consequences"),
    ("可能的后果", FACTS, "consequences"),
    ("二、已造成的危害", FACTS, "consequences"),
    ("补救措施", FACTS, "measures_taken"),
    ("已采取的措施", FACTS, "measures_taken"),
    ("二、已采取的措施", FACTS, "measures_taken"),
    ("发生了什么", FACTS, "description"),
    ("一、受影响的设施、系统或平台", FACTS, "systems"),
    ("二、事件类型", FACTS, "incident_type"),
    ("事件分级", ROOM, "risk"),
)  # fmt: skip


@dataclass(frozen=True)
class Gap:
    """One missing fact: its name for the reader and the page (with anchor) to fill it in."""

    name: str
    url: str
    target: str


def _target(gap: str) -> tuple[str, str]:
    """The longest known name the gap starts with decides (names share their beginnings)."""
    matches = [(name, kind, anchor) for name, kind, anchor in GAP_TARGETS if gap.startswith(name)]
    if not matches:
        return "", ""
    _name, kind, anchor = max(matches, key=lambda match: len(match[0]))
    return kind, anchor


@register.filter
def report_gaps(gaps: list[str] | None, reference: str) -> list[Gap]:
    """The gaps of a report document, each translated and linked to the field that fills it."""
    found = []
    for gap in gaps or []:
        kind, anchor = _target(gap)
        if kind == FACTS:
            url = f"{reverse('incident-edit', args=[reference])}#id_{anchor}"
        elif kind == ROOM:
            url = f"{reverse('incident-detail', args=[reference])}#{anchor}"
        elif kind == ORGANISATION:
            url = reverse("settings-organisation")
        else:
            url = ""
        found.append(Gap(name=gettext(gap), url=url, target=kind))
    return found
