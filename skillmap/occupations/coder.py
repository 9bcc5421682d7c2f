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

Speed: ``TitleCoder.code_many`` ranks a batch with one sparse product for the nearest
rows, one for Naive Bayes and one rapidfuzz call; ``code`` ranks one phrase with numpy
for the index and plain Python for the few rows left. Both do the same float64 arithmetic
in the same order, so a title gets the same result alone or in a batch. Candidate ties
are broken by row (then code), so results do not depend on numpy's selection order.
Rankings are cached by normalized phrase.

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

from ..errors import InputError, OccupationError
from ..text.clean import replace_surrogates
from .csr import CSR
from .features import features_of_words, title_words
from .model import TitleModel, bundled_title_model
from .normalize import TitleParts, analyze_title, clear_memos
from .reference import detailed_codes, gjrp_groups, proposed_occupations, soc_structure, soc_title
from .rules import TitleRules, TitleWords, load_rules
from .semantic import SemanticIndex, load_semantic_index

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
_SLASH_MARGIN = 0.1
_TYPO_CUTOFF = 85
RANK_CACHE_SIZE = 200_000
_WORD_CACHE_SIZE = 100_000
_NB_MIN_LOG = math.log(1e-4) - 1e-6
_BATCH_CHUNK = 256
# Semantic blend (see the module docstring): a code's title-vector cosine above
# _SEMANTIC_FLOOR adds _SEMANTIC_WEIGHT times the excess; the _SEMANTIC_CANDIDATES nearest
# detailed codes join the lexical candidates. With a body: the _TEXT_CANDIDATES codes
# nearest to it by text vector (above _TEXT_FLOOR) join too, and each candidate adds
# _TEXT_WEIGHT times its text cosine minus the best candidate's plus _TEXT_BONUS times its
# excess over _TEXT_FLOOR. Chosen by a grid on the dev title sets (title weights) and by
# two-fold cross-validation over zhou_dev and batch1 postings (text weights).
_SEMANTIC_WEIGHT = 0.5
_SEMANTIC_FLOOR = 0.3
_SEMANTIC_CANDIDATES = 5
_TEXT_WEIGHT = 0.5
_TEXT_CANDIDATES = 3
_TEXT_FLOOR = 0.4
_TEXT_BONUS = 1.0
_BLEND_CACHE_SIZE = 200_000
_ZERO = np.zeros(1, dtype=np.int64)


def _reading(parts: TitleParts) -> tuple:
    """What a title's blended ranking depends on: its phrase and the other readings that
    ``_ranked`` may prefer (titles with one phrase can differ in those)."""
    return (parts.core, parts.qualifiers, parts.alternatives)


