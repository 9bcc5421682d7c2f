"""A static word-piece embedding: text -> one unit vector, with numpy alone.

The vectors are a model2vec distillation of the all-MiniLM-L6-v2 sentence encoder (every
word piece of its vocabulary passed through the transformer once, reduced by PCA and
weighted by word frequency; see :mod:`.distill`, which needs torch and runs only at build
time). A text's vector is the mean of its word pieces' vectors, L2-normalized, exactly as
model2vec's ``StaticModel.encode`` computes it; the word-piece tokenizer (BERT's: lower
case, accents stripped, punctuation split off, greedy longest-match pieces) is
re-implemented here so run time needs no tokenizer library. An unseen word still gets a
vector from its pieces ("electro", "##mechanic"), which lands it near its neighbours.

    >>> from skillmap.learned.embeddings import load_embedding
    >>> vectors = load_embedding().encode(["wind turbine technician", "windsmith"])
    >>> vectors.shape
    (2, 128)

Stored in ``models/embeddings/`` without pickle: ``meta.json``, ``vocab.json.gz`` (the word
pieces in row order) and ``vectors.npz`` (int8 vectors with one float scale per row).
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import ModelError

MODEL_NAME = "embeddings"
FORMAT_VERSION = 1
MODEL_FILES = ("meta.json", "vocab.json.gz", "vectors.npz")
CONTINUATION = "##"
MAX_WORD_CHARS = 100
MAX_TOKENS = 512
_WORD_CACHE_SIZE = 200_000


def default_embedding_path() -> Path:
    return Path(str(resources.files("skillmap.models").joinpath(MODEL_NAME)))


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


class _BertChars(dict):
    """``str.translate`` table doing BERT's uncased clean-up per character, filled on first
    sight of each: control characters dropped, whitespace a space, lower case with accents
    stripped (NFD, combining marks dropped), punctuation and CJK characters spaced apart
    so that ``split()`` makes them words of their own."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char.isspace():
            value = " "
        elif code == 0 or code == 0xFFFD or unicodedata.category(char).startswith("C"):
            value = ""
        elif _is_punctuation(char) or _is_cjk(code):
            value = f" {char} "
        else:
            value = "".join(c for c in unicodedata.normalize("NFD", char.lower()) if unicodedata.category(c) != "Mn")
            if value and any(_is_punctuation(c) for c in value):
                value = "".join(f" {c} " if _is_punctuation(c) else c for c in value)
        self[code] = value
        return value


_BERT_CHARS = _BertChars()
# A word piece takes at least one character: this many characters always hold MAX_TOKENS.
_CHUNK = 4096


def basic_words(text: str) -> list[str]:
    """BERT's basic tokenization (uncased): control characters dropped, lower case,
    accents stripped, every punctuation mark and CJK character a word of its own."""
    return text.translate(_BERT_CHARS).split()


class StaticEmbedding:
    """Word-piece vectors and the tokenizer that maps text onto them."""

    def __init__(self, tokens: list[str], vectors: np.ndarray, meta: dict | None = None):
        if len(tokens) != len(vectors):
            raise ModelError(f"embedding has {len(tokens)} tokens but {len(vectors)} vectors", code="E300")
        self.tokens = tokens
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.meta = meta or {}
        self.dim = int(self.vectors.shape[1])
        self._ids = {token: i for i, token in enumerate(tokens)}
        self._max_piece = max((len(t) for t in tokens), default=1)
        self._word_cache: dict[str, tuple[int, ...]] = {}

    def word_pieces(self, word: str) -> tuple[int, ...]:
        """Ids of a basic word's pieces, greedy longest match first (BERT's WordPiece);
        () when the word has no piece sequence (its [UNK] is dropped, as model2vec does)."""
        found = self._word_cache.get(word)
        if found is not None:
            return found
        ids = self._ids
        pieces: list[int] = []
        if len(word) <= MAX_WORD_CHARS:
            start, n = 0, len(word)
            while start < n:
                end = min(n, start + self._max_piece)
                piece = None
                while end > start:
                    candidate = word[start:end] if start == 0 else CONTINUATION + word[start:end]
                    piece = ids.get(candidate)
                    if piece is not None:
                        break
                    end -= 1
                if piece is None:
                    pieces = []
                    break
                pieces.append(piece)
                start = end
        found = tuple(pieces)
        if len(self._word_cache) >= _WORD_CACHE_SIZE:
            self._word_cache.clear()
        self._word_cache[word] = found
        return found

    def token_ids(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        """The text's first ``max_tokens`` word-piece ids (model2vec truncates at 512); a
        long text is read chunk by chunk (cut at whitespace) until that many are found."""
        out: list[int] = []
        start = 0
        while start < len(text):
            end = start + _CHUNK
            if end < len(text):
                cut = text.rfind(" ", start, end)
                end = cut + 1 if cut > start else end
            for word in basic_words(text[start:end]):
                out.extend(self.word_pieces(word))
                if len(out) >= max_tokens:
                    return out[:max_tokens]
            start = end
        return out

    def encode(self, texts: list[str], *, max_tokens: int = MAX_TOKENS) -> np.ndarray:
        """One L2-normalized float32 row per text (a zero row for a text with no known
        piece), from its first ``max_tokens`` word pieces."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        vectors = self.vectors
        for row, text in enumerate(texts):
            ids = self.token_ids(text, max_tokens) if isinstance(text, str) else []
            if len(ids) == 1:
                out[row] = vectors[ids[0]]
            elif ids:
                vectors[ids].sum(axis=0, out=out[row])
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


def save_embedding(output: str | Path, tokens: list[str], vectors: np.ndarray, meta: dict) -> Path:
    """Write tokens and vectors (int8 with a float32 scale per row: 4x smaller than float32,
    cosine error under 1%) to ``output``."""
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    vectors = np.asarray(vectors, dtype=np.float32)
    scale = np.abs(vectors).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    quantized = np.round(vectors / scale[:, None]).astype(np.int8)
    np.savez_compressed(output / "vectors.npz", vectors=quantized, scale=scale.astype(np.float32))
    raw = json.dumps(tokens, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    (output / "vocab.json.gz").write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    meta = {"name": MODEL_NAME, "format_version": FORMAT_VERSION, "tokens": len(tokens), "dims": int(vectors.shape[1]), **meta}
    (output / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return output


def load_embedding_from(path: str | Path) -> StaticEmbedding:
    """Load an embedding directory; nothing is unpickled."""
    directory = Path(path)
    try:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format_version") != FORMAT_VERSION:
            raise ModelError(
                f"embedding at {directory} has format {meta.get('format_version')}, expected {FORMAT_VERSION}",
                code="E300",
            )
        tokens = json.loads(gzip.decompress((directory / "vocab.json.gz").read_bytes()).decode("utf-8"))
        with np.load(directory / "vectors.npz", allow_pickle=False) as arrays:
            vectors = arrays["vectors"].astype(np.float32) * arrays["scale"][:, None]
    except (OSError, ValueError, KeyError, TypeError, EOFError) as err:
        raise ModelError(f"embedding at {directory} is missing or unreadable: {err}", code="E300") from None
    return StaticEmbedding(tokens, vectors, meta)


@lru_cache(maxsize=1)
def load_embedding() -> StaticEmbedding:
    """The bundled embedding (``models/embeddings``), loaded once per process."""
    return load_embedding_from(default_embedding_path())
