"""A self-contained HTML report: one file, inline CSS and SVG, no script, no network.

Sections: summary and filters (with the preset's source wording), one bar chart per
category, a skill × occupation heatmap (``--by`` groups, else SOC codes), a tile-grid map
of postings per state when they carry states, and a monthly trend when they carry months,
then co-occurring pairs. Each chart has the exact
numbers in a table beneath it.
"""

from __future__ import annotations

from datetime import date
from html import escape

from .. import __version__
from ..aggregate.frequencies import CATEGORIES, FrequencyReport
from .svg import bar_chart, heatmap, state_map, trend_chart
from .tables import CATEGORY_TITLES, UNRELIABLE_MARK, percent, share_text

# The state map is drawn when at least this many states each have --min-n postings: one
# state alone (a county-scoped report) is not a map's worth of information.
MAP_MIN_STATES = 2
HEATMAP_SKILLS = 20
HEATMAP_GROUPS = 12
TREND_SKILLS = 5

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;margin:0;background:#f6f7f9;color:#1d2327}
main{max-width:960px;margin:0 auto;padding:24px 32px 48px;background:#fff}
h1{font-size:26px;margin:8px 0 4px}h2{font-size:20px;margin:32px 0 8px;border-bottom:2px solid #e6e8eb;padding-bottom:4px}
.lead{font-size:15px;color:#444;margin:4px 0 16px}.muted{color:#666;font-size:13px}
.stats{display:flex;gap:16px;margin:12px 0}.stat{background:#f1f4f7;border-radius:6px;padding:10px 14px}
.stat b{display:block;font-size:22px}
table.data{border-collapse:collapse;font-size:13px;margin:8px 0}table.data th,table.data td{padding:3px 10px;border-bottom:1px solid #eceef0;text-align:right}
table.data th:nth-child(-n+2),table.data td:nth-child(-n+2){text-align:left}
blockquote{margin:6px 0 6px 0;padding:4px 12px;border-left:3px solid #c5dbe6;color:#333;font-size:13px}
details{margin:4px 0 12px}summary{cursor:pointer;color:#1b6a8f;font-size:13px}
svg{max-width:100%;height:auto;display:block}
footer{margin-top:32px;font-size:12px;color:#777}.note{color:#8a5300;font-size:14px}
"""


def _table(header: list[str], rows: list[list], cls: str = "data", attrs: str = "") -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"{attrs}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _filters_section(report: FrequencyReport) -> str:
    lines = report.filters.describe()
    out = ["<h2>Postings counted</h2>"]
    if not lines:
        out.append("<p>All postings in the input; no filters.</p>")
        return "".join(out)
    out.append("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>")
    rows = [[escape(name), f'<span class="count">{n:,}</span>'] for name, n in report.funnel]
    out.append(_table(["step", "postings left"], rows, attrs=' id="funnel"'))
    if report.filters.quotes:
        out.append("<p class=\"muted\">The preset follows the source's own wording:</p>")
        for key, quote in report.filters.quotes.items():
            out.append(f"<blockquote><b>{escape(key)}</b>: “{escape(' '.join(quote.split()))}”</blockquote>")
    return "".join(out)


def _category_section(report: FrequencyReport, category: str) -> str:
    rows = report.categories[category]
    title = CATEGORY_TITLES[category]
    chart = bar_chart(rows, category, title=f"{title}: share of {report.postings:,} postings", below_min_n=report.below_min_n)
    table_rows = [[str(i), escape(s.label), f'<span class="count">{s.count:,}</span>', share_text(s.share, report.below_min_n),
                   f"{percent(s.share_low)}–{percent(s.share_high)}", f"{s.required:,}", f"{s.preferred:,}"]
                  for i, s in enumerate(rows, 1)]
    table = _table(["#", "skill", "postings", "share", "95% interval", "required", "preferred only"], table_rows,
                   attrs=f' data-category="{category}"')
    return (f'<section class="category" id="{category}"><h2>{escape(title)}</h2>{chart}'
            f"<details><summary>Numbers</summary>{table}</details></section>")


def _heatmap_section(report: FrequencyReport, by: str) -> str:
    table = report.groups.get(by)
    if not table:
        return ""
    groups = [g for g in table.groups if g.value is not None][:HEATMAP_GROUPS]
    skills = report.selected()[:HEATMAP_SKILLS]
    if not groups or not skills:
        return ""
    name = "occupation (SOC 2018)" if by == "soc_code" else by
    more = len([g for g in table.groups if g.value is not None]) - len(groups)
    note = f'<p class="muted">{len(groups)} largest groups shown; {more} more in the JSON, CSV or XLSX output.</p>' if more > 0 else ""
    return (f'<section class="heatmap-section" id="heatmap-{escape(by)}"><h2>Skills × {escape(name)}</h2>'
            f'<p class="lead">Share of each group\'s postings that demand the skill (darker: larger share). '
            f"The {len(skills)} most demanded skills; the marker colour is the skill's category.</p>"
            f"{heatmap(skills, groups, by=by, title=f'Skills by {name}', min_n=report.min_n)}{note}"
            f"{_grey_note(report, groups)}</section>")


def _trend_section(report: FrequencyReport) -> str:
    table = report.groups.get("month")
    if not table:
        return ""
    months = [g for g in table.groups if g.value is not None]
    if len(months) < 2:
        return ""
    skills = report.selected()[:TREND_SKILLS]
    if not skills:
        return ""
    rows = [[escape(g.name), f'<span class="count">{g.postings:,}</span>' + (UNRELIABLE_MARK if g.below_min_n else "")]
            for g in months]
    chart = trend_chart(skills, months, title="Monthly share of postings", min_n=report.min_n)
    return (f'<section id="trend"><h2>Monthly trend</h2><p class="lead">Share of each month\'s postings that demand '
            f"the {len(skills)} most demanded skills.</p>{chart}{_grey_note(report, months)}"
            f"<details><summary>Postings per month</summary>{_table(['month', 'postings'], rows)}</details></section>")


def _map_section(report: FrequencyReport) -> str:
    from ..io.locations import state_tiles

    table = report.groups.get("state")
    if not table:
        return ""
    tiles = state_tiles()
    states = [g for g in table.groups if g.value in tiles]
    if sum(1 for g in states if not g.below_min_n) < MAP_MIN_STATES:
        return ""
    placed = sum(g.postings for g in states)
    unplaced = report.postings - placed
    rows = [[escape(g.value), escape(g.label or ""), f'<span class="count">{g.postings:,}</span>'
             + (UNRELIABLE_MARK if g.below_min_n else "")] for g in sorted(states, key=lambda g: (-g.postings, g.value))]
    note = (f'<p class="muted">{unplaced:,} {"posting" if unplaced == 1 else "postings"} without a state (remote, '
            "or a location that did not resolve) not on the map.</p>") if unplaced > 0 else ""
    chart = state_map(states, tiles, title="Postings per state", min_n=report.min_n)
    return (f'<section id="state-map"><h2>Postings by state</h2><p class="lead">Postings counted per state (darker: '
            "more), one square per state in a tile grid (not to scale); hover a state for its most demanded "
            f"skills.</p>{chart}{note}{_grey_note(report, states)}"
            f"<details><summary>Postings per state</summary>{_table(['state', 'name', 'postings'], rows)}</details>"
            "</section>")


def _grey_note(report: FrequencyReport, groups) -> str:
    small = sum(1 for g in groups if g.below_min_n)
    if not small:
        return ""
    return (f'<p class="muted below-min-n-note">Grey: {small} of {len(groups)} with fewer than {report.min_n} postings '
            "(--min-n); their shares are unreliable.</p>")


def _pairs_section(report: FrequencyReport) -> str:
    if report.pairs is None:
        return ""
    rows = [[escape(p.a_label), escape(p.b_label), f'<span class="count">{p.count:,}</span>', percent(p.share), f"{p.lift:.2f}"]
            for p in report.pairs]
    return ('<section id="pairs"><h2>Skills demanded together</h2><p class="lead">Lift above 1: the two are asked '
            "for together more often than their separate shares predict.</p>"
            f"{_table(['skill', 'with', 'postings', 'share', 'lift'], rows)}</section>")


def _tagged_by(report: FrequencyReport) -> str:
    """Provenance for the footer: what tagged the inputs, and the filters."""
    from ..provenance import describe

    runs = report.provenance.get("tagged_by") or []
    parts = [f"; input tagged by {escape(describe(run))}" for run in runs]
    if report.provenance.get("untracked_files"):
        parts.append(f"; {report.provenance['untracked_files']} input file(s) record no provenance")
    described = report.filters.describe()
    parts.append(f"; filters: {escape('; '.join(described))}" if described else "; no filters")
    return f'<span id="provenance">{"".join(parts)}</span>'


def report_html(report: FrequencyReport, *, title: str = "Skill frequencies") -> str:
    """The whole page as one string. Heatmaps: occupations (``soc_code``) when the report
    has them, and the ``--by`` groups when they are something else (months go to the trend)."""
    heatmaps = [by for by in ("soc_code", report.by) if by and by in report.groups and by != "month"]
    stats = (f'<div class="stats"><div class="stat"><b id="postings">{report.postings:,}</b>postings counted</div>'
             f'<div class="stat"><b>{report.input_postings:,}</b>postings in the input</div>'
             + "".join(f'<div class="stat"><b>{len(report.categories[c]):,}</b>{CATEGORY_TITLES[c].lower()} shown</div>' for c in CATEGORIES)
             + "</div>")
    warnings = "".join(f'<p class="note warning">Warning: {escape(note)}.</p>' for note in report.notes)
    sections = [
        f'<div id="warnings">{warnings}</div>' if warnings else "",
        _filters_section(report),
        *(_category_section(report, c) for c in CATEGORIES),
        *(_heatmap_section(report, by) for by in dict.fromkeys(heatmaps)),
        _map_section(report),
        _trend_section(report),
        _pairs_section(report),
    ]
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>"
        f"<h1>{escape(title)}</h1><p class=\"lead\">Skills demanded in job postings, by category: specialized skills, "
        f"common skills and qualifications. Source: {escape(report.source)}.</p>{stats}"
        + "".join(sections)
        + f"<footer>Generated by skillmap {__version__} on {date.today().isoformat()}{_tagged_by(report)}. A posting counts for a skill when it "
        "demands it (required or preferred); a child skill implies its parent. Shares are of the postings counted; "
        "whiskers and intervals are 95% Wilson score intervals; shares of fewer than "
        f"{report.min_n} postings (--min-n) are marked {UNRELIABLE_MARK} or grey as unreliable.</footer>"
        "</main></body></html>\n"
    )

