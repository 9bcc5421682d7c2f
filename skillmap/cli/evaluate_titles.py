"""`skillmap evaluate-titles`: accuracy of the title coder against a gold CSV."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..errors import SkillmapError
from . import app, fail
from .render import console

HELP = """Score title coding against a gold CSV: accuracy within the acceptable codes and at
the SOC major-group (2-digit) level, abstention rate, and proposed-code accuracy.

GOLD.csv columns: title, soc_code (acceptable codes separated by ";", first preferred),
optional text (posting body, used as skill evidence), optional proposed_code (empty when
no proposed code fits), optional id. An abstention counts as wrong. Also printed: the
accuracy-coverage table (accuracy of the highest-scoring rows when only 100%, 95%, 90%,
80%, 70% or 50% of the rows are kept, with the lowest score kept). --min-accuracy makes
the command fail below a floor (a regression guard for CI).

Example: skillmap evaluate-titles gold_titles.csv --details
"""


@app.command("evaluate-titles", help=HELP)
def evaluate_titles_cli(
    gold: Path = typer.Argument(..., help="Gold CSV (title, soc_code[, text, proposed_code, id])."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    details: bool = typer.Option(False, "--details", help="List the rows coded wrongly."),
    min_accuracy: float = typer.Option(None, "--min-accuracy", help="Exit with code 6 if accuracy is below this."),
) -> None:
    from ..occupations.evaluate import evaluate_titles, read_title_gold

    try:
        rows = read_title_gold(gold)
        titles, ids = [r.title for r in rows], [r.id for r in rows]
        if any(r.text for r in rows):
            import skillmap

            results = skillmap.load().code_titles(titles, [r.text for r in rows], ids=ids)
        else:
            from ..occupations import load_coder

            results = load_coder().code_many(titles, ids=ids)
        by_line = {row.line: result for row, result in zip(rows, results, strict=True)}
        report = evaluate_titles(lambda r: by_line[r.line], rows)
    except SkillmapError as err:
        raise fail(err) from None
    data = report.to_dict(details=details)
    if as_json:
        typer.echo(json.dumps(data, indent=2))
    else:
        out = console()
        out.print(
            f"{data['rows']} titles: accuracy {data['accuracy']}, major group {data['major_group_accuracy']}, "
            f"abstained {data['abstain_rate']}"
        )
        if data["coverage"]:
            out.print(
                "accuracy at coverage: "
                + ", ".join(f"{row['coverage']:.0%} {row['accuracy']} (score >= {row['min_score']})" for row in data["coverage"])
            )
        if data["proposed"]:
            p = data["proposed"]
            out.print(f"proposed codes: accuracy {p['accuracy']}, precision {p['precision']}, recall {p['recall']}")
        if details:
            for error in report.errors:
                out.print(
                    f"  line {error['line']} {error['title']!r}: predicted {error['predicted']} "
                    f"{error['predicted_proposed'] or ''} gold {'/'.join(error['gold'])} {error['gold_proposed'] or ''}"
                )
    if min_accuracy is not None and (report.rows == 0 or report.correct / report.rows < min_accuracy):
        typer.echo(f"accuracy is below the floor {min_accuracy}", err=True)
        raise typer.Exit(code=6)
