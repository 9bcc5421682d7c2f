"""The bundled title coder: common titles, EV/EVSE rules, evidence, abstention."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillmap.occupations import load_coder


@pytest.mark.parametrize(
    ("title", "acceptable"),
    [
        ("Maintenance Technician - 2nd Shift", {"49-9071"}),
        ("Industrial Maintenance Tech", {"49-9041", "49-9071"}),
        ("Field Service Technician", {"49-9071", "49-2094", "49-9041"}),
        ("Journeyman Electrician", {"47-2111"}),
        ("Apprentice Electrician", {"47-2111", "47-3013"}),
        ("Diesel Mechanic - $10K Sign On Bonus", {"49-3031"}),
        ("Automotive Technician", {"49-3023"}),
        ("HVAC Service Tech", {"49-9021"}),
        ("Software Engineer", {"15-1252"}),
        ("Senior Backend Software Engineer", {"15-1252"}),
        ("Account Executive - Arizona", {"41-4011", "41-3091"}),
        ("Customer Support Specialist", {"43-4051"}),
        ("Project Coordinator", {"13-1082"}),
        ("Registered Nurse - ICU", {"29-1141"}),
        ("CDL A Truck Driver", {"53-3032"}),
    ],
)
def test_common_job_board_titles(coder, title, acceptable):
    result = coder.code(title)
    assert result.soc_code in acceptable, result.to_dict()
    assert not result.abstain
    assert result.proposed_code is None


@pytest.mark.parametrize(
    ("title", "soc", "proposed"),
    [
        ("EV Charger Reliability Technician (Field)", "49-2093", "49-2093.91"),
        ("EVSE Technician", "49-2093", "49-2093.91"),
        ("Charging Systems Technician (EVSE) - Bus Depot", "49-2093", "49-2093.91"),
        ("Journeyman Electrician - EV Charger Installations", "47-2111", "47-2111.91"),
        ("Electric School Bus Technician", "49-3031", "49-3031.91"),
        ("EV Technician - Hybrid & Electric Vehicles", "49-3023", "49-3023.91"),
        ("Fleet Manager - Electrification", "11-3071", "11-3071.91"),
        ("EV Charger Assembler - 2nd Shift", "51-2022", "51-2022.91"),
    ],
)
def test_ev_titles_get_domain_codes(coder, title, soc, proposed):
    result = coder.code(title)
    assert (result.soc_code, result.proposed_code) == (soc, proposed), result.to_dict()


@pytest.mark.parametrize(
    ("title", "skills", "soc", "proposed"),
    [
        ("Field Technician", {"evse_service", "charger_networking_firmware"}, "49-2093", "49-2093.91"),
        ("Electrician", {"ev_charger_installation"}, "47-2111", "47-2111.91"),
        ("Electrician", {"evitp_certification"}, "47-2111", "47-2111.91"),
        ("Automotive Technician", {"electric_vehicles", "high_voltage"}, "49-3023", "49-3023.91"),
        ("Diesel Mechanic", {"electric_vehicles"}, "49-3031", "49-3031.91"),
        ("Battery Technician", {"battery_systems"}, "49-2092", "49-2092.91"),
        ("Fleet Manager", {"electric_vehicles", "fleet_management"}, "11-3071", "11-3071.91"),
        ("Production Assembler", {"battery_systems"}, "51-2022", "51-2022.91"),
    ],
)
def test_skill_evidence_assigns_proposed_codes(coder, title, skills, soc, proposed):
    result = coder.code(title, skills=skills)
    assert (result.soc_code, result.proposed_code) == (soc, proposed), result.to_dict()


@pytest.mark.parametrize(
    ("title", "skills"),
    [
        ("Account Executive", {"evse_service", "electric_vehicles"}),
        ("Senior Software Engineer, Charging Platform", {"charger_networking_firmware"}),
        ("Customer Support Specialist", {"evse_service"}),
        ("Project Coordinator, EV Charging Deployment", {"ev_charger_installation"}),
        ("Marketing Manager - EV Charging", set()),
        ("Electrician", set()),
        ("Battery Technician", set()),
    ],
)
def test_no_proposed_code_where_none_fits(coder, title, skills):
    assert coder.code(title, skills=skills).proposed_code is None


@pytest.mark.parametrize(
    "title",
    ["", "   ", None, 17, float("nan"), "x" * 500, "🚗⚡🔌", "営業担当", "asdf qwer zxcv", "Lorem ipsum dolor sit amet", "Mitarbeiter Kundenservice"],
)
def test_bad_input_abstains(coder, title):
    result = coder.code(title)
    assert result.abstain and result.soc_code is None and result.proposed_code is None
    json.dumps(result.to_dict())


def test_result_contract(coder):
    data = coder.code("Diesel Tech", id="p7").to_dict()
    assert {"id", "title", "soc_code", "soc_title", "proposed_code", "score", "alternatives"} <= set(data)
    assert data["id"] == "p7" and data["soc_major"] == "49-0000"
    assert 0.0 <= data["score"] <= 1.0
    assert data["alternatives"][0]["soc_code"] == data["soc_code"]
    assert all(0.0 <= a["score"] <= 1.0 for a in data["alternatives"])


def test_gjrp_groups(coder):
    assert coder.code("Electrician").gjrp_group == "Electrician"
    assert coder.code("EV Charger Technician").gjrp_group == "EVSE Installer + EVSE Technician"
    assert coder.code("Software Engineer").gjrp_group == "Software Developer"
    assert coder.code("Accountant").gjrp_group is None


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=250), st.sets(st.sampled_from(["evse_service", "electric_vehicles", "battery_systems", "x"])))
def test_any_title_gives_a_valid_result(title, skills):
    result = load_coder().code(title, skills=skills)
    assert 0.0 <= result.score <= 1.0
    assert result.abstain == (result.soc_code is None)
    assert result.proposed_code is None or not result.abstain


BATCH = [
    "Sr. Maintenance Tech II - 2nd Shift - $5K Sign On Bonus",
    "EV Charger Reliability Technician (Field)",
    "Field Service Tech - Medical Equipment",
    "Manager, Software Engineering - Java",
    "Electrican",
    "Software Engineer",
    "Software Engineer",  # repeats are coded once
    "Lead Diesel Mechanic | Phoenix, AZ",
    "Customer Support Specialist (Driver Experience)",
    "",
    None,
    17,
    "x" * 500,
    "営業担当",
    "asdf qwer zxcv",
    "Electrician",
    "Field Technician",
]


def test_code_many_equals_code_title_by_title(coder):
    skills = [{"evse_service"} if t == "Field Technician" else None for t in BATCH]
    ids = [f"p{i}" for i in range(len(BATCH))]
    coder.clear_caches()
    one_by_one = [coder.code(t, skills=s, id=i).to_dict() for t, s, i in zip(BATCH, skills, ids, strict=True)]
    coder.clear_caches()
    batch = [r.to_dict() for r in coder.code_many(BATCH, skills=skills, ids=ids, batch_size=5)]
    assert batch == one_by_one
    assert batch[-1]["proposed_code"] == "49-2093.91" and batch[0]["id"] == "p0"
    # cached results are the same again
    assert [r.to_dict() for r in coder.code_many(BATCH, skills=skills, ids=ids)] == one_by_one


def test_code_many_accepts_records(coder):
    records = [{"id": "a", "title": "Electrician", "skills": ["evitp_certification"]}, "Diesel Tech", {"title": None}]
    out = coder.code_many(records)
    assert [(r.id, r.soc_code, r.proposed_code) for r in out] == [
        ("a", "47-2111", "47-2111.91"),
        (None, "49-3031", None),
        (None, None, None),
    ]
    assert coder.code_many([]) == []


def test_code_many_rejects_mismatched_lengths(coder):
    from skillmap.errors import InputError

    with pytest.raises(InputError):
        coder.code_many(["Electrician", "Diesel Tech"], skills=[None])
    with pytest.raises(InputError):
        coder.code_many([{"title": "Electrician"}], ids=["a"])


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=8))
def test_batch_and_single_agree_on_any_titles(titles):
    coder = load_coder()
    batch = [r.to_dict() for r in coder.code_many(titles)]
    coder.clear_caches()
    assert batch == [coder.code(t).to_dict() for t in titles]


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Career Counselor", "21-1012"), ("Lab Technologist", "29-2011"), ("Windsmith", "49-9081")],
)
def test_semantic_vectors_code_titles_the_words_alone_miss(title, expected):
    from skillmap.occupations.coder import TitleCoder
    from skillmap.occupations.model import bundled_title_model

    with_vectors = load_coder().code(title)
    assert with_vectors.soc_code == expected
    lexical = TitleCoder(bundled_title_model(), semantic=None).code(title)
    assert lexical.score < with_vectors.score


def test_semantic_vectors_must_match_the_model():
    from skillmap.errors import OccupationError
    from skillmap.occupations.coder import TitleCoder
    from skillmap.occupations.model import bundled_title_model
    from skillmap.occupations.semantic import load_semantic_index

    index = load_semantic_index()
    index.codes = index.codes[:-1]
    with pytest.raises(OccupationError):
        TitleCoder(bundled_title_model(), semantic=index)


def test_titles_sharing_a_phrase_keep_their_own_readings():
    # Same normalized phrase, but only the second has a qualifier segment the coder may
    # read; a cached blend of the first must not answer for the second (and vice versa).
    coder = load_coder()
    coder.clear_caches()
    plain, qualified = "Service Technician", "Service Technician - Wind Turbines"
    first = [coder.code(t).to_dict() for t in (plain, qualified)]
    coder.clear_caches()
    second = [coder.code(t).to_dict() for t in (qualified, plain)][::-1]
    assert first == second
    assert first[0]["soc_code"] != first[1]["soc_code"] == "49-9081"
