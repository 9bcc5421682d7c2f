"""`skillmap compare`: which demanded skills a syllabus teaches and which it misses;
`skillmap syllabus`: what a syllabus teaches, requires on entry and leaves out."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import SkillmapError
from . import app, fail, unwrapped
from .render import console

HELP = """Compare a training program with the skills job postings demand. SYLLABUS files
(PDF, DOCX, HTML, Markdown or text; several files form one program) are read with
curriculum rules: a skill named as course content, a module, lesson or outcome is
TAUGHT; prerequisites and entry requirements are listed apart; "this course does not
cover ..." is not taught; mission, accessibility, grading, contact and cost text does
not count. --demand is tagged postings (`skillmap tag` output).

Demanded skills are those at least --min-share of the selected postings demand (default
0.05). Coverage = sum of the demand shares of demanded skills the program teaches /
sum of the demand shares of all demanded skills, overall and per category. Gaps are
demanded skills not taught, most demanded first (with example postings when --mentions
gives the per-mention file); surplus are taught skills under --min-share.

Compare several programs at once with --program NAME=FILE[,FILE...] (repeatable): they
are ranked by coverage. A file that cannot be read (encrypted or scanned PDF, empty
DOCX, unreadable) is reported and left out; the program's other files still count.

Each share is shown with the number of postings behind it. A warning says when
few or none of the selected postings demand an EV/EVSE skill (coverage would then
measure general demand; use --ev-related).

Formats: terminal tables (default), --json, or --format markdown|csv|html (or from -o's
suffix); HTML is one offline page with coverage and gap charts.

Example: skillmap compare syllabus.pdf labs.docx --demand tagged.parquet --ev-related --occupation 49-9071 --format html -o gaps.html
"""


@app.command("compare", help=HELP)
def compare_cli(
    syllabi: list[Path] = typer.Argument(None, help="Syllabus files of one program (.pdf, .docx, .html, .md, .txt)."),
    demand: list[Path] = typer.Option(None, "--demand", "-d", help="Tagged postings: Parquet, CSV or JSON-lines files, or directories. Repeatable."),
    program: list[str] = typer.Option(None, "--program", "-p", help="A program to compare: NAME=FILE[,FILE...]. Repeatable; programs are ranked by coverage."),
    name: str = typer.Option(None, "--name", help="Name of the SYLLABUS program (default: its first heading)."),
    occupation: list[str] = typer.Option(None, "--occupation", help="Only postings of this occupation: a SOC code or prefix (47-2111, 49-), a proposed code (49-2093.91) or a GJRP group. Repeatable."),
    ev_related: bool = typer.Option(None, "--ev-related/--no-ev-related", help="Only postings with any EV/EVSE skill."),
    preset: str = typer.Option(None, "--preset", help="Saved report filters, e.g. hra-2025."),
    max_education: str = typer.Option(None, "--max-education", help="Highest minimum education kept (e.g. associate)."),
    where: list[str] = typer.Option(None, "--where", help="Keep postings where COLUMN=VALUE (also !=, >=, <=). Repeatable."),
    min_share: float = typer.Option(0.05, "--min-share", help="Demand threshold: a skill counts as demanded when at least this share of postings demand it."),
    mentions: Path = typer.Option(None, "--mentions", help="Per-mention tagged file: adds example posting text to each gap."),
    top: int = typer.Option(15, "--top", help="Gaps (and matrix rows) shown in tables and charts; 0 for all. JSON and CSV list all."),
    fmt: str = typer.Option(None, "--format", "-f", help="table, json, markdown, csv or html."),
    as_json: bool = typer.Option(False, "--json", help="Same as --format json."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file (format from its suffix unless --format)."),
    title: str = typer.Option(None, "--title", help="Title of Markdown and HTML output."),
    engine: str = typer.Option("auto", "--engine", help="Demand counting engine: auto, pandas or duckdb."),
    extension: list[str] = typer.Option(None, "--extension", "-x", help="Extension taxonomy (skills matched in syllabi and labelled in demand). Repeatable."),
    rules: Path = typer.Option(None, "--rules", help="Curriculum rules YAML instead of the bundled taxonomies/curriculum_rules.yaml."),
) -> None:
    from ..curriculum.commands import compare

    try:
        outcome = compare(
            syllabi=syllabi or (), programs=program or (), demand=demand or (), name=name, occupations=occupation or (),
            min_share=min_share, mentions=mentions, top=top, fmt="json" if as_json else fmt, output=output, title=title,
            engine=engine, extensions=extension or (), rules=rules, ev_related=ev_related, preset=preset,
            max_education=max_education, where=where or (),
        )
    except SkillmapError as err:
        raise fail(err) from None
    _warn(outcome.problems)
    if outcome.path is not None:
        # Printed output carries them itself (the summary; "warnings" in JSON).
        for warning in outcome.result.demand.warnings():
            typer.echo(f"Warning: {warning}", err=True)
        typer.echo(f"Wrote {outcome.format} comparison to {outcome.path}", err=True)
        return
    if outcome.data is not None:
        typer.echo(outcome.data, nl=False)
        return
    from ..curriculum.render import comparison_renderables

    out = console()
    for item in comparison_renderables(outcome.result, title=title, top=top):
        out.print(item)
        out.print()


SYLLABUS_HELP = """Show what a syllabus (or several files of one program) teaches, what it asks
students to bring (prerequisites, entry requirements) and what it says it leaves out, with
the sentence behind each skill. No postings needed: this is the "taught" side of
`skillmap compare`.

