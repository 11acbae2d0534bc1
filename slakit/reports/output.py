"""What a report batch writes: files written atomically, the offline HTML, the PDF, ``index.html``
and ``summary.csv``."""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..csvfile import sheet_csv
from ..errors import ReportError
from ..format import date_range, provisional_note, sms, status_text, yuan
from ..i18n import DEFAULT_LANG, Lang
from ..words import say, says
from .desk import CLOSING_DAYS, DUE_DAYS, STAGES, Desk, DeskLine, make_desk
from .model import folder_name as folder_name  # where the batch finds it
from .register import Register
from .reminders import FILE as REMINDERS
from .reminders import Reminder, reminders_ics
from .text import text

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from .batch import Outcome

TEMPLATES = Path(__file__).parent / "templates"
FINGERPRINT = ".fingerprint"
CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright's own download is never used
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old or the new content, never a half."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


HTML_LANG = {"zh": "zh-CN", "en": "en"}  # a page's lang attribute, by the language it is written in


def export_html(notebook: NotebookNode, title: str, lang: Lang = "en") -> str:
    """The report as an offline HTML page with no code, declaring the language it is written in
    (nbconvert declares ISO 639-1 codes only, so ``en`` until told)."""
    body, _ = _html_exporter().from_notebook_node(notebook, resources={"metadata": {"name": title}})
    return str(body).replace('<html lang="en">', f'<html lang="{HTML_LANG[lang]}">', 1)


def warm_up() -> None:
    """Pay now what a process's first report pays once, about a second: papermill's imports, the
    notebook schema's compiled validator, the exporter's templates and patterns."""
    import nbformat
    import papermill  # noqa: F401

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")])
    nbformat.validate(notebook)
    export_html(notebook, "")


@cache
def _html_exporter() -> Any:
    """One exporter per process: building one compiles its templates, four times the cost of
    exporting a report."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={"remove-cell", "injected-parameters"}), enabled=True)
    return exporter


def stray_output(notebook: NotebookNode) -> str | None:
    """The first output no customer may see, if there is one: anything written to stderr (a
    warning, a log line) or an error, in any cell, shown or hidden."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                lines = [line for line in str(output.get("text", "")).splitlines() if line.strip()]
                return lines[0].strip() if lines else "(blank lines)"
            if output.get("output_type") == "error":
                return f"{output.get('ename')}: {output.get('evalue')}"
    return None


class PdfPrinter:
    """One headless Chromium (Debian's, driven by Playwright) that prints every PDF of a batch,
    rather than a browser started for each report. Use it as a context manager: leaving it closes
    the browser, on Ctrl-C or SIGTERM too.

    One tab prints them all, one after another: each report is a new document in it (a report
    runs no script and keeps nothing), and a warm tab prints a report in about a third of the
    time a new one takes."""

    def __init__(self) -> None:
        self._playwright: Any = None
        self._browser: Any = None
        self._page: Any = None

    def __enter__(self) -> PdfPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def print(self, html_file: Path, pdf_file: Path, footer: str = "") -> None:
        """Print ``html_file`` to ``pdf_file`` (written atomically), laid out as its CSS says (A4),
        with ``footer`` (a Chromium footer template: its ``pageNumber`` and ``totalPages`` classes
        are filled in) at the foot of every page; a browser that crashed is started again, once."""
        from playwright.sync_api import Error

        target = pdf_file.with_name(f".{pdf_file.name}.part")
        for attempt in (1, 2):
            try:
                page = self.open()
                page.goto(html_file.resolve().as_uri(), wait_until="load")
                page.pdf(path=target, prefer_css_page_size=True, display_header_footer=bool(footer),
                         header_template="<span></span>", footer_template=footer or "<span></span>")
                break
            except Error as error:
                target.unlink(missing_ok=True)
                self.close()
                if attempt == 2:
                    message = (str(error).strip().splitlines() or [""])[0]
                    raise ReportError(says("error.pdf", detail=message)) from error

        os.replace(target, pdf_file)

    def open(self) -> Any:
        """The tab that prints, in a browser started on first use (or ahead of it: the browser
        takes a second or two to start)."""
        if self._page is None:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            self._page = self._browser.new_page()
        return self._page

    def close(self) -> None:
        """Close the browser; safe to call again."""
        browser, playwright = self._browser, self._playwright
        self._page = self._browser = self._playwright = None
        if browser is not None:
            with contextlib.suppress(Exception):
                browser.close()
        if playwright is not None:
            with contextlib.suppress(Exception):
                playwright.stop()


