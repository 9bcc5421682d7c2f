"""The title coder: posting title (+ skill evidence) -> SOC 2018 code and proposed EV code.

Scoring, for the normalized occupation phrase of a title:

1. **exact**: the phrase is a knowledge-base row (O*NET, SOC direct match, curated
   job-board titles), whose codes carry source weights;
2. **model**: cosine similarity of the phrase's TF-IDF vector (words, word pairs, head
   word; built with scikit-learn, see :mod:`.model`) to every row;
3. **fuzzy**: rapidfuzz ``token_sort_ratio`` between the phrase and the nearest rows,
   which rewards near-identical wording the bag of words misses.

A row's similarity is ``0.75 * cosine + 0.25 * fuzzy`` (an exact row scores 1). Rows vote
for their codes with weight ``similarity ** 10`` (so an exact row outvotes many loose
neighbours), split in proportion to the squared source weights (so a curated job-board
title outweighs O*NET listing the same words under many codes). A code's score in [0, 1]
is ``sqrt(vote share) * similarity of its best row``. Then the EV/EVSE rules (:mod:`.rules`) may set the code from the
title, and skill evidence may refine it and assign a proposed code.

The coder **abstains** (``soc_code`` None, ``abstain`` True) when the score is below
``ABSTAIN_THRESHOLD`` or the title is empty, not text, or longer than
``MAX_TITLE_CHARS``; alternatives are still listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from .features import features_of_words, title_words
from .model import TitleModel, bundled_title_model
from .normalize import analyze_title
from .reference import gjrp_groups, proposed_occupations, soc_structure, soc_title
from .rules import TitleRules, TitleWords, load_rules

ABSTAIN_THRESHOLD = 0.3
MAX_TITLE_CHARS = 200
TOP_K = 5
RULE_SCORE = 0.9
EVIDENCE_SCORE = 0.85
_CANDIDATE_ROWS = 30
_COSINE_SHARE = 0.75
_SHARPNESS = 10
_NB_SHARE = 0.6
_NB_TOP = 10
_QUALIFY_BELOW = 0.9
_QUALIFY_MARGIN = 0.0
_TYPO_CUTOFF = 85


@dataclass(frozen=True)
class Alternative:
    soc_code: str
    soc_title: str | None
    score: float

    def to_dict(self) -> dict:
        return {"soc_code": self.soc_code, "soc_title": self.soc_title, "score": round(self.score, 4)}


@dataclass
class TitleCoding:
    """The coder's answer for one title. ``to_dict`` is the CLI's JSON contract."""

    title: str | None
    normalized: str
    soc_code: str | None
    soc_title: str | None
    soc_major: str | None
    gjrp_group: str | None
    proposed_code: str | None
    score: float
    abstain: bool
    alternatives: list[Alternative] = field(default_factory=list)
    method: str = "model"
    id: str | None = None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "soc_code": self.soc_code,
            "soc_title": self.soc_title,
            "soc_major": self.soc_major,
            "gjrp_group": self.gjrp_group,
            "proposed_code": self.proposed_code,
            "score": round(self.score, 4),
            "abstain": self.abstain,
            "alternatives": [a.to_dict() for a in self.alternatives],
            "normalized": self.normalized,
            "method": self.method,
        }


class TitleCoder:
    """Codes titles; build once (``load_coder``) and reuse: results are cached by phrase."""

    def __init__(
        self,
        model: TitleModel | None = None,
        rules: TitleRules | None = None,
        *,
        threshold: float = ABSTAIN_THRESHOLD,
        top_k: int = TOP_K,
    ):
        self.model = model if model is not None else bundled_title_model()
        self.rules = rules if rules is not None else load_rules()
        self.threshold = threshold
        self.top_k = top_k
        self._unigrams = [f for f in self.model.features if "_" not in f and not f.startswith("^")]
        self._ranked = lru_cache(maxsize=200_000)(self._rank_uncached)
        self._nearest_word = lru_cache(maxsize=50_000)(self._nearest_word_uncached)
        self._shares_cache: dict[int, tuple[tuple[str, float], ...]] = {}
        self._row_accumulator = np.zeros(len(self.model.rows), dtype=np.float32)
        # Typos keep their first letter: compare only with known words sharing it.
        self._unigrams_by_initial: dict[str, list[str]] = {}
        for word in self._unigrams:
            self._unigrams_by_initial.setdefault(word[:1], []).append(word)

    # -- public -------------------------------------------------------------------------
    def code(self, title: object, *, skills: Iterable[str] | None = None, id: str | None = None) -> TitleCoding:
        """Code one title. ``skills`` are demanded skill ids of the posting (evidence)."""
        skill_set = frozenset(skills or ())
        if not isinstance(title, str) or not title.strip():
            return self._abstain(title if isinstance(title, str) else None, "", id, "empty")
        if len(title) > MAX_TITLE_CHARS:
            return self._abstain(title, "", id, "too_long")
        parts = analyze_title(title)
        ranked = self._ranked(parts.core)
        # "Field Service Tech - Medical Equipment": a qualifier segment may name the
        # specialty; keep it when it makes the coding clearly more confident.
        if parts.qualifiers and (not ranked or ranked[0][1] < _QUALIFY_BELOW):
            for qualifier in parts.qualifiers:
                qualified = self._ranked(f"{qualifier} {parts.core}")
                if qualified and qualified[0][1] > (ranked[0][1] if ranked else 0.0) + _QUALIFY_MARGIN:
                    ranked = qualified
        words = TitleWords.of(parts.words)
        method = "exact" if parts.core in self.model.row_index else "model"
        soc_code, score = ranked[0] if ranked else (None, 0.0)
        proposed = None
        hit = self.rules.match_title(words, skill_set)
        if hit is not None:
            base = dict(ranked).get(hit.soc_code, 0.0)
            soc_code, score, proposed, method = hit.soc_code, max(RULE_SCORE, base), hit.proposed_code, f"rule:{hit.rule_id}"
        evidence = self.rules.apply_evidence(soc_code, words, skill_set) if score >= self.threshold else None
        if evidence is not None:
            soc_code, proposed, method = evidence.soc_code, evidence.proposed_code, f"evidence:{evidence.rule_id}"
            score = max(score, EVIDENCE_SCORE)
        alternatives = self._alternatives(soc_code, score, ranked)
        if soc_code is None or score < self.threshold:
            return self._abstain(title, parts.core, id, "low_score", alternatives, score)
        return self._result(title, parts.core, id, soc_code, proposed, score, alternatives, method, words)

    def code_many(self, records: Iterable[dict | str]) -> Iterator[TitleCoding]:
        """Code dicts with ``title`` (and optional ``id``, ``skills``) or plain strings."""
        for record in records:
            if isinstance(record, dict):
                yield self.code(record.get("title"), skills=record.get("skills"), id=record.get("id"))
            else:
                yield self.code(record)

    # -- scoring ------------------------------------------------------------------------
    def _nearest_word_uncached(self, word: str) -> str | None:
        if len(word) < 5:
            return None
        candidates = self._unigrams_by_initial.get(word[:1], ())
        found = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=_TYPO_CUTOFF)
        return found[0] if found else None

    def _query(self, core: str) -> tuple[np.ndarray, np.ndarray, float] | None:
        """Feature columns and L2-normalized TF-IDF weights, and the share of known words."""
        features = self.model.features
        words = []
        known = 0.0
        all_words = title_words(core)
        for word in all_words:
            if word in features:
                words.append(word)
                known += 1.0
            else:
                nearest = self._nearest_word(word)
                if nearest is not None:
                    words.append(nearest)
                    known += 0.8
        counts: dict[int, int] = {}
        for feature in features_of_words(words):
            column = features.get(feature)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        if not counts:
            return None
        columns = np.fromiter(counts, dtype=np.int32, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        weights = (1.0 + np.log(tf)) * self.model.idf[columns]
        return columns, weights / np.linalg.norm(weights), known / len(all_words)

    def _rank_uncached(self, core: str) -> tuple[tuple[str, float], ...]:
        """Codes ranked for a normalized phrase, with scores in [0, 1]."""
        if not core:
            return ()
        model = self.model
        row_sims: dict[int, float] = {}
        exact = model.row_index.get(core)
        if exact is not None:
            row_sims[exact] = 1.0
        query = self._query(core)
        coverage = 1.0
        if query is not None:
            columns, weights, coverage = query
            rows, cosines = self._similar_rows(columns, weights)
            for row, cosine in zip(rows.tolist(), cosines.tolist(), strict=True):
                if row == exact:
                    continue
                fuzzy = fuzz.token_sort_ratio(core, model.rows[row]) / 100.0
                row_sims[row] = min(1.0, _COSINE_SHARE * cosine + (1 - _COSINE_SHARE) * fuzzy)
        # A kernel-weighted vote of the rows: sharp (similarity ** _SHARPNESS), so an exact
        # row outvotes dozens of loose neighbours; each row votes for its codes in
        # proportion to the squared source weights.
        votes: dict[str, float] = {}
        best_similarity: dict[str, float] = {}
        total = 0.0
        for row, similarity in row_sims.items():
            kernel = similarity**_SHARPNESS
            total += kernel
            for code, share in self._row_shares(row):
                votes[code] = votes.get(code, 0.0) + kernel * share
                if similarity > best_similarity.get(code, 0.0):
                    best_similarity[code] = similarity
        if total <= 0 or query is None and exact is None:
            return ()
        knn = {code: vote / total for code, vote in votes.items()}
        naive_bayes = self._naive_bayes(query) if query is not None else {}
        scored = {}
        for code in set(knn) | set(naive_bayes):
            combined = _NB_SHARE * naive_bayes.get(code, 0.0) + (1 - _NB_SHARE) * knn.get(code, 0.0)
            # Confidence also needs the words to be close to a known title of the code.
            closeness = best_similarity.get(code, 0.0)
            # Unknown words (another language, gibberish) lower the confidence.
            scored[code] = combined * (0.5 + 0.5 * closeness) * (1.0 if exact is not None else coverage)
        ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
        return tuple((code, round(score, 6)) for code, score in ranked[: max(self.top_k * 2, 10)])

    def _row_shares(self, row: int) -> tuple[tuple[str, float], ...]:
        """A row's codes with their vote shares (squared source weights, summing to 1)."""
        shares = self._shares_cache.get(row)
        if shares is None:
            codes = self.model.codes_of_row(row)
            norm = sum(w * w for _, w in codes)
            shares = tuple((code, w * w / norm) for code, w in codes)
            self._shares_cache[row] = shares
        return shares

    def _similar_rows(self, columns: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The most similar rows and their cosines: one slice of the inverted index per
        query feature, summed into a reused dense accumulator (no per-call scipy objects)."""
        matrix = self.model.matrix_t
        indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
        accumulator = self._row_accumulator
        touched = []
        for column, weight in zip(columns.tolist(), weights.tolist(), strict=True):
            start, end = indptr[column], indptr[column + 1]
            if start == end:
                continue
            rows = indices[start:end]
            accumulator[rows] += data[start:end] * weight
            touched.append(rows)
        if not touched:
            return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.float32)
        candidates = np.concatenate(touched) if len(touched) > 1 else touched[0]
        values = accumulator[candidates]
        accumulator[candidates] = 0.0
        # A row shared by several query features appears several times with one value:
        # keep enough of the best entries to find the best distinct rows, then dedupe.
        wanted = min(len(candidates), _CANDIDATE_ROWS * len(touched))
        if wanted < len(candidates):
            keep = np.argpartition(-values, wanted - 1)[:wanted]
            candidates, values = candidates[keep], values[keep]
        rows, first = np.unique(candidates, return_index=True)
        cosines = values[first]
        if len(rows) > _CANDIDATE_ROWS:
            keep = np.argpartition(-cosines, _CANDIDATE_ROWS)[:_CANDIDATE_ROWS]
            rows, cosines = rows[keep], cosines[keep]
        return rows, cosines

    def _naive_bayes(self, query: tuple[np.ndarray, np.ndarray]) -> dict[str, float]:
        """Posterior P(code | title words) of the Naive Bayes model (uniform prior)."""
        model = self.model
        columns, weights, _ = query
        # Term weights scaled to sum to the number of features, as counts would.
        x = weights * (len(columns) / weights.sum())
        counts = model.nb_counts_t
        indptr, indices, data = counts.indptr, counts.indices, counts.data
        log_likelihood = -x.sum() * model.nb_log_denominator
        for column, value in zip(columns.tolist(), x.tolist(), strict=True):
            start, end = indptr[column], indptr[column + 1]
            log_likelihood[indices[start:end]] += data[start:end] * value
        log_likelihood -= log_likelihood.max()
        posterior = np.exp(log_likelihood)
        posterior /= posterior.sum()
        top = np.argpartition(-posterior, _NB_TOP)[:_NB_TOP] if len(posterior) > _NB_TOP else np.arange(len(posterior))
        return {model.codes[i]: float(posterior[i]) for i in top.tolist() if posterior[i] > 1e-4}

    # -- results ------------------------------------------------------------------------
    def _alternatives(self, chosen: str | None, score: float, ranked) -> list[Alternative]:
        out = []
        if chosen is not None:
            out.append(Alternative(chosen, soc_title(chosen), score))
        for code, value in ranked:
            if code != chosen and len(out) < self.top_k:
                out.append(Alternative(code, soc_title(code), value))
        return out

    def _abstain(self, title, core, id, reason, alternatives=None, score=0.0) -> TitleCoding:
        return TitleCoding(
            title=title,
            normalized=core,
            soc_code=None,
            soc_title=None,
            soc_major=None,
            gjrp_group=None,
            proposed_code=None,
            score=float(score),
            abstain=True,
            alternatives=alternatives or [],
            method=f"abstain:{reason}",
            id=id,
        )

    def _result(self, title, core, id, soc_code, proposed, score, alternatives, method, words) -> TitleCoding:
        occupation = soc_structure().get(soc_code)
        return TitleCoding(
            title=title,
            normalized=core,
            soc_code=soc_code,
            soc_title=soc_title(soc_code),
            soc_major=occupation.major if occupation else None,
            gjrp_group=_gjrp_group(soc_code, proposed, words),
            proposed_code=proposed,
            score=float(min(1.0, score)),
            abstain=False,
            alternatives=alternatives,
            method=method,
            id=id,
        )


def _gjrp_group(soc_code: str, proposed: str | None, words: TitleWords) -> str | None:
    if proposed is not None:
        return proposed_occupations()[proposed].gjrp_group
    groups = gjrp_groups().get(soc_code, ())
    if len(groups) > 1:
        # 49-2092 is both "EV Technician" and "Battery Technician" in Table 2.1.
        for group in groups:
            if any(words.has((w,)) for w in group.lower().split() if w not in ("technician", "ev", "+")):
                return group
    return groups[0] if groups else None


@lru_cache(maxsize=1)
def load_coder() -> TitleCoder:
    """The bundled coder (model + rules), loaded once per process."""
    return TitleCoder()
