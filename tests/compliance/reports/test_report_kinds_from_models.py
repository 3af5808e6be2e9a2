"""Each report kind built from the database has every required item, labelled, in its language."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from tests.compliance.reports.conftest import document_text
from tests.reports.test_render_kinds import assert_labelled, squash

pytestmark = pytest.mark.django_db

# Choice codes that must never reach a document as they are stored.
RAW_CODES = re.compile(
    r"human_error|cyber_attack|national_id|own_detection|third_party|misconfiguration|"
    r"relatively_major|ransomware\b|\bNone\b"
)


def assert_no_raw_codes(text: str) -> None:
    found = RAW_CODES.findall(text)
    assert not found, f"raw codes in the document: {found}"


def test_gdpr_art33_from_models(eu_breach, generate) -> None:
    document = generate("gdpr-art33", incident=eu_breach)
    text = document_text(document)
    assert_labelled(
        text,
        [
            ("Type of report", "Initial notification"),
            ("Supervisory authority", "Data Protection Commission"),
            ("Controller", "Example Europe Ltd"),
            ("Registration or company number", "IE 654321"),
            ("Address", "1 Harbour Square"),
            ("Person reporting", "dpo@example.org"),
            ("DPO or other contact point (Art. 33(3)(b))", "Dana Weber"),
            ("Processors and joint controllers involved", "Cloudwise GmbH"),
            ("Controller became aware", "2026-11-23 07:00 UTC"),
            ("Deadline, 72 hours after awareness", "2026-11-26 07:00 UTC"),
            ("How the breach was discovered", "A third party"),
            ("Breach of", "Confidentiality, Availability"),
            ("Data exfiltrated", "Likely — Access logs"),
            ("Data unintelligible to outsiders", "No"),
            ("Incident type", "Misconfiguration"),
            ("Cause", "Human error (internal, accidental)"),
            ("Description (Art. 33(3)(a))", "publicly readable"),
            ("Systems affected and their location", "Frankfurt"),
            ("Categories of data subjects", "Customers"),
            ("Number of data subjects", "approx. 9,150"),
            ("Country", "Germany (DE)"),
            ("Categories of personal data", "Contact details"),
            ("Number of personal-data records", "approx. 13,250"),
            ("Protection in place before the breach", "Daily backups"),
            ("Likely consequences (Art. 33(3)(c))", "Targeted phishing"),
            ("Severity", "High"),
            ("Risk outcome", "Likely to result in a risk"),
            ("Assessment method", "ENISA"),
            ("Severity score", "2.75"),
            ("Measure (Art. 33(3)(d))", "Closed public access"),
            ("Data subjects told", "No — not likely to result in a high risk"),
            ("Bodies informed", "An Garda Síochána"),
            ("Countries concerned", "DE, IE"),
        ],
    )
    assert "Financial data" in squash(text) or "Financialdata" in text
    assert_no_raw_codes(text)
    assert document.gaps == []
    assert "DRAFT" not in text


def test_pipl_art57_from_models_is_in_chinese(cn_breach, generate) -> None:
    document = generate("pipl-art57", incident=cn_breach)
    text = document_text(document)
    assert_labelled(
        text,
        [
            ("个人信息处理者名称", "示例（上海）有限公司"),
            ("统一社会信用代码", "91310000MA1FL0000X"),
            ("发现时间", "2026年11月24日 11:00（北京时间）"),
            ("事件经过", "勒索软件加密了上海门店会员系统的服务器"),
            ("涉及人数", "1,250,000"),
            ("涉及的系统", "会员管理系统"),
            ("个人信息种类", "联系方式"),
            ("原因", "远程桌面服务口令被暴力破解"),
            ("可能造成的危害", "诈骗电话"),
            ("补救措施", "隔离受感染服务器"),
            ("个人可以采取的减轻危害的措施", "警惕冒充客服的电话"),
            ("联系人", "王丽"),
            ("职务", "个人信息保护负责人"),
            ("联系方式", "pipo@example.cn"),
        ],
    )
    assert "身份证件号码" in text
    # English prose on the incident never fills a Chinese report.
    assert "fraudcalls" not in text and "Isolatedtheservers" not in text
    assert_no_raw_codes(text)
    assert document.language == "zh-hans" and document.gaps == []


def test_cac_report_from_models_is_in_chinese(cn_breach, generate) -> None:
    document = generate("cac-report", incident=cn_breach)
    text = document_text(document)
    assert_labelled(
        text,
        [
            ("事件分级", "较大"),
            ("报告类型", "补充报告"),
            ("分级依据", "1,250,000"),
            ("报告单位", "示例（上海）有限公司"),
            ("受影响的设施、系统或平台", "会员管理系统"),
            ("发现时间", "2026年11月24日 11:00"),
            ("事件经过", "攻击者声称已复制会员数据"),
            ("发生地点", "上海市浦东新区数据中心"),
            ("事件类型", "恶意程序事件（勒索软件）"),
            ("已造成的危害", "会员系统停止服务"),
            ("已采取的措施", "隔离受感染服务器"),
            ("勒索金额", "50 BTC"),
            ("发展趋势和影响", "暗网"),
            ("初步原因", "暴力破解"),
            ("溯源线索", "203.0.113.7"),
            ("拟采取的措施", "终端检测与响应"),
            ("需要的支持", "境外 IP"),
            ("保全情况", "镜像"),
        ],
    )
    assert_no_raw_codes(text)
    assert document.gaps == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        pytest.param("en", ["What happened", "Contact details", "Be wary of e-mails"], id="en"),
        pytest.param(
            "zh-hans", ["发生了什么", "联系方式（电话、邮箱、地址）", "数据保护官"], id="zh"
        ),
    ],
)
def test_gdpr_art34_notice_from_models(eu_breach, generate, language, expected) -> None:
    document = generate("gdpr-art34-notice", incident=eu_breach, language=language)
    text = document_text(document)
    for item in expected:
        assert squash(item) in text, item
    assert_no_raw_codes(text)
    if language == "en":
        assert document.gaps == []
        assert squash("Targeted phishing and bank fraud") in text
    else:
        # The incident's English text is not copied into the Chinese letter; it is a gap.
        assert "publiclyreadable" not in text
        assert "发生了什么" in document.gaps and "草稿" in text


def test_register_from_models_lists_every_incident_with_reasoning(
    eu_breach, cn_breach, generate
) -> None:
    document = generate("register", period_from=date(2026, 11, 1), period_to=date(2026, 11, 30))
    text = document_text(document)
    for item in (
        "Register of personal data breaches",
        "2026-11-01 – 2026-11-30",
        eu_breach.reference,
        cn_breach.reference,
        "Notification pending",
        "Likely to result in a risk to people",
        "Closed public access to the bucket",
        "C, A",
    ):
        assert squash(item) in text, item
    assert_no_raw_codes(text)
    assert document.incident is None and document.period_to == date(2026, 11, 30)


def test_executive_summary_from_models(eu_breach, generate) -> None:
    document = generate("executive-summary", incident=eu_breach)
    text = document_text(document)
    for item in (
        "Executive summary",
        "Open",
        "Risk",
        "9,150",
        "Notify the supervisory authority (GDPR Art. 33(1))",
        "Data Protection Commission (Ireland)",
        "DPO",
        "IT/Security",
        "Risk assessed: Risk (ENISA score 2.75, medium)",
    ):
        assert squash(item) in text, item
    assert_no_raw_codes(text)


@pytest.mark.parametrize(
    ("kind", "fixture", "options"),
    [
        pytest.param("gdpr-art33", "eu_breach", {}, id="gdpr-art33"),
        pytest.param("pipl-art57", "cn_breach", {}, id="pipl-art57"),
        pytest.param("cac-report", "cn_breach", {}, id="cac-report"),
        pytest.param("gdpr-art34-notice", "eu_breach", {"language": "zh-hans"}, id="art34-zh"),
        pytest.param("executive-summary", "cn_breach", {}, id="executive-summary"),
    ],
)
def test_every_font_is_embedded(kind, fixture, options, generate, request, tmp_path) -> None:
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        pytest.skip("pdffonts not installed (Debian package poppler-utils)")
    document = generate(kind, incident=request.getfixturevalue(fixture), **options)
    path = Path(document.file.path)
    output = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True)
    rows = output.stdout.splitlines()[2:]
    assert rows, output.stdout
    for row in rows:
        # Columns: name, type, encoding, emb, sub, uni, object, id.
        assert row.split()[-5] == "yes", row
