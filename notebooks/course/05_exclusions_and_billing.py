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
# # 5 · What does not count, and billing (SLA §4, service agreement)
#
# Failures caused by the customer or by outside parties are **outside the calculation** (SLA §4):
# they leave both the failures and the valid sends. Among them:
#
# | clause | cause |
# |---|---|
# | §4.6 | flow control, sensitive-word and other content-security controls |
# | §4.8 | controls by MIIT, communication administrations or carriers |
# | §4.10 | undeclared high concurrency: ≥ 1,000,000 SMS/day per account (ordinary), ≥ 100,000,000 (channel) |
# | §4.13 | pre-announced maintenance |
# | §4.14 | networks or equipment outside the provider |
#
# Sends to **invalid numbers** (§1.4: empty, powered-off, suspended, blacklisted…) are not valid
# sends at all.

# %%
from slakit import assess, load_policy, reconcile_billing
from slakit.ui import Exercise

policy = load_policy()
print("§4.10 thresholds:", policy.high_concurrency)

# %% [markdown]
# ## Worked example: excluding a maintenance window
#
# A month has 1,000,000 sends: 20,000 to invalid numbers, 30,000 failed during announced
# maintenance (§4.13), 40,000 other explicit failures.

# %%
valid = 1_000_000 - 20_000 - 30_000
a = assess(valid, 40_000, fee="45000.00", list_price="0.045")
print(a.explanation)

# %% [markdown]
# ## Billing
#
# SMS are billed per message **successfully submitted**; a discrepancy within 5 % (billed ÷
# submitted) is normal and the bill prevails.

# %%
print(reconcile_billing(billed=103_000, submitted=100_000))

# %% [markdown]
# ## Exercises

# %%
Exercise("In the example above, how many valid sends does the month have?", valid,
         "1,000,000 − 20,000 invalid − 30,000 excluded = 950,000.")

# %%
Exercise("Is a bill for 106,000 SMS against 100,000 successfully submitted within the tolerance? "
         "(yes / no)", reconcile_billing(106_000, 100_000).within_tolerance,
         "6 % is more than the 5 % the agreement calls normal.")
