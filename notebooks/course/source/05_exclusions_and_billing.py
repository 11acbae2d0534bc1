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
# # 第 5 课 · 不计入的情形，以及计费（SLA §4、服务协议）
#
# 由客户或第三方原因造成的失败**不计入计算**（SLA §4）：它们既不算失败，也不算有效发送。其中包括：

# %% [markdown] tags=["en"]
# # Lesson 5 · What does not count, and billing (SLA §4, service agreement)
#
# Failures caused by the customer or by outside parties are **outside the calculation** (SLA §4):
# they leave both the failures and the valid sends. Among them:

# %% [markdown]
# > **SLA §4** 由以下原因导致的服务不可用，相应服务不可用时间不属于服务不可用的计算范畴和腾讯云的赔偿范畴，腾讯云无须向您承担责任：……
# >
# > - **4.6** 由于信控、流控、信息安全（如敏感词）管控等违反平台规则引起的。
# > - **4.8** 因工信部、通管局、运营商等管控引起的。
# > - **4.10** 业务大并发需求未提前告知，短信普通用户达到百万条/天/账号、或短信渠道用户达到亿条/天/账号。
# > - **4.13** 腾讯云预先通知用户后进行系统维护所引起的，包括割接、维修、升级和模拟故障演练。
# > - **4.14** 任何腾讯云设备以外的网络、设备故障或配置调整引起的。

# %% [markdown] tags=["zh"]
# 发往**非有效号码**（§1.4：空号、关机、停机、黑名单……）的短信根本不算有效发送。

# %% [markdown] tags=["en"]
# Sends to **invalid numbers** (§1.4: empty, powered-off, suspended, blacklisted…) are not valid
# sends at all.

# %% tags=["zh"]
from slakit.ui.course import Course

course = Course("zh")

# %% tags=["en"]
from slakit.ui.course import Course

course = Course("en")

# %% [markdown] tags=["zh"]
# §4.10 的未提前告知大并发门槛：

# %% [markdown] tags=["en"]
# The §4.10 thresholds of undeclared high concurrency:

# %%
course.example("high-concurrency")

# %% [markdown] tags=["zh"]
# ## 例题：排除维护期间的失败
#
# 某月共发送 1,000,000 条：20,000 条发往非有效号码，30,000 条在预先通知的维护期间失败（§4.13），另有 40,000 条明确失败。

# %% [markdown] tags=["en"]
# ## Worked example: excluding a maintenance window
#
# A month has 1,000,000 sends: 20,000 to invalid numbers, 30,000 failed during announced
# maintenance (§4.13), 40,000 other explicit failures.

# %%
course.example("maintenance-excluded")

# %% [markdown]
# > **服务协议 · 服务费用 4** 实际计费可能会有误差，5%（计费短信条数/提交成功短信条数）以内的误差率属于正常范围，以腾讯云账单为准。

# %% [markdown] tags=["zh"]
# ## 计费
#
# 短信按**提交成功**的条数计费；5% 以内的差异（计费条数 ÷ 提交成功条数）属于正常，以账单为准。

# %% [markdown] tags=["en"]
# ## Billing
#
# SMS are billed per message **successfully submitted**; a discrepancy within 5 % (billed ÷
# submitted) is normal and the bill prevails.

# %%
course.example("billing-103k")

# %% [markdown] tags=["zh"]
# ## 练习

# %% [markdown] tags=["en"]
# ## Exercises

# %%
course.exercise("valid-after-exclusions")

# %%
course.exercise("billing-106k")
