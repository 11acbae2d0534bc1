"""The policy lab's table wording in Chinese and English (the widget's own words live with the
widget). Keys are shared; ``text(lang, key, **values)`` fills them.

>>> text("zh", "one_in", n="1,000")
'每 1,000 个月 1 次'
"""

from __future__ import annotations

from ..i18n import Lang, phrase

TEXT: dict[str, dict[str, str]] = {
    "policy": {"en": "Policy", "zh": "协议版本"},
    "target": {"en": "Target", "zh": "可用性标准"},
    "account_months": {"en": "Account-months", "zh": "账户月数"},
    "compensated_months": {"en": "Compensated months", "zh": "获赔账户月数"},
    "accounts_compensated": {"en": "Accounts compensated", "zh": "获赔账户"},
    "share": {"en": "{some} of {all} ({share})", "zh": "{all} 个中 {some} 个（{share}）"},
    "capped": {"en": "Capped", "zh": "触及上限"},
    "credit_yuan": {"en": "Credit (yuan)", "zh": "赔偿金额（元）"},
    "credit_sms": {"en": "Credit (SMS)", "zh": "赔偿短信条数"},
    "tier": {"en": "Tier", "zh": "档位"},
    "probability": {"en": "Share of account-months", "zh": "账户月占比"},
    "how_often": {"en": "How often", "zh": "频率"},
    "one_in": {"en": "1 month in {n}", "zh": "每 {n} 个月 1 次"},
    "median": {"en": "median month", "zh": "中位数"},
    "availability_low": {"en": "availability at or below", "zh": "服务可用性不高于"},
    "credit_high": {"en": "credit at or above (yuan)", "zh": "单月赔偿不低于（元）"},
    "month_ends": {"en": "service month ends", "zh": "服务月度结束日"},
    "not_a_date": {"en": "not a date (YYYY-MM-DD)", "zh": "不是日期（YYYY-MM-DD）"},
    "payout_high": {"en": "all accounts' monthly payout at or above (yuan)",
                    "zh": "全部账户当月赔付不低于（元）"},
    # a month in progress (Projection.table): the command, the report and the explorer
    "month_head": {"en": "service month {month}", "zh": "服务月度 {month}"},
    "counted_head": {"en": "counted to {on}, {days} days left", "zh": "统计至 {on}，还剩 {days} 天"},
    "so_far": {"en": "month so far", "zh": "本月至今"},
    "so_far_value": {"en": "{valid} valid sends, {failures} failures, availability {availability}",
                     "zh": "有效发送 {valid} 条，失败 {failures} 条，服务可用性 {availability}"},
    "n/a": {"en": "n/a", "zh": "暂无"},
    "expected_volume": {"en": "expected volume", "zh": "预计全月有效发送"},
    "expected_volume_value": {"en": "{valid} valid sends in the whole month", "zh": "{valid} 条"},
    "left_before": {"en": "failures left before {threshold}", "zh": "保持 {threshold} 还可失败"},
    "left_value": {"en": "{left} (of {limit})", "zh": "{left} 条（共 {limit} 条）"},
    "crossed": {"en": " — crossed", "zh": "，已超出"},
    "burn_day": {"en": "burn rate, last day", "zh": "消耗速度，最近 1 天"},
    "burn_week": {"en": "burn rate, last 7 days", "zh": "消耗速度，最近 7 天"},
    "burn_value": {"en": "{times}× the affordable rate", "zh": "可承受速度的 {times} 倍"},
    "no_sends": {"en": "n/a (no sends)", "zh": "暂无（无发送）"},
    "projected": {"en": "projected ({level} interval)", "zh": "预计月末（{level} 区间）"},
    "projected_value": {"en": "{median} ({low} – {high})", "zh": "{median}（{low} 至 {high}）"},
    "chance": {"en": "P({tier})", "zh": "概率：{tier}"},
    "expected_credit": {"en": "expected credit", "zh": "预计赔偿"},
    "expected_credit_value": {"en": "{amount} yuan, {sms} SMS", "zh": "{amount} 元，{sms} 条短信"},
    "pending": {"en": "awaiting receipt", "zh": "待回执"},
    "pending_value": {"en": "{sends} sends, left out until known", "zh": "{sends} 条，结果未知前不计入"},
    "burn_note": {"en": "A burn rate of 1× spends the month's allowance of failures (SLA §2.2) exactly "
                        "by its end; the projection simulates the days left {draws} times.",
                  "zh": "消耗速度为 1 倍，即恰好在月底用完本月允许的失败数（SLA §2.2）；"
                        "预测对剩余天数模拟 {draws} 次。"},
    "lower_bound": {"en": " The expected credit is cut by the cap on a term's compensation (SLA §5.1), "
                          "this month counted as a term of its own: a lower bound, since in a longer "
                          "term the fees paid in its earlier months leave more room.",
                    "zh": "预计赔偿受服务期限内赔偿总额上限（SLA §5.1）削减，本月按单独一个服务期限计算："
                          "这是下限，在更长的服务期限中，此前各月已付的费用会留出更多空间。"},
    # a month in progress from the receipts archive whose records end before the day asked
    "records_end": {"en": "The records end on {end}: counted to {end}, not to {on} (the days after "
                          "are not taken as days without sends).",
                    "zh": "记录止于 {end}：统计至 {end}，而非 {on}（其后各天不视为无发送）。"},
}


def text(lang: Lang, key: str, **values: object) -> str:
    return phrase(TEXT, lang, key, **values)
