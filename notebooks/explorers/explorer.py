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
# # What-if explorer — Tencent Cloud SMS SLA (2020-09-23)
#
# Change the month's sends, failures and fees, or the purchase dates, and see at once the
# availability, the compensation tier, the credit in yuan and in SMS, whether the cap applied
# (fee net of vouchers, coupons and reductions, SLA §3.1(2)), how many more failures the month
# can take before each boundary, and when each service month's compensation can be claimed.

# %%
from slakit.ui import explorer

explorer()
