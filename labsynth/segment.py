"""Documents to segments: speaker turns, note paragraphs, whole contributions.

A unit longer than ``max_chars`` is cut between sentences, packing sentences into chunks
of balanced length; a sentence longer than ``max_chars`` (oral transcripts without
punctuation) is cut at the last space before the bound. Every segment is an exact slice
``document.text[char_start:char_end]``.

Sentence starts follow the rule of spaCy's ``sentencizer`` (the punctuation tokens it
ends a sentence on, a period split off the way its tokenizer does: after a lowercase
letter, a digit, a quote or two capitals, not in « M. Dupont » nor in an ellipsis), found
with one regular expression instead of spaCy's tokenizer: the tokenizer ran at about
50,000 words per second here (a 10 MB line took 40 s) and ``import spacy`` alone costs
1.2 s, while this finds the same cuts in milliseconds (agreement measured in
``benchmarks/README.md``). Reading files never imports spaCy.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from labsynth.ingest.document import Document

__all__ = ["SentenceBounds", "Span", "segment_document", "sentence_bounds", "split_span"]

#: ``(text, start, end) -> sentence starts``: how long spans are cut (:func:`sentence_bounds`
#: by default)
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


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# spaCy's Sentencizer.default_punct_chars: a token made of one of them ends a sentence
_TERMINALS = (
    "!.?։؟۔܀܁܂߹।॥၊။።፧፨᙮᜵᜶᠃᠉᥄᥅᪨᪩᪪᪫᭚᭛᭞᭟᰻᰼᱾᱿‼‽⁇⁈⁉⸮⸼꓿꘎꘏꛳꛷꡶꡷꣎꣏꤯꧈꧉꩝꩞꩟꫰꫱꯫﹒﹖﹗！．？"
    "𐩖𐩗𑁇𑁈𑂾𑂿𑃀𑃁𑅁𑅂𑅃𑇅𑇆𑇍𑇞𑇟𑈸𑈹𑈻𑈼𑊩𑑋𑑌𑗂𑗃𑗉𑗊𑗋𑗌𑗍𑗎𑗏𑗐𑗑𑗒𑗓𑗔𑗕𑗖𑗗𑙁𑙂𑜼𑜽𑜾𑩂𑩃𑪛𑪜𑱁𑱂𖩮𖩯𖫵𖬷𖬸𖭄𛲟𝪈｡。"
)
# spaCy's LIST_PUNCT and LIST_QUOTES (char_classes.py)
_PUNCT = "…,:;!?¿؟¡()[]{}<>_#*&。？！，、；：～·।،۔؛٪"
_QUOTES = "'\"”“`‘´’‚„»«「」『』（）〔〕【】《》〈〉〈〉⟦⟧"
# what spaCy's tokenizer splits off the start of a word (quotes, brackets, dashes...)
_PREFIXES = frozenset("§%=—–" + _PUNCT + _QUOTES)
# after these a period is split off as a token (spaCy's suffix rule)
_BEFORE_PERIOD = frozenset("0123456789%²-+°" + _PUNCT + _QUOTES)


def _lower(char: str) -> bool:
    return char.islower() or (char.isalpha() and not char.isupper())


def _upper(char: str) -> bool:
    return char.isupper() or (char.isalpha() and not char.islower())


@dataclass(frozen=True)
class _Patterns:
    candidate: re.Pattern  # where a sentence may end (see _patterns)
    punct_run: re.Pattern  # punctuation characters (Unicode category P)
    openers: re.Pattern  # ... among them, punctuation and ellipses (not a sentence start)
    skip: re.Pattern  # one space and a word made of punctuation only, repeatedly
    spaces: re.Pattern
    lone_period: re.Pattern  # a period that is not part of an ellipsis
    other_terminal: re.Pattern


def _ranges(flags: bytearray) -> str:
    """A regular-expression class body of the code points whose flag is set."""
    return "".join(re.escape(chr(m.start())) + ("-" + re.escape(chr(m.end() - 1))
                                                if m.end() - 1 > m.start() else "")
                   for m in re.finditer(b"\x01+", flags))


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    """Character classes built from the Unicode database once per process (about 50 ms,
    paid only when a span has to be cut). Basic Multilingual Plane only: the punctuation
    of the historic scripts beyond it does not occur in French corpora.

    A sentence can only end at a terminal mark that closes a word (with its closing
    punctuation), opens one (split off as a prefix), or is a period between a lowercase
    and an uppercase letter; the candidate pattern finds those in one scan, so a line of
    junk such as « !a!a!a… » costs a regular-expression pass, not a Python step per mark.
    """
    # ranges over the Basic Multilingual Plane: one character beyond it (spaCy lists a
    # few historic scripts' marks) makes Python's matcher ten times slower on every text
    names = ("punct", "lower", "upper", "prefixes", "opening", "quotes", "terminals")
    flags = {name: bytearray(0x10000) for name in names}
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        category = unicodedata.category(char)
        if category[0] == "P":
            flags["punct"][code] = 1
            flags["opening"][code] = char in _PREFIXES
        elif category[0] == "L":
            flags["lower"][code] = not char.isupper()
            flags["upper"][code] = not char.islower()
        flags["prefixes"][code] = char in _PREFIXES or category == "Sc"
        flags["quotes"][code] = char in _QUOTES
        flags["terminals"][code] = char in _TERMINALS
    punct, lower, upper, prefixes, opening, quotes, terminals = (
        _ranges(flags[name]) for name in names)
    others = re.escape(_TERMINALS.replace(".", ""))
    return _Patterns(
        candidate=re.compile(
            # a run of punctuation closing a word (checked whole first, once), up to its
            # first mark; a period between a lower and an upper case letter; a mark among
            # the quotes and brackets opening a word
            rf"(?<![{punct}])(?=[{punct}]*+(?!\S))[{punct}]*?[{terminals}]"
            rf"|[{terminals}](?<=[{lower}{quotes}]\.)(?=[{upper}{quotes}])"
            rf"|(?<!\S)[{prefixes}]*?[{terminals}]"),
        punct_run=re.compile(f"[{punct}]*"),
        openers=re.compile(rf"(?:\.\.+|[{opening}])*"),
        skip=re.compile(rf"(?: [{punct}]+(?!\S))*"),
        spaces=re.compile(r"\s*"),
        lone_period=re.compile(r"(?<!\.)\.(?!\.)"),
        other_terminal=re.compile(f"[{others}]"),
    )


def _word_start(text: str, i: int, start: int) -> bool:
    """Whether only prefix characters (quotes, brackets, currency signs...) stand between
    ``i`` and the start of its word: spaCy's tokenizer then splits ``text[i]`` off."""
    k = i - 1
    while k >= start and not text[k].isspace():
        if k < i - 64 or not (text[k] in _PREFIXES or unicodedata.category(text[k]) == "Sc"):
            return False
        k -= 1
    return True


