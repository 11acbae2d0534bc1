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

# %% tags=["parameters", "remove-cell"]
customer_id = "C007"
customer_name = "北京启明教育"
start = "2026-06-17"
months = 3
figures = "../../data/sample/account-months.csv"
policy = "tencent-sms-2020-09-23"
lang = "zh"
report_date = ""  # ISO date; empty means today
archive = ""  # a receipts archive (DuckDB file): counts from receipts instead of the CSV
account = ""  # the account in the archive; empty means customer_id
windows = ""  # exclusion windows file (SLA §4), with an archive

# %% tags=["remove-cell"]
from IPython.display import HTML, Image, display

from slakit.reports.text import text
from slakit.reports.model import MIME, build_report

report = build_report(customer_id, customer_name, start, months, figures, policy,
                      report_date or None, lang, archive=archive or None, account=account or None,
                      windows=windows or None)

# %% tags=["remove-input"]
display(HTML(report.headline_html()))

# %% tags=["remove-input"]
display(HTML(f"<h2>{text(lang, 'months_heading')}</h2>"))
display(HTML(report.months_table().to_html(index=False)))

# %% tags=["remove-input"]
display(Image(report.chart_png()))

# %% tags=["remove-input"]
if report.daily_failures:
    display(Image(report.daily_chart_png()))

# %% tags=["remove-input"]
display(HTML(report.explanations_html()))

# %% tags=["remove-input"]
display(HTML(report.evidence_html()))

# %% tags=["remove-cell"]
display({MIME: report.summary()}, raw=True)
