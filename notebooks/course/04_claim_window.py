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
# # 4 · When to claim (SLA §3.2)
#
# > **SLA §3.2(1)** ……您可以在没有达标的相应服务月度结束后的次月的第五（5）个工作日后，仅通过您相应账户的工单系统提出赔偿申请。
# >
# > **SLA §3.2(2)** 您最晚提出赔偿申请的时间不应超过未达标的相应服务月度结束后六十（60）个自然日。
#
# - Claims open **after the 5th working day** of the month following the service month.
# - They close **60 calendar days** after the service month ends; a later claim is forfeited.
# - Working days are mainland China's official ones: public holidays are off, and some weekend
#   days are official **make-up working days** (调休).

# %%
from datetime import date

from slakit import claim_window
from slakit.ui import Exercise
from slakit.workdays import WorkCalendar

# %% [markdown]
# ## Worked example: a claim window across the October holiday
#
# September 2026 ends on the 30th. In October, 1–7 are off and **Saturday 10 October** is worked.

# %%
calendar = WorkCalendar()
for day in range(1, 14):
    d = date(2026, 10, day)
    print(d, d.strftime("%a"), "working" if calendar.is_working_day(d) else "off")

# %%
window = claim_window(date(2026, 9, 30))
print("5th working day:", window.opens_after, "→ first day to claim:", window.first_day)
print("deadline:", window.deadline)

# %% [markdown]
# Counting plain weekdays would give 7 October, which is a holiday: that is why slakit uses the
# official calendar, and flags a year whose schedule is not yet published as *provisional*.

# %%
next_year = claim_window(date(2026, 12, 31))
print("opens after", next_year.opens_after, "— provisional:", next_year.provisional)

# %% [markdown]
# ## Exercises

# %%
march = claim_window(date(2026, 3, 31))
Exercise("The service month ends on 31 March 2026. What is the last day (YYYY-MM-DD) to claim?",
         march.deadline, "31 March + 60 days = 30 May.")

# %%
Exercise("And the first day on which a claim for it can be filed?", march.first_day,
         "April 2026: 4–6 April are off for Qingming, so the 5th working day is 8 April; claims open "
         "the day after.")

# %%
Exercise("On 2026-10-13, can a claim for September 2026 be filed? (yes / no)",
         window.can_claim(date(2026, 10, 13)), "13 October is the 5th working day itself: claims "
         "open after it, on the 14th.")
