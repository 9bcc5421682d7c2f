"""Syllabus files that unpack or read to too much are refused early, naming the file."""

from __future__ import annotations

import pytest

from skillmap.curriculum import ingest
from skillmap.errors import CurriculumError
from tests.reliability.hostile import (
    docx_bomb,
    docx_paragraphs,
    run_cli,
    write_docx_body,
    write_repeated,
)

_PARA = "<p>Students install Level 2 EV chargers and read blueprints.</p>\n"
_LINE = "Module 3: install Level 2 EV chargers and read blueprints safely.\n"


def _hostile(kind: str, tmp_path):
    if kind == "docx-bomb":  # 1.2 MB on disk
        return write_docx_body(tmp_path / "bomb.docx", docx_bomb(ingest.MAX_DOCX_UNPACKED_BYTES + (4 << 20))), "unpacks to"
    if kind == "docx-paragraphs":  # 40 KB on disk
        return write_docx_body(tmp_path / "paras.docx", docx_paragraphs(ingest.MAX_DOCX_PARAGRAPHS + 10)), "paragraphs"
    if kind == "html-bytes":
        path = write_repeated(tmp_path / "big.html", "<html><body>", _PARA, ingest.MAX_HTML_BYTES + 1000, "</body></html>")
        return path, "over the limit of 25,165,824 for an HTML syllabus file"
    if kind == "text-bytes":
        return write_repeated(tmp_path / "big.txt", "# EV\n", _LINE, ingest.MAX_TEXT_BYTES + 1000), "for a text syllabus file"
    if kind == "markdown-chars":  # under the byte limit, over the character limit
        path = write_repeated(tmp_path / "long.md", "# EV\n", _LINE, ingest.MAX_SYLLABUS_CHARS + 5000)
        return path, "characters of text, over the limit of 1,000,000"
    raise AssertionError(kind)


KINDS = ["docx-bomb", "docx-paragraphs", "html-bytes", "text-bytes", "markdown-chars"]


@pytest.mark.parametrize("kind", KINDS)
def test_oversized_syllabus_is_refused_naming_the_file(tmp_path, kind):
    path, reason = _hostile(kind, tmp_path)
    with pytest.raises(CurriculumError) as err:
        ingest.read_syllabus(path)
    assert err.value.code == "E813"
    assert str(path) in err.value.message and reason in err.value.message


def test_a_hostile_file_leaves_the_programs_other_files_counted(tmp_path):
    good = tmp_path / "good.md"
    good.write_text("# EV Program\n\n## Course content\n- Install Level 2 EV chargers\n- Blueprint reading\n")
    bomb, _ = _hostile("docx-paragraphs", tmp_path)
    result = run_cli("syllabus", good, bomb, "--json")
    assert result.exit_code == 0, result.output
    assert "E813" in result.output and "paras.docx" in result.output
    assert "ev_charger_installation" in result.output


def test_normal_docx_under_the_bounds_still_reads(tmp_path):
    path = write_docx_body(tmp_path / "ok.docx", docx_paragraphs(20_000))
    assert "Level 2 EV chargers" in ingest.read_syllabus(path).text
