"""Requirement level when a preference cue opens the clause, and header patterns that must
not swallow ordinary list items. Invented sentences, one phrasing class each."""

from __future__ import annotations

import pytest


def levels(sm, text: str) -> dict[str, str]:
    return {m.skill_id: m.requirement for m in sm.extract(text).mentions}


# -- a preference cue opening the clause ------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        # The required-type cue "experience with" lies nearer the mention than "preferred".
        "Preferred experience with OCPP",
        "Preferred experience with OCPP and ISO 15118.",
        "Preferred: experience with OCPP.",
        "Preferred qualifications include experience in OCPP.",
        "Helpful to have experience with OCPP.",
        "Ideally, experience with OCPP.",
        "Nice to have: knowledge of OCPP.",
        "Requirements:\n- Preferred experience with OCPP\n- Valid driver's license",
        # right before a required-type cue, later in the sentence
        "Bachelor's degree required and preferred experience with OCPP.",
    ],
)
def test_preference_cue_opening_the_clause_makes_it_preferred(sm, text):
    assert levels(sm, text)["charger_networking_firmware"] == "preferred"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bachelor's degree required; experience with OCPP preferred.", {"charger_networking_firmware": "preferred"}),
        ("Must have experience with OCPP.", {"charger_networking_firmware": "required"}),
        ("Experience with OCPP required.", {"charger_networking_firmware": "required"}),
        ("OSHA 10 required, OCPP preferred.", {"osha_card": "required", "charger_networking_firmware": "preferred"}),
        ("Preferred experience with OCPP; CDL required.", {"charger_networking_firmware": "preferred", "cdl": "required"}),
        # a strong required cue between the opener and the mention keeps it required
        ("Nice to have OCPP experience, must have a CDL.", {"charger_networking_firmware": "preferred", "cdl": "required"}),
        # the cue must open the clause: a preference in an earlier clause does not carry over
        ("Ideally 2 years in the trade; must have experience with OCPP.", {"charger_networking_firmware": "required"}),
        ("Experience with OCPP preferred, experience with Salesforce required.",
         {"charger_networking_firmware": "preferred", "computer_literacy": "required"}),
    ],
)
def test_required_and_trailing_preferred_cues_unchanged(sm, text, expected):
    found = levels(sm, text)
    assert {k: found.get(k) for k in expected} == expected
