"""Gold standard for the pseudonymisation benchmark: loader and self-check.

``gold.jsonl`` (next to this file) holds one interview turn or one consultation
contribution per line, with every entity marked inline as ``[[KIND:surface]]``.
This module turns that markup into clean text plus character spans, and, run as
a script, prints the counts per kind and checks the file's invariants::

    .venv/bin/python tests/data/pseudonymisation/gold.py

Only the standard library is used, so the loader can be imported by tests and
benchmarks without pulling in labsynth itself.  Offsets are indices into the
Python ``str`` (code points), not bytes.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

__all__ = [
    "DEFAULT_PATH",
    "DOC_KINDS",
    "KEPT_KINDS",
    "KINDS",
    "ROLES",
    "GoldRecord",
    "Span",
    "check",
    "load_gold",
    "parse_markup",
]

KINDS: Final[tuple[str, ...]] = (
    "PER",
    "EMAIL",
    "TEL",
    "ADRESSE",
    "NIR",
    "IBAN",
    "DATE_NAISSANCE",
    "LIEU",
)
"""Entity kinds allowed in the markup, in reporting order."""

KEPT_KINDS: Final[frozenset[str]] = frozenset({"LIEU"})
"""Kinds the pseudonymiser must leave alone (labelled to count wrong replacements)."""

DOC_KINDS: Final[tuple[str, ...]] = ("entretien", "contribution")
"""Values of a record's ``kind``: interview turn or consultation contribution."""

ROLES: Final[tuple[str, ...]] = ("interviewer", "participant")
"""Values of ``role`` for an interview turn (a contribution has ``None``)."""

DEFAULT_PATH: Final[Path] = Path(__file__).with_name("gold.jsonl")
"""The data file shipped next to this module."""

MIN_ENTITIES: Final[int] = 300
"""Minimum number of entities to replace (every kind except ``KEPT_KINDS``)."""

_OPEN: Final[str] = "[["
_CLOSE: Final[str] = "]]"
_TAG = re.compile(r"\[\[([A-Za-z_]+):")
_FIELDS: Final[frozenset[str]] = frozenset({"doc", "kind", "speaker", "role", "text"})
# ARCEP blocks reserved for fiction (national significant number, without the 0).
_FICTION_PHONE_PREFIXES: Final[tuple[str, ...]] = (
    "19900",
    "26191",
    "35301",
    "46571",
    "53649",
    "63998",
)
_RESERVED_EMAIL_DOMAINS: Final[tuple[str, ...]] = ("example.com", "example.net", "example.org")


@dataclass(frozen=True)
class Span:
    """One marked entity, located in the clean text.

    Attributes
    ----------
    start : int
        Index of the first character in the clean text.
    end : int
        Index one past the last character (``clean[start:end] == text``).
    kind : str
        One of `KINDS`.
    text : str
        The surface form, exactly as written (may contain ``\\n``).
    """

    start: int
    end: int
    kind: str
    text: str


@dataclass(frozen=True)
class GoldRecord:
    """One interview turn or one contribution, markup removed.

    Attributes
    ----------
    doc : str
        Document id: ``E01``… for interviews, ``C001``… for contributions.
    kind : str
        ``"entretien"`` or ``"contribution"`` (see `DOC_KINDS`).
    speaker : str
        Label written before the colon in the transcript, or the platform
        pseudonym of a contribution (may be empty).  Never annotated.
    role : str or None
        ``"interviewer"`` or ``"participant"`` for a turn, ``None`` for a
        contribution.
    text : str
        Clean text, as the pseudonymiser will receive it.
    spans : tuple of Span
        Entities in order of position, not overlapping.
    """

    doc: str
    kind: str
    speaker: str
    role: str | None
    text: str
    spans: tuple[Span, ...]


