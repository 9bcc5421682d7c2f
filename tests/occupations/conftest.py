"""The bundled title coder, loaded once for the occupation tests."""

from __future__ import annotations

import pytest

from skillmap.occupations import load_coder


@pytest.fixture(scope="session")
def coder():
    return load_coder()


def coded(coder, title: str) -> tuple[str | None, str | None]:
    """(SOC code, proposed code) of a title."""
    result = coder.code(title)
    return result.soc_code, result.proposed_code
