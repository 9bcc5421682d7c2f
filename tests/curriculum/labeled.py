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


# -- second holdout: written and labelled by hand after the rules above, committed before the
# reader was run on them (taught skills include parents of taught children) -------------------

def _hybrid_course_docx(path: Path) -> Path:
    return write_docx(path, [
        ("title", "AUTO 152: Hybrid and Electric Vehicle Technology"),
        ("p", "Cedar Ridge Community College, Automotive Technology Department, Spring semester"),
        ("p", "Instructor: Marcus Lee | Office: T-114 | Office hours: Mon/Wed 3-4 pm | mlee@cedarridge.example.edu"),
        ("h1", "Course Description"),
        ("p", "Theory, diagnosis and service of hybrid electric (HEV), plug-in hybrid (PHEV) and battery electric "
              "vehicles (BEV). Students learn high-voltage safety, battery and motor-generator diagnosis, and "
              "regenerative braking service in a lab equipped with late-model vehicles."),
        ("h1", "Prerequisites"),
        ("p", "Prerequisite: AUTO 101 Introduction to Automotive Service with a grade of C or better. Students must "
              "hold a valid driver's license to road test vehicles."),
        ("h1", "Student Learning Outcomes"),
        ("p", "Upon successful completion of this course, students will be able to:"),
        ("bullet", "Identify HEV, PHEV and BEV powertrain components and explain how the motor-generator, inverter and "
                   "onboard charger operate."),
        ("bullet", "Follow high-voltage safety procedures, including wearing Class 0 insulated gloves and verifying the "
                   "absence of voltage with a CAT III meter."),
        ("bullet", "Diagnose hybrid system faults using a scan tool and OEM service information."),
        ("bullet", "Test high-voltage battery modules and interpret battery management system data."),
        ("bullet", "Service regenerative braking systems, electric A/C compressors and coolant loops."),
        ("h1", "Weekly Schedule"),
        ("table", [
            ["Week", "Topic"],
            ["1", "Course introduction; history of hybrid vehicles"],
            ["2", "High-voltage safety and personal protective equipment"],
            ["3", "Electrical review: series and parallel circuits, Ohm's law"],
            ["4", "Hybrid transmissions and motor-generators"],
            ["5-6", "Battery packs, cell balancing and state of health testing"],
            ["7", "Midterm exam"],
            ["8", "Inverters, DC-DC converters and 12V auxiliary systems"],
            ["9", "Scan tool diagnostics and CAN network communication"],
            ["10", "Regenerative braking and brake-by-wire"],
            ["11", "Thermal management and electric A/C"],
            ["12", "Level 1 and Level 2 charging and the J1772 connector"],
            ["13", "Insulation resistance testing with a megohmmeter"],
            ["14", "ASE L3 Light Duty Hybrid/Electric Vehicle Specialist test review"],
            ["15", "Final exam"],
        ]),
        ("h1", "What This Course Does Not Cover"),
        ("p", "This course does not cover DC fast charger installation or charging station repair; these are taught in "
              "EVSE 120."),
        ("h1", "Attendance"),
        ("p", "Attendance is taken daily. Students with more than four absences may be dropped from the course."),
        ("h1", "Grading"),
        ("p", "Lab worksheets 35%, quizzes 15%, midterm 20%, final 30%. Shop cleanliness and teamwork are part of the "
              "lab grade."),
        ("h1", "Shop Safety Policy"),
        ("p", "Safety glasses are required in the shop at all times. Students who violate shop safety rules will be "
              "removed from lab for the day."),
        ("h1", "Required Materials"),
        ("p", "Safety glasses, basic hand tools and a laptop or tablet for the online service information system."),
        ("h1", "Accommodations"),
        ("p", "Students with disabilities who may need academic accommodations under the Americans with Disabilities "
              "Act should contact the Accessibility Resource Center as early as possible."),
    ])


