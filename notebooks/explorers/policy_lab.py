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
# # 协议实验室 · Policy lab
#
# 这份 SLA（或它的某个变体）在一批账户上会赔付多少？
#
# - **协议版本**：选择两个或更多内置协议，或填写你自己的协议文件（复制一个内置协议并修改其中的数值）。
# - **账户组合**：内置的 22 个客户样例、你自己的账户月文件（CSV、Parquet，或 DuckDB 数据库加一条查询；
#   无法核算的行会列出文件、行号、字段和值；大文件在后台计算并显示进度，只读取一次），
#   或故障的蒙特卡洛模拟：故障多频繁、持续多久、期间失败多少，以及一天和一周中何时发送（凌晨 3 点的故障
#   比上午 11 点的代价小）。
# - **结果**：总赔付、各档位赔付（SLA §3.1）、获赔账户占比、触及上限的赔偿数（SLA §3.1(2)）、月度服务可用性
#   和赔偿金额的分布，以及总赔付随可用性标准（SLA §2.2）的变化。右上角可切换中文与 English。
#
# What would the SLA — or a variant of it — pay across a portfolio of accounts?
#
# - **Policies**: pick two or more shipped policies, or name your own policy file (a copy of a
#   shipped one with its figures changed).
# - **Portfolio**: the shipped sample of 22 customers, your own file of account-months (CSV, Parquet,
#   or a DuckDB database and a query; rows that cannot be assessed are listed with file, line or
#   row, field and value; a large file is read once and computed in the background, with its
#   progress shown), or a Monte Carlo of incidents:
#   how often they happen, how long they last, how much fails while they last, and when in the day
#   and week the volume is sent (an incident at 3 am costs less than one at 11 am).
# - **Results**: total credit, credit by tier (SLA §3.1), the share of accounts compensated, how
#   many credits hit the cap (SLA §3.1(2)), the distribution of monthly availability and of the
#   credit, and how the total moves with the availability target (SLA §2.2). Switch between 中文
#   and English at the top right.
#
# 金额精确计算（`Decimal`），仅图表使用浮点数。Money is exact (`Decimal`); the charts alone use
# floating point.
#
# > 运行笔记本即可开始（Run ▸ Run All Cells）。Run the notebook to start (Run ▸ Run All Cells).

# %%
from slakit.ui import policy_lab

policy_lab()

# %% [markdown]
# ## 单个账户的 10,000 个模拟月 · One account, 10,000 simulated months
#
# 在内置 SLA 下，单个账户月度服务可用性与赔偿金额的分布，采用蒙特卡洛模拟的默认故障设定（平均每两个月一次，
# 持续六小时，期间 80% 的短信发送失败）。每一行是各自独立的分布：可用性最低的月份不一定是赔偿最高的月份。
#
# The spread of a single account's monthly availability and credit under the SLA, with the
# Monte Carlo's default incidents (on average one every two months, lasting six hours, failing
# 80 % of the SMS sent meanwhile). Each row is a distribution of its own: the month with the
# lowest availability need not be the month with the highest credit.

# %%
from slakit import load_policy
from slakit.lab import IncidentModel, outlook, simulate
from slakit.ui import outlook_view

outlook_view(outlook(simulate(IncidentModel(accounts=1, months=10_000), seed=1), load_policy()))
