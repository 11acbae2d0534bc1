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
}


def text(lang: Lang, key: str, **values: object) -> str:
    return phrase(TEXT, lang, key, **values)
