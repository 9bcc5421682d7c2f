"""Syllabus files to text: every format, structure kept, and bad files as typed errors
that name the file (a program's good files still count)."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillmap.curriculum.ingest import join_wrapped_lines, read_syllabus, reflow_pdf_text
from skillmap.errors import CurriculumError

from .syllabus_files import (
    write_docx,
    write_empty_docx,
    write_encrypted_pdf,
    write_pdf,
    write_scanned_pdf,
)

OUTLINE = ["Course Outline", "Lesson 1 Level 2 chargers and connectors (6 hrs)", "Lesson 2 OCPP and firmware updates (8 hrs)"]


def test_markdown_and_text_keep_offsets(tmp_path):
    text = "# EVSE 101\n\nStudents learn to troubleshoot chargers and\nreplace cables.\n- OCPP basics\n"
    path = tmp_path / "s.md"
    path.write_text(text)
    read = read_syllabus(path)
    assert read.format == "markdown" and read.title == "EVSE 101"
    assert len(read.text) == len(text.strip("\n"))  # wrapped lines joined in place
    assert "chargers and replace cables." in read.text


def test_join_wrapped_lines_is_length_preserving_and_keeps_lists():
    text = "Students practice fault diagnosis on\nnetworked chargers.\n- Lesson one\n- Lesson two\nWeek 3 OCPP\nWeek 4 Safety"
    joined = join_wrapped_lines(text)
    assert len(joined) == len(text)
    assert "diagnosis on networked chargers." in joined
    assert "\n- Lesson two\nWeek 3 OCPP\nWeek 4 Safety" in joined


def test_pdf_reflow_joins_sentences_not_outline_lines():
    page = ("Apprentices must hold a current OSHA 30 card and be able to lift 50 pounds and work from\n"
            "ladders and lifts.\nLesson 1 Electric vehicle charging levels, connectors and load calculations (8 hrs)\n"
            "Lesson 2 NEC Article 625 and local permitting for EVSE installations (8 hrs)")
    lines = reflow_pdf_text(page).split("\n")
    assert lines[0].endswith("work from ladders and lifts.")
    assert lines[1].startswith("Lesson 1") and lines[2].startswith("Lesson 2")


def test_pdf_text(tmp_path):
    read = read_syllabus(write_pdf(tmp_path / "outline.pdf", OUTLINE))
    assert read.format == "pdf"
    assert "Lesson 2 OCPP and firmware updates (8 hrs)" in read.text


def test_docx_headings_lists_and_tables(tmp_path):
    path = write_docx(tmp_path / "s.docx", [
        ("title", "EVSE 110"), ("h1", "Learning Outcomes"), ("bullet", "Replace charging cables"),
        ("bold", "Prerequisites"), ("p", "None."),
        ("table", [["Week", "Topic", "Hours"], ["1", "OCPP basics", "3"], ["2", "Safety", "x"]]),
    ])
    text = read_syllabus(path).text
    assert "# EVSE 110" in text and "# Learning Outcomes" in text
    assert "- Replace charging cables" in text and "**Prerequisites**" in text
    assert "1 | OCPP basics | 3 (3 hours)" in text and "2 | Safety | x\n" in text + "\n"


def test_html_structure_without_navigation_or_footer(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><title>EV Course</title><style>p{color:red}</style></head><body>"
                    "<nav><a>Careers</a> <a>Apply</a></nav><h1>EV Course</h1><p>Intro &amp; overview</p>"
                    "<h2>Modules</h2><ul><li>Battery <b>systems</b></li><li>Scan tools</li></ul>"
                    "<dl><dt>Prerequisite</dt><dd>Valid driver's license</dd></dl>"
                    "<table><tr><th>Unit</th><th>Hours</th></tr><tr><td>HV safety</td><td>8</td></tr></table>"
                    "<footer>Contact us: a@b.edu</footer></body></html>")
    text = read_syllabus(path).text
    assert "# EV Course" in text and "## Modules" in text and "Intro & overview" in text
    assert "- Battery **systems**" in text and "- Scan tools" in text
    assert "Prerequisite: Valid driver's license" in text
    assert "HV safety | 8 (8 hours)" in text
    assert "Careers" not in text and "Contact us" not in text and "color" not in text


def test_format_sniffed_without_suffix(tmp_path):
    pdf = tmp_path / "outline"
    pdf.write_bytes((write_pdf(tmp_path / "x.pdf", OUTLINE)).read_bytes())
    assert read_syllabus(pdf).format == "pdf"


def test_scanned_pdf_with_page_numbers_is_still_scanned(tmp_path):
    from .syllabus_files import pdf_bytes

    path = tmp_path / "stamped.pdf"
    path.write_bytes(pdf_bytes([["Page 1 of 3"], ["Page 2 of 3"], ["Page 3 of 3"]]))
    with pytest.raises(CurriculumError) as caught:
        read_syllabus(path)
    assert caught.value.code == "E804"


def test_owner_password_only_pdf_is_read(tmp_path):
    path = write_encrypted_pdf(tmp_path / "locked.pdf", OUTLINE, user_password="")
    assert "OCPP" in read_syllabus(path).text


def _write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data)
    return path


def _corrupt_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    return path


BAD_FILES = {
    "missing": (lambda d: d / "nope.pdf", "E801"),
    "directory": (lambda d: d, "E801"),
    "empty file": (lambda d: _write(d / "e.md", ""), "E805"),
    "whitespace only": (lambda d: _write(d / "w.txt", " \n\n "), "E805"),
    "encrypted pdf": (lambda d: write_encrypted_pdf(d / "enc.pdf", OUTLINE), "E803"),
    "scanned pdf": (lambda d: write_scanned_pdf(d / "scan.pdf"), "E804"),
    "empty docx": (lambda d: write_empty_docx(d / "empty.docx"), "E805"),
    "corrupt pdf": (lambda d: _corrupt_pdf(d / "bad.pdf"), "E806"),
    "corrupt docx": (lambda d: _write(d / "bad.docx", "not a zip"), "E806"),
    "binary as text": (lambda d: _write(d / "bin.txt", b"\x00\x01\x02" * 100), "E806"),
    "old word": (lambda d: _write(d / "old.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 100), "E802"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_gives_typed_error_naming_it(case, tmp_path):
    build, code = BAD_FILES[case]
    path = build(tmp_path)
    with pytest.raises(CurriculumError) as caught:
        read_syllabus(path)
    assert caught.value.code == code, caught.value
    assert str(path) in str(caught.value)


def test_program_keeps_good_files_and_reports_bad_ones(reader, tmp_path):
    good = write_pdf(tmp_path / "outline.pdf", OUTLINE)
    scanned = write_scanned_pdf(tmp_path / "scan.pdf")
    empty = write_empty_docx(tmp_path / "empty.docx")
    program = reader.read_program([good, scanned, empty, tmp_path / "missing.html"], name="P")
    assert "charger_networking_firmware" in program.taught_ids()
    assert [p.code for p in program.problems] == ["E804", "E805", "E801"]
    assert [f.name for f in program.files] == ["outline.pdf"]
    assert all(Path(p.path).name in p.message for p in program.problems)


def test_program_with_no_readable_file_fails_listing_each(reader, tmp_path):
    scanned = write_scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(CurriculumError) as caught:
        reader.read_program([scanned, tmp_path / "missing.md"], name="Empty")
    assert caught.value.code == "E807"
    assert "scan.pdf" in str(caught.value) and "missing.md" in str(caught.value) and "E804" in str(caught.value)
