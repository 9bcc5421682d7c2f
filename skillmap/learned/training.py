"""Build-time training of the learned skill classifier (scikit-learn; never imported at
run time, where :mod:`skillmap.learned.skills` reads the arrays with numpy alone).

Training sentences are the job sentences of postings as the rules' extractor cuts them
(``Extractor.job_sentences``), so training and run time see the same units:

- labeled postings (gold files): a sentence is positive for a gold skill when a rule
  mention of it or the annotators' evidence quote lies in it; rule mentions of skills not
  in the gold set are negatives (company product words, culture statements);
- unlabeled pools: weak labels, the skills the rules find demanded in the sentence;
- the taxonomy: each skill's label, description, ``counts_when`` and aliases.

The decision thresholds are chosen by cross-validation by posting over the labeled
postings (precision first: an added skill must be at least as often right as the rules'
own skills are). Nothing of the training data is stored, only the fitted arrays.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import ModelError
from ..extractor import expand_broader  # build time only: run time never imports this module
from .skills import SkillClassifier, feature_rows, sentence_features

GOLD_WEIGHT = 3.0
TAXONOMY_WEIGHT = 2.0
WEAK_WEIGHT = 1.0
POOL_FILES = ("zhou2022_pool.jsonl.gz", "remote_postings_sample.jsonl.gz")
# Grid of decision levels tried by cross-validation (probabilities).
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
REJECTS = (None, 0.005, 0.01, 0.02, 0.05)
# Categories the stage learns: the held-out errors it is for are paraphrased specialized
# skills; common skills suffer from over-broad matches, which more recall only worsens
# (on the dev sets a stage for all categories added "communication" for machines that
# communicate).
LEARNED_CATEGORIES = ("specialized",)
# Share of the skills the stage adds that must be right (out of fold) for a threshold to
# be allowed: more often right than wrong, above the F1 break-even of about F1/2.
ADD_PRECISION = 0.5
# A stage that does not gain this much F1 out of fold stays off (threshold above 1): on
# ~100 labeled postings smaller gains are within the noise of the threshold choice.
MIN_GAIN = 0.005


@dataclass
class LabeledPosting:
    """One posting; ``gold`` is None for an unlabeled (pool) posting."""

    pid: str
    text: str
    title: str | None = None
    company: str | None = None
    gold: set[str] | None = None
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (skill id, quote)


@dataclass
class PreparedPosting:
    """A posting cut into the sentences the learned stage reads, with their labels."""

    pid: str
    texts: list[str]
    labels: list[set[str]]
    weight: float
    labeled: bool
    found: set[str] = field(default_factory=set)  # skills the rules mention (implied parents too)


def _read_jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    rows = []
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as err:
                        raise ModelError(f"{path}:{number}: not valid JSON ({err.msg})", code="E303") from None
    except OSError as err:
        raise ModelError(f"training data {path} unreadable: {err}", code="E303") from None
    return rows


def _pid(row: dict) -> str:
    return str(row.get("pid", row.get("id")))


def read_labeled(gold_path: str | Path, postings_path: str | Path) -> list[LabeledPosting]:
    """Postings of a gold file (demanded skills and evidence quotes) with their texts."""
    gold_path, postings_path = Path(gold_path), Path(postings_path)
    texts = {_pid(r): r for r in _read_jsonl(postings_path)}
    out = []
    for number, row in enumerate(_read_jsonl(gold_path), 1):
        pid = _pid(row)
        posting = texts.get(pid)
        if posting is None or not isinstance(row.get("skills"), list):
            raise ModelError(
                f"{gold_path}:{number}: field 'pid' {pid!r} has no posting in {postings_path} or 'skills' is not a list",
                code="E303",
            )
        demanded = [s for s in row["skills"] if s.get("requirement", "required") in ("required", "preferred")]
        out.append(
            LabeledPosting(
                pid,
                posting.get("text") or "",
                posting.get("title"),
                posting.get("company"),
                {s["id"] for s in demanded},
                [(s["id"], s["evidence"]) for s in demanded if s.get("evidence")],
            )
        )
    return out


def read_pool(path: str | Path) -> list[LabeledPosting]:
    return [
        LabeledPosting(_pid(r), r.get("text") or "", r.get("title"), r.get("company"))
        for r in _read_jsonl(Path(path))
        if isinstance(r.get("text"), str) and r["text"].strip()
    ]


def read_data_dir(
    data_dir: str | Path, extra: Sequence[tuple[str | Path, str | Path]] = ()
) -> tuple[list[LabeledPosting], list[LabeledPosting]]:
    """Labeled postings (every ``X_gold.jsonl`` with its ``X_postings.jsonl``, plus
    ``extra`` (gold, postings) pairs) and the unlabeled pools of a data directory."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise ModelError(f"training data directory not found: {data_dir}", code="E303")
    pairs = [(g, g.with_name(g.name.replace("_gold.jsonl", "_postings.jsonl"))) for g in sorted(data_dir.glob("*_gold.jsonl"))]
    pairs += [(Path(g), Path(p)) for g, p in extra]
    labeled = [p for gold, postings in pairs for p in read_labeled(gold, postings)]
    pools = [p for name in POOL_FILES if (data_dir / name).is_file() for p in read_pool(data_dir / name)]
    return labeled, pools


