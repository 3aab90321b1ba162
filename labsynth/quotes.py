"""Verbatims that read well: the sentences of a segment that carry its theme.

A quote is an exact excerpt of a segment, ``text[start:end]``, so it stays verbatim and
traceable (the report checks it against the source file at its offsets). It is chosen:

- among the segment's lines and sentences, never one that is a heading, a list marker, a
  table row or Markdown/HTML markup (a leading « ## », « - », « 1. » or « **Transports** — »
  is left out of the excerpt; a unit with markup inside is not quoted), never one that
  holds personal data such as a phone number or an e-mail (the spans given in ``avoid``);
- for the theme: the unit whose words weigh most in the theme's keywords, extended with
  its neighbours while the excerpt stays short (:data:`MAX_CHARS`);
- a whole short segment is quoted whole; a cut excerpt is shown with « […] » where text
  was left out.

Quotes of a theme go to different participants first, and alternate between sources
(interviews, contributions, notes) when the theme has several; once every participant has
one, the next goes to whoever has the fewest. A theme never quotes the same words twice:
an excerpt whose normalised words (case, accents, punctuation and spacing aside) repeat,
or nearly repeat (:func:`_repeats`), those of one already chosen is skipped: a person
saying the same sentence again, or the same text in two sources.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from labsynth.segment import sentence_bounds

__all__ = ["MAX_CHARS", "Excerpt", "best_excerpt", "pick_quotes", "relevance_of"]

#: the longest excerpt cut from a long segment (a whole segment up to this is kept whole)
MAX_CHARS = 420
MIN_CHARS = 40
#: quotes are looked for among a theme's most central segments only
CANDIDATES = 200
#: markup at the start of a line, left out of the excerpt: headings, bullets, numbers,
#: quote marks, a bold or italic label followed by a dash or a colon
_LEADING = re.compile(
    r"[ \t]*(?:[-*+•·–—>][ \t]+|\d{1,3}[.)][ \t]+)*"
    r"(?:(?:\*\*|__)[^*_\n]{1,60}(?:\*\*|__)[ \t]*(?:[:—–-][ \t]*)?)?")
#: a Markdown heading, or a field of a form (« **Date :** 9 avril », « Lieu : MJC »):
#: never quoted
_HEADING = re.compile(r"[ \t]*#{1,6}(?:[ \t]|$)|[ \t]*(?:[-*+•][ \t]+)?(?:\*\*|__)"
                      r"[^*_\n]{1,40}?[ \t]*(?::[ \t]*(?:\*\*|__)|(?:\*\*|__)[ \t]*:)")
#: markup or layout that must not appear inside a quote
_MARKUP = re.compile(r"\*\*|__|#|<[a-zA-Z/][^>]*>|\]\(|\|.*\||^\s*(?:[-*+•]|\d{1,3}[.)])\s",
                     re.MULTILINE)
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
#: two excerpts say the same thing when they share this share of the shorter one's words
NEAR_DUPLICATE = 0.9


@dataclass(frozen=True)
class Excerpt:
    """Where a quote sits in its segment's text, and whether text was left out."""

    start: int
    end: int
    cut_before: bool
    cut_after: bool


def _units(text: str) -> list[tuple[int, int]]:
    """Lines (headings left out), then sentences within each line, trimmed of spaces and
    of the markup that opens a line (bullet, number, bold label)."""
    units = []
    for line in re.finditer(r"[^\n]+", text):
        if _HEADING.match(text, line.start(), line.end()):
            continue
        starts = sentence_bounds(text, line.start(), line.end())
        for i, begin in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else line.end()
            lead = _LEADING.match(text, begin, end)
            begin = lead.end() if lead else begin
            while begin < end and text[begin].isspace():
                begin += 1
            while end > begin and text[end - 1].isspace():
                end -= 1
            if end > begin:
                units.append((begin, end))
    return units


def _clean(text: str, span: tuple[int, int], avoid: Sequence[tuple[int, int]]) -> bool:
    start, end = span
    if any(a < end and b > start for a, b in avoid):
        return False
    piece = text[start:end]
    return not _MARKUP.search(piece) and any(c.isalpha() for c in piece)


def relevance_of(weights: Mapping[str, float],
                 readable: Callable[[str], str]) -> Callable[[str], float]:
    """A function scoring a piece of text by the weight, in a theme, of the keywords it
    holds (lemmas, their written form, or the word without its plural mark)."""
    single: dict[str, float] = {}
    multi: list[tuple[str, float]] = []
    for feature, weight in weights.items():
        for form in {feature.lower(), readable(feature).lower()}:
            if " " in form:
                multi.append((form, weight))
            else:
                single[form] = max(weight, single.get(form, 0.0))

    def score(piece: str) -> float:
        lower = piece.lower()
        total = 0.0
        for word in set(_WORD.findall(lower)):
            total += single.get(word) or single.get(word.rstrip("sx")) or 0.0
        total += sum(w for form, w in multi if form in lower)
        return total

    return score