def _weak(ranked) -> bool:
    """No code, or a best score below what a qualified or other reading may improve on."""
    return not ranked or ranked[0][1] < _QUALIFY_BELOW


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
        # A title read from bad JSON escapes may hold lone surrogates: never echo them.
        return {
            "id": replace_surrogates(self.id) if isinstance(self.id, str) else self.id,
            "title": replace_surrogates(self.title) if isinstance(self.title, str) else self.title,
            "soc_code": self.soc_code,
            "soc_title": self.soc_title,
            "soc_major": self.soc_major,
            "gjrp_group": self.gjrp_group,
            "proposed_code": self.proposed_code,
            "score": round(self.score, 4),
            "abstain": self.abstain,
            "alternatives": [a.to_dict() for a in self.alternatives],
            "normalized": replace_surrogates(self.normalized),
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
        semantic: SemanticIndex | None | bool = True,
        threshold: float = ABSTAIN_THRESHOLD,
        top_k: int = TOP_K,
        cache_size: int = RANK_CACHE_SIZE,
    ):
        bundled = model is None
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
        self._nb_t = model.nb_counts_t.astype(np.float64)
        # float64 index: the batch product and the single path sum alike (exact products)
        self._index = model.matrix_t.astype(np.float64)
        self._nb_negative_denominator = -np.asarray(model.nb_log_denominator, dtype=np.float64)
        # token_sort_ratio(a, b) == ratio(sorted words of a, sorted words of b): sort once.
        # Sorted on first use: a batch compares a few thousand of the ~48,000 rows, and
        # sorting them all took 0.04 s of every process's start.
        self._sorted_rows: dict[int, str] = {}
        self._row_ptr_list = self._row_ptr.tolist()
        self._pair_code_list = self._pair_code.tolist()
        self._pair_share_list = self._pair_share.tolist()
        self._idf = model.idf.astype(np.float64).tolist()
        self._code_names = np.array(model.codes, dtype=object)
        self._code_index = {code: i for i, code in enumerate(model.codes)}
        self._code_name_list = list(model.codes)
        self._n_features = len(model.idf)
        self._marker = np.zeros(self._n_rows, dtype=np.int32)
        self._ranked_cache: dict[str, tuple[tuple[str, float], ...]] = {}
        self._word_cache: dict[str, tuple[str | None, float]] = {}
        self._words_by_initial: dict[str, dict[int, list[tuple[int, str]]]] | None = None
        self._nearest_word = lru_cache(maxsize=50_000)(self._nearest_word_uncached)
        self._rule_words_by_initial: dict[str, list[str]] | None = None
        self._nearest_rule_word = lru_cache(maxsize=50_000)(self._nearest_rule_word_uncached)
        self._soc_titles: dict[str, str | None] = {}
        # The semantic vectors: the bundled model's by default (True), given, or none.
        if semantic is True:
            semantic = load_semantic_index() if bundled else None
        self.semantic = semantic or None
        if self.semantic is not None and self.semantic.codes != list(model.codes):
            raise OccupationError("semantic vectors were built for another title model", code="E503")
        self._blend_cache: dict[str, tuple[tuple[str, float], ...]] = {}
        if self.semantic is not None:
            from ..learned.embeddings import load_embedding

            self._embedding = load_embedding()
            detailed = detailed_codes()
            self._semantic_mask = np.array([code in detailed for code in model.codes])

    # -- public -------------------------------------------------------------------------
    def code(
        self, title: object, *, skills: Iterable[str] | None = None, id: str | None = None, text: str | None = None
    ) -> TitleCoding:
        """Code one title. ``skills`` are demanded skill ids of the posting and ``text`` its
        body (evidence among close codes)."""
        skill_set = frozenset(skills or ())
        parts = self._parts(title)
        if not isinstance(parts, TitleParts):
            return self._abstain(title if isinstance(title, str) else None, "", id, parts)
        return self._decide(title, parts, self._blend_all([parts], [text])[0], skill_set, id)

    def code_many(
        self,
        titles: Iterable[object],
        *,
        skills: Iterable[Iterable[str] | None] | None = None,
        ids: Iterable[str | None] | None = None,
        texts: Iterable[str | None] | None = None,
        batch_size: int = 2048,
    ) -> list[TitleCoding]:
        """Code many titles at once; results in input order, equal to ``code`` per title.

        ``titles``: strings (anything else abstains), or dicts with ``title`` and optional
        ``skills`` and ``id`` (then ``skills``/``ids`` must not be given). ``skills``: one
        iterable of demanded skill ids (or None) per title; ``ids``: one id per title;
        ``texts``: one posting body (or None) per title (or ``text`` in the dicts).
        Scoring is vectorized per batch of ``batch_size`` titles, so pass whole batches
        (a posting export's chunk) rather than one title at a time.

        This is the entry point for batch tagging: extract each posting's demanded skills
        first, then ``coder.code_many(titles, skills=skill_sets, ids=pids)``
        (``skillmap.load().code_titles(titles, texts)`` does both).
        """
        items = list(titles)
        if any(isinstance(item, dict) for item in items):
            if skills is not None or ids is not None or texts is not None:
                raise InputError("give skills, ids and texts inside the title dicts or as lists, not both", code="E200")
            records = items
            items = [r.get("title") if isinstance(r, dict) else r for r in records]
            skill_list = [r.get("skills") if isinstance(r, dict) else None for r in records]
            id_list = [r.get("id") if isinstance(r, dict) else None for r in records]
            text_list = [r.get("text") if isinstance(r, dict) else None for r in records]
        else:
            skill_list = list(skills) if skills is not None else [None] * len(items)
            id_list = list(ids) if ids is not None else [None] * len(items)
            text_list = list(texts) if texts is not None else [None] * len(items)
        if len(skill_list) != len(items) or len(id_list) != len(items) or len(text_list) != len(items):
            raise InputError(
                f"code_many got {len(items)} titles but {len(skill_list)} skill sets, {len(id_list)} ids "
                f"and {len(text_list)} texts",
                code="E200",
            )
        out: list[TitleCoding] = []
        for begin in range(0, len(items), max(1, batch_size)):
            chunk = slice(begin, begin + max(1, batch_size))
            out.extend(self._code_batch(items[chunk], skill_list[chunk], id_list[chunk], text_list[chunk]))
        return out

    def clear_caches(self) -> None:
        """Forget cached rankings and word lookups (and the normalizer's memos)."""
        self._ranked_cache.clear()
        self._blend_cache.clear()
        self._word_cache.clear()
        self._nearest_word.cache_clear()
        self._nearest_rule_word.cache_clear()
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

    @staticmethod
    def _prefer(ranked, alternative_rankings) -> tuple[tuple[str, float], ...]:
        """"Master Electrician / Qualifier", "Glazier Apprentice": another reading of the
        phrase (a side of a slash, the word order of the knowledge base) may name the job;
        keep the best one that beats the whole phrase by a clear margin."""
        for alternative in alternative_rankings:
            if alternative and alternative[0][1] > (ranked[0][1] if ranked else 0.0) + _SLASH_MARGIN:
                ranked = alternative
        return ranked

    def _decide(self, title, parts: TitleParts, ranked, skill_set: frozenset[str], id) -> TitleCoding:
        """Rules and skill evidence on top of the ranked codes, then the result."""
        words = self._rule_words(parts.words)
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

    def _rule_words(self, text: str) -> TitleWords:
        """Title words for the rules, misspellings of the rules' words corrected ("EV
        Chrager Tech" -> charger): a word that neither the model nor the rules know becomes
        the nearest word of the rules, when one is close enough (as in the model lookup)."""
        words = TitleWords.of(text)
        features, vocabulary = self.model.features, self.rules.vocabulary
        fixed = None
        for i, word in enumerate(words.words):
            if word in features or word in vocabulary:
                continue
            nearest = self._nearest_rule_word(word)
            if nearest is not None:
                if fixed is None:
                    fixed = list(words.words)
                fixed[i] = nearest
        return words if fixed is None else TitleWords(tuple(fixed), frozenset(fixed))

    def _code_batch(self, titles: list, skill_list: list, id_list: list, text_list: list) -> list[TitleCoding]:
        analyzed = [self._parts(title) for title in titles]
        cores = [p.core for p in analyzed if isinstance(p, TitleParts)]
        self._rank_all(cores)
        # The other readings _ranked may ask for, ranked as one batch too.
        readings: list[str] = []
        for parts in analyzed:
            if isinstance(parts, TitleParts) and (parts.qualifiers or parts.alternatives) and _weak(self._rank(parts.core)):
                readings.extend(f"{q} {parts.core}" for q in parts.qualifiers)
                readings.extend(parts.alternatives)
        self._rank_all(readings)
        blended = self._blend_all(analyzed, text_list)
        out = []
        for title, parts, skills, id, ranked in zip(titles, analyzed, skill_list, id_list, blended, strict=True):
            if not isinstance(parts, TitleParts):
                out.append(self._abstain(title if isinstance(title, str) else None, "", id, parts))
                continue
            out.append(self._decide(title, parts, ranked, frozenset(skills or ()), id))
        return out

    # -- semantic evidence --------------------------------------------------------------
    def _blend_all(self, analyzed: list, text_list: list) -> list:
        """Each title's ranked codes with the semantic evidence blended in (None for an
        unusable title): cached by reading when there is no body text."""
        out: list = [None] * len(analyzed)
        todo: list[int] = []
        for i, parts in enumerate(analyzed):
            if not isinstance(parts, TitleParts):
                continue
            text = text_list[i]
            has_text = isinstance(text, str) and bool(text.strip())
            if self.semantic is None:
                out[i] = self._ranked(parts)
            elif not has_text and _reading(parts) in self._blend_cache:
                out[i] = self._blend_cache[_reading(parts)]
            else:
                todo.append(i)
        if not todo:
            return out
        # One matrix-vector product per title, never a batch product: the same title then
        # gets the same floats alone or in any batch (BLAS blocks differ by shape).
        title_vectors = self._embedding.encode([analyzed[i].core for i in todo])
        with_text = [i for i in todo if isinstance(text_list[i], str) and text_list[i].strip()]
        text_rows = {i: k for k, i in enumerate(with_text)}
        text_vectors = self._embedding.encode([text_list[i] for i in with_text]) if with_text else None
        semantic, cache = self.semantic, self._blend_cache
        for k, i in enumerate(todo):
            parts = analyzed[i]
            row = text_rows.get(i)
            text_scores = None if row is None or not text_vectors[row].any() else semantic.text_scores(text_vectors[row])
            title_scores = semantic.title_scores(title_vectors[k]) if title_vectors[k].any() else None
            ranked = self._blend(self._ranked(parts), title_scores, text_scores)
            out[i] = ranked
            if row is None:
                if len(cache) >= _BLEND_CACHE_SIZE:
                    cache.clear()
                cache[_reading(parts)] = ranked
        return out

    def _blend(self, ranked, title_scores: np.ndarray | None, text_scores: np.ndarray | None) -> tuple[tuple[str, float], ...]:
        """Lexical scores plus semantic evidence (weights above): the candidates are the
        lexical ones and the nearest detailed codes by title vector (and by text vector);
        each gains from its title cosine above the floor and, with a body, from its text
        cosine. A dozen candidates: plain Python beats numpy here."""
        if title_scores is None and text_scores is None:
            return ranked
        index, names = self._code_index, self._code_name_list
        lexical = dict(ranked)
        candidates = {index[code] for code in lexical}
        for scores, count, floor in ((title_scores, _SEMANTIC_CANDIDATES, _SEMANTIC_FLOOR), (text_scores, _TEXT_CANDIDATES, _TEXT_FLOOR)):
            if scores is not None and count:
                masked = np.where(self._semantic_mask, scores, -1.0)
                nearest = np.argpartition(-masked, count)[:count].tolist()
                candidates.update(c for c in nearest if masked[c] > floor)
        if not candidates:
            return ranked
        at = sorted(candidates)
        totals = [lexical.get(names[c], 0.0) for c in at]
        if title_scores is not None:
            for j, value in enumerate(title_scores[at].tolist()):
                totals[j] += _SEMANTIC_WEIGHT * max(0.0, value - _SEMANTIC_FLOOR)
        if text_scores is not None:
            body = text_scores[at].tolist()
            best = max(body)
            for j, value in enumerate(body):
                totals[j] += _TEXT_WEIGHT * (value - best) + _TEXT_BONUS * max(0.0, value - _TEXT_FLOOR)
        order = sorted(range(len(at)), key=lambda j: (-totals[j], at[j]))[: self._keep]
        # Ranked by the blend; scores reported within [0, 1].
        return tuple((names[at[j]], round(min(1.0, max(0.0, totals[j])), 6)) for j in order)

    # -- ranking ------------------------------------------------------------------------
    def _ranked(self, parts: TitleParts) -> tuple[tuple[str, float], ...]:
        """The core phrase's codes; where they are weak, a qualified reading's or another
        reading's (a side of a slash, a leading word moved first) that does better."""
        ranked = self._rank(parts.core)
        if parts.qualifiers and _weak(ranked):
            ranked = self._qualify(ranked, parts, [self._rank(f"{q} {parts.core}") for q in parts.qualifiers])
        if parts.alternatives and _weak(ranked):
            ranked = self._prefer(ranked, [self._rank(a) for a in parts.alternatives])
        return ranked

    def _rank(self, phrase: str) -> tuple[tuple[str, float], ...]:
        """Codes ranked for a normalized phrase, with scores in [0, 1] (cached)."""
        ranked = self._ranked_cache.get(phrase)
        if ranked is None:
            ranked = self._rank_one(phrase)
            self._remember(phrase, ranked)
        return ranked

    def _rank_all(self, phrases: list[str]) -> None:
        """Rank the phrases not cached yet, as one vectorized batch."""
        cache = self._ranked_cache
        todo = list(dict.fromkeys(p for p in phrases if p not in cache))
        for begin in range(0, len(todo), _BATCH_CHUNK):
            chunk = todo[begin : begin + _BATCH_CHUNK]
            for phrase, ranked in zip(chunk, self._rank_phrases(chunk), strict=True):
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

    def _nearest_rule_word_uncached(self, word: str) -> str | None:
        """The word of the rules a misspelled one most likely means (same test as
        ``_nearest_word``: fuzz.ratio >= 85, same first letter, at least 5 letters)."""
        if len(word) < 5:
            return None
        if self._rule_words_by_initial is None:
            by_initial: dict[str, list[str]] = {}
            for known in sorted(self.rules.vocabulary):
                by_initial.setdefault(known[:1], []).append(known)
            self._rule_words_by_initial = by_initial
        candidates = self._rule_words_by_initial.get(word[:1])
        if not candidates:
            return None
        found = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=_TYPO_CUTOFF)
        return found[0] if found else None

    def _terms(self, phrase: str) -> tuple[list[int], list[float], float] | None:
        """A phrase's feature columns with their raw TF-IDF weights (sublinear tf times
        idf, in float64), and the share of its words that are known."""
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
        idf = self._idf
        weights = [idf[c] if tf == 1 else idf[c] * (1.0 + math.log(tf)) for c, tf in counts.items()]
        return list(counts), weights, known / len(all_words)

    # Both paths below do the same float64 arithmetic in the same order (sums run over
    # features in phrase order, votes over rows in row order), so a title gets the same
    # result alone as in a batch; tests check it.

    def _rank_one(self, phrase: str) -> tuple[tuple[str, float], ...]:
        """Rank one phrase: numpy for the index and Naive Bayes, plain Python for the few
        rows and codes that remain (cheaper than numpy calls at this size)."""
        if not phrase:
            return ()
        exact = self.model.row_index.get(phrase, -1)
        terms = self._terms(phrase)
        entries: list[tuple[int, float]] = [(exact, 1.0)] if exact >= 0 else []
        naive_bayes: dict[int, float] = {}
        coverage = 1.0
        if terms is not None:
            columns, raw, coverage = terms
            norm = math.sqrt(sum(w * w for w in raw))
            weights = [w / norm for w in raw]
            rows, cosines = self._cosines_one(columns, weights)
            rows, cosines = rows.tolist(), cosines.tolist()
            if exact in rows:
                at = rows.index(exact)
                del rows[at], cosines[at]
            if rows:
                fuzzy = process.cdist(
                    [" ".join(sorted(phrase.split()))], [self._sorted_row(r) for r in rows], scorer=fuzz.ratio, dtype=np.float64, workers=1
                )[0].tolist()
                entries.extend(
                    (r, min(1.0, _COSINE_SHARE * c + (1 - _COSINE_SHARE) * (f / 100.0))) for r, c, f in zip(rows, cosines, fuzzy, strict=True)
                )
            cells, posteriors = self._naive_bayes(
                np.asarray(columns, dtype=np.int32), np.asarray(weights), np.array([0, len(columns)]), np.array([len(columns)]), single=True
            )
            naive_bayes = dict(zip(cells.tolist(), posteriors.tolist(), strict=True))
        votes: dict[int, float] = {}
        closeness: dict[int, float] = {}
        total = 0.0
        row_ptr, pair_code, pair_share = self._row_ptr_list, self._pair_code_list, self._pair_share_list
        for row, similarity in entries:
            kernel = similarity**_SHARPNESS
            total += kernel
            for pair in range(row_ptr[row], row_ptr[row + 1]):
                code = pair_code[pair]
                votes[code] = votes.get(code, 0.0) + kernel * pair_share[pair]
                if similarity > closeness.get(code, 0.0):
                    closeness[code] = similarity
        if total <= 0:
            return ()
        factor = 1.0 if exact >= 0 else coverage
        scored = [
            (-((_NB_SHARE * naive_bayes.get(code, 0.0) + (1 - _NB_SHARE) * votes.get(code, 0.0) / total) * (factor * (0.5 + 0.5 * closeness.get(code, 0.0)))), code)
            for code in votes.keys() | naive_bayes.keys()
        ]
        scored.sort()
        names = self.model.codes
        return tuple((names[code], round(-score, 6)) for score, code in scored[: self._keep])

    def _sorted_row(self, row: int) -> str:
        """A knowledge-base row with its words sorted (token_sort_ratio == ratio of these)."""
        found = self._sorted_rows.get(row)
        if found is None:
            found = self._sorted_rows[row] = " ".join(sorted(self.model.rows[row].split()))
        return found

    def _cosines_one(self, columns: list[int], weights: list[float]) -> tuple[np.ndarray, np.ndarray]:
        """Top rows of one query and their cosines: the features' index slices, weighted
        and summed per row with one ``bincount`` (no per-call scipy objects)."""
        index = self._index
        indptr = index.indptr
        spans = [(indptr[c], indptr[c + 1]) for c in columns]
        lengths = [end - start for start, end in spans]
        if not sum(lengths):
            return np.empty(0, dtype=np.int64), np.empty(0)
        rows = np.concatenate([index.indices[start:end] for start, end in spans])
        values = np.concatenate([index.data[start:end] for start, end in spans]) * np.repeat(weights, lengths)
        values = np.bincount(rows, weights=values, minlength=self._n_rows)[rows]
        if len(spans) > 1:
            # A row shared by several features appears once per feature: keep one copy.
            marker = self._marker
            positions = np.arange(len(rows), dtype=np.int32)
            marker[rows] = positions
            first = marker[rows] == positions
            rows, values = rows[first], values[first]
        best = _best(values, rows)
        rows, values = rows[best], values[best]
        order = np.argsort(rows)
        return rows[order], values[order]

    def _rank_phrases(self, phrases: list[str]) -> list[tuple[tuple[str, float], ...]]:
        """Rank phrases (not cached) as one batch: nearest rows (one sparse product),
        their vote, Naive Bayes (one sparse product), combined; vectorized throughout."""
        model = self.model
        n = len(phrases)
        n_codes = self._n_codes
        exact = np.fromiter((model.row_index.get(p, -1) for p in phrases), dtype=np.int64, count=n)
        has_exact = exact >= 0
        coverage = np.ones(n)
        query_of: list[int] = []
        columns: list[int] = []
        raw: list[float] = []
        for i, phrase in enumerate(phrases):
            terms = self._terms(phrase) if phrase else None
            if terms is not None:
                cols, weights, coverage[i] = terms
                columns.extend(cols)
                raw.extend(weights)
                query_of.extend([i] * len(cols))
        q_of = np.asarray(query_of, dtype=np.int64)
        q_cols = np.asarray(columns, dtype=np.int32)
        q_size = np.bincount(q_of, minlength=n)
        q_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(q_size, out=q_ptr[1:])
        raw_weights = np.asarray(raw, dtype=np.float64)
        weights = raw_weights / np.sqrt(np.bincount(q_of, weights=raw_weights * raw_weights, minlength=n))[q_of]

        # 1. The nearest rows by cosine, re-scored with rapidfuzz; an exact row scores 1.
        cand_query, cand_rows, cosines = self._similar_rows_batch(q_cols, weights, q_ptr, n)
        not_exact = cand_rows != exact[cand_query]
        cand_query, cand_rows, cosines = cand_query[not_exact], cand_rows[not_exact], cosines[not_exact]
        if len(cand_rows):
            sorted_phrases = np.array([" ".join(sorted(p.split())) for p in phrases], dtype=object)
            fuzzy = process.cpdist(
                sorted_phrases[cand_query].tolist(), [self._sorted_row(r) for r in cand_rows.tolist()], scorer=fuzz.ratio,
                dtype=np.float64, workers=1,
            )
            similarity = np.minimum(1.0, _COSINE_SHARE * cosines + (1 - _COSINE_SHARE) * (fuzzy / 100.0))
        else:
            similarity = np.zeros(0)
        # Exact rows vote first, as in the single path.
        exact_query = np.flatnonzero(has_exact)
        entry_query = np.concatenate((exact_query, cand_query))
        entry_row = np.concatenate((exact[has_exact], cand_rows))
        entry_sim = np.concatenate((np.ones(len(exact_query)), similarity))
        order = np.argsort(entry_query, kind="stable")
        entry_query, entry_row, entry_sim = entry_query[order], entry_row[order], entry_sim[order]

        # 2. A kernel-weighted vote of the rows: sharp (similarity ** _SHARPNESS), so an
        # exact row outvotes dozens of loose neighbours; each row votes for its codes in
        # proportion to the squared source weights. Cells are query * n_codes + code.
        starts = self._row_ptr[entry_row]
        lengths = self._row_ptr[entry_row + 1] - starts
        pair = _ranges(starts, lengths)
        kernel = entry_sim**_SHARPNESS
        total = np.bincount(entry_query, weights=kernel, minlength=n)
        cell = np.repeat(entry_query * n_codes, lengths) + self._pair_code[pair]
        votes = np.bincount(cell, weights=np.repeat(kernel, lengths) * self._pair_share[pair], minlength=n * n_codes)
        closeness = np.zeros(n * n_codes)  # similarity of the code's best row
        np.maximum.at(closeness, cell, np.repeat(entry_sim, lengths))

        # 3. Naive Bayes posterior P(code | title words) (uniform prior), top codes only.
        naive_bayes = np.zeros(n * n_codes)
        nb_cells, nb_posterior = self._naive_bayes(q_cols, weights, q_ptr, q_size, single=False)
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

    def _similar_rows_batch(self, columns: np.ndarray, weights: np.ndarray, q_ptr: np.ndarray, n: int):
        """Top rows of every query: one sparse product (queries x rows), then the best
        ``_CANDIDATE_ROWS`` entries of each query, in row order."""
        queries = CSR.from_arrays(weights, columns, q_ptr, (n, self._n_features))
        product = queries.matmul(self._index)
        ptr, rows, values = product.indptr, product.indices, product.data
        counts = np.diff(ptr)
        few = counts <= _CANDIDATE_ROWS
        many = np.flatnonzero(~few)
        chosen = [np.flatnonzero(np.repeat(few, counts))]
        cuts = []
        for i in many.tolist():
            start, end = ptr[i], ptr[i + 1]
            # the _CANDIDATE_ROWS best, and the next one, in place
            part = np.argpartition(-values[start:end], (_CANDIDATE_ROWS - 1, _CANDIDATE_ROWS)) + start
            chosen.append(part[:_CANDIDATE_ROWS])
            cuts.append(part[_CANDIDATE_ROWS - 1 : _CANDIDATE_ROWS + 1])
        if cuts:
            # A tie across the cut goes to the lower row (as in ``_best``): redo those.
            cuts = np.array(cuts)
            for k in np.flatnonzero(values[cuts[:, 0]] == values[cuts[:, 1]]).tolist():
                start, end = ptr[many[k]], ptr[many[k] + 1]
                chosen[1 + k] = _best(values[start:end], rows[start:end]) + start
        picked = np.concatenate(chosen)
        query = np.repeat(np.arange(n), counts)[picked]
        order = np.argsort(query * self._n_rows + rows[picked])
        picked = picked[order]
        return query[order], rows[picked], values[picked]

    def _naive_bayes(self, columns, weights, q_ptr, q_size, single: bool) -> tuple[np.ndarray, np.ndarray]:
        """Posterior P(code | title words) of the Naive Bayes model (uniform prior) for each
        query's ``_NB_TOP`` best codes, where above 1e-4: (query * n_codes + code) cells
        and their posteriors."""
        n_codes = self._n_codes
        if not len(weights):
            return np.empty(0, dtype=np.int64), np.empty(0)
        counts = self._nb_t
        if single:
            used = _ZERO
            x_list = weights.tolist()
            factor = len(x_list) / sum(x_list)
            x_list = [w * factor for w in x_list]
            indptr = counts.indptr
            spans = [(indptr[c], indptr[c + 1]) for c in columns.tolist()]
            codes = np.concatenate([counts.indices[start:end] for start, end in spans])
            values = np.concatenate([counts.data[start:end] for start, end in spans]) * np.repeat(x_list, [end - start for start, end in spans])
            log_likelihood = (np.bincount(codes, weights=values, minlength=n_codes) + sum(x_list) * self._nb_negative_denominator)[None, :]
        else:
            used = np.flatnonzero(q_size)
            owner = np.repeat(np.arange(len(used)), q_size[used])
            # Term weights scaled to sum to the number of features, as counts would.
            x = weights * (q_size[used] / np.bincount(owner, weights=weights))[owner]
            x_sum = np.bincount(owner, weights=x)
            # queries without terms have no entries: the used queries' pointers suffice
            queries = CSR.from_arrays(x, columns, np.append(q_ptr[used], q_ptr[-1]), (len(used), self._n_features))
            log_likelihood = queries.matmul(counts).toarray() + x_sum[:, None] * self._nb_negative_denominator[None, :]
        log_likelihood -= log_likelihood.max(axis=1, keepdims=True)
        # Only codes within ln(1e-4) of the best can pass 1e-4 (the normalizer is >= 1).
        local, code = np.nonzero(log_likelihood > _NB_MIN_LOG)
        posterior = np.exp(log_likelihood, out=log_likelihood)
        normalizer = posterior.sum(axis=1)
        value = posterior[local, code] / normalizer[local]
        passed = value > 1e-4
        local, code, value = local[passed], code[passed], value[passed]
        over = np.bincount(local, minlength=len(used)) > _NB_TOP
        if over.any():
            # Keep each such query's _NB_TOP best (ties: lower code); order is irrelevant.
            crowded = np.flatnonzero(over[local])
            order = crowded[np.lexsort((code[crowded], -value[crowded], local[crowded]))]
            rank = np.arange(len(order)) - np.searchsorted(local[order], local[order])
            keep = np.ones(len(local), dtype=bool)
            keep[order[rank >= _NB_TOP]] = False
            local, code, value = local[keep], code[keep], value[keep]
        return used[local] * n_codes + code, value

    def _top_codes(self, n: int, query: np.ndarray, code: np.ndarray, scores: np.ndarray) -> list[tuple[tuple[str, float], ...]]:
        """Each query's best codes by score, then code (``query`` ascending, and ``code``
        ascending within a query), with scores rounded to 6 decimals."""
        order = np.lexsort((-scores, query))  # stable: equal scores stay in code order
        query, code, scores = query[order], code[order], scores[order]
        kept = np.arange(len(query)) - np.searchsorted(query, query) < self._keep
        query, names = query[kept], self._code_names[code[kept]].tolist()
        scores = [round(v, 6) for v in scores[kept].tolist()]
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
        top_k = self.top_k
        for code, value in ranked:
            if len(out) >= top_k:
                break
            if code != chosen:
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


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenated ``range(start, start + length)`` for each pair."""
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))


def _best(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Positions of the ``_CANDIDATE_ROWS`` largest values; ties at the cut go to the
    lower row, so every path picks the same rows."""
    if len(values) <= _CANDIDATE_ROWS:
        return np.arange(len(values))
    top = np.argpartition(-values, _CANDIDATE_ROWS - 1)[:_CANDIDATE_ROWS]
    cut = values[top].min()
    if np.count_nonzero(values >= cut) == _CANDIDATE_ROWS:
        return top
    return np.lexsort((rows, -values))[:_CANDIDATE_ROWS]
