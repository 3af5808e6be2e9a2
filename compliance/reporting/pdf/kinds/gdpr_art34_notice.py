"""GDPR Art. 34 letter telling data subjects about a breach, in English or Simplified Chinese."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Paragraph, Spacer

from compliance.reporting.data import GdprArt34Notice

from ..layout import bullets, value_paragraphs
from ..styles import ACCENT, RULE, styles
from ..text import markup


@dataclass(frozen=True)
class LetterWords:
    """The fixed wording of the letter in one language."""

    subject: str
    date: str
    reference: str
    greeting: str
    greeting_default: str
    intro: str
    what_happened: str
    when: str
    data_involved: str
    consequences: str
    measures: str
    what_you_can_do: str
    contact: str
    contact_intro: str
    closing: str
    legal_note: str


WORDS = {
    "en": LetterWords(
        subject="Subject",
        date="Date",
        reference="Our reference",
        greeting="Dear {name},",
        greeting_default="Dear customer,",
        intro=(
            "We are writing to tell you about a security incident that affects your personal "
            "data. This letter explains what happened, what it may mean for you, what we have "
            "done and what you can do."
        ),
        what_happened="What happened",
        when="When it happened: {when}.",
        data_involved="What information was involved",
        consequences="What this may mean for you",
        measures="What we have done",
        what_you_can_do="What you can do",
        contact="How to contact us",
        contact_intro="If you have questions, please contact our data protection officer:",
        closing="Yours sincerely,",
        legal_note=(
            "This notice is given under Article 34 of the General Data Protection Regulation. "
            "You also have the right to lodge a complaint with a data protection supervisory "
            "authority."
        ),
    ),
    "zh-hans": LetterWords(
        subject="事由",
        date="日期",
        reference="编号",
        greeting="尊敬的{name}：",
        greeting_default="尊敬的用户：",
        intro=(
            "我们特此告知您，一起安全事件涉及您的个人数据。本函说明事件经过、对您可能造成的影响、"
            "我们已采取的措施以及您可以采取的措施。"
        ),
        what_happened="发生了什么",
        when="发生时间：{when}。",
        data_involved="涉及哪些信息",
        consequences="对您可能造成的影响",
        measures="我们已采取的措施",
        what_you_can_do="您可以采取的措施",
        contact="联系我们",
        contact_intro="如有疑问，请联系我们的数据保护官：",
        closing="此致\n敬礼！",
        legal_note=(
            "本通知依据《通用数据保护条例》（GDPR）第三十四条发出。您也有权向数据保护监管机构投诉。"
        ),
    ),
}


def document_subject(report: GdprArt34Notice) -> str:
    """The PDF's subject property."""
    if report.language == "zh-hans":
        return "个人数据泄露通知（GDPR 第三十四条）"
    return "Communication of a personal data breach to the data subject (GDPR Art. 34)"


def title_block(report: GdprArt34Notice, width: float) -> list[Flowable]:
    """Letterhead, date, reference, subject line and greeting."""
    language = report.language
    style = styles(language)
    words = WORDS[language]
    header = report.header
    controller = report.controller
    colon = "：" if language == "zh-hans" else ": "
    flowables: list[Flowable] = [
        Paragraph(markup(controller.name if controller else header.organisation_name), style.title)
    ]
    if controller and controller.address:
        flowables.append(Paragraph(markup(controller.address), style.small))
    flowables += [
        HRFlowable(width="100%", thickness=0.8, color=ACCENT, spaceBefore=4, spaceAfter=8),
        Paragraph(
            markup(f"{words.date}{colon}{_date(header.generated_at, header.local_zone, language)}"),
            style.body,
        ),
    ]
    if header.incident_reference:
        line = f"{words.reference}{colon}{header.incident_reference}"
        flowables.append(Paragraph(markup(line), style.body))
    flowables += [
        Spacer(1, 4),
        Paragraph(markup(f"{words.subject}{colon}{header.document_title}"), style.heading),
        Spacer(1, 2),
    ]
    return flowables


def body(report: GdprArt34Notice, width: float) -> list[Flowable]:
    """The letter: plain-language sections with the Art. 33(3)(b)-(d) content."""
    language = report.language
    style = styles(language)
    words = WORDS[language]
    name = report.recipient_name.strip()
    greeting = words.greeting.format(name=name) if name else words.greeting_default
    flowables: list[Flowable] = [
        Paragraph(markup(greeting), style.body),
        Paragraph(markup(words.intro), style.body),
        _section(words.what_happened, report.what_happened, language),
    ]
    when = _period(report)
    if when:
        flowables.append(Paragraph(markup(words.when.format(when=when)), style.body))
    flowables += [
        _section(words.data_involved, report.data_involved, language),
        _section(words.consequences, report.likely_consequences, language),
        _section(words.measures, report.measures_taken, language),
        _section(words.what_you_can_do, report.what_you_can_do, language),
        _contact(report, words),
        Spacer(1, 10),
        *_signature(report, words),
        Spacer(1, 10),
        HRFlowable(width="100%", thickness=0.4, color=RULE, spaceAfter=4),
        Paragraph(markup(words.legal_note), style.small),
    ]
    return flowables


def _section(title: str, value: str | tuple[str, ...], language: str, intro: str = "") -> Flowable:
    style = styles(language)
    content: list[Flowable] = [Paragraph(markup(title), style.heading)]
    if intro:
        content.append(Paragraph(markup(intro), style.body))
    if isinstance(value, tuple) and value:
        content += bullets(value, language)
    else:
        content += value_paragraphs(value, language)
    return KeepTogether(content)


def _contact(report: GdprArt34Notice, words: LetterWords) -> Flowable:
    contact = report.contact
    lines = ""
    if contact is not None:
        parts = (contact.name, contact.role, contact.email, contact.phone, contact.address)
        lines = "\n".join(part for part in parts if part)
    intro = words.contact_intro if lines else ""
    return _section(words.contact, lines, report.language, intro)


def _signature(report: GdprArt34Notice, words: LetterWords) -> list[Flowable]:
    style = styles(report.language)
    flowables: list[Flowable] = [Paragraph(markup(words.closing), style.body)]
    signer = report.signed_by
    if signer is not None:
        flowables.append(Spacer(1, 6))
        flowables.append(Paragraph(markup(signer.name), style.body))
        if signer.role:
            flowables.append(Paragraph(markup(signer.role), style.small))
    controller = report.controller
    flowables.append(
        Paragraph(
            markup(controller.name if controller else report.header.organisation_name), style.small
        )
    )
    return flowables


def _date(value: datetime, zone: str, language: str) -> str:
    local = value.astimezone(ZoneInfo(zone))
    if language == "zh-hans":
        return f"{local.year}年{local.month}月{local.day}日"
    return f"{local.day} {local:%B %Y}"


def _period(report: GdprArt34Notice) -> str:
    start, end = report.occurred_from, report.occurred_to
    zone, language = report.header.local_zone, report.language
    if start is None:
        return ""
    first = _date(start, zone, language)
    if end is None or _date(end, zone, language) == first:
        return first
    separator = "至" if language == "zh-hans" else " to "
    return f"{first}{separator}{_date(end, zone, language)}"