def best_excerpt(text: str, relevance: Callable[[str], float],
                 avoid: Sequence[tuple[int, int]] = ()) -> Excerpt | None:
    """The excerpt of a segment to quote for a theme, or None when no part of it can be
    quoted (only markup, personal data or nothing to read)."""
    units = [u for u in _units(text) if _clean(text, u, avoid)]
    if not units:
        return None
    first = _units(text)
    whole = (first[0][0], first[-1][1])
    if len(units) == len(first) and whole[1] - whole[0] <= MAX_CHARS and \
            _clean(text, whole, avoid):
        return Excerpt(whole[0], whole[1], _has_words(text[:whole[0]]),
                       _has_words(text[whole[1]:]))
    best = max(range(len(units)), key=lambda i: (relevance(text[slice(*units[i])]), -i))
    lo = hi = best

    def adjacent(a: int, b: int) -> bool:  # no unquotable unit between them
        return _clean(text, (units[a][0], units[b][1]), avoid)

    while True:
        options = []
        if lo > 0 and adjacent(lo - 1, hi):
            options.append((lo - 1, hi))
        if hi + 1 < len(units) and adjacent(lo, hi + 1):
            options.append((lo, hi + 1))
        options = [o for o in options if units[o[1]][1] - units[o[0]][0] <= MAX_CHARS]
        if not options:
            break
        length = units[hi][1] - units[lo][0]
        gained = max(options, key=lambda o: relevance(text[units[o[0]][0]:units[o[1]][1]]))
        if length >= MIN_CHARS * 3 and relevance(
                text[units[gained[0]][0]:units[gained[1]][1]]) <= relevance(
                text[units[lo][0]:units[hi][1]]):
            break
        lo, hi = gained
    start, end = units[lo][0], units[hi][1]
    return Excerpt(start, end, _has_words(text[:start]), _has_words(text[end:]))


def _has_words(piece: str) -> bool:
    """Whether a part of the segment left out of the quote holds any word (« […] »)."""
    return any(c.isalnum() for c in piece)


def _words_of(piece: str) -> frozenset[str]:
    """The distinct words of an excerpt, lower-cased and without accents."""
    plain = unicodedata.normalize("NFKD", piece.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return frozenset(_WORD.findall(plain.replace("’", "'")))


def _repeats(words: frozenset[str], chosen: list[frozenset[str]]) -> bool:
    """Whether an excerpt says (nearly) the same words as one already chosen: they share
    :data:`NEAR_DUPLICATE` of the shorter one's words, and the longer one is at most twice
    as long (« Ouais, je redis : le bus de 17h il passe jamais le mercredi. » repeats
    « Le bus de 17h il passe jamais le mercredi. »; a long turn that also says it does
    not)."""
    for other in chosen:
        small, large = sorted((len(words), len(other)))
        if small and len(words & other) >= NEAR_DUPLICATE * small and large <= 2 * small:
            return True
    return False


def pick_quotes(members: pd.DataFrame, n: int, relevance: Callable[[str], float],
                avoid: Mapping[str, Sequence[tuple[int, int]]] | None = None,
                quoted: Sequence[str] = ()) -> list[tuple[str, Excerpt]]:
    """The ``n`` quotes of a theme: ``(segment_id, excerpt)``, best scored first.

    ``members`` has ``segment_id, text, score, participant`` and ``kind``. A segment
    whose excerpt is shorter than :data:`MIN_CHARS` comes after the others; one per
    participant until all are used; sources (interviews, contributions, notes)
    alternate while the theme has several; never words already said by another quote or
    by ``quoted`` (the verbatims a designer pinned).
    """
    avoid = avoid or {}
    ordered = members.sort_values(["score", "segment_id"], ascending=[False, True])
    ordered = ordered.head(CANDIDATES)
    candidates = []
    for row in ordered.itertuples(index=False):
        excerpt = best_excerpt(row.text, relevance, avoid.get(row.segment_id, ()))
        if excerpt is not None:
            short = excerpt.end - excerpt.start < MIN_CHARS
            kind = getattr(row, "kind", "") or ""
            candidates.append((short, row.segment_id, row.participant, kind, excerpt))
    texts = {row.segment_id: row.text for row in ordered.itertuples(index=False)}
    words = {c[1]: _words_of(texts[c[1]][c[4].start:c[4].end]) for c in candidates}
    chosen: list[tuple[str, Excerpt]] = []
    said: list[frozenset[str]] = [_words_of(q) for q in quoted]
    taken: set[str] = set()
    per_person: dict[str, int] = {}

    def choose(sid: str, who: str, excerpt: Excerpt) -> None:
        chosen.append((sid, excerpt))
        said.append(words[sid])
        taken.add(sid)
        per_person[who] = per_person.get(who, 0) + 1

    def fresh(sid: str) -> bool:
        return sid not in taken and bool(words[sid]) and not _repeats(words[sid], said)

    kinds = list(dict.fromkeys(c[3] for c in candidates if not c[0])) or [None]
    while len(chosen) < n:  # rounds: one new participant per source, best first
        before = len(chosen)
        for wanted in kinds:
            for short, sid, who, kind, excerpt in candidates:
                if len(chosen) >= n:
                    break
                if short or who in per_person or (wanted is not None and kind != wanted) \
                        or not fresh(sid):
                    continue
                choose(sid, who, excerpt)
                break
        if len(chosen) == before:
            break
    rank = {c[1]: i for i, c in enumerate(candidates)}
    while len(chosen) < n:  # then whoever has the fewest quotes, short excerpts last
        left = [c for c in candidates if fresh(c[1])]
        if not left:
            break
        short, sid, who, _kind, excerpt = min(
            left, key=lambda c: (c[0], per_person.get(c[2], 0), rank[c[1]]))
        choose(sid, who, excerpt)
    return chosen
