"""Free-text posting locations to state, county and metro area (CBSA).

``normalize_location("Gardena, CA 90248")`` gives state ``CA``, county ``06037`` (Los
Angeles County) and CBSA ``31080`` (Los Angeles-Long Beach-Anaheim, CA). What resolves:
ZIP codes, ``City, ST``, ``City, State``, ``County, ST``, a state alone (code or name),
``United States-Ohio-Mayfield Village`` and the names in ``geo/place_aliases.csv``
("LA County", "Inland Empire", "NYC"). Several places in one field ("Seattle, WA /
Fremont, CA") keep only what they all share. Anything else (an unknown state code, a city
in several counties with no clear main one, "Various") stays null: the raw text is kept
beside the codes, and nothing is guessed.

Reference data (``skillmap.taxonomies/geo``): counties and states from the U.S. Census
Bureau population estimates (vintage 2019), county -> CBSA from the OMB delineation of
September 2018 as the Census Bureau's CBSA estimates file lists it (both public domain);
cities and ZIP codes from the ``zipcodes`` package (MIT licence), compiled by
``tools/prepare_geo_data.py`` into two small tables read on first use (about 0.1 s).
"""

from __future__ import annotations

import csv
import gzip
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from ..datafiles import data_path
from ..errors import TaxonomyError

STATES_FILE = "geo/states.csv"
COUNTIES_FILE = "geo/counties.csv"
CBSA_FILE = "geo/cbsa_counties.csv"
ALIASES_FILE = "geo/place_aliases.csv"
ZIP_FILE = "geo/zip_counties.csv.gz"
CITY_FILE = "geo/city_counties.csv.gz"
TILES_FILE = "geo/state_tiles.csv"

# A city whose ZIP codes lie in several counties gets the county holding at least this
# share of them (Houston: 189 of 190 in Harris County; Kansas City, MO: 59 of 78 in
# Jackson County); below it the county stays null. CBSA still resolves when every
# candidate county lies in one CBSA.
MAIN_COUNTY_SHARE = 0.75
# Misspelt city names ("San Fransisco") match a city of the same state at this rapidfuzz
# ratio or more, and only when no other city of that state comes within FUZZY_MARGIN.
FUZZY_MIN_SCORE = 90.0
FUZZY_MARGIN = 3.0

LOCATION_COLUMNS = ("state", "county_fips", "county", "cbsa_code", "cbsa_title", "remote")

_ZIP_RE = re.compile(r"(?<!\d)(\d{5})(?:-\d{4})?(?!\d)")
_SPLIT_RE = re.compile(r"\s*(?:\||;|\n|/| or | & )\s*", re.I)
_COUNTRY_FIRST_RE = re.compile(r"^(?:united states|usa|us)\s*-", re.I)
_COUNTRY_RE = re.compile(r"\b(?:united states(?: of america)?|u\.s\.a\.?|usa|u\.s\.|us)\b", re.I)
_MODE_WORDS_RE = re.compile(
    r"\b(?:remote|hybrid|on[- ]?site|in[- ]office|work from home|wfh|telecommute|preferred|based|"
    r"anywhere|nationwide)\b", re.I)
# A location field that names a work mode means it, unlike posting text where "remote" may
# be "remote monitoring": the first rule that matches wins.
_LOCATION_MODES = (
    ("hybrid", re.compile(r"\bhybrid\b", re.I)),
    ("remote", re.compile(r"\b(?:remote|work from home|wfh|telecommute|anywhere)\b", re.I)),
    ("onsite", re.compile(r"\b(?:on[- ]?site|in[- ]office|in[- ]person)\b", re.I)),
)
_COUNTY_SUFFIX_RE = re.compile(r"\s+(county|parish|borough|census area|municipality|city and borough)$", re.I)
_ABBREVIATIONS = (
    (re.compile(r"^(?:st\.?|saint)\s+", re.I), "saint "),
    (re.compile(r"^(?:ft\.?|fort)\s+", re.I), "fort "),
    (re.compile(r"^(?:mt\.?|mount)\s+", re.I), "mount "),
)


