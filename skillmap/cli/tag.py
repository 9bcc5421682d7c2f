"""`skillmap tag`: tag whole posting exports into tidy tables (resumable, parallel)."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from ..errors import SkillmapError
from . import app, exit_without_teardown, fail, unwrapped

TAG_HELP = """Tag posting exports: one row per posting with its skills, SOC code and attributes.

Reads CSV, TSV, JSON lines, Parquet and XLSX, plain or gzip; `-` reads standard input;
--db FILE with --table NAME or --sql QUERY reads a DuckDB or SQLite database. The id, title and text
columns are detected (Lightcast ID/TITLE_RAW/BODY, LinkedIn job_id/title/description,
Indeed jobkey/jobtitle/description, USAJobs MatchedObjectId/PositionTitle/JobSummary,
plain id/title/text); name them with --id-col/--title-col/--text-col. Other columns pass
through (input_ prefix on a clash); a date column gives `month`; a location column
(location, job_location, ...; --location-col) gives state, county and metro area (CBSA)
codes and names. Output is Parquet unless
OUTPUT ends in .csv or .jsonl (or --format). Bad rows go to OUTPUT.rejects.jsonl and the
job goes on. Interrupted (even kill -9), the same command resumes where it stopped.

Example: skillmap tag postings.csv.gz -o tagged.parquet --mentions mentions.parquet

Example: skillmap tag --db exports.duckdb --sql "SELECT * FROM jobs WHERE year = 2024" -o tagged.parquet
"""


class _Bar:
    """Rich progress bar: postings tagged/rejected, rate and ETA of this run."""

    def __init__(self):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

        self.progress = Progress(
            TextColumn("[bold]tagging"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[status]}"),
            console=Console(stderr=True),
            transient=False,
        )
        self.task = None
        self.tagged = self.rejected = 0
        self.units_run = 0.0
        self.started = time.perf_counter()

    def start(self, total_units: float) -> None:
        self.progress.start()
        self.task = self.progress.add_task("tag", total=max(total_units, 1.0), status="starting workers")
        self.started = time.perf_counter()

    def resumed(self, units: float, rows: int) -> None:
        self.progress.advance(self.task, units)
        self.progress.update(self.task, status="skipping finished chunks")

    def advance(self, units: float, tagged: int, rejected: int) -> None:
        self.tagged += tagged
        self.rejected += rejected
        self.units_run += units
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        rate = (self.tagged + self.rejected) / elapsed
        task = self.progress.tasks[0]
        remaining = max(task.total - task.completed - units, 0.0)
        eta = remaining / (self.units_run / elapsed) if self.units_run else 0.0
        self.progress.advance(self.task, units)
        self.progress.update(
            self.task,
            status=f"{self.tagged:,} tagged, {self.rejected:,} rejected, {rate:,.0f}/s, ETA {_clock(eta)}",
        )

    def finish(self) -> None:
        self.progress.stop()


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


@app.command("tag", help=unwrapped(TAG_HELP))
def tag_cli(
    inputs: list[Path] = typer.Argument(None, help="Posting exports (.csv, .tsv, .jsonl, .parquet, .xlsx; .gz too); - for stdin."),
    output: Path = typer.Option(..., "--output", "-o", help="Tagged output: .parquet (default), .csv or .jsonl."),
    mentions: Path = typer.Option(None, "--mentions", help="Also write one row per skill mention here."),
    rejects: Path = typer.Option(None, "--rejects", help="Rejected rows (JSON lines). Default: OUTPUT.rejects.jsonl."),
    output_format: str = typer.Option(None, "--format", help="parquet, csv or jsonl (default: from OUTPUT's name)."),
    input_format: str = typer.Option(None, "--input-format", help="csv, tsv, jsonl, parquet or xlsx (default: detected)."),
    sheet: str = typer.Option(None, "--sheet", help="XLSX sheet name (default: the first)."),
    id_col: str = typer.Option(None, "--id-col", help="Column with the posting id."),
    title_col: str = typer.Option(None, "--title-col", help="Column with the posting title."),
    text_col: list[str] = typer.Option(None, "--text-col", help="Column with the posting text; repeat to join several."),
    company_col: str = typer.Option(None, "--company-col", help="Column with the employer name."),
    date_col: str = typer.Option(None, "--date-col", help="Column with the posting date (gives `month`)."),
    location_col: str = typer.Option(None, "--location-col", help="Column with the free-text location (gives `state`, `county_fips`, `cbsa_code`)."),
    workers: int = typer.Option(None, "--workers", "-w", help="Worker processes (default: all cores)."),
    chunk_size: int = typer.Option(200, "--chunk-size", help="Rows per work unit and resume step (a file's last few come in quarters, so workers finish together)."),
    max_chars: int = typer.Option(1_000_000, "--max-chars", help="Reject texts longer than this (E203)."),
    work_dir: Path = typer.Option(None, "--work-dir", help="Folder for the job's own subdirectory NAME.work (parts, manifest); only that subdirectory is ever removed. Default: beside OUTPUT."),
    restart: bool = typer.Option(False, "--restart", help="Discard an unfinished job in the work directory."),
    keep_work: bool = typer.Option(False, "--keep-work", help="Keep the work directory after finishing."),
    extension: list[str] = typer.Option(None, "--extension", "-x", help="Extension taxonomy file, or 'extra'. Repeatable."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
    db: Path = typer.Option(None, "--db", help="DuckDB or SQLite database file to read postings from."),
    sql: str = typer.Option(None, "--sql", help="With --db: the query whose rows are the postings."),
    table: str = typer.Option(None, "--table", help="With --db: the table whose rows are the postings."),
) -> None:
    from ..batch import tag

    bar = None if quiet else _Bar()
    try:
        summary = tag(
            inputs=inputs or [],
            db=db,
            sql=sql,
            table=table,
            output=output,
            mentions=mentions,
            rejects=rejects,
            output_format=output_format,
            input_format=input_format,
            sheet=sheet,
            id_col=id_col,
            title_col=title_col,
            text_cols=text_col or None,
            company_col=company_col,
            date_col=date_col,
            location_col=location_col,
            workers=workers,
            chunk_size=chunk_size,
            max_chars=max_chars,
            work_dir=work_dir,
            restart=restart,
            keep_work=keep_work,
            extensions=extension or (),
            progress=bar,
        )
    except SkillmapError as err:
        if bar is not None:
            bar.finish()
        raise fail(err) from None
    except KeyboardInterrupt:
        if bar is not None:
            bar.finish()
        typer.echo("Interrupted: rerun the same command to resume.", err=True)
        raise typer.Exit(code=130) from None
    exit_without_teardown()
    if quiet:
        return
    resumed = f" ({summary.resumed_chunks} of {summary.chunks} chunks resumed)" if summary.resumed_chunks else ""
    typer.echo(
        f"Tagged {summary.tagged:,} postings, rejected {summary.rejected:,}{resumed} in "
        f"{summary.seconds:.1f} s with {summary.workers} worker(s) -> {summary.output}",
        err=True,
    )
    if summary.mentions is not None:
        typer.echo(f"Mentions: {summary.mention_rows:,} rows -> {summary.mentions}", err=True)
    if summary.rejected:
        typer.echo(f"Rejects (row, id, code, reason): {summary.rejects}", err=True)
    for note in summary.notes:
        typer.echo(f"Note: {note}", err=True)
