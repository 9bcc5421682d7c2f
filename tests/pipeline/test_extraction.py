"""Skill extraction behaviour: requirement levels, boilerplate, traps and paraphrases."""

from __future__ import annotations

import pytest

from tests.conftest import demanded


def levels(sm, text, **kwargs) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in sm.extract(text, **kwargs).mentions:
        out.setdefault(m.skill_id, set()).add(m.requirement)
    return out


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Install Level 2 EV chargers in garages and parking lots.", "ev_charger_installation"),
        ("Troubleshoot and repair DC fast chargers at customer sites.", "evse_service"),
        ("Keep every charging stall online overnight.", "evse_service"),
        ("Push firmware updates and fix OCPP connectivity problems on chargers.", "charger_networking_firmware"),
        ("Diagnose and repair HEV/PHEV/BEV systems.", "electric_vehicles"),
        ("Use a multimeter and a megger.", "test_equipment"),
        ("Follow NFPA 70E and lockout/tagout procedures.", "safety_standards"),
        ("Work on 480V three-phase equipment.", "high_voltage"),
        ("Diagnose 12-volt electrical faults.", "low_voltage"),
        ("Must be able to lift 50 lbs and work outdoors in all weather.", "physical_ability"),
        ("Interact directly with customers and site hosts.", "customer_service"),
        ("Work closely with the network team and field technicians.", "teamwork"),
        ("Read single-line diagrams and wiring schematics.", "blueprint_reading"),
        ("Pull permits and build to the NEC Article 625.", "electrical_code"),
        ("Willing to travel up to 50% including overnights.", "willingness_to_travel"),
        ("Valid Class B CDL with air brake endorsement.", "cdl"),
        ("OSHA 30-hour card required.", "osha_card"),
        ("Comfortable with a tablet and Microsoft Office.", "computer_literacy"),
        ("Supervise a crew of three installers.", "management"),
        ("Close work orders in ServiceMax after each service call.", "field_service_management"),
    ],
)
def test_paraphrases_and_aliases(sm, text, skill):
    assert skill in demanded(sm, text)


def test_children_imply_parents(sm):
    ids = demanded(sm, "Class A CDL required. ASE L3 certification preferred.")
    assert {"cdl", "drivers_license", "ase_ev_certification", "ase_certification"} <= ids
    direct = sm.extract("Class A CDL required.").demanded_ids(implied=False)
    assert "drivers_license" not in direct


@pytest.mark.parametrize(
    ("text", "skill", "expected"),
    [
        ("No CDL required.", "cdl", "negated"),
        ("A driver's license is NOT required for this position.", "drivers_license", "negated"),
        ("You do **not** need an electrician's license.", "electrician_license", "negated"),
        ("No certifications, automotive background, or driver's license required.", "drivers_license", "negated"),
        ("You won't be diagnosing or fixing chargers.", "evse_service", "negated"),
        ("EVITP certification is a plus.", "evitp_certification", "preferred"),
        ("Forklift certification preferred.", "forklift_certification", "preferred"),
        ("We don't require a driver's license, but road testing is part of the job so one is a plus.", "drivers_license", "preferred"),
        ("Valid driver's license required.", "drivers_license", "required"),
    ],
)
def test_requirement_levels(sm, text, skill, expected):
    assert levels(sm, text)[skill] == {expected}


def test_negation_scope_stops_at_but(sm):
    found = levels(sm, "A driver's license is not required, but you need reliable transportation.")
    assert found["drivers_license"] == {"negated"}
    assert found["reliable_transportation"] == {"required"}


def test_preferred_section_and_bullets(sm):
    text = "Requirements\n- Valid driver's license\n\nNice to have\n- EVITP certification\n- Journeyman electrician license (not required)\n"
    found = levels(sm, text)
    assert found["drivers_license"] == {"required"}
    assert found["evitp_certification"] == {"preferred"}
    assert found["electrician_license"] == {"preferred"}


def test_inline_header_governs_only_its_paragraph(sm):
    text = "Nice to have: SAE EVSE Technician certification.\n\nValid driver's license required."
    found = levels(sm, text)
    assert found["sae_evse_certification"] == {"preferred"}
    assert found["drivers_license"] == {"required"}


