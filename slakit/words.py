"""Every word slakit says, in one catalogue: each entry is ``code: (zh, en)``, Chinese first, both
languages side by side. Surfaces never hold text of their own; they name an entry and its values.

- ``term.*``: the glossary, the shared terms every surface uses in one wording each;
- ``error.*``: the problems an error states (:class:`~slakit.errors.SlakitError` carries the code
  and its values), ``frame.*`` the words around them (file, line, field);
- one section per surface after those.

Chinese text takes full-width punctuation (``：``, ``，``, ``（）``); typography that depends on
values (a date range, a deadline) lives in :mod:`slakit.format`.

>>> say("zh", "error.decimal_places", places=2), say("en", "error.decimal_places", places=2)
('小数位超过 2 位', 'has more than 2 decimal places')
>>> said = Said("frame.where", {"where": "m.csv", "problem": Said("error.not_decimal")})
>>> said.text("zh"), str(said)
('m.csv：不是有效的金额', 'm.csv: is not a decimal amount')
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["zh", "en"]

WORDS: dict[str, tuple[str, str]] = {
    # --- the words around a problem: where it is, which field, which value -----------------------
    "frame.where": ("{where}：{problem}", "{where}: {problem}"),
    "frame.line": ("{source}，第 {line} 行", "{source}, line {line}"),
    "frame.row": ("{source}，第 {line} 行", "{source}, row {line}"),
    "frame.only_line": ("第 {line} 行", "line {line}"),
    "frame.only_row": ("第 {line} 行", "row {line}"),
    "frame.field": ("字段 {field!r} = {value!r}：{problem}", "field {field!r} = {value!r}: {problem}"),
    "frame.value": ("{value!r}：{problem}", "{value!r}: {problem}"),
    "frame.error": ("错误：{message}", "error: {message}"),
    "cli.terminated": ("已停止（SIGTERM）", "stopped (SIGTERM)"),
    "cli.interrupted": ("已中断", "interrupted"),

    # --- problems, by code: what an error says is wrong -------------------------------------------
    # rule files and their fields
    "error.not_table": ("须为一个表", "must be a table"),
    "error.missing": ("缺失", "is missing"),
    "error.not_text": ("须为非空字符串", "must be a non-empty string"),
    "error.one_of": ("须为以下之一：{choices}", "must be one of {choices}"),
    "error.not_bilingual": ('须为文字，或两种语言不同时写作 {{ en = "…", zh = "…" }}',
                            'must be text, or {{ en = "…", zh = "…" }} where the languages differ'),
    "error.not_texts": ("须为非空的字符串列表", "must be a non-empty list of strings"),
    "error.whole_at_least": ("须为不小于 {minimum} 的整数", "must be a whole number ≥ {minimum}"),
    "error.decimal_string": ('须为小数字符串，例如 "0.95"', 'must be a decimal string such as "0.95"'),
    "error.not_decimal_number": ("不是有效的小数", "is not a decimal number"),
    "error.not_ratio": ("须在 0 至 1 之间", "must lie between 0 and 1"),
    "error.decimal_places": ("小数位超过 {places} 位", "has more than {places} decimal places"),
    "error.not_moment": ("须为日期时间，例如 2026-03-01T01:00:00+08:00",
                         "must be a date-time such as 2026-03-01T01:00:00+08:00"),
    "error.not_dates": ("须为日期列表", "must be a list of dates"),
    "error.not_date": ("不是日期（YYYY-MM-DD）", "is not a date (YYYY-MM-DD)"),
    "error.not_tables": ("须为非空的表数组", "must be a non-empty array of tables"),
    "error.unknown_field": ("不是可识别的字段", "is not a known field"),
    "error.unreadable": ("无法读取：{why}", "cannot be read: {why}"),
    "error.not_toml": ("不是有效的 TOML：{detail}", "is not valid TOML: {detail}"),
    "error.must_be": ("须为 {expected!r}", "must be {expected!r}"),
    "error.not_shipped_policy": ("既不是内置协议（{shipped}），也不是协议文件（以 .toml 结尾的路径）",
                                 "is not a shipped policy ({shipped}) nor a policy file (a path ending in .toml)"),
    "error.not_shipped_code_map": ("既不是内置状态码映射表（{shipped}），也不是映射表文件（以 .toml 结尾的路径）",
                                   "is not a shipped code map ({shipped}) nor a code map file "
                                   "(a path ending in .toml)"),
    "error.calendar_old_layout": (
        '是旧格式（年份位于顶层）：请添加 apiVersion = "slakit/v1"、kind = "WorkingDays" 及带 name 的 '
        '[metadata] 表，并将每个 ["2027"] 表改名为 [spec."2027"]',
        'is in the old layout (years at the top): add apiVersion = "slakit/v1", kind = "WorkingDays" and a '
        '[metadata] table with a name, and rename each ["2027"] table to [spec."2027"]'),
    "error.few_working_days": ("{month} 的工作日少于 {n} 个", "{month} has fewer than {n} working days"),
    "error.not_year_table": ("须为以年份命名的表", "must be a table named after a year"),
    "error.not_in_year": ("不在 {year} 年内", "is not in {year}"),
    # dates and terms
    "error.year_range": ("超出 {first} 至 {last} 年的范围", "is outside the years {first}–{last}"),
    "error.not_a_date": ("不是日期", "is not a date"),
    "error.whole_from_1": ("须为 1 至 {high} 之间的整数", "must be a whole number from 1 to {high}"),
    "error.not_valid_date": ("不是有效的日期（YYYY-MM-DD）", "is not a valid date (YYYY-MM-DD)"),
    "error.span_no_last": ("“/”后缺少最后一天：请写作 FIRST/LAST 或单独一天",
                           "has no last day after '/': give FIRST/LAST or one day"),
    "error.span_order": ("结束日不能早于开始日", "must end on or after the day it starts"),
    "error.record_policy": ("不是 {source} 中的协议（{policy}）", "is not the policy in {source} ({policy})"),
    "error.record_kind": ("不是 {kind}", "is not a {kind}"),
    # folders and files written
    "error.not_folder": ("是文件，不是文件夹", "is a file, not a folder"),
    "error.not_file": ("是文件夹，不是文件", "is a folder, not a file"),
    "error.kit_clash": ("已包含 {first} 等另外 {more} 个套件文件；如需覆盖，请加 --force",
                        "already holds {first} and {more} more kit files; pass --force to overwrite them"),
    "error.cannot_make": ("无法创建：{why}", "cannot be made: {why}"),
    "error.not_writable": ("不可写入", "is not writable"),
    "error.no_parent": ("无法写入：文件夹 {folder} 不存在", "cannot be written: there is no folder {folder}"),
    "error.write_denied": ("无法写入：没有权限", "cannot be written: permission denied"),
    "error.cannot_write": ("无法写入：{why}", "cannot be written: {why}"),
    # what the OS said
    "error.os_missing": ("文件或文件夹不存在", "No such file or directory"),
    "error.os_denied": ("没有权限", "Permission denied"),
    "error.os_folder": ("是文件夹", "Is a directory"),
    "error.os_not_folder": ("路径中有一项不是文件夹", "Not a directory"),
    "error.os_io": ("输入输出错误", "Input/output error"),
    "error.os_full": ("磁盘空间不足", "No space left on device"),
    "error.os_read_only": ("只读文件系统", "Read-only file system"),
    "error.os_long": ("文件名过长", "File name too long"),
    "error.os_other": ("系统错误：{detail}", "{detail}"),
    # amounts and counts
    "error.binary_float": ("是二进制浮点数：金额请用字符串或 Decimal 表示",
                           "is a binary float; give money as a string or Decimal"),
    "error.not_decimal": ("不是有效的金额", "is not a decimal amount"),
    "error.thousands": ("千位分隔符位置不对", "has misplaced thousands separators"),
    "error.not_finite": ("不是有限的金额", "is not a finite amount"),
    "error.negative": ("不能为负数", "must not be negative"),
    "error.largest_amount": ("超过 {largest:,}，即 slakit 可核算的最大金额",
                             "exceeds {largest:,}, the largest amount slakit assesses"),
    "error.largest_count": ("超过 {largest:,}，即 slakit 可核算的最大数量",
                            "exceeds {largest:,}, the largest count slakit assesses"),
    "error.not_positive": ("须大于零", "must be greater than zero"),
    "error.not_whole": ("须为整数", "must be a whole number"),
    "error.deductions_exceed": ("超过实际消耗费用（{fee}）", "exceed the consumed fee ({fee})"),
    "error.deductions_exceed_fee": ("超过实际消耗费用", "exceed the consumed fee"),
    "error.paid_exceeds": (
        "超过扣除抵扣后的费用 {fee} − {deductions} = {net}：一个月的已付费用至多为其实际消耗费用减去代金券、"
        "优惠券与减免（SLA §1.6、§3.1(2)）",
        "exceeds the fee net of deductions, {fee} − {deductions} = {net}: the fee paid for a month is at "
        "most what it consumed, less vouchers, coupons and reductions (SLA §1.6, §3.1(2))"),
    "error.credited_exceed": ("超过{what}（{paid}）：服务期限内的赔偿总额不超过为其支付的费用（SLA §5.1）",
                              "exceeds {what} ({paid}): a term's compensation never exceeds the fees paid "
                              "for it (SLA §5.1)"),
    "term.fees_paid_before": ("此前已付费用", "the fees paid before"),
    "error.failures_exceed": ("超过有效发送数（{valid}）：明确失败计在有效发送之内",
                              "exceeds valid_sends ({valid}): failures are counted among valid sends"),
    "error.failures_exceed_valid": ("超过有效发送数：明确失败计在有效发送之内",
                                    "exceeds valid_sends: failures are counted among valid sends"),
    "error.undelivered_exceed": ("超过存疑与未归类的发送数", "exceeds the disputed and unclassified sends"),
    "error.disputed_exceed": ("超过明确失败数（{failures}）：存疑发送计在其中",
                              "exceeds explicit_failures ({failures}): the disputed sends are counted among them"),
    "error.on_needed": ("陈述服务月度需要日期：即状态所对应的日期",
                        "is needed to state a service month: the date its status is for"),
    "error.other_policy": ("与服务期限的协议 {policy} 不同", "differs from the term's policy {policy}"),
    "error.on_needs_month": ("需要 --month：某日的状态属于某个服务月度",
                             "needs --month: the status on a date is a service month's"),
    "error.credited_needs_paid": ("需要 --paid-before，即获得该赔偿的此前各月已付费用（SLA §5.1）",
                                  "needs --paid-before, the fees paid in the term's earlier months it was "
                                  "earned on (SLA §5.1)"),
    # tables of account-months
    "frame.and_fields": ("{problem}{more}", "{problem}{more}"),
    "frame.and_field": ("；以及字段 {field!r} = {value!r}：{problem}", "; and field {field!r} = {value!r}: {problem}"),
    "error.month_repeats": ("与 customer_id {customer!r} 的另一行月份重复", "repeats a month of customer_id {customer!r}"),
    "error.column_missing_need": ("缺少该列；需要 {need}", "column is missing; need {need}"),
    "error.column_missing": ("缺少该列", "column is missing"),
    "error.bad_rows": ("{problem}（第 {row} 行；共 {n} 行有误）", "{problem} (row {row}; {n} bad rows in all)"),
    "error.no_columns": ("没有任何列", "has no columns"),
    "error.duckdb_needs_query": ("是 DuckDB 数据库：请给出选出账户月的查询",
                                 "is a DuckDB database: give the query that selects the account-months"),
    "error.tier_order": ("各档须自可用性标准起依次降低，每档低于上一档",
                         "tiers must go from the target downwards, each below the last"),
    # files read: CSV, Parquet, DuckDB
    "error.not_parquet": ("无法作为 Parquet 读取：{detail}", "cannot be read as Parquet: {detail}"),
    "error.not_duckdb": ("不是 DuckDB 数据库：CSV 或 Parquet 文件请直接作为账户组合文件，不填查询",
                         "is not a DuckDB database: for a Parquet or CSV file, pass it as the portfolio "
                         "file, without a query"),
    "error.no_select": ("未选出任何行：请给出 SELECT 查询", "selects no rows: give a SELECT"),
    "error.duckdb": ("DuckDB 报错：{detail}", "{detail}"),
    "error.gzip_damaged": ("gzip 数据已损坏：{detail}", "{detail}"),
    "error.gzip_cut": ("文件提前结束：gzip 数据不完整",
                       "Compressed file ended before the end-of-stream marker was reached"),
    "error.not_utf8_csv": ("不是 UTF-8 文本：请另存为“CSV UTF-8”", "is not UTF-8 text: save it as 'CSV UTF-8'"),
    "error.header_empty": ("为空：第一行须写明各列名称", "is empty: the first line must name the columns"),
    "error.column_twice": ("列名重复", "names a column twice"),
    "error.empty_file": ("为空：没有表头，也没有数据行", "is empty: no header, no rows"),
    "error.row_fields": ("有 {fields} 个字段；表头有 {header} 个", "has {fields} fields; the header has {header}"),
    "error.not_csv": ("无法作为 CSV 读取：{detail}", "cannot be read as CSV: {detail}"),
    # receipts: files, records, archives
    "error.gzip_ends_early": ("文件提前结束：gzip 数据不完整", "the file ends early: its gzip stream is cut short"),
    "error.file_damaged": ("文件已损坏：“{detail}”", "the file is damaged: {detail}"),
    "error.no_records": ("为空：没有记录", "is empty: no records"),
    "error.holds_no_records": ("不含任何记录", "holds no records"),
    "error.not_json": ("不是有效的 JSON：“{detail}”", "is not valid JSON: {detail}"),
    "error.json_broken": ("不是有效的 JSON（不完整或格式有误）", "is not valid JSON (cut short or malformed)"),
    "error.nested": ("嵌套过深，不可能是回执或发送记录", "is nested too deeply to be a receipt or send record"),
    "error.not_utf8": ("不是 UTF-8 文本", "is not UTF-8 text"),
    "error.not_object": ("不是 JSON 对象", "is not a JSON object"),
    "error.pull_version": ("是未知版本的拉取接口结果：应为 2021-01-11 或 2019-07-11 版的字段",
                           "is a pull API result of an unknown version: expected the fields of 2021-01-11 "
                           "or 2019-07-11"),
    "error.no_format": ("不符合任何已知格式：{formats}", "matches no known format: {formats}"),
    "error.unknown_format": ("不是已知格式：{formats}", "is not a known format: {formats}"),
    "error.unix_seconds": ("须为整数 Unix 秒", "must be whole Unix seconds"),
    "error.time_or_seconds": ("须为日期时间文本或整数 Unix 秒", "must be date-time text or whole Unix seconds"),
    "error.not_string": ("须为字符串", "must be a string"),
    "error.empty": ("为空", "is empty"),
    "error.not_time": ("不是日期时间：请用 YYYY-MM-DD HH:MM:SS（北京时间）、带时区的 ISO 8601 或 Unix 秒",
                       "is not a date-time: use YYYY-MM-DD HH:MM:SS (China time), ISO 8601 with an offset, "
                       "or Unix seconds"),
    "error.outside_sla": ("超出本 SLA 的期限：早于 {since} 或在未来",
                          "is outside the SLA's term: before {since} or in the future"),
    "error.no_archive": ("归档库不存在：请先导入回执文件（slakit ingest）", "no such archive: ingest some files first"),
    "error.archive_open": ("{path}：无法打开归档库：“{detail}”", "{path}: cannot open the archive: {detail}"),
    "error.not_archive": ("{path}：不是回执归档库（没有 sends 与 receipts 表）：请用 slakit ingest 创建",
                          "{path}: is not a receipts archive (no sends and receipts tables): make one with "
                          "slakit ingest"),
    "error.no_json_files": ("是不含 JSON 文件（*.json、*.json.gz）的文件夹",
                            "is a folder with no JSON files (*.json, *.json.gz)"),
    "error.no_records_in": ("在{where}中没有记录", "has no records in the {where}"),
    "error.no_records_from": ("在{where}中 {first} 至 {last} 没有记录；其记录范围为 {since} 至 {until}",
                              "has no records from {first} to {last} in the {where}; its records run from "
                              "{since} to {until}"),
    "term.exported_archive": ("导出的归档库 {db} ", "exported archive {db}"),
    "term.archive_at": ("归档库 {db} ", "archive {db}"),
    "error.needs_spark": ("需要 Apache Spark：pip install slakit[spark]", "needs Apache Spark: pip install slakit[spark]"),
    "error.best_disputed_only": ("仅适用于存疑状态码：{cls} 类发送在区间两端计法相同",
                                 "is for disputed codes only: a send of class {cls} counts the same at both "
                                 "ends of the band"),
    "error.end_after_start": ("须晚于开始时间", "must come after start"),
    "error.incident_order": ("结束须晚于开始", "must end after it starts"),
    "error.account_empty": ("为空：请填写账号", "is empty: name the account"),
    "error.blanks": ("首尾有空白", "has blanks at its start or end"),
    "error.too_long": ("超过 {n} 个字符", "is longer than {n} characters"),
    "error.control_characters": ("含控制字符", "holds control characters"),
    "error.account_path": ("不能含 '/' 或 '\\'，也不能以 '.' 开头", "must not contain '/' or '\\' nor start with '.'"),
    # the policy lab, the month in progress, the notebooks' controls
    "error.on_in_month": ("须在服务月度 {month} 之内、其最后一天之前：已结束的月度请直接核算，不作预测",
                          "must fall inside the service month {month} and before its last day: a finished "
                          "month is assessed, not projected"),
    "error.fee_and_price": ("请同时给出本月预计费用与刊例价，或都不给",
                            "give both the month's expected fee and the list price, or neither"),
    "error.before_needs_fee": ("需要本月预计费用与刊例价：它只影响赔偿金额",
                               "needs the month's expected fee and list price: it bears on the credit only"),
    "error.days_so_far": ("须在 1 至 {high} 之间：服务月度 {month} 共 {days} 天，已结束的月度请直接核算，不作预测",
                          "must be from 1 to {high}: the service month {month} has {days} days, and a finished "
                          "month is assessed, not projected"),
    "error.failures_between": ("须在 0 与有效发送数（{valid}）之间", "must be between 0 and the valid sends ({valid})"),
    "error.day_failures_between": ("（{day}）须在 0 与有效发送数（{valid}）之间",
                                   "on {day} must be between 0 and the valid sends ({valid})"),
    "error.twice": ("出现两次", "appears twice"),
    "error.few_days": ("（截至 {on} 的最近 {lookback} 天中有发送的天数）：预测至少需要 {least} 天",
                       "with sends up to {on} in the last {lookback} days: a projection needs at least {least}"),
    "error.whole_between": ("须为 {low} 至 {high:,} 之间的整数", "must be a whole number from {low} to {high:,}"),
    "error.account_months": ("× 月数超过 {most:,} 个账户月", "× months exceeds {most:,} account-months"),
    "error.number_to": ("须为 0 至 {most:g} 之间的数", "must be a number from 0 to {most:g}"),
    "error.weights": ("须为 {size} 个不小于 0 且不全为零的权重", "must be {size} weights ≥ 0, not all zero"),
    "error.target_range": ("须大于 0 且不超过 1", "must lie above 0 and at most 1"),
    "error.target_denominator": ("须为分母不超过 {most:,} 的比例（精确到小数点后 4 位的百分比）",
                                 "must be a ratio with a denominator of at most {most:,} (a percentage to 4 "
                                 "decimal places)"),
    "error.target_above": ("高于这些月份排序时所用的 {up_to}", "lies above the {up_to} these months were sorted for"),
    "error.no_policies": ("请至少选择一个协议版本进行对比", "pick at least one policy to compare"),
    "error.none_to_describe": ("没有可描述的账户月", "there are none to describe"),
    "error.not_in_term": ("不在服务期限 {first} 至 {last} 内", "is not in the term {first} – {last}"),
    "error.no_records_month": ("在归档库 {db} 中 {first} 至 {last} 没有记录：没有数据不等于本月达标",
                               "has no records from {first} to {last} in the archive {db}: no data is not a "
                               "month on target"),
    "error.pick_date": ("未填写：请选择日期", "is empty: pick a date"),
    "error.pick_archive": ("未填写：请填写 slakit ingest 生成的归档库", "is empty: give an archive made with slakit ingest"),
    "error.pick_counted_to": ("未填写：请选择统计截至日期", "is empty: pick the last day counted"),
    "error.pick_portfolio": (
        "未填写：请填写账户月文件（CSV 或 Parquet，列为 valid_sends、explicit_failures、fee、deductions、"
        "list_price），或 DuckDB 数据库并填写查询",
        "is empty: name a CSV or Parquet file of account-months (columns valid_sends, explicit_failures, fee, "
        "deductions, list_price), or a DuckDB database and a query"),
    # reports and their batch
    "error.no_customers": ("没有客户：只有表头", "holds no customers: only a header"),
    "error.twice_first": ("出现两次（首次在第 {line} 行）", "appears twice (first on line {line})"),
    "error.not_folder_name": ("不能用作输出文件夹内的文件夹名", "cannot be a folder name inside the output folder"),
    "error.does_not_exist": ("不存在", "does not exist"),
    "error.not_in": ("不在 {where} 中", "is not in {where}"),
    "error.records_rejected": ("{n:,} 条记录被拒绝，第一条：{first}", "{n:,} records rejected, first: {first}"),
    "error.stray_output": ("报告输出了 {stray!r}，这不能给客户看到；未写入任何文件",
                           "the report printed {stray!r}, which no customer may see; nothing was written"),
    "error.python": ("{kind}：“{detail}”", "{kind}: {detail}"),
    "error.seconds": ("须为正的秒数", "must be a positive number of seconds"),
    "error.pdf": ("Chromium 无法打印 PDF：“{detail}”", "chromium could not print the PDF: {detail}"),
    "error.kernel_twice": ("内核两次失败（第二次为新启动的内核）：{kind}：“{detail}”",
                           "the kernel failed twice, the second time a fresh one: {kind}: {detail}"),
    "error.twice_customer": ("在该客户中出现两次", "appears twice for this customer"),
    "error.no_rows": ("在 {figures} 中没有数据行：没有数据不等于无需赔偿；请提供该客户的月度数据，或更正客户编号",
                      "has no rows in {figures}: no data is not nothing owed; give the customer's monthly "
                      "figures, or fix the id"),
    "error.no_rows_near": ("在 {figures} 中没有数据行（是否应为 {near}？）：没有数据不等于无需赔偿；"
                           "请提供该客户的月度数据，或更正客户编号",
                           "has no rows in {figures} (did you mean {near}?): no data is not nothing owed; give "
                           "the customer's monthly figures, or fix the id"),
    "error.not_term_month": ("不是本服务期限（{start} 起 {months} 个月）的服务月度",
                             "is not a service month of this term ({start} + {months} months)"),
    "error.not_parameter": ("不是报告参数", "is not a report parameter"),
    "error.pick_figures": ("未填写：请填写月度数据 CSV", "is empty: name the CSV of monthly figures"),
    "error.customer_type": ("须为以下之一：{choices}（SLA §4.10）", "must be one of {choices} (SLA §4.10)"),
    "report.stopped": ("批处理在此报告完成前被中断；重新运行即可生成",
                       "the batch was interrupted before this report was finished; rerun to make it"),
    "report.unchanged": ("未变化", "unchanged"),
    "report.kept": ("已有一份由其他输入生成的报告；如需覆盖，请加 --force 重新运行",
                    "a report from other inputs is there; rerun with --force to overwrite"),
    # the command line's own options
    "error.port": ("须为 1 至 65535 之间的端口号", "must be a port number from 1 to 65535"),
    "error.in_use": ("已被占用", "is in use"),
    "error.cannot_use": ("无法使用：{why}", "cannot be used: {why}"),
    "error.exists_force": ("已存在；加 --force 可替换", "already exists; --force replaces it"),
    "error.no_archive_or_export": ("归档库或导出文件夹不存在", "no such archive or exported folder"),
    "error.incident": ("须为 START/END 日期时间，例如 2026-03-20T09:00/2026-03-20T21:00（未注明时区时为北京时间）",
                       "must be START/END date-times, e.g. 2026-03-20T09:00/2026-03-20T21:00 (China time "
                       "unless an offset is given)"),
    # --- the command line ---------------------------------------------------------------------------
    "cli.rejected": ("拒绝：{message}", "rejected: {message}"),
    "cli.failed": ("失败：{message}", "failed: {message}"),
    "cli.more_rejects": ("{path}：另有 {n:,} 条，保存在归档库中（rejects 表）", "{path}: {n:,} more, kept in the archive (table rejects)"),
    "cli.read_in_part": ("{path}：{problem}；此前的 {n:,} 条记录已读取", "{path}: {problem}; the {n:,} records before it are read"),
    "cli.all_files": ("（全部文件）", "(all files)"),
    "cli.col_file": ("文件", "file"),
    "cli.col_format": ("格式", "format"),
    "cli.col_read": ("读取", "read"),
    "cli.col_stored": ("存入", "stored"),
    "cli.col_duplicates": ("重复", "duplicates"),
    "cli.col_rejected": ("拒绝", "rejected"),
    "cli.unchanged_files": ("{all:,} 个文件中有 {unchanged:,} 个此前已以相同内容导入：不再读取，其记录计为重复",
                            "{unchanged:,} of {all:,} files were ingested before with the same content: not read again, their records counted as duplicates"),
    "cli.unused_column": ("slakit：{source}：slakit 不读取列 {column!r}，该列未被使用",
                          "slakit: {source}: column {column!r} is not one slakit reads; it is left unused"),
    "cli.finished_listed": ("slakit：已完成的报告列于 {index}", "slakit: the reports that finished are listed in {index}"),
    "cli.col_customer": ("客户", "customer"),
    "cli.col_name": ("名称", "name"),
    "cli.col_status": ("状态", "status"),
    "cli.col_reason": ("原因", "reason"),
    "cli.reports_ready": ("{all} 份报告中 {ready} 份已就绪：{index}", "{ready} of {all} reports ready: {index}"),
    "cli.outcome": ("{who}：{status}：{reason}", "{who}: {status}: {reason}"),
    "status.done": ("完成", "done"),
    "status.skipped": ("跳过", "skipped"),
    "status.kept": ("保留", "kept"),
    "status.failed": ("失败", "failed"),
    "status.stopped": ("已停止", "stopped"),
}


@dataclass(frozen=True)
class Said:
    """A catalogue entry and its values, rendered in either language when read; a value that is
    itself a :class:`Said` is rendered in the same language. ``str()`` gives the English text
    (for logs and scripts); people read :meth:`text` in their language."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        zh, en = WORDS[self.code]
        values = {k: render(v, lang) for k, v in self.params.items()}
        return (zh if lang == "zh" else en).format(**values)

    def __str__(self) -> str:
        return self.text("en")


