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
    # the batch's desk (index.html), summary.csv, slakit due and the reminders calendar
    "desk_title": {"en": "SLA claims desk", "zh": "SLA 赔偿申请工作台"},
    "desk_meta": {"en": "Report date {on} · {counts} · generated {generated} · slakit {version}",
                  "zh": "报告日期 {on} · {counts} · 生成于 {generated} · slakit {version}"},
    "desk_claim_now": {"en": "Claimable now", "zh": "现可申请"},
    "desk_closing": {"en": "Closing within {days} days", "zh": "{days} 天内截止"},
    "desk_opening": {"en": "Opening soon", "zh": "即将开放"},
    "desk_opening_from": {"en": "first from {day}", "zh": "最早 {day} 起"},
    "desk_in_hand": {"en": "Filed, accepted or credited", "zh": "已提交、已受理或已到账"},
    "desk_forfeited": {"en": "Forfeited (window closed)", "zh": "已失效（申请期限已过）"},
    "desk_no_data": {"en": "Months without data", "zh": "无数据的月度"},
    "desk_failed": {"en": "Reports not made", "zh": "未生成的报告"},
    "desk_months": {"en": "{n} months", "zh": "{n} 个月度"},
    "desk_month": {"en": "1 month", "zh": "1 个月度"},
    "desk_customers": {"en": "{n} customers", "zh": "{n} 个客户"},
    "desk_customer": {"en": "1 customer", "zh": "1 个客户"},
    "desk_due_heading": {"en": "To file now and soon", "zh": "现在及近期应提交"},
    "desk_due_none": {"en": "Nothing to file now or in the next {days} days.",
                      "zh": "目前及未来 {days} 天内无须提交申请。"},
    "desk_all_heading": {"en": "Every customer-month", "zh": "全部客户月度"},
    "desk_failed_heading": {"en": "Reports not made", "zh": "未生成的报告"},
    "desk_filter": {"en": "Show", "zh": "显示"},
    "desk_filter_all": {"en": "all", "zh": "全部"},
    "desk_search": {"en": "Search customer", "zh": "搜索客户"},
    "desk_sort_hint": {"en": "Click a column's heading to sort by it.", "zh": "点击列标题可按该列排序。"},
    "desk_calendar": {"en": "Reminders for every claim still to file (iCalendar): {file}",
                      "zh": "所有待提交申请的日历提醒（iCalendar）：{file}"},
    "desk_register": {"en": "Claims register read: {file} ({n} rows)",
                      "zh": "已读取申请登记表：{file}（{n} 行）"},
    "desk_no_register": {
        "en": "No claims register: every owed claim still to file is shown as such "
              "(slakit report --register FILE).",
        "zh": "未提供申请登记表：所有应赔偿且仍可申请的月度均列为待提交（slakit report --register FILE）。"},
    "desk_no_account": {"en": "the ticket needs the customer's cloud account: give the customers CSV a "
                              "cloud_account",
                        "zh": "工单缺少客户的腾讯云账号：请在客户表中填写 cloud_account 列"},
    "desk_tomorrow": {"en": "closes tomorrow", "zh": "明天截止"},
    "desk_today": {"en": "closes today", "zh": "今天截止"},
    "desk_short": {"en": "credited {got} SMS, fewer than the {owed} owed",
                   "zh": "到账 {got} 条，少于应赔 {owed} 条"},
    "desk_early": {"en": "filed on {day}, before the window opened", "zh": "于 {day} 提交，早于申请期限开始"},
    "desk_filed_note": {"en": "filed on {day}{ticket}", "zh": "{day} 已提交{ticket}"},
    "desk_ticket": {"en": ", ticket {ticket}", "zh": "，工单 {ticket}"},
    "stage_claim_now": {"en": "to claim now", "zh": "待申请"},
    "stage_opening": {"en": "opens soon", "zh": "即将开放"},
    "stage_rejected": {"en": "rejected", "zh": "已驳回"},
    "stage_filed": {"en": "filed", "zh": "已提交"},
    "stage_accepted": {"en": "accepted", "zh": "已受理"},
    "stage_credited": {"en": "credited", "zh": "已到账"},
    "stage_partial": {"en": "partial data", "zh": "数据不全"},
    "stage_no_data": {"en": "no data", "zh": "无数据"},
    "stage_forfeited": {"en": "forfeited", "zh": "已失效"},
    "stage_not_over": {"en": "not over", "zh": "未结束"},
    "stage_nothing_owed": {"en": "nothing owed", "zh": "无需赔偿"},
    "report_done": {"en": "done", "zh": "已完成"},
    "report_skipped": {"en": "unchanged", "zh": "未变更"},
    "report_kept": {"en": "kept", "zh": "已保留"},
    "report_failed": {"en": "failed", "zh": "失败"},
    "report_stopped": {"en": "stopped", "zh": "已停止"},
    "csv_line": {"en": "Line", "zh": "行号"},
    "csv_customer_id": {"en": "Customer ID", "zh": "客户编号"},
    "csv_customer_name": {"en": "Customer", "zh": "客户名称"},
    "csv_report": {"en": "Report", "zh": "报告"},
    "csv_reason": {"en": "Reason", "zh": "原因"},
    "csv_month_start": {"en": "Service month from", "zh": "服务月度起"},
    "csv_month_end": {"en": "Service month to", "zh": "服务月度止"},
    "csv_stage": {"en": "Claim", "zh": "申请状态"},
    "csv_status": {"en": "Status on {on}", "zh": "{on} 状态"},
    "csv_credit": {"en": "Credit (yuan)", "zh": "赔偿金额（元）"},
    "csv_claimable": {"en": "Claimable now (yuan)", "zh": "现可申请（元）"},
    "csv_sms": {"en": "Credit (SMS)", "zh": "赔偿短信条数"},
    "csv_opens": {"en": "Claims from", "zh": "申请开始日"},
    "csv_closes": {"en": "Claim deadline", "zh": "申请截止日"},
    "csv_days_left": {"en": "Days left", "zh": "剩余天数"},
    "csv_days_to_open": {"en": "Days to opening", "zh": "距开放天数"},
    "csv_filed_on": {"en": "Filed on", "zh": "提交日期"},
    "csv_ticket": {"en": "Ticket", "zh": "工单号"},
    "csv_sms_credited": {"en": "SMS credited", "zh": "到账短信条数"},
    "csv_files": {"en": "Files", "zh": "文件"},
    "file_report": {"en": "report", "zh": "报告"},
    "file_pdf": {"en": "PDF", "zh": "PDF"},
    "file_pack": {"en": "claim pack", "zh": "申请包"},
    "due_none": {"en": "Nothing to file on {on} or in the {days} days after.",
                 "zh": "{on} 及其后 {days} 天内无须提交申请。"},
    "due_total": {"en": "{n} claims, {amount} yuan claimable now", "zh": "共 {n} 项，现可申请 {amount} 元"},
    "ics_first": {"en": "Claim opens: {name} ({customer}), service month {month}, {amount} yuan",
                  "zh": "可申请赔偿：{name}（{customer}），服务月度 {month}，{amount} 元"},
    "ics_deadline": {"en": "Claim deadline: {name} ({customer}), service month {month}, {amount} yuan",
                     "zh": "赔偿申请截止：{name}（{customer}），服务月度 {month}，{amount} 元"},
    "ics_description": {
        "en": "File the claim through the provider's ticket system from {first} to {deadline} (SLA §3.2); "
              "a claim not filed by the deadline is forfeited (SLA §3.2(2)). Claim pack: {pack}.",
        "zh": "请于 {first} 至 {deadline} 通过工单系统提交赔偿申请（SLA §3.2）；"
              "逾期未申请视为放弃（SLA §3.2(2)）。申请包：{pack}。"},
    "ics_alarm": {"en": "{days} days to the claim deadline: {summary}",
                  "zh": "距申请截止还有 {days} 天：{summary}"},
}


def text(lang: str, key: str, **values: object) -> str:
    """A phrase of the report in ``lang``, with ``values`` filled in.

    >>> text("zh", "headline_claim", month="2026-04-01 至 2026-04-30", status="应赔偿，2026-05-12 起可申请")
    '下一项申请：2026-04-01 至 2026-04-30，应赔偿，2026-05-12 起可申请。'
    """
    return phrase(TEXT, lang, key, **values)
