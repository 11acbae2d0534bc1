"""Report wording in Chinese and English. Keys are shared; ``text(lang, key, **values)`` fills them."""

from __future__ import annotations

from ..i18n import phrase

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "SMS service SLA report", "zh": "短信服务 SLA 报告"},
    "customer": {"en": "Customer", "zh": "客户"},
    "policy": {"en": "Policy", "zh": "协议版本"},
    "report_date": {"en": "Report date", "zh": "报告日期"},
    "term": {"en": "Term", "zh": "服务期限"},
    "headline_owed": {
        "en": "{breached} of {months} service months missed the {target} target: "
              "compensation of {amount} yuan, paid as {sms} SMS.",
        "zh": "{months} 个服务月度中有 {breached} 个未达到 {target} 的可用性标准："
              "赔偿金额 {amount} 元，折合 {sms} 条短信。",
    },
    "headline_met": {
        "en": "Every assessed service month met the {target} target: no compensation is owed.",
        "zh": "所有已核算的服务月度均达到 {target} 的可用性标准，无需赔偿。",
    },
    "headline_expired": {
        "en": "Of this, {amount} yuan ({sms} SMS) can no longer be claimed: the deadline has passed.",
        "zh": "其中 {amount} 元（{sms} 条短信）已超过申请期限，无法再申请。",
    },
    "headline_claim": {
        "en": "Claim by {deadline} at the latest ({status}).",
        "zh": "最晚于 {deadline} 前提出赔偿申请（{status}）。",
    },
    "months_heading": {"en": "Service months", "zh": "服务月度"},
    "chart_title": {"en": "Availability by service month", "zh": "各服务月度的服务可用性"},
    "target_line": {"en": "target {target}", "zh": "标准 {target}"},
    "no_volume": {"en": "no sends", "zh": "无发送"},
    "col_month": {"en": "Service month", "zh": "服务月度"},
    "col_valid": {"en": "Valid sends", "zh": "有效发送数"},
    "col_failures": {"en": "Explicit failures", "zh": "明确失败数"},
    "col_failures_headline": {"en": "Failures (incl. disputed, unclassified)",
                              "zh": "失败数（含存疑、未归类）"},
    "col_availability": {"en": "Availability", "zh": "服务可用性"},
    "col_met": {"en": "Target met", "zh": "是否达标"},
    "col_rate": {"en": "Credit rate", "zh": "赔偿比例"},
    "col_amount": {"en": "Credit (yuan)", "zh": "赔偿金额（元）"},
    "col_sms": {"en": "Credit (SMS)", "zh": "赔偿短信条数"},
    "col_capped": {"en": "Capped", "zh": "触及上限"},
    "col_window": {"en": "Claim window", "zh": "申请期限"},
    "col_status": {"en": "Status on {date}", "zh": "{date} 状态"},
    "col_excluded": {"en": "Excluded", "zh": "免责排除"},
    "col_disputed": {"en": "Disputed", "zh": "存疑"},
    "col_explicit": {"en": "of which explicit", "zh": "其中明确失败"},
    "col_unclassified": {"en": "Unclassified", "zh": "未归类"},
    "col_pending": {"en": "Awaiting receipt", "zh": "待回执"},
    "col_best": {"en": "Best case", "zh": "最佳情形"},
    "daily_title": {"en": "Failures per day (explicit, disputed, unclassified)",
                    "zh": "每日失败数（明确失败、存疑、未归类）"},
    "daily_axis": {"en": "SMS", "zh": "短信条数"},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "n/a": {"en": "n/a", "zh": "不适用"},
    "no_figures": {"en": "no figures", "zh": "无数据"},
    "no_claim": {"en": "no claim", "zh": "无需申请"},
    "explanations_heading": {"en": "How each figure was reached", "zh": "计算说明"},
    "evidence_heading": {"en": "Evidence", "zh": "依据"},
    "evidence_intro": {
        "en": "Figures computed by slakit {version} under policy {policy}. "
              "Input fingerprints (SHA-256):",
        "zh": "以下数据由 slakit {version} 按协议 {policy} 计算。输入文件指纹（SHA-256）：",
    },
    "code_map": {"en": "Code map", "zh": "状态码映射表"},
    "footnote": {
        "en": "Compensation is paid as SMS at the list price per SMS, not in cash (SLA §3.1(1)); "
              "claims go through the ticket system (SLA §3.2).",
        "zh": "赔偿以短信条数形式发放，按官方刊例价折算，不可折现（SLA §3.1(1)）；"
              "请通过工单系统提出申请（SLA §3.2）。",
    },
}


def text(lang: str, key: str, **values: object) -> str:
    """A phrase of the report in ``lang``, with ``values`` filled in.

    >>> text("zh", "headline_claim", deadline="2026-05-30", status="可申请")
    '最晚于 2026-05-30 前提出赔偿申请（可申请）。'
    """
    return phrase(TEXT, lang, key, **values)
