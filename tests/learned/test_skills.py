"""The learned stage: arrays on disk, the extractor's hook, the spaCy component, and the
build-time choice of its levels. Classifiers here are written by hand (one feature per
skill), so the tests say exactly what the stage must do with a given score."""

from __future__ import annotations

import numpy as np
import pytest
import spacy

import skillmap
from skillmap.errors import ModelError
from skillmap.extractor import Extractor
from skillmap.learned.skills import SkillClassifier, load_if_present, sentence_features
from skillmap.learned.training import PreparedPosting, choose_levels, fit


def hand_classifier(reject=None) -> SkillClassifier:
    """'hydrau' (hydraulics) strongly demands mechanical_systems; 'snacks' says it is
    not demanded (a culture statement); everything else scores low."""
    vocabulary = {"hydrau": 0, "snacks": 1}
    weights = np.array([[12.0], [-12.0]], dtype=np.float32)
    return SkillClassifier(["mechanical_systems"], vocabulary, weights, np.array([-4.0]), threshold=0.5, reject=reject)


@pytest.fixture(scope="module")
def rules_and_learned(sm):
    rules = sm.extractor
    return Extractor(rules.taxonomy, rules.context, rules.index, learned=hand_classifier())


def test_features_share_stems_and_pairs():
    assert {"diagno", "equipm", "diagno equipm"} <= sentence_features("Diagnosing equipment")
    assert sentence_features("diagnose") & sentence_features("diagnostics") == {"diagno"}


def test_probabilities_follow_the_weights():
    p = hand_classifier().probabilities(["Repair hydraulic lifts", "Free snacks and hydraulics", "", "Answer phones"])
    assert p.shape == (4, 1)
    assert p[0, 0] > 0.99 and p[1, 0] < 0.02
    assert p[2, 0] == p[3, 0] == pytest.approx(1 / (1 + np.exp(4)))


def test_round_trip_is_byte_identical(tmp_path):
    first = hand_classifier(reject=0.01).to_dir(tmp_path / "a")
    loaded = SkillClassifier.from_dir(first)
    second = loaded.to_dir(tmp_path / "b")
    for name in ("meta.json", "weights.npy", "bias.npy"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    assert loaded.reject == 0.01 and loaded.threshold == 0.5
    assert load_if_present(tmp_path / "nowhere") is None


def test_wrong_format_or_shapes_are_model_errors(tmp_path):
    path = hand_classifier().to_dir(tmp_path / "m")
    meta = path / "meta.json"
    meta.write_text(meta.read_text().replace("skillmap.learned.skills.v1", "v0"))
    with pytest.raises(ModelError, match=r"E302.*format"):
        SkillClassifier.from_dir(path)
    with pytest.raises(ModelError, match="E302"):
        SkillClassifier(["a", "b"], {"x": 0}, np.zeros((1, 1)), np.zeros(1), threshold=0.5)


TEXT = "Responsibilities:\n- Repair hydraulic lifts and presses on the line.\n- Keep the shop clean."


def test_adds_a_skill_the_rules_miss_with_the_sentence_as_evidence(sm, rules_and_learned):
    assert "mechanical_systems" not in sm.extractor.__class__(
        sm.extractor.taxonomy, sm.extractor.context, sm.extractor.index
    ).extract(TEXT).demanded_ids()
    result = rules_and_learned.extract(TEXT)
    added = [m for m in result.mentions if m.rule.startswith("learned:")]
    assert [m.skill_id for m in added] == ["mechanical_systems"]
    mention = added[0]
    assert TEXT[mention.start : mention.end] == mention.text == "Repair hydraulic lifts and presses on the line."
    assert mention.requirement == "required" and float(mention.rule.split(":")[1]) > 0.99


def test_leaves_boilerplate_and_skills_the_rules_decided(rules_and_learned):
    benefits = "Benefits:\n- Discounts on hydraulic lifts for employees."
    assert "mechanical_systems" not in rules_and_learned.extract(benefits).demanded_ids()
    # The rules find mechanical_systems themselves: no second, learned mention.
    text = "Troubleshoot mechanical systems. Repair hydraulic lifts."
    rules_only = {m.rule for m in rules_and_learned.extract(text).mentions if m.skill_id == "mechanical_systems"}
    assert rules_only and not any(r.startswith("learned:") for r in rules_only)


def test_reject_level_takes_a_rule_mention_for_no_demand(sm):
    rules = sm.extractor
    text = "Troubleshoot mechanical systems for the free snacks team."
    assert "mechanical_systems" in rules.extract(text).demanded_ids()
    rejecting = Extractor(rules.taxonomy, rules.context, rules.index, learned=hand_classifier(reject=0.05))
    result = rejecting.extract(text)
    assert "mechanical_systems" not in result.demanded_ids()
    assert any("|learned-reject:" in m.rule for m in result.mentions if m.skill_id == "mechanical_systems")


def test_spacy_component_gives_the_same_mentions_as_extract(sm, rules_and_learned):
    from skillmap.pipeline.build import build_pipeline

    nlp = build_pipeline(sm.taxonomy, learned=hand_classifier())
    assert "skillmap_learned" in nlp.pipe_names
    doc = nlp(TEXT)
    spans = {(s.label_, s.start_char, s.end_char, s._.skill_rule[:8]) for s in doc.spans["skills"]}
    expected = {(m.skill_id, m.start, m.end, m.rule[:8]) for m in rules_and_learned.extract(TEXT).mentions}
    assert spans == expected
    assert skillmap.Skillmap(nlp).extract(TEXT).demanded_ids() == rules_and_learned.extract(TEXT).demanded_ids()


def test_component_round_trips_through_disk(tmp_path, sm):
    from skillmap.pipeline.build import build_pipeline

    nlp = build_pipeline(sm.taxonomy, learned=hand_classifier())
    nlp.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    assert loaded.get_pipe("skillmap_learned").classifier.vocabulary == {"hydrau": 0, "snacks": 1}


def test_fit_learns_a_paraphrase_from_labeled_sentences():
    texts = ["Repair hydraulic presses", "Service hydraulic lifts", "Hydraulic systems upkeep",
             "Answer the phone", "Greet visitors", "File invoices", "Schedule meetings"]
    labels = [{"mechanical_systems"}] * 3 + [set()] * 4
    posting = PreparedPosting("gold", texts * 3, labels * 3, 3.0, True)
    classifier = fit([posting], ["mechanical_systems"], min_df=1)
    p = classifier.probabilities(["hydraulic pumps on the line", "answer the phone"])[:, 0]
    assert p[0] > 0.5 > p[1]


def test_levels_are_precision_first():
    broader: dict[str, str] = {}
    # Adding at 0.35 gains 1 right skill and 3 wrong ones: not allowed; at 0.8 1 right, 0 wrong.
    rows = [
        {"gold": {"a", "b"}, "kept": {"a"}, "rejectable": {}, "added": {"b": 0.85, "c": 0.35}},
        {"gold": {"a"}, "kept": {"a"}, "rejectable": {}, "added": {"d": 0.35, "e": 0.35}},
    ]
    threshold, reject, info = choose_levels(rows, broader)
    assert threshold == 0.8 and reject is None
    assert info["cv_f1"] > info["rules_cv_f1"]
    # Nothing worth adding: the stage stays off.
    threshold, _, _ = choose_levels([{**rows[1], "added": {"d": 0.9}}], broader)
    assert threshold is None
