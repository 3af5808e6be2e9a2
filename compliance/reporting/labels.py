"""Readable labels for the incident's choice codes, in English and Simplified Chinese, for reports.

English comes from the choice lists themselves (read under English so a request's locale never
leaks into a regulator's document); Chinese is written out here for the PIPL and CAC reports and
the Chinese Art. 34 letter.
"""

from __future__ import annotations

from collections.abc import Iterable

import pycountry
from django.db import models
from django.utils import translation

from compliance.engine.regimes.china import CAC_BELOW_THRESHOLD
from compliance.engine.templates import MANUAL_EXCLUSION
from compliance.models import ObligationStatus
from incidents.choices import (
    BreachType,
    DataCategory,
    DiscoveredBy,
    IncidentType,
    RiskLevel,
    RootCause,
    Severity,
    Status,
    SubjectCategory,
)

ZH = "zh-hans"

DATA_CATEGORY_ZH = {
    "identification": "身份识别信息（姓名、出生日期等）",
    "contact": "联系方式（电话、邮箱、地址）",
    "education_career": "教育和工作经历",
    "location": "位置信息（行踪轨迹）",
    "behavioural": "行为和偏好信息",
    "traffic": "通信流量数据",
    "financial": "财产和金融账户信息",
    "payment_card": "银行卡信息",
    "credentials": "账号和密码等登录凭据",
    "national_id": "身份证件号码",
    "official_documents": "证件资料",
    "health": "医疗健康信息",
    "genetic_biometric": "基因或生物识别信息",
    "political": "政治观点",
    "religious": "宗教信仰",
    "sex_life": "性生活或性取向",
    "ethnic": "种族或民族",
    "trade_union": "工会成员身份",
    "criminal": "违法犯罪记录",
    "children": "不满十四周岁未成年人的个人信息",
}

INCIDENT_TYPE_ZH = {
    "ransomware": "勒索软件",
    "phishing": "网络钓鱼",
    "exploited_vulnerability": "漏洞被利用",
    "misdelivery": "误投递",
    "email_without_bcc": "群发邮件未使用密送",
    "misconfiguration": "配置错误",
    "lost_device": "设备丢失或被盗",
    "paper_lost": "纸质文件丢失",
    "insider": "内部人员滥用",
    "social_engineering": "社会工程",
    "processor_breach": "受托处理者发生的事件",
    "other": "其他",
}

# GB/T 20986-2023 top-level event classes for the CAC report, by incident type.
CAC_EVENT_CLASS = {
    "ransomware": "恶意程序事件",
    "phishing": "网络攻击事件",
    "exploited_vulnerability": "网络攻击事件",
    "social_engineering": "网络攻击事件",
    "misdelivery": "数据安全事件",
    "email_without_bcc": "数据安全事件",
    "misconfiguration": "数据安全事件",
    "lost_device": "数据安全事件",
    "paper_lost": "数据安全事件",
    "processor_breach": "数据安全事件",
    "insider": "违规操作事件",
    "other": "其他事件",
}

ROOT_CAUSE_ZH = {
    "human_error": "人为失误",
    "system_vulnerability": "系统漏洞",
    "insider": "内部人员",
    "cyber_attack": "网络攻击",
    "physical_theft": "实物盗窃",
    "third_party": "第三方",
}

# Forms ask for the cause as internal or external; None where the root cause does not say.
ROOT_CAUSE_ORIGIN = {
    "human_error": "internal",
    "insider": "internal",
    "system_vulnerability": None,
    "cyber_attack": "external",
    "physical_theft": "external",
    "third_party": "external",
}

DISCOVERED_BY_ZH = {
    "own_detection": "自行发现",
    "processor": "受托处理者告知",
    "data_subject": "个人反映",
    "third_party": "第三方告知",
    "press": "媒体报道",
    "other": "其他",
}

BREACH_TYPE_ZH = {"confidentiality": "泄露", "integrity": "篡改", "availability": "丢失或不可用"}

# Who receives a Chinese report when the entity names no authority of its own (never the engine's
# English recipient): PIPL Art. 57 and CAC Measures Art. 4, by the entity's status.
AUTHORITY_ZH = {"PIPL": "履行个人信息保护职责的部门", "CAC": "属地省级网信部门"}
CAC_AUTHORITY_BY_FLAG_ZH = {
    "is_cii_operator": "保护工作部门、公安机关",
    "is_state_organ": "本部门网信工作机构",
}

# Why a duty is not owed, in Chinese, by the exemption the engine recorded on the obligation.
PIPL_HARM_AVOIDED_ZH = "已采取的措施能够有效避免信息泄露、篡改、丢失造成危害（第五十七条第二款）"
EXEMPTION_ZH = {
    "PIPL Art. 57": PIPL_HARM_AVOIDED_ZH,
    CAC_BELOW_THRESHOLD.legal_basis: (
        "依据《国家网络安全事件报告管理办法》第四条及其附件《网络安全事件分级指南》，"
        "本事件未达到较大网络安全事件标准，无须按该办法报告；"
        "《中华人民共和国个人信息保护法》第五十七条规定的报告义务仍然适用"
    ),
    MANUAL_EXCLUSION: "经人工判断，本事件不适用该项法规（决定及理由见事件记录）",
}
EXEMPTION_OTHER_ZH = "依据事件事实，本项报告义务不适用"
# A Chinese report asked for when the incident gave rise to no such duty at all.
NO_DUTY_ZH = {
    "pipl-art57": "本事件未产生《中华人民共和国个人信息保护法》第五十七条规定的报告义务",
    "cac-report": "本事件未产生《国家网络安全事件报告管理办法》规定的报告义务",
}

