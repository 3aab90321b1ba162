"""Consistent pseudonyms for a whole project, stable from one run to the next.

Who is who:

- a speaker becomes « Participant·e n » or « Enquêteur·rice n ». The labels of one person
  are joined: an interviewer's labels across the project when one label's name is
  contained in the other's (« Claire », « Claire Vidal », the screen name « claire (Lab
  Région) »); a participant's labels within an interview the same way, and across
  interviews when the full names are equal; a contribution author by name across
  contributions (an anonymous or role label is one author per contribution);
- a person named in the text is the speaker whose name contains the mention in the same
  document, else the speaker with exactly that full name, else the interviewer whose name
  contains it, else « Personne n »: the same name is the same person everywhere (accents,
  case and civility ignored: « Mme Keller » = « keller »), and a single name joins the
  one full name that contains it (« Sandrine » → « Sandrine Keller »). A bare one-word
  name (« Yanis », no civility) is only the same person within its document, or as the
  one full name holding it in the same group of sources (interviews and notes;
  contributions): three « Yanis » of three interviews are three persons;
- other kinds become a bracketed label: « [e-mail] », « [téléphone] »...

Stable over time: every pseudonym given is kept in the register's memory
(:mod:`labsynth.anonymise.ledger`) and given again on every later run; a person seen for
the first time gets the next number of the series, never one used before. So adding
material, or a file whose name sorts first, renumbers nobody. Without a memory, numbers
follow the corpus order (interviews first), independent of the order files were added.

File names: every word of a path that is a speaker's name, a declared name, the name of a
person found in the texts, or a first name from the lists is replaced by the person's code
(« P3 », « E1 », « N4 »); other words, towns included, are kept, as towns are in texts. A
French word or a month (« mai », « roux ») is a name in a file name only when the file's
own text names that person (« Madame Roux » in ``famille_roux.txt``) or the designer
declared it: ``avis_mai_2025.csv`` keeps its month.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from labsynth.anonymise.detect import (
    ambiguous_names,
    detect,
    first_names,
    name_key,
    name_parts,
)
from labsynth.anonymise.ledger import COLUMNS, Memory, Review, read_register
from labsynth.anonymise.vocab import _CIVILITY_RE, _PARTICLES_F

if TYPE_CHECKING:
    from labsynth.cache import AnnotationCache
    from labsynth.corpus import Corpus
    from labsynth.project import Project

__all__ = ["PLACEHOLDERS", "Pseudonymisation", "Replacement", "pseudonymise"]

PLACEHOLDERS = {"EMAIL": "[e-mail]", "TEL": "[téléphone]", "ADRESSE": "[adresse]",
                "NIR": "[n° de sécurité sociale]", "IBAN": "[IBAN]",
                "DATE_NAISSANCE": "[date de naissance]"}
#: French names of the kinds, for the register
KIND_NAMES = {"PER": "personne", "EMAIL": "e-mail", "TEL": "téléphone", "ADRESSE": "adresse",
              "NIR": "n° de sécurité sociale", "IBAN": "IBAN",
              "DATE_NAISSANCE": "date de naissance", "SPEAKER": "locuteur·rice",
              "PATH": "nom de fichier"}
PARTICIPANT, INTERVIEWER, PERSON = "Participant·e", "Enquêteur·rice", "Personne"
_CONTEXT = 40
_SEP = "\x1f"


@dataclass(frozen=True)
class Replacement:
    """One replaced piece of text (or word of a file name), with where it was and why."""

    id: str
    segment_id: str
    path: str
    line: int | None
    kind: str
    start: int
    end: int
    original: str
    pseudonym: str
    source: str
    context: str
    kept: bool = False
    check: str = ""


@dataclass
class Pseudonymisation:
    """The pseudonymised project: texts, speakers, the register of replacements.

    Attributes
    ----------
    enabled : bool
        ``False`` when ``project.yml`` opts out: shared outputs then carry raw text.
    replacements : list of Replacement
        Every detection in a segment, in corpus order, then every word replaced in a file
        name (kind ``"PATH"``); those the designer marked « garder » have ``kept=True``
        and are left as they are.
    texts : dict
        Segment id -> pseudonymised text.
    blanked : dict
        Segment id -> text with every detection replaced by spaces (same length), for the
        analysis: names and numbers never become keywords.
    speakers : dict
        ``(doc_id, speaker label)`` -> pseudonym.
    memory : Memory
        Every pseudonym given, this run's and earlier runs' (written with the register).
    review : Review
        Whether the designer reviewed the register, and when.
    """

    enabled: bool
    replacements: list[Replacement] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    blanked: dict[str, str] = field(default_factory=dict)
    speakers: dict[tuple[str, str], str] = field(default_factory=dict)
    memory: Memory = field(default_factory=Memory)
    review: Review = field(default_factory=Review)
    _codes: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    @property
    def kept(self) -> int:
        """Detections left as they are because the designer marked them « garder » in the
        register (texts in ``keep`` are not detected at all)."""
        return sum(r.kept for r in self.replacements)

    @property
    def replaced(self) -> int:
        """Pieces of text actually replaced (words of file names included)."""
        return len(self.replacements) - self.kept

    @property
    def unreviewed(self) -> int:
        """Replacements made that the register the designer last saved did not list (all
        of them when it was never reviewed)."""
        return sum(not r.kept and r.id not in self.review.ids for r in self.replacements)

    @property
    def to_check(self) -> int:
        """Replacements marked « à vérifier » (a number whose checksum fails)."""
        return sum(bool(r.check) and not r.kept for r in self.replacements)

    def review_note(self) -> str:
        """Whether the register was reviewed, in French, for the command line: never, or
        when, and how many replacements appeared since."""
        if self.review.status != "reviewed" or self.review.at is None:
            return ("Registre pas encore relu : ces remplacements sont automatiques, "
                    "relisez-le avant de diffuser.")
        when = self.review.at.strftime("%d/%m/%Y à %H:%M")
        if not self.unreviewed:
            return f"Registre relu le {when} : aucun remplacement nouveau depuis."
        return (f"Registre relu le {when} ; {self.unreviewed} remplacement(s) apparu(s) "
                "depuis, à relire avant de diffuser.")

    def text(self, segment_id: str, raw: str) -> str:
        """The text to share for a segment (raw when disabled)."""
        return self.texts.get(segment_id, raw) if self.enabled else raw

    def excerpt(self, segment_id: str, raw: str, start: int, end: int) -> str:
        """The text to share for ``raw[start:end]``, an excerpt of a segment's text: the
        replacements inside it applied (one that straddles a bound is taken whole, so no
        half-name is shown); raw when disabled."""
        if not self.enabled:
            return raw[start:end]
        if not hasattr(self, "_by_segment"):
            index: dict[str, list[Replacement]] = {}
            for r in self.replacements:
                if not r.kept and r.kind != "PATH":
                    index.setdefault(r.segment_id, []).append(r)
            self._by_segment = index
        inside = sorted((r for r in self._by_segment.get(segment_id, [])
                         if r.start < end and r.end > start), key=lambda r: r.start)
        if inside:
            start, end = min(start, inside[0].start), max(end, inside[-1].end)
        pieces, last = [], start
        for r in inside:
            pieces += [raw[last:r.start], r.pseudonym]
            last = r.end
        return "".join(pieces) + raw[last:end]

    def speaker(self, doc_id: str, label: object) -> object:
        """The speaker to share (pseudonym, or the label when disabled or unknown)."""
        if not self.enabled or not isinstance(label, str):
            return label
        return self.speakers.get((doc_id, label), label)

    def path(self, path: object) -> object:
        """A file path (or an id holding one) to share: every word that names a person is
        replaced by the person's code (``entretien_04_camille_mende.txt`` ->
        ``entretien_04_N2_mende.txt``); towns and other words are kept."""
        if not self.enabled or not isinstance(path, str) or not self._codes:
            return path
        # the codes of the file the path or id starts with (a word can name one person
        # in a file and another elsewhere), else of any file
        owner = max((f for f in self._codes if f and path.startswith(f)), key=len, default="")
        codes = self._codes.get(owner) or self._codes[""]
        return "".join(codes.get(name_key(p), p) if p[:1].isalnum() else p
                       for p in _path_words(path))

    def apply(self, segments: pd.DataFrame) -> pd.DataFrame:
        """A copy of a table of segments fit to share: whichever of ``text`` (by
        ``segment_id``), ``speaker`` (by ``doc_id``), ``path``, ``doc_id`` and
        ``segment_id`` it has are pseudonymised (``text_pseudonymised`` filled too);
        unchanged when disabled."""
        out = segments.copy()
        if not self.enabled:
            return out
        if "text" in out.columns:
            out["text"] = [self.text(s, t) for s, t in zip(out["segment_id"], out["text"],
                                                            strict=True)]
            if "text_pseudonymised" in out.columns:
                out["text_pseudonymised"] = out["text"]
        if "speaker" in out.columns:
            out["speaker"] = [self.speaker(d, s) for d, s in zip(out["doc_id"], out["speaker"],
                                                                 strict=True)]
        for column in ("path", "doc_id", "segment_id"):  # ids hold the file's path
            if column in out.columns:
                out[column] = out[column].map(self.path)
        return out

    def table(self) -> pd.DataFrame:
        """The register: one row per replacement, then one per speaker (text only)."""
        rows = [[r.id, KIND_NAMES[r.kind], r.original, r.pseudonym, r.path,
                 "" if r.line is None else str(r.line), r.context, r.source, r.check,
                 "garder" if r.kept else ""]
                for r in self.replacements]
        for (doc_id, label), pseudonym in self.speakers.items():
            rows.append([_id("speaker", doc_id, label), "locuteur·rice", label, pseudonym,
                         doc_id, "", "", "locuteur", "", ""])
        return pd.DataFrame(rows, columns=COLUMNS, dtype=str)


def _id(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


_PATH_WORD_RE = re.compile(r"([^\W_]+(?:-[^\W_]+)*)")


def _path_words(path: str) -> list[str]:
    """A path cut into words (letters, digits, hyphenated compounds) and the rest."""
    return [p for p in _PATH_WORD_RE.split(path) if p]


def _tokens(name: str) -> frozenset[str]:
    return frozenset(name_key(name).split())


# ------------------------------------------------------------------ numbering

class _Numbers:
    """Pseudonyms by series, from memory first, new numbers after the highest ever."""

    def __init__(self, memory: Memory) -> None:
        self.high = dict(memory.high)
        for pseudonym in [*memory.speakers.values(), *memory.persons.values()]:
            self._see(pseudonym)

    def _see(self, pseudonym: str) -> None:
        series, _, number = pseudonym.rpartition(" ")
        if number.isdigit():
            self.high[series] = max(self.high.get(series, 0), int(number))

    def new(self, series: str) -> str:
        number = self.high.get(series, 0) + 1
        self.high[series] = number
        return f"{series} {number}"

    def reuse(self, candidates: list[str], series: str) -> str:
        """The most frequent remembered pseudonym (of any series: a person first met in
        the texts keeps « Personne n » once they speak), or a new one of ``series``."""
        known = [c for c in candidates if c.rpartition(" ")[2].isdigit()]
        if known:
            counts = Counter(known)
            return min(counts, key=lambda p: (-counts[p], known.index(p)))
        return self.new(series)


class _Union:
    """Union-find over hashable items, keeping the first item of a set as its root."""

    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, item):
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _join_contained(union: _Union, items: list[tuple[object, frozenset[str]]]) -> None:
    """Join items whose name is contained in exactly one other, longer name (« Claire »
    and « Claire Vidal »; « Claire » is not joined when there is also a « Claire Roux »)."""
    for key, tokens in items:
        if not tokens:
            continue
        wider = {union.find(k) for k, t in items if k != key and tokens < t}
        if len(wider) == 1:
            union.join(next(iter(wider)), key)
        for k, t in items:
            if k != key and t == tokens:
                union.join(key, k)


def _label_parts(labels: list[str], cache: AnnotationCache | None) -> dict[str, list[str]]:
    """:func:`name_parts` of every label, kept in the project cache: computing them loads
    the first-name lists and the lexicon (about 1 s), which a warm run does not need."""
    import json

    if cache is None:
        return {label: name_parts(label) for label in labels}
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    digest.update(json.dumps(labels, ensure_ascii=False).encode())
    key = digest.hexdigest()
    blob = cache.get_many("names/label-parts", [key]).get(key)
    if blob is not None:
        return json.loads(blob)
    parts = {label: name_parts(label) for label in labels}
    cache.put_many("names/label-parts", [(key, json.dumps(parts, ensure_ascii=False).encode())])
    return parts


def _speaker_pseudonyms(segments: pd.DataFrame, numbers: _Numbers, memory: Memory,
                        parts: dict[str, list[str]], texts: dict[str, str] | None = None
                        ) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], frozenset]]:
    """``(doc_id, label)`` -> pseudonym, and the name words of each speaker.

    A speaker is remembered by document and label, and by the document's text and label
    (``texts``: doc id -> :func:`_text_key`), so renaming a file renumbers nobody."""
    texts = texts or {}
    rows = list(dict.fromkeys(zip(segments["doc_id"], segments["speaker"], segments["role"],
                                  segments["kind"], strict=True)))
    rows = [r for r in rows if isinstance(r[1], str)]
    # interviews first, so « Participant·e 1 » is the first person interviewed
    rows.sort(key=lambda row: row[3] == "contribution")
    union = _Union()
    words = {(d, label): frozenset().union(*(_tokens(p) for p in parts[label]))
             for d, label, _, _ in rows}
    interviewers = [(d, label) for d, label, role, _ in rows if role == "interviewer"]
    participants = [(d, label, kind) for d, label, role, kind in rows if role != "interviewer"]
    for key in [*interviewers, *((d, label) for d, label, _ in participants)]:
        union.find(key)
    # an interviewer is one person across the project: by name, or by role label
    _join_contained(union, [(k, words[k]) for k in interviewers])
    by_label: dict[str, tuple[str, str]] = {}
    for key in interviewers:
        if not words[key]:
            union.join(by_label.setdefault(name_key(key[1]), key), key)
    # a participant: by name within an interview, by full name across interviews, by
    # name across contributions (anonymous: one per contribution)
    docs: dict[str, list[tuple[str, str]]] = {}
    for d, label, kind in participants:
        if kind != "contribution":
            docs.setdefault(d, []).append((d, label))
    for keys in docs.values():
        _join_contained(union, [(k, words[k]) for k in keys])
    full: dict[frozenset, tuple[str, str]] = {}
    authors: dict[str, tuple[str, str]] = {}
    for d, label, kind in participants:
        key = (d, label)
        if kind == "contribution":
            if words[key]:
                union.join(authors.setdefault(name_key(label), key), key)
        elif len(words[key]) > 1:
            union.join(full.setdefault(words[key], key), key)
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for d, label, _, _ in rows:
        groups.setdefault(union.find((d, label)), []).append((d, label))
    roles = {(d, label): role for d, label, role, _ in rows}
    out: dict[tuple[str, str], str] = {}
    for root, members in groups.items():
        series = INTERVIEWER if roles[root] == "interviewer" else PARTICIPANT
        remembered = [memory.speakers[key] for d, label in members
                      for key in (f"{d}{_SEP}{label}", f"{texts.get(d)}{_SEP}{label}")
                      if key in memory.speakers]
        # a speaker whose full name was met in the texts before keeps that pseudonym
        # (« Personne 4 »): adding their interview renumbers nobody
        full_names = [name_key(parts[label][0]) for _, label in members
                      if len(words[(_, label)]) > 1]
        named = [memory.persons[k] for k in full_names if k in memory.persons]
        pseudonym = numbers.reuse(remembered, series) if remembered or not named else \
            Counter(named).most_common(1)[0][0]
        for member in members:
            out[member] = pseudonym
    names: dict[tuple[str, str], frozenset] = {}
    for (d, label), tokens in words.items():
        if tokens:
            names[(d, label)] = tokens
    return out, names


def _text_key(text: str) -> str:
    """A document known by its text rather than its file name (renamed, moved)."""
    return "texte-" + hashlib.blake2b(text.encode("utf-8", "surrogatepass"),
                                      digest_size=8).hexdigest()


# ------------------------------------------------------------------ pseudonymise

def pseudonymise(project: Project, corpus: Corpus, *, cache: AnnotationCache | None = None,
                 progress: bool = False, save: bool = True) -> Pseudonymisation:
    """Detect personal data in every segment of a project and choose its pseudonyms.

    Parameters
    ----------
    project : Project
        Gives ``pseudonymisation`` settings (``names``, ``keep``) and the register
        (:func:`labsynth.anonymise.ledger.read_register`): the designer's decisions and
        the pseudonyms given by earlier runs.
    corpus : Corpus
        The project read (:func:`labsynth.corpus.read_corpus`).
    cache : AnnotationCache, optional
        Keeps the named-entity results, so a second run does not run spaCy.
    progress : bool
        Progress bar of the detection.
    save : bool
        Write the register and its memory when this run changed them (a new
        replacement, a new pseudonym), so the next run gives the same pseudonyms.

    Returns
    -------
    Pseudonymisation
        ``enabled`` is ``project.yml``'s; detection runs in both cases, so the register
        can be reviewed before deciding.
    """
    spec = project.spec.pseudonymisation
    register = read_register(project)
    decisions = register.decisions
    memory = register.memory
    numbers = _Numbers(memory)
    segments = corpus.segments
    labels = sorted({s for s in segments["speaker"] if isinstance(s, str)})
    parts = _label_parts(labels, cache)
    documents = corpus.documents
    talks = documents[documents["kind"] != "contribution"]
    texts = {d: _text_key(t) for d, t in zip(talks["doc_id"], talks["text"], strict=True)}
    speakers, speaker_words = _speaker_pseudonyms(segments, numbers, memory, parts, texts)
    declared = sorted(set(spec.names) | set(decisions.names))
    names = sorted({p for key in speakers for p in parts[key[1]]} | set(declared))
    keep = sorted(set(spec.keep) | set(decisions.keep_texts))
    found = detect(segments["text"].tolist(), names=names, keep=keep, model=spec.model,
                   cache=cache, progress=progress)
    resolve = _Resolver(speakers, speaker_words, found, numbers, memory,
                        list(zip(segments["doc_id"], segments["kind"], strict=True)),
                        declared, texts)
    result = Pseudonymisation(enabled=spec.enabled, speakers=speakers, review=register.review)
    for i, (segment_id, doc_id, path, line, text) in enumerate(zip(
            segments["segment_id"], segments["doc_id"], segments["path"], segments["line"],
            segments["text"], strict=True)):
        pieces, blank, last = [], list(text), 0
        for d in found[i]:
            rid = _id(segment_id, d.start, d.text)
            context = (text[max(d.start - _CONTEXT, 0):d.start] + "⟦" + d.text + "⟧"
                       + text[d.end:d.end + _CONTEXT]).replace("\n", " ")
            where = (segment_id, path, None if pd.isna(line) else int(line))
            kept = rid in decisions.keep_ids  # the designer marked it: left as it is
            pseudonym = d.text if kept else (
                resolve(doc_id, d.text) if d.kind == "PER" else PLACEHOLDERS[d.kind])
            result.replacements.append(Replacement(
                rid, *where, d.kind, d.start, d.end, d.text, pseudonym, d.source, context,
                kept=kept, check=d.check))
            if kept:
                continue
            pieces += [text[last:d.start], pseudonym]
            last = d.end
            blank[d.start:d.end] = " " * (d.end - d.start)
        result.texts[segment_id] = "".join(pieces) + text[last:]
        result.blanked[segment_id] = "".join(blank)
    _path_codes(result, segments, resolve, declared, keep, decisions.keep_ids, cache)
    result.memory = Memory(
        speakers=dict(memory.speakers) | {f"{key}{_SEP}{label}": p
                                          for (d, label), p in speakers.items()
                                          for key in (d, texts.get(d)) if key},
        persons=dict(memory.persons) | resolve.persons, high=dict(numbers.high))
    if save:
        from labsynth.anonymise.ledger import write_ledger

        try:
            write_ledger(project, result, register, force=False)
        except OSError as exc:  # a register open in a spreadsheet on Windows, a full disk
            warnings.warn(f"registre de pseudonymisation non écrit ({exc}) : fermez-le et "
                          "relancez, sinon les nouveaux pseudonymes ne sont pas mémorisés.",
                          stacklevel=2)
    return result


class _Resolver:
    """Who a name found in a text is: a speaker, or « Personne n »."""

    def __init__(self, speakers: dict[tuple[str, str], str],
                 speaker_words: dict[tuple[str, str], frozenset], found, numbers: _Numbers,
                 memory: Memory, docs: list[tuple[str, str]] | None = None,
                 declared: Iterable[str] = (), texts: dict[str, str] | None = None) -> None:
        self.speakers, self.numbers, self.memory = speakers, numbers, memory
        # doc id -> the document known by its text: a renamed file keeps its persons
        self.texts = texts or {}
        # names the designer declared (project.yml, lines added to the register): one
        # person wherever they are met, never scoped to a document (« Flavin », a hamlet
        # that identifies someone, is the same « Personne n » in the interview and notes)
        self.declared = frozenset(name_key(n) for n in declared)
        self.by_doc: dict[str, list[tuple[frozenset, str]]] = {}
        self.full: dict[frozenset, set[str]] = {}
        self.interviewers: list[tuple[frozenset, str]] = []
        for (doc_id, _label), tokens in speaker_words.items():
            pseudonym = speakers[(doc_id, _label)]
            self.by_doc.setdefault(doc_id, []).append((tokens, pseudonym))
            if len(tokens) > 1:
                self.full.setdefault(tokens, set()).add(pseudonym)
            if pseudonym.startswith(INTERVIEWER):
                self.interviewers.append((tokens, pseudonym))
        # persons: full names first, then a single name joins the one full name holding it
        keys = list(dict.fromkeys(name_key(d.text) for ds in found for d in ds
                                  if d.kind == "PER"))
        multi = [k for k in keys if " " in k]
        self.canonical: dict[str, str] = {}
        for key in keys:
            if " " in key:
                self.canonical[key] = key
            else:
                owners = [f for f in multi if key in f.split()]
                self.canonical[key] = owners[0] if len(owners) == 1 else key
        self.persons: dict[str, str] = {}  # name key -> « Personne n », this run
        # full names met in each document and in each kind of source (interviews,
        # contributions, notes), for a bare name (« Yanis »)
        self.doc_full: dict[str, list[str]] = {}
        self.kind_full: dict[str, list[str]] = {}
        self.kinds: dict[str, str] = {}
        self.doc_civil: dict[str, set[str]] = {}  # one-word names met with a civility
        self.notes: set[str] = set()
        for (doc_id, kind), ds in zip(docs or [], found, strict=False):
            self.kinds[doc_id] = _source_group(kind)
            if kind == "note":
                self.notes.add(doc_id)
            for d in ds:
                if d.kind != "PER":
                    continue
                key = name_key(d.text)
                if " " not in key:
                    if _CIVILITY_RE.match(" ".join(d.text.split())):
                        self.doc_civil.setdefault(doc_id, set()).add(key)
                    continue
                for table, where in ((self.doc_full, doc_id),
                                     (self.kind_full, self.kinds[doc_id])):
                    if key not in table.get(where, []):
                        table.setdefault(where, []).append(key)
        self.claimed: set[str] = set()  # remembered bare names taken by one document
        # a full name whose first word is the one-word label of a single speaker of the
        # same document is that speaker: « Bernard Couderc » said by « Bernard », « Claire
        # Vidal » in the heading of the interview « Claire » leads (a second « Bernard X »
        # in that interview would be taken for the speaker too; a surname alone is not)
        self.speaker_names: dict[str, str] = {}
        clashes: set[str] = set()
        for doc_id, fulls in self.doc_full.items():
            singles: dict[str, set[str]] = {}
            for tokens, pseudonym in self.by_doc.get(doc_id, []):
                if len(tokens) == 1:
                    singles.setdefault(next(iter(tokens)), set()).add(pseudonym)
            for key in fulls:
                owner = singles.get(key.split()[0], set())
                if len(owner) != 1:
                    continue
                found_speaker = next(iter(owner))
                if self.speaker_names.setdefault(key, found_speaker) != found_speaker:
                    clashes.add(key)  # two speakers of two documents: neither for sure
        for key in clashes:
            del self.speaker_names[key]
        # field notes speak of the people interviewed: a one-word name there that is the
        # label of a single participant of the interviews is that participant (« Lucie
        # (entretien 2) »); a name in an interview is not (three « Yanis » of three
        # interviews are three persons)
        interviewed: dict[str, set[str]] = {}
        for (_doc_id, _label), tokens in speaker_words.items():
            pseudonym = speakers[(_doc_id, _label)]
            if len(tokens) == 1 and pseudonym.startswith(PARTICIPANT) and \
                    self.kinds.get(_doc_id) == "terrain" and _doc_id not in self.notes:
                interviewed.setdefault(next(iter(tokens)), set()).add(pseudonym)
        self.interviewed = {k: next(iter(v)) for k, v in interviewed.items() if len(v) == 1}

    def __call__(self, doc_id: str, text: str) -> str:
        tokens = _tokens(text)
        if tokens:
            own = {p for t, p in self.by_doc.get(doc_id, []) if tokens <= t}
            if len(own) == 1:
                return next(iter(own))
            if not own:
                same = self.full.get(tokens, set()) if len(tokens) > 1 else set()
                if len(same) == 1:
                    return next(iter(same))
                staff = {p for t, p in self.interviewers if tokens <= t}
                if len(staff) == 1:
                    return next(iter(staff))
        key = name_key(text)
        if " " not in key and not _CIVILITY_RE.match(" ".join(text.split())) and \
                key not in self.declared:
            return self.bare(doc_id, key)
        return self.person(key)

    def bare(self, doc_id: str, key: str) -> str:
        """A name of one word without civility (« Yanis », « Lefèvre »): the same person as
        the same name with a civility in the same document (« M. Lefèvre »), or as the one
        full name holding it in the same document, else in the same group of sources
        (interviews and notes; contributions), else a person of this document only: three
        « Yanis » of three interviews are three persons, « Samia » of one interview is
        « Samia Benali » of another, and « Kévin » of an interview is not « Kevin
        Martinez » of a consultation (« Mme Garcia » in two files stays one person: a
        civility makes a name)."""
        if key in self.doc_civil.get(doc_id, ()):
            return self.person(key)
        for table, where in ((self.doc_full, doc_id), (self.kind_full, self.kinds.get(doc_id))):
            owners = [f for f in table.get(where, []) if key in f.split()]
            if len(owners) == 1:
                return self.person(owners[0])
            if owners:
                break  # two « Samia X »: this one is neither for sure
        if doc_id in self.notes and key in self.interviewed:
            return self.interviewed[key]
        scoped = f"{doc_id}{_SEP}{key}"
        if scoped in self.persons:
            return self.persons[scoped]
        by_text = f"{self.texts.get(doc_id)}{_SEP}{key}"
        remembered = [self.memory.persons[k] for k in (scoped, by_text)
                      if k in self.memory.persons][:1]
        if not remembered and key in self.memory.persons and key not in self.claimed:
            # a register written before names were scoped: its pseudonym goes on with the
            # first document that names the person
            remembered = [self.memory.persons[key]]
            self.claimed.add(key)
        pseudonym = self.numbers.reuse(remembered, PERSON)
        self.persons[scoped] = pseudonym
        if doc_id in self.texts:
            self.persons[by_text] = pseudonym
        return pseudonym

    def person(self, key: str) -> str:
        """« Personne n » for a name key, the same for every form of the person."""
        if key in self.persons:
            return self.persons[key]
        canonical = self.canonical.get(key, key)
        forms = [k for k, c in self.canonical.items() if c == canonical] or [key]
        if key not in forms:
            forms.append(key)
        remembered = [self.memory.persons[k] for k in [canonical, *forms]
                      if k in self.memory.persons]
        if not remembered and key in self.declared:
            # declared after a run that scoped it to its documents: the first of those
            # pseudonyms goes on
            remembered = [p for k, p in sorted(self.memory.persons.items())
                          if k.endswith(f"{_SEP}{key}")][:1]
        known = [self.persons[k] for k in forms if k in self.persons]
        speaker = self.speaker_names.get(canonical) or self.speaker_names.get(key)
        pseudonym = speaker or (known[0] if known else self.numbers.reuse(remembered, PERSON))
        for form in forms:
            self.persons.setdefault(form, pseudonym)
        return pseudonym


def _source_group(kind: str) -> str:
    """Interviews and field notes speak of the same people; a consultation's authors are
    another population."""
    return "contribution" if kind == "contribution" else "terrain"


def _code(pseudonym: str) -> str:
    """« Participant·e 3 » -> « P3 », « Enquêteur·rice 1 » -> « E1 », « Personne 2 » -> « N2 »."""
    letter = "N" if pseudonym.startswith(PERSON) else pseudonym[0]
    return f"{letter}{pseudonym.rsplit(' ', 1)[-1]}"


def _cached_words(namespace: str, words: list[str], compute: Callable[[], list[str]],
                  cache: AnnotationCache | None) -> frozenset[str]:
    """``compute()`` (the words of ``words`` that pass a lexicon test), kept in the project
    cache under ``namespace`` keyed by ``words``: a warm run loads no word list. Change
    the namespace's version when the test changes."""
    import json

    if cache is None:
        return frozenset(compute())
    key = hashlib.blake2b(json.dumps(words, ensure_ascii=False).encode(),
                          digest_size=16).hexdigest()
    blob = cache.get_many(namespace, [key]).get(key)
    if blob is None:
        blob = json.dumps(compute(), ensure_ascii=False).encode()
        cache.put_many(namespace, [(key, blob)])
    return frozenset(json.loads(blob))


