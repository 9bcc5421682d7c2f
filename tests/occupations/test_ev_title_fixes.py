"""Generic fixes found with benchmarks/data/holdout_titles_ev.csv, tested on invented titles
(none of these strings is in that file)."""

from __future__ import annotations

import pytest

from skillmap.occupations import normalize_title

from .conftest import coded


@pytest.mark.parametrize(
    ("title", "soc", "proposed"),
    [
        # Misspelled rule words are corrected like the model's own lookup corrects them.
        ("DC Fast Chagrer Field Tech - Phoenix", "49-2093", "49-2093.91"),
        ("Journeyman Electirician - EV Charger Installs", "47-2111", "47-2111.91"),
        # EVITP (EV Infrastructure Training Program) marks charger installation work.
        ("Electrician (EVITP Certified) - Commercial", "47-2111", "47-2111.91"),
        # "Buses" is the plural of bus.
        ("Maintenance Technician - Battery Electric Buses", "49-3031", "49-3031.91"),
        # A fleet electrification program manager is a fleet electrification manager.
        ("Program Manager, Fleet Electrification", "11-3071", "11-3071.91"),
        # A body-shop title naming mechanical/electrical work stays an EV technician.
        ("EV Electrical Technician - Collision Center", "49-3023", "49-3023.91"),
        # "High Voltage Technician" alone is still read as EV work.
        ("High Voltage Technician", "49-3023", "49-3023.91"),
    ],
)
def test_ev_rule_fixes(coder, title, soc, proposed):
    assert coded(coder, title) == (soc, proposed), coder.code(title).to_dict()


@pytest.mark.parametrize(
    ("title", "acceptable"),
    [
        # Body and paint shops fix EVs too, but remain body repairers.
        ("Auto Body Technician - EV Certified", {"49-3021"}),
        ("Refinish Painter - Electric Vehicles", {"51-9124", "49-3021"}),
        # Quality inspectors on EV lines are inspectors.
        ("Quality Control Inspector - EV Battery Modules", {"51-9061"}),
        # Utility high-voltage work is not EV work.
        ("High Voltage Substation Technician", {"49-2095"}),
        ("Utility High Voltage Electrician", {"47-2111", "49-9051", "49-2095"}),
        # Dispatchers and NOC staff of a charging network are not charger technicians.
        ("Dispatcher, EV Charger Field Service", {"43-5032"}),
        ("NOC Technician - Charging Network", {"15-1231", "15-1232", "15-1244", "49-2022"}),
        # "Data center" no longer counts as a data (analytics) title.
        ("UPS Battery Technician - Data Center", {"49-2092", "49-2094"}),
        # Utility power line technicians are line installers, not automotive line technicians.
        ("Power Line Technician - Apprentice", {"49-9051"}),
        ("Powerline Technician (Distribution)", {"49-9051"}),
    ],
)
def test_neighbours_of_ev_rules_get_no_ev_code(coder, title, acceptable):
    result = coder.code(title)
    assert result.soc_code in acceptable and result.proposed_code is None, result.to_dict()


@pytest.mark.parametrize(
    "title",
    [
        "Field Service Scheduler - EVSE",
        "Battery Validation Lab Technician",
        "Battery Test Technician - Cell R&D",
        "Program Manager - EV Charging",
    ],
)
def test_non_trade_and_lab_titles_get_no_proposed_code(coder, title):
    result = coder.code(title)
    assert result.proposed_code is None, result.to_dict()
    assert result.soc_code not in ("49-2093", "49-2092"), result.to_dict()


def test_known_words_are_not_spell_corrected(coder):
    # "changer" is a known word (tire changer): it must not become "charger".
    assert coded(coder, "Tire Changer - Fleet Service") == ("49-3093", None)


@pytest.mark.parametrize(("title", "expected"), [("Electric Buses Mechanic", "electric bus mechanic"), ("Busses Technician", "bus technician")])
def test_bus_plural(title, expected):
    assert normalize_title(title) == expected
