"""Searching the verbatims on words *and* lemmas, with keyword in context.

The texts are read through the annotations the NLP layer already keeps in the project's
cache (:func:`labsynth.nlp.analyse`): each token has its written form and its lemma, so
« transports à la demande » finds « transport à la demande », and « aidé » finds « aider »
and « aidait ». A query matches a run of tokens where every token matches the query's
token by its written form (case and accents aside) or by its lemma. The small French
model gives some nouns the lemma of a verb (« permis » -> « permettre », so « permis »
would also find « permet »): a word between quotes (``"permis"``) matches its written
form only (:func:`parse_query`).

Offsets are computed against the text that was annotated (the analysed text, where
personal data is blanked with spaces of the same length), so a match is also a span of
the raw segment; what is shown goes through the pseudonymisation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from labsynth.nlp import Annotation
from labsynth.stopwords import normalise_apostrophes

__all__ = ["Match", "TokenIndex", "exact_tokens", "fold", "parse_query", "token_spans"]


def fold(word: str) -> str:
    """A word compared without case or accents (« Élève » = « eleve »)."""
    decomposed = unicodedata.normalize("NFKD", normalise_apostrophes(word).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def token_spans(text: str, annotation: Annotation) -> list[tuple[int, int]]:
    """Where each token of an annotation sits in its text (the text it was made from).

    The annotation keeps the words in order, without whitespace tokens (but line
    breaks); each is looked for from the end of the previous one. A token that cannot be
    found (a tokenizer normalising a character) gets an empty span where the search
    stood, so it is never shown as a match.
    """
    text = normalise_apostrophes(text)
    spans = []
    cursor = 0
    for word in annotation.words:
        at = text.find(word, cursor)
        if at < 0 or (word.strip() and text[cursor:at].strip()):
            spans.append((cursor, cursor))
            continue
        spans.append((at, at + len(word)))
        cursor = at + len(word)
    return spans


_QUOTED = re.compile(r'"([^"]*)"|«\s*([^»]*?)\s*»|“([^”]*)”')


def parse_query(query: str) -> tuple[str, list[tuple[int, int]]]:
    """A query without its quotes, and the spans (in that text) typed between quotes.

    ``'"permis" de conduire'`` -> ``("permis de conduire", [(0, 6)])``: the words of a
    span are matched by their written form only.
    """
    text, spans, cursor = [], [], 0
    length = 0
    for found in _QUOTED.finditer(query):
        before = query[cursor:found.start()]
        text.append(before)
        length += len(before)
        inner = next(g for g in found.groups() if g is not None)
        spans.append((length, length + len(inner)))
        text.append(inner)
        length += len(inner)
        cursor = found.end()
    text.append(query[cursor:])
    return "".join(text), spans


def exact_tokens(text: str, annotation: Annotation, spans: Sequence[tuple[int, int]]
                 ) -> list[bool]:
    """Which tokens of an annotated query fall inside the quoted spans."""
    return [any(a <= start and end <= b for a, b in spans) and end > start
            for start, end in token_spans(text, annotation)]


@dataclass(frozen=True)
class Match:
    """A query found in one text: the text's index, the span, and how it matched
    (``"mot"``: every token by its written form; ``"lemme"``: some by their lemma)."""

    index: int
    start: int
    end: int
    how: str


class TokenIndex:
    """Texts' tokens, with an index from written forms and lemmas to texts.

    Parameters
    ----------
    texts : sequence of str
        The texts that were annotated (same length as the raw texts).
    annotations : sequence of Annotation
        One per text.
    """

    def __init__(self, texts: Sequence[str], annotations: Sequence[Annotation]) -> None:
        self.texts = list(texts)
        self.words = [[fold(w) for w in a.words] for a in annotations]
        self.lemmas = [[fold(lemma) for lemma in a.lemmas] for a in annotations]
        self.annotations = list(annotations)
        self._spans: dict[int, list[tuple[int, int]]] = {}
        self.postings: dict[str, set[int]] = {}
        for i, (words, lemmas) in enumerate(zip(self.words, self.lemmas, strict=True)):
            for key in {*words, *lemmas}:
                self.postings.setdefault(key, set()).add(i)

    def spans(self, i: int) -> list[tuple[int, int]]:
        """Token offsets of text ``i`` (computed once)."""
        if i not in self._spans:
            self._spans[i] = token_spans(self.texts[i], self.annotations[i])
        return self._spans[i]

    def find(self, query: Annotation, among: set[int] | None = None,
             exact: Sequence[bool] | None = None) -> list[Match]:
        """Every place the query occurs, by text then position.

        Parameters
        ----------
        query : Annotation
            The query, annotated like the texts.
        among : set of int, optional
            Only these texts.
        exact : sequence of bool, optional
            Per token of the query: match its written form only (no lemma).
        """
        keep = [i for i, w in enumerate(query.words) if w.strip() and any(
            c.isalnum() for c in w)]
        q_words = [fold(query.words[i]) for i in keep]
        # a word between quotes matches its written form only: no lemma (None)
        q_lemmas = [None if exact and exact[i] else fold(query.lemmas[i]) for i in keep]
        if not q_words:
            return []
        candidates: set[int] | None = None
        for word, lemma in zip(q_words, q_lemmas, strict=True):
            texts = self.postings.get(word, set()) | (
                self.postings.get(lemma, set()) if lemma is not None else set())
            candidates = texts if candidates is None else candidates & texts
        if among is not None:
            candidates = (candidates or set()) & among
        out = []
        n = len(q_words)
        for i in sorted(candidates or ()):
            words, lemmas = self.words[i], self.lemmas[i]
            for at in range(len(words) - n + 1):
                how = "mot"
                for j in range(n):
                    if words[at + j] == q_words[j]:
                        continue
                    if q_lemmas[j] is not None and lemmas[at + j] == q_lemmas[j]:
                        how = "lemme"
                        continue
                    break
                else:
                    spans = self.spans(i)
                    start, end = spans[at][0], spans[at + n - 1][1]
                    if end > start:
                        out.append(Match(i, start, end, how))
        return out