EVITP_PREP_LINES = [
    "INLAND VALLEY ELECTRICAL JOINT APPRENTICESHIP AND TRAINING COMMITTEE",
    "EVITP Preparation Module (24 hours) - Continuing Education for Journeyworkers",
    "Eligibility",
    "Open to state-certified general electricians and fifth-year inside wireman apprentices. Participants must hold a "
    "current OSHA 10 card.",
    "Module Objectives",
    "Upon completing this module the participant will be able to:",
    "- Explain EV charging levels and connector types (J1772, CCS, CHAdeMO and NACS).",
    "- Perform load calculations and select conductors and overcurrent protection for EVSE branch circuits per NEC "
    "Article 625.",
    "- Install, commission and verify the operation of Level 2 and DC fast chargers following manufacturer "
    "instructions.",
    "- Configure networked chargers, including OCPP settings and cellular connectivity, with the network provider.",
    "- Communicate with customers, site hosts and the utility during the installation process.",
    "Session Schedule",
    "Session 1 (4 hrs): EV market overview, charging levels and connectors",
    "Session 2 (4 hrs): Electrical safety refresher: arc flash boundaries, PPE and lockout/tagout",
    "Session 3 (4 hrs): Site assessment, Ohm's law and voltage drop calculations, utility coordination",
    "Session 4 (4 hrs): Installation methods: wall-mount and pedestal EVSE, conduit and trenching, 480V three-phase "
    "service for DC fast chargers",
    "Session 5 (4 hrs): Commissioning, testing with a multimeter and EVSE test adapter, troubleshooting common faults",
    "Session 6 (4 hrs): Proctored EVITP certification exam",
    "Not Included",
    "This module does not cover vehicle-side repair or EV battery service.",
    "Attendance",
    "Participants must attend all six sessions to sit for the exam. Late arrivals of more than 15 minutes must make up "
    "the session.",
    "Tuition",
    "$350, reimbursed for members in good standing.",
    "The JATC is an equal opportunity training provider. Reasonable accommodations are available upon request. "
    "Questions: call the training center at (555) 010-2233.",
]


CTE_ELECTRICAL_MD = """# Introduction to Electrical Trades (CTE Pathway, Grades 10-12)

Lakeside Unified School District - Career Technical Education - 1 credit, year-long

## Course Description
Students explore careers in the electrical trades while building a foundation in electrical theory,
safe work practices and residential wiring. The course is aligned with the state's Energy,
Environment and Utilities pathway and ends with the OSHA 10-Hour General Industry card.

## Prerequisites
Algebra 1 (may be taken concurrently). No prior electrical experience is required.

## Learning Objectives
Students will be able to:
1. Explain voltage, current, resistance and power and use Ohm's law to calculate circuit values.
2. Build series and parallel circuits on a trainer board and measure them with a digital multimeter.
3. Select and safely use the hand and power tools of the trade.
4. Wire switches, receptacles and lighting circuits to the National Electrical Code.
5. Read residential floor plans and electrical symbols.
6. Work as part of a team on a capstone project and present it to an industry panel.

## Units
- Unit 1 (3 weeks): Shop safety, PPE and lockout/tagout
- Unit 2 (5 weeks): Electrical theory and Ohm's law
- Unit 3 (4 weeks): Meters and measurement
- Unit 4 (6 weeks): Residential wiring: boxes, cable, switches and receptacles
- Unit 5 (4 weeks): Conduit bending with hand benders
- Unit 6 (3 weeks): Low-voltage systems: doorbells, thermostats and data cabling
- Unit 7 (2 weeks): OSHA 10-Hour General Industry
- Unit 8 (6 weeks): Capstone: wire a model house
- Unit 9 (3 weeks): Career exploration: resumes, mock interviews and apprenticeship applications

## Not covered
This course does not cover solar PV installation or EV charger installation; students interested
in these topics can continue to Electrical Technology II.

## Grading
| Category | Weight |
|---|---|
| Labs and projects | 40% |
| Tests and quizzes | 30% |
| Safety and professionalism | 15% |
| Participation and teamwork | 15% |

## Classroom Policies
- Attendance: more than 10 unexcused absences per semester results in loss of credit.
- Cell phones must be put away during lab.
- Students must pass the shop safety test with 100% before using power tools.

## Nondiscrimination
Lakeside USD prohibits discrimination on the basis of disability, race, sex or national origin.
Students with an IEP or 504 plan will receive accommodations as required.

## Materials
Safety glasses are provided. Students need a scientific calculator and a three-ring binder.
"""


