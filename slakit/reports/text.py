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
        "en": "{missed} of {assessed} assessed service months missed the {target} target: "
              "compensation of {amount} yuan, paid as {sms} SMS.",
        "zh": "已核算的 {assessed} 个服务月度中有 {missed} 个未达到 {target} 的可用性标准："
              "赔偿金额 {amount} 元，折合 {sms} 条短信。",
    },
    "headline_missed_nothing": {
        "en": "{missed} of {assessed} assessed service months missed the {target} target, but nothing "
              "is owed: {why}.",
        "zh": "已核算的 {assessed} 个服务月度中有 {missed} 个未达到 {target} 的可用性标准，但无赔偿：{why}。",
    },
    "headline_met": {
        "en": "Every assessed service month met the {target} target: no compensation is owed for them.",
        "zh": "已核算的服务月度均达到 {target} 的可用性标准，无需赔偿。",
    },
    "headline_none": {
        "en": "No service month can be assessed yet.",
        "zh": "暂无可核算的服务月度。",
    },
    "headline_unassessed": {"en": "Not assessed: {what}.", "zh": "未核算：{what}。"},
    "count_no_data": {"en": "{n} without data", "zh": "{n} 个无数据"},
    "count_partial": {"en": "{n} with partial data", "zh": "{n} 个数据不全"},
    "count_in_progress": {"en": "{n} in progress", "zh": "{n} 个进行中"},
    "count_upcoming": {"en": "{n} not started", "zh": "{n} 个尚未开始"},
    "headline_expired": {
        "en": "Of this, {amount} yuan ({sms} SMS) can no longer be claimed: the deadline has passed.",
        "zh": "其中 {amount} 元（{sms} 条短信）已超过申请期限，无法再申请。",
    },
    "headline_claim": {"en": "Next to claim: {month}, {status}.", "zh": "下一项申请：{month}，{status}。"},
    "months_heading": {"en": "Service months", "zh": "服务月度"},
    "chart_title": {"en": "Availability by service month", "zh": "各服务月度的服务可用性"},
    "target_line": {"en": "target {target}", "zh": "标准 {target}"},
    "no_volume": {"en": "no sends", "zh": "无发送"},
    "chart_no_data": {"en": "no data", "zh": "无数据"},
    "chart_in_progress": {"en": "in progress", "zh": "进行中"},
    "chart_upcoming": {"en": "not started", "zh": "尚未开始"},
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
    "fees_unknown": {"en": "no fees given", "zh": "未提供费用"},
    "term_capped": {"en": "yes (term, {clause})", "zh": "是（服务期限，{clause}）"},
    "readings_heading": {"en": "Readings applied", "zh": "所采用的解读"},
    "reading_excluded_removed": {
        "en": "Excluded sends are left out of both the failures and the valid sends ({clause}).",
        "zh": "免责短信既不计入明确失败数，也不计入发送短信有效数（{clause}）。",
    },
    "reading_excluded_delivered": {
        "en": "Excluded sends stay among the valid sends as delivered ({clause}).",
        "zh": "免责短信计入发送短信有效数，视为发送成功（{clause}）。",
    },
    "reading_credit": {
        "en": "Each month's credit is a percentage of the {basis} ({clause}), capped at the {cap} "
              "({cap_clause}).",
        "zh": "每月赔偿按{basis}的比例计算（{clause}），以{cap}为上限（{cap_clause}）。",
    },
    "reading_term_fees_paid": {
        "en": "Over the term, compensation never exceeds the fees paid so far ({clause}).",
        "zh": "服务期限内的赔偿总额不超过已支付的服务费总额（{clause}）。",
    },
    "reading_term_none": {"en": "No cap over the term ({clause}).",
                          "zh": "不设服务期限内的赔偿总额上限（{clause}）。"},
    "reading_first_after": {
        "en": "Claims may be filed from the day after working day {n} of the next month ({clause}).",
        "zh": "可于次月第 {n} 个工作日之后提出申请（{clause}）。",
    },
    "reading_first_on": {
        "en": "Claims may be filed from working day {n} of the next month itself ({clause}).",
        "zh": "可自次月第 {n} 个工作日当天起提出申请（{clause}）。",
    },
    "reading_calendar_file": {
        "en": "Working days of years not yet published come from {file}.",
        "zh": "尚未公布年份的工作日取自 {file}。",
    },
    "reading_provisional": {
        "en": "The official working days of {years} are not published yet: those claim dates are "
              "estimates that err late (statutory holidays and their usual bridging, no make-up "
              "working days). To make them final, supply the official days in a calendar file "
              "(slakit report --calendar FILE, or a calendar column in the customers CSV).",
        "zh": "{years} 年的官方工作日尚未公布：相关申请日期为偏晚的估计（按法定节假日及惯常调休推算，"
              "不计补班日）。如需确定日期，请在工作日文件中提供官方安排（slakit report --calendar FILE，"
              "或客户表中的 calendar 列）。",
    },
    "explanations_heading": {"en": "How each figure was reached", "zh": "计算说明"},
    "evidence_heading": {"en": "Evidence", "zh": "依据"},
    "evidence_intro": {
        "en": "Figures computed by slakit {version} under policy {policy}. "
              "Input fingerprints (SHA-256):",
        "zh": "以下数据由 slakit {version} 按协议 {policy} 计算。输入文件指纹（SHA-256）：",
    },
    "code_map": {"en": "Code map", "zh": "状态码映射表"},
    "current_heading": {"en": "The current month so far", "zh": "本服务月度进展"},
    "claim_packs": {
        "en": "Claim packs, beside this report: the ticket text in Chinese and English and the "
              "evidence, ready for the ticket system (SLA §3.2(1)):",
        "zh": "赔偿申请包（与本报告同目录）：中英文工单文本及证据，可直接用于工单系统（SLA §3.2(1)）：",
    },
    "footnote": {
        "en": "Compensation is paid as SMS at the list price per SMS, not in cash (SLA §3.1(1)); "
              "claims go through the ticket system (SLA §3.2).",
        "zh": "赔偿以短信条数形式发放，按官方刊例价折算，不可折现（SLA §3.1(1)）；"
              "请通过工单系统提出申请（SLA §3.2）。",
    },
}


def text(lang: str, key: str, **values: object) -> str:
    """A phrase of the report in ``lang``, with ``values`` filled in.

    >>> text("zh", "headline_claim", month="2026-04-01 至 2026-04-30", status="应赔偿，2026-05-12 起可申请")
    '下一项申请：2026-04-01 至 2026-04-30，应赔偿，2026-05-12 起可申请。'
    """
    return phrase(TEXT, lang, key, **values)
