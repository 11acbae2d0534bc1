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
# # Policy lab
#
# What would the SLA — or a variant of it — pay across a portfolio of accounts?
#
# - **Policies**: pick two or more shipped policies, or name your own policy file (a copy of a
#   shipped one with its figures changed).
# - **Portfolio**: the shipped sample of 22 customers, your own CSV of account-months (rows that
#   cannot be assessed are listed with file, line, field and value), or a Monte Carlo of incidents:
#   how often they happen, how long they last, how much fails while they last, and when in the day
#   and week the volume is sent (an incident at 3 am costs less than one at 11 am).
# - **Results**: total credit, credit by tier (SLA §3.1), the share of accounts compensated, how
#   many credits hit the cap (SLA §3.1(2)), the distribution of monthly availability and of the
#   credit, and how the total moves with the availability target (SLA §2.2).
#
# Money is exact (`Decimal`); the charts alone use floating point.

# %%
from slakit.ui import policy_lab

policy_lab()

# %% [markdown]
# ## One account, 10,000 simulated months
#
# The spread of a single account's monthly availability and credit under the SLA, with the
# Monte Carlo's default incidents (on average one every two months, lasting six hours, failing
# 80 % of the SMS sent meanwhile).

# %%
from slakit import load_policy
from slakit.lab import IncidentModel, outlook, simulate

one_account = outlook(simulate(IncidentModel(accounts=1, months=10_000), seed=1), load_policy())
display(one_account.tiers(), one_account.table())
print(f"expected credit per month: {one_account.expected_credit:.2f} yuan")
