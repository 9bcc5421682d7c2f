"""Helpers of the bad-input corpus: run a CLI command in-process, assert a clean outcome."""

from __future__ import annotations

from pathlib import Path

import srsly
from typer.testing import CliRunner

from skillmap.cli import _register, app

_register()
_runner = CliRunner()


def run_cli(*args: str, input: str | None = None):
    """The CLI run in-process; fails the test on any exception the CLI did not handle."""
    result = _runner.invoke(app, [str(a) for a in args], input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"unhandled {type(result.exception).__name__}: {result.exception!r}\n{result.output}")
    assert "Traceback" not in result.output, result.output
    return result


def write_extension(path: Path, skills: list[dict], term_sets: dict | None = None) -> Path:
    """An extension taxonomy file with the given skill records (defaults filled in)."""
    records = [
        {"label": s["id"].replace("_", " ").title(), "category": "specialized", "description": "d",
         "counts_when": "c", **s}
        for s in skills
    ]
    data = {"name": "hostile", "version": "1", "extends": "ev_evse", "description": "test",
            "term_sets": term_sets or {}, "skills": records}
    srsly.write_yaml(path, data)
    return path


# -- hostile files (used by the tests at small sizes and by benchmarks/bench_hostile.py) -------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def write_docx_body(path: Path, body_chunks, *, level: int = 9) -> Path:
    """A .docx whose word/document.xml body is ``body_chunks`` (bytes, streamed into the
    zip): the other parts come from a blank python-docx document."""
    import io
    import zipfile

    import docx

    blank = io.BytesIO()
    docx.Document().save(blank)
    with zipfile.ZipFile(blank) as template, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as out:
        for info in template.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info, template.read(info.filename))
                continue
            with out.open("word/document.xml", "w", force_zip64=True) as member:
                member.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W}"><w:body>'.encode())
                for chunk in body_chunks:
                    member.write(chunk)
                member.write(b"</w:body></w:document>")
    return path


def docx_paragraphs(count: int):
    """Body chunks of ``count`` empty paragraphs, and one with text first."""
    yield b"<w:p><w:r><w:t>Students install Level 2 EV chargers.</w:t></w:r></w:p>"
    block = b"<w:p/>" * 10_000
    for _ in range(count // 10_000):
        yield block
    yield b"<w:p/>" * (count % 10_000)


def docx_bomb(unpacked_bytes: int):
    """Body chunks of one paragraph holding ``unpacked_bytes`` of one repeated letter."""
    yield b"<w:p><w:r><w:t>"
    block = b"a" * (1 << 20)
    for _ in range(unpacked_bytes >> 20):
        yield block
    yield b"</w:t></w:r></w:p>"


def write_repeated(path: Path, head: str, unit: str, size: int, tail: str = "") -> Path:
    """A text file of about ``size`` bytes: ``head``, ``unit`` repeated, ``tail``."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(head)
        block = unit * max(1, (1 << 20) // len(unit))
        written = len(head)
        while written + len(block) <= size:
            handle.write(block)
            written += len(block)
        handle.write(unit * ((size - written) // len(unit)) + tail)
    return path
