"""The Chinese scenario: a membership database exposed by a misconfigured storage bucket."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from compliance.reporting.data import (
    CacReport,
    Contact,
    Measure,
    Organisation,
    PiplArt57Report,
    ReportHeader,
)

CN_DISCOVERED = datetime(2025, 6, 10, 2, 30, tzinfo=UTC)
CN_GENERATED = datetime(2025, 6, 10, 5, 50, tzinfo=UTC)
CN_REFERENCE = "INC-2025-0207"
CN_ORGANISATION = "上海云栈科技有限公司"
CN_ACCOUNT = (
    "6 月 8 日运维变更后，存放会员数据导出文件的对象存储桶被误设为公开读取；"
    "6 月 10 日监控告警发现外部下载，随即关闭公开访问。"
)

CN_CONTACT = Contact(
    name="王静",
    role="个人信息保护负责人",
    email="privacy@yunzhan.example.cn",
    phone="+86 21 5555 0207",
    address="上海市浦东新区张江路 88 号 5 楼",
)


def sample_pipl_art57() -> PiplArt57Report:
    """A complete PIPL Art. 57 report to the Shanghai cyberspace administration."""
    return PiplArt57Report(
        header=_cn_header("个人信息泄露事件报告"),
        recipient_authority="上海市互联网信息办公室",
        handler=_cn_organisation(),
        occurred_at=datetime(2025, 6, 8, 16, 0, tzinfo=UTC),
        discovered_at=CN_DISCOVERED,
        affected_people=1_230_000,
        systems=("会员管理系统（对象存储桶 member-export）", "数据分析平台"),
        description=CN_ACCOUNT,
        pi_categories=("姓名", "手机号码", "电子邮箱", "收货地址", "会员等级与消费记录"),
        cause=(
            "运维人员在 6 月 8 日调整对象存储权限时，误将存放会员数据导出文件的存储桶设置为"
            "公开读取，外部人员可通过链接直接下载。"
        ),
        possible_harm=(
            "泄露的手机号码和收货地址可能被用于电信诈骗、垃圾短信和精准营销骚扰；"
            "消费记录可能暴露个人偏好。未涉及身份证件号码、银行卡信息和密码。"
        ),
        remedial_measures=(
            Measure(
                "立即关闭存储桶的公开访问权限并删除导出文件",
                True,
                datetime(2025, 6, 10, 2, 45, tzinfo=UTC),
            ),
            Measure(
                "排查访问日志，确认 6 月 8 日至 10 日期间共有 3 个外部 IP 下载了文件",
                True,
                datetime(2025, 6, 10, 4, 30, tzinfo=UTC),
            ),
            Measure(
                "对全部存储桶开展权限审计，并启用公开访问告警",
                False,
                datetime(2025, 6, 20, 9, 0, tzinfo=UTC),
            ),
        ),
        individual_measures=(
            "警惕冒充本公司客服的电话和短信，本公司不会索要验证码或银行卡信息",
            "如收到可疑信息，请拨打客服热线 400-555-0207 核实",
            "定期检查账户登录记录，发现异常立即修改密码",
        ),
        contact=CN_CONTACT,
        individuals_notified=True,
        individuals_notified_at=datetime(2025, 6, 10, 5, 30, tzinfo=UTC),
    )


def sample_cac_report() -> CacReport:
    """A complete follow-up CAC report for an incident graded 较大."""
    return CacReport(
        header=_cn_header("网络安全事件报告"),
        recipient_authority="上海市互联网信息办公室",
        phase="follow-up",
        grade="relatively-major",
        grade_reason="个人信息泄露涉及 123 万人，达到 100 万人以上的较大事件标准。",
        affected_people=1_230_000,
        deadline_at=CN_DISCOVERED + timedelta(hours=4),
        reporter=CN_CONTACT,
        organisation=_cn_organisation(),
        affected_system="会员管理系统及其对象存储服务（部署于华东区域云平台）",
        discovered_at=CN_DISCOVERED,
        occurred_at=datetime(2025, 6, 8, 16, 0, tzinfo=UTC),
        location="上海市浦东新区（云平台华东二区）",
        event_type="数据安全事件（数据泄露）",
        description=CN_ACCOUNT,
        harm_so_far="约 123 万名会员的姓名、手机号码、电子邮箱和收货地址被外部下载。",
        measures_taken=(
            Measure(
                "关闭存储桶公开访问并删除导出文件", True, datetime(2025, 6, 10, 2, 45, tzinfo=UTC)
            ),
            Measure(
                "保存访问日志并封禁下载来源 IP", True, datetime(2025, 6, 10, 3, 10, tzinfo=UTC)
            ),
        ),
        measures_effect="存储桶已不可公开访问，未发现新的下载行为。",
        likely_trend="泄露数据可能在地下市场流通，短期内诈骗短信和电话可能增加。",
        preliminary_cause="运维变更时存储桶权限配置错误，变更未经复核。",
        tracing_leads="3 个下载来源 IP（境内 2 个、境外 1 个），下载时间和 User-Agent 已记录。",
        planned_measures=(
            Measure("上线存储权限变更双人复核流程", False, datetime(2025, 6, 17, 9, 0, tzinfo=UTC)),
            Measure("对全部存储桶启用公开访问告警", False, datetime(2025, 6, 20, 9, 0, tzinfo=UTC)),
        ),
        support_requested="请求协助核查境外来源 IP。",
        scene_preservation="已对相关存储桶配置、访问日志和运维操作记录进行快照和哈希固定。",
        other_matters="已依照《个人信息保护法》第五十七条通知受影响的个人。",
    )


def _cn_header(title: str) -> ReportHeader:
    return ReportHeader(
        organisation_name=CN_ORGANISATION,
        document_title=title,
        generated_at=CN_GENERATED,
        local_zone="Asia/Shanghai",
        generated_by="王静（个人信息保护负责人）",
        language="zh-hans",
        incident_reference=CN_REFERENCE,
    )


def _cn_organisation() -> Organisation:
    return Organisation(
        name=CN_ORGANISATION,
        registration_number="91310115MA1K4XXXX7",
        address="上海市浦东新区张江路 88 号",
        sector="互联网零售",
    )