def prepare(extractor, posting: LabeledPosting) -> PreparedPosting:
    """Cut a posting into job sentences labeled as the module docstring says."""
    sentences, mentions = extractor.job_sentences(posting.text, title=posting.title, company=posting.company)
    texts = [text for _, _, text in sentences]
    labels: list[set[str]] = [set() for _ in sentences]
    starts = [m for m in mentions if m.source == "text"]
    found = expand_broader({m.skill_id for m in mentions}, extractor.broader)
    if posting.gold is None:
        for i, (start, end, _) in enumerate(sentences):
            labels[i] = {m.skill_id for m in starts if m.demanded and start <= m.start < end}
        return PreparedPosting(posting.pid, texts, labels, WEAK_WEIGHT, False, found)
    gold = expand_broader(posting.gold, extractor.broader)
    for i, (start, end, _) in enumerate(sentences):
        labels[i] = {m.skill_id for m in starts if m.skill_id in gold and start <= m.start < end}
    lowered = posting.text.lower()
    for skill_id, quote in posting.evidence:
        at = lowered.find(quote.lower().strip())
        hit = False
        if at >= 0:
            end = at + len(quote.strip())
            for i, (s_start, s_end, _) in enumerate(sentences):
                if s_start < end and at < s_end:
                    labels[i].add(skill_id)
                    hit = True
        if not hit:  # quote not in a job sentence as cut: learn from the quote itself
            texts.append(quote)
            labels.append({skill_id})
    return PreparedPosting(posting.pid, texts, labels, GOLD_WEIGHT, True, found)


def taxonomy_examples(taxonomy) -> PreparedPosting:
    """Each skill's label, description, counts_when and aliases, as positive sentences."""
    texts, labels = [], []
    for skill in taxonomy.skills:
        for text in (skill.label, skill.description, skill.counts_when, *skill.aliases):
            if text:
                texts.append(text)
                labels.append({skill.id})
    return PreparedPosting("taxonomy", texts, labels, TAXONOMY_WEIGHT, False)


