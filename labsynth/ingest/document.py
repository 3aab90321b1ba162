"""What every reader returns: documents, their speaker turns, and what it refused."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from labsynth.errors import CorpusError

_NEWLINE_RE = re.compile("\n")
#: control characters Excel refuses in a cell (tab and line breaks are text): kept in the
#: analysis, replaced by U+FFFD in shared files (:func:`labsynth.export.without_controls`)
CONTROL_CHARS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def control_warning(found: str, count: int, where: str, path: str,
                    line: int | None = None, unit: str = "ligne") -> CorpusError:
    """The warning saying that a file holds control characters (``LS266``)."""
    return CorpusError(
        "LS266", f"{count} {where} contien(nen)t des caractères de contrôle (U+{ord(found):04X}"
        f"{', ...' if count > 1 else ''}), invisibles et refusés par Excel : gardés pour "
        "l'analyse, remplacés par « \ufffd » dans les tableaux, classeurs et pages écrits. "
        "Nettoyez la source si c'est une erreur de saisie.", path, line, unit)


def line_breaks(text: str) -> list[int]:
    """Offsets of the ``\\n`` of ``text`` (one scan in C rather than one Python step per
    character: a 10 MB transcript takes milliseconds)."""
    return [m.start() for m in _NEWLINE_RE.finditer(text)]


def non_blank(text: str) -> int:
    """Number of characters of ``text`` that are not whitespace (the unit of the account
    of a text file: every one is in a segment, in a speaker label, or reported)."""
    return len("".join(text.split()))


@dataclass
class Turn:
    """One speaker turn: ``text[start:end]`` of its document, label excluded.

    ``line`` is where the turn starts in the source file (text line, Word paragraph or
    subtitle timing line). ``role`` is ``interviewer``, ``participant`` or ``unknown``.
    ``label_start`` is where its label (« Léa : », a timestamp) starts in ``text``: the
    characters from there to ``start`` are the label, carried by ``speaker``.
    """

    speaker: str | None
    role: str
    start: int
    end: int
    line: int | None = None
    time_start: float | None = None
    time_end: float | None = None
    label_start: int | None = None


@dataclass
class Document:
    """One document: an interview, a note, or one row of a table of contributions.

    Attributes
    ----------
    doc_id : str
        Stable id derived from the file's path under ``raw/`` (and the row's id for tables).
    path : str
        Posix path relative to ``raw/``.
    kind : str
        ``interview``, ``contribution`` or ``note``.
    text : str
        The document's text; segments are exact slices of it. Line endings are ``\\n``.
    turns : list of Turn or None
        Speaker turns, when the document has them.
    row : int or None
        Row of a table (header = 1, as a spreadsheet shows it), for contributions.
    line_anchors : list of (offset, line) or None
        Where text offsets map to source lines when they are not text lines: subtitle
        cues (line of the timing) and Word/ODT paragraphs (paragraph number, a paragraph
        holding soft line breaks); otherwise lines are counted in ``text`` itself.
    reported_chars : int
        Non-blank characters of ``text`` left out of every segment but named in a warning
        (the label of a speaker turn with no text), for the account of the file.
    """

    doc_id: str
    path: str
    kind: str
    title: str
    text: str
    date: str | None = None
    author: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    turns: list[Turn] | None = None
    row: int | None = None
    line_anchors: list[tuple[int, int]] | None = None
    warnings: list[CorpusError] = field(default_factory=list)
    reported_chars: int = 0
    _breaks: list[int] | None = field(default=None, repr=False, compare=False)

    def line_at(self, offset: int) -> int:
        """Source line (or table row) of a character offset of ``text``."""
        if self.row is not None:
            return self.row
        if self.line_anchors:
            i = bisect_right(self.line_anchors, offset, key=lambda anchor: anchor[0]) - 1
            return self.line_anchors[max(i, 0)][1]
        if self._breaks is None:  # one scan, then binary search: long transcripts stay linear
            self._breaks = line_breaks(self.text)
        return bisect_right(self._breaks, offset - 1) + 1


@dataclass
class ReadResult:
    """A reader's output for one file.

    ``refusals`` are parts of the file (rows, cues) that could not be used, each with its
    line; ``warnings`` are facts a designer should know but that lose nothing; ``notes``
    are short facts about how the file was read (encoding, delimiter, text column...).

    For a table, ``n_rows`` is the number of rows the file holds, as its reader counted
    them, and every one is accounted for: ``n_rows == n_header_rows + len(documents) +
    len(refusals) + refused_rows + skipped_empty`` (header and title lines, rows read, rows
    refused, empty rows; ``refused_rows`` counts the rows a single refusal covers beyond
    its first).
    """

    documents: list[Document] = field(default_factory=list)
    refusals: list[CorpusError] = field(default_factory=list)
    warnings: list[CorpusError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped_empty: int = 0
    refused_rows: int = 0
    n_rows: int | None = None
    n_header_rows: int = 0
