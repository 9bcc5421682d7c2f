"""`skillmap title`: code job titles to SOC 2018 and the proposed EV/EVSE codes."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..errors import InputError, SkillmapError
from ..io.inputs import (
    duplicate_id_warning,
    json_kind,
    parse_json_line,
    repaired_strings,
    row_id,
    surrogate_warning,
)
from . import app, fail
from .render import console

HELP = """Code job titles to SOC 2018 occupations and the proposed EV/EVSE codes.

Input is the TITLE argument (with optional --text BODY for skill evidence), or --file:
a text file with one title per line, or .jsonl with "id", "title" and optional "text"
per line. --json prints one object per input: {"id", "title", "soc_code", "soc_title",
"soc_major", "gjrp_group", "proposed_code", "score", "abstain", "alternatives": [...]}.
soc_code is null when the coder abstains (score under its threshold, empty or unusable
title).

Example: skillmap title "EV Charger Field Tech II - Nights" --json
"""


def _records(title: str | None, text: str | None, file: Path | None) -> list[dict]:
    if title is not None and file is not None:
        raise InputError("give either TITLE or --file, not both", code="E200")
    if file is None:
        if title is None:
            raise InputError("no input: give TITLE or --file PATH", code="E200")
        return [{"id": None, "title": title, "text": text}]
    if not file.exists():
        raise InputError(f"{file}: file not found", code="E205")
    try:
        # (Split at newlines only: str.splitlines also splits at U+2028 and other
        # separators a JSON string may hold, which cut a good line in two.)
        lines = [line.rstrip("\r") for line in file.read_text(encoding="utf-8-sig", errors="replace").split("\n")]
    except OSError as err:
        raise InputError(f"{file}: cannot read file ({err.strerror})", code="E205") from None
    if file.suffix.lower() not in (".jsonl", ".ndjson"):
        return [{"id": f"line-{n}", "title": line.strip(), "text": None} for n, line in enumerate(lines, 1) if line.strip()]
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record, warning = _jsonl_record(line, number)
        except InputError as err:
            typer.echo(f"rejected {file}:{number}: [{err.code}] {err.message}", err=True)
            continue
        if warning:
            typer.echo(f"warning {file}:{number} (id={record['id']}): {warning}", err=True)
        records.append(record)
    duplicates = duplicate_id_warning((r["id"] for r in records), str(file))
    if duplicates:
        typer.echo(f"warning {duplicates}", err=True)
    return records


def _jsonl_record(line: str, number: int) -> tuple[dict, str | None]:
    """One title record of a .jsonl line and a warning about repairs made (or None);
    InputError for a line that holds no usable record."""
    row = parse_json_line(line)
    for name in ("title", "text"):
        if row.get(name) is not None and not isinstance(row[name], str):
            raise InputError(f"{name!r} is a JSON {json_kind(row[name])}, not a string", code="E202")
    row["id"] = row_id(row)
    repaired = repaired_strings(row, ("id", "title", "text"))
    record = {"id": row["id"] or f"line-{number}", "title": row.get("title"), "text": row.get("text")}
    return record, surrogate_warning(repaired) if repaired else None


def code_titles(*, title: str | None = None, text: str | None = None, file: Path | None = None):
    """Code the inputs; returns the TitleCoding results in input order."""
    import skillmap

    records = _records(title, text, file)
    titles, ids = [r["title"] for r in records], [r["id"] for r in records]
    if any(r["text"] for r in records):
        sm = skillmap.load()
        return sm.code_titles(titles, [r["text"] for r in records], ids=ids)
    from ..occupations import load_coder

    coder = load_coder()  # titles alone: no need for the spaCy pipeline
    return coder.code_many(titles, ids=ids)  # the batch path: same results, faster


@app.command("title", help=HELP)
def title_cli(
    title: str = typer.Argument(None, help="A job title. Omit to use --file."),
    text: str = typer.Option(None, "--text", "-t", help="Posting body: its skills and what it describes are evidence for the code."),
    file: Path = typer.Option(None, "--file", "-f", help="Titles, one per line, or .jsonl with id/title/text."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per input (the contract)."),
) -> None:
    try:
        results = code_titles(title=title, text=text, file=file)
    except SkillmapError as err:
        raise fail(err) from None
    out = console()
    for result in results:
        if as_json:
            typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
            continue
        label = f"{result.title!r}"
        if result.abstain:
            out.print(f"{label} -> [yellow]abstain[/yellow] (score {result.score:.2f}; normalized {result.normalized!r})")
        else:
            proposed = f" [bold green]{result.proposed_code}[/bold green]" if result.proposed_code else ""
            out.print(f"{label} -> [bold]{result.soc_code}[/bold] {result.soc_title}{proposed} (score {result.score:.2f}, {result.method})")
        for alt in result.alternatives[1:4] if not result.abstain else result.alternatives[:3]:
            out.print(f"    {alt.soc_code} {alt.soc_title} ({alt.score:.2f})")
