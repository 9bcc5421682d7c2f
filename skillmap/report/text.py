"""Text renderings: CSV, Markdown and the rich terminal tables."""

from __future__ import annotations

import csv
import io
from typing import Any

from rich.table import Table
from rich.text import Text

from ..aggregate.diff import DiffReport
from ..aggregate.frequencies import CATEGORIES, FrequencyReport
from .tables import (
    CATEGORY_TITLES,
    DIFF_COLUMNS,
    PAIR_COLUMNS,
    diff_records,
    frequency_columns,
    frequency_records,
    group_title,
    markdown_cell,
    pair_records,
    percent,
    share_text,
    unreliable_legend,
)

MAX_TEXT_GROUPS = 8


def _csv(columns: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def report_csv(report: FrequencyReport) -> str:
    """One tidy table: skill frequencies overall and per group, or the pairs with --pairs."""
    if report.pairs is not None:
        return _csv(PAIR_COLUMNS, pair_records(report))
    return _csv(frequency_columns(report), frequency_records(report))


def diff_csv(report: DiffReport) -> str:
    return _csv(DIFF_COLUMNS, diff_records(report))


# -- Markdown --------------------------------------------------------------------------------

def _md_table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(markdown_cell(h) for h in header) + " |",
             "|" + "|".join("---:" if i and h not in ("skill", "id", "group") else "---" for i, h in enumerate(header)) + "|"]
    lines += ["| " + " | ".join(markdown_cell(v) for v in row) + " |" for row in rows]
    return lines


def _filters_md(report_filters, funnel) -> list[str]:
    lines = []
    described = report_filters.describe()
    if described:
        lines.append("Filters: " + "; ".join(described) + ".")
        lines.append("")
        lines += _md_table(["step", "postings"], [[name, f"{n:,}"] for name, n in funnel])
        lines.append("")
    for key, quote in report_filters.quotes.items():
        lines.append(f"> {key}: “{' '.join(quote.split())}”")
        lines.append("")
    return lines


def report_markdown(report: FrequencyReport, *, title: str = "Skill frequencies", max_groups: int = MAX_TEXT_GROUPS) -> str:
    lines = [f"# {title}", "", f"{report.postings:,} postings (of {report.input_postings:,} in the input).", ""]
    lines += [f"Note: {note}.\n" for note in report.notes]
    lines += _filters_md(report.filters, report.funnel)
    for category in CATEGORIES:
        lines += [f"## {CATEGORY_TITLES[category]}", ""]
        rows = [[i, s.label, s.id, f"{s.count:,}", share_text(s.share, report.below_min_n),
                 f"{percent(s.share_low)}–{percent(s.share_high)}", percent(s.required_share), percent(s.preferred_share)]
                for i, s in enumerate(report.categories[category], 1)]
        lines += _md_table(["#", "skill", "id", "postings", "share", "95% interval", "required", "preferred"], rows) if rows else ["No skills."]
        lines.append("")
    if report.by:
        groups = report.groups[report.by].groups
        shown = groups[:max_groups]
        lines += [f"## By {markdown_cell(report.by)}", ""]
        lines += _md_table([report.by, "postings"], [[group_title(g), f"{g.postings:,}"] for g in groups])
        lines.append("")
        for category in CATEGORIES:
            skills = report.categories[category]
            if not skills:
                continue
            lines += [f"### {CATEGORY_TITLES[category]} by {markdown_cell(report.by)}", ""]
            header = ["skill", "all", *[g.name for g in shown]]
            rows = []
            for i, s in enumerate(skills):
                rows.append([s.label, f"{s.count:,} ({share_text(s.share, report.below_min_n)})",
                             *[f"{g.categories[category][i].count:,} ({share_text(g.categories[category][i].share, g.below_min_n)})"
                               for g in shown]])
            lines += _md_table(header, rows)
            if len(groups) > len(shown):
                lines.append(f"\n{len(groups) - len(shown)} more groups in the JSON, CSV or XLSX output.")
            lines.append("")
    if _marks_shares(report):
        lines += [unreliable_legend(report.min_n) + ".", ""]
    if report.pairs is not None:
        lines += ["## Skills demanded together", ""]
        rows = [[p.a_label, p.b_label, f"{p.count:,}", percent(p.share), f"{p.lift:.2f}"] for p in report.pairs]
        lines += _md_table(["skill", "with", "postings", "share", "lift"], rows) if rows else ["No pairs."]
        lines.append("")
    return "\n".join(lines)


def diff_markdown(report: DiffReport, *, title: str = "Skill demand compared") -> str:
    lines = [f"# {title}", "",
             f"A: {report.a.label} ({report.a.postings:,} postings). B: {report.b.label} ({report.b.postings:,} postings).", "",
             f"Difference = share in B minus share in A. Test: {report.test}; q = Benjamini–Hochberg adjusted p; "
             f"significant at q < {report.alpha}.", ""]
    described = report.filters.describe()
    if described:
        lines += ["Filters (both sides): " + "; ".join(described) + ".", ""]
    lines += [f"Note: {warning}.\n" for warning in report.warnings]
    for category in CATEGORIES:
        lines += [f"## {CATEGORY_TITLES[category]}", ""]
        rows = [[d.label, d.id, f"{d.a_count:,}", percent(d.a_share), f"{d.b_count:,}", percent(d.b_share),
                 f"{d.difference * 100:+.1f} pts", f"{d.q_value:.3g}", "yes" if d.significant else ""]
                for d in report.categories[category]]
        lines += _md_table(["skill", "id", "A postings", "A share", "B postings", "B share", "difference", "q", "significant"], rows) if rows else ["No skills."]
        lines.append("")
    return "\n".join(lines)


