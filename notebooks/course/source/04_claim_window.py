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

# %% [markdown] tags=["zh"]
# # 第 4 课 · 何时申请赔偿（SLA §3.2）

# %% [markdown] tags=["en"]
# # Lesson 4 · When to claim (SLA §3.2)

# %% [markdown]
# > **SLA §3.2(1)** 如本服务月度没有达到服务可用性标准，您可以在没有达标的相应服务月度结束后的次月的第五（5）个工作日后，仅通过您相应账户的工单系统提出赔偿申请。
# >
# > **SLA §3.2(2)** 您最晚提出赔偿申请的时间不应超过未达标的相应服务月度结束后六十（60）个自然日。

# %% [markdown] tags=["zh"]
# - 申请在服务月度结束后的次月**第 5 个工作日之后**开放。
# - 申请在服务月度结束后 **60 个自然日**截止，逾期视为放弃。
# - 工作日以中国大陆官方安排为准：法定节假日休息，部分周末是官方**调休**工作日。

# %% [markdown] tags=["en"]
# - Claims open **after the 5th working day** of the month following the service month.
# - They close **60 calendar days** after the service month ends; a later claim is forfeited.
# - Working days are mainland China's official ones: public holidays are off, and some weekend
#   days are official **make-up working days** (调休).

# %% tags=["zh"]
from slakit.ui.course import Course

course = Course("zh")

# %% tags=["en"]
from slakit.ui.course import Course

course = Course("en")

# %% [markdown] tags=["zh"]
# ## 例题：跨越国庆假期的申请期限
#
# 2026 年 9 月在 30 日结束。10 月 1–7 日放假，**10 月 10 日（周六）**上班。

# %% [markdown] tags=["en"]
# ## Worked example: a claim window across the October holiday
#
# September 2026 ends on the 30th. In October, 1–7 are off and **Saturday 10 October** is worked.

# %%
course.example("october-calendar")

# %%
course.example("september-window")

# %% [markdown] tags=["zh"]
# 若只数周一至周五，会得到 10 月 7 日，而那天是假日：所以 slakit 使用官方日历，并把官方安排尚未公布的年份标为**暂定**（宁可晚开，不可早开）。

# %% [markdown] tags=["en"]
# Counting plain weekdays would give 7 October, which is a holiday: that is why slakit uses the
# official calendar, and flags a year whose schedule is not yet published as *provisional* (an
# estimate that errs late, never early).

# %%
course.example("provisional-window")

# %% [markdown] tags=["zh"]
# ## 练习

# %% [markdown] tags=["en"]
# ## Exercises

# %%
course.exercise("march-deadline")

# %%
course.exercise("march-first-day")

# %%
course.exercise("can-claim-oct-13")
