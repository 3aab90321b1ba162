"""What a theme is called and how it reads: keywords, a label, verbatim quotes.

- **Keywords**: class-based TF-IDF (BERTopic's c-TF-IDF) of the lemmas and phrases of the
  theme's segments, read in their usual written form; a word already said by a phrase of
  the list (« mission » beside « mission locale ») is not repeated.
- **Label**: a short expression a designer would write on a wall, always one of the
  theme's keywords: the theme's most distinctive recurring phrase (« transport à la
  demande », « logement des apprentis ») when it weighs at least half as much as its best
  word, else a phrase of its keywords that says one of its first words in context
  (« carte jeune » beside « carte »), else its best word; never the label of a larger
  theme. A seed's name, or the designer's name from ``codebook.yml``, wins.
- **Quotes**: :mod:`labsynth.quotes`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from labsynth.features import Features
from labsynth.quotes import Excerpt, pick_quotes, relevance_of

__all__ = ["UNCLASSIFIED", "UNCLASSIFIED_LABEL", "class_tfidf", "describe", "keywords",
           "label_of"]

UNCLASSIFIED = "T00"
UNCLASSIFIED_LABEL = "Non classé"
#: a phrase names the theme when it weighs at least this share of the best word
PHRASE_SHARE = 0.5
#: ... and is among the theme's first words: a phrase ranked lower names a side topic of a
#: broad theme (« Service civique » on a theme of psy, santé, infirmière on the demo)
PHRASE_RANK = 5
TABLE_COLUMNS = ["theme_id", "label", "keywords", "n_segments", "n_documents", "share",
                 "seeded"]


def class_tfidf(counts, labels: np.ndarray, ids: list[str],
                vocabulary: np.ndarray) -> dict[str, dict[str, float]]:
    """Class-based TF-IDF: a term's share in a theme, weighted by how rare it is across
    themes (BERTopic's c-TF-IDF), and by the square root of the share of its uses that
    fall in this theme, so that a word said everywhere (« jeunes » in a youth
    consultation) does not name several themes. ``labels`` gives each row's index in
    ``ids`` (-1: unclassified)."""
    per_class = np.vstack([np.asarray(counts[labels == i].sum(axis=0)).ravel()
                           for i in range(len(ids))]) if ids else np.zeros((0, len(vocabulary)))
    totals = per_class.sum(axis=0)
    average = per_class.sum() / max(len(ids), 1)
    idf = np.log1p(average / np.maximum(totals, 1))
    tf = per_class / np.maximum(per_class.sum(axis=1, keepdims=True), 1)
    exclusive = np.sqrt(per_class / np.maximum(totals, 1))
    weights = tf * idf * exclusive
    out = {}
    for i, theme_id in enumerate(ids):
        order = np.argsort(-weights[i], kind="stable")[:50]
        out[theme_id] = {str(vocabulary[j]): float(weights[i, j]) for j in order
                         if weights[i, j] > 0}
    return out


def keywords(weights: Mapping[str, float], features: Features, n: int) -> list[str]:
    """The ``n`` most distinctive words and phrases, as written; one written form once,
    and a word left out when a phrase of the list already says it."""
    return [features.readable(f) for f in _keyword_features(weights, features, n)]


def _keyword_features(weights: Mapping[str, float], features: Features,
                      n: int) -> list[str]:
    """The features behind :func:`keywords`, in its order."""
    ranked = list(weights)[:max(n * 3, 20)]
    phrases = [f for f in ranked[:n] if " " in f]
    out: list[str] = []
    seen: set[str] = set()
    for feature in ranked:
        word = features.readable(feature)
        if word.lower() in seen:
            continue
        if " " not in feature and any(feature in p.split() for p in phrases):
            continue
        out.append(feature)
        seen.add(word.lower())
        if len(out) == n:
            break
    return out


def label_of(weights: Mapping[str, float], features: Features, taken: set[str],
             n: int = 10) -> str:
    """A theme's provisional name, one of its ``n`` keywords (:func:`keywords`).

    Its most distinctive recurring phrase when it is among the first
    :data:`PHRASE_RANK` keywords and weighs at least :data:`PHRASE_SHARE` of the best
    noun; else the best phrase of the keywords that holds one of the theme's first
    :data:`PHRASE_RANK` words (« Carte Jeune » on a theme whose first words are « sport »
    and « carte »: the same topic, said as people say it; a phrase sharing none of them
    names a side topic, « Service civique » on a theme of psy and santé); else the best
    noun (a verb or an adjective only when no noun is there). Never a label in ``taken``.
    """
    shown = _keyword_features(weights, features, n)
    ranked = [f for f in shown if features.readable(f).lower() not in taken]
    if not ranked:  # every keyword names a larger theme: the next words, as before
        free = {f: w for f, w in weights.items()
                if features.readable(f).lower() not in taken}
        ranked = _keyword_features(free, features, 20)
    if not ranked:
        return UNCLASSIFIED_LABEL
    kinds = features.pos

    def is_phrase(f: str) -> bool:
        return kinds.get(f) == "PHRASE" or " " in f

    nouns = [f for f in ranked if kinds.get(f, "NOUN") in {"NOUN", "PROPN"}]
    head = nouns[0] if nouns else ranked[0]
    phrase = next((f for f in ranked[:PHRASE_RANK] if is_phrase(f)), None)
    if phrase is None or weights[phrase] < PHRASE_SHARE * weights[head]:
        first = {f for f in list(weights)[:PHRASE_RANK] if not is_phrase(f)}
        phrase = next((f for f in ranked if is_phrase(f) and first & set(f.split())),
                      None)
    if phrase is not None:
        head = phrase
    text = features.readable(head)
    return text[:1].upper() + text[1:]


def describe(data: pd.DataFrame, ids: Sequence[str], weights: Mapping[str, dict[str, float]],
             features: Features, *, n_keywords: int, n_quotes: int,
             labels: Mapping[str, str] | None = None, seeded: set[str] | None = None,
             avoid: Mapping[str, Sequence[tuple[int, int]]] | None = None,
             ) -> tuple[pd.DataFrame, dict[str, list[str]], dict[str, list[Excerpt]]]:
    """The themes table, quote ids and excerpts of themes ``ids`` (largest first).

    ``data`` holds the segments with ``theme_id, score, participant``; ``labels`` fixes
    the label of some themes (seeds, names kept through a merge); ``avoid`` gives per
    segment the spans that must not be quoted (personal data).
    """
    labels = dict(labels or {})
    seeded = seeded or set()
    taken = {v.lower() for v in labels.values()}
    total = len(data)
    rows, quote_ids, excerpts = [], {}, {}
    groups = dict(tuple(data.groupby("theme_id", sort=False)))
    for theme_id in [*ids, UNCLASSIFIED]:
        members = groups.get(theme_id, data.iloc[:0])
        if theme_id != UNCLASSIFIED and members.empty:
            continue
        own = weights.get(theme_id, {})
        if theme_id == UNCLASSIFIED:
            label, words, quotes = UNCLASSIFIED_LABEL, [], []
        else:
            label = labels.get(theme_id) or label_of(own, features, taken, n_keywords)
            taken.add(label.lower())
            words = keywords(own, features, n_keywords)
            quotes = pick_quotes(members, n_quotes, relevance_of(own, features.readable),
                                 avoid)
        quote_ids[theme_id] = [sid for sid, _ in quotes]
        excerpts[theme_id] = [e for _, e in quotes]
        rows.append({"theme_id": theme_id, "label": label, "keywords": words,
                     "n_segments": len(members),
                     "n_documents": members["participant"].nunique(),
                     "share": round(len(members) / total, 6) if total else 0.0,
                     "seeded": theme_id in seeded})
    return pd.DataFrame(rows, columns=TABLE_COLUMNS), quote_ids, excerpts
