"""Two tagged sets side by side (regions, periods, occupations): each skill's share of
postings in A and in B, the difference, and whether it is more than chance.

Each skill is tested with a two-proportion z-test (pooled), or Fisher's exact test when
an expected cell count is under 5 (``test="auto"``, the default); p-values are adjusted
for testing many skills at once with Benjamini–Hochberg, and a difference is called
significant when its adjusted q-value is under ``alpha``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import ReportError
from .filters import Filters, Where, parse_where
from .frequencies import CATEGORIES, _labels, _source, build_request, choose_engine, run_tally
from .proportions import DEFAULT_MIN_N, check_min_n, wilson_interval

TESTS = ("auto", "z", "fisher")


def two_proportion_z(c1: int, n1: int, c2: int, n2: int) -> float:
    """Two-sided p-value of H0: equal proportions (pooled standard error)."""
    if not n1 or not n2:
        return 1.0
    pooled = (c1 + c2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 1.0
    z = (c2 / n2 - c1 / n1) / se
    return math.erfc(abs(z) / math.sqrt(2))


def fisher_exact(c1: int, n1: int, c2: int, n2: int) -> float:
    from scipy.stats import fisher_exact as scipy_fisher

    return float(scipy_fisher([[c1, n1 - c1], [c2, n2 - c2]], alternative="two-sided")[1])


def min_expected(c1: int, n1: int, c2: int, n2: int) -> float:
    total = n1 + n2
    if not total:
        return 0.0
    pooled = (c1 + c2) / total
    return min(n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled))


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Adjusted q-values, in the input order."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    q = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p_values[i] * m / rank)
        q[i] = min(running, 1.0)
    return q


@dataclass(frozen=True)
class SkillDiff:
    id: str
    label: str
    category: str
    a_count: int
    a_postings: int
    b_count: int
    b_postings: int
    test: str
    p_value: float
    q_value: float = 1.0
    significant: bool = False

    @property
    def a_share(self) -> float:
        return self.a_count / self.a_postings if self.a_postings else 0.0

    @property
    def b_share(self) -> float:
        return self.b_count / self.b_postings if self.b_postings else 0.0

    @property
    def difference(self) -> float:
        """B's share minus A's: positive when B's postings ask for the skill more often."""
        return self.b_share - self.a_share

    def to_dict(self) -> dict[str, Any]:
        a_low, a_high = wilson_interval(self.a_count, self.a_postings)
        b_low, b_high = wilson_interval(self.b_count, self.b_postings)
        return {"id": self.id, "label": self.label, "a_count": self.a_count, "a_share": self.a_share,
                "a_share_low": a_low, "a_share_high": a_high, "b_count": self.b_count, "b_share": self.b_share,
                "b_share_low": b_low, "b_share_high": b_high, "difference": self.difference,
                "test": self.test, "p_value": self.p_value, "q_value": self.q_value, "significant": self.significant}


@dataclass(frozen=True)
class Side:
    label: str
    source: str
    postings: int
    where: tuple[Where, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "source": self.source, "postings": self.postings, "where": [str(w) for w in self.where]}


@dataclass
class DiffReport:
    a: Side
    b: Side
    filters: Filters
    test: str
    alpha: float
    categories: dict[str, list[SkillDiff]] = field(default_factory=dict)
    engine: str = ""
    min_n: int = DEFAULT_MIN_N

    @property
    def warnings(self) -> list[str]:
        """A side with fewer postings than ``min_n``: its shares, and so the tests, rest on
        too little."""
        return [f"side {name} ({side.label}) has only {side.postings:,} postings, fewer than the minimum of "
                f"{self.min_n} (--min-n): its shares are unreliable"
                for name, side in (("A", self.a), ("B", self.b)) if side.postings < self.min_n]

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "min_n": self.min_n,
            "warnings": self.warnings,
            "filters": self.filters.to_dict(),
            "test": self.test,
            "alpha": self.alpha,
            "categories": {c: [d.to_dict() for d in rows] for c, rows in self.categories.items()},
        }

    def frame(self, category: str):
        import pandas as pd

        return pd.DataFrame([d.to_dict() for d in self.categories[category]])


