# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python (slakit)
#     language: python
#     name: slakit
# ---

# %% [markdown]
# # 1 · Terms and service months (SLA §1)
#
# The SLA counts everything **per service month** (服务月度). Before any figure, learn what a
# service month is.
#
# > **SLA §1.5** 服务月度是指您购买本服务的服务期限所包含的各个自然月度……服务开通之日为3月17日，
# > 则包含4个服务月度……
#
# Each *natural* month inside the purchased term is a service month; the first and the last may be
# partial. Other terms you will meet:
#
# | term | Chinese | meaning |
# |---|---|---|
# | explicit failure | 明确失败 | an SMS that, for the provider's reasons, could not reach a valid number (§1.2) |
# | valid sends | 发送短信有效数 | SMS sent to valid numbers; sends to invalid numbers do not count (§1.3) |
# | valid number | 有效号码 | any number in normal use, except abnormal, handset-side and blacklisted ones (§1.4) |
# | service-month fee | 服务月度服务费用 | the fee actually consumed in the month, not unused package balance (§1.6) |

# %%
from datetime import date

from slakit import service_months
from slakit.ui import Exercise

# %% [markdown]
# ## Worked example: three months bought, service opened on 17 March
#
# The SLA's own example gives **four** service months.

# %%
for month in service_months(date(2026, 3, 17), 3):
    print(month, f"{month.days} days", "(partial)" if month.partial else "")

# %% [markdown]
# The first month runs 17–31 March (partial), then April and May in full, and the last month is
# 1–16 June (partial): three months of service end on 16 June.
#
# ## Exercises

# %%
term = service_months(date(2026, 1, 20), 2)
Exercise("A customer buys 2 months of service from 20 January 2026. How many service months "
         "does the term have?", len(term),
         "20–31 Jan, all of February, and 1–19 March: three service months.")

# %%
Exercise("On which date (YYYY-MM-DD) does the last of those service months end?", term[-1].end,
         "Two months from 20 January is 20 March, so the term ends the day before.")
