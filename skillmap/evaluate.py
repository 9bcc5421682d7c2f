"""Posting-level evaluation of demanded skills against gold labels.

Gold lines: ``{"pid", "skills": [{"id", "requirement"}], ...}``; postings lines:
``{"pid" or "id", "title", "company", "text"}``. A skill counts when demanded (required or
preferred); children imply parents on both sides. Scores are micro-averaged over
postings, overall and per category, plus per-skill counts for error analysis.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import EvaluationError
from .extractor import Extractor, expand_broader


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class EvaluationReport:
    postings: int
    overall: Scores
    by_category: dict[str, Scores]
    by_skill: dict[str, Scores]
    errors: list[dict] = field(default_factory=list)

    def to_dict(self, details: bool = False) -> dict:
        data = {
            "postings": self.postings,
            "overall": self.overall.to_dict(),
            "by_category": {k: v.to_dict() for k, v in self.by_category.items()},
            "by_skill": {k: v.to_dict() for k, v in sorted(self.by_skill.items())},
        }
        if details:
            data["errors"] = self.errors
        return data


def _read_jsonl(path: Path, what: str) -> list[dict]:
    if not path.is_file():
        raise EvaluationError(f"{what} file not found: {path}", code="E400")
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise EvaluationError(f"{path}:{number}: not valid JSON ({err.msg})", code="E401") from None
    return rows


def _key(row: dict) -> str | None:
    value = row.get("pid", row.get("id"))
    return None if value is None else str(value)


def evaluate(extractor: Extractor, gold_path: str | Path, postings_path: str | Path) -> EvaluationReport:
    gold_rows = _read_jsonl(Path(gold_path), "gold")
    posting_rows = {_key(r): r for r in _read_jsonl(Path(postings_path), "postings")}
    return score_rows(extractor, gold_rows, posting_rows, str(gold_path), str(postings_path))


def score_rows(
    extractor: Extractor, gold_rows: list[dict], posting_rows: dict, gold_path: str = "gold", postings_path: str = "postings"
) -> EvaluationReport:
    """Score gold lines against the extractor on postings keyed by id (the scorer of
    :func:`evaluate`, for callers that pick postings themselves, e.g. cross-validation)."""
    broader = extractor.broader
    categories = extractor.categories
    overall = Scores()
    by_category: dict[str, Scores] = {c: Scores() for c in ("specialized", "common", "qualification")}
    by_skill: dict[str, Scores] = {}
    errors: list[dict] = []
    for number, gold in enumerate(gold_rows, 1):
        key = _key(gold)
        if key is None or not isinstance(gold.get("skills"), list):
            raise EvaluationError(f"{gold_path}:{number}: gold line needs 'pid' and a 'skills' list", code="E401")
        posting = posting_rows.get(key)
        if posting is None:
            raise EvaluationError(f"{gold_path}:{number}: posting {key!r} not found in {postings_path}", code="E400")
        gold_ids = {
            s["id"] for s in gold["skills"] if s.get("requirement", "required") in ("required", "preferred")
        }
        gold_ids = expand_broader(gold_ids, broader)
        result = extractor.extract(
            posting.get("text") or " ", title=posting.get("title"), company=posting.get("company"), id=key
        )
        predicted = result.demanded_ids()
        for skill_id in gold_ids | predicted:
            category = categories.get(skill_id, "specialized")
            cat = by_category.setdefault(category, Scores())
            per = by_skill.setdefault(skill_id, Scores())
            if skill_id in gold_ids and skill_id in predicted:
                overall.tp += 1
                cat.tp += 1
                per.tp += 1
            elif skill_id in predicted:
                overall.fp += 1
                cat.fp += 1
                per.fp += 1
            else:
                overall.fn += 1
                cat.fn += 1
                per.fn += 1
        fps = sorted(predicted - gold_ids)
        fns = sorted(gold_ids - predicted)
        if fps or fns:
            evidence = {m.skill_id: m.text for m in result.mentions if m.demanded and m.skill_id in fps}
            errors.append({"id": key, "false_positives": fps, "false_negatives": fns, "fp_evidence": evidence})
    return EvaluationReport(len(gold_rows), overall, by_category, by_skill, errors)


def count_requirements(report: EvaluationReport) -> Counter:
    return Counter({k: v.tp for k, v in report.by_skill.items()})
