"""Documents to segments: speaker turns, note paragraphs, whole contributions.

A unit longer than ``max_chars`` is cut between sentences (spaCy's rule-based
``sentencizer`` on a blank multi-language pipeline: no model, ~1M words/s; the blank
French pipeline would give the same cuts but compiles its tokenizer exceptions for ~7 s
in every process), packing sentences into
chunks of balanced length; a sentence longer than ``max_chars`` (oral transcripts without
punctuation) is cut at the last space before the bound. Every segment is an exact slice
``document.text[char_start:char_end]``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from labsynth.ingest.document import Document

__all__ = ["SentenceBounds", "Span", "segment_document", "sentence_bounds", "split_span"]

#: ``(text, start, end) -> sentence starts``: how long spans are cut (:func:`sentence_bounds`,
#: or a cached version of it)
SentenceBounds = Callable[[str, int, int], list[int]]

_PARAGRAPH_RE = re.compile(r"\n[ \t\u00a0]*\n\s*")


@dataclass
class Span:
    """A unit to cut into segments, with the provenance it passes on."""

    start: int
    end: int
    speaker: str | None
    role: str
    time_start: float | None = None
    time_end: float | None = None


@lru_cache(maxsize=1)
def _sentencizer():
    import spacy

    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_WINDOW = 100_000


def sentence_bounds(text: str, start: int, end: int) -> list[int]:
    """Offsets (absolute) where sentences start inside ``text[start:end]``.

    Very long spans are read in windows of about 100,000 characters cut at a space, so a
    50 MB note without blank lines stays within spaCy's limits and memory.
    """
    bounds: list[int] = []
    nlp = _sentencizer()
    while start < end:
        stop = end
        if end - start > _WINDOW:
            space = text.rfind(" ", start + _WINDOW // 2, start + _WINDOW)
            stop = space if space > start else start + _WINDOW
        bounds.extend(start + s.start_char for s in nlp(text[start:stop]).sents)
        start = stop
    return bounds


def split_span(text: str, start: int, end: int, max_chars: int,
               bounds: SentenceBounds | None = None) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into trimmed pieces of at most ``max_chars`` characters.

    Cuts fall between sentences when possible, else at a space, else anywhere; pieces are
    of balanced length (a 3,100-character turn with ``max_chars=1500`` gives three pieces of
    about 1,030 characters, not 1,500 + 1,500 + 100).
    """
    start, end = _trim(text, start, end)
    if end - start <= max_chars:
        return [(start, end)] if end > start else []
    target = (end - start) / math.ceil((end - start) / max_chars)
    cuts = [*(bounds or sentence_bounds)(text, start, end)[1:], end]
    pieces: list[tuple[int, int]] = []
    piece_start = start
    previous = start
    for cut in cuts:
        if cut - piece_start > max_chars and previous > piece_start:
            pieces.append((piece_start, previous))
            piece_start = previous
        if (cut - piece_start >= target or cut == end) and cut - piece_start <= max_chars:
            pieces.append((piece_start, cut))
            piece_start = cut
        previous = cut
    if piece_start < end:
        pieces.append((piece_start, end))
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        out.extend(_hard_split(text, *_trim(text, s, e), max_chars))
    return [(s, e) for s, e in out if e > s]


def _hard_split(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut a piece with no usable sentence end at spaces, in balanced parts."""
    pieces = []
    while end - start > max_chars:
        parts = math.ceil((end - start) / max_chars)
        limit = start + math.ceil((end - start) / parts)
        space = text.rfind(" ", start + 1, limit + 1)
        cut = space if space > start + max_chars // 4 else limit
        pieces.append(_trim(text, start, cut))
        start, _ = _trim(text, cut, end)
    pieces.append((start, end))
    return pieces


def _units(document: Document, min_chars: int, max_chars: int) -> list[Span]:
    text = document.text
    if document.turns is not None:
        return [Span(t.start, t.end, t.speaker, t.role, t.time_start, t.time_end)
                for t in document.turns]
    if document.kind == "contribution":
        return [Span(*_trim(text, 0, len(text)), document.author, "participant")]
    # notes and other prose: paragraphs; a short one (a heading) joins the next one
    bounds, last = [], 0
    for m in _PARAGRAPH_RE.finditer(text):
        bounds.append((last, m.start()))
        last = m.end()
    bounds.append((last, len(text)))
    spans: list[Span] = []
    pending: tuple[int, int] | None = None
    for s, e in bounds:
        s, e = _trim(text, s, e)
        if e <= s:
            continue
        if pending is not None and e - pending[0] <= max_chars:
            s = pending[0]
        elif pending is not None:
            spans.append(Span(*pending, None, "unknown"))
        pending = None
        if e - s < min_chars:
            pending = (s, e)
        else:
            spans.append(Span(s, e, None, "unknown"))
    if pending is not None:
        if spans and pending[1] - spans[-1].start <= max_chars:
            spans[-1].end = pending[1]
        else:
            spans.append(Span(*pending, None, "unknown"))
    return spans


def segment_document(document: Document, max_chars: int = 1500,
                     min_chars: int = 200, bounds: SentenceBounds | None = None) -> list[dict]:
    """Cut one document into segment records (dicts with the segment columns).

    Parameters
    ----------
    document : Document
    max_chars : int
        Longest segment, in characters.
    min_chars : int
        In notes, a paragraph shorter than this joins the next one.
    bounds : callable, optional
        Sentence starts of a long span; :func:`sentence_bounds` by default.

    Returns
    -------
    list of dict
        Keys: ``segment_id, doc_id, speaker, role, position, char_start, char_end,
        line, time_start, time_end, text``.
    """
    records = []
    for unit in _units(document, min_chars, max_chars):
        for start, end in split_span(document.text, unit.start, unit.end, max_chars, bounds):
            position = len(records)
            records.append({
                "segment_id": f"{document.doc_id}#{position}",
                "doc_id": document.doc_id,
                "speaker": unit.speaker,
                "role": unit.role,
                "position": position,
                "char_start": start,
                "char_end": end,
                "line": document.line_at(start),
                "time_start": unit.time_start,
                "time_end": unit.time_end,
                "text": document.text[start:end],
            })
    return records
