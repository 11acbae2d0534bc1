# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python (slakit)
#     language: python
#     name: slakit
# ---

# %% tags=["parameters", "remove-cell"]
statement = ""  # a report as slakit report states it (its summary.json); empty: the customer below
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
customer_type = "ordinary"  # SLA §4.10: ordinary or channel, with an archive
declared = ""  # days whose high volume was declared in advance, FIRST/LAST;…
cloud_account = ""  # the Tencent Cloud account ID or SMS SdkAppId the claim ticket names

# %% tags=["remove-cell"]
from IPython.display import HTML, SVG, display

from slakit.reports import ReportRequest, build_report, open_report, render
from slakit.reports.text import text

report = open_report(statement) if statement else build_report(ReportRequest.from_parameters(
    customer_id=customer_id, customer_name=customer_name, start=start, months=months,
    figures=figures, policy=policy, lang=lang, report_date=report_date, archive=archive,
    account=account, windows=windows, calendar=calendar, customer_type=customer_type,
    declared=declared, cloud_account=cloud_account))
lang = report.lang

# %% tags=["remove-input"]
display(HTML(render.headline_html(report)))
display(HTML(render.next_step_html(report)))

# %% tags=["remove-input"]
display(HTML(f"<h2>{text(lang, 'months_heading')}</h2>"))
display(HTML(render.months_table_html(report)))

# %% tags=["remove-input"]
display(SVG(render.chart_svg(report)))

# %% tags=["remove-input"]
if report.daily_failures:
    display(SVG(render.daily_chart_svg(report)))

# %% tags=["remove-input"]
if report.current:  # the report date falls inside a service month counted from receipts
    display(HTML(render.current_month_html(report)))

# %% tags=["remove-input"]
display(HTML(render.explanations_html(report)))
display(HTML(render.readings_html(report)))

# %% tags=["remove-input"]
display(HTML(render.evidence_html(report)))

# %% tags=["remove-input"]
display(HTML(render.appendix_html(report)))  # with the ticket text: the PDF alone is enough to claim
