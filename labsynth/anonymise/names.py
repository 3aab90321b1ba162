"""Person names: speaker labels (:func:`name_parts`), strong cues found by regular
expressions (civility, title, form field), known names and first names in context, the
model's PER entities once filtered, and the batch-wide pass that finds a name accepted in
one text in the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise

from labsynth.anonymise.lexicon import lexicon
from labsynth.anonymise.spans import Detection
from labsynth.anonymise.vocab import (
    _AMBIGUOUS_F,
    _CAMEL,
    _CIVILITY,
    _CIVILITY_RE,
    _DETERMINERS,
    _DETERMINERS_F,
    _FIELD_WORDS,
    _NOT_PERSONS_F,
    _ORG_HEADS_F,
    _PARTICLES_F,
    _PERSON_CUES_F,
    _PLACE_NOUNS_F,
    _PLACE_PREPOSITIONS,
    _ROLE_WORDS,
    _STOP_FOLDED,
    _STRONG_CUES_F,
    _TOKEN_RE,
    _WEAK_CUES_F,
    _common,
    _common_here,
    _context_before,
    _fold,
    _fold_key,
    _fold_set,
    _sentence_start,
    _word_before,
    _words,
    first_names,
    surnames,
)
from labsynth.stopwords import ORAL_FILLERS

__all__ = ["label_name", "name_key", "name_parts", "person_cues"]


def name_key(name: str) -> str:
    """How names are compared: « Mme Le-Goff » and « le goff » give « le goff » (civility,
    accents, case, hyphens and spacing ignored)."""
    return _fold_key(_CIVILITY_RE.sub("", " ".join(name.split())))


def name_parts(label: str) -> list[str]:
    """Names worth searching for in a speaker label.

    Parameters
    ----------
    label : str
        A speaker label as written before the colon of a transcript, or a platform
        pseudonym.

    Returns
    -------
    list of str
        The full name then its meaningful parts, longest first: « Mme Nadia Benali » →
        ``["Nadia Benali", "Nadia", "Benali"]``. Role labels (« Enquêtrice », « ENQ »,
        « Participant 2 », « Q1 », « Animateur ») give ``[]``. Initials are dropped
        (« Céline D. » → ``["Céline"]``); a handle (« lucas_b », « Gwen_Morbihan »)
        gives the first names it contains.
    """
    return list(_name_parts(label))


#: what follows a name in a screen name or label: « julien (Lab Région) », « Julien - Lab »,
#: « Claire | Région »
_LABEL_NOTE_RE = re.compile(r"\s*[(\[{][^)\]}]*(?:[)\]}]|$)|\s+[-–—|/]\s.*$|\s*[|/].*$")


def label_name(label: str) -> str:
    """The name part of a speaker label: annotations in brackets, what follows a
    separator (« - », « | », « / »), a civility and edge punctuation removed.

    « julien (Lab Région) » → « julien », « Mme Claire Vidal - Lab » → « Claire Vidal »,
    « [Claire] » → « Claire ».
    """
    label = " ".join(str(label).split())
    name = _LABEL_NOTE_RE.sub(" ", label)
    if not name.strip(" :.,;-–—'’\"«»()[]{}"):  # all in brackets: « [Claire] »
        name = re.sub(r"[()\[\]{}]", " ", label)
    name = _CIVILITY_RE.sub("", " ".join(name.split()))
    return name.strip(" :.,;-–—'’\"«»()[]{}")


@lru_cache(maxsize=1 << 14)
def _name_parts(label: str) -> list[str]:
    """:func:`name_parts`, cached (callers get a copy)."""
    label = label_name(label)
    if not label:
        return []
    folded_words = re.sub(r"[\d_.]+", " ", _fold(label)).split()
    if not folded_words or all(w in _ROLE_WORDS for w in folded_words):
        return []
    if re.fullmatch(r"[A-Z]{1,3}\d*|[A-Za-z]\d+", label):  # codes: ENQ, INT, Q1, P2
        return []
    if re.search(r"[\d_@]|\.\w", label) or (" " not in label and _CAMEL.search(label)):
        # a platform handle: keep only the first names in it
        pieces = re.split(r"[\d_.@\s]+", _CAMEL.sub(" ", label))
        known = first_names()
        return [p for p in dict.fromkeys(pieces) if len(p) > 2 and _fold_key(p) in known]
    # words only: a label never brings punctuation into the names searched for
    tokens = [t.group() for t in _TOKEN_RE.finditer(label) if len(t.group()) > 1]
    if not tokens:
        return []
    if len(tokens) == 1 and (_fold_key(tokens[0]) in _ROLE_WORDS or _common(tokens[0])):
        return []  # a role, or a pseudonym that is a common word (« Tournesol », « Nuage »)
    parts: list[str] = []
    for size in range(len(tokens), 0, -1):
        for i in range(len(tokens) - size + 1):
            gram = tokens[i:i + size]
            if _fold_key(gram[-1]) in _PARTICLES_F:  # « Le Goff » yes, « Karim Ben » no
                continue
            text = " ".join(gram)
            if len(text) > 1 and text not in parts:
                parts.append(text)
    return parts


# --------------------------------------------------------------------------- cues

# PER cues: civility + name; « Nom : X »; « née X »; a name spelled out (N-D-I-A-Y-E).
_NAME_WORD = r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*"
_CIVILITY_NAME_RE = re.compile(
    rf"\b{_CIVILITY}(?:[ \t]+et[ \t]+{_CIVILITY})?(?=[ \t])"
    rf"(?:[ \t]+(?:de|du|des|le|la|van|von|ben|el|d['’]|n['’]))*"
    rf"[ \t]+{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?")
_FIELD_RE = re.compile(
    r"(?im)(?:^|(?<=\s))(?:nom(?: de naissance| d['’]usage| de jeune fille| de famille)?|"
    r"pr[ée]noms?|titulaire)[ \t]*:[ \t]*"
    rf"(?P<value>{_NAME_WORD}(?:[ \t]+(?!pr[ée]nom\b|nom\b){_NAME_WORD}){{0,3}})")
_CAP_NAME_WORD = r"[A-ZÀ-Þ][\w'’]*(?:-[^\W\d_][\w'’]*)*"
# A title or profession in lower case, then a capitalised name (« le général de
# Saint-Germain », « professeur Marchand », « l'homme d'affaires Iskandar Safa »).
_TITLE_RE = re.compile(
    # military and noble titles take « de » before the name (« le général de Gaulle »)
    r"\b(?:(?:général|colonel|capitaine|commandant|lieutenant|amiral|maréchal|comte|"
    r"comtesse|marquis|marquise|baron|baronne|vicomte|duc|duchesse)(?:[ \t]+(?:de|d['’]))?"
    r"|sergent|adjudant|brigadier|caporal|docteure?|professeure?|abbé|chanoine|curé|"
    r"pasteur|maître|juge|notaire|commissaire|inspecteur|inspectrice|d['’]affaires|"
    r"entrepreneur|entrepreneuse|avocate?|chanteur|chanteuse|écrivain|écrivaine|romancier|"
    r"romancière|peintre|sénateur|sénatrice|députée?|ministre)"
    rf"[ \t]*(?P<value>{_CAP_NAME_WORD}(?:[ \t]+{_CAP_NAME_WORD})?)")
#: a profession before a name (« le chauffeur Lacombe », « la pharmacienne Le Goff »,
#: « l'éducatrice Nadège »): unlike the titles above, a name that is also a French word
#: is not taken (« le directeur Général », « la conseillère Emploi »)
_PROFESSION_RE = re.compile(
    r"\b(?:chauffeur|cocher|patron|patronne|volailler|cultivateur|cultivatrice|journalier|"
    r"marchand|marchande|boulanger|boulangère|boucher|bouchère|épicier|épicière|menuisier|"
    r"maçon|forgeron|meunier|cordonnier|tailleur|facteur|factrice|gendarme|soldat|marin|"
    r"matelot|pêcheur|domestique|instituteur|institutrice|vicaire|recteur|prêtre|aumônier|"
    r"huissier|greffier|greffière|préfet|préfète|maire|adjoint|adjointe|conseiller|"
    r"conseillère|président|présidente|directeur|directrice|ingénieur|ingénieure|"
    r"architecte|pharmacien|pharmacienne|vétérinaire|infirmier|infirmière|éducateur|"
    r"éducatrice|animateur|animatrice|coiffeur|coiffeuse|agriculteur|agricultrice|éleveur|"
    r"éleveuse|ouvrier|ouvrière|policier|policière|procureur|procureure|journaliste|"
    r"photographe|musicien|musicienne|violoniste|pianiste|acteur|actrice|comédien|"
    r"comédienne|cycliste|coureur|coureuse|boxeur|aviateur|aviatrice|footballeur|"
    r"entraîneur|entraîneuse|sculpteur|sculptrice|poète|philosophe|historien|historienne|"
    r"sociologue|économiste|assistante?|secrétaire|kiné|kinésithérapeute|orthophoniste|"
    r"psychologue|dentiste|sage-femme|auxiliaire|nounou|assistante[ \t]+sociale|"
    r"assistant[ \t]+social)"
    rf"[ \t]+(?P<value>{_CAP_NAME_WORD}(?:[ \t]+{_CAP_NAME_WORD})?)")
#: « M. » as the OCR of old newspapers misreads it (« NI. de Largentaye », « Ni. Arscott »)
_OCR_CIVILITY_RE = re.compile(
    rf"\b(?:NI|Ni)\.[ \t]+(?P<value>(?:(?:de|du|d['’])[ \t]*)?{_CAP_NAME_WORD})")
_MAIDEN_RE = re.compile(rf"\b(?:n[ée]e|[ée]pouse|veuve)[ \t]+(?P<value>{_CAP_NAME_WORD})")
_SPELLED_RE = re.compile(r"(?<![\w\-])[A-Z](?:[ \t]?-[ \t]?[A-Z]){2,}(?![\w\-])")


def person_cues(text: str) -> list[Detection]:
    """Strong person cues found by regular expressions: a name spelled letter by letter,
    civility + name, title or profession + name, a form field (« Nom : »), « née X »."""
    out: list[Detection] = []

    def add(start: int, end: int, kind: str) -> None:
        while end > start and text[end - 1] in " \t\n,.;:":
            end -= 1
        if end > start:
            out.append(Detection(start, end, kind, text[start:end], "motif"))

    for m in _SPELLED_RE.finditer(text):
        add(m.start(), m.end(), "PER")
    for m in _CIVILITY_NAME_RE.finditer(text):
        span = _trim_name(text, m.start(), m.end(), keep_first=True)
        if span:
            add(*span, "PER")
    for m in _TITLE_RE.finditer(text):
        words = m.group("value").split()
        # « le docteur Lopes Mardi »: a common word ends the name, but the first word after
        # the title is the name even when it is also a word (« le docteur Donne »), and a
        # particle keeps the word after it (« le général de La Nouvelle »)
        while len(words) > 1 and _common(words[-1]) and \
                _fold_key(words[-1]) not in first_names() and \
                _fold_key(words[-2]) not in _PARTICLES_F:
            words.pop()
        if len(words) == 1 and _fold_key(words[0]) in _PARTICLES_F | _STOP_FOLDED:
            words = []
        if words and not any(_fold_key(w) in _ORG_HEADS_F | _NOT_PERSONS_F for w in words):
            value = " ".join(words)
            start = m.start("value")
            if text.startswith(value, start):
                add(start, start + len(value), "PER")
    for m in _OCR_CIVILITY_RE.finditer(text):
        add(m.start("value"), m.end("value"), "PER")
    for start, end in _ranked_names(text):
        add(start, end, "PER")
    for regex in (_FIELD_RE, _MAIDEN_RE):
        for m in regex.finditer(text):
            span = _trim_name(text, m.start("value"), m.end("value"))
            if span:
                add(*span, "PER")
    return out


#: « MM. » opening a list of persons, up to the end of the sentence (an initial's point,
#: « P. Tachet », does not end it)
_MM_LIST_RE = re.compile(r"\bMM\.(?:[^.!?\n]|(?<=\b[A-Z])\.|\.(?=\s*\d))*")
#: a rank in a list of results (« 2* Houdré », « 30 Garnier », « 5e Duval », « 6° Renault »,
#: « 3 ' Brizard »), then a capitalised name, maybe after an initial
_RANKED_RE = re.compile(r"(?<![\w.])\d{1,2}(?:er|e|ème|°|\*|[ \t]?['’\"])?[ \t]+"
                        r"(?P<name>(?:[A-Z]\.[ \t]?)?[A-ZÀ-Þ][\w'’]+(?:-[A-ZÀ-Þ][\w'’]+)*)")


def _ranked_names(text: str) -> list[tuple[int, int]]:
    """Names in a list of results opened by « MM. » (« MM. Poulard, Rennes 2* Ferron 30
    Garnier, 40 Leduc »): a capitalised word after a rank, unless a common word
    (« 400 mètres », « 2 Rue »)."""
    out = []
    for region in _MM_LIST_RE.finditer(text):
        for m in _RANKED_RE.finditer(text, region.start(), region.end()):
            last = m.group("name").split()[-1].split(".")[-1]
            key = _fold_key(last)
            if key in _STOP_FOLDED | _ORG_HEADS_F | _NOT_PERSONS_F or _common(last):
                continue
            out.append(m.span("name"))
    return out


#: a particle glued to a capitalised name by an apostrophe (« d'Estaing », « d’Aubrac »)
_ELIDED_PARTICLE_RE = re.compile(r"[dD]['’][A-ZÀ-Þ]")


def _trim_name(text: str, start: int, end: int, keep_first: bool = False
               ) -> tuple[int, int] | None:
    """Cut a name candidate before its first common (stop, role) word.

    With ``keep_first``, the first token (a civility) is kept as is. Returns ``None``
    when nothing name-like is left.
    """
    tokens = list(_TOKEN_RE.finditer(text, start, end))
    if keep_first and tokens and tokens[0].start() == start:
        civility_end = tokens[0].end()
        # « M. et Mme X »: skip the second civility too
        rest = [t for t in tokens[1:] if not re.fullmatch(_CIVILITY + r"|et", t.group(),
                                                            re.IGNORECASE)]
    else:
        civility_end, rest = start, tokens
    last = None
    seen_name = after_particle = first_lower = False
    for token in rest:
        key = _fold_key(token.group())
        if after_particle and token.group()[:1].isupper():  # « M. Le Du »
            if not seen_name and key not in _PARTICLES_F and _common(token.group()):
                break  # « Monsieur le Président », « Madame la Rapporteure »
            if key in _NOT_PERSONS_F | _ORG_HEADS_F | _ROLE_WORDS:
                break  # « Mme Cabrol de France Services », « M. Roux de la Mission locale »
            last, seen_name, after_particle = token.end(), True, False
            continue
        if after_particle and not seen_name and _common(token.group()):
            break  # « Madame la rapporteure », « M. le bâtonnier »
        if key in _PARTICLES_F and not seen_name:
            after_particle = True
            continue
        if key in _STOP_FOLDED or key in _ROLE_WORDS or key in _NOT_PERSONS_F:
            break
        if seen_name and token.group()[:1].islower() and not first_lower:
            break  # « Mme Roussel aussi »
        if not seen_name:
            first_lower = token.group()[:1].islower()  # « mme le gall »: all lower case
        last = token.end()
        seen_name = True
    if last is None or last <= civility_end:
        return None
    return start, last


# --------------------------------------------------------------------------- known names

def _name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    folded = sorted({_fold_key(n) for n in names if len(_fold_key(n)) > 1}, key=len,
                    reverse=True)
    if not folded:
        return None
    body = "|".join(r"[ \-]+".join(map(re.escape, n.split())) for n in folded)
    return re.compile(rf"(?<![\w'\-])(?:{body})(?![\w\-])")


def _ambiguous_ok(text: str, start: int, end: int, ner: list[tuple[int, int]]) -> bool:
    """Is a common-word name (« Rose », « Pierre ») used as a name here?"""
    surface = text[start:end]
    if not surface[:1].isupper() or (surface.isupper() and len(surface) > 1 and \
            text[max(0, start - 30):start].isupper()):
        return False
    _, raw = _context_before(text, start)
    # « une rose », « en pierre », « à Nancy » no; « le fils de Pierre » yes
    if raw in (_DETERMINERS | _PLACE_PREPOSITIONS) - {"de", "d'"}:
        return False
    if raw in ("de", "d'") and _word_before(text, start, 2) in _PLACE_NOUNS_F:
        return False  # « l'usine de Josselin », « la gare de Florence »
    if _sentence_start(text, start):  # « Pierre qui roule... »: NER or « Pierre, ... »
        return any(s <= start and end <= e for s, e in ner) or bool(
            re.match(r",|[ \t]+(?:il|elle)\b", text[end:end + 6]))
    return True


def _known_names(text: str, pattern: re.Pattern[str] | None, ner: list[tuple[int, int]]
                 ) -> list[Detection]:
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(_fold(text)):
        start, end = m.span()
        if _fold_key(m.group()) in _AMBIGUOUS_F and not _ambiguous_ok(text, start, end, ner):
            continue
        out.append(Detection(start, end, "PER", text[start:end], "liste"))
    return out


def _named_after_org(text: str, start: int) -> bool:
    """Does the word at ``start`` name an organisation or a building (« école
    Jules-Ferry », « résidence Habitat Jeunes »)? Only right after its head word: after a
    comma it is a person in apposition (« la secrétaire de mairie, Christelle, »)."""
    return _context_before(text, start)[0] in _ORG_HEADS_F and bool(
        re.search(r"\w[ \t]+$", text[max(0, start - 40):start]))


def _first_name_hits(text: str, ner: list[tuple[int, int]], places: list[tuple[int, int]],
                     extra: frozenset[str] = frozenset()) -> list[Detection]:
    """Known first names in context, extended to a following surname."""
    known = first_names()
    if not known:
        return []
    tokens = list(_TOKEN_RE.finditer(text))
    out = []
    for i, token in enumerate(tokens):
        key = _fold_key(token.group())
        # compound first names: « Pierre-Yves », « Lily-Rose », « Marie-Paule »
        compound = "-" in token.group() and len(key.split()) > 1 and all(
            part in known or part in _AMBIGUOUS_F for part in key.split()) and not any(
            part in _ORG_HEADS_F for part in key.split())
        if not (key in known or key in extra or compound) or key in _ORG_HEADS_F:
            continue
        if _named_after_org(text, token.start()):  # « école Jules-Ferry »
            continue
        surface = token.group()
        caps_text = text[max(0, token.start() - 30):token.end() + 30].isupper()
        if compound or (key in extra and key not in _AMBIGUOUS_F):
            pass
        elif key in _AMBIGUOUS_F:
            if not _ambiguous_ok(text, token.start(), token.end(), ner):
                continue
        elif surface[:1].isupper() and not (surface.isupper() and caps_text):
            word, raw = _context_before(text, token.start())
            if (raw in _PLACE_PREPOSITIONS and raw not in ("de", "d'")) or \
                    any(s <= token.start() < e for s, e in places) or \
                    (surface.isupper() and len(surface) <= 4):  # IBAN, NOAH? acronyms
                continue
        else:  # lower case, or a text in capitals: after a person cue or on its own line
            word, _ = _context_before(text, token.start())
            line_start = text[:token.start()].rstrip(" \t").endswith("\n") or \
                token.start() == 0
            if word not in _PERSON_CUES_F and not (caps_text and line_start):
                continue
            # « le dernier lien »: a common word needs a kinship or role word before it
            if word not in _STRONG_CUES_F and surface.lower() in lexicon():
                continue
        start, end = token.span()
        # a surname after it: capitalised words, or words in capitals, with particles
        j = i + 1
        after_particle = False
        while j < len(tokens) and j <= i + 3:
            nxt = tokens[j]
            gap = text[tokens[j - 1].end():nxt.start()]
            if gap not in (" ", "\t"):
                break
            nkey = _fold_key(nxt.group())
            if nkey in _PARTICLES_F and j + 1 < len(tokens) and \
                    text[nxt.end():tokens[j + 1].start()] in (" ", "\t"):
                j += 1
                after_particle = True
                continue
            # after a particle a lower-case word only continues a lower-case name
            # (« yann le goff » yes, « Nadia de m'accueillir » no)
            if not (nxt.group()[:1].isupper() or _ELIDED_PARTICLE_RE.match(nxt.group()) or
                    (after_particle and token.group()[:1].islower())) \
                    or nkey in _STOP_FOLDED or \
                    nkey in _ROLE_WORDS or nkey in _ORG_HEADS_F or nkey in _NOT_PERSONS_F:
                break
            after_particle = False
            end = nxt.end()
            j += 1
        # a surname in capitals before it (« CADIOU Gaëlle »)
        if i > 0:
            prev = tokens[i - 1]
            if prev.group().isupper() and len(prev.group()) > 1 and \
                    text[prev.end():start] == " " and not caps_text and \
                    _fold_key(prev.group()) not in _STOP_FOLDED | _NOT_PERSONS_F:
                start = prev.start()
        out.append(Detection(start, end, "PER", text[start:end], "liste"))
    return out


def _capitalised_in_context(text: str, blocked: list[tuple[int, int]], lower: frozenset[str],
                            places: Sequence[tuple[int, int]] = (),
                            elsewhere: frozenset[str] = frozenset()) -> list[Detection]:
    """A capitalised word inside a sentence, right after a kinship or role word
    (« mon petit-fils Nolan », « mon pote Lucas »), not a common word: names missing from
    every list. After a weak cue (« le dernier », « X, qui »), a word the model calls a
    place or an organisation here (``places``) is left when it joins places with a hyphen
    or is a place elsewhere in the texts (``elsewhere``), and no part is a first name
    (« le dernier Rodez-Toulouse »; the small model calls many surnames places, so a
    place label alone is not enough)."""
    out = []
    for token in _TOKEN_RE.finditer(text):
        surface = token.group()
        if not surface[:1].isupper() or surface.isupper() or _sentence_start(text, token.start()):
            continue
        key = _fold_key(surface)
        if key in _STOP_FOLDED or key in _ORG_HEADS_F or key in _NOT_PERSONS_F or \
                key in _ROLE_WORDS or any(s <= token.start() < e for s, e in blocked):
            continue
        word, raw = _context_before(text, token.start())
        if raw in _PLACE_PREPOSITIONS or word in _ORG_HEADS_F or \
                _common_here(text, token.start(), surface, lower):
            continue  # « à Montauban », « la rue Vasselot, qui... »
        if word in _STRONG_CUES_F:
            out.append(Detection(token.start(), token.end(), "PER", surface, "contexte"))
        elif (word in _WEAK_CUES_F or re.match(r",?[ \t]+qui\b", text[token.end():token.end() + 8])
              ) and not (any(s <= token.start() < e for s, e in places) and
                         ("-" in surface or all(p in elsewhere for p in key.split())) and
                         not any(p in first_names() for p in key.split())):
            # « le petit dernier Ibrahima », « Puis Aïssatou, qui... »: not spread
            out.append(Detection(token.start(), token.end(), "PER", surface, "indice"))
    return out


_FAMILY_RE = re.compile(r"\b[Ll]es[ \t]+(?P<name>[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?)\b")


def _families(text: str, entities: list[tuple[int, int, str]]) -> list[Detection]:
    """A family named by « les » + a surname of INSEE's list (« les Garrigues », « Les
    Rouquette ») that is not a French word, not a first name of double use, not a
    person or organisation the model saw otherwise, and not after a place preposition
    (« dans les Landes », « vers les Carmes »)."""
    out = []
    for m in _FAMILY_RE.finditer(text):
        name = m.group("name")
        key = _fold_key(name)
        if key not in surnames() or key in _AMBIGUOUS_F | _NOT_PERSONS_F | _ORG_HEADS_F or \
                _common(name) or _context_before(text, m.start())[1] in _PLACE_PREPOSITIONS:
            continue
        if any(s < m.end() and m.start("name") < e and label == "ORG"
               for s, e, label in entities):
            continue
        out.append(Detection(m.start("name"), m.end("name"), "PER", name, "indice"))
    return out


def _signature(text: str) -> list[Detection]:
    """The last line of a text when it is only a name (« Gwenola Le Bras »)."""
    lines = text.rstrip().rsplit("\n", 1)
    if len(lines) < 2:
        return []
    line = lines[1].strip()
    start = text.rstrip().rfind(line)
    tokens = line.split()
    if not 2 <= len(tokens) <= 4 or not re.fullmatch(r"[^\W\d_][\w'’\- ]*", line):
        return []
    keys = [_fold_key(t) for t in tokens]
    if any(k in _STOP_FOLDED - _PARTICLES_F or k in _ORG_HEADS_F or k in _ROLE_WORDS
           for k in keys) or not all(t[:1].isupper() or k in _PARTICLES_F
                                     for t, k in zip(tokens, keys, strict=True)):
        return []
    return [Detection(start, start + len(line), "PER", line, "motif")]


def _found_names(text: str, found: Iterable[Detection], lower: frozenset[str]) -> set[str]:
    """Names accepted with a strong cue, to look for in every text of the batch: a known
    name (speaker label, declared), a first name of the lists, a civility, title, form
    field or kinship word before it, and the words of a name of two words or more that
    holds a first name (« Sandrine Keller » gives « Keller »). A word the model alone
    calls a person, or one capitalised only because it starts a sentence (« Sans
    Josselin »), or a French common word (« Affaire »), is not spread."""
    keys: set[str] = set()
    known = first_names()
    for d in found:
        if d.kind != "PER":
            continue
        tokens = [t for t in _TOKEN_RE.finditer(text, d.start, d.end)
                  if _fold_key(t.group()) not in _PARTICLES_F]
        strong = d.source in ("motif", "liste", "contexte") or (
            len(tokens) > 1 and any(_fold_key(t.group()) in known for t in tokens))
        if not strong:
            continue
        for token in tokens:
            key = _fold_key(token.group())
            if len(key) > 2 and token.group()[:1].isupper() and key not in _STOP_FOLDED \
                    and key not in _FIELD_WORDS and key not in _CIVILITY_KEYS and \
                    not _common_here(text, token.start(), token.group(), lower) and \
                    not _sentence_start(text, token.start()):
                keys.add(key)
    return keys


_CIVILITY_KEYS = frozenset("m mme mmes mlle mr dr monsieur madame mademoiselle docteur".split())


def _repeat_names(text: str, keys: set[str]) -> list[Detection]:
    """Other capitalised occurrences of names found in the batch (« à Yanis », « celui de
    Pierre »), except after a determiner or a place preposition other than « à »/« de »,
    and, for common-word names, at the start of a sentence (« Pierre qui roule »)."""
    out = []
    for token in _TOKEN_RE.finditer(text):
        key = _fold_key(token.group())
        if not token.group()[:1].isupper() or key not in keys:
            continue
        word, raw = _context_before(text, token.start())
        family = word == "les" and key not in _AMBIGUOUS_F  # « les Garrigues »
        if (word in _DETERMINERS_F - {"de", "d'"} and not family) or \
                raw in _PLACE_PREPOSITIONS - {"à", "de", "d'"}:
            continue
        # « celui de Pierre » yes, « à Florence », « en Lorraine » no
        if raw in ("de", "d'") and _word_before(text, token.start(), 2) in _PLACE_NOUNS_F:
            continue  # « l'usine de Josselin »
        if key in _AMBIGUOUS_F and (_sentence_start(text, token.start()) or
                                    raw in (_DETERMINERS | _PLACE_PREPOSITIONS) - {"de", "d'"}):
            continue
        out.append(Detection(token.start(), token.end(), "PER", token.group(), "liste"))
    return out


# --------------------------------------------------------------------------- NER persons

#: verbs after which « à X » is a person, not a place (« j'ai dit à Fatou »)
_TO_PERSON_VERBS = _words("""
dit dire demande demander demandé parle parler parlé ecrit ecrire écrit envoye envoyer
envoyé telephone telephoner téléphoné explique expliquer expliqué repondu répondu
donne donner donné montre montrer montré confie confié transmis transmettre propose
proposé raconte raconté signale signalé adresse adressé dossier rendu
""")
_TO_PERSON_VERBS_F = _fold_set(_TO_PERSON_VERBS)


def _ner_persons(text: str, entities: list[tuple[int, int, str]],
                 elsewhere: frozenset[str] = frozenset(),
                 lower: frozenset[str] = frozenset()) -> list[Detection]:
    """PER entities minus obvious false positives, trimmed of role, kinship, filler and
    lower-case words.

    A single word is dropped when it is a French common word (« Impossible »,
    « Résultats », « Aller ») and not a first name, an acronym, an organisation head,
    a word the model tags as a place or an organisation more often than as a person
    across the texts of the call (``elsewhere``: « Toulouse »), or a word after a
    determiner or a place preposition (« la Marine », « à Florence »). Kept after « de »
    (« le parti de Haider »), after « les » (« les Dominati »), and after « à » following a
    verb of speech or giving (« j'ai dit à Fatou »). ``lower``: the lower-case words of
    the call's texts (:func:`~labsynth.anonymise.vocab.lower_words`).
    """
    out = []
    known = first_names()
    for start, end, label in _split_entities(text, entities):
        if label != "PER":
            continue
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not (text[end - 1].isalnum() or text[end - 1] in "'’."):
            end -= 1
        surface = text[start:end]
        if len(surface) < 2 or any(c.isdigit() or c == "@" for c in surface):
            continue
        # leading role, kinship, filler or lower-case words are not part of the name
        tokens = list(_TOKEN_RE.finditer(text, start, end))
        while len(tokens) > 1 and not _particle_name(text, tokens) and (
                _fold_key(tokens[0].group()) in _PERSON_CUES_F | _STOP_FOLDED | _ROLE_WORDS
                | ORAL_FILLERS | _NOT_PERSONS_F or tokens[0].group()[:1].islower()
                # « à Rennes Emile Sénéchal »: a town before a first name
                or (_context_before(text, tokens[0].start())[1] in ("à", "en") and
                    _fold_key(tokens[1].group()) in known)):
            tokens.pop(0)
        if not tokens:
            continue
        start = tokens[0].start()
        # a name ends at the first lower-case word that is not a particle before a capital
        # (« M. Bertrand le prof », « Nadia de m'accueillir », but « Anne de La Tour »)
        for a, b in zip(tokens, [*tokens[1:], None], strict=True):
            word = a.group()
            if a is tokens[0] or word[:1].isupper() or _ELIDED_PARTICLE_RE.match(word):
                end = a.end()  # « Valéry Giscard d'Estaing »
                continue
            if _fold_key(word) in _PARTICLES_F and b is not None and b.group()[:1].isupper() \
                    and _fold_key(b.group()) not in (_NOT_PERSONS_F | _ORG_HEADS_F | _ROLE_WORDS
                                                     | elsewhere):
                continue  # but « Mme Cabrol de France Services », « Le Goff de Rennes »
            break
        surface = text[start:end]
        words = _fold_key(surface).split()
        key = " ".join(words)
        if key in _NOT_PERSONS_F or words[0] in _ORG_HEADS_F or words[0] in _ROLE_WORDS:
            continue
        if surface.islower():  # « carrelage rose »: NER on a common word
            continue
        if all(w in _STOP_FOLDED or w in _PERSON_CUES_F for w in words):
            continue
        if words[-1] in _FIELD_WORDS:
            continue
        name_words = [(t.start(), t.group()) for t in _TOKEN_RE.finditer(text, start, end)
                      if _fold_key(t.group()) not in _PARTICLES_F]
        if name_words and all(_common_here(text, i, w, lower) for i, w in name_words):
            continue  # « Permanence Hebdomadaire », « Frères de Ploërmel »
        before, raw = _context_before(text, start)
        if _named_after_org(text, start):  # « école Jules-Ferry », « résidence Habitat Jeunes »
            continue
        if len(surface.split()) == 1:
            if key in _AMBIGUOUS_F and not _ambiguous_ok(text, start, end, [(start, end)]):
                continue
            if key in elsewhere or (surface.isupper() and len(surface) <= 4):
                continue  # places and brands, acronyms: CAF, CPAM, BAFA
            if before in ("la", "le", "un", "une", "des", "du", "au", "aux"):
                continue
            if raw in _PLACE_PREPOSITIONS and raw not in ("de", "d'", "d’") and not (
                    key in known or (raw == "à" and _word_before(text, start, 2)
                                     in _TO_PERSON_VERBS_F)):
                continue
            if raw in ("de", "d'", "d’") and (key not in known or key in _AMBIGUOUS_F) and \
                    _word_before(text, start, 2) in _PLACE_NOUNS_F:
                continue
            if _sentence_start(text, start) and (key in ORAL_FILLERS or key in _VERB_OPENERS):
                continue
        out.append(Detection(start, end, "PER", surface, "ner"))
    return out


def _particle_name(text: str, tokens: list[re.Match[str]]) -> bool:
    """Do the tokens open with a capitalised particle that belongs to the surname
    (« Le Quéré », « Le Gall », « Du Pontavice »), not an article (« Le Président », « à
    La Bouétée »)?"""
    first, second = tokens[0].group(), tokens[1].group()
    raw = _context_before(text, tokens[0].start())[1]
    return first in ("Le", "La", "Du", "De", "Des") and second[:1].isupper() and \
        raw not in _PLACE_PREPOSITIONS - {"de", "d'", "d’"} and \
        _fold_key(second) not in _STOP_FOLDED | _ROLE_WORDS | _NOT_PERSONS_F | _ORG_HEADS_F \
        and not _common(second)


#: what may stand between two words of one name: spaces, a hyphen, an initial's point
_NAME_GAP_RE = re.compile(r"[\s.\-]*")


def _split_entities(text: str, entities: list[tuple[int, int, str]]
                    ) -> list[tuple[int, int, str]]:
    """Entities cut where a sign that never joins the words of a name stands between two
    words: the model takes « Q = enquêteur, R = Camille » for one person « R = Camille »,
    « Camille / Inès » for one person."""
    out = []
    for start, end, label in entities:
        tokens = list(_TOKEN_RE.finditer(text, start, end))
        piece_start = start
        for a, b in pairwise(tokens):
            if not _NAME_GAP_RE.fullmatch(text, a.end(), b.start()):
                out.append((piece_start, a.end(), label))
                piece_start = b.start()
        out.append((piece_start, end, label))
    return out


#: words that open a sentence in interviews and are not names (besides the oral fillers)
_VERB_OPENERS = frozenset("imagine regarde ecoute attends dis sinon donc".split())


def _mostly_not_persons(texts: Sequence[str],
                        entities: list[list[tuple[int, int, str]]]) -> frozenset[str]:
    """Single words the model tags as LOC/ORG/MISC at least twice, and twice as often as
    PER, over the texts, and that are not known first names: places and brands, not
    people (a name the model calls a place once or twice keeps being searched for)."""
    from collections import Counter

    counts: Counter[tuple[str, bool]] = Counter()
    for text, ents in zip(texts, entities, strict=True):
        for start, end, label in ents:
            key = _fold_key(text[start:end])
            if key and " " not in key:
                counts[(key, label == "PER")] += 1
    known = first_names()
    return frozenset(key for (key, person), n in counts.items()
                     if not person and n >= 2 and n >= 2 * counts[(key, True)]
                     and key not in known)


# --------------------------------------------------------------------------- lists

_ITEM = r"(?:[A-Z]\.[ \t]?)?[A-ZÀ-Þ][\w'’]+(?:-[A-ZÀ-Þ][\w'’]+)*"
_ITEM_RE = re.compile(rf"{_ITEM}(?:[ \t]+{_ITEM})?")
_RANK_AFTER_RE = re.compile(r"[ \t]+\d")
_RANK_BEFORE_RE = re.compile(r"\d\S?[ \t]+$")
#: capitalised items joined by commas, « et », « ou » (« Trousselier, Pottier, Passerieu
#: et Fleury », « MM. Duff et Voggenhuber »)
_LIST_RE = re.compile(rf"{_ITEM}(?:[ \t]+{_ITEM})?"
                      rf"(?:(?:[ \t]*,[ \t]*(?:(?:et|ou)[ \t]+)?|[ \t]+(?:et|ou)[ \t]+)"
                      rf"{_ITEM}(?:[ \t]+{_ITEM})?)+")


def _coordinated(text: str, found: Sequence[Detection], entities: list[tuple[int, int, str]],
                 lower: frozenset[str], elsewhere: frozenset[str] = frozenset()
                 ) -> list[Detection]:
    """The other items of a list of names some of which were found (« Trousselier,
    Pottier, Passerieu et Fleury », « MM. Duff et Voggenhuber », « Dupont et Winand »).

    A list is capitalised words joined by commas, « et » or « ou ». Its unfound items are
    persons when one item was found with a strong cue (civility, list, kinship word) or
    half the items were found, and the item is not a common word, not a place or an
    organisation for the model (here, or mostly in the texts: ``elsewhere``), and the
    list does not follow a place preposition (« à Rennes, Brest et Quimper »).
    """
    persons = [d for d in found if d.kind == "PER"]
    if not persons:
        return []
    out = []
    for m in _LIST_RE.finditer(text):
        raw = _context_before(text, m.start())[1]
        if raw in _PLACE_PREPOSITIONS - {"de", "d'", "d’"} or \
                _RANK_BEFORE_RE.search(text, max(0, m.start() - 8), m.start()):
            continue  # « à Rennes, Brest... », a results list « 80 P. Tachet, Bruz »
        items = list(_ITEM_RE.finditer(text, m.start(), m.end()))
        seeds = [i for i in items if any(d.start < i.end() and i.start() < d.end
                                         for d in persons)]
        strong = any(d.source in ("motif", "liste", "contexte") and d.start < i.end() and
                     i.start() < d.end for i in seeds for d in persons)
        if not (strong or (len(seeds) >= 2 and 2 * len(seeds) >= len(items))):
            continue
        if raw in _DETERMINERS and raw not in ("de", "d'", "d’", "les"):
            continue  # « avec une AESH, Mme Cozic »
        for item in items:
            if item.group().isupper() and len(item.group()) <= 5:
                continue  # an acronym
            if item in seeds or _sentence_start(text, item.start()) or \
                    _RANK_AFTER_RE.match(text, item.end()):
                continue  # « MM. Villebrun, Bruz 2* Houdré »: a town in a results list
            words = item.group().replace(".", " ").split()
            keys = [_fold_key(w) for w in words]
            if any(k in _STOP_FOLDED | _NOT_PERSONS_F | _ORG_HEADS_F | _ROLE_WORDS
                   or k in elsewhere for k in keys):
                continue
            if any(_common_here(text, item.start(), w, lower) for w in words if len(w) > 1):
                continue
            # the model calls many surnames places (« Dupont et Winand »), but not the
            # place a list starts after « de » (« un tailleur de Guingamp, M. Hellivan »)
            labels = {label for s, e, label in entities if s < item.end() and item.start() < e}
            if "ORG" in labels or ("LOC" in labels and item is items[0]):
                continue
            out.append(Detection(item.start(), item.end(), "PER", item.group(), "indice"))
    return out


def _after_profession(text: str, entities: list[tuple[int, int, str]],
                      elsewhere: frozenset[str] = frozenset()) -> list[Detection]:
    """A capitalised name after a profession (« le volailler Coûtât », « la pharmacienne
    Le Goff »): cut at its first French word, left when the model calls it a place or an
    organisation here or mostly in the texts (« le chauffeur Versailles, 2 janvier »)."""
    out = []
    known = first_names()
    for m in _PROFESSION_RE.finditer(text):
        words = m.group("value").split()
        if _fold_key(words[0]) not in known:
            kept = []
            for i, word in enumerate(words):
                key = _fold_key(word)
                if i == 0 and len(words) > 1 and key in _PARTICLES_F:
                    kept.append(word)  # « le chauffeur Le Gall »
                    continue
                if _common(word) or key in _STOP_FOLDED | _ORG_HEADS_F | _NOT_PERSONS_F | \
                        _ROLE_WORDS or key in elsewhere or (word.isupper() and len(word) <= 5):
                    break
                kept.append(word)
            words = kept
        if not words or _fold_key(words[-1]) in _PARTICLES_F:
            continue
        start = m.start("value")
        end = start + len(" ".join(words))
        if any(s < end and start < e and label in ("LOC", "ORG") for s, e, label in entities):
            continue
        out.append(Detection(start, end, "PER", text[start:end], "indice"))
    return out
