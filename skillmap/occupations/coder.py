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

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

from ..errors import InputError
from .features import features_of_words, title_words
from .model import TitleModel, bundled_title_model
from .normalize import TitleParts, analyze_title, clear_memos
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
RANK_CACHE_SIZE = 200_000
_WORD_CACHE_SIZE = 100_000
_NB_MIN_LOG = math.log(1e-4) - 1e-6
_BATCH_CHUNK = 256


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
    """Codes titles; build once (``load_coder``) and reuse: rankings are cached by phrase.

    ``code`` codes one title; ``code_many`` codes a batch with the scoring vectorized over
    the batch (one sparse product for the nearest rows, one for Naive Bayes, one rapidfuzz
    call), with the same results as ``code`` title by title.
    """

    def __init__(
        self,
        model: TitleModel | None = None,
        rules: TitleRules | None = None,
        *,
        threshold: float = ABSTAIN_THRESHOLD,
        top_k: int = TOP_K,
        cache_size: int = RANK_CACHE_SIZE,
    ):
        self.model = model if model is not None else bundled_title_model()
        self.rules = rules if rules is not None else load_rules()
        self.threshold = threshold
        self.top_k = top_k
        self.cache_size = cache_size
        model = self.model
        self._n_rows = len(model.rows)
        self._n_codes = len(model.codes)
        self._keep = max(top_k * 2, 10)
        # Each (row, code) pair votes with the code's share of the row: squared source
        # weights, summing to 1 over the row's codes.
        self._row_ptr = model.row_code_ptr.astype(np.int64)
        weight = model.row_code_weight.astype(np.float64)
        owner = np.repeat(np.arange(self._n_rows), np.diff(self._row_ptr))
        norm = np.bincount(owner, weights=weight * weight, minlength=self._n_rows)
        self._pair_share = weight * weight / norm[owner]
        self._pair_code = model.row_code_idx.astype(np.int64)
        self._nb_t = model.nb_counts_t.astype(np.float64).tocsr()
        self._nb_denominator = np.asarray(model.nb_log_denominator, dtype=np.float64)
        # token_sort_ratio(a, b) == ratio(sorted words of a, sorted words of b): sort once.
        self._sorted_rows = np.array([" ".join(sorted(row.split())) for row in model.rows], dtype=object)
        self._code_names = np.array(model.codes, dtype=object)
        self._n_features = len(model.idf)
        self._accumulator = np.zeros(self._n_rows, dtype=np.float32)
        self._marker = np.zeros(self._n_rows, dtype=np.int32)
        self._ranked_cache: dict[str, tuple[tuple[str, float], ...]] = {}
        self._word_cache: dict[str, tuple[str | None, float]] = {}
        self._words_by_initial: dict[str, dict[int, list[tuple[int, str]]]] | None = None
        self._nearest_word = lru_cache(maxsize=50_000)(self._nearest_word_uncached)
        self._soc_titles: dict[str, str | None] = {}

    # -- public -------------------------------------------------------------------------
    def code(self, title: object, *, skills: Iterable[str] | None = None, id: str | None = None) -> TitleCoding:
        """Code one title. ``skills`` are demanded skill ids of the posting (evidence)."""
        skill_set = frozenset(skills or ())
        parts = self._parts(title)
        if not isinstance(parts, TitleParts):
            return self._abstain(title if isinstance(title, str) else None, "", id, parts)
        ranked = self._rank(parts.core)
        if parts.qualifiers and (not ranked or ranked[0][1] < _QUALIFY_BELOW):
            ranked = self._qualify(ranked, parts, [self._rank(f"{q} {parts.core}") for q in parts.qualifiers])
        return self._decide(title, parts, ranked, skill_set, id)

    def code_many(
        self,
        titles: Iterable[object],
        *,
        skills: Iterable[Iterable[str] | None] | None = None,
        ids: Iterable[str | None] | None = None,
        batch_size: int = 2048,
    ) -> list[TitleCoding]:
        """Code many titles at once; results in input order, equal to ``code`` per title.

        ``titles``: strings (anything else abstains), or dicts with ``title`` and optional
        ``skills`` and ``id`` (then ``skills``/``ids`` must not be given). ``skills``: one
        iterable of demanded skill ids (or None) per title; ``ids``: one id per title.
        Scoring is vectorized per batch of ``batch_size`` titles, so pass whole batches
        (a posting export's chunk) rather than one title at a time.

        This is the entry point for batch tagging: extract each posting's demanded skills
        first, then ``coder.code_many(titles, skills=skill_sets, ids=pids)``
        (``skillmap.load().code_titles(titles, texts)`` does both).
        """
        items = list(titles)
        if any(isinstance(item, dict) for item in items):
            if skills is not None or ids is not None:
                raise InputError("give skills and ids inside the title dicts or as lists, not both", code="E200")
            records = items
            items = [r.get("title") if isinstance(r, dict) else r for r in records]
            skill_list = [r.get("skills") if isinstance(r, dict) else None for r in records]
            id_list = [r.get("id") if isinstance(r, dict) else None for r in records]
        else:
            skill_list = list(skills) if skills is not None else [None] * len(items)
            id_list = list(ids) if ids is not None else [None] * len(items)
        if len(skill_list) != len(items) or len(id_list) != len(items):
            raise InputError(
                f"code_many got {len(items)} titles but {len(skill_list)} skill sets and {len(id_list)} ids",
                code="E200",
            )
        out: list[TitleCoding] = []
        for begin in range(0, len(items), max(1, batch_size)):
            chunk = slice(begin, begin + max(1, batch_size))
            out.extend(self._code_batch(items[chunk], skill_list[chunk], id_list[chunk]))
        return out

    def clear_caches(self) -> None:
        """Forget cached rankings and word lookups (and the normalizer's memos)."""
        self._ranked_cache.clear()
        self._word_cache.clear()
        self._nearest_word.cache_clear()
        clear_memos()

    # -- one title, step by step --------------------------------------------------------
    @staticmethod
    def _parts(title: object) -> TitleParts | str:
        """The analyzed title, or the reason to abstain."""
        if not isinstance(title, str) or not title.strip():
            return "empty"
        if len(title) > MAX_TITLE_CHARS:
            return "too_long"
        return analyze_title(title)

    @staticmethod
    def _qualify(ranked, parts: TitleParts, qualified_rankings) -> tuple[tuple[str, float], ...]:
        """"Field Service Tech - Medical Equipment": a qualifier segment may name the
        specialty; keep it when it makes the coding clearly more confident."""
        for qualified in qualified_rankings:
            if qualified and qualified[0][1] > (ranked[0][1] if ranked else 0.0) + _QUALIFY_MARGIN:
                ranked = qualified
        return ranked

    def _decide(self, title, parts: TitleParts, ranked, skill_set: frozenset[str], id) -> TitleCoding:
        """Rules and skill evidence on top of the ranked codes, then the result."""
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

    def _code_batch(self, titles: list, skill_list: list, id_list: list) -> list[TitleCoding]:
        analyzed = [self._parts(title) for title in titles]
        cores = [p.core for p in analyzed if isinstance(p, TitleParts)]
        self._rank_all(cores)
        qualified: list[str] = []
        for parts in analyzed:
            if isinstance(parts, TitleParts) and parts.qualifiers:
                ranked = self._ranked_cache.get(parts.core) or self._rank(parts.core)
                if not ranked or ranked[0][1] < _QUALIFY_BELOW:
                    qualified.extend(f"{q} {parts.core}" for q in parts.qualifiers)
        self._rank_all(qualified)
        out = []
        for title, parts, skills, id in zip(titles, analyzed, skill_list, id_list, strict=True):
            if not isinstance(parts, TitleParts):
                out.append(self._abstain(title if isinstance(title, str) else None, "", id, parts))
                continue
            ranked = self._rank(parts.core)
            if parts.qualifiers and (not ranked or ranked[0][1] < _QUALIFY_BELOW):
                ranked = self._qualify(ranked, parts, [self._rank(f"{q} {parts.core}") for q in parts.qualifiers])
            out.append(self._decide(title, parts, ranked, frozenset(skills or ()), id))
        return out

    # -- ranking ------------------------------------------------------------------------
    def _rank(self, phrase: str) -> tuple[tuple[str, float], ...]:
        """Codes ranked for a normalized phrase, with scores in [0, 1] (cached)."""
        ranked = self._ranked_cache.get(phrase)
        if ranked is None:
            ranked = self._rank_phrases([phrase], single=True)[0]
            self._remember(phrase, ranked)
        return ranked

    def _rank_all(self, phrases: list[str]) -> None:
        """Rank the phrases not cached yet, as one vectorized batch."""
        cache = self._ranked_cache
        todo = list(dict.fromkeys(p for p in phrases if p not in cache))
        for begin in range(0, len(todo), _BATCH_CHUNK):
            chunk = todo[begin : begin + _BATCH_CHUNK]
            for phrase, ranked in zip(chunk, self._rank_phrases(chunk, single=False), strict=True):
                self._remember(phrase, ranked)

    def _remember(self, phrase: str, ranked: tuple[tuple[str, float], ...]) -> None:
        cache = self._ranked_cache
        if len(cache) >= self.cache_size:
            # Forget the oldest tenth (dicts keep insertion order).
            for old in list(islice(cache, max(1, self.cache_size // 10))):
                del cache[old]
        cache[phrase] = ranked

    def _nearest_word_uncached(self, word: str) -> str | None:
        """The known word a misspelled one most likely means (fuzz.ratio >= 85, same
        first letter). Only words of a length that can reach the cutoff are compared."""
        if len(word) < 5:
            return None
        if self._words_by_initial is None:
            by_initial: dict[str, dict[int, list[tuple[int, str]]]] = {}
            unigrams = (f for f in self.model.features if "_" not in f and not f.startswith("^"))
            for order, known in enumerate(unigrams):
                by_initial.setdefault(known[:1], {}).setdefault(len(known), []).append((order, known))
            self._words_by_initial = by_initial
        by_length = self._words_by_initial.get(word[:1])
        if not by_length:
            return None
        n = len(word)
        # ratio = 200 * matches / (n + m) <= 200 * min(n, m) / (n + m): lengths too far apart
        # cannot reach the cutoff (the bound is loosened by one point to stay safe).
        candidates = sorted(
            entry
            for m, entries in by_length.items()
            if 200 * min(n, m) >= (_TYPO_CUTOFF - 1) * (n + m)
            for entry in entries
        )
        if not candidates:
            return None
        found = process.extractOne(word, [w for _, w in candidates], scorer=fuzz.ratio, score_cutoff=_TYPO_CUTOFF)
        return found[0] if found else None

    def _terms(self, phrase: str) -> tuple[list[int], list[int], float] | None:
        """Feature columns of a phrase with their counts, and the share of known words."""
        features = self.model.features
        cache = self._word_cache
        words = []
        known = 0.0
        all_words = title_words(phrase)
        for word in all_words:
            resolved = cache.get(word)
            if resolved is None:
                if word in features:
                    resolved = (word, 1.0)
                else:
                    nearest = self._nearest_word(word)
                    resolved = (nearest, 0.8) if nearest is not None else (None, 0.0)
                if len(cache) >= _WORD_CACHE_SIZE:
                    cache.clear()
                cache[word] = resolved
            if resolved[0] is not None:
                words.append(resolved[0])
                known += resolved[1]
        counts: dict[int, int] = {}
        for feature in features_of_words(words):
            column = features.get(feature)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        if not counts:
            return None
        return list(counts), list(counts.values()), known / len(all_words)

    def _rank_phrases(self, phrases: list[str], *, single: bool) -> list[tuple[tuple[str, float], ...]]:
        """Rank phrases (not cached): nearest rows, their vote, Naive Bayes, combined.

        Vectorized over the phrases; ``single`` picks the cheaper candidate search and
        Naive Bayes for one phrase (no scipy objects), with the same results."""
        model = self.model
        n = len(phrases)
        n_codes = self._n_codes
        exact = np.fromiter((model.row_index.get(p, -1) for p in phrases), dtype=np.int64, count=n)
        has_exact = exact >= 0
        coverage = np.ones(n)
        query_of: list[int] = []
        columns: list[int] = []
        tfs: list[int] = []
        for i, phrase in enumerate(phrases):
            terms = self._terms(phrase) if phrase else None
            if terms is not None:
                cols, counts, coverage[i] = terms
                columns.extend(cols)
                tfs.extend(counts)
                query_of.extend([i] * len(cols))
        q_of = np.asarray(query_of, dtype=np.int64)
        q_cols = np.asarray(columns, dtype=np.int32)
        q_size = np.bincount(q_of, minlength=n)
        q_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(q_size, out=q_ptr[1:])
        # L2-normalized sublinear TF-IDF weights of the query features.
        weights = (1.0 + np.log(np.asarray(tfs, dtype=np.float32))) * model.idf[q_cols]
        norms = np.sqrt(np.bincount(q_of, weights=weights.astype(np.float64) ** 2, minlength=n)).astype(np.float32)
        weights = weights / norms[q_of]

        # 1. The nearest rows by cosine, re-scored with rapidfuzz; an exact row scores 1.
        if single:
            cand_query, cand_rows, cosines = self._similar_rows_single(q_cols, weights)
        else:
            cand_query, cand_rows, cosines = self._similar_rows_batch(q_cols, weights, q_ptr, n)
        not_exact = cand_rows != exact[cand_query]
        cand_query, cand_rows, cosines = cand_query[not_exact], cand_rows[not_exact], cosines[not_exact]
        if len(cand_rows):
            sorted_phrases = [" ".join(sorted(p.split())) for p in phrases]
            fuzzy = process.cpdist(
                [sorted_phrases[i] for i in cand_query.tolist()] if n > 1 else sorted_phrases * len(cand_rows),
                self._sorted_rows[cand_rows].tolist(),
                scorer=fuzz.ratio,
                dtype=np.float64,
                workers=1,
            )
            similarity = np.minimum(1.0, _COSINE_SHARE * cosines.astype(np.float64) + (1 - _COSINE_SHARE) * (fuzzy / 100.0))
        else:
            similarity = np.zeros(0)
        exact_query = np.flatnonzero(has_exact)
        entry_query = np.concatenate((exact_query, cand_query))
        entry_row = np.concatenate((exact[has_exact], cand_rows))
        entry_sim = np.concatenate((np.ones(len(exact_query)), similarity))

        # 2. A kernel-weighted vote of the rows: sharp (similarity ** _SHARPNESS), so an
        # exact row outvotes dozens of loose neighbours; each row votes for its codes in
        # proportion to the squared source weights. Cells are query * n_codes + code.
        starts = self._row_ptr[entry_row]
        lengths = self._row_ptr[entry_row + 1] - starts
        pair = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))
        kernel = entry_sim**_SHARPNESS
        total = np.bincount(entry_query, weights=kernel, minlength=n)
        cell = np.repeat(entry_query * n_codes, lengths) + self._pair_code[pair]
        votes = np.bincount(cell, weights=np.repeat(kernel, lengths) * self._pair_share[pair], minlength=n * n_codes)
        closeness = np.zeros(n * n_codes)  # similarity of the code's best row
        np.maximum.at(closeness, cell, np.repeat(entry_sim, lengths))

        # 3. Naive Bayes posterior P(code | title words) (uniform prior), top codes only.
        naive_bayes = np.zeros(n * n_codes)
        nb_cells, nb_posterior = self._naive_bayes(q_cols, weights, q_ptr, q_size, single)
        naive_bayes[nb_cells] = nb_posterior

        # 4. Combined over the cells either part proposes: confidence also needs the words
        # to be close to a known title of the code, and unknown words (another language,
        # gibberish) lower it.
        cells = np.flatnonzero((closeness > 0) | (naive_bayes > 0))
        query, code = np.divmod(cells, n_codes)
        query_total = total[query]
        alive = query_total > 0
        cells, query, code, query_total = cells[alive], query[alive], code[alive], query_total[alive]
        factor = np.where(has_exact, 1.0, coverage)[query] * (0.5 + 0.5 * closeness[cells])
        scores = (_NB_SHARE * naive_bayes[cells] + (1 - _NB_SHARE) * votes[cells] / query_total) * factor
        return self._top_codes(n, query, code, scores)

    def _similar_rows_single(self, columns: np.ndarray, weights: np.ndarray):
        """Top rows of one query: its features' index slices summed into a reused dense
        accumulator (no per-call scipy objects)."""
        matrix = self.model.matrix_t
        indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
        accumulator = self._accumulator
        touched = []
        for column, weight in zip(columns.tolist(), weights.tolist(), strict=True):
            start, end = indptr[column], indptr[column + 1]
            if start == end:
                continue
            rows = indices[start:end]
            accumulator[rows] += data[start:end] * weight
            touched.append(rows)
        if not touched:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        candidates = np.concatenate(touched) if len(touched) > 1 else touched[0]
        values = accumulator[candidates]
        accumulator[candidates] = 0.0
        if len(touched) > 1:
            # A row shared by several features appears once per feature: keep one copy.
            marker = self._marker
            positions = np.arange(len(candidates), dtype=np.int32)
            marker[candidates] = positions
            first = marker[candidates] == positions
            candidates, values = candidates[first], values[first]
        rows, cosines = _top_rows(candidates, values)
        return np.zeros(len(rows), dtype=np.int64), rows, cosines

    def _similar_rows_batch(self, columns: np.ndarray, weights: np.ndarray, q_ptr: np.ndarray, n: int):
        """Top rows of every query: one sparse product (queries x rows), then the best
        ``_CANDIDATE_ROWS`` entries of each query's row."""
        queries = sparse.csr_matrix((weights, columns, q_ptr), shape=(n, self._n_features))
        product = queries @ self.model.matrix_t
        ptr, rows, values = product.indptr, product.indices.astype(np.int64), product.data
        counts = np.diff(ptr)
        keys = _row_keys(rows, values)
        few = counts <= _CANDIDATE_ROWS
        chosen = [np.flatnonzero(np.repeat(few, counts))]
        for i in np.flatnonzero(~few).tolist():
            start, end = ptr[i], ptr[i + 1]
            chosen.append(np.argpartition(-keys[start:end], _CANDIDATE_ROWS - 1)[:_CANDIDATE_ROWS] + start)
        picked = np.concatenate(chosen)
        query = np.repeat(np.arange(n), counts)[picked]
        order = np.lexsort((rows[picked], query))
        picked = picked[order]
        return query[order], rows[picked], values[picked]

    def _naive_bayes(self, columns, weights, q_ptr, q_size, single: bool) -> tuple[np.ndarray, np.ndarray]:
        """Posterior P(code | title words) of the Naive Bayes model (uniform prior) for each
        query's ``_NB_TOP`` best codes, where above 1e-4: (query * n_codes + code) cells
        and their posteriors."""
        n_codes = self._n_codes
        if not len(weights):
            return np.empty(0, dtype=np.int64), np.empty(0)
        used = np.flatnonzero(q_size)
        firsts = q_ptr[used]
        # Term weights scaled to sum to the number of features, as counts would.
        scale = (q_size[used] / np.add.reduceat(weights, firsts)).astype(np.float32)
        x = weights * np.repeat(scale, q_size[used])
        x_sum = np.add.reduceat(x, firsts).astype(np.float64)
        counts = self._nb_t
        if single:
            log_likelihood = -x_sum[0] * self._nb_denominator
            indptr, indices, data = counts.indptr, counts.indices, counts.data
            for column, value in zip(columns.tolist(), x.tolist(), strict=True):
                start, end = indptr[column], indptr[column + 1]
                log_likelihood[indices[start:end]] += data[start:end] * value
            log_likelihood = log_likelihood[None, :]
        else:
            # queries without terms have no entries: the used queries' pointers suffice
            queries = sparse.csr_matrix((x.astype(np.float64), columns, np.append(q_ptr[used], q_ptr[-1])), shape=(len(used), counts.shape[0]))
            log_likelihood = (queries @ counts).toarray()
            log_likelihood -= x_sum[:, None] * self._nb_denominator[None, :]
        log_likelihood -= log_likelihood.max(axis=1, keepdims=True)
        posterior = np.exp(log_likelihood)
        normalizer = posterior.sum(axis=1)
        # Only codes within ln(1e-4) of the best can pass 1e-4 (the normalizer is >= 1).
        local, code = np.nonzero(log_likelihood > _NB_MIN_LOG)
        value = posterior[local, code] / normalizer[local]
        passed = value > 1e-4
        local, code, value = local[passed], code[passed], value[passed]
        if len(local) > _NB_TOP:
            order = np.lexsort((code, -value, local))
            local, code, value = local[order], code[order], value[order]
            top = np.arange(len(local)) - np.searchsorted(local, local) < _NB_TOP
            local, code, value = local[top], code[top], value[top]
        return used[local] * n_codes + code, value

    def _top_codes(self, n: int, query: np.ndarray, code: np.ndarray, scores: np.ndarray) -> list[tuple[tuple[str, float], ...]]:
        """Each query's best codes by score, then code (``query`` ascending, and ``code``
        ascending within a query), with scores rounded to 6 decimals."""
        order = np.lexsort((-scores, query))  # stable: equal scores stay in code order
        query, code, scores = query[order], code[order], scores[order]
        kept = np.arange(len(query)) - np.searchsorted(query, query) < self._keep
        query, names, scores = query[kept], self._code_names[code[kept]].tolist(), np.round(scores[kept], 6).tolist()
        bounds = np.searchsorted(query, np.arange(n + 1)).tolist()
        return [tuple(zip(names[a:b], scores[a:b], strict=True)) for a, b in zip(bounds, bounds[1:], strict=False)]

    # -- results ------------------------------------------------------------------------
    def _soc_title(self, code: str) -> str | None:
        try:
            return self._soc_titles[code]
        except KeyError:
            title = self._soc_titles[code] = soc_title(code)
            return title

    def _alternatives(self, chosen: str | None, score: float, ranked) -> list[Alternative]:
        out = []
        if chosen is not None:
            out.append(Alternative(chosen, self._soc_title(chosen), score))
        for code, value in ranked:
            if code != chosen and len(out) < self.top_k:
                out.append(Alternative(code, self._soc_title(code), value))
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
            soc_title=self._soc_title(soc_code),
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


def _row_keys(rows: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Sortable keys: larger cosine first, then the lower row (ties broken the same way
    whichever path found the rows). Non-negative float32 bits order like the floats."""
    return (values.astype(np.float32).view(np.int32).astype(np.int64) << 32) | (0xFFFFFFFF - rows.astype(np.int64))


def _top_rows(rows: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ``_CANDIDATE_ROWS`` best distinct rows, in row order, with their cosines."""
    rows = rows.astype(np.int64)
    if len(rows) > _CANDIDATE_ROWS:
        keep = np.argpartition(-_row_keys(rows, values), _CANDIDATE_ROWS - 1)[:_CANDIDATE_ROWS]
        rows, values = rows[keep], values[keep]
    order = np.argsort(rows)
    return rows[order], values[order]
