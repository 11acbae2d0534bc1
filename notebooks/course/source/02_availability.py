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
# # 第 2 课 · 服务可用性与 95% 标准（SLA §2）

# %% [markdown] tags=["en"]
# # Lesson 2 · Availability and the 95 % target (SLA §2)

# %% [markdown]
# > **SLA §2.1** 服务可用性 = 1 − (服务月度内发送短信有效数中的明确失败数 / 服务月度内发送短信有效数) × 100%
# >
# > **SLA §2.2** 腾讯云提供的本服务可用性不低95%，如未达到上述可用性标准（属于免责条款情形的除外），您可以根据本协议第3条约定获得赔偿。

# %% [markdown] tags=["zh"]
# 服务可用性按服务月度、由两个数计算：有效发送数，以及其中的明确失败数。“不低（于）95%”意味着**恰好 95% 即达标**。slakit 用精确分数比较，所以 100,000 条有效发送中 5,000 条失败就是不多不少的 95%，而不是 94.99999%。

# %% [markdown] tags=["en"]
# Availability is computed per service month from two counts: the valid sends and, among them, the
# explicit failures. "不低（于）95%" — *not below* 95 % — means that **exactly 95 % meets the
# target**. slakit compares exactly (as fractions), so 5,000 failures in 100,000 valid sends is
# 95 % on the dot, not 94.99999 %.

# %% tags=["zh"]
from slakit.ui.course import Course

course = Course("zh")

# %% tags=["en"]
from slakit.ui.course import Course

course = Course("en")

# %% [markdown] tags=["zh"]
# ## 例题：恰好 95%，以及多一条失败

# %% [markdown] tags=["en"]
# ## Worked example: exactly 95 %, and one failure more

# %%
course.example("exactly-95")

# %% [markdown] tags=["zh"]
# ## 例题：恰好 90%
#
# 赔偿标准（§3.1）写的是“低于95%但等于或高于90%”：恰好 90% 仍属于 **10%** 一档，而不是 30% 一档。

# %% [markdown] tags=["en"]
# ## Worked example: exactly 90 %
#
# The compensation table (§3.1) says "低于95%但等于或高于90%": 90 % exactly is still in the
# **10 %** tier, not the 30 % one.

# %%
course.example("exactly-90")

# %% [markdown] tags=["zh"]
# 没有有效发送的服务月度没有服务可用性数值：视为达标，无需赔偿（slakit 对 §2 的默认解读）。
#
# ## 练习

# %% [markdown] tags=["en"]
# A month with **no valid sends** has no availability figure: it counts as meeting the target and
# earns nothing (slakit's default reading of §2).
#
# ## Exercises

# %%
course.exercise("availability-800k")

# %%
course.exercise("meets-800k")

# %%
course.exercise("budget-200k")

# %%
course.exercise("availability-999")
