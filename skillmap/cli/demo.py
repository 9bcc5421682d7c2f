"""`skillmap demo`: the main job end to end on the bundled illustrative postings."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import SkillmapError
from . import app, fail
from .render import console

HELP = """Run the main job end to end on the bundled illustrative postings: extract each
posting's demanded skills, tag the export to Parquet (`skillmap tag`, with a rejects file:
one bundled row is deliberately broken), then print the skill-frequency report per category
(specialized, common, qualification), as `skillmap report` does, and the postings per
county their locations resolve to.

Example: skillmap demo --output demo-out
"""


@app.command("demo", help=HELP)
def demo_cli(
    output: Path = typer.Option(None, "--output", "-o", help="Keep the tagged files in this folder (default: a temporary one)."),
) -> None:
    import tempfile

    from rich.markup import escape
    from rich.table import Table

    from ..demo import demo_postings_path, run_demo, run_demo_job
    from ..report.text import report_renderables, terminal_layout

    out = console()
    try:
        summary = run_demo()
        with tempfile.TemporaryDirectory() as scratch:
            job = run_demo_job(output or scratch, summary.sm)
            tagged_name = job.tagged if output else job.tagged.name
            renderables = report_renderables(job.report, **terminal_layout(out.width))
    except SkillmapError as err:
        raise fail(err) from None
    out.rule(f"skillmap demo: {demo_postings_path().name} (illustrative postings written for skillmap)")
    for item, result in summary.results:
        cats = result.by_category()
        out.print(f"[bold]{item.id}[/bold] {item.title}")
        skills = Table.grid(padding=(0, 1))  # skill lists wrap under themselves, not column 0
        skills.add_column(no_wrap=True, min_width=17)
        skills.add_column()
        for category, ids in cats.items():
            skills.add_row(f"    {category}", ", ".join(ids) if ids else "-")
        out.print(skills)
    for reject in summary.rejects:
        line = Table.grid(padding=(0, 1))
        line.add_column(no_wrap=True)
        line.add_column()
        line.add_row("[yellow]rejected[/yellow]", escape(f"line {reject.line} (id={reject.id}): [{reject.code}] {reject.reason}"))
        out.print(line)
    out.rule(f"skillmap tag -> {tagged_name}, then skillmap report")
    for renderable in renderables:
        out.print(renderable)
    out.print("Postings by county (from the location field): "
              + "; ".join(f"{label or 'no county'} {n}" for label, n in job.counties))
    out.print(f"Tagged {summary.postings} postings, rejected {len(summary.rejects)}.")