def render(value: object, lang: str) -> object:
    """``value`` as a phrase's placeholder takes it: a :class:`Said` in ``lang``, a list of them
    joined by semicolons, a tuple of them run together; anything else as it is."""
    if isinstance(value, Said):
        return value.text(lang)
    if isinstance(value, list | tuple) and value and all(isinstance(v, Said) for v in value):
        separator = ("；" if lang == "zh" else "; ") if isinstance(value, list) else ""
        return separator.join(v.text(lang) for v in value)
    return value


def says(code: str, **params: object) -> Said:
    """The entry ``code`` with ``params``, to be rendered later in the reader's language."""
    if code not in WORDS:
        raise KeyError(code)
    return Said(code, params)


def encoded(said: Said) -> str:
    """``said`` as one text (a table's column holds it): the code, then its values as JSON.

    >>> decoded(encoded(says("error.decimal_places", places=2))).text("zh")
    '小数位超过 2 位'
    """
    return said.code + (" " + json.dumps(dict(said.params), ensure_ascii=False) if said.params else "")


def decoded(text: str) -> Said:
    """The :class:`Said` :func:`encoded` wrote."""
    code, _, params = text.partition(" ")
    return Said(code, json.loads(params) if params else {})


def say(lang: str, code: str, **params: object) -> str:
    """The entry ``code`` in ``lang``, with ``params`` filled in."""
    return Said(code, params).text(lang)