@dataclass(frozen=True)
class Location:
    """One location field, resolved as far as the data allow; ``raw`` is kept as given."""

    raw: str | None
    state: str | None = None
    county_fips: str | None = None
    county: str | None = None
    cbsa_code: str | None = None
    cbsa_title: str | None = None
    remote: str | None = None

    def columns(self) -> dict[str, str | None]:
        """The output columns (``LOCATION_COLUMNS``)."""
        data = asdict(self)
        return {name: data[name] for name in LOCATION_COLUMNS}


@dataclass(frozen=True)
class _Place:
    """One place of a field: its state, its candidate counties (empty: not known) and, for
    a metro alias without a county, its CBSA."""

    state: str | None
    counties: frozenset[str] = frozenset()
    cbsa: str | None = None


def _rows(name: str, fields: tuple[str, ...], root: Path | None = None) -> list[list[str]]:
    """The data rows of a reference file whose header starts with ``fields``."""
    path = (root / name) if root else data_path(name)
    opener = gzip.open if name.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
    except OSError as err:
        raise TaxonomyError(f"location reference file {name} is missing or unreadable: {err}", code="E103") from None
    header = tuple(rows[0]) if rows else ()
    if header[: len(fields)] != fields:
        raise TaxonomyError(f"location reference file {name} has columns {list(header)}, expected {list(fields)}",
                            [(f"{name} -> header", f"expected {', '.join(fields)}")], code="E103")
    return [row + [""] * (len(header) - len(row)) for row in rows[1:]]


def _read(name: str, fields: tuple[str, ...], root: Path | None = None) -> list[dict[str, str]]:
    # a file may carry columns after the expected ones: they are not read
    return [dict(zip(fields, row, strict=False)) for row in _rows(name, fields, root)]


class LocationReference:
    """States, counties, CBSAs and aliases, checked against each other on load."""

    def __init__(self, root: Path | None = None):
        problems: list[tuple[str, str]] = []
        self.state_names: dict[str, str] = {}
        self.state_by_name: dict[str, str] = {}
        for i, row in enumerate(_read(STATES_FILE, ("state_fips", "state", "name"), root), start=2):
            if not re.fullmatch(r"[A-Z]{2}", row["state"] or ""):
                problems.append((f"{STATES_FILE} -> row {i} -> state", f"{row['state']!r} is not a USPS code"))
                continue
            self.state_names[row["state"]] = row["name"]
            self.state_by_name[row["name"].lower()] = row["state"]
            self.state_by_name[row["state"].lower()] = row["state"]
        self.county_names: dict[str, str] = {}
        self.county_state: dict[str, str] = {}
        self.county_by_name: dict[tuple[str, str], str] = {}
        for i, row in enumerate(_read(COUNTIES_FILE, ("county_fips", "state", "county"), root), start=2):
            fips, state = row["county_fips"], row["state"]
            if not re.fullmatch(r"\d{5}", fips or "") or state not in self.state_names:
                problems.append((f"{COUNTIES_FILE} -> row {i}", f"bad county_fips {fips!r} or state {state!r}"))
                continue
            self.county_names[fips] = row["county"]
            self.county_state[fips] = state
            for key in _county_keys(row["county"]):
                self.county_by_name.setdefault((state, key), fips)
        self.cbsa_of: dict[str, str] = {}
        self.cbsa_titles: dict[str, str] = {}
        for i, row in enumerate(_read(CBSA_FILE, ("county_fips", "cbsa_code", "cbsa_title", "cbsa_type"), root), start=2):
            if row["county_fips"] not in self.county_names or not re.fullmatch(r"\d{5}", row["cbsa_code"] or ""):
                problems.append((f"{CBSA_FILE} -> row {i}", f"unknown county {row['county_fips']!r} or bad cbsa_code"))
                continue
            self.cbsa_of[row["county_fips"]] = row["cbsa_code"]
            self.cbsa_titles[row["cbsa_code"]] = row["cbsa_title"]
        self.aliases: dict[str, tuple[str | None, str | None, str | None]] = {}
        for i, row in enumerate(_read(ALIASES_FILE, ("alias", "state", "county_fips", "cbsa_code"), root), start=2):
            state, county, cbsa = row["state"] or None, row["county_fips"] or None, row["cbsa_code"] or None
            where = f"{ALIASES_FILE} -> row {i}"
            if state is not None and state not in self.state_names:
                problems.append((f"{where} -> state", f"unknown state {state!r}"))
            if county is not None and (county not in self.county_names or self.county_state[county] != state):
                problems.append((f"{where} -> county_fips", f"{county!r} is not a county of {state}"))
            if cbsa is not None and cbsa not in self.cbsa_titles:
                problems.append((f"{where} -> cbsa_code", f"unknown CBSA {cbsa!r}"))
            if county is not None and cbsa is not None and self.cbsa_of.get(county) != cbsa:
                problems.append((f"{where} -> cbsa_code", f"county {county} is not in CBSA {cbsa}"))
            key = _key(row["alias"])
            if key in self.aliases:
                problems.append((f"{where} -> alias", f"duplicate alias {row['alias']!r}"))
            self.aliases[key] = (state, county, cbsa)
        if problems:
            raise TaxonomyError("location reference data breaks its schema", problems, code="E103")


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w' ]+", " ", text.lower().replace(".", "")).split())