def write_index(outcomes: list[Outcome], out: Path, on: date, lang: Lang = DEFAULT_LANG,
                register: Register | None = None) -> Desk:
    """The batch's desk in ``lang``: ``index.html`` (names escaped), ``summary.csv`` (a row per
    customer-month, and one per row of the customers CSV that made no report) and the reminders
    calendar, from one :class:`~.desk.Desk` of every outcome, matched to the claims register."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    desk = make_desk(outcomes, on, register.entries if register else ())
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))
    counts = " · ".join(f"{n} {text(lang, 'report_' + s)}" for s in REPORT_STATUSES
                        if (n := sum(o.status == s for o in outcomes)))
    page = env.get_template("index.html.j2").render(
        t=lambda key, **values: text(lang, key, **values), lang=lang, desk=desk,
        count=lambda what, n: text(lang, f"desk_{what}", n=n) if n != 1 else text(lang, f"desk_{what[:-1]}"),
        lines=[_shown(x, out, lang) for x in desk.lines], due=[_shown(x, out, lang) for x in desk.due()],
        failed=[{"line": o.line, "customer_id": o.customer_id, "customer_name": o.customer_name,
                 "status": o.status, "status_words": text(lang, "report_" + o.status),
                 "reason": "" if o.reason is None else o.reason.text(lang)}
                for o in desk.failed],
        money=lambda amount: yuan(amount, lang), stages=STAGES, closing_days=CLOSING_DAYS, due_days=DUE_DAYS,
        calendar=REMINDERS, register=register, on=on.isoformat(),
        meta=text(lang, "desk_meta", on=on.isoformat(), counts=counts, version=__version__,
                  generated=datetime.now().isoformat(timespec="seconds")))
    write_atomic(out / "index.html", page.encode())
    write_atomic(out / "summary.csv", summary_csv(desk, outcomes, lang))
    reminders = [Reminder(x.customer_id, x.customer_name, x.month, x.pack or "") for x in desk.to_remind()]
    write_atomic(out / REMINDERS, reminders_ics(reminders, on, lang))
    return desk


REPORT_STATUSES = ("done", "skipped", "kept", "failed", "stopped")
SUMMARY_COLUMNS = ("line", "customer_id", "customer_name", "report", "reason", "month_start", "month_end",
                   "stage", "status", "credit", "claimable", "sms", "opens", "closes", "days_left",
                   "days_to_open", "filed_on", "ticket", "sms_credited")


def _files(x: DeskLine, out: Path, lang: Lang) -> list[tuple[str, str, str]]:
    """The line's files in the batch, each with its label: the report, its PDF, the claim pack."""
    names = [("file_report", "report.html"), ("file_pdf", "report.pdf"), *([("file_pack", x.pack)] if x.pack
                                                                          else [])]
    return [(text(lang, key), n, f"{x.folder}/{n}") for key, n in names
            if x.folder and (out / x.folder / n).exists()]


def _shown(x: DeskLine, out: Path, lang: Lang) -> dict[str, object]:
    """A desk line as the page shows it: words in ``lang``, money to the fen."""
    m, w, f = x.month, x.month.window, x.filed
    assert m.month is not None
    notes = []
    if x.stage == "claim_now" and x.days_left in (1, 2):
        notes.append(text(lang, "desk_today" if x.days_left == 1 else "desk_tomorrow"))
    if f is not None:
        notes.append(text(lang, "desk_filed_note", day=f.filed_on.isoformat(),
                          ticket=text(lang, "desk_ticket", ticket=f.ticket) if f.ticket else ""))
    if x.short_credit and f is not None and f.sms_credited is not None and x.sms is not None:
        notes.append(text(lang, "desk_short", got=sms(f.sms_credited, lang), owed=sms(x.sms, lang)))
    if x.account_missing:
        notes.append(text(lang, "desk_no_account"))
    if x.filed_early and f is not None:
        notes.append(text(lang, "desk_early", day=f.filed_on.isoformat()))
    return {"x": x, "month": date_range(m.month.start, m.month.end, lang),
            "stage": text(lang, "stage_" + x.stage), "status": status_text(m, lang),
            "amount": "" if x.amount is None else yuan(x.amount, lang),
            "sms": "" if x.sms is None else sms(x.sms, lang),
            "window": date_range(w.first_day, w.deadline, lang) + provisional_note(w, lang) if w else "",
            "days_left": "" if x.days_left is None else str(x.days_left),
            "days_to_open": "" if x.days_to_open is None else str(x.days_to_open),
            "notes": say(lang, "punct.semicolon").join(notes),
            "files": _files(x, out, lang)}


def summary_csv(desk: Desk, outcomes: list[Outcome], lang: Lang) -> bytes:
    """``summary.csv``: a row per customer-month (and one per row of the customers CSV that made no
    report), in the customers CSV's order, headers in ``lang``, money to the fen with two places."""
    on = desk.on.isoformat()
    headers = [text(lang, f"csv_{c}", on=on) for c in (
        "line", "customer_id", "customer_name", "report", "reason", "month_start", "month_end", "stage",
        "status", "credit", "claimable", "sms", "opens", "closes", "days_left", "days_to_open", "filed_on",
        "ticket", "sms_credited")]
    by_customer: dict[int, list[DeskLine]] = {}
    for x in desk.lines:
        by_customer.setdefault(x.line, []).append(x)
    rows = []
    for o in outcomes:
        base = {"line": str(o.line), "customer_id": o.customer_id, "customer_name": o.customer_name,
                "report": text(lang, "report_" + o.status),
                "reason": "" if o.reason is None else o.reason.text(lang)}
        months = sorted(by_customer.get(o.line, []), key=lambda x: x.month.month.start if x.month.month
                        else date.min)
        if not months:
            rows.append(dict.fromkeys(SUMMARY_COLUMNS, "") | base)
        for x in months:
            m, w, f = x.month, x.month.window, x.filed
            assert m.month is not None
            rows.append(base | {
                "month_start": m.month.start.isoformat(), "month_end": m.month.end.isoformat(),
                "stage": text(lang, "stage_" + x.stage), "status": status_text(m, lang),
                "credit": "" if x.amount is None else yuan(x.amount, lang, grouped=False),
                "claimable": yuan(x.amount, lang, grouped=False) if x.stage == "claim_now" and x.amount
                is not None else "",
                "sms": "" if x.sms is None else str(x.sms),
                "opens": w.first_day.isoformat() if w else "", "closes": w.deadline.isoformat() if w else "",
                "days_left": "" if x.days_left is None else str(x.days_left),
                "days_to_open": "" if x.days_to_open is None else str(x.days_to_open),
                "filed_on": f.filed_on.isoformat() if f else "", "ticket": f.ticket if f else "",
                "sms_credited": "" if f is None or f.sms_credited is None else str(f.sms_credited)})
    named = [{h: r[c] for h, c in zip(headers, SUMMARY_COLUMNS, strict=True)} for r in rows]
    return sheet_csv(named, headers)  # opened by people: see csvfile
