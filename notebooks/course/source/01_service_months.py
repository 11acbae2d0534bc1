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
# # 第 1 课 · 术语与服务月度（SLA §1）
#
# SLA 的一切计算都以**服务月度**为单位。在看任何数字之前，先弄清什么是服务月度。
#
# 这门课共五课，每课先讲条款，再看例题，最后做练习：在答案框中填写答案并按“检查”，答对后会显示解析；也可以按“显示答案”。运行笔记本即可开始（Run ▸ Run All Cells）。

# %% [markdown] tags=["en"]
# # Lesson 1 · Terms and service months (SLA §1)
#
# The SLA counts everything **per service month** (服务月度). Before any figure, learn what a
# service month is.
#
# The course has five lessons; each reads a clause, works an example, then asks you. Type an
# answer and press *Check*: a right answer shows why; *Show answer* shows it anyway. Run the
# notebook to start (Run ▸ Run All Cells). The SLA is quoted in its original Chinese.

# %% [markdown]
# > **SLA §1.5** 服务月度是指您购买本服务的服务期限所包含的各个自然月度，例如，您购买三个月本服务，服务开通之日为3月17日，则包含4个服务月度，其中第1个服务月度是指3月17日到3月31日，第2个服务月度是指4月1日到4月30日，第3个服务月度是指5月1日到5月31日，第4个服务月度是指6月1日到6月16日。服务可用性按服务月度单独核算。

# %% [markdown] tags=["zh"]
# 服务期限内的每个**自然月**都是一个服务月度，第一个和最后一个可能不足一个月。其他会用到的术语：
#
# | 术语 | 含义 |
# |---|---|
# | 明确失败（§1.2） | 由于腾讯云的原因，短信无法提交至有效号码终端 |
# | 发送短信有效数（§1.3） | 发送至有效号码的短信总数；发往非有效号码的不计入 |
# | 有效号码（§1.4） | 可正常使用的号码，不含空号、关机、停机等异常号码、终端原因无法接收的号码和黑名单号码 |
# | 服务月度服务费用（§1.6） | 该服务月度实际消耗的费用，不含已购买尚未消费的部分 |

# %% [markdown] tags=["en"]
# Each *natural* month inside the purchased term is a service month; the first and the last may be
# partial. Other terms you will meet:
#
# | term | Chinese | meaning |
# |---|---|---|
# | explicit failure (§1.2) | 明确失败 | an SMS that, for the provider's reasons, could not reach a valid number |
# | valid sends (§1.3) | 发送短信有效数 | SMS sent to valid numbers; sends to invalid numbers do not count |
# | valid number (§1.4) | 有效号码 | a number in normal use: not empty, off, suspended, unreachable for handset reasons or blacklisted |
# | service-month fee (§1.6) | 服务月度服务费用 | the fee actually consumed in the month, not unused package balance |

# %% tags=["zh"]
from slakit.ui.course import Course

course = Course("zh")

# %% tags=["en"]
from slakit.ui.course import Course

course = Course("en")

# %% [markdown] tags=["zh"]
# ## 例题：购买三个月，3 月 17 日开通
#
# SLA 自己的例子：得到**四个**服务月度。

# %% [markdown] tags=["en"]
# ## Worked example: three months bought, service opened on 17 March
#
# The SLA's own example gives **four** service months.

# %%
course.example("four-service-months")

# %% [markdown] tags=["zh"]
# 第一个服务月度是 3 月 17–31 日（不足月），4 月和 5 月是完整月，最后一个是 6 月 1–16 日（不足月）：三个月的服务在 6 月 16 日结束。
#
# ## 练习

# %% [markdown] tags=["en"]
# The first month runs 17–31 March (partial), then April and May in full, and the last month is
# 1–16 June (partial): three months of service end on 16 June.
#
# ## Exercises

# %%
course.exercise("months-in-term")

# %%
course.exercise("last-day")
