"""`skillmap diff`: two tagged sets side by side, with significance tests."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import SkillmapError
from . import app, fail
from .report import print_outcome

HELP = """Compare skill demand in two tagged sets A and B (regions, periods, occupations):
each skill's share of postings on both sides, the difference (B minus A, in percentage
points) and a test of whether it is more than chance: a two-proportion z-test, or
Fisher's exact test when counts are small (--test auto), with Benjamini–Hochberg
adjusted q-values; * marks q < --alpha.

A and B are tagged files or directories; give the same input twice with --a-where and
--b-where to compare slices of one set. The report's filters (--preset, --ev-related,
--max-education, --exclude-soc, ...) apply to both sides.

Example: skillmap diff tagged.parquet tagged.parquet --a-where "month<=2023-12" --b-where "month>=2024-01" --preset hra-2025
"""


@app.command("diff", help=HELP)
def diff_cli(
    a: Path = typer.Argument(..., help="Side A: tagged file or directory."),
    b: Path = typer.Argument(..., help="Side B: tagged file or directory."),
    a_where: list[str] = typer.Option(None, "--a-where", help="Condition for side A only (COLUMN=VALUE, ...). Repeatable."),
    b_where: list[str] = typer.Option(None, "--b-where", help="Condition for side B only. Repeatable."),
    a_label: str = typer.Option(None, "--a-label", help="Name of side A in the output."),
    b_label: str = typer.Option(None, "--b-label", help="Name of side B in the output."),
    top: int = typer.Option(None, "--top", help="Skills per category to show (largest differences first); 0 for all. Default: 25, all in JSON, CSV and XLSX."),
    min_postings: int = typer.Option(1, "--min-postings", help="Leave out skills fewer postings (A and B together) demand."),
    min_n: int = typer.Option(None, "--min-n", help="Warn about a side with fewer postings; default 30."),
    test: str = typer.Option("auto", "--test", help="auto, z (two-proportion z-test) or fisher (exact)."),
    alpha: float = typer.Option(0.05, "--alpha", help="Significance level for the adjusted q-values."),
    sort: str = typer.Option("difference", "--sort", help="Order skills by size of the difference or by q."),
    preset: str = typer.Option(None, "--preset", help="Saved filters for both sides: hra-2025, or a preset YAML file."),
    ev_related: bool = typer.Option(None, "--ev-related/--no-ev-related", help="Only postings with any EV/EVSE skill."),
    ev_skill: list[str] = typer.Option(None, "--ev-skill", help="Also count this skill id as EV-related. Repeatable."),
    max_education: str = typer.Option(None, "--max-education", help="Highest minimum education kept (e.g. associate)."),
    unstated_education: bool = typer.Option(None, "--unstated-education/--no-unstated-education", help="Count postings stating no education."),
    exclude_soc: list[str] = typer.Option(None, "--exclude-soc", help="Drop these SOC codes or prefixes."),
    include_soc: list[str] = typer.Option(None, "--include-soc", help="Keep only these SOC codes or prefixes."),
    since: str = typer.Option(None, "--since", help="First month kept (YYYY-MM)."),
    until: str = typer.Option(None, "--until", help="Last month kept (YYYY-MM)."),
    where: list[str] = typer.Option(None, "--where", help="Condition for both sides. Repeatable."),
    fmt: str = typer.Option(None, "--format", "-f", help="table, json, csv, xlsx or markdown."),
    as_json: bool = typer.Option(False, "--json", help="Same as --format json."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file (format from its suffix unless --format)."),
    title: str = typer.Option(None, "--title", help="Title of a Markdown report."),
    engine: str = typer.Option("auto", "--engine", help="auto, pandas or duckdb."),
    extension: list[str] = typer.Option(None, "--extension", "-x", help="Extension taxonomy for labels. Repeatable."),
) -> None:
    from ..report.commands import diff

    try:
        outcome = diff(
            a=[a], b=[b], a_where=a_where or (), b_where=b_where or (), a_label=a_label, b_label=b_label,
            top=top, min_postings=min_postings, min_n=min_n, test=test, alpha=alpha, sort=sort,
            fmt="json" if as_json else fmt, output=output, title=title, engine=engine, extensions=extension or (),
            preset=preset, ev_related=ev_related, ev_skills=ev_skill or (), max_education=max_education,
            unstated_education=unstated_education, exclude_soc=exclude_soc or (), include_soc=include_soc or (),
            since=since, until=until, where=where or (),
        )
    except SkillmapError as err:
        raise fail(err) from None
    print_outcome(outcome)
