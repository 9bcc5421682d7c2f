"""Regression guards on labeled postings: our own written fixtures always, the shared
development sets when they sit beside the repository (CI has them, a fresh clone may not).

Floors, not tuned targets: they catch regressions in rules and context handling.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from skillmap.evaluate import evaluate

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "postings"


def test_written_fixture_postings(extractor):
    report = evaluate(extractor, FIXTURES / "eval_gold.jsonl", FIXTURES / "eval_postings.jsonl")
    assert report.postings == 10
    assert report.overall.precision >= 0.90
    assert report.overall.f1 >= 0.85


@pytest.mark.parametrize(
    ("gold", "postings", "floor"),
    [("written_dev_gold.jsonl", "written_dev_postings.jsonl", 0.85), ("dev_gold.jsonl", "dev_postings.jsonl", 0.80)],
)
def test_shared_dev_sets(extractor, gold, postings, floor):
    if not (SHARED / gold).is_file():
        pytest.skip("development postings not present beside the repository")
    report = evaluate(extractor, SHARED / gold, SHARED / postings)
    assert report.overall.f1 >= floor
