"""`skillmap demo`: the main job end to end on the bundled illustrative postings."""

from __future__ import annotations

from rich.table import Table

from ..errors import SkillmapError
from . import app, fail
from .render import console

HELP = """Run skill extraction on the bundled illustrative postings and print what employers
ask for: each posting's demanded skills, then skill frequencies per category (specialized,
common, qualification). One bundled row is deliberately broken to show rejects.

Example: skillmap demo
"""


@app.command("demo", help=HELP)
def demo_cli() -> None:
    from ..demo import demo_postings_path, run_demo

    try:
        summary = run_demo()
    except SkillmapError as err:
        raise fail(err) from None
    out = console()
    out.rule(f"skillmap demo: {demo_postings_path().name} (illustrative postings written for skillmap)")
    for item, result in summary.results:
        cats = result.by_category()
        out.print(f"[bold]{item.id}[/bold] {item.title}")
        for category, ids in cats.items():
            out.print(f"    {category:13} {', '.join(ids) if ids else '-'}")
    for reject in summary.rejects:
        out.print(f"[yellow]rejected[/yellow] line {reject.line} (id={reject.id}): [{reject.code}] {reject.reason}")
    n = summary.postings
    for category, counter in summary.counts.items():
        table = Table(title=f"{category} skills in {n} postings", box=None)
        table.add_column("skill")
        table.add_column("postings", justify="right")
        table.add_column("share", justify="right")
        for skill_id, count in counter.most_common(10):
            table.add_row(skill_id, str(count), f"{count / n:.0%}")
        out.print(table)
    out.print(f"Tagged {n} postings, rejected {len(summary.rejects)}.")
