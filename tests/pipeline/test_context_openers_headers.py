"""Requirement level when a preference cue opens the clause, and header patterns that must
not swallow ordinary list items. Invented sentences, one phrasing class each."""

from __future__ import annotations

import pytest

from skillmap.pipeline.context import ContextRules
from tests.conftest import demanded, levels


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


# -- open-ended header phrases must not swallow list items ------------------------------
@pytest.mark.parametrize(
    ("text", "skill", "level"),
    [
        # short unmarked lines used to be taken whole for "Ideal candidate ...", "Optional
        # ...", "Preferred ...", "Eligibility ..." headers, and their skills were lost
        ("Requirements:\nIdeal candidate holds an EVITP certification\nValid driver's license", "evitp_certification", "preferred"),
        ("Requirements:\nOptional OSHA 30 certification\nValid driver's license", "osha_card", "preferred"),
        ("Requirements:\nPreferred EVITP certification\nValid driver's license", "evitp_certification", "preferred"),
        ("Requirements:\nEligibility for a Class A CDL\nInstall chargers", "cdl", "required"),
        # "Header: content" on a plain line is an inline header: the content is kept
        ("Qualifications:\nOptional: OSHA 30\n\nInstall chargers", "osha_card", "preferred"),
        ("Preferred (not required): experience with OCPP", "charger_networking_firmware", "preferred"),
        ("Education: High school diploma and OSHA 10", "osha_card", "required"),
        ("Qualifications:\n- Helpful to have experience with Salesforce and SAP", "computer_literacy", "preferred"),
    ],
)
def test_item_lines_are_not_swallowed_as_headers(sm, text, skill, level):
    assert skill in demanded(sm, text)
    assert levels(sm, text)[skill] == level


def test_swallowed_item_no_longer_changes_the_section_below(sm):
    # "Optional OSHA 30 certification" used to open a "preferred" section.
    text = "Requirements:\nOptional OSHA 30 certification\nValid driver's license"
    assert levels(sm, text)["drivers_license"] == "required"


@pytest.mark.parametrize(
    ("header", "level"),
    [
        ("Optional", "preferred"),
        ("Helpful Skills & Experience", "preferred"),
        ("Preferred Technical and Professional Experience", "preferred"),
        ("Desired Skills and Qualifications", "preferred"),
        ("Bonus Points, But Not Required", "preferred"),
        ("Ideal Candidate:", "required"),
        ("The ideal candidate will have:", "required"),
        ("Eligibility", "required"),
        ("Optional certifications (any of):", "preferred"),
    ],
)
def test_real_headers_still_start_sections(sm, header, level):
    text = f"Responsibilities:\nInstall chargers\n\n{header}\nOSHA 10"
    assert levels(sm, text)["osha_card"] == level


def test_open_ended_header_phrases_need_a_header_mark():
    rules = ContextRules.default()
    assert rules.classify_header("Ideal candidate holds an EVITP certification", marked=False) is None
    assert rules.classify_header("Ideal candidate holds an EVITP certification") == "requirements"
    assert rules.classify_header("Optional OSHA 30 certification", marked=False) is None
    assert rules.classify_header("Optional OSHA 30 certification") == "preferred"


def test_headings_with_a_subtitle_still_govern_the_lines_below(sm):
    # a heading or a line ending with a colon stays a section header, even with a colon
    # inside: the benefits below are not demands
    text = "**TOTAL REWARDS: Thrive with Us**\n\n- We pay for your EVITP certification\n- Free EV charging"
    assert "evitp_certification" not in demanded(sm, text)
    text = "Requirements:\n- OSHA 10\n\nSKILLS : Experience and/or education must include:\n\n- EVITP certification"
    assert levels(sm, text)["evitp_certification"] == "required"
