"""Render frequency and comparison reports: terminal tables (rich), JSON, CSV, XLSX,
Markdown and a self-contained HTML page.

    from skillmap.report import render_report, write_output
    data = render_report(report, "html", title="EV skills, LA County")   # str or bytes
    write_output(data, "report.html")
"""

from __future__ import annotations

import json
from pathlib import Path

from ..aggregate.diff import DiffReport
from ..aggregate.frequencies import FrequencyReport
from ..errors import ReportError

REPORT_FORMATS = ("table", "json", "csv", "xlsx", "markdown", "html")
DIFF_FORMATS = ("table", "json", "csv", "xlsx", "markdown")
SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".md": "markdown", ".markdown": "markdown",
                  ".html": "html", ".htm": "html", ".txt": "table"}


def resolve_format(fmt: str | None, output: str | Path | None, allowed: tuple[str, ...] = REPORT_FORMATS) -> str:
    """The output format: given, else from the output file's suffix, else ``table``."""
    if fmt is None and output is not None:
        fmt = SUFFIX_FORMATS.get(Path(output).suffix.lower())
        if fmt is None:
            raise ReportError(f"{output}: cannot tell the format from the suffix; add --format", code="E607")
    fmt = (fmt or "table").lower()
    fmt = "markdown" if fmt == "md" else fmt
    if fmt not in allowed:
        raise ReportError(f"--format {fmt!r}: expected one of {', '.join(allowed)}", code="E607")
    if fmt == "xlsx" and output is None:
        raise ReportError("--format xlsx writes a binary workbook: give -o FILE.xlsx", code="E607")
    return fmt


def render_report(report: FrequencyReport, fmt: str, *, title: str = "Skill frequencies") -> str | bytes:
    """A frequency report as text (json, csv, markdown, html) or bytes (xlsx)."""
    if fmt == "json":
        return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        from .text import report_csv

        return report_csv(report)
    if fmt == "markdown":
        from .text import report_markdown

        return report_markdown(report, title=title)
    if fmt == "xlsx":
        from .xlsx import report_xlsx

        return report_xlsx(report, title=title)
    if fmt == "html":
        from .html import report_html

        return report_html(report, title=title)
    if fmt == "table":
        return _plain(report)
    raise ReportError(f"--format {fmt!r}: expected one of {', '.join(REPORT_FORMATS)}", code="E607")


def render_diff(report: DiffReport, fmt: str, *, title: str = "Skill demand compared") -> str | bytes:
    if fmt == "json":
        return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        from .text import diff_csv

        return diff_csv(report)
    if fmt == "markdown":
        from .text import diff_markdown

        return diff_markdown(report, title=title)
    if fmt == "xlsx":
        from .xlsx import diff_xlsx

        return diff_xlsx(report)
    if fmt == "table":
        return _plain(report)
    raise ReportError(f"--format {fmt!r}: expected one of {', '.join(DIFF_FORMATS)}", code="E607")


def _plain(report) -> str:
    """The terminal tables without colour (for files and pipes)."""
    import io

    from rich.console import Console

    from .text import diff_renderables, report_renderables

    buffer = io.StringIO()
    console = Console(file=buffer, width=140, color_system=None, highlight=False, soft_wrap=False)
    for item in report_renderables(report) if isinstance(report, FrequencyReport) else diff_renderables(report):
        console.print(item)
        console.print()
    return buffer.getvalue()


def write_output(data: str | bytes, path: str | Path) -> Path:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    except OSError as err:
        raise ReportError(f"{path}: cannot write ({err.strerror})", code="E607") from None
    return path