LINEWORKER_HTML = """<!doctype html>
<html><head><title>Lineworker Pre-Apprenticeship | Sierra Power &amp; Light</title></head>
<body>
<header><a href="/">Sierra Power &amp; Light</a> <a href="/careers">Careers</a> <a href="/community">Community</a></header>
<main>
<h1>Lineworker Pre-Apprenticeship Program</h1>
<p>An 11-week, full-time program offered with Foothill Community College that prepares participants to compete for
utility lineworker apprenticeships.</p>
<h2>Entry requirements</h2>
<ul>
<li>18 years or older with a high school diploma or GED</li>
<li>Valid driver's license and an acceptable driving record</li>
<li>Able to lift 75 pounds and climb to heights</li>
<li>Pass a pre-employment drug screen</li>
</ul>
<h2>What you'll learn</h2>
<ul>
<li>Pole climbing with gaffs and fall protection</li>
<li>Electrical theory for overhead and underground distribution, including transformers and three-phase systems</li>
<li>Medium-voltage safety, minimum approach distances and grounding of de-energized lines</li>
<li>Rigging, knots and the use of hand lines</li>
<li>Operating bucket trucks and digger derricks, with CDL Class A training</li>
<li>Reading staking sheets and construction drawings</li>
<li>Working on a crew: jobsite communication and teamwork</li>
</ul>
<h2>Program schedule</h2>
<table>
<tr><th>Week</th><th>Topic</th></tr>
<tr><td>1</td><td>Orientation, OSHA 10 and First Aid/CPR/AED</td></tr>
<tr><td>2-4</td><td>Climbing school</td></tr>
<tr><td>5</td><td>Electrical fundamentals</td></tr>
<tr><td>6-7</td><td>Overhead distribution: framing, conductors and insulators</td></tr>
<tr><td>8</td><td>Underground distribution: cable, splices and terminations</td></tr>
<tr><td>9</td><td>CDL Class A training and skills test</td></tr>
<tr><td>10</td><td>Flagging and traffic control</td></tr>
<tr><td>11</td><td>Mock interviews and graduation</td></tr>
</table>
<h2>Credentials earned</h2>
<ul><li>OSHA 10-Hour Construction</li><li>First Aid/CPR/AED</li><li>Class A commercial learner's permit</li>
<li>Flagger certification</li></ul>
<p>Please note: this program does not lead to a journeyman electrician license.</p>
<h2>Program policies</h2>
<p>Participants must arrive 15 minutes before class. Three tardies equal one absence; more than two absences result
in dismissal. Drug and alcohol testing may be performed at any time.</p>
<h2>Cost and stipends</h2>
<p>Tuition is covered by Sierra Power &amp; Light. Participants receive a weekly stipend of $400 and all PPE and
climbing gear.</p>
<h2>Careers</h2>
<p>Graduates apply for lineworker, groundman and meter technician apprenticeships. Apprentice lineworkers start at
$32 per hour and work outdoors in all weather.</p>
<h2>Accessibility</h2>
<p>We are committed to equal access. Applicants who need a reasonable accommodation under the ADA should contact
our workforce team.</p>
</main>
<footer>Sierra Power &amp; Light Workforce Development &middot; workforce@spl.example.com</footer>
</body></html>
"""


