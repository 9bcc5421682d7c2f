"""Sections of unheaded text inferred from the sentences themselves."""

import pytest

from skillmap.pipeline.context import ContextRules
from skillmap.pipeline.structure import refined_segments
from tests.conftest import demanded

# Publisher fields pasted together without headers, as in the Zhou et al. ads.
UNHEADED = (
    "Install and maintain Level 2 chargers at customer sites\n"
    "Provide service to our customers during installs\n"
    "3+ years of electrical experience\n"
    "Acme Power is the global leader in industrial batteries. With over 5,000 associates, "
    "Acme Power serves more than 600 customer locations and runs daily operations in 12 states.\n"
    "We offer our associates medical, dental and a 401(k)."
)


def sections(text, company=None):
    rules = ContextRules.default()
    from skillmap.text.clean import clean_text

    cleaned = clean_text(text)
    return [(cleaned[s.start : s.end], s.section) for s in refined_segments(rules, text, cleaned, company)]


def test_unheaded_sentences_get_sections_from_their_content():
    found = dict(sections(UNHEADED))
    assert found["Install and maintain Level 2 chargers at customer sites"] == "responsibilities"
    assert found["Provide service to our customers during installs"] == "responsibilities"
    assert found["3+ years of electrical experience"] == "requirements"
    assert found["Acme Power is the global leader in industrial batteries."] == "company"
    # no cue of its own: continues the company description before it
    assert found[next(k for k in found if k.startswith("With over 5,000"))] == "company"
    assert found["We offer our associates medical, dental and a 401(k)."] in ("company", "benefits")


def test_company_description_in_unheaded_text_demands_nothing(sm):
    found = demanded(sm, UNHEADED)
    assert {"ev_charger_installation", "customer_service"} <= found  # "Provide service to our customers"
    assert "operations" not in found  # the company's daily operations


@pytest.mark.parametrize(
    "text",
    [
        "Position refurbishes and rebuilds vending equipment as needed.",
        "Work with our team to install chargers.",
    ],
)
def test_job_sentences_naming_the_employer_stay_job_text(text):
    assert sections(text)[0][1] in ("responsibilities", "requirements")


def test_a_preference_cue_makes_a_preferred_section_only_from_the_front():
    assert sections("Nice to have: OCPP experience")[0][1] == "preferred"
    assert sections("Valid CDL. Experience with OCPP preferred.")[0][1] == "requirements"


def test_headed_text_keeps_its_headers():
    text = "Requirements:\nAcme Power is a leader in batteries and wants OSHA 10."
    assert dict(sections(text)).get("Acme Power is a leader in batteries and wants OSHA 10.") == "requirements"
