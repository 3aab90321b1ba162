"""Consistent pseudonyms for a whole project.

Numbering follows the corpus order (files by path, then position), so it does not depend
on the order files were added. Rules:

- a speaker becomes « Participant·e n » (interviewees, contribution authors: one per
  interview and label, one per author across contributions) or « Enquêteur·rice n » (one per
  interviewer label across the project);
- a person named in the text becomes « Personne n »; the same name is the same person
  everywhere, accents, case and civility ignored (« Mme Keller » = « keller »); a single
  name (« Sandrine ») joins the one full name that contains it (« Sandrine Keller »); a
  speaker's name becomes that speaker's pseudonym in their own document, and an
  interviewer's in every document;
- other kinds become a bracketed label: « [e-mail] », « [téléphone] »...
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from labsynth.anonymise.detect import detect, name_key, name_parts
from labsynth.anonymise.ledger import read_decisions

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
              "DATE_NAISSANCE": "date de naissance", "SPEAKER": "locuteur·rice"}
_CONTEXT = 40


@dataclass(frozen=True)
class Replacement:
    """One replaced piece of text, with where it was and why."""

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


@dataclass
class Pseudonymisation:
    """The pseudonymised project: texts, speakers, the register of replacements.

    Attributes
    ----------
    enabled : bool
        ``False`` when ``project.yml`` opts out: shared outputs then carry raw text.
    replacements : list of Replacement
        Every detection in a segment, in corpus order; those the designer marked « garder »
        have ``kept=True`` and are left as they are.
    texts : dict
        Segment id -> pseudonymised text.
    blanked : dict
        Segment id -> text with every detection replaced by spaces (same length), for the
        analysis: names and numbers never become keywords.
    speakers : dict
        ``(doc_id, speaker label)`` -> pseudonym.
    """

    enabled: bool
    replacements: list[Replacement] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    blanked: dict[str, str] = field(default_factory=dict)
    speakers: dict[tuple[str, str], str] = field(default_factory=dict)
    _codes: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def kept(self) -> int:
        """Detections left as they are because the designer marked them « garder » in the
        register (texts in ``keep`` are not detected at all)."""
        return sum(r.kept for r in self.replacements)

    @property
    def replaced(self) -> int:
        """Pieces of text actually replaced."""
        return len(self.replacements) - self.kept

    def text(self, segment_id: str, raw: str) -> str:
        """The text to share for a segment (raw when disabled)."""
        return self.texts.get(segment_id, raw) if self.enabled else raw

    def speaker(self, doc_id: str, label: object) -> object:
        """The speaker to share (pseudonym, or the label when disabled or unknown)."""
        if not self.enabled or not isinstance(label, str):
            return label
        return self.speakers.get((doc_id, label), label)

    def path(self, path: object) -> object:
        """A file path to share: any part equal to a speaker's name or a declared name is
        replaced by a short code (``entretien_01_lea_albi.docx`` ->
        ``entretien_01_P3_albi.docx``; ``X1``... for declared names)."""
        if not self.enabled or not isinstance(path, str) or not self._codes:
            return path
        pieces = re.split(r"([^\w]+|_)", path)
        return "".join(self._codes.get(name_key(p), p) if p and p[0].isalnum() else p
                       for p in pieces)

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
        """The register: one row per replacement, then one per speaker."""
        rows = [{"identifiant": r.id, "type": KIND_NAMES[r.kind], "texte d'origine": r.original,
                 "remplacé par": r.pseudonym, "fichier": r.path, "ligne": r.line,
                 "contexte": r.context, "détection": r.source,
                 "décision": "garder" if r.kept else ""}
                for r in self.replacements]
        for (doc_id, label), pseudonym in self.speakers.items():
            rows.append({"identifiant": _id("speaker", doc_id, label), "type": "locuteur·rice",
                         "texte d'origine": label, "remplacé par": pseudonym, "fichier": doc_id,
                         "ligne": None, "contexte": "", "détection": "locuteur",
                         "décision": ""})
        return pd.DataFrame(rows, columns=["identifiant", "type", "texte d'origine",
                                           "remplacé par", "fichier", "ligne", "contexte",
                                           "détection", "décision"])


def _id(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


def _speaker_pseudonyms(segments: pd.DataFrame) -> dict[tuple[str, str], str]:
    """``(doc_id, label)`` -> « Participant·e n » / « Enquêteur·rice n »: interviewees in
    corpus order, then contribution authors."""
    participants: dict[tuple[str, str], int] = {}
    interviewers: dict[str, int] = {}
    out: dict[tuple[str, str], str] = {}
    rows = list(zip(segments["doc_id"], segments["speaker"], segments["role"],
                    segments["kind"], strict=True))
    # interviews first, so « Participant·e 1 » is the first person interviewed
    rows.sort(key=lambda row: row[3] == "contribution")
    for doc_id, label, role, kind in rows:
        if not isinstance(label, str) or (doc_id, label) in out:
            continue
        if role == "interviewer":
            number = interviewers.setdefault(name_key(label), len(interviewers) + 1)
            out[(doc_id, label)] = f"Enquêteur·rice {number}"
        else:
            key = ("", name_key(label)) if kind == "contribution" else (doc_id, label)
            number = participants.setdefault(key, len(participants) + 1)
            out[(doc_id, label)] = f"Participant·e {number}"
    return out


def pseudonymise(project: Project, corpus: Corpus, *, cache: AnnotationCache | None = None,
                 progress: bool = False) -> Pseudonymisation:
    """Detect personal data in every segment of a project and choose its pseudonyms.

    Parameters
    ----------
    project : Project
        Gives ``pseudonymisation`` settings (``names``, ``keep``) and the register's
        decisions (:func:`labsynth.anonymise.ledger.read_decisions`).
    corpus : Corpus
        The project read (:func:`labsynth.corpus.read_corpus`).
    cache : AnnotationCache, optional
        Keeps the named-entity results, so a second run does not run spaCy.
    progress : bool
        Progress bar of the detection.

    Returns
    -------
    Pseudonymisation
        ``enabled`` is ``project.yml``'s; detection runs in both cases, so the register
        can be reviewed before deciding.
    """
    spec = project.spec.pseudonymisation
    decisions = read_decisions(project)
    segments = corpus.segments
    speakers = _speaker_pseudonyms(segments)
    # names known from speaker labels: each part points to its speaker(s)
    part_owner: dict[str, set[tuple[str, str]]] = {}
    for key in speakers:
        for part in name_parts(key[1]):
            part_owner.setdefault(name_key(part), set()).add(key)
    names = sorted({p for key in speakers for p in name_parts(key[1])}
                   | set(spec.names) | set(decisions.names))
    keep = sorted(set(spec.keep) | set(decisions.keep_texts))
    found = detect(segments["text"].tolist(), names=names, keep=keep, model=project.spec.nlp.model,
                   cache=cache, progress=progress)
    # persons: full names first, then single names join the one full name containing them
    mentions = [(i, d) for i, ds in enumerate(found) for d in ds if d.kind == "PER"]
    full = {}
    for _, d in mentions:
        key = name_key(d.text)
        if " " in key:
            full.setdefault(key, None)
    persons: dict[str, str] = {}  # normalised mention -> canonical person key
    for _, d in mentions:
        key = name_key(d.text)
        if key in persons:
            continue
        if " " not in key:
            owners = [f for f in full if key in f.split()]
            persons[key] = owners[0] if len(owners) == 1 else key
        else:
            persons[key] = key
    numbers: dict[str, int] = {}
    result = Pseudonymisation(enabled=spec.enabled, speakers=speakers)
    codes: dict[str, str] = {}
    # file names are rewritten with the names the project gives (speaker labels, declared
    # names), not with detections, which may be a town (« entretien_rodez.docx »)
    for (_doc, label), pseudonym in speakers.items():
        for part in name_parts(label):
            codes.setdefault(name_key(part), _code(pseudonym))
    for number, name in enumerate(sorted(set(spec.names) | set(decisions.names)), start=1):
        for part in name_key(name).split():
            codes.setdefault(part, f"X{number}")
    for i, (segment_id, doc_id, path, line, text) in enumerate(zip(
            segments["segment_id"], segments["doc_id"], segments["path"], segments["line"],
            segments["text"], strict=True)):
        pieces, blank, last = [], list(text), 0
        for d in found[i]:
            rid = _id(segment_id, d.start, d.text)
            context = (text[max(d.start - _CONTEXT, 0):d.start] + "⟦" + d.text + "⟧"
                       + text[d.end:d.end + _CONTEXT]).replace("\n", " ")
            where = (segment_id, path, None if pd.isna(line) else int(line))
            if rid in decisions.keep_ids:  # the designer marked it: left as it is
                result.replacements.append(Replacement(
                    rid, *where, d.kind, d.start, d.end, d.text, d.text, d.source, context,
                    kept=True))
                continue
            if d.kind == "PER":
                key = name_key(d.text)
                owners = part_owner.get(key, set())
                own = [o for o in owners if o[0] == doc_id]
                # an interviewer is the same person in every interview; a participant's
                # name elsewhere is someone else's (another « Léa », a sister...)
                interviewers = {speakers[o] for o in owners
                                if speakers[o].startswith("Enquêteur")}
                if len(own) == 1:
                    pseudonym = speakers[own[0]]
                elif not own and len(interviewers) == 1:
                    pseudonym = next(iter(interviewers))
                else:
                    person = persons.get(key, key)
                    number = numbers.setdefault(person, len(numbers) + 1)
                    pseudonym = f"Personne {number}"
            else:
                pseudonym = PLACEHOLDERS[d.kind]
            result.replacements.append(Replacement(
                rid, *where, d.kind, d.start, d.end, d.text, pseudonym, d.source, context))
            pieces += [text[last:d.start], pseudonym]
            last = d.end
            blank[d.start:d.end] = " " * (d.end - d.start)
        result.texts[segment_id] = "".join(pieces) + text[last:]
        result.blanked[segment_id] = "".join(blank)
    result._codes = codes
    return result


def _code(pseudonym: str) -> str:
    """« Participant·e 3 » -> « P3 », « Enquêteur·rice 1 » -> « E1 », « Personne 2 » -> « N2 »."""
    letter = "N" if pseudonym.startswith("Personne") else pseudonym[0]
    return f"{letter}{pseudonym.rsplit(' ', 1)[-1]}"