OEM_ONBOARDING_TXT = """VOLTRIDGE CHARGING SYSTEMS
FIELD SERVICE TECHNICIAN ONBOARDING CURRICULUM (REV 3.2)
Internal - for new hires and authorized service partners

PURPOSE
This curriculum brings new field service technicians to independent work on Voltridge
VX-series DC fast chargers (60-400 kW) and AC wallboxes within their first six weeks.

BEFORE YOU START
New hires are expected to arrive with:
- A journeyman electrician card or equivalent field experience on 480V equipment
- Current NFPA 70E training
- A valid driver's license and a clean driving record

WEEK 1 - PRODUCT AND SAFETY
- Voltridge product line: power cabinets, dispensers, liquid-cooled cables, CCS1 and NACS
  connectors
- Site safety: arc flash PPE, lockout/tagout of the power cabinet, stored energy in DC link
  capacitors and working near 1000 V DC buses
- Voltridge Safety Certification (online, 4 hrs)

WEEK 2 - COMMISSIONING
- Commissioning a new site: pre-energization checks, insulation resistance test with a megger,
  first power-up
- Configuring the charger in the Voltridge Cloud back office: OCPP 1.6J and 2.0.1 settings, SIM
  activation, Ethernet and Wi-Fi fallback

WEEK 3 - TROUBLESHOOTING
- Reading fault codes and charger logs; remote diagnostics with the support engineering team
- Power module, contactor and fan replacement; control board swaps
- Using an oscilloscope and a CAN / ISO 15118 analyzer to debug vehicle communication issues
- Reading VX-series schematics and wiring diagrams

WEEK 4 - FIRMWARE AND PREVENTIVE MAINTENANCE
- Firmware updates on site and over the air; rollback procedures
- Quarterly preventive maintenance: filter changes, coolant checks, cable inspection and
  thermal imaging of power connections

WEEK 5 - SERVICE OPERATIONS
- Working service tickets in Salesforce Field Service: dispatch, parts requests, time entry and
  closing notes
- RMA process and managing van stock
- Customer interactions: site hosts, drivers on site, escalation to the customer success team

WEEK 6 - RIDE-ALONGS AND SIGN-OFF
- Shadow a senior technician on at least ten service calls
- Practical sign-off by a field service lead; earn Voltridge Certified Service Technician (Level 1)

NOT PART OF THIS CURRICULUM
Civil work and new charger installation are performed by our installation partners. Vehicle-side
EV diagnosis is out of scope.

TRAVEL AND SCHEDULE
Technicians cover a multi-state territory; expect overnight travel up to 40%. On-call rotation
one weekend per month.

HR AND POLICIES
Complete the HR onboarding modules (harassment prevention, code of conduct, expense reporting)
in Workday by the end of week 1.

QUESTIONS
Contact your regional field service manager or training@voltridge.example.com.
"""


FLEET_TRANSITION_LINES = [
    "NORTHGATE TECHNICAL COLLEGE",
    "Heavy-Duty Fleet Electrification Certificate (Diesel-to-Electric Transition)",
    "12 credits | Two semesters | Evening and weekend cohort",
    "PROGRAM OVERVIEW",
    "Designed for working diesel technicians at transit agencies, school districts and delivery fleets that are "
    "adding battery-electric buses and trucks.",
    "ADMISSION REQUIREMENTS",
    "Applicants must be currently employed as a diesel or heavy-duty technician and should hold ASE T-series or "
    "H-series certification. A Class B CDL is preferred so that students can road test vehicles.",
    "COURSES",
    "FET 101 High-Voltage Safety for Heavy-Duty Vehicles (2 credits)",
    "Electrical hazards, NFPA 70E and OEM high-voltage disable procedures, Class 0 gloves and face shields, rescue "
    "techniques.",
    "FET 110 Electrical and Electronic Fundamentals (3 credits)",
    "DC and AC theory, 12/24V starting and charging systems, reading wiring schematics, using a DMM and oscilloscope.",
    "FET 120 Battery-Electric Bus and Truck Systems (3 credits)",
    "Traction motors, inverters, high-voltage battery packs, battery management systems and thermal management; J1939 "
    "and CAN diagnostics with OEM software.",
    "FET 130 Depot Charging Infrastructure (2 credits)",
    "Plug-in depot chargers and overhead pantograph chargers, SAE J3105 and CCS connectors, and first-line charger "
    "troubleshooting.",
    "FET 140 Fleet Electrification Operations (2 credits)",
    "Route energy modeling, telematics and state-of-charge monitoring, preventive maintenance intervals for electric "
    "buses, parts inventory and lifecycle cost tracking.",
    "PROGRAM LEARNING OUTCOMES",
    "Graduates will be able to:",
    "1. Safely de-energize and re-energize high-voltage systems on buses and trucks.",
    "2. Diagnose electric drive, battery and charging faults using OEM diagnostic software.",
    "3. Perform inspections and preventive maintenance on electric fleet vehicles and depot chargers.",
    "4. Communicate repair findings in writing to fleet managers.",
    "NOT COVERED",
    "Diesel engine overhaul and aftertreatment repair are not covered. Installation of depot chargers is done by "
    "licensed electrical contractors and is not part of this certificate.",
    "ATTENDANCE AND GRADING",
    "Students must attend 80% of lab sessions. Grades: labs 50%, exams 30%, capstone 20%. Teamwork and "
    "professionalism are assessed in the capstone.",
    "STUDENTS WITH DISABILITIES",
    "Northgate provides reasonable accommodations; contact Disability Services at the start of the term.",
    "COST",
    "$3,900 for the certificate. Most employers offer tuition assistance.",
]