def parse_markup(marked: str) -> tuple[str, list[Span]]:
    """Remove the ``[[KIND:surface]]`` markup and locate the entities.

    Parameters
    ----------
    marked : str
        Text with inline markup.  Spans cannot nest; the surface may contain
        line breaks but must not be empty nor start or end with whitespace.

    Returns
    -------
    clean : str
        The text without markup.
    spans : list of Span
        One span per marked entity, in order, with ``clean[s.start:s.end] == s.text``.

    Raises
    ------
    ValueError
        On a ``]]`` without opening, a ``[[`` not followed by ``KIND:``, an
        unknown kind, an unclosed or nested span, or an empty or
        whitespace-padded surface.  The message gives the offset in `marked`.

    Examples
    --------
    >>> parse_markup("Appelez [[PER:Mme Durand]] au [[TEL:06 39 98 00 01]].")
    ... # doctest: +NORMALIZE_WHITESPACE
    ('Appelez Mme Durand au 06 39 98 00 01.',
     [Span(start=8, end=18, kind='PER', text='Mme Durand'),
      Span(start=22, end=36, kind='TEL', text='06 39 98 00 01')])
    """
    pieces: list[str] = []
    spans: list[Span] = []
    length = 0  # length of the clean text built so far
    pos = 0
    while True:
        opening = marked.find(_OPEN, pos)
        closing = marked.find(_CLOSE, pos)
        if opening == -1 and closing == -1:
            pieces.append(marked[pos:])
            break
        if closing != -1 and (opening == -1 or closing < opening):
            raise ValueError(f"unbalanced markup: ']]' without '[[' at offset {closing}")
        tag = _TAG.match(marked, opening)
        if tag is None:
            raise ValueError(f"malformed markup: '[[' not followed by 'KIND:' at offset {opening}")
        kind = tag.group(1)
        if kind not in KINDS:
            raise ValueError(
                f"unknown kind {kind!r} at offset {opening} (known: {', '.join(KINDS)})"
            )
        body_start = tag.end()
        body_end = marked.find(_CLOSE, body_start)
        if body_end == -1:
            raise ValueError(f"unbalanced markup: '[[{kind}:' at offset {opening} is never closed")
        nested = marked.find(_OPEN, body_start, body_end)
        if nested != -1:
            raise ValueError(
                f"unbalanced markup: '[[' at offset {nested} inside the {kind} span "
                f"opened at offset {opening} (spans cannot nest)"
            )
        body = marked[body_start:body_end]
        if not body:
            raise ValueError(f"empty {kind} span at offset {opening}")
        if body.strip() != body:
            raise ValueError(
                f"{kind} span at offset {opening} starts or ends with whitespace: {body!r}"
            )
        before = marked[pos:opening]
        pieces.append(before)
        length += len(before)
        spans.append(Span(length, length + len(body), kind, body))
        pieces.append(body)
        length += len(body)
        pos = body_end + len(_CLOSE)
    return "".join(pieces), spans


def _record_from_json(obj: object, where: str) -> GoldRecord:
    """Validate one decoded JSON line and build its record.

    Parameters
    ----------
    obj : object
        The decoded JSON value.
    where : str
        Location used in error messages (``"gold.jsonl:12"``).

    Returns
    -------
    GoldRecord

    Raises
    ------
    ValueError
        If a field is missing, unexpected, of the wrong type or value, or if
        the markup of ``text`` is invalid.
    """
    if not isinstance(obj, dict):
        raise ValueError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    keys = set(obj)
    if keys != _FIELDS:
        missing = ", ".join(sorted(_FIELDS - keys)) or "-"
        extra = ", ".join(sorted(keys - _FIELDS)) or "-"
        raise ValueError(f"{where}: wrong fields (missing: {missing}; unexpected: {extra})")
    doc, kind, speaker, role, marked = (obj[k] for k in ("doc", "kind", "speaker", "role", "text"))
    if not isinstance(doc, str) or not doc:
        raise ValueError(f"{where}: 'doc' must be a non-empty string")
    if kind not in DOC_KINDS:
        raise ValueError(f"{where}: 'kind' must be one of {DOC_KINDS}, got {kind!r}")
    if not isinstance(speaker, str):
        raise ValueError(f"{where}: 'speaker' must be a string")
    if kind == "entretien" and role not in ROLES:
        raise ValueError(f"{where}: an interview turn needs 'role' in {ROLES}, got {role!r}")
    if kind == "contribution" and role is not None:
        raise ValueError(f"{where}: a contribution has 'role' null, got {role!r}")
    if not isinstance(marked, str) or not marked.strip():
        raise ValueError(f"{where}: 'text' must be a non-blank string")
    try:
        clean, spans = parse_markup(marked)
    except ValueError as exc:
        raise ValueError(f"{where} ({doc}): {exc}") from None
    return GoldRecord(doc, kind, speaker, role, clean, tuple(spans))


