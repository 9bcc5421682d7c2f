"""Excel workbooks (openpyxl): a summary sheet, then one sheet per category.

With ``--by`` each category sheet adds a count and a share column per group, and a
``groups`` sheet lists the groups; with ``--pairs`` a ``pairs`` sheet follows.
"""

from __future__ import annotations

import io
import re

from ..aggregate.diff import DiffReport
from ..aggregate.frequencies import CATEGORIES, FrequencyReport
from ..provenance import describe
from .tables import DIFF_COLUMNS, PAIR_COLUMNS, diff_records, pair_records, skill_record

SKILL_COLUMNS = ["rank", "id", "label", "count", "share", "share_low", "share_high", "required_count", "preferred_count", "required_share", "preferred_share"]
# Excel has 16,384 columns; two per group.
MAX_GROUPS = 2000
PERCENT_COLUMNS = {"share", "share_low", "share_high", "required_share", "preferred_share", "a_share", "b_share", "difference"}
MAX_COLUMN_WIDTH = 60


# A text cell starting with one of these is read as a formula by Excel (or by openpyxl,
# for "="): a group value such as '=HYPERLINK("http://...")' would become a live link.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _append(sheet, row: list) -> None:
    """Append a row, every text value stored as text (with Excel's quote prefix, so editing
    the cell does not turn it into a formula either)."""
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True


def _sheet(workbook, title: str, header: list[str], rows: list[list]):
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(re.sub(r"[\[\]:*?/\\]", "_", title)[:31])
    _append(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        _append(sheet, row)
    for index, name in enumerate(header, 1):
        if name in PERCENT_COLUMNS or name.endswith(" share"):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "0.0%"
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    _fit_widths(sheet, header, rows)
    return sheet


def _fit_widths(sheet, header: list[str], rows: list[list]) -> None:
    """Column widths from the longest value shown (percentages read as "12.3%")."""
    from openpyxl.utils import get_column_letter

    for index, name in enumerate(header, 1):
        percent_column = name in PERCENT_COLUMNS or name.endswith(" share")
        longest = max([len(str(name))] + [6 if percent_column and isinstance(row[index - 1], float)
                                          else len(f"{row[index - 1]:,}" if isinstance(row[index - 1], int)
                                                   and not isinstance(row[index - 1], bool) else str(row[index - 1]))
                                          for row in rows if index <= len(row) and row[index - 1] is not None])
        sheet.column_dimensions[get_column_letter(index)].width = min(longest + 3, MAX_COLUMN_WIDTH)


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _summary(workbook, pairs: list[tuple[str, object]]):
    sheet = workbook.active
    sheet.title = "summary"
    for key, value in pairs:
        _append(sheet, [key, value])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 90


def report_xlsx(report: FrequencyReport, *, title: str = "Skill frequencies") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    summary: list[tuple[str, object]] = [("report", title), ("source", report.source), ("postings", report.postings),
                                         ("postings before filters", report.input_postings),
                                         ("min_n", report.min_n)]
    summary += [("warning", note) for note in report.notes]
    summary += [("tagged by", f"{describe(run)} ({run['files']} files)") for run in report.provenance.get("tagged_by", [])]
    summary += [(f"filter: {line}", "") for line in report.filters.describe()]
    summary += [(f"after {name}", n) for name, n in report.funnel[1:]]
    summary += [(f"quote: {key}", " ".join(text.split())) for key, text in report.filters.quotes.items()]
    _summary(workbook, summary)
    all_groups = report.groups[report.by].groups if report.by else []
    groups = all_groups[:MAX_GROUPS]
    if len(all_groups) > len(groups):
        _append(workbook.active, [f"{report.by} groups", f"the {MAX_GROUPS} largest of {len(all_groups)} have columns; all are in the groups sheet"])
    for category in CATEGORIES:
        header = list(SKILL_COLUMNS)
        for g in groups:
            header += [f"{g.name} count", f"{g.name} share"]
        rows = []
        for i, skill in enumerate(report.categories[category]):
            record = skill_record(skill, i + 1)
            row = [record[c] for c in SKILL_COLUMNS]
            for g in groups:
                cell = g.categories[category][i]
                row += [cell.count, cell.share]
            rows.append(row)
        _sheet(workbook, category, header, rows)
    if report.by:
        _sheet(workbook, "groups", [report.by, "label", "postings", "below_min_n"],
               [[g.value, g.label, g.postings, g.below_min_n] for g in all_groups])
    if report.pairs is not None:
        records = pair_records(report)
        _sheet(workbook, "pairs", PAIR_COLUMNS, [[r[c] for c in PAIR_COLUMNS] for r in records])
    return _save(workbook)


def diff_xlsx(report: DiffReport) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    _summary(workbook, [("A", report.a.label), ("A postings", report.a.postings), ("B", report.b.label),
                        ("B postings", report.b.postings), ("test", report.test), ("alpha", report.alpha),
                        *[(f"filter: {line}", "") for line in report.filters.describe()]])
    records = diff_records(report)
    for category in CATEGORIES:
        columns = [c for c in DIFF_COLUMNS if c != "category"]
        _sheet(workbook, category, columns, [[r[c] for c in columns] for r in records if r["category"] == category])
    return _save(workbook)
