"""Score the title coder against a gold CSV (``skillmap evaluate-titles``).

Gold CSV columns (header row required, UTF-8):

- ``title``: the posting title as written;
- ``soc_code``: acceptable SOC 2018 codes separated by ``;`` (the first is the preferred);
- ``text`` (optional): posting body, used as skill evidence;
- ``proposed_code`` (optional column): the proposed EV/EVSE code, empty when none fits;
- ``id`` (optional).

Reported: top-1 accuracy within the acceptable codes, accuracy at the SOC major-group
(2-digit) level, abstention rate, and — when the column is present — proposed-code
accuracy (an empty gold cell must get no proposed code) with its precision and recall.
An abstention counts as wrong. The accuracy-coverage table ranks the coded rows by score
and gives, at each coverage level (the share of all rows kept), the accuracy of the kept
rows and the lowest score kept: what a stricter abstention threshold would buy.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OccupationError
from .coder import TitleCoding

COVERAGE_LEVELS = (1.0, 0.95, 0.9, 0.8, 0.7, 0.5)


@dataclass
class TitleGoldRow:
    line: int
    id: str
    title: str
    acceptable: tuple[str, ...]
    text: str | None
    proposed: str | None


@dataclass
class TitleReport:
    rows: int = 0
    correct: int = 0
    major_correct: int = 0
    abstained: int = 0
    proposed_rows: int = 0
    proposed_correct: int = 0
    proposed_true_positive: int = 0
    proposed_predicted: int = 0
    proposed_gold: int = 0
    errors: list[dict] = field(default_factory=list)
    # (score, correct) of every row the coder did not abstain on
    scored: list[tuple[float, bool]] = field(default_factory=list)

    def coverage_table(self, levels: tuple[float, ...] = COVERAGE_LEVELS) -> list[dict]:
        """Accuracy of the highest-scoring rows at each coverage level reachable."""
        ranked = sorted(self.scored, key=lambda item: -item[0])
        table = []
        for level in levels:
            keep = round(level * self.rows)
            if not keep or keep > len(ranked):
                continue
            kept = ranked[:keep]
            table.append(
                {
                    "coverage": level,
                    "rows": keep,
                    "accuracy": round(sum(ok for _, ok in kept) / keep, 4),
                    "min_score": round(kept[-1][0], 4),
                }
            )
        return table

    def to_dict(self, *, details: bool = False) -> dict:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        data = {
            "rows": self.rows,
            "accuracy": ratio(self.correct, self.rows),
            "major_group_accuracy": ratio(self.major_correct, self.rows),
            "abstain_rate": ratio(self.abstained, self.rows),
            "proposed": None
            if not self.proposed_rows
            else {
                "rows": self.proposed_rows,
                "accuracy": ratio(self.proposed_correct, self.proposed_rows),
                "precision": ratio(self.proposed_true_positive, self.proposed_predicted),
                "recall": ratio(self.proposed_true_positive, self.proposed_gold),
            },
        }
        data["coverage"] = self.coverage_table()
        if details:
            data["errors"] = self.errors
        return data


def read_title_gold(path: str | Path) -> list[TitleGoldRow]:
    """Rows of a gold CSV; raises OccupationError (E504) naming the file and line."""
    path = Path(path)
    try:
        handle = open(path, encoding="utf-8-sig", newline="")
    except OSError as err:
        raise OccupationError(f"{path}: cannot read title gold file ({err.strerror})", code="E504") from None
    with handle:
        reader = csv.DictReader(handle)
        missing = {"title", "soc_code"} - set(reader.fieldnames or ())
        if missing:
            raise OccupationError(f"{path}: gold CSV lacks column(s) {', '.join(sorted(missing))}", code="E504")
        has_proposed = "proposed_code" in (reader.fieldnames or ())
        rows = []
        for line, row in enumerate(reader, 2):
            codes = tuple(c.strip() for c in (row.get("soc_code") or "").split(";") if c.strip())
            if not codes:
                raise OccupationError(f"{path}:{line}: no acceptable soc_code", code="E504")
            proposed = (row.get("proposed_code") or "").strip() or None
            rows.append(
                TitleGoldRow(
                    line=line,
                    id=(row.get("id") or "").strip() or f"line-{line}",
                    title=row.get("title") or "",
                    acceptable=codes,
                    text=(row.get("text") or "").strip() or None,
                    proposed=proposed if has_proposed else "<absent>",
                )
            )
    return rows


def evaluate_titles(code: Callable[[TitleGoldRow], TitleCoding], gold: list[TitleGoldRow]) -> TitleReport:
    """Score ``code(row)`` (a function coding one gold row) over the gold rows."""
    report = TitleReport()
    for row in gold:
        result = code(row)
        report.rows += 1
        correct = result.soc_code in row.acceptable
        report.correct += correct
        report.abstained += result.abstain
        if not result.abstain:
            report.scored.append((result.score, correct))
        report.major_correct += result.soc_code is not None and result.soc_code[:2] == row.acceptable[0][:2]
        proposed_ok = True
        if row.proposed != "<absent>":
            report.proposed_rows += 1
            proposed_ok = result.proposed_code == row.proposed
            report.proposed_correct += proposed_ok
            report.proposed_predicted += result.proposed_code is not None
            report.proposed_gold += row.proposed is not None
            report.proposed_true_positive += result.proposed_code is not None and proposed_ok
        if not correct or not proposed_ok:
            report.errors.append(
                {
                    "id": row.id,
                    "line": row.line,
                    "title": row.title,
                    "gold": list(row.acceptable),
                    "predicted": result.soc_code,
                    "gold_proposed": None if row.proposed == "<absent>" else row.proposed,
                    "predicted_proposed": result.proposed_code,
                    "score": round(result.score, 4),
                }
            )
    return report
