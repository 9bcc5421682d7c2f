"""Reading posting inputs for `skillmap extract`: plain text or JSON lines, with rejects.

A broken line never stops the run: it becomes a :class:`Reject` naming the file, line
and reason, and every good line is still processed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..text.clean import replace_surrogates


@dataclass
class PostingInput:
    id: str | None
    text: object
    title: str | None = None
    company: str | None = None
    line: int | None = None
    warning: str | None = None  # read, but something in the line was repaired or ignored


@dataclass
class Reject:
    source: str
    line: int | None
    id: str | None
    code: str
    reason: str

    def to_dict(self) -> dict:
        return {"source": self.source, "line": self.line, "id": self.id, "code": self.code, "reason": self.reason}


def check_writable(path: Path, what: str) -> None:
    """Raise InputError (E207) unless ``path`` can be created or overwritten as a file."""
    if path.is_dir():
        raise InputError(f"{path}: {what} is a directory; give a file path", code="E207")
    if not path.parent.is_dir():
        raise InputError(f"{path}: {what} cannot be written (folder {path.parent} does not exist)", code="E207")


def write_rejects(path: Path, rejected: Iterable[Reject]) -> None:
    """The rejects as JSON lines (ASCII, so any id or reason can be written)."""
    try:
        with open(path, "w", encoding="utf-8") as handle:
            for reject in rejected:
                handle.write(json.dumps(reject.to_dict()) + "\n")
    except OSError as err:
        raise InputError(f"{path}: rejects file cannot be written ({err.strerror})", code="E207") from None


def read_text_file(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read file ({err.strerror})", code="E205") from None
    if b"\x00" in raw[:4096]:
        raise InputError(f"{path}: file looks binary (NUL bytes), not posting text", code="E204")
    return raw.decode("utf-8", errors="replace")


# Python refuses int() of more than 4,300 digits (conversion is quadratic); JSON allows
# them. Such a number is kept as its digits (an id of 5,000 digits is still an id).
_MAX_INT_DIGITS = 4300


def _json_int(digits: str) -> int | str:
    return int(digits) if len(digits) <= _MAX_INT_DIGITS else digits


def json_kind(value: object) -> str:
    """The JSON name of a parsed value's type, for messages ("object", not "dict")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    kinds = {dict: "object", list: "array", str: "string", int: "number", float: "number"}
    return next((name for kind, name in kinds.items() if isinstance(value, kind)), type(value).__name__)


def parse_json_line(line: str) -> dict:
    """One JSON-lines row as a dict; raises InputError (E206) saying why it is not one."""
    try:
        row = json.loads(line, parse_int=_json_int)
    except json.JSONDecodeError as err:
        raise InputError(f"not valid JSON: {err.msg} (column {err.colno})", code="E206") from None
    except RecursionError:
        raise InputError("JSON nested too deeply to read (arrays or objects over ~1,000 levels)", code="E206") from None
    if not isinstance(row, dict):
        raise InputError(f"line is a JSON {json_kind(row)}, not an object", code="E206")
    return row


def row_id(row: dict) -> str | None:
    """The row's id (or pid) as text."""
    raw = row.get("id", row.get("pid"))
    return None if raw is None else str(raw)


def repaired_strings(row: dict, fields: Iterable[str]) -> list[str]:
    """Replace lone surrogates (bad "\\ud800" escapes) in the row's string ``fields`` by
    U+FFFD, in place; returns the names of the fields repaired."""
    repaired = []
    for name in fields:
        value = row.get(name)
        if isinstance(value, str) and (fixed := replace_surrogates(value)) != value:
            row[name] = fixed
            repaired.append(name)
    return repaired


def surrogate_warning(fields: list[str]) -> str:
    named = ", ".join(repr(f) for f in fields)
    return f"invalid Unicode escapes (lone surrogates) in {named} replaced by U+FFFD"


def duplicate_id_warning(ids: Iterable[object], source: str) -> str | None:
    """A warning naming ids that occur more than once, with counts; None when all differ."""
    counts = Counter(i for i in ids if i is not None)
    repeated = [(i, n) for i, n in counts.most_common() if n > 1]
    if not repeated:
        return None
    extra = sum(n - 1 for _, n in repeated)
    shown = ", ".join(f"{i!r} x{n}" for i, n in repeated[:5]) + (", ..." if len(repeated) > 5 else "")
    return (
        f"{source}: {len(repeated):,} id(s) occur more than once ({extra:,} extra row(s)); "
        f"each row is still processed: {shown}"
    )


def iter_jsonl(path: Path) -> Iterator[PostingInput | Reject]:
    """Postings of a JSON-lines file; unusable lines come back as Reject records.

    A line is unusable when it is not a JSON object (or nested too deeply to read) or its
    text is missing, null or not a string. Lone surrogates in id, title, company or text
    are replaced (the posting is kept, with a warning); a non-string title or company is
    ignored with a warning.
    """
    try:
        handle = open(path, encoding="utf-8-sig", errors="replace")  # a byte-order mark is not row text
    except OSError as err:
        raise InputError(f"{path}: cannot read file ({err.strerror})", code="E205") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = parse_json_line(line)
            except InputError as err:
                yield Reject(str(path), number, None, err.code, err.message)
                continue
            row["id"] = row_id(row)
            repaired = repaired_strings(row, ("id", "text", "title", "company"))
            posting_id = row["id"]
            if "text" not in row:
                yield Reject(str(path), number, posting_id, "E206", "no 'text' field")
                continue
            if not isinstance(row["text"], str):
                yield Reject(str(path), number, posting_id, "E202", f"'text' is a JSON {json_kind(row['text'])}, not a string")
                continue
            notes = [surrogate_warning(repaired)] if repaired else []
            for name in ("title", "company"):
                if row.get(name) is not None and not isinstance(row[name], str):
                    notes.append(f"{name!r} ignored: a JSON {json_kind(row[name])}, not a string")
            title = row.get("title")
            company = row.get("company")
            yield PostingInput(
                id=posting_id if posting_id is not None else f"line-{number}",
                text=row["text"],
                title=title if isinstance(title, str) else None,
                company=company if isinstance(company, str) else None,
                line=number,
                warning="; ".join(notes) or None,
            )
