"""Hand coding: the designer's own decisions on segments, kept in ``codage.csv``.

``corpora/<project>/codage.csv`` holds one decision per line, under French headers, with
« ; » between columns and UTF-8 with a BOM, so that Excel and LibreOffice open it in
columns with a double click (a file saved back by Excel as « CSV (séparateur :
point-virgule) », in Windows-1252, is read too):

``action``
    ``déplacer`` (the segment goes to the theme of the ``thème`` column, or to ``T00``),
    ``épingler`` (the verbatim is always among its theme's quotes, first; ``extrait``
    says which words, otherwise labsynth picks them), ``écarter`` (the segment is never
    quoted) or ``coder`` (the designer's own code, column ``code``; « Parent / Enfant »
    nests codes; several lines give a passage several codes).
``segment``
    The segment's id as labsynth shows it (pseudonymised) or as the corpus has it.
``thème``
    The theme (``T05``, or its exact name) for ``déplacer``; for ``épingler``, optional
    (the segment's own theme).
``code``, ``extrait``, ``note``
    The code; the exact words of the segment the decision is about (a passage of it;
    empty: the whole segment); a free note.

:func:`apply_hand_coding` applies the decisions to a run's themes after the codebook
(:func:`labsynth.codebook.project_themes`): ids of themes come from the theme memory, so
a decision keeps applying when the corpus grows. A decision that cannot apply (the theme
is gone, the segment or the words are no longer there) is a **conflict**: reported in
``changements.md`` with its line, never silently dropped. Nothing here writes the theme
memory.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from labsynth.atomic import atomic_write
from labsynth.describe import UNCLASSIFIED
from labsynth.errors import ProjectError
from labsynth.features import Features
from labsynth.quotes import Excerpt, best_excerpt, pick_quotes, relevance_of

if TYPE_CHECKING:
    from labsynth.anonymise import Pseudonymisation
    from labsynth.project import Project
    from labsynth.themes import Themes

__all__ = [
    "ACTIONS",
    "CODING_FILE",
    "COLUMNS",
    "AppliedCoding",
    "CodedSpan",
    "Decision",
    "HandCoding",
    "SegmentIds",
    "append_decisions",
    "apply_hand_coding",
    "count_rows",
    "locate",
    "missing_words",
    "raw_offset",
    "read_hand_coding",
]

CODING_FILE = "codage.csv"
#: the columns, in the order labsynth writes them
COLUMNS = ["action", "segment", "thème", "code", "extrait", "note"]
#: action as written (accents and case aside) -> what it does
ACTIONS = {"deplacer": "move", "epingler": "pin", "ecarter": "drop", "coder": "code",
           "move": "move", "pin": "pin", "drop": "drop", "code": "code"}
#: how labsynth writes each action
ACTION_WORDS = {"move": "déplacer", "pin": "épingler", "drop": "écarter", "code": "coder"}
_HEADERS = {"action": "action", "segment": "segment", "theme": "thème", "code": "code",
            "extrait": "extrait", "note": "note", "commentaire": "note"}
#: change-log lines listing single moves, at most
_MAX_LINES = 30


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Decision:
    """One line of ``codage.csv``.

    Attributes
    ----------
    line : int
        Its line in the file (header = 1).
    action : {"move", "pin", "drop", "code"}
    segment : str
        The segment id as written.
    theme, code, excerpt, note : str
        As written (empty when not given).
    """

    line: int
    action: str
    segment: str
    theme: str = ""
    code: str = ""
    excerpt: str = ""
    note: str = ""


@dataclass
class HandCoding:
    """The decisions read from ``codage.csv`` and the lines refused, with the reason."""

    decisions: list[Decision] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    path: Path | None = None

    def __bool__(self) -> bool:
        return bool(self.decisions or self.refused)


def _decode(path: Path) -> str:
    from labsynth.ingest.encoding import decode_bytes

    try:
        return decode_bytes(path.read_bytes(), str(path))[0]
    except OSError as exc:
        raise ProjectError("LS120", f"{path} illisible ({exc.strerror or exc}).",
                           path=path) from None
    except ValueError as exc:  # binary content
        raise ProjectError("LS120", f"{path} n'est pas un fichier texte ({exc}). "
                           "Enregistrez-le en CSV depuis votre tableur.", path=path) from None


def _rows(text: str) -> tuple[list[str], list[list[str]], str]:
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return (rows[0] if rows else []), rows[1:], delimiter


def read_hand_coding(project: Project) -> HandCoding:
    """Read ``codage.csv`` (nothing to apply when it does not exist).

    Returns
    -------
    HandCoding
        The decisions, and each line refused with its reason (``LS121`` unknown action,
        ``LS122`` a column the action needs is empty): the other lines still apply.

    Raises
    ------
    ProjectError
        ``LS120`` when the file cannot be read or has no ``action`` or ``segment`` column.
    """
    path = project.root / CODING_FILE
    if not path.is_file():
        return HandCoding(path=path)
    header, rows, _ = _rows(_decode(path))
    names = [_HEADERS.get(_fold(h)) for h in header]
    missing = [c for c in ("action", "segment") if c not in names]
    if missing:
        raise ProjectError("LS120", f"{path} : colonne(s) {', '.join(missing)} absente(s) de "
                           f"la première ligne (lu : {' ; '.join(header) or 'rien'}). La "
                           f"première ligne doit être : {' ; '.join(COLUMNS)}.", path=path)
    out = HandCoding(path=path)
    for number, row in enumerate(rows, start=2):
        values = {n: v.strip() for n, v in zip(names, row, strict=False) if n}
        if not any(values.values()):
            continue
        where = f"{CODING_FILE}, ligne {number}"
        written = values.get("action", "")
        action = ACTIONS.get(_fold(written))
        if action is None:
            close = difflib.get_close_matches(_fold(written), [*ACTION_WORDS.values(),
                                              "deplacer", "epingler", "ecarter"], n=1)
            hint = (f" Vouliez-vous dire « {ACTION_WORDS[ACTIONS[_fold(close[0])]]} » ?"
                    if close else "")
            out.refused.append(f"[LS121] {where} : action « {written} » inconnue ; ligne "
                               f"ignorée.{hint} Actions : {', '.join(ACTION_WORDS.values())}.")
            continue
        needed = ["segment", *{"move": ["thème"], "code": ["code"]}.get(action, [])]
        empty = [c for c in needed if not values.get(c)]
        if empty:
            out.refused.append(f"[LS122] {where} : « {ACTION_WORDS[action]} » sans "
                               f"{' ni '.join(empty)} ; ligne ignorée. Remplissez la colonne "
                               f"{' et la colonne '.join(empty)}.")
            continue
        out.decisions.append(Decision(number, action, values["segment"],
                                      values.get("thème", ""), values.get("code", ""),
                                      values.get("extrait", ""), values.get("note", "")))
    return out


def append_decisions(project: Project, decisions: Iterable[Mapping[str, str]]) -> Path:
    """Add lines to ``codage.csv`` (created with its header when absent).

    The file is read and written back whole, atomically, in UTF-8 with a BOM and « ; »
    (what Excel opens in columns); the lines already there, and any column the designer
    added, are kept.

    Parameters
    ----------
    project : Project
    decisions : iterable of mapping
        Column -> value (``action``, ``segment``, ``thème``, ``code``, ``extrait``,
        ``note``); ``action`` as labsynth writes it (``déplacer``...) or in English.

    Returns
    -------
    Path
    """
    path = project.root / CODING_FILE
    header, rows = list(COLUMNS), []
    if path.is_file():
        header, rows, _ = _rows(_decode(path))
        header = header or list(COLUMNS)
    folded = [_HEADERS.get(_fold(h)) for h in header]
    for column in COLUMNS:
        if column not in folded:
            header.append(column)
            folded.append(column)
    for decision in decisions:
        values = dict(decision)
        action = ACTIONS.get(_fold(values.get("action", "")))
        if action is None:
            raise ProjectError("LS121", f"action « {values.get('action')} » inconnue ; "
                               f"actions : {', '.join(ACTION_WORDS.values())}.")
        values["action"] = ACTION_WORDS[action]
        rows.append([str(values.get(f, "") or "") if f else "" for f in folded])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    atomic_write(path, "\ufeff" + buffer.getvalue())
    return path


def count_rows(project: Project) -> int:
    """Rows of ``codage.csv``, header included (the last row's number in a spreadsheet)."""
    path = project.root / CODING_FILE
    if not path.is_file():
        return 0
    header, rows, _ = _rows(_decode(path))
    return len(rows) + (1 if header else 0)


# --- segments and words --------------------------------------------------------------

class SegmentIds:
    """Segment ids as the designer writes them: the corpus's, or the shared
    (pseudonymised) ones labsynth shows."""

    def __init__(self, ids: Iterable[str], pseudo: Pseudonymisation) -> None:
        self.raw = list(ids)
        known = set(self.raw)
        self.shared: dict[str, str | None] = {}
        for sid in self.raw:
            shown = str(pseudo.path(sid))
            if shown != sid and shown not in known:
                # two raw ids shown alike: only the raw id designates one of them
                self.shared[shown] = None if shown in self.shared else sid
        self.known = known

    def __call__(self, written: str) -> str | None:
        """The raw id of a segment written either way (None: unknown or ambiguous)."""
        written = written.strip()
        if written in self.known:
            return written
        return self.shared.get(written)


def raw_offset(pseudo: Pseudonymisation, segment_id: str, offset: int, end: bool = False
               ) -> int:
    """Where a position of a segment's pseudonymised text falls in its raw text (the
    inverse of :func:`labsynth.qda.pseudonymised_offset`): a position inside a pseudonym
    goes to the start of the name it replaces, or to its end when ``end`` is true."""
    if not pseudo.enabled:
        return offset
    shift = 0
    for r in sorted((r for r in pseudo.replacements
                     if r.segment_id == segment_id and r.kind != "PATH" and not r.kept),
                    key=lambda r: r.start):
        start = r.start + shift
        stop = start + len(r.pseudonym)
        if offset <= start:
            break
        if offset < stop or (offset == stop and end):
            return r.end if end else r.start
        shift += len(r.pseudonym) - (r.end - r.start)
    return offset - shift


def _pattern(words: str) -> re.Pattern[str] | None:
    """The words of an excerpt as a pattern tolerant of what a spreadsheet or a copy
    changes: runs of spaces and line breaks, typographic apostrophes and quotes."""
    parts = words.split()
    if not parts:
        return None
    alike = {"'": "['’ʼ]", "’": "['’ʼ]", '"': "[\"“”«»]", "«": "[«\"“]", "»": "[»\"”]"}
    escaped = ["".join(alike.get(c, re.escape(c)) for c in p) for p in parts]
    return re.compile(r"\s+".join(escaped))


def locate(words: str, raw: str, segment_id: str, pseudo: Pseudonymisation
           ) -> tuple[int, int] | None:
    """The span (raw offsets) of an excerpt in a segment, found in its raw text or in
    its shared (pseudonymised) text; None when the words are not there."""
    pattern = _pattern(words)
    if pattern is None:
        return None
    found = pattern.search(raw)
    if found:
        return found.start(), found.end()
    shared = pseudo.text(segment_id, raw)
    found = pattern.search(shared) if shared != raw else None
    if found:
        return (raw_offset(pseudo, segment_id, found.start()),
                raw_offset(pseudo, segment_id, found.end(), end=True))
    return None


def missing_words(words: str, segment_id: str, segments: pd.DataFrame,
                  pseudo: Pseudonymisation) -> tuple[str, str]:
    """What to say when ``words`` are not in a segment (French: what is wrong, what to
    do): if another segment of the same file holds them (an id copied from the line
    above, a neighbouring turn), which one; else the file has probably changed."""
    shown = pseudo.path(segment_id)
    quoted = words if len(words) <= 60 else words[:60] + "…"
    rows = segments[segments["segment_id"] == segment_id]
    if len(rows):
        doc = rows["doc_id"].iloc[0]
        same = segments[(segments["doc_id"] == doc) & (segments["segment_id"] != segment_id)]
        for other, text in zip(same["segment_id"], same["text"], strict=True):
            if locate(words, str(text), other, pseudo) is not None:
                return (f"les mots « {quoted} » ne sont pas dans le segment {shown}, mais "
                        f"dans le segment {pseudo.path(other)} du même fichier",
                        f"corrigez l'identifiant : {pseudo.path(other)}.")
    return (f"les mots « {quoted} » ne sont pas (ou plus) dans le segment {shown}",
            "recopiez l'extrait depuis le carnet explorer (le fichier a peut-être changé).")


# --- applying ------------------------------------------------------------------------

@dataclass(frozen=True)
class CodedSpan:
    """A hand code on a segment, or on a passage of it.

    Attributes
    ----------
    segment_id : str
        Raw id.
    code : str
        The code as written (« Parent / Enfant » for a sub-code).
    start, end : int
        Offsets in the segment's raw text (``0, len(text)``: the whole segment).
    whole : bool
    note : str
    line : int
        Its line in ``codage.csv``.
    """

    segment_id: str
    code: str
    start: int
    end: int
    whole: bool = True
    note: str = ""
    line: int = 0


@dataclass
class AppliedCoding:
    """What :func:`apply_hand_coding` did.

    Attributes
    ----------
    moves : list of (str, str, str, int)
        Segment (raw id), theme before, theme after, line.
    pins : dict
        Theme id -> pinned segment ids (raw), in file order.
    drops : set of str
        Segments never quoted.
    codes : list of CodedSpan
    conflicts : list of str
        Decisions that could not apply, with their line and what to do (French, coded).
    refused : list of str
        Lines of ``codage.csv`` refused (unknown action, empty column).
    kept : int
        Segments a « déplacer » line names that were already in its theme this run (the
        line keeps them there on later runs).
    """

    moves: list[tuple[str, str, str, int]] = field(default_factory=list)
    pins: dict[str, list[str]] = field(default_factory=dict)
    drops: set[str] = field(default_factory=set)
    codes: list[CodedSpan] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    kept: int = 0

    def __bool__(self) -> bool:
        return bool(self.moves or self.pins or self.drops or self.codes or self.conflicts
                    or self.refused or self.kept)

    def lines(self, pseudo: Pseudonymisation, labels: Mapping[str, str]) -> list[str]:
        """The change-log lines (French): a summary, each move, each conflict; segment
        ids as shared."""
        if not self:
            return []
        n_pins = sum(len(v) for v in self.pins.values())
        codes = sorted({c.code for c in self.codes})
        kept = (f" (et {self.kept} déjà dans le thème demandé)" if self.kept else "")
        out = [f"Codage à la main ({CODING_FILE}) : {len(self.moves)} segment(s) déplacé(s)"
               f"{kept}, "
               f"{n_pins} verbatim(s) épinglé(s), {len(self.drops)} écarté(s), "
               f"{len(self.codes)} passage(s) codé(s) avec {len(codes)} code(s) à vous"
               + (f" ({', '.join(codes[:12])}{'…' if len(codes) > 12 else ''})" if codes
                  else "") + "."]
        for sid, before, after, line in self.moves[:_MAX_LINES]:
            out.append(f"Segment {pseudo.path(sid)} déplacé à la main ({CODING_FILE}, ligne "
                       f"{line}) : de {before} « {labels.get(before, before)} » vers "
                       f"{after} « {labels.get(after, after)} ».")
        if len(self.moves) > _MAX_LINES:
            out.append(f"… et {len(self.moves) - _MAX_LINES} autre(s) segment(s) déplacé(s).")
        return out + self.conflicts + self.refused


def _theme_id(written: str, present: Sequence[str], labels: Mapping[str, str]) -> str | None:
    """A theme written by id (« T5 », « t05 ») or by its exact name."""
    found = re.fullmatch(r"\s*[tT]\s*0*(\d+)\s*", written)
    if found:
        return f"T{int(found.group(1)):02d}"
    by_name = {_fold(label): t for t, label in labels.items()}
    return by_name.get(_fold(written)) if written.strip() else None


def apply_hand_coding(themes: Themes, coding: HandCoding, segments: pd.DataFrame,
                      features: Features, pseudo: Pseudonymisation,
                      redirect: Mapping[str, str] | None = None
                      ) -> tuple[Themes, AppliedCoding]:
    """Apply the designer's decisions to a run's themes.

    Moves first (the last line about a segment wins), then the quotes of each theme again
    (pinned verbatims first, dropped ones never), then the codes.

    Parameters
    ----------
    themes : Themes
        After the codebook (ids from the memory, merges, splits, names).
    coding : HandCoding
    segments : pandas.DataFrame
        Every segment of the corpus (``segment_id``, ``text``): codes may go on any
        segment, moves and pins only on analysed ones.
    features : Features
    pseudo : Pseudonymisation
        To read ids and words written as labsynth shows them.
    redirect : mapping, optional
        Theme merged away by the codebook -> the theme it joined: a decision naming it
        follows it there.

    Returns
    -------
    (Themes, AppliedCoding)
    """
    applied = AppliedCoding(refused=list(coding.refused))
    if not coding.decisions:
        return themes, applied
    redirect = dict(redirect or {})
    ids = SegmentIds(segments["segment_id"], pseudo)
    raw_text = dict(zip(segments["segment_id"], segments["text"], strict=True))
    analysed = dict(zip(themes.assignments["segment_id"], themes.assignments["theme_id"],
                        strict=True))
    labels = dict(zip(themes.themes["theme_id"], themes.themes["label"], strict=True))
    present = [t for t in labels if t != UNCLASSIFIED]

    def conflict(decision: Decision, code: str, what: str, todo: str) -> None:
        applied.conflicts.append(f"[{code}] Conflit, {CODING_FILE} ligne {decision.line} "
                                 f"({ACTION_WORDS[decision.action]}) : {what} ; {todo}")

    def located(decision: Decision, text: str, sid: str) -> tuple[int, int] | None:
        """The decision's excerpt in the segment's raw text, or a conflict said."""
        span = locate(decision.excerpt, text, sid, pseudo)
        if span is None:
            conflict(decision, "LS125", *missing_words(decision.excerpt, sid, segments,
                                                       pseudo))
        return span

    def target(decision: Decision) -> str | None:
        theme = _theme_id(decision.theme, present, labels)
        if theme is not None and theme in redirect:
            theme = redirect[theme]
        if theme == UNCLASSIFIED or theme in present:
            return theme
        return None

    resolved: list[tuple[Decision, str]] = []
    for decision in coding.decisions:
        sid = ids(decision.segment)
        if sid is None:
            conflict(decision, "LS124", f"segment « {decision.segment} » introuvable dans "
                     "le corpus (fichier modifié, renommé ou retiré ?)",
                     "retrouvez-le dans le carnet explorer et corrigez l'identifiant, ou "
                     "supprimez la ligne.")
            continue
        if decision.action in ("move", "pin", "drop") and sid not in analysed:
            conflict(decision, "LS126", f"le segment {pseudo.path(sid)} n'est pas analysé "
                     "(question d'enquêteur·rice ou en-tête)", "seul « coder » s'y applique.")
            continue
        resolved.append((decision, sid))

    # moves: the last line about a segment wins
    theme_of: dict[str, tuple[str, int]] = {}
    for decision, sid in resolved:
        if decision.action != "move":
            continue
        theme = target(decision)
        if theme is None:
            now = analysed[sid]
            conflict(decision, "LS123", f"le segment {pseudo.path(sid)} devait aller dans "
                     f"« {decision.theme} », thème absent de cette exécution ; il reste dans "
                     f"{now} « {labels.get(now, now)} »",
                     "choisissez un autre thème (table des thèmes) ou supprimez la ligne.")
            theme_of.pop(sid, None)
            continue
        theme_of[sid] = (theme, decision.line)
    moves = {sid: t for sid, (t, _) in theme_of.items() if t != analysed[sid]}
    applied.moves = [(sid, analysed[sid], t, theme_of[sid][1]) for sid, t in moves.items()]
    applied.kept = len(theme_of) - len(moves)
    if moves:
        # imported here: reading codage.csv (labsynth report checks it before the
        # notebook starts) needs no scikit-learn
        from labsynth.themes import reassign

        themes = reassign(themes, moves, features)
        labels = dict(zip(themes.themes["theme_id"], themes.themes["label"], strict=True))
    now = dict(zip(themes.assignments["segment_id"], themes.assignments["theme_id"],
                   strict=True))

    # pins and drops: the last line about a segment wins
    quoted: dict[str, tuple[str, Decision]] = {}
    for decision, sid in resolved:
        if decision.action == "drop":
            quoted[sid] = ("drop", decision)
        elif decision.action == "pin":
            quoted[sid] = ("pin", decision)
    from labsynth.themes import private_spans  # a themes run: scikit-learn is loaded

    avoid = private_spans(themes.segments)
    pinned: dict[str, list[tuple[str, Excerpt]]] = {}
    for sid, (what, decision) in quoted.items():
        if what == "drop":
            applied.drops.add(sid)
            continue
        theme = now[sid]
        wanted = target(decision) if decision.theme else theme
        if theme == UNCLASSIFIED or wanted != theme:
            where = f"« {decision.theme} »" if decision.theme else "son thème"
            conflict(decision, "LS127", f"le verbatim {pseudo.path(sid)} devait être épinglé "
                     f"dans {where}, mais le segment est dans {theme} « "
                     f"{labels.get(theme, theme)} »",
                     "déplacez-le d'abord (une ligne « déplacer ») ou changez le thème.")
            continue
        text = raw_text[sid]
        if decision.excerpt:
            span = located(decision, text, sid)
            if span is None:
                continue
            excerpt = Excerpt(span[0], span[1], _has_words(text[:span[0]]),
                              _has_words(text[span[1]:]))
        else:
            relevance = relevance_of(themes.weights.get(theme, {}), features.readable)
            excerpt = best_excerpt(text, relevance, avoid.get(sid, ())) or Excerpt(
                0, len(text), False, False)
        pinned.setdefault(theme, []).append((sid, excerpt))
    applied.pins = {t: [sid for sid, _ in v] for t, v in pinned.items()}
    if pinned or applied.drops:
        themes = _requote(themes, pinned, applied.drops, features, avoid)

    # own codes
    for decision, sid in resolved:
        if decision.action != "code":
            continue
        text = raw_text[sid]
        if decision.excerpt:
            span = located(decision, text, sid)
            if span is None:
                continue
            applied.codes.append(CodedSpan(sid, _code_path(decision.code), *span, False,
                                           decision.note, decision.line))
        else:
            applied.codes.append(CodedSpan(sid, _code_path(decision.code), 0, len(text),
                                           True, decision.note, decision.line))
    return themes, applied


def _code_path(code: str) -> str:
    """« Mobilité/ bus » -> « Mobilité / bus »: one way to write a sub-code."""
    return " / ".join(p.strip() for p in code.split("/") if p.strip())


def _has_words(piece: str) -> bool:
    return any(c.isalnum() for c in piece)


def _requote(themes: Themes, pinned: Mapping[str, list[tuple[str, Excerpt]]],
             drops: set[str], features: Features, avoid: Mapping[str, Any]) -> Themes:
    """Quotes of each theme again: its pinned verbatims first, then labsynth's choice
    among the others, never a dropped one nor the words of a pinned one again."""
    n = int(themes.params.get("n_quotes", 5))
    data = themes.segments.assign(theme_id=themes.assignments["theme_id"].to_numpy(),
                                  score=themes.assignments["score"].to_numpy())
    quote_ids = dict(themes.quote_ids)
    excerpts = dict(themes.excerpts)
    touched = set(pinned) | {t for t, ids in themes.quote_ids.items() if set(ids) & drops}
    text_of = dict(zip(data["segment_id"], data["text"], strict=True))
    for theme in sorted(touched):
        if theme == UNCLASSIFIED:
            continue
        pins = list(pinned.get(theme, []))
        taken = {sid for sid, _ in pins} | drops
        members = data[(data["theme_id"] == theme) & ~data["segment_id"].isin(taken)]
        rest = pick_quotes(members, max(n - len(pins), 0),
                           relevance_of(themes.weights.get(theme, {}), features.readable),
                           avoid, quoted=[text_of[sid][e.start:e.end] for sid, e in pins]
                           ) if len(members) else []
        quote_ids[theme] = [sid for sid, _ in pins + rest]
        excerpts[theme] = [e for _, e in pins + rest]
    return dataclasses.replace(themes, quote_ids=quote_ids, excerpts=excerpts)
