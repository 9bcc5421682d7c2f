"""Features of a normalized title, shared by the model build and the coder at run time.

Words (lightly stemmed), adjacent word pairs, and the head word (the last word, which
names the job in English titles: "fleet *manager*" vs "fleet *mechanic*"). Word features
rather than character n-grams keep the knowledge-base matrix small enough to ship;
misspelled words are mapped to their nearest known word by the coder (rapidfuzz).
"""

from __future__ import annotations

from functools import lru_cache

HEAD_PREFIX = "^"
PAIR_JOIN = "_"
_KEEP_S = ("ss", "us", "is", "ics", "ous", "sis")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Plural-insensitive form: "systems" -> "system", "batteries" -> "battery"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(_KEEP_S):
        return word[:-1]
    return word


def title_words(normalized: str) -> list[str]:
    return [stem(w) for w in normalized.split()]


def features_of_words(words: list[str]) -> list[str]:
    if not words:
        return []
    features = list(words)
    features.extend(f"{a}{PAIR_JOIN}{b}" for a, b in zip(words, words[1:], strict=False))
    features.append(HEAD_PREFIX + words[-1])
    return features


def title_features(normalized: str) -> list[str]:
    """The analyzer given to scikit-learn's TfidfVectorizer at build time."""
    return features_of_words(title_words(normalized))
