"""The Irish scenario: a retailer's customer database copied after a phishing attack."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from compliance.reporting.data import (
    Contact,
    CountryCount,
    GdprArt33Report,
    GdprArt34Notice,
    InvolvedParty,
    Measure,
    NoticeToBody,
    Organisation,
    ReportHeader,
)

AWARE = datetime(2025, 3, 3, 9, 15, tzinfo=UTC)
GENERATED = datetime(2025, 3, 5, 16, 40, tzinfo=UTC)
REFERENCE = "INC-2025-0142"
ORGANISATION = "Harbourline Retail Ltd"

DPO = Contact(
    name="Aoife Brennan",
    role="Data Protection Officer",
    email="dpo@harbourline.example",
    phone="+353 1 555 0142",
    address="14 Grand Canal Quay, Dublin 2, D02 X576, Ireland",
)


def sample_header(title: str, **kwargs: object) -> ReportHeader:
    values: dict = {
        "organisation_name": ORGANISATION,
        "document_title": title,
        "generated_at": GENERATED,
        "local_zone": "Europe/Dublin",
        "generated_by": "Aoife Brennan (DPO)",
        "language": "en",
        "incident_reference": REFERENCE,
    }
    values.update(kwargs)
    return ReportHeader(**values)


def sample_gdpr_art33() -> GdprArt33Report:
    """A complete initial notification to the Irish Data Protection Commission."""
    return GdprArt33Report(
        header=sample_header("Personal data breach notification"),
        authority_name="Data Protection Commission (Ireland)",
        authority_zone="Europe/Dublin",
        phase="initial",
        controller=Organisation(
            name=ORGANISATION,
            registration_number="CRO 584213",
            address="14 Grand Canal Quay, Dublin 2, D02 X576, Ireland",
            sector="Retail (online and high-street clothing)",
        ),
        reporter=Contact(
            name="Ciarán Doyle",
            role="Head of Information Security",
            email="ciaran.doyle@harbourline.example",
            phone="+353 1 555 0199",
        ),
        dpo=DPO,
        involved_parties=(
            InvolvedParty("Nimbus Hosting B.V.", "Processor: hosts the customer database"),
            InvolvedParty("Parcelwise Ltd", "Processor: delivery notifications by e-mail"),
        ),
        occurred_from=datetime(2025, 2, 28, 22, 40, tzinfo=UTC),
        occurred_to=datetime(2025, 3, 1, 3, 5, tzinfo=UTC),
        detected_at=datetime(2025, 3, 2, 18, 20, tzinfo=UTC),
        aware_at=AWARE,
        discovery_method=(
            "Own detection: security monitoring alerted on unusual outbound traffic from the "
            "customer database replica."
        ),
        deadline_at=AWARE + timedelta(hours=72),
        confidentiality=True,
        availability=True,
        exfiltrated="Yes — firewall and database audit logs show an export of 3.1 GB to an "
        "external host",
        unintelligible="No for names and contact details; card data are tokenised by the "
        "payment provider and were not held",
        incident_type="Phishing followed by use of stolen credentials",
        cause="External, malicious",
        description=_ART33_DESCRIPTION,
        systems=(
            "Customer relationship database (PostgreSQL replica), hosted by Nimbus Hosting "
            "in Amsterdam, the Netherlands",
            "Back-office administration portal, hosted in Dublin, Ireland",
            "Staff e-mail (Microsoft 365, EU data boundary)",
        ),
        subject_categories=("Customers", "Loyalty-card members"),
        subjects_count=48_250,
        subjects_by_country=(
            CountryCount("Ireland", 31_870),
            CountryCount("United Kingdom", 9_420),
            CountryCount("France", 2_310),
            CountryCount("Germany", 1_960),
            CountryCount("Other EU/EEA", 2_690),
        ),
        data_categories=(
            "Identification: name, date of birth (loyalty members only)",
            "Contact: postal address, e-mail address, telephone number",
            "Order history for the last 24 months; password hashes (bcrypt, cost 12)",
        ),
        records_count=212_400,
        protection_in_place=(
            "Passwords stored as salted bcrypt hashes (cost 12)",
            "Database encrypted at rest (AES-256); no protection here, as the export ran "
            "through an authenticated session",
            "Multi-factor authentication on the administration portal — not enforced for "
            "two legacy service accounts, one of which was used",
        ),
        consequences=(
            "Confidentiality: contact details and order histories are in the hands of an "
            "unknown, malicious party. Availability: the customer database was taken offline "
            "for 9 hours during containment; no data were lost."
        ),
        likely_impacts=(
            "Targeted phishing using order details (Recital 85: fraud)",
            "Identity fraud where date of birth and address are combined",
            "Account takeover where customers reused passwords",
        ),
        severity="Severe",
        risk_outcome="high",
        risk_method="ENISA severity method (2013): SE = DPC × EI + CB",
        risk_score=3.5,
        risk_rationale=(
            "DPC 2 (behavioural: order history) adjusted +1 for volume; EI 0.75 (names with "
            "contact details); CB: confidentiality to unknown recipients 0.5, malicious "
            "intent 0.5. SE = 3 × 0.75 + 1.25 = 3.5: high."
        ),
        measures_taken=(
            Measure(
                "Disabled the compromised service account and rotated every credential "
                "of the administration portal",
                True,
                datetime(2025, 3, 3, 10, 5, tzinfo=UTC),
            ),
            Measure(
                "Blocked the exfiltration host and two related IP ranges at the firewall",
                True,
                datetime(2025, 3, 3, 10, 20, tzinfo=UTC),
            ),
            Measure(
                "Forced a password reset for every customer account",
                True,
                datetime(2025, 3, 3, 18, 0, tzinfo=UTC),
            ),
            Measure(
                "Engaged an external forensic firm; evidence preserved (disk images, logs)",
                True,
                datetime(2025, 3, 4, 8, 0, tzinfo=UTC),
            ),
            Measure(
                "Reported the attack to An Garda Síochána and the national CSIRT",
                True,
                datetime(2025, 3, 4, 11, 30, tzinfo=UTC),
            ),
        ),
        measures_proposed=(
            Measure(
                "Enforce MFA on every account including service accounts",
                False,
                datetime(2025, 3, 14, 17, 0, tzinfo=UTC),
            ),
            Measure(
                "Data-loss-prevention alerting on bulk exports from the customer database",
                False,
                datetime(2025, 3, 31, 17, 0, tzinfo=UTC),
            ),
        ),
        subjects_informed="planned",
        subjects_informed_details=(
            "E-mail to every affected customer on 6 March 2025, with a notice on the website; "
            "letter text attached (Art. 34 notice)."
        ),
        other_bodies=(
            NoticeToBody(
                "An Garda Síochána — National Cyber Crime Bureau",
                datetime(2025, 3, 4, 11, 30, tzinfo=UTC),
                "GNCCB-25-0318",
            ),
            NoticeToBody(
                "National Cyber Security Centre (CSIRT-IE)",
                datetime(2025, 3, 4, 11, 45, tzinfo=UTC),
                "NCSC-2025-0611",
            ),
        ),
        lead_authority="Data Protection Commission (Ireland)",
        countries_concerned=("IE", "UK", "FR", "DE", "NL", "ES"),
    )


_ART33_DESCRIPTION = (
    "On 26 February 2025 an employee in the customer-service team received a phishing e-mail "
    "that imitated the company's single-sign-on page and entered the password of a legacy "
    "service account used for reporting. Multi-factor authentication was not enforced for that "
    "account.\n\n"
    "Between 22:40 UTC on 28 February and 03:05 UTC on 1 March 2025 the attacker used the "
    "account to sign in to the back-office administration portal from a hosting provider in a "
    "third country and ran a series of bulk exports of the customer table of the database "
    "replica. Audit logs show 212,400 rows exported and 3.1 GB sent to an external host.\n\n"
    "Monitoring flagged the traffic on 2 March at 18:20 UTC; a short investigation confirmed "
    "the export on 3 March at 09:15 UTC, the time of awareness. Card numbers are tokenised by "
    "the payment provider and were not reached. A follow-up notification will give the "
    "forensic findings."
)


def sample_gdpr_art34_notice(language: str = "en") -> GdprArt34Notice:
    """The letter to customers of the Irish scenario, in English or Simplified Chinese."""
    zh = language == "zh-hans"
    return GdprArt34Notice(
        header=sample_header(
            "关于您的个人数据安全事件的重要通知"
            if zh
            else "Important: a security incident affecting your personal data",
            language=language,
        ),
        controller=Organisation(
            name=ORGANISATION, address="14 Grand Canal Quay, Dublin 2, D02 X576, Ireland"
        ),
        recipient_name="Máire Ní Bhriain",
        what_happened=(
            "2025 年 2 月 28 日至 3 月 1 日，攻击者通过钓鱼邮件窃取了我们一名员工的登录信息，"
            "并复制了我们客户数据库中的部分数据。我们于 3 月 3 日确认了此事。"
            if zh
            else "Between 28 February and 1 March 2025, an attacker used login details stolen from "
            "one of our staff in a phishing e-mail and copied part of our customer database. "
            "We confirmed this on 3 March."
        ),
        occurred_from=datetime(2025, 2, 28, 22, 40, tzinfo=UTC),
        occurred_to=datetime(2025, 3, 1, 3, 5, tzinfo=UTC),
        data_involved=(
            (
                "您的姓名、邮寄地址、电子邮箱和电话号码",
                "过去 24 个月的订单记录",
                "您的账户密码的加密形式（无法直接读取）",
            )
            if zh
            else (
                "Your name, postal address, e-mail address and phone number",
                "Your orders of the last 24 months",
                "Your account password in scrambled (hashed) form, which cannot be read directly",
            )
        ),
        likely_consequences=(
            "您可能会收到利用您的订单信息冒充我们的诈骗邮件、短信或电话。"
            if zh
            else "You may receive scam e-mails, texts or calls that use your order details to look "
            "as if they come from us."
        ),
        measures_taken=(
            (
                "我们已封锁攻击者的访问并更换了所有管理员密码",
                "我们已重置所有客户账户的密码",
                "我们已向警方和爱尔兰数据保护委员会报告",
            )
            if zh
            else (
                "We blocked the attacker's access and changed every administrator password",
                "We reset the password of every customer account",
                "We reported the attack to the Garda and the Data Protection Commission",
            )
        ),
        what_you_can_do=(
            (
                "下次登录时设置新密码",
                "如果您在其他网站使用了相同的密码，请一并修改",
                "警惕索要付款或银行信息的信息——我们绝不会这样做",
            )
            if zh
            else (
                "Choose a new password when you next sign in",
                "Change the password on other sites where you used the same one",
                "Be wary of messages asking for payment or bank details — we never ask for them",
            )
        ),
        contact=DPO,
        signed_by=Contact(name="Niamh Kavanagh", role="Chief Executive Officer"),
    )
