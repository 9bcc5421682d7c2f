"""The curriculum comparison as one offline HTML page: inline CSS and SVG, no script.

One program: coverage bars (overall and per category), demanded skills ranked by share
and marked taught or not, the gaps per category (the report's bar chart, split into
required and preferred demand), then tables. Several programs: coverage by program, a
demanded skills × programs matrix and one section per program. The page shares its CSS
and chart helpers with the frequency report (:mod:`skillmap.report`).
"""

from __future__ import annotations

from datetime import date
from html import escape

from .. import __version__
from ..aggregate.frequencies import CATEGORIES
from ..report.html import CSS as REPORT_CSS
from ..report.html import _table
from ..report.svg import FONT, PALETTE, _attr, _clip, bar_chart, nice_max, tick_label
from ..report.tables import CATEGORY_TITLES, percent
from .compare import MATRIX_MARKS, CatalogComparison, Comparison, matrix_rows, pct, share_count

GAP_COLOR = "#d1495b"
TRACK_COLOR = "#e8ebee"
UNTAUGHT_FILL = "#f3f4f6"
CSS = REPORT_CSS + """
.big{font-size:34px;font-weight:700;color:#1b6a8f}
table.matrix td.taught{background:#d8ecd8;text-align:center}table.matrix td.gap{background:#fbe3e6;text-align:center}
table.matrix td.prerequisite{background:#fff2cc;text-align:center}table.matrix td.surplus{background:#d8ecd8;text-align:center}
.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
.evidence{color:#444;font-size:12px}
table#gaps th:nth-child(3),table#gaps td:nth-child(3),table#gaps th:nth-child(n+6),table#gaps td:nth-child(n+6){text-align:left}
table#gaps td:nth-child(7){max-width:480px}
"""


