"""Curriculum rules: taught without requirement cues, prerequisites apart, negated
content not taught, boilerplate ignored; the rules file is validated."""

from __future__ import annotations

import pytest

from skillmap.curriculum.rules import CurriculumRules
from skillmap.errors import CurriculumError

from .conftest import program_from_text

# (syllabus text, skill id, expected role of its mention(s))
ROLE_CASES = [
    # taught: content, outcomes, modules, lessons, with no "required" cue at all
    ("## Course Topics\n- OCPP and firmware updates", "charger_networking_firmware", "taught"),
    ("Students will learn to troubleshoot Level 2 chargers.", "evse_service", "taught"),
    ("Module 3: Battery systems (12 hours)", "battery_systems", "taught"),
    ("Lesson 4 NEC Article 625 for EVSE installations (8 hrs)", "electrical_code", "taught"),
    ("## Learning Outcomes\nUpon completion, students must be able to use a multimeter.", "test_equipment", "taught"),
    ("## Certifications earned\n- OSHA 10", "osha_card", "taught"),
    ("WEEK 2 - HAND AND POWER TOOLS", "hand_tools", "taught"),
    # prerequisites: sections, inline labels, sentence cues, lead-in lists
    ("## Prerequisites\nBasic electricity and a valid driver's license.", "drivers_license", "prerequisite"),
    ("Prerequisite: ELEC 101 electrical theory", "electrical_systems", "prerequisite"),
    ("Students must already know how to use a multimeter.", "test_equipment", "prerequisite"),
    ("Applicants must hold a valid driver's license.", "drivers_license", "prerequisite"),
    ("Before enrolling, you must have an OSHA 10 card.", "osha_card", "prerequisite"),
    ("Participants must already have:\n- basic computer literacy\n- reliable transportation", "computer_literacy", "prerequisite"),
    ("## Entry requirements\n- Able to lift 50 pounds", "physical_ability", "prerequisite"),
    ("This course assumes prior knowledge of AC/DC circuits.", "electrical_systems", "prerequisite"),
    # not taught: negated content
    ("This course does not cover high-voltage work.", "high_voltage", "not_taught"),
    ("High voltage battery repair is not covered in this program.", "battery_systems", "not_taught"),
    ("## Not covered\n- DC fast charger installation", "ev_charger_installation", "not_taught"),
    ("This course does not cover:\n- charger installation", "ev_charger_installation", "not_taught"),
    ("Participants will not perform charger installation.", "ev_charger_installation", "not_taught"),
    # ignored: boilerplate sections and sentences
    ("## Grading\nTeamwork in labs is 10% of the grade.", "teamwork", "ignored"),
    ("## Accessibility\nThe computer lab has assistive software.", "computer_literacy", "ignored"),
    ("## Our Mission\nWe build communication and teamwork in our community.", "communication", "ignored"),
    ("## Contact\nEmail the program office about customer service hours.", "customer_service", "ignored"),
    ("## Career Opportunities\nGraduates work as EVSE technicians.", "evse_service", "ignored"),
    ("## Required Materials\nStudents buy their own hand tools.", "hand_tools", "ignored"),
    ("No prior electrical experience is required.", "electrical_systems", "ignored"),
    ("A commercial driver's license is not required.", "cdl", "ignored"),
    # found by the second held-out set (HOLDOUT2_CASES), one case per fix:
    # a bare "Courses" heading ends an admission section and starts the course list
    ("ADMISSION REQUIREMENTS\nApplicants must hold a Class B CDL.\nCOURSES\nFET 120 Battery management systems (3 credits)",
     "battery_systems", "taught"),
    # "not part of this curriculum/certificate" headings and sentences; "performed by our partners"
    ("NOT PART OF THIS CURRICULUM\nNew charger installation is handled by partners.", "ev_charger_installation", "not_taught"),
    ("Charger installation is performed by our installation partners.", "ev_charger_installation", "not_taught"),
    ("Installation of depot chargers is not part of this certificate.", "ev_charger_installation", "not_taught"),
    # compound boilerplate headings ("Attendance and Grading", "HR and Policies")
    ("## Attendance and Grading\nTeamwork is assessed in the capstone.", "teamwork", "ignored"),
    ("HR AND POLICIES\nComplete the teamwork and code of conduct modules in Workday.", "teamwork", "ignored"),
    # job conditions are not course content
    ("TRAVEL AND SCHEDULE\nTechnicians can expect overnight travel up to 40%.", "willingness_to_travel", "ignored"),
    ("## Working Conditions\nTechnicians work outdoors in all weather.", "physical_ability", "ignored"),
    # course wording the posting taxonomy lacks
    ("Week 8: Underground distribution: cable, splices and terminations", "electrical_wiring", "taught"),
    ("FET 110 Electrical and Electronic Fundamentals", "electronics", "taught"),
]


def test_working_under_an_electrician_is_not_a_license(reader):
    # The shared taxonomy vetoes "under a journey-level electrician" at matching time, so
    # the mention is not even found; either way nothing may count as taught.
    mentions = [m for m in reader.read_text("Apprentices work under a journey-level electrician.")
                if m.skill_id == "electrician_license"]
    assert all(m.role == "ignored" for m in mentions)


