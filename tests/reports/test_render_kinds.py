"""Every report kind renders its required items, labelled, in the right language and order."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader

from compliance.reporting.pdf import render_pdf
from tests.reports.samples import (
    sample_cac_report,
    sample_executive_summary,
    sample_gdpr_art33,
    sample_gdpr_art34_notice,
    sample_pipl_art57,
    sample_reports,
)


def pdf_text(pdf: bytes) -> str:
    """All text of a PDF with whitespace removed, so wrapped labels still match."""
    reader = PdfReader(io.BytesIO(pdf))
    return squash("".join(page.extract_text() for page in reader.pages))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_labelled(text: str, pairs: list[tuple[str, str]]) -> None:
    """Each label is present and its value follows it."""
    for label, value in pairs:
        position = text.find(squash(label))
        assert position >= 0, f"label {label!r} missing"
        assert text.find(squash(value), position) >= 0, f"value {value!r} not after {label!r}"


def test_gdpr_art33_has_every_required_item() -> None:
    report = sample_gdpr_art33()
    text = pdf_text(render_pdf(report, final=True))
    assert_labelled(
        text,
        [
            ("Type of report", "Initial notification"),
            ("Controller", "Harbourline Retail Ltd"),
            ("Registration or company number", "CRO 584213"),
            ("Sector", "Retail"),
            ("Address", "14 Grand Canal Quay"),
            ("Person reporting", "Ciarán Doyle"),
            ("DPO or other contact point (Art. 33(3)(b))", "dpo@harbourline.example"),
            ("Processors and joint controllers involved", "Nimbus Hosting B.V."),
            ("Breach started", "2025-02-28 22:40 UTC"),
            ("Breach ended", "2025-03-01 03:05 UTC"),
            ("First detected", "2025-03-02 18:20 UTC"),
            ("Controller became aware", "2025-03-03 09:15 UTC"),
            ("How the breach was discovered", "Own detection"),
            ("Breach of", "Confidentiality, Availability"),
            ("Data exfiltrated", "3.1 GB"),
            ("Incident type", "Phishing"),
            ("Cause", "External, malicious"),
            ("Description (Art. 33(3)(a))", "phishing e-mail"),
            ("Systems affected and their location", "Amsterdam"),
            ("Categories of data subjects", "Loyalty-card members"),
            ("Number of data subjects", "approx. 48,250"),
            ("Country", "Ireland"),
            ("Categories of personal data", "postal address"),
            ("Number of personal-data records", "approx. 212,400"),
            ("Protection in place before the breach", "bcrypt"),
            ("Likely consequences (Art. 33(3)(c))", "unknown, malicious party"),
            ("Severity", "Severe"),
            ("Risk outcome", "Likely to result in a high risk"),
            ("Assessment method", "ENISA"),
            ("Severity score", "3.5"),
            ("Measure (Art. 33(3)(d))", "Forced a password reset"),
            ("Data subjects told", "Planned"),
            ("Bodies informed", "CSIRT-IE"),
            ("Lead supervisory authority", "Data Protection Commission (Ireland)"),
        ],
    )


def test_gdpr_art33_sections_follow_the_common_form_order() -> None:
    text = pdf_text(render_pdf(sample_gdpr_art33()))
    headings = [
        "1.Reporttype",
        "2.Controllerandcontacts",
        "3.Timeline",
        "4.Natureofthebreach",
        "5.Datasubjects",
        "6.Personaldataconcerned",
        "7.Protectioninplace",
        "8.Likelyconsequencesandrisk",
        "9.Measurestakenandproposed",
        "10.Communicationtodatasubjects",
        "11.Otherbodiesinformed",
    ]
    positions = [text.find(heading) for heading in headings]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_gdpr_art33_deadline_in_utc_and_authority_local_time_across_dst() -> None:
    # Awareness on a summer day in Berlin: the 72 h deadline is 09:15 UTC = 11:15 CEST.
    aware = datetime(2025, 7, 1, 9, 15, tzinfo=UTC)
    report = dataclasses.replace(
        sample_gdpr_art33(),
        header=dataclasses.replace(
            sample_gdpr_art33().header, generated_at=aware + timedelta(hours=20)
        ),
        authority_name="Der Bundesbeauftragte für den Datenschutz",
        authority_zone="Europe/Berlin",
        aware_at=aware,
        deadline_at=aware + timedelta(hours=72),
    )
    text = pdf_text(render_pdf(report))
    assert squash("2025-07-04 09:15 UTC") in text
    assert squash("2025-07-04 11:15 CEST (UTC+02:00, Europe/Berlin)") in text


def test_pipl_art57_has_the_three_items_in_chinese() -> None:
    pdf = render_pdf(sample_pipl_art57(), final=True)
    text = pdf_text(pdf)
    assert_labelled(
        text,
        [
            ("个人信息处理者名称", "上海云栈科技有限公司"),
            ("统一社会信用代码", "91310115MA1K4XXXX7"),
            ("个人信息种类", "手机号码"),
            ("原因", "公开读取"),
            ("可能造成的危害", "电信诈骗"),
            ("补救措施", "关闭存储桶的公开访问权限"),
            ("个人可以采取的减轻危害的措施", "客服热线"),
            ("联系方式（第五十七条第一款第（三）项）", "王静"),
            ("联系方式", "privacy@yunzhan.example.cn"),
            ("发现时间", "2025年6月10日 10:30（北京时间）"),
            ("事件经过", "对象存储桶被误设为公开读取"),
        ],
    )
    assert "第1页/共2页" in text


def test_cac_report_has_items_one_to_eight_and_the_grade() -> None:
    text = pdf_text(render_pdf(sample_cac_report(), final=True))
    assert_labelled(
        text,
        [
            ("事件分级", "较大"),
            ("分级依据", "100 万人以上"),
            ("报告类型", "补充报告"),
            ("一、报告单位及受影响的设施、系统或平台", "上海云栈科技有限公司"),
            ("受影响的设施、系统或平台", "会员管理系统"),
            ("二、事件发现和发生情况", "2025年6月10日 10:30"),
            ("事件经过", "对象存储桶被误设为公开读取"),
            ("事件类型", "数据安全事件"),
            ("已造成的危害", "123 万名会员"),
            ("已采取的措施", "封禁下载来源 IP"),
            ("措施效果", "未发现新的下载行为"),
            ("三、可能的发展趋势和进一步影响", "诈骗短信"),
            ("四、初步判断的原因", "权限配置错误"),
            ("五、溯源线索", "下载来源 IP"),
            ("六、拟采取的进一步措施及需要的支持", "双人复核"),
            ("需要的支持", "境外来源 IP"),
            ("七、现场和证据保全情况", "哈希固定"),
            ("八、其他应当报告的情况", "第五十七条"),
            ("报告时限", "2025年6月10日 14:30（北京时间）"),
            ("即协调世界时", "2025年6月10日 06:30（协调世界时）"),
        ],
    )


@pytest.mark.parametrize(
    ("language", "pairs"),
    [
        pytest.param(
            "en",
            [
                ("What happened", "phishing e-mail"),
                ("What information was involved", "postal address"),
                ("What this may mean for you", "scam e-mails"),
                ("What we have done", "reset the password"),
                ("What you can do", "Choose a new password"),
                ("How to contact us", "dpo@harbourline.example"),
            ],
            id="english",
        ),
        pytest.param(
            "zh-hans",
            [
                ("发生了什么", "钓鱼邮件"),
                ("涉及哪些信息", "邮寄地址"),
                ("对您可能造成的影响", "诈骗邮件"),
                ("我们已采取的措施", "重置所有客户账户的密码"),
                ("您可以采取的措施", "设置新密码"),
                ("联系我们", "dpo@harbourline.example"),
            ],
            id="chinese",
        ),
    ],
)
def test_gdpr_art34_notice_in_plain_language(language: str, pairs: list[tuple[str, str]]) -> None:
    text = pdf_text(render_pdf(sample_gdpr_art34_notice(language), final=True))
    assert_labelled(text, pairs)


def test_register_lists_every_incident_with_its_reasoning() -> None:
    report = sample_reports(register_rows=12)["register"]
    text = pdf_text(render_pdf(report, final=True))
    for row in report.rows:
        assert squash(row.reference) in text
    for column in ("Reference", "Risk tier", "Notified", "Reasoning for notifying or not"):
        assert squash(column) in text
    assert squash("Notified late: the processor told us") in text


def test_executive_summary_one_page_per_incident_with_time_left() -> None:
    report = sample_executive_summary()
    reader = PdfReader(io.BytesIO(render_pdf(report, final=True)))
    assert len(reader.pages) == len(report.incidents)
    first, second = (squash(page.extract_text()) for page in reader.pages)
    # Generated 2025-03-05 16:40 UTC, Art. 33 deadline 2025-03-06 09:15 UTC.
    assert squash("16 h 35 min left") in first
    assert squash("Internal target — the law sets no fixed deadline") in first
    assert squash("Target passed 1 d 7 h ago") in first
    assert squash("Legal and DPO") in first
    assert squash("Forced password reset") in first
    assert "INC-2025-0143" in second
    assert squash("2 d 15 h left") in second