# The renderer's CAC grade codes (compliance.reporting.data.CAC_GRADES) for the incident's choices.
CAC_GRADE_CODES = {
    "especially_major": "especially-major",
    "major": "major",
    "relatively_major": "relatively-major",
    "below_threshold": "general",
}

# The renderer's phase codes for Submission.phase.
PHASE_CODES = {"initial": "initial", "follow_up": "follow-up", "final": "final"}

# What an executive sees as the obligation's name, by the engine's rule id.
OBLIGATION_LABELS = {
    "GDPR-SA": "Notify the supervisory authority",
    "GDPR-PROC": "Tell the controller (as processor)",
    "GDPR-DS": "Tell the affected people",
    "GDPR-REG": "Record in the breach register",
    "PIPL-AUTH": "Report to the PI-protection authorities",
    "PIPL-IND": "Tell the affected individuals (PIPL)",
    "CAC-4H": "Report to the cyberspace administration",
    "CAC-FINAL": "Final report to the cyberspace administration",
}


def choice_label(choices: type[models.TextChoices], code: str) -> str:
    """The English label of a choice code; an unknown code is returned as given."""
    if not code:
        return ""
    with translation.override("en"):
        try:
            return str(choices(code).label)
        except ValueError:
            return code


def _labels(
    codes: Iterable[str], choices: type[models.TextChoices], zh: dict[str, str], language: str
) -> tuple[str, ...]:
    if language == ZH:
        return tuple(zh.get(code, code) for code in codes)
    return tuple(choice_label(choices, code) for code in codes)


def data_category_labels(codes: Iterable[str], language: str = "en") -> tuple[str, ...]:
    """Readable names of data categories."""
    return _labels(codes, DataCategory, DATA_CATEGORY_ZH, language)


def subject_category_labels(codes: Iterable[str]) -> tuple[str, ...]:
    """Readable names of categories of data subjects."""
    return tuple(choice_label(SubjectCategory, code) for code in codes)


def breach_type_labels(codes: Iterable[str], language: str = "en") -> tuple[str, ...]:
    """Confidentiality, integrity, availability in the report's language."""
    return _labels(codes, BreachType, BREACH_TYPE_ZH, language)


def incident_type_label(code: str, language: str = "en") -> str:
    """The incident type, e.g. 'Phishing' or '网络钓鱼'."""
    return _labels([code], IncidentType, INCIDENT_TYPE_ZH, language)[0] if code else ""


def root_cause_label(code: str, language: str = "en") -> str:
    """The root cause, e.g. 'Human error' or '人为失误'."""
    return _labels([code], RootCause, ROOT_CAUSE_ZH, language)[0] if code else ""


def discovered_by_label(code: str, language: str = "en") -> str:
    """Who found the breach, e.g. 'A processor' or '受托处理者告知'."""
    return _labels([code], DiscoveredBy, DISCOVERED_BY_ZH, language)[0] if code else ""


def cause_label(root_cause: str, malicious: bool | None) -> str:
    """The cause as the EU forms ask for it, e.g. 'Cyber attack (external, malicious)'."""
    parts = []
    origin = ROOT_CAUSE_ORIGIN.get(root_cause)
    if origin:
        parts.append(origin)
    if malicious is not None:
        parts.append("malicious" if malicious else "accidental")
    qualifier = ", ".join(parts)
    label = root_cause_label(root_cause)
    if label and qualifier:
        return f"{label} ({qualifier})"
    return label or qualifier.capitalize()


def cac_event_type(incident_type: str) -> str:
    """The GB/T 20986-2023 event class with the incident type, e.g. '网络攻击事件（网络钓鱼）'."""
    if not incident_type:
        return ""
    event_class = CAC_EVENT_CLASS.get(incident_type, "其他事件")
    return f"{event_class}（{incident_type_label(incident_type, ZH)}）"


# ENISA severity bands (compliance risk assessments).
BAND_LABELS = {"low": "low", "medium": "medium", "high": "high", "very_high": "very high"}


def band_label(code: str) -> str:
    """An ENISA severity band in words, e.g. 'very high'."""
    return BAND_LABELS.get(code, code.replace("_", " "))


def assessment_summary(tier: str, score: object, band: str) -> str:
    """One line on a risk assessment, e.g. 'Risk assessed: High risk (ENISA score 3.5, high)'."""
    return f"Risk assessed: {choice_label(RiskLevel, tier)} (ENISA score {score:g}, {band_label(band)})"


def status_label(code: str) -> str:
    """The incident's lifecycle status in English."""
    return choice_label(Status, code)


def severity_label(code: str) -> str:
    """The incident's severity in English."""
    return choice_label(Severity, code)


def obligation_status_label(code: str) -> str:
    """An obligation's status in English."""
    return choice_label(ObligationStatus, code)


def obligation_label(rule_id: str, regime: str) -> str:
    """What an obligation asks for, in a few words."""
    if rule_id in OBLIGATION_LABELS:
        return OBLIGATION_LABELS[rule_id]
    for suffix, label in (("-SA", "GDPR-SA"), ("-DS", "GDPR-DS"), ("-REG", "GDPR-REG")):
        if rule_id.endswith(suffix):
            return f"{OBLIGATION_LABELS[label]} ({regime.replace('_', ' ')})"
    return f"{regime.replace('_', ' ')} notification"


def country_name(code: str) -> str:
    """The English short name of an ISO 3166-1 alpha-2 code with the code, e.g. 'Germany (DE)'."""
    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    if country is None:
        return "Kosovo (XK)" if code.upper() == "XK" else code
    name = getattr(country, "common_name", None) or country.name
    return f"{name} ({country.alpha_2})"