def test_company_boilerplate_gives_no_ev_skills(sm):
    text = (
        "About us\nVoltway builds electric vehicles with an 800-volt architecture and DC fast "
        "charging in 15 minutes. Our battery packs are designed in-house.\n\n"
        "The role\n- Build APIs in Python\n- Collaborate with product teams\n\n"
        "Benefits\nFree EV charging at HQ, hybrid schedule, we pay for your ASE tests.\n\n"
        "Voltway is an equal opportunity employer."
    )
    result = sm.extract(text, company="Voltway")
    ev_specific = {s.id for s in sm.taxonomy.skills if s.ev_specific} | {"high_voltage", "ase_certification"}
    assert not (result.demanded_ids() & ev_specific)
    assert {"computer_literacy", "teamwork"} <= result.demanded_ids()
    boiler = {m.skill_id for m in result.mentions if m.requirement == "unspecified"}
    assert "dc_fast_charging" in boiler  # found, but not counted as demanded


def test_company_statement_without_header_is_not_a_demand(sm):
    text = "Northgate operates 200 battery-electric buses. We need a technician who can troubleshoot depot chargers."
    ids = demanded(sm, text, company="Northgate")
    assert "evse_service" in ids
    assert "electric_vehicles" not in ids


def test_benefit_sentences_are_not_demands(sm):
    ids = demanded(sm, "Once you top out we'll sponsor your EVITP certification.")
    assert "evitp_certification" not in ids


@pytest.mark.parametrize(
    "text",
    [
        "Hybrid schedule: three days in the office.",
        "Investigate duplicate charging fees and refund charges to the card.",
        "Provide Level 2 support for our software platform.",
        "Controls Technician - Class B",
        "Scan serialized parts into the MES.",
        "We are the leading EV charging network in North America.",
    ],
)
def test_traps_give_no_ev_skills(sm, text):
    ev = {s.id for s in sm.taxonomy.skills if s.ev_specific} | {"cdl", "drivers_license", "diagnostic_tools"}
    assert not (demanded(sm, text) & ev)


def test_title_mentions_count(sm):
    result = sm.extract("Respond to tickets from our NOC.", title="Overnight DC Fast Charging Technician")
    title_mentions = [m for m in result.mentions if m.source == "title"]
    assert any(m.skill_id == "dc_fast_charging" for m in title_mentions)
    assert "dc_fast_charging" in result.demanded_ids()


def test_offsets_index_the_input_text_even_with_markup(sm):
    text = "<ul><li>Install <b>Level 2</b> EV chargers</li><li>Use a <i>multimeter</i></li></ul>"
    result = sm.extract(text)
    assert result.skills
    for mention in result.skills:
        assert text[mention.start : mention.end] == mention.text


def test_attributes(sm):
    text = (
        "Pay: $31.42 - $39.86 per hour + $2,500 sign-on bonus\n"
        "Requirements\n- High school diploma or GED\n- 3+ years of experience maintaining electrical equipment\n"
        "- Class B CDL with air brake endorsement\n- Willing to travel 20% with occasional overnight travel\n"
        "Schedule: night shift, rotating weekends\nBachelor's degree preferred."
    )
    attributes = sm.extract(text).attributes
    assert attributes.pay.min == pytest.approx(31.42)
    assert attributes.pay.max == pytest.approx(39.86)
    assert attributes.pay.unit == "hour" and attributes.pay.currency == "USD"
    assert attributes.education_level == "high_school"
    assert attributes.education_preferred == "bachelor"
    assert attributes.experience_years_min == 3
    assert attributes.license_classes == ["B"]
    assert attributes.travel_percent_max == 20 and attributes.travel_overnight
    assert "night" in attributes.shifts and "weekend" in attributes.shifts


def test_negated_cdl_gives_no_license_class(sm):
    assert sm.extract("A Class A CDL is not required for this job.").attributes.license_classes == []


def test_skipping_boilerplate_changes_no_demanded_mention(sm):
    text = (
        "About us\nWe build DC fast chargers and pay for your ASE tests.\n\n"
        "Responsibilities\n- Troubleshoot chargers and work with the field team\n\n"
        "Benefits\n401(k), free EV charging\n\nWe are an equal opportunity employer."
    )
    full = sm.extract(text)
    fast = sm.extract(text, boilerplate=False)
    assert [m for m in full.mentions if m.requirement != "unspecified"] == [
        m for m in fast.mentions if m.requirement != "unspecified"
    ]
    assert full.demanded_ids() == fast.demanded_ids() == {"evse_service", "problem_solving", "teamwork"}
