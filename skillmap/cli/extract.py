"""`skillmap extract`: skills and attributes of postings given as text, file or stdin."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from ..errors import InputError, SkillmapError
from ..io.inputs import (
    PostingInput,
    Reject,
    check_writable,
    duplicate_id_warning,
    iter_jsonl,
    read_text_file,
    write_rejects,
)
from . import app, fail, unwrapped
from .render import print_result

EXTRACT_HELP = """Extract EV/EVSE skills, their requirement level and posting attributes.

Input is the TEXT argument, --file (plain text, or .jsonl with "id" and "text" and
optional "title"/"company" per line), or standard input (no TEXT, or `-`). --json prints one JSON object
per input: {"id", "skills": [{"id","label","category","start","end","text",
"requirement"}], "attributes": {...}}; offsets index the input text. Bad .jsonl lines
are reported on stderr (and in --rejects) and the run goes on.

Example: skillmap extract "Maintain DC fast chargers. Valid driver's license required." --json
"""


def _inputs(text: str | None, file: Path | None) -> list[PostingInput | Reject]:
    if text is not None and file is not None:
        raise InputError("give either TEXT or --file, not both", code="E200")
    if text == "-":  # the usual name of standard input
        text = None
    if file is not None:
        if not file.exists():
            raise InputError(f"{file}: file not found", code="E205")
        if file.suffix.lower() in (".jsonl", ".ndjson"):
            return list(iter_jsonl(file))
        return [PostingInput(id=file.name, text=read_text_file(file))]
    if text is not None:
        return [PostingInput(id=None, text=text)]
    if sys.stdin is None or sys.stdin.isatty():
        raise InputError("no input: give TEXT, --file PATH, or pipe text on stdin", code="E200")
    data = sys.stdin.buffer.read()
    if b"\x00" in data[:4096]:
        raise InputError("stdin: input looks binary (NUL bytes), not posting text", code="E204")
    return [PostingInput(id="stdin", text=data.decode("utf-8", errors="replace"))]


def extract(
    *,
    text: str | None = None,
    file: Path | None = None,
    extensions: list[str] | None = None,
    as_json: bool = False,
    explain: bool = False,
    all_mentions: bool = False,
    rejects: Path | None = None,
) -> int:
    """Run extraction and print results; returns the number of inputs processed."""
    import skillmap

    if rejects is not None:
        check_writable(rejects, "rejects file")  # before any work, not after printing it all
    sm = skillmap.load(extensions=extensions or ())
    processed = 0
    rejected: list[Reject] = []
    inputs = _inputs(text, file)
    for item in inputs:
        if isinstance(item, Reject):
            rejected.append(item)
            continue
        if item.warning:
            typer.echo(f"warning {file}:{item.line} (id={item.id}): {item.warning}", err=True)
        try:
            result = sm.extract(item.text, title=item.title, company=item.company, id=item.id)
        except InputError as err:
            rejected.append(Reject(str(file or "input"), item.line, item.id, err.code, err.message))
            continue
        processed += 1
        if as_json:
            typer.echo(json.dumps(result.to_dict(explain=explain, all_mentions=all_mentions), ensure_ascii=False))
        else:
            print_result(result, str(item.text), title=item.title, all_mentions=all_mentions)
    alone = file is None and processed == 0 and len(rejected) == 1  # one text: its error is the message
    for reject in [] if alone else rejected:
        where = f"{reject.source}:{reject.line}" if reject.line else reject.source
        typer.echo(f"rejected {where} (id={reject.id}): [{reject.code}] {reject.reason}", err=True)
    duplicates = duplicate_id_warning((i.id for i in inputs if isinstance(i, PostingInput)), str(file))
    if file is not None and duplicates:
        typer.echo(f"warning {duplicates}", err=True)
    if rejects is not None:
        write_rejects(rejects, rejected)
    if alone:
        raise InputError(rejected[0].reason, code=rejected[0].code)
    return processed


@app.command("extract", help=unwrapped(EXTRACT_HELP))
def extract_cli(
    text: str = typer.Argument(None, help="Posting text; - or omitted: standard input (or use --file)."),
    file: Path = typer.Option(None, "--file", "-f", help="A .txt posting or a .jsonl file of postings."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per input (the contract)."),
    explain: bool = typer.Option(False, "--explain", help="Add section, source and matching rule to each skill."),
    all_mentions: bool = typer.Option(
        False, "--all-mentions", help="Also list mentions that are not demands (company, benefits, EEO text)."
    ),
    extension: list[str] = typer.Option(
        None, "--extension", "-x", help="Extension taxonomy file, or 'extra' for the bundled one. Repeatable."
    ),
    rejects: Path = typer.Option(None, "--rejects", help="Write rejected .jsonl lines here (JSON lines)."),
) -> None:
    try:
        processed = extract(
            text=text,
            file=file,
            extensions=extension,
            as_json=as_json,
            explain=explain,
            all_mentions=all_mentions,
            rejects=rejects,
        )
    except SkillmapError as err:
        raise fail(err) from None
    if processed == 0:
        raise typer.Exit(code=3)