def _first_name_words(words: list[str], cache: AnnotationCache | None) -> frozenset[str]:
    """Which of ``words`` (name keys) are listed first names that are not also common
    words or places."""
    def compute() -> list[str]:
        known, ambiguous = first_names(), ambiguous_names()
        return [w for w in words if w in known and w not in ambiguous]

    return _cached_words("names/first-name-words", words, compute, cache)


def _common_words(words: list[str], cache: AnnotationCache | None) -> frozenset[str]:
    """Which of ``words`` (name keys) are French words of the lexicon (with or without
    their accents) or months."""
    from labsynth.anonymise.lexicon import lexicon

    def compute() -> list[str]:
        common = lexicon()
        return [w for w in words if w in _MONTHS or common.parts_of_speech(w)
                or w in _unaccented_lexicon()]

    # v2: words without their accents (« sante ») count; v1 results are not reused
    return _cached_words("names/common-words/v2", words, compute, cache)


@lru_cache(maxsize=1)
def _unaccented_lexicon() -> frozenset[str]:
    """The lexicon's lemmas and irregular forms without accents: a file name writes
    « sante » for « santé » (« consultation_sante_jeunes.csv » lost its « sante », taken
    for the Italian first name, for a designer)."""
    from labsynth.anonymise.lexicon import lexicon

    common = lexicon()
    words = {w for lemmas in common.lemmas.values() for w in lemmas} | set(common.forms)
    return frozenset(unicodedata.normalize("NFKD", w).encode("ascii", "ignore").decode()
                     for w in words)


