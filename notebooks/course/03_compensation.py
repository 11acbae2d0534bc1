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
# # 3 · Compensation, in SMS, and the cap (SLA §3.1)
#
# | availability | compensation |
# |---|---|
# | ≥ 95 % | none |
# | ≥ 90 % and < 95 % | SMS worth 10 % of the service-month fee |
# | < 90 % | SMS worth 30 % of the service-month fee |
#
# > **SLA §3.1(1)** 本服务赔偿以腾讯云发放赔偿金额对应的短信条数的形式实现，单条短信价格以腾讯云短信服务官方刊例价格为准……
# >
# > **SLA §3.1(2)** ……赔偿总额不超过相应未达标服务月度内您就本服务支付的相应月度服务费（此处的月度服务费不含用代金券、优惠券、服务费减免等抵扣的费用）。
#
# Compensation is **a number of SMS**, priced at the list price (刊例价), never cash. Each month is
# computed on its own, and the credit never exceeds the fee actually paid for the month **net of
# vouchers, coupons and fee reductions**. slakit rounds the SMS count down, so a whole SMS is
# never paid beyond the amount.

# %%
from slakit import assess
from slakit.ui import Exercise

# %% [markdown]
# ## Worked example: a voucher-heavy month where the cap bites
#
# Consumed fee 1,000.00 yuan, of which 800.00 paid with vouchers; availability 85 %. 30 % × 1,000
# = 300.00, but only 200.00 was paid: the credit is capped at 200.00.

# %%
a = assess(valid_sends=100_000, explicit_failures=15_000, fee="1000.00", deductions="800.00",
           list_price="0.05")
print(a.explanation)
print("credit:", a.credit_amount, "capped:", a.capped, "SMS:", a.credit_sms)

# %% [markdown]
# The other reading of §3.1(2) applies the percentage to the net-paid fee as well; the shipped
# policy `variant-net-fee-basis` explores it:

# %%
from slakit import load_policy

b = assess(100_000, 15_000, fee="1000.00", deductions="800.00", list_price="0.05",
           policy=load_policy("variant-net-fee-basis"))
print("net-fee reading:", b.credit_amount, "yuan,", b.credit_sms, "SMS")

# %% [markdown]
# ## Exercises

# %%
first = assess(300_000, 20_000, fee="13500.00", list_price="0.045")
Exercise("300,000 valid sends, 20,000 explicit failures, consumed fee 13,500.00 yuan, no vouchers. "
         "How much credit in yuan?", first.credit_amount,
         "Availability 93.33…%: the 10 % tier, 10 % × 13,500.00 = 1,350.00.")

# %%
Exercise("At a list price of 0.045 yuan per SMS, how many SMS is that?", first.credit_sms,
         "1,350.00 ÷ 0.045 = 30,000 SMS.")

# %%
capped = assess(50_000, 6_000, fee="2250.00", deductions="2000.00", list_price="0.045")
Exercise("50,000 valid sends, 6,000 explicit failures, fee 2,250.00 of which 2,000.00 paid by "
         "coupons. How many SMS of credit?", capped.credit_sms,
         "88 %: 30 % × 2,250 = 675.00, capped at the 250.00 actually paid → 5,555 SMS (rounded down).")
