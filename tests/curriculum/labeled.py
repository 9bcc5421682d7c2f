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


# -- written after the rules were tuned on the cases above, and measured before any change ----

COR_LINES = [
    "SANTA ELENA COMMUNITY COLLEGE",
    "COURSE OUTLINE OF RECORD",
    "AUTO 245 Electric Vehicle Service and Repair",
    "Units: 4 Lecture hours: 54 Lab hours: 54",
    "Prerequisite(s): AUTO 130 Automotive Electrical Systems with a grade of C or better.",
    "Advisory: ENGL 100 Writing.",
    "CATALOG DESCRIPTION",
    "This course covers the theory, diagnosis and service of battery electric and plug-in hybrid vehicles. Topics "
    "include high voltage safety, battery pack and battery management system diagnosis, electric drive motors and "
    "inverters, thermal management, regenerative braking, and Level 1, Level 2 and DC fast charging. Emphasis is placed "
    "on the use of scan tools, digital multimeters and insulation testers.",
    "COURSE OBJECTIVES",
    "Upon completion of the course, the student will be able to:",
    "1. Apply high voltage safety procedures, including the use of Class 0 gloves and personal protective equipment.",
    "2. Diagnose high voltage battery faults using manufacturer service information and scan tool data.",
    "3. Perform isolation tests on high voltage cables and components with an insulation tester.",
    "4. Service electric vehicle cooling systems and brakes.",
    "5. Explain to customers how charging levels affect charging time.",
    "COURSE CONTENT",
    "Lecture:",
    "A. Electric vehicle history and architecture",
    "B. High voltage safety and personal protective equipment",
    "C. Battery chemistry, battery modules and cell balancing",
    "D. Electric motors, inverters and DC-DC converters",
    "E. Onboard chargers, charge ports and charging standards (J1772, CCS, NACS)",
    "F. Network diagnostics: CAN bus communication and diagnostic trouble codes",
    "Lab:",
    "A. Depowering a high voltage system",
    "B. Using a scan tool to read battery data",
    "C. Replacing a 12-volt auxiliary battery and servicing low voltage systems",
    "METHODS OF EVALUATION",
    "Written exams, lab practicals, and skills demonstrations. Students who miss more than three labs may be dropped.",
    "REQUIRED TEXTS",
    "Hybrid and Electric Vehicles, 5th edition.",
]


def _noncredit_docx(path: Path) -> Path:
    return write_docx(path, [
        ("title", "EV Charging Station Technician Certificate (Noncredit)"),
        ("h1", "Overview"),
        ("p", "A 10-week, 120-hour noncredit certificate that prepares entry-level technicians to inspect, maintain and "
              "repair commercial EV charging stations. Instruction is delivered by industry professionals in the "
              "college's EVSE lab."),
        ("h1", "Who Should Enroll"),
        ("p", "Adults interested in clean energy careers. Students must be able to climb ladders, kneel and lift 40 lbs, "
              "and must pass a background check."),
        ("h1", "Certificate Competencies"),
        ("table", [
            ["Competency", "Hours"],
            ["Charging fundamentals: AC vs. DC charging, connectors, power levels", "10"],
            ["Electrical basics: voltage, current, resistance and Ohm's law", "12"],
            ["Safe work practices: NFPA 70E, lockout/tagout, arc-rated PPE", "12"],
            ["Charger commissioning and site acceptance testing", "16"],
            ["Network connectivity, OCPP back office platforms and firmware management", "16"],
            ["Troubleshooting hardware faults and RMA parts replacement", "24"],
            ["Customer and site host communication; completing service tickets in a CMMS", "12"],
            ["Preventive maintenance plans and inspection checklists", "10"],
            ["Career readiness and mock interviews", "8"],
        ]),
        ("h1", "Industry Credentials"),
        ("bullet", "OSHA 10-Hour Construction"),
        ("bullet", "Manufacturer installer/maintenance training (two charger brands)"),
        ("h1", "What the Certificate Does Not Include"),
        ("p", "The certificate does not qualify graduates as electricians and does not include EVITP training."),
        ("h1", "Cost"),
        ("p", "The program is free for eligible residents."),
        ("h1", "Contact"),
        ("p", "evse@college.example.edu"),
    ])