def fit(
    prepared: Iterable[PreparedPosting],
    skill_ids: Sequence[str],
    *,
    min_df: int = 3,
    alpha: float = 2e-5,
    epochs: int = 5,
    unlabeled_keep: float = 0.2,
    seed: int = 0,
) -> SkillClassifier:
    """One-vs-rest logistic regression (scikit-learn's SGD, log loss) over the prepared
    sentences; liblinear gives the same kind of model about ten times slower, too slow
    to retrain per cross-validation fold.

    Sentences of pool postings that no rule labels are kept at random with probability
    ``unlabeled_keep`` (they are most of the data and say little); thresholds are left
    at 0.5 for :func:`train` to choose.
    """
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import SGDClassifier

    rng = random.Random(seed)
    texts: list[str] = []
    labels: list[set[str]] = []
    weights: list[float] = []
    # Residual task: the stage is only asked about skills the rules did not find, so a
    # skill learns from the postings where the rules missed it (its evidence sentences
    # against the rest) and from verified sentences; sentences of a posting where the
    # rules found it and nobody confirmed the sentence say nothing (weight 0).
    silent: list[set[str]] = []
    for posting in prepared:
        for text, label in zip(posting.texts, posting.labels, strict=True):
            if not posting.labeled and posting.pid != "taxonomy" and rng.random() > unlabeled_keep:
                continue
            texts.append(text)
            labels.append(label)
            weights.append(posting.weight)
            silent.append(posting.found - label if posting.labeled else posting.found)
    counts: dict[str, int] = {}
    for text in texts:
        for feature in sentence_features(text):
            counts[feature] = counts.get(feature, 0) + 1
    vocabulary = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_df))}
    data, indices, indptr = feature_rows(texts, vocabulary)
    x = csr_matrix((data, indices, indptr), shape=(len(texts), len(vocabulary)))
    sample_weight = np.asarray(weights)
    coef = np.zeros((len(vocabulary), len(skill_ids)), dtype=np.float32)
    bias = np.full(len(skill_ids), -10.0, dtype=np.float32)
    for k, skill_id in enumerate(skill_ids):
        y = np.fromiter((skill_id in label for label in labels), dtype=bool, count=len(labels))
        if y.sum() < 3:
            continue
        mask = np.fromiter((skill_id not in s for s in silent), dtype=bool, count=len(silent))
        model = SGDClassifier(loss="log_loss", alpha=alpha, max_iter=epochs, tol=None, random_state=seed)
        model.fit(x, y, sample_weight=sample_weight * mask)
        coef[:, k] = model.coef_[0]
        bias[k] = model.intercept_[0]
    # Features that move no skill's score are dropped: a smaller file, the same scores
    # to within float16 rounding.
    keep = np.flatnonzero(np.abs(coef).max(axis=1) >= 0.01)
    features = sorted(vocabulary, key=vocabulary.__getitem__)
    kept_vocabulary = {features[i]: j for j, i in enumerate(keep)}
    return SkillClassifier(list(skill_ids), kept_vocabulary, coef[keep], bias, threshold=0.5)


def _probability(rule: str, key: str) -> float:
    """The probability a learned rule label records after ``key`` ("learned:0.412 ...")."""
    return float(rule.split(key, 1)[1].split()[0])


def decisions(extractor, classifier: SkillClassifier, postings: Sequence[LabeledPosting]) -> list[dict]:
    """Per labeled posting: the gold set, the rules' demanded skills that the learned
    stage leaves alone, rejectable rule skills and learned candidates with their
    probability (the classifier run with threshold 0 and reject 1, so every option shows)."""
    probe = SkillClassifier(
        classifier.skill_ids, classifier.vocabulary, classifier.weights, classifier.bias, threshold=0.0, reject=1.0
    )
    probing = type(extractor)(extractor.taxonomy, extractor.context, extractor.index, learned=probe)
    out = []
    for posting in postings:
        result = probing.extract(posting.text or " ", title=posting.title, company=posting.company, id=posting.pid)
        kept: set[str] = set()
        rejectable: dict[str, float] = {}
        added: dict[str, float] = {}
        for m in result.mentions:
            if m.rule.startswith("learned:"):
                if m.demanded:  # not when a later rule (the role's limits) took it back
                    added[m.skill_id] = max(added.get(m.skill_id, 0.0), _probability(m.rule, "learned:"))
            elif "|learned-reject:" in m.rule:
                p = _probability(m.rule, "|learned-reject:")
                rejectable[m.skill_id] = max(rejectable.get(m.skill_id, 0.0), p)
            elif m.demanded:
                kept.add(m.skill_id)
        out.append({"gold": expand_broader(posting.gold or set(), extractor.broader), "kept": kept,
                    "rejectable": rejectable, "added": added})
    return out


