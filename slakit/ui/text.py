"""What the notebooks' widgets say, in Chinese and English: the controls' labels, the figures'
names, the charts' words and the messages, one phrase book with every key in both languages.

>>> text("zh", "valid_sends"), text("en", "valid_sends")
('有效发送数', 'Valid sends')
"""

from __future__ import annotations

from ..errors import InputError, SlakitError
from ..i18n import Lang, phrase

TEXT: dict[str, dict[str, str]] = {
    # the explorer's controls, by control name
    "policy": {"en": "Policy", "zh": "协议版本"},
    "policy_file": {"en": "Policy file", "zh": "协议文件"},
    "policy_file_hint": {"en": "or the path of a policy file", "zh": "或填写协议文件路径"},
    "start": {"en": "Service starts", "zh": "服务开通日"},
    "months": {"en": "Months bought", "zh": "购买月数"},
    "month": {"en": "Assessed month", "zh": "核算服务月度"},
    "valid_sends": {"en": "Valid sends", "zh": "有效发送数"},
    "mode": {"en": "Give", "zh": "输入方式"},
    "mode_count": {"en": "failures", "zh": "失败数"},
    "mode_rate": {"en": "failure rate", "zh": "失败率"},
    "explicit_failures": {"en": "Explicit failures", "zh": "明确失败数"},
    "failure_rate": {"en": "Failure rate %", "zh": "失败率 %"},
    "rate_failures": {"en": "= {failures} explicit failures", "zh": "= {failures} 条明确失败"},
    "fee": {"en": "Consumed fee (yuan)", "zh": "实际消耗费用（元）"},
    "vouchers": {"en": "Vouchers", "zh": "代金券抵扣"},
    "coupons": {"en": "Coupons", "zh": "优惠券抵扣"},
    "reductions": {"en": "Fee reductions", "zh": "服务费减免"},
    "deductions": {"en": "Vouchers + coupons + reductions", "zh": "代金券、优惠券与减免合计"},
    "list_price": {"en": "List price per SMS", "zh": "刊例价（元/条）"},
    "on": {"en": "Claim status on", "zh": "申请状态日期"},
    "calendar": {"en": "Official days file", "zh": "官方工作日文件"},
    "calendar_hint": {"en": "a WorkingDays .toml file", "zh": "WorkingDays .toml 文件路径"},
    "purchase": {"en": "Purchase", "zh": "购买信息"},
    "sends": {"en": "This month's sends", "zh": "本月发送"},
    "fees": {"en": "Fees", "zh": "费用"},
    # the explorer's figures
    "availability": {"en": "Availability", "zh": "服务可用性"},
    "no_volume": {"en": "n/a (no valid sends)", "zh": "不适用（无有效发送）"},
    "meets_target": {"en": "Meets target", "zh": "是否达标"},
    "tier": {"en": "Tier", "zh": "赔偿档位"},
    "credit_amount": {"en": "Credit (yuan)", "zh": "赔偿金额（元）"},
    "capped": {"en": "Cap applied", "zh": "触及上限"},
    "credit_sms": {"en": "Credit in SMS", "zh": "赔偿短信条数"},
    "claim_window": {"en": "Claim window", "zh": "申请期限"},
    "status": {"en": "Status", "zh": "状态"},
    "budget": {"en": "Error budget: failures this month can still take before each boundary",
               "zh": "失败余量：本月在触及各边界前还能承受的明确失败数"},
    "budget_crossed": {"en": "{threshold}: crossed (at most {limit})",
                       "zh": "{threshold}：已越过（最多 {limit}）"},
    "budget_left": {"en": "{threshold}: {left} more failures (at most {limit})",
                    "zh": "{threshold}：还可失败 {left} 条（最多 {limit}）"},
    # the explorer's in-progress mode: a month still under way, projected to its end
    "view_month": {"en": "Month assessed", "zh": "核算月度"},
    "view_progress": {"en": "Month in progress", "zh": "进行中的月度"},
    "progress": {"en": "The month so far", "zh": "本月至今"},
    "progress_source": {"en": "From", "zh": "数据来源"},
    "source_archive": {"en": "receipts archive", "zh": "回执归档库"},
    "source_typed": {"en": "figures typed in", "zh": "手动输入"},
    "archive": {"en": "Archive (DuckDB)", "zh": "归档库（DuckDB）"},
    "archive_hint": {"en": "a file made with slakit ingest", "zh": "slakit ingest 生成的文件路径"},
    "account": {"en": "Account", "zh": "账号"},
    "counted_to": {"en": "Counted to", "zh": "统计截至"},
    "days_so_far": {"en": "Days elapsed", "zh": "已过天数"},
    "valid_so_far": {"en": "Valid sends so far", "zh": "至今有效发送数"},
    "failures_so_far": {"en": "Failures so far", "zh": "至今失败数"},
    "typed_note": {"en": "From totals typed in, the days so far are taken as alike, so the interval "
                         "leaves out their day-to-day swings: from the archive it is wider and truer.",
                   "zh": "按手动输入的合计推算时，视已过各天相同，区间未计入逐日波动；"
                         "用回执归档库推算的区间更宽，也更可靠。"},
    "months_caption": {"en": "Service months ({months}) and claim windows ({claims})",
                       "zh": "服务月度（{months}）与申请期限（{claims}）"},
    "col_number": {"en": "#", "zh": "序号"},
    "col_month": {"en": "Service month", "zh": "服务月度"},
    "col_days": {"en": "Days", "zh": "天数"},
    "partial": {"en": "{days} (partial)", "zh": "{days}（不足月）"},
    "col_first_day": {"en": "Claims from", "zh": "可申请起始日"},
    "col_deadline": {"en": "Deadline", "zh": "申请截止日"},
    "col_status": {"en": "Status", "zh": "状态"},
    "status_on": {"en": ", status on {date}", "zh": "，{date} 的状态"},
    "provisional_note": {
        "en": "* provisional: that year's official working days are not published yet, so the date is "
              "an estimate that errs late (statutory holidays and their usual bridging). Give the "
              "official days in “{calendar}” to make it final.",
        "zh": "* 暂定：该年度的官方工作日安排尚未公布，此日期为偏晚的估计（按法定节假日及惯常调休推算）。"
              "在“{calendar}”中提供官方安排即可确定。",
    },
    # the explorer's charts
    "credit_title": {"en": "Credit by availability (tier steps, cap applied)",
                     "zh": "各可用性下的赔偿金额（按档位，已计上限）"},
    "availability_axis": {"en": "availability %", "zh": "服务可用性 %"},
    "credit_axis": {"en": "credit (yuan)", "zh": "赔偿金额（元）"},
    "now": {"en": "now: {availability}", "zh": "当前：{availability}"},
    "timeline_title": {"en": "Service months and claim windows", "zh": "服务月度与申请期限"},
    "timeline_month": {"en": "service month", "zh": "服务月度"},
    "timeline_window": {"en": "claim window", "zh": "申请期限"},
    "timeline_provisional": {"en": "claim window (provisional)", "zh": "申请期限（暂定）"},
    # the policy lab's controls
    "policies": {"en": "Policies", "zh": "协议版本"},
    "policy_file_optional": {"en": "my-policy.toml (optional)", "zh": "my-policy.toml（可选）"},
    "calendar_optional": {"en": "a WorkingDays .toml file (optional)",
                          "zh": "WorkingDays .toml 文件（可选）"},
    "source": {"en": "Portfolio", "zh": "账户组合"},
    "source_sample": {"en": "the sample (22 customers)", "zh": "样例（22 个客户）"},
    "source_csv": {"en": "a file of account-months (CSV, Parquet, DuckDB)",
                   "zh": "账户月文件（CSV、Parquet、DuckDB）"},
    "source_simulated": {"en": "a Monte Carlo of incidents", "zh": "故障蒙特卡洛模拟"},
    "csv_path": {"en": "File", "zh": "文件"},
    "query": {"en": "DuckDB query", "zh": "DuckDB 查询"},
    "reading": {"en": "reading: {rows} rows", "zh": "读取中：{rows} 行"},
    "computing": {"en": "computing", "zh": "计算中"},
    "fee_per_sms": {"en": "Fee per SMS (yuan)", "zh": "每条短信费用（元）"},
    "accounts": {"en": "Accounts", "zh": "账户数"},
    "model_months": {"en": "Months", "zh": "模拟月数"},
    "incidents_per_month": {"en": "Incidents a month", "zh": "每月故障次数"},
    "mean_duration_hours": {"en": "Mean duration (hours)", "zh": "平均持续时间（小时）"},
    "incident_failure_rate": {"en": "Failing during one", "zh": "故障期间失败比例"},
    "baseline_failure_rate": {"en": "Failing otherwise", "zh": "平时失败比例"},
    "platform_share": {"en": "Platform-wide share", "zh": "全平台故障占比"},
    "excluded_rate": {"en": "Excluded (SLA §4)", "zh": "免责短信占比（SLA §4）"},
    "daily_volume": {"en": "SMS per account a day", "zh": "每账户每日短信数"},
    "voucher_share": {"en": "Paid by vouchers", "zh": "代金券支付比例"},
    "seed": {"en": "Seed", "zh": "随机种子"},
    "sweep": {"en": "Target sweep", "zh": "标准扫描范围"},
    "sweep_range": {"en": "{low} to {high}", "zh": "{low} 至 {high}"},
    "tab_comparison": {"en": "Comparison", "zh": "对比"},
    "tab_tiers": {"en": "By tier", "zh": "按档位"},
    "tab_distribution": {"en": "Distribution", "zh": "分布"},
    "tab_sensitivity": {"en": "Sensitivity", "zh": "敏感性"},
    "tab_claims": {"en": "Claim windows", "zh": "申请期限"},
    "no_month_ends": {"en": "This portfolio has no service-month end dates (service_month_end).",
                      "zh": "该组合没有服务月度结束日（service_month_end）。"},
    "claims_provisional": {
        "en": "* provisional: that year's official working days are not published yet; the first day "
              "is an estimate that errs late. Give the official days in “{calendar}” to make it final.",
        "zh": "* 暂定：该年度的官方工作日安排尚未公布，起始日为偏晚的估计。"
              "在“{calendar}”中提供官方安排即可确定。",
    },
    "portfolio_sample": {"en": "The sample", "zh": "样例"},
    "portfolio_simulated": {"en": "A Monte Carlo of {accounts} accounts × {months} months (seed {seed})",
                            "zh": "蒙特卡洛模拟：{accounts} 个账户 × {months} 个月（随机种子 {seed}）"},
    "rows": {"en": "{label}: {read} rows read, {assessed} assessed, {rejected} rejected",
             "zh": "{label}：读取 {read} 行，核算 {assessed} 行，拒绝 {rejected} 行"},
    "more_rows": {"en": "… and {more} more", "zh": "……另有 {more} 行"},
    # the policy lab's charts and the outlook
    "tier_n": {"en": "tier {tier}", "zh": "第 {tier} 档"},
    "payout_by_tier": {"en": "Payout by tier", "zh": "各档位赔付"},
    "monthly_availability": {"en": "Monthly availability", "zh": "月度服务可用性"},
    "availability_clipped": {"en": "availability % (below {low}% counted at {low}%)",
                             "zh": "服务可用性 %（低于 {low}% 的计为 {low}%）"},
    "account_months_axis": {"en": "account-months", "zh": "账户月数"},
    "target_of": {"en": "target {target} ({policy})", "zh": "标准 {target}（{policy}）"},
    "credit_distribution": {"en": "Credit of compensated months", "zh": "获赔账户月的赔偿金额"},
    "credit_per_month_axis": {"en": "credit per account-month (yuan, log scale)",
                              "zh": "每账户月赔偿金额（元，对数刻度）"},
    "policy_months": {"en": "{policy} ({months} months)", "zh": "{policy}（{months} 个账户月）"},
    "no_credit": {"en": "no credit owed", "zh": "无需赔偿"},
    "sensitivity_title": {"en": "Total payout against the target (○ each policy's own)",
                          "zh": "总赔付随可用性标准的变化（○ 为各协议自身的标准）"},
    "target_axis": {"en": "target availability %", "zh": "可用性标准 %"},
    "total_credit_axis": {"en": "total credit (yuan)", "zh": "总赔付（元）"},
    "outlook_heading": {"en": "{policy}: {months} simulated months",
                        "zh": "{policy}：模拟 {months} 个月"},
    "expected_credit": {"en": "Expected credit per month: {amount} yuan",
                        "zh": "每月期望赔偿：{amount} 元"},
    # the course's exercises
    "exercise": {"en": "Exercise.", "zh": "练习："},
    "your_answer": {"en": "your answer", "zh": "你的答案"},
    "check": {"en": "Check", "zh": "检查"},
    "reveal": {"en": "Show answer", "zh": "显示答案"},
    "correct": {"en": "✓ Correct.", "zh": "✓ 正确。"},
    "wrong": {"en": "✗ Not quite — try again, or show the answer.", "zh": "✗ 还不对，再试一次，或显示答案。"},
    "unreadable": {"en": "✗ That does not read as {kind}.", "zh": "✗ 无法识别：请填写{kind}。"},
    "the_answer": {"en": "The answer: {answer}.", "zh": "答案：{answer}。"},
    "yes_no": {"en": "yes or no", "zh": "是或否"},
    "whole": {"en": "a whole number, such as 1,234", "zh": "整数，例如 1,234"},
    "amount": {"en": "an amount, such as 1,350.00", "zh": "金额，例如 1,350.00"},
    "share": {"en": "a percentage, such as 95%", "zh": "百分比，例如 95%"},
    "day": {"en": "a date written YYYY-MM-DD", "zh": "日期，格式为 YYYY-MM-DD"},
    "text": {"en": "an answer", "zh": "答案"},
    # messages
    "saved": {"en": "These are the figures as saved with the notebook. Run this cell (Shift+Enter) "
                    "to bring the controls back to life.",
              "zh": "以下是笔记本保存时的结果。运行此单元格（Shift+Enter）后，控件才会重新响应。"},
    "error": {"en": "⚠ {message}", "zh": "⚠ 输入有误：{message}"},
    "bad_field": {"en": "{label} = {value}: {problem}", "zh": "{label} = {value}：{problem}"},
    "missing_field": {"en": "{label}: {problem}", "zh": "{label}：{problem}"},
}

def text(lang: Lang, key: str, **values: object) -> str:
    """A phrase of the widgets in ``lang``, with ``values`` filled in."""
    return phrase(TEXT, lang, key, **values)


def error_text(error: SlakitError, lang: Lang, labels: dict[str, str]) -> str:
    """One line for a bad input: the field by the label its control shows, the value, the problem.

    ``labels`` maps the core's field names to those labels; an error about anything else (a
    policy file, say) keeps its own wording, which names the file, the field and the value.

    >>> from slakit.words import says
    >>> error_text(InputError("fee", "45.001", says("error.decimal_places", places=2)), "zh",
    ...            {"fee": "实际消耗费用（元）"})
    "⚠ 输入有误：实际消耗费用（元） = '45.001'：小数位超过 2 位"
    """
    if isinstance(error, InputError) and error.field in labels and error.source is None:
        value = error.value
        message = text(lang, "missing_field" if value is None else "bad_field",
                       label=labels[error.field], problem=error.problem.text(lang),
                       value=repr(value) if isinstance(value, str) else value)
    else:
        message = error.text(lang)
    return text(lang, "error", message=message)