INSTALLER_HTML = """<!doctype html><html><head><title>EVSE Installer Apprenticeship</title></head><body>
<h1>EVSE Installer Apprenticeship &ndash; Related Instruction Lesson Plan</h1>
<p>Second-year apprentices complete 160 hours of related classroom instruction alongside on-the-job training with
signatory contractors.</p>
<h2>Lessons</h2>
<table><tr><th>#</th><th>Lesson</th><th>Hours</th></tr>
<tr><td>1</td><td>Jobsite safety, fall protection and OSHA regulations</td><td>8</td></tr>
<tr><td>2</td><td>Blueprint reading for EV charging projects</td><td>12</td></tr>
<tr><td>3</td><td>Load calculations and service sizing under the NEC</td><td>16</td></tr>
<tr><td>4</td><td>Raceways: EMT and PVC conduit bending, underground installations</td><td>24</td></tr>
<tr><td>5</td><td>Wiring Level 2 EVSE: circuit breakers, GFCI protection and terminations</td><td>20</td></tr>
<tr><td>6</td><td>DC fast charger installation and commissioning</td><td>24</td></tr>
<tr><td>7</td><td>Testing and verification with megohmmeters and power quality analyzers</td><td>16</td></tr>
<tr><td>8</td><td>Electrical code inspections and permits</td><td>8</td></tr>
<tr><td>9</td><td>Working with utilities: service applications and metering</td><td>8</td></tr>
<tr><td>10</td><td>Foreman skills: crew leadership and jobsite communication</td><td>8</td></tr>
<tr><td>11</td><td>Material takeoffs and ordering</td><td>8</td></tr>
<tr><td>12</td><td>EVITP preparation</td><td>8</td></tr>
</table>
<h2>Requirements for Advancement</h2>
<p>Apprentices must maintain a 75% average and log 2,000 on-the-job hours per year.</p>
<h2>Application</h2>
<p>Applicants must be 18, hold a high school diploma, have a valid California driver's license and pass an algebra
aptitude test.</p>
</body></html>
"""

SHORT_COURSE_MD = """# Hybrid & EV Service Fundamentals (40-hour short course)

**Audience:** working automotive technicians. ASE A6 and A8 certification is recommended but not required.

**Format:** five Saturdays, in person.

## You'll practice
- Identifying HEV, PHEV and BEV high voltage components
- Safely disabling the high voltage system and verifying zero volts
- Diagnosing 12V and high voltage battery concerns
- Using OEM scan tools and reading wiring diagrams
- Servicing brakes and coolant systems on hybrid vehicles
- Documenting repairs on repair orders

## Certification
Prepares technicians for the ASE L3 exam.

## Not included
Battery pack disassembly and module replacement are beyond the scope of this course.

## Why this course?
EV technicians earn $35 per hour on average, and dealers report a shortage of qualified EV technicians.
"""

HOLDOUT_CASES = [
    LabeledSyllabus(
        "course_outline_of_record_pdf", ".pdf", lambda p: write_pdf(p, COR_LINES),
        taught=frozenset({"electric_vehicles", "high_voltage", "battery_systems", "safety_standards", "diagnostic_tools",
                          "test_equipment", "dc_fast_charging", "mechanical_systems", "customer_service", "low_voltage",
                          "problem_solving"}),
        prerequisites=frozenset({"electrical_systems"}),
    ),
    LabeledSyllabus(
        "noncredit_certificate_docx", ".docx", _noncredit_docx,
        taught=frozenset({"evse_service", "dc_fast_charging", "electrical_systems", "safety_standards",
                          "charger_networking_firmware", "problem_solving", "customer_service", "communication",
                          "field_service_management", "maintenance_software", "preventive_maintenance", "osha_card",
                          "manufacturer_certification"}),
        prerequisites=frozenset({"physical_ability"}),
        not_taught=frozenset({"electrician_license", "evitp_certification"}),
    ),
    LabeledSyllabus(
        "installer_lessons_html", ".html", lambda p: (p.write_text(INSTALLER_HTML), p)[1],
        taught=frozenset({"safety_standards", "blueprint_reading", "electrical_code", "electrical_systems",
                          "electrical_wiring", "ev_charger_installation", "dc_fast_charging", "evse_service",
                          "test_equipment", "management", "communication", "inventory_management", "evitp_certification"}),
        prerequisites=frozenset({"drivers_license"}),
    ),
    LabeledSyllabus(
        "short_course_markdown", ".md", lambda p: (p.write_text(SHORT_COURSE_MD), p)[1],
        taught=frozenset({"electric_vehicles", "high_voltage", "safety_standards", "battery_systems", "low_voltage",
                          "diagnostic_tools", "blueprint_reading", "mechanical_systems", "problem_solving",
                          "ase_ev_certification", "ase_certification"}),
    ),
]
