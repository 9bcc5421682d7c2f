"""normalize_title strips posting noise and keeps the occupation phrase."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillmap.occupations import analyze_title, normalize_title


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # seniority and levels
        ("Sr. Maintenance Tech II", "maintenance technician"),
        ("Senior Software Engineer", "software engineer"),
        ("Maintenance Technician - Level 2", "maintenance technician"),
        ("Controls Technician - Class B", "controls technician"),
        ("Maintenance Mechanic B", "maintenance mechanic"),
        ("Jr. Accountant III", "accountant"),
        ("Lead Electrician", "electrician"),
        ("Team Lead", "team lead"),
        ("Journeyman Electrician", "electrician"),
        ("Master Technician - Mercedes-Benz", "technician"),
        ("Staff / Senior Software Engineer, ML Frameworks", "software engineer"),
        ("2024-7222_Software Engineer - Level III", "software engineer"),
        # shifts and schedules
        ("Maintenance Technician - 2nd Shift", "maintenance technician"),
        ("Custodian - Night Shift", "custodian"),
        ("Overnight DC Fast Charging Hub Technician", "dc fast charging hub technician"),
        ("Warehouse Associate - Weekends (Fri-Sun)", "warehouse associate"),
        # pay and bonuses
        ("Diesel Tech - $10K Sign On Bonus", "diesel technician"),
        ("Industrial Maintenance Technician - $5K SIGN ON BONUS", "industrial maintenance technician"),
        ("Commercial Electrician - $38-45/hr", "commercial electrician"),
        ("310t Refer Mechanic (Mobile) - up to $20,000 signing incentives", "refer mechanic"),
        ("RN - Med/Surg $10K Sign-On Bonus", "registered nurse"),
        # requisition numbers
        ("Senior Software Engineer (REF2836N)", "software engineer"),
        ("Electrician Req #45821", "electrician"),
        ("648 - Full-Stack Software Engineer", "full stack software engineer"),
        # work mode, contract type, hiring noise
        ("Senior DevOps Engineer - Remote job", "devops engineer"),
        ("Customer Service Representative (Hybrid)", "customer service representative"),
        ("NOW HIRING!! Forklift Operator - Full Time - Weekly Pay", "forklift operator"),
        ("🔥 Diesel Tech 🔥", "diesel technician"),
        # places and companies
        ("Account Executive - Arizona", "account executive"),
        ("Electrician in Austin, TX", "electrician"),
        ("Warehouse Associate @ Amazon", "warehouse associate"),
        ("Northwest LA Territory Account Executive", "territory account executive"),
        ("Software Engineer, Installer App", "software engineer"),
        ("Project Coordinator, EV Charging Deployment", "project coordinator"),
        ("Customer Support Specialist (Driver Experience)", "customer support specialist"),
        ("Electrician: Acme Electric Inc.", "electrician"),
        # inverted titles
        ("Manager, Software Engineering - Java", "software engineering manager"),
        ("Engineer II, Software Development", "software development engineer"),
        ("Electrician, Commercial", "commercial electrician"),
        # abbreviations
        ("HVAC Service Tech", "heating ventilation air conditioning service technician"),
        ("Elec Maint Tech", "electrical maintenance technician"),
        ("EVSE Technician", "electric vehicle supply equipment technician"),
        ("EV Tech", "electric vehicle technician"),
        ("CDL A Truck Driver", "commercial driver license truck driver"),
        ("IT Support Specialist", "information technology support specialist"),
        ("Admin Assistant", "administrative assistant"),
        ("Systems Admin", "systems administrator"),
        ("Sales Rep", "sales representative"),
        ("Electricians Needed", "electrician"),
    ],
)
def test_normalize_title(raw, expected):
    assert normalize_title(raw) == expected


def test_asides_and_segments_become_context():
    parts = analyze_title("Charging Systems Technician (EVSE) - Bus Depot")
    assert parts.core == "charging systems technician"
    assert "electric vehicle supply equipment" in parts.context
    assert "bus depot" in parts.qualifiers


@pytest.mark.parametrize("value", ["", "   ", None, 42, "$$$ !!!", "x" * 500, "🚗⚡🔌"])
def test_unusable_titles_give_empty_or_bounded_phrases(value):
    assert len(normalize_title(value)) < 100


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_normalize_never_crashes(text):
    result = normalize_title(text)
    assert isinstance(result, str)
    assert result == result.strip()
