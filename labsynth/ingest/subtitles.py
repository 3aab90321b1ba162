"""Subtitle files: WebVTT (``.vtt``) and SubRip (``.srt``).

Speakers come from ``<v Name>`` voices or from a ``Name:`` prefix; a cue without either
continues the previous speaker's turn, and a cue holding several voices is split into one
piece per voice (same timing). A prefix is taken as a speaker when it recurs (or is a known
label), even lowercase or a device name as Zoom writes them (« iPhone de Léa: »).
Consecutive cues of one speaker are merged into one turn that keeps the first cue's start
and the last cue's end. The document's text is rebuilt as ``Speaker : turn text``
paragraphs, and every segment is a slice of it.

Hand-written rather than webvtt-py or srt: both reject a whole file on the first broken
cue, whereas a designer's export must lose only the broken cue, reported with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from labsynth.errors import CorpusError
from labsynth.ingest.document import Document, ReadResult, Turn
from labsynth.ingest.encoding import decode_bytes
from labsynth.ingest.turns import (
    _NOT_SPEAKERS,
    date_from_name,
    is_known_label,
    looks_like_name,
    normalise_label,
    parse_time,
    role_of,
)
from labsynth.project import FileSettings

_STAMP = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"  # fraction optional
_TIMING_RE = re.compile(rf"^\s*(?P<start>{_STAMP})\s*-->\s*(?P<end>{_STAMP})(?:\s+.*)?$")
# Tags never hold « < » and voice names are short: bounding both keeps a cue full of
# unclosed « <v » or « <b » linear (each search stops at the next « < » or after 200
# characters instead of scanning to the end of the cue every time).
_VOICE_RE = re.compile(r"<v(?:\.[\w.-]{1,100})?\s++(?P<name>[^<>\n]{1,200})>")
_TAG_RE = re.compile(r"</?[a-zA-Z][^<>]*>|<\d{1,2}:\d{2}[^<>]*>")
_PREFIX_RE = re.compile(r"^\s*(?:[-–—]\s*)?(?P<label>[^:\n]{1,40}?)\s*:\s+")
_VTT_SKIP = ("NOTE", "STYLE", "REGION")
_PREFIX_MAX_WORDS = 5
_NOT_IN_PREFIX = ("?", "!", "…", "«", "»")  # sentence marks: a spoken line, not a name


def _is_header(line: str) -> bool:
    """``WEBVTT`` header or a NOTE/STYLE/REGION block: skipped, not a cue."""
    head = line.strip()
    return head.startswith("WEBVTT") or head.split(" ", 1)[0] in _VTT_SKIP


@dataclass
class _Cue:
    line: int
    start: float
    end: float
    speaker: str | None
    text: str


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks, split again where a timing line starts a new cue."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 1
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            if current:
                blocks.append((first, current))
            current = []
            continue
        if current and "-->" in line and (any("-->" in c for c in current)
                                          or _is_header(current[0])):
            # a missing blank line: the previous cue (or the WEBVTT header, a NOTE or STYLE
            # block) ends before this one's id or timing
            cut = len(current) - 1 if current[-1].strip().isdigit() else len(current)
            cut = max(cut, 1)
            blocks.append((first, current[:cut]))
            first, current = number - (len(current) - cut), current[cut:]
        if not current:
            first = number
        current.append(line)
    if current:
        blocks.append((first, current))
    return blocks


def _parse_cues(text: str, rel_path: str, result: ReadResult) -> list[_Cue]:
    cues: list[_Cue] = []
    for first, lines in _blocks(text):
        if _is_header(lines[0]):
            continue
        timing_index = next((i for i, ln in enumerate(lines) if "-->" in ln), None)
        content = "\n".join(lines).strip()
        if timing_index is None:
            result.refusals.append(CorpusError(
                "LS220", f"bloc sans ligne de minutage « début --> fin » : « {content[:80]} ». "
                "Ce texte est écarté ; corrigez le minutage pour le garder.", rel_path, first))
            continue
        line_no = first + timing_index
        m = _TIMING_RE.match(lines[timing_index])
        body = "\n".join(lines[timing_index + 1:]).strip()
        if m is None:
            result.refusals.append(CorpusError(
                "LS221", f"minutage illisible « {lines[timing_index].strip()} » ; le sous-titre "
                f"« {body[:80]} » est écarté. Écrivez-le sous la forme 00:01:02.000 --> "
                "00:01:05.000.", rel_path, line_no))
            continue
        start, end = parse_time(m.group("start")), parse_time(m.group("end"))
        if not body:
            continue  # a timing with no words loses nothing
        if end < start:
            result.refusals.append(CorpusError(
                "LS222", f"le sous-titre finit ({m.group('end')}) avant de commencer "
                f"({m.group('start')}) ; « {body[:80]} » est écarté. Corrigez le minutage.",
                rel_path, line_no))
            continue
        if timing_index > 0 and not lines[0].strip().isdigit() and rel_path.endswith(".srt"):
            result.warnings.append(CorpusError(
                "LS223", f"numéro de sous-titre inattendu « {lines[0].strip()} » (ignoré, le "
                "texte est gardé).", rel_path, first))
        for speaker, piece in _voices(body):
            clean = " ".join(_TAG_RE.sub("", piece).split())
            if clean:
                cues.append(_Cue(line=line_no, start=start, end=end, speaker=speaker,
                                 text=clean))
    return cues


def _voices(body: str) -> list[tuple[str | None, str]]:
    """A cue's text cut at each ``<v Name>``: one piece per voice, in order.

    Text before the first voice has no speaker (it continues the previous turn).
    """
    voices = list(_VOICE_RE.finditer(body))
    if not voices:
        return [(None, body)]
    pieces: list[tuple[str | None, str]] = [(None, body[:voices[0].start()])]
    for i, voice in enumerate(voices):
        stop = voices[i + 1].start() if i + 1 < len(voices) else len(body)
        pieces.append((voice.group("name").strip(), body[voice.start():stop]))
    return pieces


def _prefix_label_ok(label: str) -> bool:
    """Whether a ``label:`` prefix may name a speaker once it recurs.

    Looser than a transcript's labels: video-call exports write the participant's display
    name as it was typed (« lea.martin », « iPhone de Léa »), so capitals are not required.
    """
    if looks_like_name(label):
        return True
    plain = label.replace(" ", "")
    return (len(label) <= 40 and len(label.split()) <= _PREFIX_MAX_WORDS
            and not plain.isdigit() and "http" not in label.casefold()
            and normalise_label(label) not in _NOT_SPEAKERS
            and not any(mark in label for mark in _NOT_IN_PREFIX))


def _apply_prefixes(cues: list[_Cue], settings: FileSettings) -> None:
    """Take ``Name:`` prefixes as speakers when they recur or are known roles."""
    found = [(_PREFIX_RE.match(c.text) if c.speaker is None else None) for c in cues]
    labels = [m.group("label").strip() for m in found if m]
    counts: dict[str, int] = {}
    for label in labels:
        counts[normalise_label(label)] = counts.get(normalise_label(label), 0) + 1
    for cue, m in zip(cues, found, strict=True):
        if m is None:
            continue
        label = m.group("label").strip()
        known = (*settings.interviewers, *settings.speakers)
        if _prefix_label_ok(label) and (counts[normalise_label(label)] >= 2
                                        or is_known_label(label, known)):
            cue.speaker, cue.text = label, cue.text[m.end():]


def read_subtitles(path: Path, rel_path: str, settings: FileSettings) -> ReadResult:
    """Read a ``.vtt`` or ``.srt`` file as one interview whose turns merge cues."""
    text, encoding = decode_bytes(path.read_bytes(), rel_path, settings.encoding)
    result = ReadResult(notes=[f"encodage {encoding}"])
    if rel_path.endswith(".vtt") and not text.lstrip().startswith("WEBVTT"):
        result.warnings.append(CorpusError(
            "LS224", "la première ligne devrait être « WEBVTT » ; le fichier est lu quand même.",
            rel_path, 1))
    cues = _parse_cues(text, rel_path, result)
    _apply_prefixes(cues, settings)
    if not cues:
        why = ""
        if result.refusals:
            first = result.refusals[0]
            more = len(result.refusals) - 1
            why = f" Premier sous-titre écarté, {first.unit} {first.line} : {first.reason}"
            if more:
                plural = "s" if more > 1 else ""
                why += f" ({more} autre{plural} sous-titre{plural} écarté{plural}.)"
        raise CorpusError(
            "LS225", "aucun sous-titre lisible (ni minutage « 00:00:01.000 --> 00:00:04.000 » "
            "suivi de texte). Vérifiez qu'il s'agit bien d'un fichier de sous-titres." + why,
            rel_path)
    # merge consecutive cues of one speaker; a cue with no speaker continues the turn
    merged: list[list[_Cue]] = []
    for cue in cues:
        if cue.speaker is None and merged:
            cue.speaker = merged[-1][-1].speaker
        if merged and normalise_label(merged[-1][-1].speaker or "") == normalise_label(
                cue.speaker or ""):
            merged[-1].append(cue)
        else:
            merged.append([cue])
    parts: list[str] = []
    turns: list[Turn] = []
    anchors: list[tuple[int, int]] = []
    offset = 0
    for group in merged:
        speaker = group[0].speaker
        head = f"{speaker} : " if speaker else ""
        start = offset + len(head)
        at = start  # where the next cue's text starts (one running offset: linear in cues)
        for cue in group:
            anchors.append((at, cue.line))
            at += len(cue.text) + 1
        body = " ".join(cue.text for cue in group)
        parts.append(head + body)
        turns.append(Turn(speaker=speaker, role=role_of(speaker, settings.interviewers)
                          if speaker else "unknown", start=start, end=start + len(body),
                          line=group[0].line, time_start=group[0].start,
                          time_end=group[-1].end, label_start=offset))
        offset += len(head) + len(body) + 2
    stem = rel_path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    date = settings.date.isoformat() if settings.date else date_from_name(rel_path)
    result.documents.append(Document(
        doc_id=rel_path, path=rel_path, kind=settings.kind or "interview",
        title=settings.title or stem, text="\n\n".join(parts), date=date,
        metadata=dict(settings.metadata), turns=turns, line_anchors=anchors))
    return result
