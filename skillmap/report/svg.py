"""Inline SVG charts, written by hand so the HTML report needs no script and no network:
bars per category (split into required / preferred / other), a skill × group heatmap and
a monthly trend. Every mark carries its numbers as ``data-*`` attributes and a tooltip.
"""

from __future__ import annotations

import math
from html import escape

from ..aggregate.frequencies import Group, SkillCount
from ..aggregate.proportions import DEFAULT_MIN_N, wilson_interval
from .tables import group_title, percent

PALETTE = {
    # required, preferred, other demand (implied or unspecified level)
    "specialized": ("#1b6a8f", "#7fb8d4", "#c5dbe6"),
    "common": ("#2e7d4f", "#8fcca5", "#cfe6d6"),
    "qualification": ("#7b3f98", "#c39bd6", "#e3d3ec"),
}
LINE_COLORS = ("#1b6a8f", "#d1495b", "#2e7d4f", "#edae49", "#7b3f98", "#00798c")
HEAT_LOW, HEAT_HIGH = (247, 251, 255), (8, 69, 148)
UNRELIABLE_FILL = "#eeeeee"
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif"


def _attr(value) -> str:
    return escape(str(value), quote=True)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def nice_max(value: float) -> float:
    """Axis maximum whose quarters are round percentages (1%, 2%, 5%, 10%, ...), at most 100%."""
    if value <= 0:
        return 0.1
    for step in (0.04, 0.08, 0.12, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0):
        if value <= step:
            return step
    return 1.0


def tick_label(value: float) -> str:
    return percent(value, 0 if abs(value * 100 - round(value * 100)) < 1e-9 else 1)


def bar_chart(rows: list[SkillCount], category: str, *, title: str, width: int = 880, below_min_n: bool = False) -> str:
    """Horizontal bars: share of postings demanding each skill, with a whisker over its
    95% Wilson interval. ``below_min_n``: the postings are too few for reliable shares;
    the bars are drawn faded and say so."""
    required_color, preferred_color, other_color = PALETTE[category]
    label_w, value_w, row_h, top, bottom = 280, 130, 24, 40, 28
    bar_x = label_w + 12
    bar_w = width - bar_x - value_w
    height = top + row_h * max(len(rows), 1) + bottom
    scale = nice_max(max((s.share_high for s in rows), default=0))
    faded = ' data-below-min-n="true" opacity="0.45"' if below_min_n else ""
    parts = [
        f'<svg class="chart bar-chart" data-category="{_attr(category)}"{faded} xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" style="{FONT}">',
        f"<title>{escape(title)}</title>",
    ]
    legend = (("required", required_color), ("preferred only", preferred_color), ("level not stated", other_color))
    x = bar_x
    for name, color in legend:
        parts.append(f'<rect x="{x}" y="10" width="14" height="14" fill="{color}"/>'
                     f'<text x="{x + 20}" y="22" font-size="13" fill="#333">{name}</text>')
        x += 30 + 8 * len(name)
    for tick in range(0, 5):
        value = scale * tick / 4
        tx = bar_x + bar_w * tick / 4
        parts.append(f'<line x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{height - bottom}" stroke="#e3e3e3"/>'
                     f'<text x="{tx:.1f}" y="{height - 10}" font-size="12" fill="#666" text-anchor="middle">'
                     f"{tick_label(value)}</text>")
    if not rows:
        parts.append(f'<text x="{bar_x}" y="{top + 16}" font-size="14" fill="#666">no postings demand skills of this category</text>')
    for i, s in enumerate(rows):
        y = top + i * row_h
        full = bar_w * s.share / scale
        other = max(s.count - s.required - s.preferred, 0)
        widths = [full * part / s.count if s.count else 0 for part in (s.required, s.preferred, other)]
        low, high = s.interval
        tooltip = (f"{s.label}: {s.count:,} of {s.postings:,} postings ({percent(s.share)}; 95% interval "
                   f"{percent(low)}–{percent(high)}); required in {s.required:,}, preferred only in {s.preferred:,}")
        parts.append(f'<g class="bar" data-id="{_attr(s.id)}" data-count="{s.count}" data-share="{s.share:.6f}" '
                     f'data-share-low="{low:.6f}" data-share-high="{high:.6f}" '
                     f'data-required="{s.required}" data-preferred="{s.preferred}"><title>{escape(tooltip)}</title>')
        parts.append(f'<text x="{label_w}" y="{y + 16}" font-size="13" fill="#222" text-anchor="end">{escape(_clip(s.label, 40))}</text>')
        x = bar_x
        for w, color in zip(widths, (required_color, preferred_color, other_color), strict=True):
            if w > 0:
                parts.append(f'<rect x="{x:.2f}" y="{y + 3}" width="{w:.2f}" height="{row_h - 6}" fill="{color}"/>')
                x += w
        x_low, x_high = bar_x + bar_w * low / scale, bar_x + bar_w * high / scale
        mid = y + row_h / 2
        parts.append(f'<path class="interval" d="M{x_low:.2f} {mid - 4:.1f}v8M{x_low:.2f} {mid:.1f}H{x_high:.2f}'
                     f'M{x_high:.2f} {mid - 4:.1f}v8" stroke="#333" stroke-width="1.2" fill="none"/>')
        parts.append(f'<text x="{max(bar_x + full, x_high) + 6:.1f}" y="{y + 16}" font-size="12" fill="#333">'
                     f"{s.count:,} · {percent(s.share)}</text></g>")
    parts.append("</svg>")
    return "".join(parts)


