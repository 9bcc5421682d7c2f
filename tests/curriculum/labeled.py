"""Hand-written syllabi in realistic formats, labelled with the skills they teach.

Each case: a builder that writes the file, the skills taught (gold, parents of taught
children included, as in posting-level sets), the prerequisites and the skills the text
says it leaves out. Institutions, names and addresses are made up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .syllabus_files import write_docx, write_pdf


@dataclass(frozen=True)
class LabeledSyllabus:
    name: str
    suffix: str
    build: Callable[[Path], Path]
    taught: frozenset[str]
    prerequisites: frozenset[str] = frozenset()
    not_taught: frozenset[str] = frozenset()


def _evse_docx(path: Path) -> Path:
    return write_docx(path, [
        ("title", "EVSE 110: Electric Vehicle Supply Equipment Maintenance"),
        ("p", "Riverside Valley College, Department of Electrical Technology"),
        ("p", "Instructor: Dana Ortiz | Office hours: Tue/Thu 1-2 pm | Email: dortiz@rvc.example.edu"),
        ("h1", "Course Description"),
        ("p", "This 3-unit course introduces the operation, inspection and repair of Level 2 and DC fast charging "
              "stations. Students practice fault diagnosis on networked chargers from several manufacturers and learn "
              "to document service calls in a work order system."),
        ("h1", "Prerequisites and Advisories"),
        ("p", "Prerequisite: ELEC 100 Basic Electricity, or equivalent knowledge of AC/DC circuits and Ohm's law."),
        ("p", "Advisory: basic computer skills. Students must hold a valid driver's license to attend field labs at "
              "partner sites."),
        ("h1", "Student Learning Outcomes"),
        ("p", "Upon successful completion of this course, students will be able to:"),
        ("bullet", "Describe the components of an EVSE and the sequence of a charging session, including the CCS and "
                   "J1772 connectors."),
        ("bullet", "Use a digital multimeter, clamp meter and insulation resistance tester to verify circuits safely."),
        ("bullet", "Apply lockout/tagout and NFPA 70E arc flash practices before opening a charger cabinet."),
        ("bullet", "Update charger firmware and restore OCPP communication with the network operator."),
        ("bullet", "Replace failed components such as cables, RFID readers and power modules."),
        ("bullet", "Explain diagnoses to site hosts in plain language."),
        ("h1", "Course Outline"),
        ("table", [
            ["Week", "Topic", "Hours"],
            ["1-2", "EVSE fundamentals and charging levels", "6"],
            ["3", "Electrical safety, PPE and lockout/tagout", "3"],
            ["4-5", "Test equipment and measurements", "6"],
            ["6-8", "Networking: OCPP, cellular modems, Wi-Fi", "9"],
            ["9-11", "Hardware diagnostics and component replacement", "9"],
            ["12", "Preventive maintenance inspections", "3"],
            ["13-14", "Field service documentation and customer communication", "6"],
            ["15", "Reading wiring diagrams and manufacturer schematics", "3"],
            ["16", "Final practical exam", "3"],
        ]),
        ("h1", "Required Materials"),
        ("p", "Textbook: Electric Vehicle Charging Infrastructure (latest edition). Students provide their own safety "
              "glasses and basic hand tools."),
        ("h1", "Grading"),
        ("p", "Labs 40%, quizzes 20%, midterm 15%, final practical 25%. Professional communication and teamwork in lab "
              "groups are part of the lab grade."),
        ("h1", "Accessibility"),
        ("p", "Students with disabilities who need accommodations should contact Disability Support Services."),
        ("h1", "Academic Integrity"),
        ("p", "Plagiarism and cheating on exams result in a failing grade."),
    ])


def _apprenticeship_pdf(path: Path) -> Path:
    return write_pdf(path, [
        "EV CHARGING INFRASTRUCTURE: RELATED TRAINING INSTRUCTION",
        "Joint Apprenticeship Training Committee, Year 4 Lesson List",
        "",
        "Entry Requirements",
        "Apprentices must have completed Year 3 of the inside wireman program, hold a current OSHA 30 card and be able "
        "to lift 50 pounds and work from ladders and lifts.",
        "",
        "Lesson List",
        "Lesson 1 Electric vehicle charging levels, connectors and load calculations (8 hrs)",
        "Lesson 2 NEC Article 625 and local permitting for EVSE installations (8 hrs)",
        "Lesson 3 Service upgrades, panelboards, breakers and branch circuit wiring for chargers (12 hrs)",
        "Lesson 4 Conduit bending and trenching for pedestal-mounted charging stations (12 hrs)",
        "Lesson 5 Installing and commissioning Level 2 wall-mounted chargers (8 hrs)",
        "Lesson 6 DC fast charger installation: 480V three-phase service, switchgear and grounding (16 hrs)",
        "Lesson 7 Load management and networked charger communication (8 hrs)",
        "Lesson 8 Reading electrical drawings and single-line diagrams for charging sites (8 hrs)",
        "Lesson 9 EVITP certification exam review (20 hrs)",
        "Lesson 10 Arc flash hazard analysis and energized work permits (4 hrs)",
        "",
        "Work Processes (on-the-job hours)",
        "EVSE layout and installation 600",
        "Troubleshooting and repair of EVSE circuits 200",
        "",
        "Notes",
        "This lesson list does not include vehicle battery repair or automotive high voltage systems, which are taught "
        "in automotive technology programs.",
        "Attendance at all classes is mandatory; two unexcused absences result in dismissal.",
        "Questions: contact the training director at (555) 123-4567.",
    ])


EV_TECH_HTML = """<!doctype html>
<html><head><title>EV Technician Certificate | Metro Tech Institute</title></head>
<body>
<nav><a href="/">Home</a> <a href="/programs">Programs</a> <a href="/careers">Careers</a> <a href="/apply">Apply</a></nav>
<main>
<h1>Electric &amp; Hybrid Vehicle Technician Certificate</h1>
<p>Train for a career servicing today's battery electric and hybrid vehicles. This 18-week evening program
combines classroom theory with hands-on lab work on late-model EVs.</p>
<h2>What you'll learn</h2>
<ul>
<li>High-voltage safety, insulated gloves and PPE, and de-energizing procedures</li>
<li>Battery pack construction, battery management systems and cell balancing</li>
<li>Electric motors, inverters and DC-DC converters</li>
<li>Diagnosing faults with scan tools, CAN bus data and OEM diagnostic software</li>
<li>Regenerative braking, thermal management and HVAC systems</li>
<li>Onboard chargers and Level 1/Level 2 charging</li>
</ul>
<h2>Course modules</h2>
<h3>Module 1: Electrical fundamentals (30 hours)</h3>
<p>Circuits, Ohm's law, wiring diagrams and using a digital multimeter.</p>
<h3>Module 2: Hybrid and EV systems (60 hours)</h3>
<p>Powertrain architecture, battery systems and high-voltage isolation testing.</p>
<h3>Module 3: Diagnostics and repair (60 hours)</h3>
<p>Scan tool diagnostics, reading trouble codes, and repairing brakes, suspension and cooling systems on electrified
vehicles.</p>
<h3>Module 4: Certification preparation (20 hours)</h3>
<p>Review for the ASE L3 Light Duty Hybrid/Electric Vehicle Specialist test.</p>
<h2>Admission requirements</h2>
<p>High school diploma or GED. Applicants need ASE A6 Electrical certification or two years of automotive repair
experience, and a valid driver's license.</p>
<h2>Tuition and financial aid</h2>
<p>Tuition is $4,200; financial aid and WIOA funding are available.</p>
<h2>Career opportunities</h2>
<p>Graduates work as EV technicians at dealerships, independent shops and fleet operators such as transit agencies.</p>
</main>
<footer>Metro Tech Institute &middot; 100 Main St &middot; admissions@metrotech.example.edu &middot; Equal opportunity institution</footer>
</body></html>
"""

BOOTCAMP_MD = """EV CHARGER RELIABILITY TECHNICIAN BOOTCAMP
Six weeks, full time. Offered by Greenline Workforce Partners.

