"""Render curriculum comparisons: terminal tables (rich), JSON, CSV, Markdown and a
self-contained HTML page (:mod:`.html`).

    data = render_comparison(result, "markdown", title="LACI vs. EVSE postings")
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..errors import CurriculumError
from ..report.tables import CATEGORY_TITLES, markdown_cell
from .compare import (
    MATRIX_MARKS,
    CatalogComparison,
    Comparison,
    matrix_rows,
    pct,
    share_count,
    skill_status,
)

COMPARE_FORMATS = ("table", "json", "csv", "markdown", "html")
CSV_COLUMNS = ["program", "rank", "category", "id", "label", "count", "share", "required_share", "demanded", "taught",
               "prerequisite", "status", "hours"]
DEFAULT_TOP = 15


def render_comparison(result: Comparison | CatalogComparison, fmt: str, *, title: str | None = None,
                      top: int = DEFAULT_TOP) -> str:
    """A comparison (one program) or a catalog (several) as text in ``fmt``."""
    title = title or default_title(result)
    if fmt == "json":
        return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return comparison_csv(result)
    if fmt == "markdown":
        return comparison_markdown(result, title=title, top=top)
    if fmt == "html":
        from .html import comparison_html

        return comparison_html(result, title=title, top=top)
    if fmt == "table":
        return plain(result, title=title, top=top)
    raise CurriculumError(f"--format {fmt!r}: expected one of {', '.join(COMPARE_FORMATS)}", code="E811")


def default_title(result: Comparison | CatalogComparison) -> str:
    if isinstance(result, CatalogComparison):
        return f"Training programs compared with {result.demand.postings:,} postings"
    return f"{result.name}: taught skills compared with {result.demand.postings:,} postings"


# -- shared rows ----------------------------------------------------------------------------

def comparison_records(result: Comparison | CatalogComparison) -> list[dict[str, Any]]:
    """One row per program and skill demanded or taught (what CSV writes)."""
    comparisons = result.comparisons if isinstance(result, CatalogComparison) else [result]
    rows = []
    for rank, c in enumerate(comparisons, 1):
        hours = c.program.hours()
        taught = set(c.taught)
        prerequisites = set(c.prerequisites)
        status = skill_status(c)
        ids = {s.id for s in c.demand.skills} | taught
        for skill_id in sorted(ids, key=lambda s: (-c.demand.share(s), s)):
            found = c.demand.get(skill_id)
            demanded = skill_id in {x.id for x in c.covered} | {g.id for g in c.gaps}
            rows.append({
                "program": c.name, "rank": rank if isinstance(result, CatalogComparison) else "",
                "category": found.category if found else c.program.categories.get(skill_id, ""),
                "id": skill_id, "label": found.label if found else c.program.labels.get(skill_id, skill_id),
                "count": found.count if found else 0, "share": found.share if found else 0.0,
                "required_share": found.required_share if found else 0.0, "demanded": demanded,
                "taught": skill_id in taught, "prerequisite": skill_id in prerequisites,
                "status": status.get(skill_id, "other"), "hours": hours.get(skill_id, ""),
            })
    return rows


def comparison_csv(result: Comparison | CatalogComparison) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in comparison_records(result):
        writer.writerow({k: (f"{v:.6f}" if isinstance(v, float) and k in ("share", "required_share") else v)
                         for k, v in row.items()})
    return buffer.getvalue()


def _evidence_text(gap, limit: int = 90) -> str:
    if not gap.evidence:
        return ""
    item = gap.evidence[0]
    text = " ".join(str(item.get("text", "")).split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"“{text}” ({item.get('posting')})"


# -- terminal -------------------------------------------------------------------------------

def comparison_renderables(result: Comparison | CatalogComparison, *, title: str | None = None,
                           top: int = DEFAULT_TOP) -> list:
    """rich renderables for the terminal."""
    from rich.table import Table
    from rich.text import Text

    title = title or default_title(result)
    items: list = [Text(title, style="bold")]
    if isinstance(result, CatalogComparison):
        items.append(Text(result.summary()))
        ranking = Table(title="Programs ranked by coverage", title_justify="left")
        for name, justify in (("#", "right"), ("program", "left"), ("coverage", "right"), ("specialized", "right"),
                              ("common", "right"), ("qualifications", "right"), ("taught", "right"), ("gaps", "right"),
                              ("largest gap", "left")):
            ranking.add_column(name, justify=justify)
        for i, c in enumerate(result.comparisons, 1):
            by = c.coverage_by_category
            ranking.add_row(str(i), c.name, pct(c.coverage), pct(by.get("specialized")), pct(by.get("common")),
                            pct(by.get("qualification")), str(len(c.taught)), str(len(c.gaps)),
                            c.gaps[0].label if c.gaps else "")
        items.append(ranking)
        matrix = Table(title=f"Demanded skills × programs (✓ taught, entry = prerequisite, · gap); share of "
                             f"{result.demand.postings:,} postings", title_justify="left")
        matrix.add_column("skill")
        matrix.add_column("share (postings)", justify="right")
        for c in result.comparisons:
            matrix.add_column(c.name[:18], justify="center")
        for skill, marks in matrix_rows(result, top):
            matrix.add_row(skill.label, share_count(skill.share, skill.count), *(MATRIX_MARKS[m] for m in marks))
        items.append(matrix)
        problems = [(c.name, p) for c in result.comparisons for p in c.program.problems]
        if problems:
            items.append(Text("Files left out: " + "; ".join(f"{name}: [{p.code}] {p.message}" for name, p in problems),
                              style="yellow"))
        return items
    c = result
    items.append(Text(c.summary()))
    coverage = Table(title="Coverage (demand-weighted)", title_justify="left")
    for name, justify in (("category", "left"), ("demanded skills", "right"), ("taught", "right"), ("coverage", "right")):
        coverage.add_column(name, justify=justify)
    for category, value in c.coverage_by_category.items():
        demanded = [s for s in c.covered if s.category == category] + [g for g in c.gaps if g.category == category]
        taught = [s for s in c.covered if s.category == category]
        coverage.add_row(CATEGORY_TITLES[category], str(len(demanded)), str(len(taught)), pct(value))
    coverage.add_row("All", str(c.demanded_count), str(len(c.covered)), pct(c.coverage), style="bold")
    items.append(coverage)
    gaps = Table(title=f"Gaps: demanded, not taught (share of {c.demand.postings:,} postings)", title_justify="left")
    for name, justify in (("#", "right"), ("skill", "left"), ("category", "left"), ("share (postings)", "right"),
                          ("required", "right"), ("note", "left")):
        gaps.add_column(name, justify=justify)
    with_evidence = any(g.evidence for g in c.gaps)
    if with_evidence:
        gaps.add_column("example posting", overflow="fold", max_width=60)
    shown = c.gaps[:top] if top else c.gaps
    for i, g in enumerate(shown, 1):
        row = [str(i), g.label, g.category, share_count(g.demand_share, g.count), pct(g.required_share), "entry requirement" if g.prerequisite else ""]
        if with_evidence:
            row.append(_evidence_text(g))
        gaps.add_row(*row)
    items.append(gaps if c.gaps else Text("No gaps: every demanded skill is taught."))
    if len(c.gaps) > len(shown):
        items.append(Text(f"{len(c.gaps) - len(shown)} more gaps in --json, --format csv or markdown output.", style="dim"))
    covered = Table(title="Taught and demanded", title_justify="left")
    for name, justify in (("skill", "left"), ("category", "left"), ("share (postings)", "right"), ("hours", "right")):
        covered.add_column(name, justify=justify)
    for s in c.covered:
        covered.add_row(s.label, s.category, share_count(s.demand_share, s.count), "" if s.hours is None else f"{s.hours:g}")
    if c.covered:
        items.append(covered)
    if c.surplus:
        surplus = Table(title=f"Taught, rarely demanded (under {pct(c.min_share)} of postings)", title_justify="left")
        for name, justify in (("skill", "left"), ("category", "left"), ("share (postings)", "right"), ("hours", "right")):
            surplus.add_column(name, justify=justify)
        for s in c.surplus:
            surplus.add_row(s.label, s.category, share_count(s.demand_share, s.count), "" if s.hours is None else f"{s.hours:g}")
        items.append(surplus)
    labels = c.program.labels
    if c.prerequisites:
        items.append(Text("Prerequisites (not taught): " + ", ".join(labels.get(s, s) for s in c.prerequisites)))
    not_taught = sorted(c.program.not_taught_ids())
    if not_taught:
        items.append(Text("Stated as not covered: " + ", ".join(labels.get(s, s) for s in not_taught)))
    if c.program.problems:
        items.append(Text("Files left out: " + "; ".join(f"[{p.code}] {p.message}" for p in c.program.problems), style="yellow"))
    return items


def plain(result, *, title: str | None = None, top: int = DEFAULT_TOP) -> str:
    """The terminal tables without colour (for files and pipes)."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=140, color_system=None, highlight=False, soft_wrap=False)
    for item in comparison_renderables(result, title=title, top=top):
        console.print(item)
        console.print()
    return buffer.getvalue()


