"""Speaker turns in transcripts (txt, md, docx, odt) and speaker roles.

Recognised conventions, one label per line start::

    Léa : texte                 NOM : texte            Q : texte / R : texte
    [00:12:03] Nom : texte      Nom (00:12:03) : texte  **Nom :** texte (Markdown)
    Nom (00:12:03)              Prénom Nom  00:12       (alone on a line, text below)

A label counts as a speaker only when it looks like a name (capitalised words, at most
five, at most 40 characters) and appears at least twice in the document, or is a known
role (Q, R, Enquêtrice...) or a name declared in ``project.yml``: a line such as
« Remarque : il rit » stays inside the turn. A header line at the top of an interview,
« Enquêtrice : Claire Vidal (Lab Région) », is metadata, not a turn (:func:`_without_header`),
and makes Claire Vidal's turns the interviewer's. No maintained library parses these French
transcript conventions, hence this module.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable

from labsynth.errors import CorpusError
from labsynth.ingest.document import Document, Turn, line_breaks, non_blank
from labsynth.project import FileSettings

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_WORD = r"[^\W_][\w'’.\-·]*"
_LABEL = rf"{_WORD}(?:[ \t]++{_WORD}){{0,4}}"
_BOLD = r"(?:\*\*|__)"

# [00:12:03] Nom : texte | Nom (00:12:03) : texte | Nom : texte | **Nom :** texte
# Every run of spaces is taken whole (possessive ``*+``/``++``, Python >= 3.11) and every
# optional part that cannot start the rest is atomic (``?+``): a line of 20,000 spaces, or
# a name followed by spaces and no colon, costs one pass instead of one per way of sharing
# the spaces between two optional parts (the pattern used to be quadratic there).
_COLON_RE = re.compile(
    rf"^[ \t]*+(?:[-–—][ \t]++)?+(?:{_BOLD}[ \t]*+)?+"
    rf"(?:[\[(](?P<t1>{_TIME})[\])][ \t]*+|(?P<t1b>{_TIME})[ \t]++)?"
    rf"{_BOLD}?(?P<label>{_LABEL}){_BOLD}?"
    rf"(?:[ \t]*+[\[(](?P<t2>{_TIME})[\])])?+[ \t\u00a0\u202f]*+(?:{_BOLD}[ \t\u00a0\u202f]*+)?+:"
    rf"(?![/\d])[ \t]*+{_BOLD}?",
    re.MULTILINE,
)
# Nom (00:12:03)  |  Prénom Nom  12:34   alone on their line; the text follows
_ALONE_RE = re.compile(
    rf"^[ \t]*+{_BOLD}?+(?P<label>{_LABEL}){_BOLD}?"
    rf"(?:[ \t]*+[\[(](?P<t2>{_TIME})[\])]|[ \t]++(?P<t3>{_TIME}))[ \t]*+$",
    re.MULTILINE,
)

_CONNECTORS = {"de", "du", "des", "la", "le", "les", "d'", "d’", "et", "van", "von", "da", "di"}
_NOT_SPEAKERS = {
    "date", "lieu", "duree", "objet", "contexte", "remarque", "remarques", "note", "notes",
    "nb", "source", "titre", "sujet", "theme", "exemple", "participants", "presents",
    "attention", "important", "horaire", "horaires", "heure", "adresse", "tel", "email",
    "mail", "conclusion", "resume", "mots-cles", "profil", "age", "commune", "departement",
    "entretien", "transcription", "consigne", "consignes", "rappel", "citation", "pistes",
    "idee", "question posee", "definition", "https", "http", "besoin", "besoins",
    "irritant", "irritants", "constat", "constats", "observation", "observations", "enjeu",
    "enjeux", "piste", "probleme", "problemes", "solution", "solutions", "verbatim",
    "objectif", "objectifs", "ressenti", "attentes", "freins", "leviers", "a retenir",
    "a faire", "todo", "ps", "resultat", "resultats", "bilan", "synthese", "suite",
}
DEFAULT_INTERVIEWER_LABELS = frozenset({
    "q", "question", "questions", "enqueteur", "enquetrice", "enqueteur·rice", "enqueteur·ice",
    "enqueteurice", "enqueteur.rice", "enqueteur-rice", "intervieweur", "intervieweuse",
    "interviewer", "animateur", "animatrice", "moderateur", "moderatrice", "facilitateur",
    "facilitatrice", "chercheur", "chercheuse", "moi", "interviewer·euse",
})
_PARTICIPANT_LABELS = frozenset({"r", "reponse", "participant", "participante", "interviewe",
                                 "interviewee", "repondant", "repondante"})


def normalise_label(label: str) -> str:
    """Case- and accent-insensitive form of a speaker label, for comparisons."""
    decomposed = unicodedata.normalize("NFKD", label)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("*", "").split())


def parse_time(value: str | None) -> float | None:
    """``"00:12:03"``, ``"12:34"`` (minutes:seconds) or ``"00:00:03.120"`` to seconds."""
    if not value:
        return None
    parts = value.replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return seconds


def looks_like_name(label: str) -> bool:
    """Whether a label can be a speaker: capitalised words, not a heading word."""
    label = label.strip()
    if not label or len(label) > 40 or normalise_label(label) in _NOT_SPEAKERS:
        return False
    words = label.split()
    if not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in _CONNECTORS for w in words)


_NUMBERED_RE = re.compile(r"^(?P<base>.*?)[ ]?\d{1,3}$")


def _base_label(norm: str) -> str:
    """``enqueteur 2`` -> ``enqueteur``, ``q12`` -> ``q`` (numbered roles)."""
    m = _NUMBERED_RE.match(norm)
    return m.group("base").strip() if m and m.group("base").strip() else norm


def role_of(label: str | None, interviewers: Iterable[str]) -> str:
    """``interviewer`` for known roles (also numbered: « Enquêteur 2 », « Q1 ») and
    declared names (« Claire » also designates « Claire Vidal »), else ``participant``."""
    if label is None:
        return "unknown"
    norm = normalise_label(label)
    declared = {normalise_label(i) for i in interviewers}
    if {norm, _base_label(norm)} & (DEFAULT_INTERVIEWER_LABELS | declared):
        return "interviewer"
    first = norm.split()[0] if norm else ""
    if first in declared or any(norm == d.split()[0] for d in declared if d):
        return "interviewer"
    return "participant"


def is_known_label(label: str, interviewers: Iterable[str]) -> bool:
    """A known role (interviewer or participant, numbered or not) or a declared name."""
    norm = normalise_label(label)
    declared = {normalise_label(i) for i in interviewers}
    known = DEFAULT_INTERVIEWER_LABELS | _PARTICIPANT_LABELS | declared
    return norm in known or _base_label(norm) in known


def newline_index(text: str) -> Callable[[int], int]:
    """A fast ``offset -> line`` function for ``text`` (one scan, then binary search)."""
    breaks = line_breaks(text)

    def line_at(offset: int) -> int:
        return bisect_right(breaks, offset - 1) + 1

    return line_at


def find_turns(
    text: str,
    interviewers: Iterable[str] = (),
    speakers: Iterable[str] = (),
    line_at: Callable[[int], int] | None = None,
    lonely: list[tuple[str, int]] | None = None,
    empty: list[tuple[str, int, int]] | None = None,
) -> list[Turn] | None:
    """Cut a transcript into speaker turns.

    Parameters
    ----------
    text : str
        The document's text (``\\n`` line endings).
    interviewers : iterable of str
        Labels declared as interviewers in ``project.yml``.
    speakers : iterable of str
        Labels known to be speakers even if they speak once (first column of a
        speaker/text table in a Word file).
    line_at : callable, optional
        Offset to source line (default: text lines), for ``Turn.line``.
    lonely : list, optional
        Receives ``(label, line)`` of name-like labels seen once and therefore left inside
        the previous turn, so that the caller can warn the designer.
    empty : list, optional
        Receives ``(label, line, characters)`` of speaker labels followed by no text (the
        turn is empty and left out), so that the caller can say so.

    Returns
    -------
    list of Turn or None
        ``None`` when fewer than two speaker turns are found (the document is not a
        transcript). Otherwise the turns in order; text before the first label becomes a
        turn with no speaker (role ``unknown``), so nothing is lost.
    """
    interviewers = tuple(interviewers)
    if line_at is None:
        line_at = newline_index(text)
    known = {normalise_label(s) for s in speakers}
    candidates = []
    for regex in (_COLON_RE, _ALONE_RE):
        for m in regex.finditer(text):
            label = m.group("label").strip()
            if looks_like_name(label):
                groups = m.groupdict()
                time = groups.get("t1") or groups.get("t1b") or groups.get("t2") or groups.get("t3")
                candidates.append((m.start(), m.end(), label, time))
    if not candidates:
        return None
    counts = Counter(normalise_label(c[2]) for c in candidates)
    accepted = sorted(
        {c[0]: c for c in candidates
         if counts[normalise_label(c[2])] >= 2 or normalise_label(c[2]) in known
         or is_known_label(c[2], interviewers)}.values()
    )
    accepted, named = _without_header(text, accepted, counts, known)
    interviewers = (*interviewers, *named)
    if len(accepted) < 2:
        return None
    if lonely is not None:
        taken = {c[0] for c in accepted}
        lonely.extend((c[2], line_at(c[0])) for c in candidates if c[0] not in taken)
    turns: list[Turn] = []
    first_start = accepted[0][0]
    if text[:first_start].strip():
        turns.append(_span_turn(text, 0, first_start, None, "unknown", None))
        turns[0].line = line_at(turns[0].start)
    for i, (start, body_start, label, time) in enumerate(accepted):
        end = accepted[i + 1][0] if i + 1 < len(accepted) else len(text)
        turn = _span_turn(text, body_start, end, label, role_of(label, interviewers), time)
        turn.line = line_at(start)
        turn.label_start = start
        turns.append(turn)
    if empty is not None:
        empty.extend((t.speaker or "", t.line or 0, non_blank(text[t.label_start:t.end]))
                     for t in turns if t.end <= t.start and t.label_start is not None)
    return [t for t in turns if t.end > t.start]


#: role labels that can open a header line (« Enquêtrice : Claire Vidal (Lab Région) »);
#: « Q », « R », « Moi » and « Question » never do
_HEADER_ROLES = (DEFAULT_INTERVIEWER_LABELS | _PARTICIPANT_LABELS) - {
    "q", "r", "moi", "question", "questions", "reponse"}
_AFFILIATION_RE = re.compile(r"[ \t]*[(\[][^)\]\n]*[)\]]")
_NAME_LIST_RE = re.compile(r"[ \t]*(?:[,;/&+|]|[ \t][-–—][ \t]|\bet\b)[ \t]*")


def _header_names(value: str) -> list[str] | None:
    """The names a header line gives after its label (« Claire Vidal (Lab Région) »,
    « Claire Vidal et Julien Roche »), or ``None`` when it says anything else (a sentence
    ends with a full stop: « Bonjour. »)."""
    value = value.strip()
    if re.search(r"(?<!\b[A-Z])[.!?…]$", value):
        return None
    value = _AFFILIATION_RE.sub(" ", value).strip()
    items = [i for i in _NAME_LIST_RE.split(value) if i.strip()]
    if not items or not all(looks_like_name(i) and not any(c.isdigit() for c in i)
                            for i in items):
        return None
    return [i.strip() for i in items]


_META_LINE_RE = re.compile(r"[ \t]*[^\W\d_][\w'’ .·-]{0,30}?[ \t\u00a0\u202f]*:")


def _without_header(text: str, accepted: list[tuple[int, int, str, str | None]],
                    counts: Counter, known: set[str] = frozenset()
                    ) -> tuple[list[tuple[int, int, str, str | None]], list[str]]:
    """Leave out the header lines of an interview that look like turns.

    « Enquêtrice : Claire Vidal (Lab Région) » above « Date : », « Lieu : » and the
    conversation is who led it, not something she said: a role label (« Enquêtrice »,
    « Interviewer », « Participante »...) that opens the document, appears once, is not a
    declared speaker, and is followed on its line by names only (an affiliation in
    brackets allowed; no closing full stop), with some evidence that they are names (a
    full name, an affiliation, a speaker of that name, or a metadata line such as
    « Date : » under it; « Enquêtrice : Bonjour » stays a turn) is metadata. The line
    stays in the text before the first turn (kept and pseudonymised like any text); the
    names given for an interviewer role are returned, so that their
    turns (« Claire Vidal : », « Claire : ») are the interviewer's.
    """
    named: list[str] = []
    while len(accepted) > 1:
        _, body_start, label, _ = accepted[0]
        norm = normalise_label(label)
        if counts[norm] != 1 or norm in known or not {norm, _base_label(norm)} & _HEADER_ROLES:
            break
        line_end = text.find("\n", body_start)
        line_end = len(text) if line_end < 0 else line_end
        value = text[body_start:line_end]
        names = _header_names(value)
        if names is None:
            break
        # a name alone could be a greeting (« Enquêtrice : Bonjour »): some evidence that
        # it names someone — a full name, an affiliation, a later speaker of that name,
        # or a metadata line under it (« Date : »)
        labels = {normalise_label(c) for c in counts}
        next_line = text[line_end + 1:accepted[1][0]].lstrip("\n").split("\n", 1)[0]
        if not (any(len(n.split()) > 1 for n in names) or _AFFILIATION_RE.search(value)
                or any(normalise_label(n) in labels or normalise_label(n).split()[0] in labels
                       for n in names)
                or (next_line.strip() and _META_LINE_RE.match(next_line))):
            break
        accepted = accepted[1:]
        if role_of(label, ()) == "interviewer":
            named += names
    return accepted, named


def _span_turn(text: str, start: int, end: int, label: str | None, role: str,
               time: str | None) -> Turn:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    trail = len(chunk) - len(chunk.rstrip())
    s, e = start + lead, end - trail
    return Turn(speaker=label, role=role, start=s, end=max(s, e), time_start=parse_time(time))


_FILENAME_DATE_RE = re.compile(r"(?<!\d)(20\d{2})-(\d{2})-(\d{2})(?!\d)")


def date_from_name(rel_path: str) -> str | None:
    """An ISO date written in a file name (``notes_2025-03-18.md``), if any."""
    m = _FILENAME_DATE_RE.search(rel_path.rsplit("/", 1)[-1])
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
        return "-".join(m.groups())
    return None


def document_from_text(text: str, rel_path: str, settings: FileSettings,
                       speakers: Iterable[str] = (),
                       line_anchors: list[tuple[int, int]] | None = None) -> Document:
    """A whole-file document (txt, md, docx, odt): a transcript when turns are found.

    The kind comes from ``project.yml`` when given; otherwise a file with speaker turns
    is an ``interview`` and any other a ``note``.
    """
    stem = rel_path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    date = settings.date.isoformat() if settings.date else date_from_name(rel_path)
    lonely: list[tuple[str, int]] = []
    empty: list[tuple[str, int, int]] = []
    document = Document(doc_id=rel_path, path=rel_path, kind=settings.kind or "note",
                        title=settings.title or stem, text=text, date=date,
                        metadata=dict(settings.metadata), line_anchors=line_anchors)
    if settings.kind not in {"note", "contribution"}:
        document.turns = find_turns(text, settings.interviewers,
                                    (*settings.speakers, *speakers), document.line_at, lonely,
                                    empty)
        if document.turns == []:  # speaker labels and nothing else
            labels = ", ".join(dict.fromkeys(f"« {label} : »" for label, *_ in empty[:20]))
            raise CorpusError(
                "LS214", f"le fichier ne contient que des étiquettes de locuteur·rices ("
                f"{labels}) sans rien après : aucun texte à lire. Vérifiez que c'est le bon "
                "fichier (une transcription vide ?).", rel_path)
        document.kind = settings.kind or ("interview" if document.turns else "note")
    unit = "paragraphe" if line_anchors else "ligne"
    for label, line, chars in empty if document.turns else ():
        document.reported_chars += chars
        document.warnings.append(CorpusError(
            "LS213", f"« {label} : » n'est suivi d'aucun texte (tour de parole vide) ; "
            "l'étiquette seule n'est pas un segment. Complétez ou supprimez cette ligne.",
            rel_path, line, unit))
    for label, line in lonely if document.turns else ():
        document.warnings.append(CorpusError(
            "LS212", f"« {label} : » n'apparaît qu'une fois : ce n'est pas compté comme un "
            "locuteur et ce texte reste dans le tour précédent. Si c'est une personne, "
            f"ajoutez « {label} » à speakers (ou interviewers) dans project.yml.",
            rel_path, line, unit))
    return document