Who this is for: career changers with no prior electrical experience. Participants must
be 18 or older and have reliable transportation.

What we cover
* Week 1 - How EV charging works: AC Level 2, DC fast charging, CCS and NACS connectors
* Week 2 - Tools of the trade: hand tools, power tools, multimeters and ladder safety
* Week 3 - Charger networks: OCPP, SIM cards and modems, remote resets through the
  network operations center
* Week 4 - Hardware swaps: screens, cable assemblies, payment terminals; basic soldering
* Week 5 - Customer-facing skills: talking with drivers and property managers, writing
  clear service reports on a tablet
* Week 6 - OSHA 10 and CPR/First Aid certification, job readiness

Participants will not perform line-voltage electrical work; that is done by licensed
electricians.

Stipends of $500 per week are available. Contact info@greenline.example.org to apply.
"""


def _fleet_docx(path: Path) -> Path:
    return write_docx(path, [
        ("h1", "FLT 220 Electric Fleet Maintenance"),
        ("h2", "Course Competencies"),
        ("table", [
            ["Competency", "Hours"],
            ["Inspect and maintain battery-electric buses and trucks using OEM preventive maintenance schedules", "24"],
            ["Use fleet telematics and fleet management software to track state of charge and vehicle faults", "12"],
            ["Perform high-voltage disable procedures and verify zero energy with a CAT III multimeter", "8"],
            ["Service depot chargers: inspect cables and connectors, clear faults and report downtime", "12"],
            ["Diagnose low-voltage (12/24V) electrical faults with wiring schematics", "16"],
            ["Maintain parts inventory and order replacement components", "4"],
        ]),
        ("h2", "Prerequisites"),
        ("p", "Students must already know:"),
        ("bullet", "Basic hand tool use"),
        ("bullet", "12V automotive electrical systems"),
        ("p", "A commercial driver's license is not required."),
        ("h2", "Not covered"),
        ("p", "This course does not cover:"),
        ("bullet", "DC fast charger installation"),
        ("bullet", "Battery module rebuilding"),
    ])


CASES = [
    LabeledSyllabus(
        "evse_course_docx", ".docx", _evse_docx,
        taught=frozenset({"evse_service", "dc_fast_charging", "charger_networking_firmware", "test_equipment",
                          "safety_standards", "field_service_management", "customer_service", "communication",
                          "preventive_maintenance", "blueprint_reading", "problem_solving"}),
        prerequisites=frozenset({"electrical_systems", "computer_literacy", "drivers_license"}),
    ),
    LabeledSyllabus(
        "apprenticeship_lessons_pdf", ".pdf", _apprenticeship_pdf,
        taught=frozenset({"ev_charger_installation", "dc_fast_charging", "electrical_code", "electrical_wiring",
                          "high_voltage", "evitp_certification", "safety_standards", "blueprint_reading", "evse_service",
                          "charger_networking_firmware", "problem_solving", "electrical_systems"}),
        prerequisites=frozenset({"osha_card", "physical_ability"}),
        not_taught=frozenset({"electric_vehicles", "battery_systems"}),
    ),
    LabeledSyllabus(
        "ev_technician_html", ".html", lambda p: (p.write_text(EV_TECH_HTML), p)[1],
        taught=frozenset({"high_voltage", "safety_standards", "battery_systems", "electric_vehicles", "diagnostic_tools",
                          "electrical_systems", "blueprint_reading", "test_equipment", "mechanical_systems",
                          "ase_ev_certification", "ase_certification", "problem_solving"}),
        prerequisites=frozenset({"drivers_license"}),
    ),
    LabeledSyllabus(
        "bootcamp_markdown", ".md", lambda p: (p.write_text(BOOTCAMP_MD), p)[1],
        taught=frozenset({"dc_fast_charging", "evse_service", "hand_tools", "test_equipment", "charger_networking_firmware",
                          "soldering", "customer_service", "communication", "computer_literacy", "osha_card",
                          "cpr_first_aid", "safety_standards", "field_service_management"}),
        prerequisites=frozenset({"reliable_transportation"}),
    ),
    LabeledSyllabus(
        "fleet_competencies_docx", ".docx", _fleet_docx,
        taught=frozenset({"electric_vehicles", "preventive_maintenance", "fleet_management", "high_voltage",
                          "safety_standards", "test_equipment", "evse_service", "low_voltage", "blueprint_reading",
                          "problem_solving", "inventory_management", "electrical_systems"}),
        prerequisites=frozenset({"hand_tools"}),
        not_taught=frozenset({"ev_charger_installation", "dc_fast_charging", "battery_systems"}),
    ),
]
