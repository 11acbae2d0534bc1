"""What a report batch writes: files written atomically, the offline HTML, the PDF, ``index.html``
and ``summary.csv``."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..csvfile import sheet_csv
from ..errors import ReportError
from ..format import yuan
from ..i18n import Lang, locale_lang
from ..statement import OWED
from ..words import says

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from .batch import Outcome
    from .model import CustomerReport

TEMPLATES = Path(__file__).parent / "templates"
FINGERPRINT = ".fingerprint"
CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright's own download is never used
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


def folder_name(customer_id: str) -> str:
    """A file-system-safe folder name for a customer id, never a path outside ``out``.

    >>> folder_name("C001"), folder_name("../../etc")
    ('C001', 'etc-74ccf3c5')
    """
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", customer_id).strip(".-")[:60]
    if safe == customer_id:
        return safe
    return f"{safe}-{hashlib.sha256(customer_id.encode()).hexdigest()[:8]}" if safe else \
        "customer-" + hashlib.sha256(customer_id.encode()).hexdigest()[:8]


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


def export_html(notebook: NotebookNode, title: str) -> str:
    """The report as an offline HTML page with no code."""
    body, _ = _html_exporter().from_notebook_node(notebook, resources={"metadata": {"name": title}})
    return str(body)


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

    def print(self, html_file: Path, pdf_file: Path) -> None:
        """Print ``html_file`` to ``pdf_file`` (written atomically), laid out as its CSS says (A4
        landscape); a browser that crashed is started again, once."""
        from playwright.sync_api import Error

        target = pdf_file.with_name(f".{pdf_file.name}.part")
        for attempt in (1, 2):
            try:
                page = self.open()
                page.goto(html_file.resolve().as_uri(), wait_until="load")
                page.pdf(path=target, prefer_css_page_size=True)
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


def totals(report: CustomerReport, lang: Lang) -> dict[str, str]:
    """A report's term at a glance, as its headline says it: the months, those assessed and those
    missed, the credit owed (in yuan as people read it, and SMS) and the next claim deadline."""
    term = report.statement
    amount, count = term.credit_of(term.having(*OWED))
    nxt = term.next_claim
    return {"service_months": str(len(term.months)), "assessed": str(len(term.assessed)),
            "missed": str(len(term.missed)), "credit_amount": yuan(amount, lang, grouped=False),
            "credit_sms": str(count),
            "next_deadline": nxt.window.deadline.isoformat() if nxt and nxt.window else ""}


def write_index(outcomes: list[Outcome], out: Path, on: date, lang: Lang | None = None) -> None:
    """``index.html`` (names escaped) and ``summary.csv`` listing every row of the customers CSV
    by its line, each report's figures as its own headline gives them."""
    shown = lang or locale_lang()  # the reasons' language: the batch's, else the locale's
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    blank = dict.fromkeys(("service_months", "assessed", "missed", "credit_amount", "credit_sms",
                           "next_deadline"), "")
    rows = []
    for o in outcomes:
        figures = totals(o.report, "en") if o.report else {}
        names = ["report.html", "report.pdf", "summary.json", *(o.report.claim_packs if o.report else [])]
        files = [(n, f"{o.folder}/{n}") for n in names
                 if o.folder and (out / o.folder / n).exists()] if o.ok else []
        rows.append({"line": o.line, "customer_id": o.customer_id, "customer_name": o.customer_name,
                     "status": o.status, "reason": "" if o.reason is None else o.reason.text(shown),
                     **blank, **figures, "files": files})
    counts = ", ".join(f"{sum(o.status == s for o in outcomes)} {s}"
                       for s in ("done", "skipped", "kept", "failed", "stopped"))
    env = Environment(loader=FileSystemLoader(TEMPLATES),
                      autoescape=select_autoescape(default=True))
    page = env.get_template("index.html.j2").render(
        rows=rows, counts=counts, report_date=on.isoformat(), version=__version__,
        generated=datetime.now().isoformat(timespec="seconds"))
    write_atomic(out / "index.html", page.encode())
    columns = ["line", "customer_id", "customer_name", "status", "reason", *blank]
    write_atomic(out / "summary.csv", sheet_csv(rows, columns))  # opened by people: see csvfile