def _heat(fraction: float) -> str:
    fraction = min(max(fraction, 0.0), 1.0)
    rgb = [round(lo + (hi - lo) * fraction) for lo, hi in zip(HEAT_LOW, HEAT_HIGH, strict=True)]
    return "#" + "".join(f"{c:02x}" for c in rgb)


def heatmap(skills: list[SkillCount], groups: list[Group], *, by: str, title: str, width: int = 880,
            min_n: int = DEFAULT_MIN_N) -> str:
    """Skills (rows) × groups (columns); a cell's colour is the skill's share of the
    group's postings; groups under the minimum n are grey."""
    label_w, header_h, row_h, right = 280, 175, 22, 165
    cell_w = max(40, min(90, (width - label_w - 20 - right) / max(len(groups), 1)))
    width = int(label_w + 20 + cell_w * len(groups) + right)
    height = header_h + row_h * len(skills) + 10
    cells = [{(c, s.id): s for c, rows in g.categories.items() for s in rows} for g in groups]
    top_share = max((cell[(s.category, s.id)].share for g, cell in zip(groups, cells, strict=True) if not g.below_min_n
                     for s in skills if (s.category, s.id) in cell), default=0)
    parts = [
        f'<svg class="chart heatmap" data-by="{_attr(by)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" style="{FONT}"><title>{escape(title)}</title>'
    ]
    for j, g in enumerate(groups):
        cx = label_w + 10 + cell_w * (j + 0.5)
        name = _clip(group_title(g), 28)
        parts.append(f'<text transform="translate({cx - 4:.1f},{header_h - 8}) rotate(-45)" font-size="12" fill="#222">'
                     f"{escape(name)} ({g.postings:,})</text>")
    for i, s in enumerate(skills):
        y = header_h + i * row_h
        marker = PALETTE[s.category][0]
        parts.append(f'<rect x="{label_w - 8}" y="{y + 5}" width="6" height="{row_h - 10}" fill="{marker}"/>'
                     f'<text x="{label_w - 14}" y="{y + 15}" font-size="12" fill="#222" text-anchor="end">{escape(_clip(s.label, 38))}</text>')
        for j, (g, cell) in enumerate(zip(groups, cells, strict=True)):
            value = cell.get((s.category, s.id))
            count, share = (value.count, value.share) if value else (0, 0.0)
            fraction = share / top_share if top_share else 0
            x = label_w + 10 + cell_w * j
            low, high = wilson_interval(count, g.postings)
            tooltip = f"{s.label} in {group_title(g)}: {count:,} of {g.postings:,} postings ({percent(share)}; 95% interval {percent(low)}–{percent(high)})"
            if g.below_min_n:  # too few postings: grey, not a colour that reads as a finding
                fill, text_color, flag = UNRELIABLE_FILL, "#777", ' data-below-min-n="true"'
                tooltip += f"; fewer than {min_n} postings, unreliable"
            else:
                fill, text_color, flag = _heat(fraction), "#fff" if fraction > 0.55 else "#222", ""
            parts.append(
                f'<g class="cell" data-id="{_attr(s.id)}" data-group="{_attr(g.name)}" data-count="{count}" data-share="{share:.6f}"{flag}>'
                f"<title>{escape(tooltip)}</title>"
                f'<rect x="{x:.1f}" y="{y}" width="{cell_w - 2:.1f}" height="{row_h - 2}" fill="{fill}"/>'
                f'<text x="{x + (cell_w - 2) / 2:.1f}" y="{y + 15}" font-size="11" fill="{text_color}" text-anchor="middle">'
                f"{percent(share, 0)}</text></g>"
            )
    parts.append("</svg>")
    return "".join(parts)


