"""Reading posting inputs for `skillmap extract`: plain text or JSON lines, with rejects.

A broken line never stops the run: it becomes a :class:`Reject` naming the file, line
and reason, and every good line is still processed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError


@dataclass
class PostingInput:
    id: str | None
    text: object
    title: str | None = None
    company: str | None = None
    line: int | None = None


@dataclass
class Reject:
    source: str
    line: int | None
    id: str | None
    code: str
    reason: str

    def to_dict(self) -> dict:
        return {"source": self.source, "line": self.line, "id": self.id, "code": self.code, "reason": self.reason}


def read_text_file(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read file ({err.strerror})", code="E205") from None
    if b"\x00" in raw[:4096]:
        raise InputError(f"{path}: file looks binary (NUL bytes), not posting text", code="E204")
    return raw.decode("utf-8", errors="replace")


def iter_jsonl(path: Path) -> Iterator[PostingInput | Reject]:
    """Postings of a JSON-lines file; unusable lines come back as Reject records."""
    try:
        handle = open(path, encoding="utf-8", errors="replace")
    except OSError as err:
        raise InputError(f"{path}: cannot read file ({err.strerror})", code="E205") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                yield Reject(str(path), number, None, "E206", f"not valid JSON: {err.msg}")
                continue
            if not isinstance(row, dict):
                yield Reject(str(path), number, None, "E206", "line is not a JSON object")
                continue
            raw_id = row.get("id", row.get("pid"))
            posting_id = None if raw_id is None else str(raw_id)
            if "text" not in row:
                yield Reject(str(path), number, posting_id, "E206", "no 'text' field")
                continue
            title = row.get("title")
            company = row.get("company")
            yield PostingInput(
                id=posting_id if posting_id is not None else f"line-{number}",
                text=row["text"],
                title=title if isinstance(title, str) else None,
                company=company if isinstance(company, str) else None,
                line=number,
            )
