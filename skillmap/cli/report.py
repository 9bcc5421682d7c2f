"""`skillmap report`: skill frequencies of tagged output, per category, with the HR&A
methodology as filters."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import SkillmapError
from . import app, fail
from .render import console

HELP = """Rank the skills tagged postings demand, per category (specialized skills, common
skills, qualifications): postings count, share of postings, and how often required or
only preferred. TAGGED is `skillmap tag` output: Parquet, CSV or JSON-lines files, or
directories of them.

Filters follow the HR&A Skill-Based Analysis (see README, "Reports"): --ev-related keeps
"job postings ... that included any 'Electric Vehicle' related skills"; --max-education
associate keeps "positions that require less than a Bachelor's degree \\[associate's
degree, high school diploma or equivalent, or list no education requirements]";
--exclude-soc drops occupations ("Janitors and cleaners, locksmiths, parking attendants,
nurses, drivers, and other jobs"); --since/--until bound the months. --preset hra-2025
applies them all; options given with a preset add to its lists and replace its values.

Formats: a terminal table (default), --json, or --format csv|xlsx|markdown|html (or
inferred from -o's suffix). JSON, CSV and XLSX hold every skill unless --top is given.
Each share comes with its 95% Wilson interval (share_low, share_high); shares of fewer
than --min-n postings (default 30) are marked unreliable, and a report counting fewer
postings warns on stderr. HTML is one offline page with bar charts, a skills ×
occupation heatmap and a monthly trend. CSV holds one table: the skill frequencies, or
the pairs with --pairs.

Example: skillmap report tagged.parquet --preset hra-2025 --by soc_code --format html -o report.html
"""


@app.command("report", help=HELP)
def report_cli(
    tagged: list[Path] = typer.Argument(..., help="Tagged files or directories (.parquet, .csv, .jsonl)."),
    by: str = typer.Option(None, "--by", help="Add a skill × group table: soc_code, gjrp_group, proposed_code, month, state, county, cbsa (named), or any column."),
    top: int = typer.Option(None, "--top", help="Skills per category (and pairs) to show; 0 for all. Default: 25 in tables, Markdown and HTML; all in JSON, CSV and XLSX."),
    min_postings: int = typer.Option(1, "--min-postings", help="Leave out skills (and pairs) fewer postings demand."),
    # The default lives in skillmap.aggregate.proportions (importing it here would slow every command's start).
    min_n: int = typer.Option(None, "--min-n", help="Mark shares of fewer postings as unreliable (report, groups, months); default 30."),
    pairs: bool = typer.Option(False, "--pairs", help="Add skills demanded together: count, share, lift."),
    pairs_sort: str = typer.Option("count", "--pairs-sort", help="Order pairs by count or lift."),
    preset: str = typer.Option(None, "--preset", help="Saved filters: hra-2025, or a preset YAML file."),
    ev_related: bool = typer.Option(None, "--ev-related/--no-ev-related", help="Only postings with any EV/EVSE skill."),
    ev_skill: list[str] = typer.Option(None, "--ev-skill", help="Also count this skill id as EV-related (implies --ev-related). Repeatable."),
    max_education: str = typer.Option(None, "--max-education", help="Highest minimum education kept: high_school, postsecondary_certificate, associate, bachelor, master, doctorate."),
    unstated_education: bool = typer.Option(None, "--unstated-education/--no-unstated-education", help="With --max-education, count postings stating no education (default: yes, as the report)."),
    exclude_soc: list[str] = typer.Option(None, "--exclude-soc", help="Drop these SOC codes or prefixes (comma-separated, repeatable)."),
    include_soc: list[str] = typer.Option(None, "--include-soc", help="Keep only these SOC codes or prefixes (comma-separated, repeatable)."),
    since: str = typer.Option(None, "--since", help="First month kept (YYYY-MM or YYYY)."),
    until: str = typer.Option(None, "--until", help="Last month kept (YYYY-MM or YYYY)."),
    where: list[str] = typer.Option(None, "--where", help="Keep postings where COLUMN=VALUE (also !=, >=, <=, >, <; a|b alternatives). Repeatable."),
    fmt: str = typer.Option(None, "--format", "-f", help="table, json, csv, xlsx, markdown or html."),
    as_json: bool = typer.Option(False, "--json", help="Same as --format json."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file (format from its suffix unless --format)."),
    title: str = typer.Option(None, "--title", help="Title of Markdown, XLSX and HTML reports."),
    engine: str = typer.Option("auto", "--engine", help="auto (pandas for small input, DuckDB otherwise), pandas or duckdb."),
    extension: list[str] = typer.Option(None, "--extension", "-x", help="Extension taxonomy for labels and EV flags. Repeatable."),
) -> None:
    from ..report.commands import report

    try:
        outcome = report(
            tagged=tagged, by=by, top=top, min_postings=min_postings, min_n=min_n, pairs=pairs, pairs_sort=pairs_sort,
            fmt="json" if as_json else fmt, output=output, title=title, engine=engine, extensions=extension or (),
            preset=preset, ev_related=ev_related, ev_skills=ev_skill or (), max_education=max_education,
            unstated_education=unstated_education, exclude_soc=exclude_soc or (), include_soc=include_soc or (),
            since=since, until=until, where=where or (),
        )
    except SkillmapError as err:
        raise fail(err) from None
    print_outcome(outcome)


def print_outcome(outcome) -> None:
    """Terminal tables, text on stdout, or a note of the file written (on stderr); the
    report's warnings on stderr unless the terminal tables already show them."""
    if outcome.data is not None or outcome.path is not None:
        for warning in getattr(outcome.report, "warnings", ()):
            typer.echo(f"Warning: {warning}.", err=True)
    if outcome.path is not None:
        typer.echo(f"Wrote {outcome.format} report to {outcome.path}", err=True)
        return
    if outcome.data is not None:
        typer.echo(outcome.data, nl=False)
        return
    from ..aggregate.frequencies import FrequencyReport
    from ..report.text import diff_renderables, report_renderables, terminal_layout

    out = console()
    if isinstance(outcome.report, FrequencyReport):
        items = report_renderables(outcome.report, **terminal_layout(out.width))
    else:
        items = diff_renderables(outcome.report)
    for item in items:
        out.print(item)
        out.print()
