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
# # 第 3 课 · 以短信条数赔偿，以及赔偿上限（SLA §3.1）

# %% [markdown] tags=["en"]
# # Lesson 3 · Compensation, in SMS, and the cap (SLA §3.1)

# %% [markdown]
# > **SLA §3.1(1)** 本服务赔偿以腾讯云发放赔偿金额对应的短信条数的形式实现，单条短信价格以腾讯云短信服务官方刊例价格为准……赔偿的短信条数不能折现、不开具发票……
# >
# > **SLA §3.1(2)** 如果本服务月度没有达到服务可用性标准，赔偿额按照相应未达标服务月度单独计算，赔偿总额不超过相应未达标服务月度内您就本服务支付的相应月度服务费（此处的月度服务费不含用代金券、优惠券、服务费减免等抵扣的费用）。
# >
# > | 服务可用性 | 赔偿的短信条数 |
# > |---|---|
# > | 低于95%但等于或高于90% | 服务周期服务费用的10%所对应的短信条数。 |
# > | 低于90% | 服务周期服务费用的30%所对应的短信条数。 |

# %% [markdown] tags=["zh"]
# 赔偿是**短信条数**，按刊例价折算，不能折现。每个服务月度单独计算，赔偿不超过该月**扣除代金券、优惠券和服务费减免后**实际支付的费用。slakit 对短信条数向下取整，因此不会多赔一条。

# %% [markdown] tags=["en"]
# Compensation is **a number of SMS**, priced at the list price (刊例价), never cash. Each month is
# computed on its own, and the credit never exceeds the fee actually paid for the month **net of
# vouchers, coupons and fee reductions**. slakit rounds the SMS count down, so a whole SMS is
# never paid beyond the amount.

# %% tags=["zh"]
from slakit.ui.course import Course

course = Course("zh")

# %% tags=["en"]
from slakit.ui.course import Course

course = Course("en")

# %% [markdown] tags=["zh"]
# ## 例题：代金券占比高、触及上限的月份
#
# 实际消耗费用 1,000.00 元，其中 800.00 元用代金券支付；服务可用性 85%。30% × 1,000 = 300.00，但实际只支付了 200.00：赔偿以 200.00 为上限。

# %% [markdown] tags=["en"]
# ## Worked example: a voucher-heavy month where the cap bites
#
# Consumed fee 1,000.00 yuan, of which 800.00 paid with vouchers; availability 85 %. 30 % × 1,000
# = 300.00, but only 200.00 was paid: the credit is capped at 200.00.

# %%
course.example("cap-bites")

# %% [markdown] tags=["zh"]
# §3.1(2) 的另一种解读是赔偿比例也按实际支付的费用计算；内置协议 `variant-net-fee-basis` 用于探讨这种解读：

# %% [markdown] tags=["en"]
# The other reading of §3.1(2) applies the percentage to the net-paid fee as well; the shipped
# policy `variant-net-fee-basis` explores it:

# %%
course.example("net-fee-reading")

# %% [markdown] tags=["zh"]
# ## 练习

# %% [markdown] tags=["en"]
# ## Exercises

# %%
course.exercise("credit-13500")

# %%
course.exercise("sms-at-0045")

# %%
course.exercise("capped-sms")