def load_gold(path: str | Path | None = None) -> list[GoldRecord]:
    """Read the gold file.

    Parameters
    ----------
    path : str or Path, optional
        JSON Lines file (UTF-8, one object per line).  Defaults to
        `DEFAULT_PATH`, the ``gold.jsonl`` next to this module.

    Returns
    -------
    list of GoldRecord
        In file order (documents are contiguous, turns in speaking order).

    Raises
    ------
    ValueError
        On a blank or non-JSON line, a malformed record, or invalid markup; the
        message names the file and line.
    """
    source = Path(path) if path is not None else DEFAULT_PATH
    lines = source.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline
    records: list[GoldRecord] = []
    for number, line in enumerate(lines, start=1):
        where = f"{source.name}:{number}"
        if not line.strip():
            raise ValueError(f"{where}: blank line")
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}: invalid JSON ({exc.msg} at column {exc.colno})") from None
        records.append(_record_from_json(obj, where))
    return records


def _nir_problem(surface: str) -> str | None:
    """Say what is wrong with a NIR, or return ``None`` if it is valid.

    Spaces, dots and hyphens are ignored.  Thirteen characters (key omitted)
    are accepted; with fifteen, the key must equal 97 - (number mod 97), where
    Corsica's ``2A``/``2B`` count as ``19``/``18``.
    """
    compact = re.sub(r"[\s.\-]", "", surface).upper()
    if not re.fullmatch(r"[12]\d{4}(?:\d{2}|2A|2B)\d{6}(?:\d{2})?", compact):
        return "not 13 or 15 characters of the form S AA MM DD CCC OOO [KK]"
    if len(compact) == 13:
        return None
    number = int(compact[:13].replace("2A", "19").replace("2B", "18"))
    if 97 - number % 97 != int(compact[13:]):
        return f"wrong key {compact[13:]} (expected {97 - number % 97:02d})"
    return None


def _iban_problem(surface: str) -> str | None:
    """Say what is wrong with an IBAN, or return ``None`` if mod 97 gives 1."""
    compact = re.sub(r"[\s\-]", "", surface).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", compact):
        return "not an IBAN shape"
    rearranged = compact[4:] + compact[:4]
    if int("".join(str(int(char, 36)) for char in rearranged)) % 97 != 1:
        return "checksum is not valid (mod 97 != 1)"
    return None


def _phone_problem(surface: str) -> str | None:
    """Check that a phone number written in digits is in an ARCEP fiction block.

    Numbers spelled out in words (no digit) are not checked.
    """
    digits = re.sub(r"\D", "", surface)
    if not digits:
        return None
    for prefix in ("0033", "33"):
        if digits.startswith(prefix) and len(digits) in (len(prefix) + 9, len(prefix) + 10):
            digits = digits[len(prefix) :]
            break
    national = digits[1:] if len(digits) == 10 and digits.startswith("0") else digits
    if len(national) != 9:
        return f"not a French number ({len(digits)} digits)"
    if not national.startswith(_FICTION_PHONE_PREFIXES):
        return "outside the ARCEP blocks reserved for fiction"
    return None


def _email_problem(surface: str) -> str | None:
    """Check that a written e-mail address uses a domain reserved by RFC 2606."""
    if "@" not in surface:
        return None  # spoken or obfuscated form ("arobase", "[at]")
    domain = surface.rsplit("@", 1)[1].lower()
    if domain in _RESERVED_EMAIL_DOMAINS or domain.endswith(".example"):
        return None
    return f"domain {domain!r} is not reserved for documentation"


