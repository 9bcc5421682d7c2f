from __future__ import annotations

from pathlib import Path

import pytest

from skillmap.curriculum.ingest import SyllabusText

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_PROGRAMS = ROOT / "examples" / "programs"


@pytest.fixture(scope="session")
def reader(sm):
    from skillmap.curriculum.taught import SyllabusReader

    return SyllabusReader(sm)


def program_from_text(reader, text: str, name: str = "Test program"):
    """A ProgramSkills from one in-memory syllabus text."""
    document = SyllabusText(path=Path(f"{name}.md"), format="markdown", text=text, title=name)
    return reader.read_documents([document], name=name)