def _city_key(text: str) -> str:
    text = _key(text)
    for pattern, replacement in _ABBREVIATIONS:
        text = pattern.sub(replacement, text)
    return text


def _county_keys(name: str) -> set[str]:
    keys = {_key(name), _city_key(name)}
    return keys | {_COUNTY_SUFFIX_RE.sub("", key) for key in keys}


@lru_cache(maxsize=1)
def reference() -> LocationReference:
    return LocationReference()


class PlaceTables:
    """ZIP code -> (state, county) and, per state, city -> ZIP codes per county, from the
    tables ``tools/prepare_geo_data.py`` compiles out of the ``zipcodes`` package; every
    state and county is checked against the reference."""

    def __init__(self, ref: LocationReference, root: Path | None = None):
        problems: list[tuple[str, str]] = []
        county_state = ref.county_state

        def check(where: str, state: str, fips: str) -> None:
            if state not in ref.state_names:
                problems.append((f"{where} -> state", f"unknown state {state!r}"))
            elif fips and county_state.get(fips) != state:
                problems.append((f"{where} -> county_fips", f"{fips!r} is not a county of {state}"))

        self.zips: dict[str, tuple[str, str | None]] = {}
        for i, (code, state, fips, *_) in enumerate(_rows(ZIP_FILE, ("zip", "state", "county_fips"), root), start=2):
            if fips and county_state.get(fips) != state or state not in ref.state_names:
                check(f"{ZIP_FILE} -> row {i}", state, fips)
            if len(code) != 5 or not code.isdigit():
                problems.append((f"{ZIP_FILE} -> row {i} -> zip", f"{code!r} is not a 5-digit ZIP code"))
            self.zips[code] = (state, fips or None)
        # city -> {county FIPS: ZIP codes}; a city with no known county maps to {}.
        self.cities: dict[str, dict[str, dict[str, int]]] = {state: {} for state in ref.state_names}
        for i, (state, city, fips, zips, *_) in enumerate(
                _rows(CITY_FILE, ("state", "city", "county_fips", "zips"), root), start=2):
            if fips and county_state.get(fips) != state or state not in ref.state_names:
                check(f"{CITY_FILE} -> row {i}", state, fips)
            if not zips.isdigit():
                problems.append((f"{CITY_FILE} -> row {i} -> zips", f"{zips!r} is not a count"))
                continue
            counts = self.cities.get(state, {}).setdefault(city, {})
            if fips:
                counts[fips] = int(zips)
        if problems:
            raise TaxonomyError(f"location reference data breaks its schema ({len(problems)} problems)",
                                problems[:20], code="E103")


