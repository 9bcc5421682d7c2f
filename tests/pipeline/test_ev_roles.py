"""EV-specific skills count only when the EV work is the hire's (ev_roles in the rules)."""

import pytest

from skillmap.pipeline.context import ContextRules
from tests.conftest import demanded

EV_SKILLS = {
    "electric_vehicles", "ev_charger_installation", "evse_service", "dc_fast_charging",
    "charger_networking_firmware", "battery_systems",
}

BILLING = (
    "Responsibilities:\n- Reconcile invoices for EV charger installation and EVSE maintenance and repair jobs\n"
    "- Track DC fast charger service contracts\nRequirements:\n- 2 years of accounts receivable experience"
)
FORKLIFT = (
    "Duties:\n- Move battery packs and battery modules between the line and the warehouse\n"
    "- Stage electric vehicle drive units for shipping\nRequirements:\n- Forklift certification"
)
INTERNAL_TOOLS = (
    "What you'll do:\n- Build internal tools that help our technicians diagnose electric vehicle systems "
    "and troubleshoot EV chargers\n- Work with our EV service teams\nRequirements:\n- 4+ years of Python"
)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Billing Specialist - EV Charging", BILLING),
        ("Forklift Operator (EV Battery Plant)", FORKLIFT),
        ("Software Engineer, Internal Tools", INTERNAL_TOOLS),
    ],
)
def test_roles_that_do_not_do_the_ev_work_demand_no_ev_skill(sm, title, text):
    assert demanded(sm, text) & EV_SKILLS  # the words are there: without the title they count
    assert not demanded(sm, text, title=title) & EV_SKILLS


@pytest.mark.parametrize(
    "title",
    ["EV Charger Technician", "Field Service Engineer - Charging", "Billing Systems Technician", None, "Associate"],
)
def test_hands_on_and_unknown_roles_keep_ev_skills(sm, title):
    assert "ev_charger_installation" in demanded(sm, BILLING, title=title)


def test_a_software_role_keeps_charger_protocol_work(sm):
    text = "Responsibilities:\n- Implement OCPP 2.0.1 messaging between EV chargers and our backend"
    assert "charger_networking_firmware" in demanded(sm, text, title="Senior Backend Software Engineer")


def test_not_demanded_mentions_say_why(sm):
    result = sm.extract(BILLING, title="Billing Specialist")
    held = [m for m in result.mentions if m.skill_id == "ev_charger_installation"]
    assert held and all(m.requirement == "unspecified" and "not the role's" in m.rule for m in held)


def test_bad_role_pattern_names_its_place():
    from skillmap.errors import TaxonomyError

    data = dict(ContextRules.default().data)
    data["ev_roles"] = {"families": {"office": {"titles": ["(billing"], "ev_skills": []}}}
    with pytest.raises(TaxonomyError, match="ev_roles.families.office.titles"):
        ContextRules(data)
