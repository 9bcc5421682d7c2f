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


def test_held_out_postings(extractor):
    """16 postings (13 EV/EVSE occupations, 3 non-EV roles) written and hand-labelled
    against the spec before the extractor was first run on them; the labels were
    committed first and not changed after scoring. First score: P 0.885 R 0.885 F1 0.885
    (tp 139, fp 18, fn 18). After fixing the phrasing classes it exposed: P 0.946 R 1.000
    F1 0.972 (tp 157, fp 9, fn 0). The fixes since are tuned on it, so it is a floor
    against regressions now, no longer an unseen-text estimate.
    """
    _assert_floors(extractor, "holdout", postings=16, precision=0.93, recall=0.97, f1=0.95)


def test_second_held_out_postings(extractor):
    """A second set of 16 fresh postings (13 EV/EVSE roles, 3 non-EV incl. a developer at
    an EV company with heavy EV boilerplate), written and hand-labelled against the spec;
    the labels were committed before the extractor was first run on them.

    First score: P 0.901 R 0.868 F1 0.884 (tp 164, fp 18, fn 25). Four labels were then
    corrected as labelling mistakes (a harness replacement is wiring; committee work with
    partners is teamwork; programming counts as computer_literacy, as in eval gold own-04),
    which puts the first score at P 0.923 R 0.870 F1 0.896 on the corrected labels.
    After fixing the phrasing classes it exposed: P 0.973 R 0.938 F1 0.955 (tp 181, fp 5,
    fn 12); on the original labels 0.952 / 0.936 / 0.944. Adding BEB/FCEB/zero-emission
    bus to the electric-vehicle patterns, and engine work (vehicle postings only) to
    mechanical systems, and section headers inside flattened one-line postings, then gave
    P 0.974 R 0.953 F1 0.963. Tuned on now, so a floor.
    """
    _assert_floors(extractor, "holdout2", postings=16, precision=0.96, recall=0.92, f1=0.94)


def test_third_held_out_postings(extractor):
    """A third set of 12 fresh postings (10 EV/EVSE roles: contractor field service, DCFC
    install foreman, transit BEB mechanic, dealership EV/hybrid master tech, utility
    make-ready inspector, charger factory test tech, network driver support, commercial
    electrician, mobile EV tire tech, battery recycling; 2 non-EV: a warehouse picker and a
    marketing manager at an EV startup with heavy EV boilerplate), in HTML, markdown,
    flattened LinkedIn text and bullet text; hand-labelled against the spec and the labels
    committed first, before the extractor was run on them.

    First score: P 0.952 R 0.908 F1 0.930 (tp 139, fp 7, fn 14); specialized 0.924,
    common 0.911, qualification 0.980. After fixing the phrasing classes it exposed
    (plain-verb duty negation "will not install or repair chargers" / "does not supervise
    staff", "Not required:" list heads, LinkedIn "About the job About <Company>:" company
    headers, onboard charger is not EVSE, run crews / as foreman, owned budgets, equipment
    PM and multi-point inspections, written English / written summaries, "electrical or
    electronics troubleshooting"): P 0.987 R 0.961 F1 0.974 (tp 147, fp 2, fn 6).
    Tuned on now, so a floor.
    """
    _assert_floors(extractor, "holdout3", postings=12, precision=0.97, recall=0.94, f1=0.96)


def test_fourth_held_out_postings(extractor):
    """A fourth set of 12 fresh postings (EVSE field tech, journeyman charger electrician,
    dealership EV tech, zero-emission transit bus mechanic, battery validation engineer,
    distribution lineworker, charging site development PM, home-charging tech support,
    charger electronics refurbishment tech, residential installer trainee, depot charging
    operations supervisor; 1 non-EV: accounts payable at an EV maker), in HTML, markdown,
    flattened LinkedIn text and plain text; labels committed before the first scoring.

    First score: P 0.946 R 0.890 F1 0.917 (tp 122, fp 7, fn 15); with the 2 later label
    corrections (mentoring apprentices is management, coordinating with dispatch is
    teamwork) P 0.961 R 0.892 F1 0.925. After fixing the phrasing classes it exposed
    ("Experience with X" lines taken for section headers, "150 kW chargers", electric
    coaches and fuel-type lists, charge management software, switching and tagging,
    leading safety meetings, make-ready for chargers, "newly installed" chargers,
    communication PCBs, negotiating with property owners): P 0.985 R 0.957 F1 0.971
    (tp 133, fp 2, fn 6). Tuned on now, so a floor.
    """
    _assert_floors(extractor, "holdout4", postings=12, precision=0.97, recall=0.94, f1=0.96)


@pytest.mark.parametrize(
    ("gold", "postings", "floor"),
    [("written_dev_gold.jsonl", "written_dev_postings.jsonl", 0.85), ("dev_gold.jsonl", "dev_postings.jsonl", 0.80)],
)
def test_shared_dev_sets(extractor, gold, postings, floor):
    if not (SHARED / gold).is_file():
        pytest.skip("development postings not present beside the repository")
    report = evaluate(extractor, SHARED / gold, SHARED / postings)
    assert report.overall.f1 >= floor


def _assert_floors(extractor, name: str, *, postings: int, precision: float, recall: float, f1: float) -> None:
    """Score tests/fixtures/<name>_gold.jsonl against <name>_postings.jsonl and check the floors."""
    report = evaluate(extractor, FIXTURES / f"{name}_gold.jsonl", FIXTURES / f"{name}_postings.jsonl")
    assert report.postings == postings
    assert report.overall.precision >= precision
    assert report.overall.recall >= recall
    assert report.overall.f1 >= f1
