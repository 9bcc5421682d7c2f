"""Requirement level when one segment holds several sentences: the nearest-cue rule counts
only the cues in the mention's own sentence. Invented sentences, one phrasing class each."""

from __future__ import annotations

import pytest

from skillmap.pipeline.context import ContextRules
from tests.conftest import levels


# The segmenter leaves these whole (an acronym before the full stop, a lower-case or
# punctuation start after it), so both cues used to compete for every mention.
@pytest.mark.parametrize(
    "text",
    [
        "Required: CDL. Preferred experience with OCPP.",
        "Must hold a CDL. OCPP is a plus.",
        "Required: CDL! Preferred: OCPP.",
        "Required: CDL? Preferred: OCPP",
        "Required: CDL, e.g. class A. Preferred: OCPP",  # "e.g." ends no sentence
    ],
)
def test_preference_in_the_next_sentence_does_not_reach_back(sm, text):
    found = levels(sm, text)
    assert found["cdl"] == "required"
    assert found["charger_networking_firmware"] == "preferred"


def test_a_decimal_point_or_abbreviation_ends_no_sentence(sm):
    found = levels(sm, "Required: 3.5 years with OCPP. Preferred: CDL")
    assert found == {"charger_networking_firmware": "required", "cdl": "preferred"}
    found = levels(sm, "Must have 3+ yrs. experience with OCPP. CDL a plus.")
    assert found == {"charger_networking_firmware": "required", "cdl": "preferred"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CDL required, OCPP preferred", {"cdl": "required", "charger_networking_firmware": "preferred"}),
        ("Bachelor's degree required; experience with OCPP preferred", {"charger_networking_firmware": "preferred"}),
        ("Must have a CDL; OCPP experience a plus.", {"cdl": "required", "charger_networking_firmware": "preferred"}),
        ("Must have experience with OCPP", {"charger_networking_firmware": "required"}),
        ("Experience with OCPP is a plus", {"charger_networking_firmware": "preferred"}),
        ("Preferred experience with OCPP", {"charger_networking_firmware": "preferred"}),
        ("CDL is required. OCPP preferred.", {"cdl": "required", "charger_networking_firmware": "preferred"}),
        ("Valid CDL. Experience with OCPP preferred.", {"cdl": "required", "charger_networking_firmware": "preferred"}),
    ],
)
def test_single_sentence_levels_unchanged(sm, text, expected):
    assert levels(sm, text) == expected


def test_sentence_without_cues_falls_back_to_the_segment(sm):
    # A sentence holding neither a preference nor a requirement cue is judged on the whole
    # segment, as before: a lead-in sentence can govern a bare list in the same segment.
    assert levels(sm, "CDL. Preferred experience with OCPP.")["cdl"] == "preferred"


def test_sentence_bounds():
    text = "Required: CDL, e.g. class A. Preferred: 3.5 years; OCPP"
    cdl = text.index("CDL")
    assert ContextRules._sentence(text, cdl, cdl + 3) == (0, text.index(". Pref") + 1)
    years = text.index("3.5")
    assert ContextRules._sentence(text, years, years + 3) == (text.index(". Pref") + 1, text.index(";") + 1)
    ocpp = text.index("OCPP")
    assert ContextRules._sentence(text, ocpp, ocpp + 4) == (text.index(";") + 1, len(text))


def test_doc_api_agrees(sm):
    text = "Required: CDL. Preferred experience with OCPP."
    doc = sm.nlp(text)
    from skillmap.pipeline.extensions import SPAN_KEY

    assert {s.label_: s._.requirement for s in doc.spans[SPAN_KEY]} == levels(sm, text)
