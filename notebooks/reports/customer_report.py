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
calendar = ""  # official working days (WorkingDays file) for years not yet published

# %% tags=["remove-cell"]
from IPython.display import HTML, Image, display

from slakit.reports import MIME, ReportRequest, build_report, render
from slakit.reports.text import text

request = ReportRequest.from_parameters(
    customer_id=customer_id, customer_name=customer_name, start=start, months=months,
    figures=figures, policy=policy, lang=lang, report_date=report_date, archive=archive,
    account=account, windows=windows, calendar=calendar)
report = build_report(request)

# %% tags=["remove-input"]
display(HTML(render.headline_html(report)))

# %% tags=["remove-input"]
display(HTML(f"<h2>{text(lang, 'months_heading')}</h2>"))
display(HTML(render.months_table_html(report)))

# %% tags=["remove-input"]
display(Image(render.chart_png(report)))

# %% tags=["remove-input"]
if report.daily_failures:
    display(Image(render.daily_chart_png(report)))

# %% tags=["remove-input"]
if report.current:  # the report date falls inside a service month counted from receipts
    display(HTML(render.current_month_html(report)))

# %% tags=["remove-input"]
display(HTML(render.explanations_html(report)))
display(HTML(render.readings_html(report)))

# %% tags=["remove-input"]
display(HTML(render.evidence_html(report)))

# %% tags=["remove-cell"]
display({MIME: report.summary().to_dict()}, raw=True)