Example: skillmap syllabus outline.pdf labs.docx --json
"""


@app.command("syllabus", help=unwrapped(SYLLABUS_HELP))
def syllabus_cli(
    files: list[Path] = typer.Argument(..., help="Syllabus files of one program (.pdf, .docx, .html, .md, .txt)."),
    name: str = typer.Option(None, "--name", help="Program name (default: the first heading)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON: taught, prerequisites, not_taught, taught_details."),
    all_mentions: bool = typer.Option(False, "--mentions", help="With --json, add every mention with its role and section."),
    extension: list[str] = typer.Option(None, "--extension", "-x", help="Extension taxonomy. Repeatable."),
    rules: Path = typer.Option(None, "--rules", help="Curriculum rules YAML instead of the bundled one."),
) -> None:
    from ..curriculum.commands import syllabus

    try:
        outcome = syllabus(files=files, name=name, as_json=as_json, mentions=all_mentions,
                           extensions=extension or (), rules=rules)
    except SkillmapError as err:
        raise fail(err) from None
    _warn(outcome.problems)
    if outcome.data is not None:
        typer.echo(outcome.data, nl=False)
        return
    from rich.table import Table
    from rich.text import Text

    program = outcome.result
    out = console()
    out.print(Text(program.name, style="bold"))
    table = Table(title="Taught skills", title_justify="left")
    for column in ("skill", "category", "hours", "evidence"):
        table.add_column(column, overflow="fold", max_width=70 if column == "evidence" else None)
    hours = program.hours()
    for skill_id in sorted(program.taught_ids(), key=lambda s: (program.categories.get(s, ""), s)):
        found = program.evidence(skill_id, limit=1)
        evidence = found[0]["context"] if found else "(implied by a narrower skill)"
        table.add_row(program.labels.get(skill_id, skill_id), program.categories.get(skill_id, ""),
                      f"{hours[skill_id]:g}" if skill_id in hours else "", evidence)
    out.print(table)
    for title, ids in (("Prerequisites", program.prerequisite_ids()), ("Stated as not covered", program.not_taught_ids())):
        if ids:
            out.print(Text(f"{title}: " + ", ".join(program.labels.get(s, s) for s in sorted(ids))))


def _warn(problems) -> None:
    for program, problem in problems:
        typer.echo(f"Warning: {program}: left out {problem.path}: [{problem.code}] {problem.message}", err=True)