HOLDOUT2_CASES = [
    LabeledSyllabus(
        "hybrid_ev_course_docx", ".docx", _hybrid_course_docx,
        taught=frozenset({"electric_vehicles", "high_voltage", "safety_standards", "test_equipment", "diagnostic_tools",
                          "problem_solving", "battery_systems", "mechanical_systems", "electrical_systems",
                          "low_voltage", "ase_ev_certification", "ase_certification"}),
        prerequisites=frozenset({"drivers_license"}),
        not_taught=frozenset({"ev_charger_installation", "dc_fast_charging", "evse_service"}),
    ),
    LabeledSyllabus(
        "evitp_prep_pdf", ".pdf", lambda p: write_pdf(p, EVITP_PREP_LINES),
        taught=frozenset({"dc_fast_charging", "electrical_code", "electrical_wiring", "ev_charger_installation",
                          "evse_service", "charger_networking_firmware", "communication", "customer_service",
                          "safety_standards", "high_voltage", "electrical_systems", "test_equipment", "problem_solving",
                          "evitp_certification"}),
        prerequisites=frozenset({"electrician_license", "osha_card"}),
        not_taught=frozenset({"electric_vehicles", "battery_systems"}),
    ),
    LabeledSyllabus(
        "cte_electrical_markdown", ".md", lambda p: (p.write_text(CTE_ELECTRICAL_MD), p)[1],
        taught=frozenset({"electrical_systems", "test_equipment", "hand_tools", "electrical_wiring", "electrical_code",
                          "blueprint_reading", "teamwork", "communication", "safety_standards", "low_voltage",
                          "osha_card"}),
        not_taught=frozenset({"ev_charger_installation"}),
    ),
    LabeledSyllabus(
        "lineworker_preapprenticeship_html", ".html", lambda p: (p.write_text(LINEWORKER_HTML), p)[1],
        taught=frozenset({"safety_standards", "electrical_systems", "high_voltage", "cdl", "drivers_license",
                          "blueprint_reading", "communication", "teamwork", "osha_card", "cpr_first_aid",
                          "electrical_wiring"}),
        prerequisites=frozenset({"drivers_license", "good_driving_record", "physical_ability"}),
        not_taught=frozenset({"electrician_license"}),
    ),
    LabeledSyllabus(
        "oem_onboarding_text", ".txt", lambda p: (p.write_text(OEM_ONBOARDING_TXT), p)[1],
        taught=frozenset({"dc_fast_charging", "safety_standards", "high_voltage", "evse_service", "test_equipment",
                          "charger_networking_firmware", "problem_solving", "electronics", "diagnostic_tools",
                          "blueprint_reading", "preventive_maintenance", "field_service_management",
                          "inventory_management", "customer_service", "manufacturer_certification"}),
        prerequisites=frozenset({"electrician_license", "drivers_license", "good_driving_record"}),
        not_taught=frozenset({"ev_charger_installation", "electric_vehicles"}),
    ),
    LabeledSyllabus(
        "fleet_transition_pdf", ".pdf", lambda p: write_pdf(p, FLEET_TRANSITION_LINES),
        taught=frozenset({"safety_standards", "high_voltage", "electrical_systems", "low_voltage", "blueprint_reading",
                          "test_equipment", "electronics", "electric_vehicles", "battery_systems", "diagnostic_tools",
                          "problem_solving", "dc_fast_charging", "evse_service", "fleet_management",
                          "preventive_maintenance", "inventory_management", "budgeting", "communication"}),
        prerequisites=frozenset({"ase_certification", "cdl", "drivers_license"}),
        not_taught=frozenset({"mechanical_systems", "ev_charger_installation"}),
    ),
]