def diff_report(
    a,
    b,
    *,
    filters: Filters | None = None,
    a_where: Sequence[str | Where] = (),
    b_where: Sequence[str | Where] = (),
    a_label: str | None = None,
    b_label: str | None = None,
    top: int = 25,
    min_postings: int = 1,
    test: str = "auto",
    alpha: float = 0.05,
    sort: str = "difference",
    engine: str = "auto",
    taxonomy=None,
    memory_limit: str | None = None,
    min_n: int = DEFAULT_MIN_N,
) -> DiffReport:
    """Compare skill shares of tagged sets A and B (paths, directories or DataFrames; the
    same input twice with different ``a_where``/``b_where`` compares slices of one set).

    ``filters`` apply to both sides. Per category the ``top`` skills are kept, ordered by
    the size of the difference (``sort="difference"``) or by q-value (``"q"``); skills
    fewer than ``min_postings`` postings demand on both sides together are left out.
    """
    check_min_n(min_n)
    if test not in TESTS:
        raise ReportError(f"--test {test!r}: expected one of {', '.join(TESTS)}", code="E605")
    if not 0 < alpha < 1:
        raise ReportError(f"--alpha {alpha}: expected a number between 0 and 1", code="E605")
    if sort not in ("difference", "q"):
        raise ReportError(f"--sort {sort!r}: expected difference or q", code="E605")
    filters = filters or Filters()
    info = _labels(taxonomy)
    sides = []
    tallies = []
    engines = []
    for tagged, wheres, label, default in ((a, a_where, a_label, "A"), (b, b_where, b_label, "B")):
        source = _source(tagged)
        parsed = tuple(w if isinstance(w, Where) else parse_where(w) for w in wheres)
        scoped = filters.for_columns(source.columns)
        side_filters = replace(scoped, where=(*scoped.where, *parsed))
        request = build_request(source, side_filters, info, (), False)
        chosen = choose_engine(source, engine)
        tally = run_tally(source, request, chosen, memory_limit)
        if tally.postings == 0:
            raise ReportError(
                f"side {label or default} ({source.name}{', ' + ', '.join(map(str, parsed)) if parsed else ''}): "
                "no postings left after filters",
                code="E608",
            )
        name = label or (", ".join(map(str, parsed)) if parsed else source.name)
        sides.append(Side(name, source.name, tally.postings, parsed))
        tallies.append(tally)
        engines.append(chosen)
    labels = info[0]
    n_a, n_b = tallies[0].postings, tallies[1].postings
    rows: list[SkillDiff] = []
    keys = sorted(set(tallies[0].skills) | set(tallies[1].skills))
    for category, skill in keys:
        c_a = tallies[0].skills.get((category, skill), (0, 0, 0))[0]
        c_b = tallies[1].skills.get((category, skill), (0, 0, 0))[0]
        if c_a + c_b < max(min_postings, 1):
            continue
        use = test if test != "auto" else ("fisher" if min_expected(c_a, n_a, c_b, n_b) < 5 else "z")
        p = fisher_exact(c_a, n_a, c_b, n_b) if use == "fisher" else two_proportion_z(c_a, n_a, c_b, n_b)
        rows.append(SkillDiff(skill, labels.get(skill, skill), category, c_a, n_a, c_b, n_b, use, p))
    q_values = benjamini_hochberg([r.p_value for r in rows])
    rows = [replace(r, q_value=q, significant=q < alpha) for r, q in zip(rows, q_values, strict=True)]
    report = DiffReport(sides[0], sides[1], filters, test, alpha, engine="/".join(dict.fromkeys(engines)), min_n=min_n)
    for category in CATEGORIES:
        mine = [r for r in rows if r.category == category]
        if sort == "q":
            mine.sort(key=lambda r: (r.q_value, -abs(r.difference), r.id))
        else:
            mine.sort(key=lambda r: (-abs(r.difference), r.q_value, r.id))
        report.categories[category] = mine[:top] if top else mine
    return report