# -- markdown -------------------------------------------------------------------------------

def _md_table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(markdown_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _program_markdown(c: Comparison, top: int, heading: str = "##") -> list[str]:
    out = [f"{heading} Coverage", "",
           _md_table(["category", "demanded skills", "taught", "coverage"],
                     [[CATEGORY_TITLES[k], len([s for s in c.covered if s.category == k]) + len([g for g in c.gaps if g.category == k]),
                       len([s for s in c.covered if s.category == k]), pct(v)] for k, v in c.coverage_by_category.items()]
                     + [["**All**", c.demanded_count, len(c.covered), f"**{pct(c.coverage)}**"]]), ""]
    shown = c.gaps[:top] if top else c.gaps
    out += [f"{heading} Gaps (demanded, not taught)", ""]
    if shown:
        header = ["#", "skill", "category", "share of postings (count)", "required", "note"]
        with_evidence = any(g.evidence for g in c.gaps)
        if with_evidence:
            header.append("example posting")
        rows = []
        for i, g in enumerate(shown, 1):
            row = [i, g.label, g.category, share_count(g.demand_share, g.count), pct(g.required_share), "entry requirement" if g.prerequisite else ""]
            if with_evidence:
                row.append(_evidence_text(g, 140))
            rows.append(row)
        out += [_md_table(header, rows), ""]
        if len(c.gaps) > len(shown):
            out += [f"_{len(c.gaps) - len(shown)} more gaps in the JSON or CSV output._", ""]
    else:
        out += ["Every demanded skill is taught.", ""]
    if c.covered:
        out += [f"{heading} Taught and demanded", "",
                _md_table(["skill", "category", "share of postings (count)", "hours"],
                          [[s.label, s.category, share_count(s.demand_share, s.count), "" if s.hours is None else f"{s.hours:g}"] for s in c.covered]), ""]
    if c.surplus:
        out += [f"{heading} Taught, rarely demanded (surplus)", "",
                _md_table(["skill", "category", "share of postings (count)", "hours"],
                          [[s.label, s.category, share_count(s.demand_share, s.count), "" if s.hours is None else f"{s.hours:g}"] for s in c.surplus]), ""]
    labels = c.program.labels
    if c.prerequisites:
        out += ["**Prerequisites (not taught):** " + ", ".join(labels.get(s, s) for s in c.prerequisites), ""]
    not_taught = sorted(c.program.not_taught_ids())
    if not_taught:
        out += ["**Stated as not covered:** " + ", ".join(labels.get(s, s) for s in not_taught), ""]
    files = ", ".join(f"`{f.name}`" for f in c.program.files)
    out += [f"Files read: {files}.", ""]
    if c.program.problems:
        out += ["**Files left out:** " + "; ".join(f"`{p.path}` [{p.code}] {p.message}" for p in c.program.problems), ""]
    return out


def comparison_markdown(result: Comparison | CatalogComparison, *, title: str, top: int = DEFAULT_TOP) -> str:
    out = [f"# {title}", "", result.summary(), ""]
    demand = result.demand
    out += [f"Demand: {demand.postings:,} postings from `{demand.source}`"
             + (f", filters: {'; '.join(demand.filters.describe())}" if demand.filters.describe() else "")
             + f". Demanded skills: share of postings >= {pct(result.min_share)}. Coverage = sum of the demand shares "
             "of demanded skills the program teaches / sum of the demand shares of all demanded skills.", ""]
    if isinstance(result, CatalogComparison):
        out += ["## Ranking", "",
                _md_table(["#", "program", "coverage", "specialized", "common", "qualifications", "taught", "gaps", "largest gap"],
                          [[i, c.name, pct(c.coverage), pct(c.coverage_by_category.get("specialized")),
                            pct(c.coverage_by_category.get("common")), pct(c.coverage_by_category.get("qualification")),
                            len(c.taught), len(c.gaps), c.gaps[0].label if c.gaps else ""]
                           for i, c in enumerate(result.comparisons, 1)]), ""]
        out += ["## Demanded skills × programs", "", "✓ taught, entry = prerequisite of the program, · not taught.", "",
                _md_table(["skill", "share (postings)", *[c.name for c in result.comparisons]],
                          [[s.label, share_count(s.share, s.count), *(MATRIX_MARKS[m] for m in marks)] for s, marks in matrix_rows(result, 0)]), ""]
        for c in result.comparisons:
            out += [f"## {c.name}", "", c.summary(), ""]
            out += _program_markdown(c, top, heading="###")
        return "\n".join(out).rstrip() + "\n"
    out += _program_markdown(result, top)
    return "\n".join(out).rstrip() + "\n"
