"""The static embedding: BERT word pieces re-implemented, vectors without pickle."""

import numpy as np
import pytest

from skillmap.errors import ModelError
from skillmap.learned.embeddings import (
    StaticEmbedding,
    basic_words,
    load_embedding,
    load_embedding_from,
    save_embedding,
)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Sr. EV Tech II", ["sr", ".", "ev", "tech", "ii"]),
        ("Café naïve", ["cafe", "naive"]),
        ("HVAC/R (Nights)", ["hvac", "/", "r", "(", "nights", ")"]),
        ("", []),
    ],
)
def test_basic_words_follow_bert_uncased(text, words):
    assert basic_words(text) == words


def test_unknown_words_split_into_greedy_longest_pieces():
    tiny = StaticEmbedding(["[UNK]", "wind", "winds", "##mith", "##s"], np.eye(5, 3, dtype=np.float32))
    assert [tiny.tokens[i] for i in tiny.word_pieces("windsmith")] == ["winds", "##mith"]
    assert tiny.word_pieces("zzz") == ()  # no piece sequence: dropped, as model2vec drops [UNK]


def test_encode_gives_unit_rows_and_zero_for_nothing_known():
    embedding = load_embedding()
    vectors = embedding.encode(["wind turbine technician", "", "\u4e2d"])
    assert vectors.shape == (3, embedding.dim) and vectors.dtype == np.float32
    assert np.isclose(np.linalg.norm(vectors[0]), 1.0, atol=1e-5)
    assert not vectors[1].any() and not vectors[2].any()


def test_an_unseen_word_lands_near_its_occupation():
    embedding = load_embedding()
    windsmith, wind, nurse = embedding.encode(["windsmith", "wind turbine technician", "registered nurse"])
    assert windsmith @ wind > windsmith @ nurse + 0.1


def test_round_trip_through_npz_and_json(tmp_path):
    vectors = np.random.default_rng(0).normal(size=(4, 8)).astype(np.float32)
    save_embedding(tmp_path, ["[UNK]", "a", "b", "##c"], vectors, {"method": "test"})
    loaded = load_embedding_from(tmp_path)
    cosine = (loaded.vectors * vectors).sum(1) / np.linalg.norm(loaded.vectors, axis=1) / np.linalg.norm(vectors, axis=1)
    assert loaded.tokens == ["[UNK]", "a", "b", "##c"] and cosine.min() > 0.99
    assert loaded.meta["method"] == "test"


def test_missing_embedding_directory_raises_e300(tmp_path):
    with pytest.raises(ModelError) as err:
        load_embedding_from(tmp_path / "nothing")
    assert err.value.code == "E300"


def test_bundled_embedding_is_small_and_has_no_pickle():
    from skillmap.learned.embeddings import MODEL_FILES, default_embedding_path

    directory = default_embedding_path()
    assert sorted(p.name for p in directory.iterdir() if not p.name.startswith(".")) == sorted(MODEL_FILES)
    assert sum((directory / name).stat().st_size for name in MODEL_FILES) < 4_000_000
    with np.load(directory / "vectors.npz", allow_pickle=False) as arrays:
        assert arrays["vectors"].dtype == np.int8


def test_a_long_text_is_read_only_up_to_the_token_limit():
    from skillmap.learned.embeddings import MAX_TOKENS

    embedding = load_embedding()
    long = "install chargers " * 5000
    assert len(embedding.token_ids(long)) == MAX_TOKENS
    assert np.allclose(embedding.encode([long])[0], embedding.encode(["install chargers " * 300])[0], atol=1e-6)