def _period_ends(text: str, i: int, start: int, at_word_end: bool) -> bool:
    """Whether the period at ``i`` is split off as a token by spaCy's tokenizer."""
    before = text[i - 1] if i > start else " "
    if before == "." or text.startswith("..", i):
        return False  # an ellipsis « ... » is one token, not a sentence end for spaCy
    if not at_word_end:  # « fin.Début » : split as an infix between lower and upper case
        after = text[i + 1]
        return (_lower(before) or before in _QUOTES) and (_upper(after) or after in _QUOTES)
    if before in "FfCcKk" and text[i - 2:i - 1] == "°":
        return True  # « 19°C. »
    if before.isalpha():
        if _lower(before):
            # « p. 12 »: a lone lowercase letter and its period are one token (an exception)
            return not (i - 1 == start or text[i - 2].isspace())
        return i - 2 >= start and _upper(text[i - 2])  # « ONU. » but not « M. Dupont »
    if before in _BEFORE_PERIOD:
        return True  # « en 2025. », « fin ». »
    return _word_start(text, i, start)  # « . » alone, or after a currency sign


def _run_ends(text: str, i: int, j: int, span: tuple[int, int], patterns: _Patterns) -> bool:
    """Whether the run of punctuation ``text[i:j]`` (opened by a terminal mark) holds a
    mark that is a token of its own ending a sentence."""
    start, end = span
    at_word_end = j == end or text[j].isspace()
    if j == i + 1:  # one mark: the usual case
        if text[i] == ".":
            return _period_ends(text, i, start, at_word_end)
        return at_word_end or _word_start(text, i, start)
    other = patterns.other_terminal.search(text, i, j)
    if other and (at_word_end or _word_start(text, other.start(), start)):
        return True  # « ! » or « ? » ends a word, or opens it
    return any(_period_ends(text, m.start(), start, at_word_end)
               for m in patterns.lone_period.finditer(text, i, j))


def _next_start(text: str, j: int, end: int, patterns: _Patterns) -> int | None:
    """The first character after a sentence end that starts a token which is not
    punctuation: spaCy's sentencizer starts the next sentence there (a whitespace token,
    anything but one plain space, counts as a token)."""
    if j < end and not text[j].isspace():
        return j  # the rest of the word, split off after an infix period
    if j + 1 < end and text[j] == " " and text[j + 1].isalnum():
        return j + 1  # a space, then a word: the usual case
    j = patterns.skip.match(text, j, end).end()  # words made only of punctuation stay
    if j >= end:
        return None
    k = patterns.spaces.match(text, j, end).end()
    if k - j == 1 and text[j] == " " and k < end:  # a plain space, then a word
        return patterns.openers.match(text, k, end).end()
    return j + 1 if text[j] == " " else j


def sentence_bounds(text: str, start: int, end: int) -> list[int]:
    """Offsets (absolute) where sentences start inside ``text[start:end]``.

    Linear in the span's length: one regular-expression scan for the places a sentence
    can end; around each, the run of punctuation and the start of the next word are
    matched once (a line of 10 million periods, or of « !a » repeated, stays linear).
    """
    patterns = _patterns()
    bounds = [start]
    skip_to = start  # marks before this belong to a run already decided
    for match in patterns.candidate.finditer(text, start, end):
        i = match.end() - 1  # the first mark of the match
        if i < skip_to:
            continue
        j = patterns.punct_run.match(text, i + 1, end).end()  # closing marks, quotes...
        skip_to = j
        if not _run_ends(text, i, j, (start, end), patterns):
            continue
        following = _next_start(text, j, end, patterns)
        if following is None:
            break
        if following > bounds[-1]:
            bounds.append(following)
        skip_to = max(skip_to, following)
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
