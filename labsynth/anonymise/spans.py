"""What a detection is, and how the detections of one text become one sorted list of
non-overlapping spans on whole words (:func:`_merge`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from labsynth.anonymise.vocab import _ORG_HEADS_F, _fold_key

__all__ = ["KINDS", "Detection"]

KINDS = ("PER", "EMAIL", "TEL", "ADRESSE", "NIR", "IBAN", "DATE_NAISSANCE")


@dataclass(frozen=True)
class Detection:
    """One piece of personal data found in a text.

    Attributes
    ----------
    start, end : int
        Offsets in the text given to :func:`detect`.
    kind : str
        One of `KINDS`.
    text : str
        ``text[start:end]``.
    source : str
        ``"ner"`` (spaCy), ``"motif"`` (regular expression) or ``"liste"`` (a known name).
    check : str
        Empty, or why the value should be checked by a person (« clé invalide » of a NIR
        found after a cue such as « numéro de sécu »): it is replaced all the same.
    """

    start: int
    end: int
    kind: str
    text: str
    source: str
    check: str = ""


# --------------------------------------------------------------------------- tidying

#: characters a person's name never contains: a span holding one is cut there
#: (« Claire Vidal (Lab », « Julien, Claire »)
_NAME_STOP_RE = re.compile(r"[()\[\]{}«»\"“”,;:!?…/|\n\t]|\s[-–—]\s|"
                           # a full stop, not that of « M. », « Mme. », « Dr. » or an initial
                           r"(?<!\b[A-Z])(?<!\b[MD][mr])(?<!\bMme)(?<!\bMlle)(?<!\bMM)\.\s",
                           re.IGNORECASE)
_OPEN_CLOSE = {"(": ")", "[": "]", "{": "}"}


def _word_char(char: str) -> bool:
    return char.isalnum()


def _tidy(text: str, d: Detection) -> Detection | None:
    """The detection on whole words, without punctuation at its edges.

    A span never starts or ends inside a word (it grows to the whole word, a hyphenated
    compound included: « Marie » in « Marie-Claire »), never starts or ends on
    punctuation or a bracket (a bracket inside a phone number's « (+33) » is kept when
    both halves are inside), and a name never spans brackets, quotes, commas or a line
    break. So the text outside the replaced spans is never touched.
    """
    start, end = d.start, d.end
    if d.kind == "PER":
        cut = _NAME_STOP_RE.search(text, start, end)
        while cut is not None:
            before = text[start:cut.start()]
            if any(c.isalpha() for c in before):
                end = cut.start()
            else:
                start = cut.end()
            cut = _NAME_STOP_RE.search(text, start, end)
    # edges: letters and digits only, except a leading « + » or an opening bracket closed
    # inside the span, and a closing bracket opened inside it, or the point of an initial
    while start < end and not _word_char(text[start]):
        char = text[start]
        if char == "+" or (char in _OPEN_CLOSE and _OPEN_CLOSE[char] in text[start:end]):
            break
        start += 1
    while end > start and not _word_char(text[end - 1]):
        char = text[end - 1]
        if char in ")]}" and any(o in text[start:end] for o, c in _OPEN_CLOSE.items()
                                 if c == char):
            break
        if char == "." and d.kind == "PER" and end - start >= 3 and \
                text[end - 2].isupper() and not _word_char(text[end - 3]):
            break  # « Jean D. »
        end -= 1
    if end <= start:
        return None
    # whole words: grow over letters glued to an edge, and over a hyphenated compound
    while start > 0 and (_word_char(text[start - 1]) or (
            text[start - 1] in "-‐" and start > 1 and _word_char(text[start - 2])
            and d.kind == "PER")):
        start -= 1
    while end < len(text) and (_word_char(text[end]) or (
            text[end] in "-‐" and end + 1 < len(text) and _word_char(text[end + 1])
            and d.kind == "PER")):
        end += 1
    if d.kind == "PER":
        if not any(c.isalpha() for c in text[start:end]):
            return None
        first = _fold_key(re.split(r"[\s\-‐]", text[start:end], maxsplit=1)[0])
        if first in _ORG_HEADS_F and (start, end) != (d.start, d.end):
            return None  # « Jean » grown into « Saint-Jean »: a place
    if (start, end) == (d.start, d.end):
        return d
    return Detection(start, end, d.kind, text[start:end], d.source, d.check)


# --------------------------------------------------------------------------- merging

_PRIORITY = {"EMAIL": 0, "IBAN": 1, "NIR": 2, "TEL": 3, "DATE_NAISSANCE": 4, "ADRESSE": 5,
             "PER": 6}
_SOURCE_PRIORITY = {"motif": 0, "liste": 1, "contexte": 2, "indice": 3, "ner": 4}


def _merge(text: str, detections: list[Detection]) -> list[Detection]:
    """Non-overlapping detections: structured kinds first, then the longest names.

    PER detections that touch or overlap each other are first joined (« Jean-Marc » from
    the list and « Jean-Marc Roux » from NER give one span). A name cut by a structured
    detection keeps its part outside it.
    """
    detections = [t for t in (_tidy(text, d) for d in detections) if t is not None]
    persons = sorted((d for d in detections if d.kind == "PER"), key=lambda d: d.start)
    joined: list[Detection] = []
    for d in persons:
        if joined and d.start < joined[-1].end:
            last = joined[-1]
            end = max(last.end, d.end)
            source = min(last.source, d.source, key=_SOURCE_PRIORITY.__getitem__)
            joined[-1] = Detection(last.start, end, "PER", text[last.start:end], source)
        else:
            joined.append(d)
    others = sorted((d for d in detections if d.kind != "PER"),
                    key=lambda d: (_PRIORITY[d.kind], -(d.end - d.start), d.start))
    taken: list[Detection] = []

    def free(start: int, end: int) -> bool:
        return all(end <= t.start or start >= t.end for t in taken)

    for d in others:
        if free(d.start, d.end):
            taken.append(d)
    for d in joined:
        if free(d.start, d.end):
            taken.append(d)
            continue
        # keep the part of the name outside the structured spans, if it is a word
        pieces = [(d.start, d.end)]
        for t in taken:
            pieces = [p for s, e in pieces for p in ((s, min(e, t.start)), (max(s, t.end), e))
                      if p[1] - p[0] > 0]
        for s, e in pieces:
            piece = text[s:e].strip(" ,.;:-'’")
            if len(piece) > 1 and piece[:1].isupper() and free(s, e):
                offset = text.index(piece, s)
                taken.append(Detection(offset, offset + len(piece), "PER", piece, d.source))
    return sorted(taken, key=lambda d: d.start)