def score_decisions(rows: list[dict], broader: dict[str, str], threshold: float | None, reject: float | None):
    """(tp, fp, fn) of rules + learned at the given levels (None: that part off)."""
    tp = fp = fn = 0
    for row in rows:
        predicted = set(row["kept"])
        predicted |= {s for s, p in row["rejectable"].items() if reject is None or p >= reject}
        if threshold is not None:
            predicted |= {s for s, p in row["added"].items() if p >= threshold}
        predicted = expand_broader(predicted, broader)
        tp += len(predicted & row["gold"])
        fp += len(predicted - row["gold"])
        fn += len(row["gold"] - predicted)
    return tp, fp, fn


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def choose_levels(rows: list[dict], broader: dict[str, str]) -> tuple[float | None, float | None, dict]:
    """Threshold and reject level with the best F1 on out-of-fold rows, precision first:
    a level is allowed only if what it adds is right at least ``ADD_PRECISION`` of the
    time, what it removes is more often wrong than right, and together they gain at least
    ``MIN_GAIN`` F1 over the rules alone; otherwise both stay off (None)."""
    base_tp, base_fp, base_fn = score_decisions(rows, broader, None, None)
    best = (_f1(base_tp, base_fp, base_fn), None, None)
    for reject in REJECTS:
        tp_r, fp_r, fn_r = score_decisions(rows, broader, None, reject)
        if reject is not None and (base_tp - tp_r) >= (base_fp - fp_r):
            continue  # removes as many right skills as wrong ones
        for threshold in (None, *sorted(THRESHOLDS, reverse=True)):  # ties: the higher level
            tp, fp, fn = score_decisions(rows, broader, threshold, reject)
            added_tp, added_fp = tp - tp_r, fp - fp_r
            if threshold is not None and added_tp + added_fp and added_tp / (added_tp + added_fp) < ADD_PRECISION:
                continue
            f1 = _f1(tp, fp, fn)
            if f1 > best[0] + 1e-9 and f1 >= _f1(base_tp, base_fp, base_fn) + MIN_GAIN:
                best = (f1, threshold, reject)
    return best[1], best[2], {"cv_f1": round(best[0], 4), "rules_cv_f1": round(_f1(base_tp, base_fp, base_fn), 4)}


def train(
    extractor,
    labeled: Sequence[LabeledPosting],
    pools: Sequence[LabeledPosting],
    *,
    folds: int = 3,
    seed: int = 0,
    exclude: Iterable[str] = (),
    prepared: dict[str, PreparedPosting] | None = None,
    categories: Sequence[str] = LEARNED_CATEGORIES,
    use_pools: bool = True,
) -> SkillClassifier:
    """Fit the classifier on everything not in ``exclude`` (posting ids), choosing its
    levels by ``folds``-fold cross-validation by posting over the labeled postings.

    ``extractor`` must run the rules only (its ``learned`` is None while preparing).
    ``prepared`` caches :func:`prepare` by posting id across calls (cross-validation).
    """
    if extractor.learned is not None:
        raise ModelError("train() needs a rules-only extractor (learned=None)", code="E303")
    excluded = set(exclude)
    labeled_ids = {p.pid for p in labeled}
    cache = prepared if prepared is not None else {}

    def prepared_of(posting: LabeledPosting) -> PreparedPosting:
        key = ("gold:" if posting.gold is not None else "pool:") + posting.pid
        if key not in cache:
            cache[key] = prepare(extractor, posting)
        return cache[key]

    train_labeled = [p for p in labeled if p.pid not in excluded]
    # A pool copy of a labeled posting (the Zhou pool holds the labeled Zhou ads) never
    # enters as weak labels: held-out folds stay unseen and kept ones count once.
    train_pool = [p for p in pools if use_pools and p.pid not in excluded and p.pid not in labeled_ids]
    pool_prepared = [prepared_of(p) for p in train_pool]
    taxonomy = taxonomy_examples(extractor.taxonomy)
    skill_ids = [s.id for s in extractor.taxonomy.skills if s.category in categories]
    order = sorted(train_labeled, key=lambda p: p.pid)
    random.Random(seed).shuffle(order)
    rows: list[dict] = []
    for fold in range(folds):
        held = order[fold::folds]
        held_ids = {p.pid for p in held}
        fitted = fit([taxonomy, *pool_prepared, *(prepared_of(p) for p in order if p.pid not in held_ids)], skill_ids, seed=seed)
        rows += decisions(extractor, fitted, held)
    threshold, reject, info = choose_levels(rows, extractor.broader)
    classifier = fit([taxonomy, *pool_prepared, *(prepared_of(p) for p in order)], skill_ids, seed=seed)
    classifier.threshold = 1.01 if threshold is None else threshold  # None: never adds
    classifier.reject = reject
    classifier.info = {
        **info,
        "labeled_postings": len(train_labeled),
        "pool_postings": len(train_pool),
        "folds": folds,
        "seed": seed,
        "features": len(classifier.vocabulary),
    }
    return classifier
