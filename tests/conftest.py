from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def sm():
    import skillmap

    return skillmap.load()


@pytest.fixture(scope="session")
def extractor(sm):
    return sm.extractor


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def demanded(sm, text: str, **kwargs) -> set[str]:
    return sm.extract(text, **kwargs).demanded_ids()


def run_fresh(code: str) -> str:
    """Standard output of ``code`` run in a new interpreter (what a fresh process imports)."""
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def levels(sm, text: str) -> dict[str, str]:
    """Requirement level per skill id of the mentions in ``text``."""
    return {m.skill_id: m.requirement for m in sm.extract(text).mentions}


@pytest.fixture(params=["parquet", "csv", "jsonl"])
def tagged_file(request, tmp_path) -> Path:
    """The tiny tagged table of tests/tagged_fixture.py in each tagged format."""
    from tests.tagged_fixture import ROWS, write

    return write(ROWS, tmp_path / f"tagged.{request.param}", request.param)


@pytest.fixture
def tagged_parquet(tmp_path) -> Path:
    from tests.tagged_fixture import ROWS, write

    return write(ROWS, tmp_path / "tagged.parquet", "parquet")