_VALUE_CHECKS = {
    "NIR": _nir_problem,
    "IBAN": _iban_problem,
    "TEL": _phone_problem,
    "EMAIL": _email_problem,
}


def check(records: Sequence[GoldRecord], min_entities: int = MIN_ENTITIES) -> list[str]:
    """List every broken invariant of the gold set.

    Checked: each span's text matches the clean text and does not overlap the
    previous one; no markup is left in the clean text; a document keeps one
    kind; interview turns have a speaker; NIR keys and IBAN checksums are
    valid; phone numbers lie in the fiction blocks and written e-mail domains
    are reserved ones; at least `min_entities` entities are not in
    `KEPT_KINDS`.

    Parameters
    ----------
    records : sequence of GoldRecord
    min_entities : int, optional
        Required number of entities to replace.

    Returns
    -------
    list of str
        One message per problem; empty when the set is sound.
    """
    problems: list[str] = []
    doc_kinds: dict[str, str] = {}
    for index, record in enumerate(records, start=1):
        where = f"record {index} ({record.doc})"
        if doc_kinds.setdefault(record.doc, record.kind) != record.kind:
            problems.append(f"{where}: document mixes kinds")
        if record.kind == "entretien" and not record.speaker.strip():
            problems.append(f"{where}: interview turn without speaker label")
        for marker in (_OPEN, _CLOSE):
            if marker in record.text:
                problems.append(f"{where}: {marker!r} left in the clean text")
        previous_end = 0
        for span in record.spans:
            if record.text[span.start : span.end] != span.text:
                problems.append(f"{where}: span {span} does not match the text")
            if span.start < previous_end:
                problems.append(f"{where}: span {span} overlaps the previous one")
            previous_end = span.end
            value_check = _VALUE_CHECKS.get(span.kind)
            problem = value_check(span.text) if value_check else None
            if problem:
                problems.append(f"{where}: {span.kind} {span.text!r}: {problem}")
    replaced = sum(1 for r in records for s in r.spans if s.kind not in KEPT_KINDS)
    if replaced < min_entities:
        problems.append(f"only {replaced} entities outside {sorted(KEPT_KINDS)} (< {min_entities})")
    return problems


def _counts_table(records: Iterable[GoldRecord]) -> str:
    """Render the entity counts per kind and per document kind as Markdown."""
    records = list(records)
    per: dict[str, Counter[str]] = {doc_kind: Counter() for doc_kind in DOC_KINDS}
    for record in records:
        per[record.kind].update(span.kind for span in record.spans)
    rows = ["| Type | " + " | ".join(DOC_KINDS) + " | total |", "|---|" + "---:|" * 3]
    for kind in KINDS:
        cells = [per[doc_kind][kind] for doc_kind in DOC_KINDS]
        rows.append(f"| {kind} | " + " | ".join(map(str, cells)) + f" | {sum(cells)} |")
    replaced = [
        sum(n for kind, n in per[doc_kind].items() if kind not in KEPT_KINDS)
        for doc_kind in DOC_KINDS
    ]
    rows.append(
        "| **total hors LIEU** | " + " | ".join(map(str, replaced)) + f" | {sum(replaced)} |"
    )
    docs = [len({r.doc for r in records if r.kind == doc_kind}) for doc_kind in DOC_KINDS]
    units = [sum(1 for r in records if r.kind == doc_kind) for doc_kind in DOC_KINDS]
    rows.append("| documents | " + " | ".join(map(str, docs)) + f" | {sum(docs)} |")
    rows.append("| tours / contributions | " + " | ".join(map(str, units)) + f" | {sum(units)} |")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the counts and check the invariants.

    Parameters
    ----------
    argv : sequence of str, optional
        Command-line arguments; the first one, if any, is the file to check
        (default `DEFAULT_PATH`).

    Returns
    -------
    int
        0 when every invariant holds, 1 otherwise (problems go to stderr).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        records = load_gold(args[0] if args else None)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(_counts_table(records))
    problems = check(records)
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("\nall invariants hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