def trend_chart(skills: list[SkillCount], months: list[Group], *, title: str, width: int = 880,
                min_n: int = DEFAULT_MIN_N) -> str:
    """Share of each month's postings demanding each skill, with monthly posting counts;
    months under the minimum n are greyed out and left out of the lines' scale."""
    left, right, top, plot_h, gap, volume_h, bottom = 56, 230, 20, 220, 34, 70, 46
    plot_w = width - left - right
    height = top + plot_h + gap + volume_h + bottom
    n = len(months)
    xs = [left + (plot_w * (i + 0.5) / n) for i in range(n)]
    lookups = [{(c, s.id): s for c, rows in g.categories.items() for s in rows} for g in months]
    series = []
    for s in skills:
        shares = [look.get((s.category, s.id)) for look in lookups]
        series.append((s, [(v.count, v.share) if v else (0, 0.0) for v in shares]))
    scale = nice_max(max((share for _, points in series for (_, share), g in zip(points, months, strict=True)
                          if not g.below_min_n), default=0))
    top_volume = max((g.postings for g in months), default=1) or 1
    parts = [
        f'<svg class="chart trend" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" style="{FONT}"><title>{escape(title)}</title>'
    ]
    for tick in range(5):
        value = scale * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e3e3e3"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" fill="#666" text-anchor="end">{tick_label(value)}</text>')
    column_w = plot_w / n
    for x, g in zip(xs, months, strict=True):
        if g.below_min_n:  # a grey band: this month's shares rest on too few postings
            parts.append(f'<rect class="month-below-min-n" x="{x - column_w / 2:.1f}" y="{top}" width="{column_w:.1f}" height="{plot_h}" '
                         f'fill="{UNRELIABLE_FILL}" data-month="{_attr(g.name)}"><title>{escape(g.name)}: {g.postings:,} '
                         f"postings, fewer than {min_n}: shares unreliable</title></rect>")
    for k, (s, points) in enumerate(series):
        color = LINE_COLORS[k % len(LINE_COLORS)]
        coords = [(x, top + plot_h - plot_h * min(share / scale, 1.0)) for x, (_, share) in zip(xs, points, strict=True)]
        parts.append(f'<g class="trend-line" data-id="{_attr(s.id)}">')
        # The line joins reliable months only: a month under the minimum n is a grey
        # hollow point, so a share of 1 posting cannot draw a jump.
        run: list[tuple[float, float]] = []
        for (x, y), g in [*zip(coords, months, strict=True), ((0.0, 0.0), None)]:
            if g is not None and not g.below_min_n:
                run.append((x, y))
                continue
            if len(run) > 1:
                path = " ".join(f"{px:.1f},{py:.1f}" for px, py in run)
                parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2.5"/>')
            run = []
        for (x, y), (count, share), g in zip(coords, points, months, strict=True):
            low, high = wilson_interval(count, g.postings)
            tip = f"{s.label}, {g.name}: {count:,} of {g.postings:,} postings ({percent(share)}; 95% interval {percent(low)}–{percent(high)})"
            if g.below_min_n:
                tip += f"; fewer than {min_n} postings, unreliable"
                look = 'fill="#fff" stroke="#999" stroke-width="1.5" data-below-min-n="true"'
            else:
                look = f'fill="{color}"'
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" {look} data-month="{_attr(g.name)}" data-count="{count}">'
                         f"<title>{escape(tip)}</title></circle>")
        ly = top + 8 + k * 22
        parts.append(f'<rect x="{left + plot_w + 16}" y="{ly - 9}" width="14" height="4" fill="{color}"/>'
                     f'<text x="{left + plot_w + 36}" y="{ly}" font-size="12" fill="#222">{escape(_clip(s.label, 26))}</text></g>')
    base = top + plot_h + gap + volume_h
    bar_w = max(plot_w / n * 0.6, 2)
    parts.append(f'<text x="{left}" y="{top + plot_h + gap - 8}" font-size="12" fill="#666">postings per month (max {top_volume:,})</text>')
    step = max(1, math.ceil(n / max(plot_w // 72, 1)))
    for i, (x, g) in enumerate(zip(xs, months, strict=True)):
        h = volume_h * g.postings / top_volume
        parts.append(f'<rect class="volume" x="{x - bar_w / 2:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                     f'fill="#9aa5b1" data-month="{_attr(g.name)}" data-count="{g.postings}"><title>{escape(g.name)}: {g.postings:,} postings</title></rect>')
        if i % step == 0:
            parts.append(f'<text x="{x:.1f}" y="{base + 16}" font-size="11" fill="#444" text-anchor="middle">{escape(g.name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def state_map(states: list[Group], tiles: dict[str, tuple[int, int]], *, title: str, min_n: int = DEFAULT_MIN_N,
              top_skills: int = 3) -> str:
    """Tile-grid choropleth: one square per state (``tiles``: USPS code -> row, column),
    darker for more postings; states under the minimum n are grey, states without
    postings white. A state's tooltip gives its most demanded skills (reliable states only)."""
    size, gap, left, top = 52, 4, 10, 10
    rows = max(r for r, _ in tiles.values()) + 1
    cols = max(c for _, c in tiles.values()) + 1
    width, legend_y = left * 2 + cols * (size + gap), top + rows * (size + gap) + 14
    height = legend_y + 40
    by_state = {g.value: g for g in states if g.value in tiles}
    most = max((g.postings for g in by_state.values() if not g.below_min_n), default=0)
    parts = [
        f'<svg class="chart state-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" style="{FONT}"><title>{escape(title)}</title>'
    ]
    for state, (r, c) in sorted(tiles.items()):
        x, y = left + c * (size + gap), top + r * (size + gap)
        g = by_state.get(state)
        postings = g.postings if g else 0
        name = (g.label if g else None) or state
        if g is None:
            fill, ink, flag, tip = "#ffffff", "#999", "", f"{name}: no postings"
        elif g.below_min_n:  # too few postings: grey, not a colour that reads as a finding
            fill, ink, flag = UNRELIABLE_FILL, "#777", ' data-below-min-n="true"'
            tip = f"{name}: {postings:,} postings, fewer than {min_n}: shares unreliable"
        else:
            fraction = postings / most if most else 0
            fill, ink, flag = _heat(0.15 + 0.85 * fraction), "#fff" if fraction > 0.45 else "#222", ""
            skills = sorted((s for rows_ in g.categories.values() for s in rows_), key=lambda s: (-s.share, s.label))
            tip = f"{name}: {postings:,} postings" + ("; most demanded: " + ", ".join(
                f"{s.label} {percent(s.share)}" for s in skills[:top_skills]) if skills else "")
        parts.append(
            f'<g class="tile" data-state="{_attr(state)}" data-postings="{postings}"{flag}><title>{escape(tip)}</title>'
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="3" fill="{fill}" stroke="#c9ced4"/>'
            f'<text x="{x + size / 2}" y="{y + size / 2 - 2}" font-size="14" font-weight="600" fill="{ink}" '
            f'text-anchor="middle">{escape(state)}</text>'
            f'<text x="{x + size / 2}" y="{y + size / 2 + 14}" font-size="11" fill="{ink}" text-anchor="middle">'
            f'{f"{postings:,}" if postings else ""}</text></g>')
    steps = 6
    for k in range(steps):
        parts.append(f'<rect x="{left + k * 28}" y="{legend_y}" width="28" height="12" fill="{_heat(0.15 + 0.85 * k / (steps - 1))}"/>')
    parts.append(f'<text x="{left}" y="{legend_y + 28}" font-size="12" fill="#444">0</text>'
                 f'<text x="{left + steps * 28}" y="{legend_y + 28}" font-size="12" fill="#444" text-anchor="end">{most:,} postings</text>'
                 f'<rect x="{left + steps * 28 + 30}" y="{legend_y}" width="12" height="12" fill="{UNRELIABLE_FILL}" stroke="#c9ced4"/>'
                 f'<text x="{left + steps * 28 + 48}" y="{legend_y + 11}" font-size="12" fill="#444">fewer than {min_n} postings</text>'
                 f'<rect x="{left + steps * 28 + 230}" y="{legend_y}" width="12" height="12" fill="#fff" stroke="#c9ced4"/>'
                 f'<text x="{left + steps * 28 + 248}" y="{legend_y + 11}" font-size="12" fill="#444">none</text>')
    parts.append("</svg>")
    return "".join(parts)