@lru_cache(maxsize=1)
def places() -> PlaceTables:
    return PlaceTables(reference())


@lru_cache(maxsize=1)
def state_tiles(root: Path | None = None) -> dict[str, tuple[int, int]]:
    """USPS code -> (row, column) of the state's square in the tile-grid map of the HTML
    report (``geo/state_tiles.csv``: the common 12 x 8 grid of 50 states, DC and PR)."""
    ref = reference() if root is None else LocationReference(root)
    tiles: dict[str, tuple[int, int]] = {}
    problems: list[tuple[str, str]] = []
    for i, (state, row, col, *_) in enumerate(_rows(TILES_FILE, ("state", "row", "col"), root), start=2):
        where = f"{TILES_FILE} -> row {i}"
        if state not in ref.state_names or state in tiles:
            problems.append((f"{where} -> state", f"unknown or repeated state {state!r}"))
        elif not (row.isdigit() and col.isdigit()):
            problems.append((f"{where} -> row/col", f"{row!r}, {col!r} are not grid positions"))
        elif (int(row), int(col)) in tiles.values():
            problems.append((f"{where} -> row/col", f"square {row},{col} is taken twice"))
        else:
            tiles[state] = (int(row), int(col))
    if problems:
        raise TaxonomyError("location reference data breaks its schema", problems, code="E103")
    return tiles


def _state_cities(state: str) -> dict[str, dict[str, int]]:
    """City name (as keyed) -> ZIP codes per county FIPS."""
    return places().cities.get(state, {})


def preload() -> None:
    """Read the ZIP and city tables now, so that a batch job pays it once in the parent and
    its forked workers share them."""
    places()


def _zip_place(code: str) -> _Place | None:
    found = places().zips.get(code)
    if found is None:
        return None
    state, fips = found
    return _Place(state, frozenset([fips]) if fips else frozenset())


def _city_place(city: str, state: str) -> _Place | None:
    ref = reference()
    key = _city_key(city)
    # An independent city is its own county equivalent (Lexington city, VA; St. Louis city).
    own = ref.county_by_name.get((state, f"{key} city"))
    if own is not None and ref.county_names[own].lower().endswith(" city"):
        return _Place(state, frozenset([own]))
    cities = _state_cities(state)
    counts = cities.get(key)
    if counts is None and key.endswith(" township"):
        counts = cities.get(key[: -len(" township")])
    if counts is None:
        counts = _fuzzy_city(key, cities)
    if counts is None:
        return None
    total = sum(counts.values())
    if not total:
        return _Place(state, frozenset())
    fips, top = max(counts.items(), key=lambda item: item[1])
    if top / total >= MAIN_COUNTY_SHARE:
        return _Place(state, frozenset([fips]))
    return _Place(state, frozenset(counts))


def _fuzzy_city(key: str, cities: dict[str, dict[str, int]]) -> dict[str, int] | None:
    from rapidfuzz import fuzz, process

    best = process.extract(key, cities.keys(), scorer=fuzz.ratio, limit=2, score_cutoff=FUZZY_MIN_SCORE - FUZZY_MARGIN)
    if not best or best[0][1] < FUZZY_MIN_SCORE:
        return None
    if len(best) > 1 and best[0][1] - best[1][1] < FUZZY_MARGIN:
        return None
    return cities[best[0][0]]


def _state_of(token: str) -> str | None:
    return reference().state_by_name.get(_key(token))


