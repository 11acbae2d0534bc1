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
# # 2 · Availability and the 95 % target (SLA §2)
#
# > **SLA §2.1** 服务可用性 = 1 − 服务月度内发送短信有效数中的明确失败数 / 服务月度内发送短信有效数
# >
# > **SLA §2.2** 腾讯云提供的本服务可用性不低于95%……
#
# Availability is computed per service month from two counts: the valid sends and, among them, the
# explicit failures. "不低于95%" — *not below* 95 % — means that **exactly 95 % meets the target**.
# slakit compares exactly (as fractions), so 5,000 failures in 100,000 valid sends is 95 % on the
# dot, not 94.99999 %.

# %%
from fractions import Fraction

from slakit import assess, error_budget, load_policy
from slakit.format import percent
from slakit.ui import Exercise

# %% [markdown]
# ## Worked example: exactly 95 %, and one failure more

# %%
for failures in (5_000, 5_001):
    a = assess(valid_sends=100_000, explicit_failures=failures, fee="4500.00", list_price="0.045")
    print(f"{failures:,} failures → {percent(a.availability)}, meets target: {a.meets_target}")

# %% [markdown]
# ## Worked example: exactly 90 %
#
# The compensation table (§3.1) says "低于95%但等于或高于90%": 90 % exactly is still in the
# **10 %** tier, not the 30 % one.

# %%
a = assess(valid_sends=100_000, explicit_failures=10_000, fee="4500.00", list_price="0.045")
print(percent(a.availability), "tier", a.tier, "credit rate", a.credit_rate)

# %% [markdown]
# A month with **no valid sends** has no availability figure: it counts as meeting the target and
# earns nothing (slakit's default reading of §2).
#
# ## Exercises

# %%
answer = assess(800_000, 40_000, fee="36000.00", list_price="0.045")
Exercise("800,000 valid sends and 40,000 explicit failures: what is the availability (as a %)?",
         answer.availability, "1 − 40,000 / 800,000 = 95 %.")

# %%
Exercise("Does that month meet the target? (yes / no)", answer.meets_target,
         "Exactly 95 % is not below 95 %: the target is met and nothing is owed.")

# %%
Exercise("With 200,000 valid sends, how many explicit failures can the month take and still "
         "meet the target?", error_budget(200_000, 0, load_policy())[0].max_failures,
         "5 % of 200,000 = 10,000 failures; the 10,001st crosses the boundary.")

# %%
Exercise("What is the availability of 1,000 valid sends with 1 explicit failure (as a %)?",
         Fraction(999, 1000), "1 − 1/1,000 = 99.9 %.")