def coverage_chart(rows: list[tuple[str, str, float | None]], *, title: str, width: int = 880) -> str:
    """Horizontal 0-100% bars: (key, label, coverage) per row; the key picks the colour."""
    label_w, row_h, top, bottom = 220, 30, 16, 28
    bar_x = label_w + 12
    bar_w = width - bar_x - 90
    height = top + row_h * len(rows) + bottom
    parts = [f'<svg class="chart coverage-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" style="{FONT}"><title>{escape(title)}</title>']
    for tick in range(5):
        tx = bar_x + bar_w * tick / 4
        parts.append(f'<line x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{height - bottom}" stroke="#e3e3e3"/>'
                     f'<text x="{tx:.1f}" y="{height - 10}" font-size="12" fill="#666" text-anchor="middle">{tick * 25}%</text>')
    for i, (key, label, value) in enumerate(rows):
        y = top + i * row_h
        color = PALETTE[key][0] if key in PALETTE else ("#1d2327" if key == "all" else "#1b6a8f")
        shown = 0.0 if value is None else value
        parts.append(f'<g class="coverage-bar" data-category="{_attr(key)}" data-coverage="{"" if value is None else f"{value:.6f}"}">'
                     f"<title>{escape(label)}: {escape(pct(value))} of demand taught</title>"
                     f'<text x="{label_w}" y="{y + 19}" font-size="13" fill="#222" text-anchor="end">{escape(label)}</text>'
                     f'<rect x="{bar_x}" y="{y + 5}" width="{bar_w}" height="{row_h - 10}" fill="{TRACK_COLOR}"/>')
        if shown > 0:
            parts.append(f'<rect x="{bar_x}" y="{y + 5}" width="{bar_w * shown:.2f}" height="{row_h - 10}" fill="{color}"/>')
        parts.append(f'<text x="{bar_x + bar_w + 8}" y="{y + 19}" font-size="13" fill="#222">'
                     f'{escape("n/a" if value is None else percent(value))}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def demand_chart(c: Comparison, *, limit: int, width: int = 880) -> str:
    """Demanded skills ranked by share; filled in the category colour when taught, a pale
    bar with a red marker when not."""
    demanded = c.demand.demanded(c.min_share)
    if limit:
        demanded = demanded[:limit]
    taught = set(c.taught)
    prerequisites = set(c.prerequisites)
    label_w, value_w, row_h, top, bottom = 280, 150, 22, 40, 28
    bar_x = label_w + 12
    bar_w = width - bar_x - value_w
    height = top + row_h * max(len(demanded), 1) + bottom
    scale = nice_max(max((s.share for s in demanded), default=0))
    parts = [f'<svg class="chart demand-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" style="{FONT}">'
             f"<title>Demanded skills: taught or not</title>"
             f'<rect x="{bar_x}" y="10" width="14" height="14" fill="{PALETTE["specialized"][0]}"/>'
             f'<text x="{bar_x + 20}" y="22" font-size="13" fill="#333">taught (category colour)</text>'
             f'<rect x="{bar_x + 210}" y="10" width="14" height="14" fill="{UNTAUGHT_FILL}" stroke="{GAP_COLOR}"/>'
             f'<text x="{bar_x + 230}" y="22" font-size="13" fill="#333">gap: demanded, not taught</text>']
    for tick in range(5):
        value = scale * tick / 4
        tx = bar_x + bar_w * tick / 4
        parts.append(f'<line x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{height - bottom}" stroke="#e3e3e3"/>'
                     f'<text x="{tx:.1f}" y="{height - 10}" font-size="12" fill="#666" text-anchor="middle">{tick_label(value)}</text>')
    if not demanded:
        parts.append(f'<text x="{bar_x}" y="{top + 16}" font-size="14" fill="#666">no skill reaches the demand threshold</text>')
    for i, s in enumerate(demanded):
        y = top + i * row_h
        status = "taught" if s.id in taught else ("prerequisite" if s.id in prerequisites else "gap")
        w = bar_w * s.share / scale
        fill = PALETTE[s.category][0] if status == "taught" else UNTAUGHT_FILL
        stroke = "" if status == "taught" else f' stroke="{GAP_COLOR}" stroke-width="1.5"'
        note = {"taught": "taught", "gap": "not taught", "prerequisite": "entry requirement, not taught"}[status]
        parts.append(f'<g class="skill-bar" data-id="{_attr(s.id)}" data-share="{s.share:.6f}" data-status="{status}">'
                     f"<title>{escape(f'{s.label}: {s.count:,} postings ({percent(s.share)}); {note}')}</title>"
                     f'<text x="{label_w}" y="{y + 15}" font-size="13" fill="#222" text-anchor="end">{escape(_clip(s.label, 40))}</text>'
                     f'<rect x="{bar_x}" y="{y + 3}" width="{w:.2f}" height="{row_h - 6}" fill="{fill}"{stroke}/>'
                     f'{_value_label(f"{percent(s.share)} · {note}", bar_x, w, y, width, "#333" if status == "taught" else GAP_COLOR, status != "taught")}</g>')
    parts.append("</svg>")
    return "".join(parts)


def _value_label(text: str, bar_x: float, w: float, y: float, width: int, color: str, inside_ok: bool) -> str:
    """The value beside its bar, or inside a long pale bar's end when it would not fit."""
    needed = 7 * len(text) + 12
    if bar_x + w + needed > width and inside_ok:
        return (f'<text x="{bar_x + w - 6:.1f}" y="{y + 15}" font-size="12" fill="{color}" text-anchor="end">'
                f"{escape(text)}</text>")
    return f'<text x="{bar_x + w + 6:.1f}" y="{y + 15}" font-size="12" fill="{color}">{escape(text)}</text>'


def _gap_charts(c: Comparison, limit: int) -> str:
    out = []
    for category in CATEGORIES:
        rows = [c.demand.get(g.id) for g in c.gaps if g.category == category]
        rows = [r for r in rows if r is not None]
        if limit:
            rows = rows[:limit]
        if rows:
            out.append(f'<h3>{escape(CATEGORY_TITLES[category])} not taught</h3>'
                       + bar_chart(rows, category, title=f"Gaps, {CATEGORY_TITLES[category].lower()}: share of "
                                                         f"{c.demand.postings:,} postings"))
    return "".join(out)


def _program_sections(c: Comparison, top: int, level: int = 2) -> str:
    h = f"h{level}"
    coverage_rows = [("all", "All demanded skills", c.coverage)] + [
        (k, CATEGORY_TITLES[k], v) for k, v in c.coverage_by_category.items()]
    parts = [f'<section class="coverage"><{h}>Coverage</{h}><p class="lead">Share of demand the program teaches, '
             f"weighted by each skill's share of postings.</p>{coverage_chart(coverage_rows, title=f'Coverage: {c.name}')}</section>"]
    parts.append(f'<section class="demand"><{h}>Demanded skills</{h}><p class="lead">Skills at least {pct(c.min_share)} of '
                 f"the {c.demand.postings:,} postings demand, most demanded first.</p>{demand_chart(c, limit=top * 2 if top else 0)}</section>")
    gap_rows = []
    for i, g in enumerate(c.gaps, 1):
        evidence = ""
        if g.evidence:
            evidence = "<br>".join(f'<span class="evidence">“{escape(" ".join(str(e.get("text", "")).split())[:160])}” '
                                   f"({escape(str(e.get('posting')))})</span>" for e in g.evidence)
        gap_rows.append([str(i), escape(g.label), escape(g.category), share_count(g.demand_share, g.count), percent(g.required_share),
                         "entry requirement" if g.prerequisite else "", evidence])
    header = ["#", "skill", "category", "share (postings)", "required", "note", "example postings"]
    if not any(g.evidence for g in c.gaps):
        header, gap_rows = header[:-1], [r[:-1] for r in gap_rows]
    gaps_html = _table(header, gap_rows, attrs=' id="gaps"') if gap_rows else "<p>Every demanded skill is taught.</p>"
    parts.append(f'<section class="gaps"><{h}>Gaps</{h}><p class="lead">Demanded, not taught; most demanded first.</p>'
                 f"{_gap_charts(c, top)}{gaps_html}</section>")
    covered = [[escape(s.label), escape(s.category), share_count(s.demand_share, s.count), "" if s.hours is None else f"{s.hours:g}"]
               for s in c.covered]
    surplus = [[escape(s.label), escape(s.category), share_count(s.demand_share, s.count), "" if s.hours is None else f"{s.hours:g}"]
               for s in c.surplus]
    parts.append(f'<section class="taught"><{h}>Taught</{h}>'
                 + (_table(["skill", "category", "share (postings)", "hours"], covered, attrs=' id="covered"') if covered else "<p>None of the demanded skills.</p>")
                 + (f"<h3>Taught, rarely demanded (under {pct(c.min_share)})</h3>"
                    + _table(["skill", "category", "share (postings)", "hours"], surplus, attrs=' id="surplus"') if surplus else "")
                 + "</section>")
    labels = c.program.labels
    notes = []
    if c.prerequisites:
        notes.append("<li><b>Prerequisites (not taught):</b> " + escape(", ".join(labels.get(s, s) for s in c.prerequisites)) + "</li>")
    not_taught = sorted(c.program.not_taught_ids())
    if not_taught:
        notes.append("<li><b>Stated as not covered:</b> " + escape(", ".join(labels.get(s, s) for s in not_taught)) + "</li>")
    notes.append("<li><b>Files read:</b> " + escape(", ".join(f.name for f in c.program.files)) + "</li>")
    for p in c.program.problems:
        notes.append(f'<li class="problem"><b>Left out:</b> {escape(p.path)} [{escape(p.code)}] {escape(p.message)}</li>')
    parts.append(f"<section class=\"notes\"><{h}>Program notes</{h}><ul>{''.join(notes)}</ul></section>")
    return "".join(parts)


def _catalog_sections(catalog: CatalogComparison, top: int) -> str:
    rows = [(c.name, c.name, c.coverage) for c in catalog.comparisons]
    chart = coverage_chart(rows, title="Coverage by program")
    ranking = [[str(i), escape(c.name), percent(c.coverage), pct(c.coverage_by_category.get("specialized")),
                pct(c.coverage_by_category.get("common")), pct(c.coverage_by_category.get("qualification")),
                str(len(c.taught)), str(len(c.gaps))] for i, c in enumerate(catalog.comparisons, 1)]
    head = ["skill", "share", *[escape(c.name) for c in catalog.comparisons]]
    body = "".join(
        "<tr>" + f"<td>{escape(s.label)}</td><td>{percent(s.share)}</td>"
        + "".join(f'<td class="{m}">{MATRIX_MARKS[m]}</td>' for m in marks) + "</tr>"
        for s, marks in matrix_rows(catalog, 0)
    )
    matrix = (f'<table class="data matrix" id="matrix"><thead><tr>{"".join(f"<th>{h}</th>" for h in head)}</tr></thead>'
              f"<tbody>{body}</tbody></table>")
    parts = [f'<section id="ranking"><h2>Programs ranked by coverage</h2>{chart}'
             + _table(["#", "program", "coverage", "specialized", "common", "qualifications", "taught", "gaps"], ranking)
             + "</section>",
             f'<section id="matrix-section"><h2>Demanded skills × programs</h2><p class="legend">'
             f'<span style="background:#d8ecd8"></span>taught<span style="background:#fff2cc"></span>entry requirement'
             f'<span style="background:#fbe3e6"></span>not taught</p>{matrix}</section>']
    for c in catalog.comparisons:
        parts.append(f'<section class="program" data-program="{_attr(c.name)}"><h2>{escape(c.name)}</h2>'
                     f'<p class="lead">{escape(c.summary())}</p>{_program_sections(c, top, level=3)}</section>')
    return "".join(parts)


def _min_n_note(demand) -> str:
    """The report's minimum-n rule (skillmap.aggregate.proportions) on the demand shares."""
    from ..aggregate.proportions import DEFAULT_MIN_N

    if demand.postings >= DEFAULT_MIN_N:
        return ""
    return (f'<p class="note warning" id="warnings">Warning: only {demand.postings:,} postings selected, fewer than '
            f"{DEFAULT_MIN_N}: demand shares, coverage and gaps are unreliable.</p>")


def comparison_html(result: Comparison | CatalogComparison, *, title: str, top: int = 15) -> str:
    """The whole page as one string."""
    demand = result.demand
    filters = demand.filters.describe() + [f"occupation {o}" for o in demand.occupations if o]
    filter_text = ("; ".join(filters)) if filters else "all postings"
    if isinstance(result, CatalogComparison):
        best = result.comparisons[0] if result.comparisons else None
        stats = (f'<div class="stats"><div class="stat"><b id="programs">{len(result.comparisons)}</b>programs</div>'
                 f'<div class="stat"><b id="postings">{demand.postings:,}</b>postings</div>'
                 + (f'<div class="stat"><b>{percent(best.coverage)}</b>best coverage ({escape(best.name)})</div>' if best else "")
                 + "</div>")
        body = _catalog_sections(result, top)
    else:
        stats = (f'<div class="stats"><div class="stat"><b class="big" id="coverage">{percent(result.coverage)}</b>of demand taught</div>'
                 f'<div class="stat"><b id="postings">{demand.postings:,}</b>postings</div>'
                 f'<div class="stat"><b>{len(result.covered)} / {result.demanded_count}</b>demanded skills taught</div>'
                 f'<div class="stat"><b id="gap-count">{len(result.gaps)}</b>gaps</div></div>')
        body = _program_sections(result, top)
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>"
        f'<h1>{escape(title)}</h1><p class="lead" id="summary">{escape(result.summary())}</p>{stats}{_min_n_note(demand)}'
        f'<p class="muted">Demand: {escape(demand.source)}; {escape(filter_text)}. Demanded skills: at least '
        f"{pct(result.min_share)} of postings.</p>"
        + body
        + f"<footer>Generated by skillmap {__version__} on {date.today().isoformat()}. Coverage = sum of the demand shares of "
        "demanded skills the program teaches ÷ sum of the demand shares of all demanded skills (share: the part of the "
        "selected postings that demand the skill, required or preferred). Prerequisites do not count as taught.</footer>"
        "</main></body></html>\n"
    )