def _part_place(part: str) -> _Place | None:
    """One place: a ZIP, an alias, a state, ``City, ST`` or ``County, ST``; None if unknown."""
    ref = reference()
    zip_match = _ZIP_RE.search(part)
    if zip_match:
        place = _zip_place(zip_match.group(1))
        if place is not None:
            return place
        part = _ZIP_RE.sub(" ", part)
    alias = _alias_place(part)
    if alias is not None:
        return alias
    # "United States-Ohio-Mayfield Village": country, state, city joined by hyphens.
    pattern = r"\s*-\s*" if _COUNTRY_FIRST_RE.match(part) else r"\s*,\s*|\s+-\s+"
    pieces = [p for p in re.split(pattern, part) if p.strip()]
    pieces = [p for p in pieces if not _COUNTRY_RE.fullmatch(p.strip())]
    if not pieces:
        return None
    states = [i for i, p in enumerate(pieces) if _state_of(p)]
    if not states:
        return None
    where = states[-1]
    state = _state_of(pieces[where])
    rest = [p for i, p in enumerate(pieces) if i != where]
    if not rest:
        return _Place(state, frozenset())
    if len(rest) > 1:
        return _Place(state, frozenset())
    name = rest[0].strip()
    alias = _alias_place(name)
    if alias is not None and alias.state == state:
        return alias
    if _COUNTY_SUFFIX_RE.search(name):
        county = ref.county_by_name.get((state, _key(name)))
        return _Place(state, frozenset([county]) if county else frozenset())
    place = _city_place(name, state)
    return place if place is not None else _Place(state, frozenset())


def _alias_place(text: str) -> _Place | None:
    alias = reference().aliases.get(_key(text))
    if alias is None:
        return None
    state, county, cbsa = alias
    return _Place(state, frozenset([county]) if county else frozenset(), cbsa)


def _combine(places: list[_Place]) -> tuple[str | None, str | None, str | None]:
    """(state, county, cbsa) that every place shares; candidate counties that all lie in
    one CBSA give that CBSA."""
    ref = reference()
    states = {p.state for p in places}
    state = states.pop() if len(states) == 1 else None
    cbsas: set[str | None] = set()
    for place in places:
        if place.counties:
            cbsas |= {ref.cbsa_of.get(c) for c in place.counties}
        else:
            cbsas.add(place.cbsa)
    cbsa = cbsas.pop() if len(cbsas) == 1 else None
    if any(not p.counties for p in places):
        return state, None, cbsa
    counties = set().union(*(p.counties for p in places))
    return state, (counties.pop() if len(counties) == 1 else None), cbsa


@lru_cache(maxsize=65536)
def _resolve(raw: str) -> tuple[str | None, str | None, str | None, str | None]:
    mode = next((name for name, pattern in _LOCATION_MODES if pattern.search(raw)), None)
    places: list[_Place] = []
    for part in _SPLIT_RE.split(raw):
        stripped = _MODE_WORDS_RE.sub(" ", part)
        stripped = re.sub(r"[()\[\]]", " ", stripped).strip(" ,-:")
        if not stripped or _COUNTRY_RE.fullmatch(stripped):
            continue
        place = _part_place(stripped)
        if place is None:
            return None, None, None, mode
        places.append(place)
    if not places:
        return None, None, None, mode
    state, county, cbsa = _combine(places)
    return state, county, cbsa, mode


def normalize_location(raw: str | None, text: str | None = None) -> Location:
    """Resolve one location field. ``remote`` comes from the location's own words
    ("Remote", "Hybrid - Costa Mesa, CA"), else from the posting ``text`` (the same
    rules as the ``work_mode`` column); null when neither says."""
    value = raw.strip() if isinstance(raw, str) else None
    if value:
        state, county, cbsa, mode = _resolve(value)
    else:
        state = county = cbsa = mode = None
    if mode is None and text:
        from ..pipeline.attributes import find_work_mode

        mode = find_work_mode(text)
    ref = reference()
    if county is not None and cbsa is None:
        cbsa = ref.cbsa_of.get(county)
    if cbsa is not None and state is None and county is not None:
        state = ref.county_state[county]
    return Location(
        raw=raw,
        state=state,
        county_fips=county,
        county=ref.county_names.get(county) if county else None,
        cbsa_code=cbsa,
        cbsa_title=ref.cbsa_titles.get(cbsa) if cbsa else None,
        remote=mode,
    )