def _marks_shares(report: FrequencyReport, groups=None) -> bool:
    """Whether any share shown is marked as under the minimum n."""
    if report.below_min_n and report.postings:
        return True
    if report.by:
        shown = report.groups[report.by].groups if groups is None else groups
        return any(g.below_min_n for g in shown)
    return False


# -- terminal (rich) ---------------------------------------------------------------------------

CATEGORY_STYLE = {"specialized": "bold cyan", "common": "bold green", "qualification": "bold magenta"}


def _number_column(table: Table, header: str) -> None:
    table.add_column(header, justify="right", no_wrap=True, min_width=len(header.split("\n")[0]))


def terminal_layout(width: int) -> dict[str, Any]:
    """What fits a terminal ``width`` columns wide: skill ids from 110 columns, and as many
    group columns as fit beside the skill column (about 10 characters each)."""
    return {"show_ids": width >= 110, "max_groups": max(2, min(8, (width - 30) // 11))}


def report_renderables(report: FrequencyReport, *, max_groups: int = MAX_TEXT_GROUPS, show_ids: bool = True) -> list:
    """Rich renderables of a report, for the CLI to print. Numbers never wrap or get
    cut; skill labels wrap; ids are left out with ``show_ids=False`` (narrow terminals)."""
    header = Text(f"{report.postings:,} postings (of {report.input_postings:,} in {report.source})", style="bold")
    if report.filters.describe():
        header.append("\nfilters: " + "; ".join(report.filters.describe()), style="")
        header.append("\nfunnel: " + " → ".join(f"{name} {n:,}" for name, n in report.funnel), style="dim")
    for note in report.notes:
        header.append(f"\nnote: {note}", style="yellow")
    out: list = [header]
    for category in CATEGORIES:
        table = Table(title=CATEGORY_TITLES[category], title_style=CATEGORY_STYLE[category], title_justify="left", box=None)
        _number_column(table, "#")
        table.add_column("skill", min_width=16)
        if show_ids:
            table.add_column("id", style="dim", no_wrap=True)
        for header in ("postings", "share", "required", "preferred"):
            _number_column(table, header)
        for i, s in enumerate(report.categories[category], 1):
            ids = [s.id] if show_ids else []
            table.add_row(str(i), s.label, *ids, f"{s.count:,}", share_text(s.share, report.below_min_n),
                          percent(s.required_share), percent(s.preferred_share))
        if not report.categories[category]:
            table.add_row("", "no skills", *([""] if show_ids else []), "", "", "", "")
        out.append(table)
    if report.by:
        groups = report.groups[report.by].groups
        shown = groups[:max_groups]
        for category in CATEGORIES:
            skills = report.categories[category]
            if not skills:
                continue
            table = Table(title=f"{CATEGORY_TITLES[category]} by {report.by} (share of the group's postings)",
                          title_style=CATEGORY_STYLE[category], title_justify="left", box=None)
            table.add_column("skill", min_width=16)
            table.add_column(f"all\n{report.postings:,}", justify="right", min_width=6)
            for g in shown:
                table.add_column(f"{g.name}\n{g.postings:,}", justify="right", min_width=6, max_width=10)
            for i, s in enumerate(skills):
                table.add_row(s.label, share_text(s.share, report.below_min_n, 0),
                              *[share_text(g.categories[category][i].share, g.below_min_n, 0) for g in shown])
            out.append(table)
        named = [g for g in shown if g.label]
        if named:  # codes head the narrow columns; their titles follow (SOC, proposed codes)
            out.append(Text(f"{report.by}: " + "; ".join(f"{g.name} {g.label}" for g in named), style="dim"))
        if len(groups) > len(shown):
            out.append(Text(f"{len(groups) - len(shown)} more {report.by} groups: see --json, --format csv or xlsx", style="dim"))
    if _marks_shares(report, groups=report.groups[report.by].groups[:max_groups] if report.by else None):
        out.append(Text(unreliable_legend(report.min_n), style="dim"))
    if report.pairs is not None:
        table = Table(title="Skills demanded together", title_justify="left", box=None)
        table.add_column("skill", min_width=12)
        table.add_column("with", min_width=12)
        for header in ("postings", "share", "lift"):
            _number_column(table, header)
        for p in report.pairs:
            table.add_row(p.a_label, p.b_label, f"{p.count:,}", percent(p.share), f"{p.lift:.2f}")
        out.append(table)
    return out


def diff_renderables(report: DiffReport) -> list:
    header = Text(f"A: {report.a.label} — {report.a.postings:,} postings\nB: {report.b.label} — {report.b.postings:,} postings",
                  style="bold")
    header.append(f"\nΔ pts = B share − A share in percentage points; q = Benjamini–Hochberg adjusted p ({report.test} test); "
                  f"* q < {report.alpha}", style="dim")
    if report.filters.describe():
        header.append("\nfilters (both sides): " + "; ".join(report.filters.describe()), style="")
    for warning in report.warnings:
        header.append(f"\nnote: {warning}", style="yellow")
    out: list = [header]
    for category in CATEGORIES:
        table = Table(title=CATEGORY_TITLES[category], title_style=CATEGORY_STYLE[category], title_justify="left", box=None)
        table.add_column("skill", min_width=16)
        for header in ("A", "A share", "B", "B share", "Δ pts", "q"):
            _number_column(table, header)
        table.add_column("", no_wrap=True)
        for d in report.categories[category]:
            style = ("green" if d.difference > 0 else "red") if d.significant else None
            table.add_row(d.label, f"{d.a_count:,}", percent(d.a_share), f"{d.b_count:,}", percent(d.b_share),
                          Text(f"{d.difference * 100:+.1f}", style=style or ""), f"{d.q_value:.3g}",
                          "*" if d.significant else "")
        out.append(table)
    return out