@pytest.mark.parametrize("text,skill,role", ROLE_CASES, ids=[f"{r}:{s}:{t[:30]}" for t, s, r in ROLE_CASES])
def test_mention_roles(reader, text, skill, role):
    mentions = [m for m in reader.read_text(text) if m.skill_id == skill]
    assert mentions, f"{skill} not found in {text!r}"
    assert {m.role for m in mentions} == {role}, [(m.text, m.role, m.section) for m in mentions]


def test_taught_wins_over_prerequisite_and_negation(reader):
    program = program_from_text(reader, "## Prerequisites\nBasic computer skills.\n\n## Modules\n- Computer skills for "
                                        "technicians\n\nThis course does not cover OCPP.\n- Firmware and OCPP basics")
    assert "computer_literacy" in program.taught_ids() and "computer_literacy" not in program.prerequisite_ids()
    assert "charger_networking_firmware" in program.taught_ids() and not program.not_taught_ids()


def test_child_skill_implies_parent(reader):
    program = program_from_text(reader, "Prepares students for the ASE L3 Light Duty Hybrid/Electric Vehicle Specialist test.")
    assert {"ase_ev_certification", "ase_certification"} <= program.taught_ids()
    assert program.implied_ids() == set() or "ase_certification" in program.taught_ids()


def test_hours_add_up_per_unit(reader):
    program = program_from_text(reader, "## Module 1: OCPP networks (10 hours)\n- OCPP messages\n- Firmware updates\n\n"
                                        "## Module 2: Repair (20 hours)\n- Replace charger firmware boards\n\n"
                                        "This 120-hour certificate covers charger repair.")
    hours = program.hours()
    assert hours["charger_networking_firmware"] == 30  # module 1 once, module 2 once
    assert hours["evse_service"] == 20  # the prose total (120 hours) is not a unit


def test_sub_heading_inside_boilerplate_stays_boilerplate(reader):
    text = "## Course Policies\n### Late work\nLate lab reports on charger troubleshooting lose points.\n## Week 1: OCPP"
    roles = {m.skill_id: m.role for m in reader.read_text(text)}
    assert roles["evse_service"] == "ignored" and roles["charger_networking_firmware"] == "taught"


def test_vetoes_drop_other_senses(reader):
    ids = {m.skill_id for m in reader.read_text("- Customer service with site hosts (4 hours)\n- Vehicle-to-charger communication")}
    assert "physical_ability" not in ids and "communication" not in ids and "customer_service" in ids


def test_lead_to_a_license_is_not_leadership(reader):
    ids = {m.skill_id for m in reader.read_text("This program does not lead to a journeyman electrician license; "
                                                "it leads to a certificate.")}
    assert "management" not in ids and "electrician_license" in ids


def test_vendor_field_service_software_is_not_computer_literacy(reader):
    ids = {m.skill_id for m in reader.read_text("- Working service tickets in Salesforce Field Service")}
    assert "computer_literacy" not in ids and "field_service_management" in ids


def test_default_rules_load_and_classify():
    rules = CurriculumRules.default()
    assert rules.classify_header("Student Learning Outcomes") == "outcomes"
    assert rules.classify_header("II. COURSE PREREQUISITES") == "prerequisites"
    assert rules.classify_header("Grading Policy") == "grading"
    assert rules.classify_header("Module 4: Safety") == "topics"
    assert rules.classify_header("Battery chemistry") is None
    assert rules.classify_header("Courses") == "topics"
    assert rules.classify_header("Attendance and Grading") == "policies"
    assert rules.classify_header("Not part of this curriculum") == "not_covered"
    assert rules.classify_header("Travel and schedule") == "conditions"


@pytest.mark.parametrize("mutate,fragment", [
    (lambda d: d.update(surprise=1), "surprise"),
    (lambda d: d["sections"][0].update(role="maybe"), "role"),
    (lambda d: d["sections"][0]["headers"].append("(unclosed"), "headers[") ,
    (lambda d: d["cues"]["prerequisite"].append("[bad"), "cues.prerequisite"),
])
def test_invalid_rules_are_reported_with_location(mutate, fragment):
    import copy

    data = copy.deepcopy(CurriculumRules.default().model.model_dump())
    mutate(data)
    with pytest.raises(CurriculumError) as caught:
        CurriculumRules(data, source="my_rules.yaml")
    assert caught.value.code == "E809" and fragment in str(caught.value)


def test_unknown_skill_in_extra_patterns(sm, tmp_path):
    import srsly

    from skillmap.curriculum.taught import SyllabusReader

    data = CurriculumRules.default().model.model_dump()
    data["extra_patterns"].append({"skill": "no_such_skill", "patterns": ["x"]})
    path = tmp_path / "rules.yaml"
    srsly.write_yaml(path, data)
    with pytest.raises(CurriculumError) as caught:
        SyllabusReader(sm, CurriculumRules.from_file(path))
    assert caught.value.code == "E809" and "no_such_skill" in str(caught.value)
