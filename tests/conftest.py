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
