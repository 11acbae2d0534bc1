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
# # 假设分析 · What-if explorer
#
# 腾讯云短信服务 SLA（2020-09-23）· The Tencent Cloud SMS SLA of 2020-09-23
#
# 修改本月的发送数、失败数、费用或购买日期，即可看到服务可用性、赔偿档位、赔偿金额（元与短信条数）、
# 是否触及上限（扣除代金券、优惠券与服务费减免后实际支付的费用，SLA §3.1(2)）、本月在各边界前还能承受
# 多少明确失败，以及每个服务月度何时可以申请赔偿。右上角可切换中文与 English。
# 选择“进行中的月度”，可根据回执归档库（账号与统计截至日期）或手动输入的本月至今数据，查看本月的走向：
# 各边界前还可失败多少、消耗速度、预计月末服务可用性及其 90% 区间、各档位的概率与预计赔偿
# （与 `slakit outlook` 相同）。
#
# Change the month's sends, failures and fees, or the purchase dates, and see at once the
# availability, the compensation tier, the credit in yuan and in SMS, whether the cap applied
# (fee net of vouchers, coupons and reductions, SLA §3.1(2)), how many more failures the month
# can take before each boundary, and when each service month's compensation can be claimed.
# Switch between 中文 and English at the top right. Choose "Month in progress" to see where a
# month still under way is heading, from the receipts archive (an account and the last day counted)
# or from the month so far typed in: the failures left before each boundary, the burn rates, the
# projected end-of-month availability with its 90 % interval, each tier's probability and the
# expected credit (as `slakit outlook` shows them).
#
# > 运行笔记本即可开始（Run ▸ Run All Cells）。再次打开已保存的笔记本时，显示的是上次计算的结果；
# > 重新运行后控件才会响应。
# > Run the notebook to start (Run ▸ Run All Cells). A saved notebook reopens showing the figures
# > it last computed; run it again to bring the controls back to life.

# %%
from slakit.ui import explorer

explorer()
