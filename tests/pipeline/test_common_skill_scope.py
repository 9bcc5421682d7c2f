"""Common skills follow their counts_when (spec/core-skills.csv), not their words."""

import pytest

from tests.conftest import demanded


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        # management: managing people, teams or projects, not a manager being mentioned
        ("Responsibilities:\n- Collaborate with managers, co-workers and customers", "management"),
        ("Responsibilities:\n- Test per the direction of the Cx Project Manager", "management"),
        ("Requirements:\n- Comfort presenting to upper leadership", "management"),
        ("Requirements:\n- Ability to manage multiple priorities", "management"),
        ("Responsibilities:\n- Review the owners' project requirements", "management"),
        # operations: as a duty, not the employer's schedule or another person's title
        ("Responsibilities:\n- Typically reports to Operations Manager", "operations"),
        ("Requirements:\n- Work any shift within a 24/7 operation", "operations"),
        # customer service: serving customers, not a product spec or internal relationships
        ("Responsibilities:\n- Ensure the product meets customer specifications", "customer_service"),
        ("Responsibilities:\n- Maintain positive working relationships across all levels of the organization", "customer_service"),
        ("Requirements:\n- Building strong relationships with stakeholders and senior leaders", "customer_service"),
        # teamwork: "mechanical" is no coworker
        ("Requirements:\n- Working with mechanical systems", "teamwork"),
        # computer literacy: basic digital skills, not equipment's computers or programming
        ("Responsibilities:\n- Calibrate flow computers and turbine meters", "computer_literacy"),
        ("Requirements:\n- Troubleshoot computer control equipment", "computer_literacy"),
        ("Responsibilities:\n- Configuration and programming of audio, video and lighting systems", "computer_literacy"),
        ("Responsibilities:\n- Maintain IP components, hardware and software in the facility", "computer_literacy"),
    ],
)
def test_words_outside_the_definition_are_no_demand(sm, text, skill):
    assert skill not in demanded(sm, text)


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Responsibilities:\n- Supervise a crew of four installers", "management"),
        ("Responsibilities:\n- Manage multiple projects at once", "management"),
        ("Responsibilities:\n- Support daily operations of the depot", "operations"),
        ("Responsibilities:\n- Build relationships with site hosts and property owners", "customer_service"),
        ("Requirements:\n- Work with technicians and electricians", "teamwork"),
        ("Requirements:\n- Basic computer skills and Microsoft Excel", "computer_literacy"),
        ("Responsibilities:\n- Transfer commands to CNC modules using computer network links", "computer_literacy"),
    ],
)
def test_the_definition_still_counts(sm, text, skill):
    assert skill in demanded(sm, text)


def test_software_professionals_are_not_asked_for_basic_digital_skills(sm):
    text = "Requirements:\n- 5+ years of Python, SQL and AWS\n- Microsoft Excel"
    assert "computer_literacy" in demanded(sm, text, title="Maintenance Planner")
    assert "computer_literacy" in demanded(sm, text, title="Data Analyst II")
    assert "computer_literacy" not in demanded(sm, text, title="Senior Backend Software Engineer")
    assert "computer_literacy" not in demanded(sm, text, title="Lead Solution Architect")