_MONTHS = frozenset("janvier fevrier mars avril mai juin juillet aout septembre octobre "
                    "novembre decembre janv fevr avr juil sept oct nov dec".split())


def _path_codes(result: Pseudonymisation, segments: pd.DataFrame, resolve: _Resolver,
                declared: list[str], keep: list[str], keep_ids: set[str],
                cache: AnnotationCache | None = None) -> None:
    """Choose the code of every word of a file name that names a person, and add one
    register row per such word and file.

    A word is a person's name when it is a word of a speaker's name (that speaker's code
    in their own file), of a person replaced in that file's own text (« Madame Roux » in
    ``famille_roux.txt``: the pseudonym she has there), of a declared name, of a person
    found in the texts under a strong cue (a name of two words or more), or a first name
    of the lists that is not also a common word or a place (« Florence », « Lourdes »
    stay). A French word or a month (« mai » in ``avis_mai_2025.csv``) counts only in the
    first two ways or when declared. The designer keeps a word with « garder » in the
    register, or with ``keep`` in ``project.yml``.
    """
    kept = {name_key(k) for k in keep}
    docs = list(dict.fromkeys(zip(segments["doc_id"], segments["path"], strict=True)))
    candidates = sorted({name_key(p) for _, path in docs for p in _path_words(str(path))}
                        | {w for key in resolve.persons if _SEP not in key
                           for w in key.split()})
    known = _first_name_words(candidates, cache)
    # the persons named in each file's own text, word by word (« Madame Roux » in
    # famille_roux.txt, a surname alone, a bare first name): the same pseudonym there
    named_here: dict[str, dict[str, str]] = {}
    for r in result.replacements:
        if r.kind == "PER" and not r.kept:
            for word in name_key(r.original).split():
                if len(word) > 2 and word not in _PARTICLES_F:
                    named_here.setdefault(r.path, {}).setdefault(word, r.pseudonym)
    french = _common_words(candidates, cache)
    person_words: dict[str, str] = {}  # word -> name key of the person
    for key in resolve.persons:
        if _SEP in key:  # a bare name of one document: found through ``resolve`` below
            continue
        words = key.split()
        # a full name holding a first name (« badaroux mende » is a place the model
        # took for a person: its words stay in file names)
        if len(words) > 1 and any(w in known for w in words):
            for word in words:
                if len(word) > 2:
                    person_words.setdefault(word, key)
    declared_words: set[str] = set()
    for name in declared:
        for word in name_key(name).split():
            person_words.setdefault(word, name_key(name))
            declared_words.add(word)
    anywhere: dict[str, str] = {}
    by_file: dict[str, dict[str, str]] = {}
    for doc_id, path in docs:
        path = str(path)
        codes = by_file.setdefault(path, {})
        for piece in dict.fromkeys(_path_words(path)):
            key = name_key(piece)
            if not piece[:1].isalpha() or key in kept or len(key) < 3:
                continue
            own = {p for t, p in resolve.by_doc.get(doc_id, []) if key in t}
            if len(own) == 1:
                pseudonym = next(iter(own))
            elif key in named_here.get(path, {}):
                pseudonym = named_here[path][key]
            elif key in french and key not in declared_words:
                # a French word (« mai », « roux », « avis ») names a person in a file
                # name only when that file's text names that person (above), or when the
                # designer declared it: avis_mai_2025.csv is a month
                continue
            elif key in person_words:
                pseudonym = resolve.person(person_words[key])
            elif any(key in t for t, _ in resolve.interviewers) or key in known:
                pseudonym = resolve(doc_id, piece)
            else:
                continue
            rid = _id("path", path, key)
            start = path.find(piece)
            context = f"{path[:start]}⟦{piece}⟧{path[start + len(piece):]}"
            if rid in keep_ids:
                codes[key] = piece
                result.replacements.append(Replacement(
                    rid, "", path, None, "PATH", start, start + len(piece), piece, piece,
                    "fichier", context, kept=True))
                continue
            if key in codes:  # twice in one file name: one row
                continue
            codes[key] = _code(pseudonym)
            anywhere.setdefault(key, codes[key])
            result.replacements.append(Replacement(
                rid, "", path, None, "PATH", start, start + len(piece), piece, codes[key],
                "fichier", context))
    by_file[""] = anywhere
    result._codes = by_file
