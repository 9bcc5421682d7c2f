"""`skillmap evaluate`: posting-level precision, recall and F1 against gold labels."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..errors import SkillmapError
from . import app, fail
from .render import console

HELP = """Score demanded-skill extraction against gold labels (posting level, micro-averaged).

GOLD.jsonl lines: {"pid", "skills": [{"id", "requirement"}]}; POSTINGS.jsonl lines:
{"pid" or "id", "title", "company", "text"}. Children imply parents on both sides.
--min-f1 makes the command fail below a floor (a regression guard for CI).

Example: skillmap evaluate gold.jsonl postings.jsonl --details
"""


@app.command("evaluate", help=HELP)
def evaluate_cli(
    gold: Path = typer.Argument(..., help="Gold labels (.jsonl)."),
    postings: Path = typer.Argument(..., help="Postings (.jsonl)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    details: bool = typer.Option(False, "--details", help="List false positives and negatives per posting."),
    min_f1: float = typer.Option(None, "--min-f1", help="Exit with code 6 if overall F1 is below this."),
    extension: list[str] = typer.Option(None, "--extension", "-x", help="Extension taxonomy. Repeatable."),
) -> None:
    import skillmap

    from ..evaluate import evaluate

    try:
        sm = skillmap.load(extensions=extension or ())
        report = evaluate(sm.extractor, gold, postings)
    except SkillmapError as err:
        raise fail(err) from None
    data = report.to_dict(details=details)
    if as_json:
        typer.echo(json.dumps(data, indent=2))
    else:
        from rich.table import Table

        table = Table(title=f"{report.postings} postings, demanded skills (children imply parents)")
        for column in ("scope", "precision", "recall", "F1", "tp", "fp", "fn"):
            table.add_column(column, justify="right" if column != "scope" else "left")
        rows = [("overall", data["overall"]), *data["by_category"].items()]
        for name, s in rows:
            table.add_row(name, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}", str(s["tp"]), str(s["fp"]), str(s["fn"]))
        out = console()
        out.print(table)
        if details:
            for error in report.errors:
                out.print(f"  {error['id']}: FP {error['false_positives']} FN {error['false_negatives']}")
    if min_f1 is not None and report.overall.f1 < min_f1:
        typer.echo(f"F1 {report.overall.f1:.4f} is below the floor {min_f1}", err=True)
        raise typer.Exit(code=6)
