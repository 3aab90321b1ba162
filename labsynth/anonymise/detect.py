"""Detection of personal data in French texts, before pseudonymisation.

Three sources are combined, and the result is one sorted, non-overlapping list of
detections per text:

- ``"motif"``: regular expressions for structured data (e-mail, phone, NIR, IBAN, birth
  date, postal address) and for strong person cues (civility + name, form fields such as
  « Nom : », a name spelled letter by letter, « née X »);
- ``"liste"``: names known from the project (speaker labels through :func:`name_parts`,
  names declared by the designer), and first names from Faker's per-locale person data,
  accepted under context rules (a capitalised first name, or a lower-case
  one after a kinship or role word);
- ``"ner"``: PER entities of the spaCy French model, filtered of obvious false positives.

NER spans can be cached in an :class:`~labsynth.cache.AnnotationCache` (namespace
``ner/<model>/<version>/format<n>``, key = hash of the text, JSON value), so a second run
over the same texts never loads spaCy.

Why hand-written patterns rather than ``phonenumbers`` / ``python-stdnum``: finding the
*span* in running (often transcribed) text is the hard part, not validating it.
``phonenumbers.PhoneNumberMatcher`` does not follow a number across a line break, and its
lenient matching takes case numbers written with hyphens; French phone shapes are few and
strict. The IBAN and NIR checksums are three lines of mod-97 each. So this module adds no
dependency for them. The one data dependency is ``faker`` (MIT), for its first-name lists.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from labsynth.anonymise.lexicon import lexicon
from labsynth.stopwords import ORAL_FILLERS

if TYPE_CHECKING:
    from labsynth.cache import AnnotationCache

__all__ = ["KINDS", "Detection", "ambiguous_names", "detect", "first_names", "label_name",
           "name_key", "name_parts"]

KINDS = ("PER", "EMAIL", "TEL", "ADRESSE", "NIR", "IBAN", "DATE_NAISSANCE")
_NER_FORMAT = 1  # bump when the cached NER value changes


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


# --------------------------------------------------------------------------- words

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: particles that belong to a surname (« Le Goff », « de Trémargat », « Ben Ahmed »)
_PARTICLES = _words("le la les de du des d' d’ van von der den ben ben' bin el al da di dos "
                    "del della mac mc")

#: speaker labels that are roles, not names (compared folded, without digits)
_ROLE_WORDS = _words("""
enq enqueteur enqueteurs enquetrice enquetrices int intervieweur intervieweuse interviewer
interviewe interviewee animateur animatrice animateurs moderateur moderatrice facilitateur
facilitatrice participant participante participants participantes repondant repondante
locuteur locutrice speaker observateur observatrice chercheur chercheuse question reponse
apprenti apprentie stagiaire benevole salarie salariee agent agente directeur directrice
responsable elu elue maire parent mere pere jeune temoin usager usagere habitant habitante
patient patiente client cliente medecin infirmier infirmiere educateur educatrice
professeur enseignant enseignante formateur formatrice conseiller conseillere voix off
homme femme interlocuteur interlocutrice anonyme sansnom inconnu inconnue invite invitee
auditeur auditrice journaliste president presidente secretaire tresorier tresoriere
coordinateur coordinatrice referent referente assistant assistante
""")

#: kinship and role words: a capitalised word right after one is a person even when no
#: list knows it (« mon pote Lucas », « ma belle-sœur Maïwenn »), a strong cue
_STRONG_CUES = _words("""
fils fille filles mari femme epouse epoux frere freres soeur soeurs mere pere maman papa
papi papy mamie mamy grand-mere grand-pere beau-pere belle-mere beau-frere belle-soeur
oncle tante neveu niece cousin cousine copain copine ami amie voisin voisine collegue
pote potes poto mec meuf gars gendre bru parrain marraine filleul filleule compagnon
compagne conjoint conjointe coloc colocataire patron patronne chef cheffe prof
appelle appelait appelais appelez apelle nomme prenom surnomme
petit-fils petite-fille aine ainee cadet cadette
""")

#: words introducing a person just after them, for lower-case first names
#: (« mon fils killian », « ma mère, valérie », « elle s'appelle nicole »)
_PERSON_CUES = _words("""
fils fille filles fils mari femme epouse epoux frere soeur sœur mere pere maman papa papi
papy mamie mamy grand-mere grand-pere grand-mère grand-père beau-pere belle-mere beau-père
belle-mère oncle tante neveu niece nièce cousin cousine copain copine ami amie voisin
voisine collegue collègue jeune dame monsieur madame gamin gamine patron patronne chef
cheffe conseiller conseillere conseillère referent referente référent référente adjoint
adjointe petit petite appelle appelait appelais appelez appelle-moi nomme prenom prénom
merci bonjour bonsoir coucou salut avec pour chez enfant enfants grand grande petit-fils
petite-fille dernier derniere dernière aine aîné ainee aînée cadet cadette cordialement apelle
""")

#: French words that are also first names or surnames; as known names they need a capital
#: and no determiner or preposition before them (« une rose », « en pierre », « la marine »)
_AMBIGUOUS = _words("""
rose pierre olive blanche marine ambre capucine violette jade perle prune iris reine aurore
claire fleur colombe prudence constance victoire olivier france avril ange margaux
petit grand marchand boulanger boucher meunier moulin fontaine riviere roux brun blanc noir
martin vigne bois leroy roy duc baron lefevre lebrun leblanc lenoir legrand lepetit
florence lorraine nancy valence lourdes orange vienne josselin
""")

#: words after which a capitalised word is a place, not a person (« à Florence »); compared
#: lower-cased but with accents (« y a Nadège » is not « à Nadège »)
_PLACE_PREPOSITIONS = _words("à en au aux vers depuis sur dans de du des d' d’ près "
                             "secteur quartier ville commune région département")

#: determiners before a common noun (« la marine », « une rose », « le petit »)
_DETERMINERS = _words("le la les l' l’ un une des du de d' d’ ce cette ces mon ma mes ton ta "
                      "tes son sa ses notre nos votre vos leur leurs en au aux")

#: organisations, brands and symbols that NER takes for persons
_NOT_PERSONS = {
    "pole emploi", "france travail", "france services", "la poste", "credit agricole",
    "marianne", "leclerc", "doctolib", "leboncoin", "caf", "cpam", "msa", "urssaf", "ccas",
    "ameli", "franceconnect", "mission locale", "education nationale", "emmaus",
    "secours populaire", "restos du coeur", "croix-rouge", "croix rouge", "google", "facebook",
    "whatsapp", "instagram", "tiktok", "snapchat", "youtube", "linkedin", "orange", "sncf",
    "blablacar", "uber", "amazon", "carrefour", "intermarche", "lidl", "auchan",
    "super u", "france", "bonjour", "merci", "madame", "monsieur", "ok", "voila", "rires", "rire",
    # apps, transport networks and medicines people name in interviews
    "snap", "insta", "tik tok", "twitter", "messenger", "telegram", "discord",
    "vinted", "deliveroo", "parcoursup", "pronote", "tisseo", "lio", "ter", "blabla car",
    "doliprane", "dafalgan", "efferalgan", "spasfon", "smecta", "ventoline", "levothyrox",
    "cerfa", "mdph", "crous", "ehpad", "bah", "ben", "euh", "hein",
}

#: head words of organisation and place names (« école Jules-Ferry », « Saint-Brieuc »)
_ORG_HEADS = _words("""
ecole college lycee universite fac faculte mairie association asso club centre hopital
clinique residence rue avenue boulevard place allee impasse chemin quai route pont gare
eglise chapelle stade gymnase salle mission maison foyer espace pole caisse banque
entreprise societe groupe institut fondation comite conseil service services ministere
prefecture agence cabinet pharmacie saint sainte st ste notre-dame ile lac mont aide
dispositif programme plan carte contrat prime cheque pass operation projet reseau
""")

_STOP_FOLDED = _words("""
a au aux avec ce ces cette dans de des du elle en et il ils je la le les leur lui ma mais me
mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi
ton tu un une vos votre vous y c d j l m n s t est sont ete etait tres plus bien tout
alors oui non voila bon ben euh donc puis apres avant
""")


#: form labels NER sometimes takes for names (« Titulaire », « Née le »)
_FIELD_WORDS = _words("titulaire nee ne nom prenom prenoms adresse tel telephone mail email "
                      "courriel contact signature domicile objet")

# --------------------------------------------------------------------------- folding

@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    if char in "’ʼ`":
        return "'"
    if char in "‐‑":
        return "-"
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base[0] if base else char


def _fold(text: str) -> str:
    """Lower-case, accent-free, ``’`` → ``'``; one character per character."""
    return "".join(_fold_char(c) for c in text)


@lru_cache(maxsize=1 << 16)
def _fold_key(text: str) -> str:
    """A comparison key: folded, spaces collapsed."""
    return " ".join(_fold(text).replace("-", " ").split())


# --------------------------------------------------------------------------- first names

#: Faker locales whose first-name lists are read: French-speaking countries and the
#: origins of France's main immigrant communities
_NAME_LOCALES = ("fr_FR", "fr_BE", "fr_CH", "fr_CA", "fr_QC", "fr_DZ", "ar_AA", "ar_DZ",
                 "ar_SA", "ar_PS", "pt_PT", "pt_BR", "es_ES", "it_IT", "de_DE", "en_US",
                 "en_GB", "tr_TR", "pl_PL", "ro_RO", "nl_BE", "vi_VN")


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """First names in use in France (folded), from Faker's person data.

    Faker (MIT licence, well kept) ships first-name lists per locale; the French-speaking
    ones and those of the main immigrant communities in France are merged (about 12,000
    names). French function words, role words and known non-person words are left out.
    A name alone is only taken under the context rules of :func:`detect`.

    Returns
    -------
    frozenset of str
        Empty when ``faker`` is not installed.
    """
    import importlib

    names: set[str] = set()
    for locale in _NAME_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:
            continue
        for attribute in ("first_names", "first_names_male", "first_names_female"):
            value = getattr(provider, attribute, None)
            if isinstance(value, dict | tuple | list | set | frozenset):
                for name in value:
                    if len(name) > 2:
                        names.add(_fold_key(name))
    return frozenset(names - _STOP_FOLDED - _ROLE_WORDS - _fold_set(_NOT_PERSONS))


def ambiguous_names() -> frozenset[str]:
    """Names that are also common French words or places (« Rose », « Pierre »,
    « Florence »), folded: taken as names only in context."""
    return frozenset(_AMBIGUOUS_F)


def _fold_set(words: Iterable[str]) -> set[str]:
    return {_fold_key(w) for w in words}


_AMBIGUOUS_F = _fold_set(_AMBIGUOUS)
_PERSON_CUES_F = _fold_set(_PERSON_CUES) | _fold_set(_STRONG_CUES)
_STRONG_CUES_F = _fold_set(_STRONG_CUES)
#: words that often come before a name, but before other things too: a name found after
#: one is not searched for in other texts
_WEAK_CUES_F = _fold_set(_words("grand grande petit petite dernier derniere jeune dame enfants "
                                "gamin gamine"))
#: nouns after which « de X » is a place, not a person (« l'arrêt de Plémet »)
_PLACE_NOUNS_F = _fold_set(_words("""
arret gare commune ville village bourg region departement canton marche port pont plage
foire zone secteur quartier mairie prefecture sous-prefecture lycee college ecole hopital
route direction cote coin centre sortie entree habitant habitants grossiste grossistes
maraicher agence antenne site campus usine magasin supermarche hameau lieu-dit abbaye
eglise cathedrale chateau foret vallee plateau bassin pays diocese paroisse tribunal
"""))
_DETERMINERS_F = _fold_set(_DETERMINERS)
_PARTICLES_F = _fold_set(_PARTICLES)
_NOT_PERSONS_F = _fold_set(_NOT_PERSONS)
_ORG_HEADS_F = _fold_set(_ORG_HEADS)


def _common(word: str, strict: bool = True) -> bool:
    """A French common word (« Impossible », « Contexte », « Région », « Payé »), not a
    first name: never a name on its own.

    With ``strict=False`` (a capitalised word inside a sentence that the corpus never
    writes in lower case), only adjectives, verbs and adverbs count: the lexicon also
    holds rare nouns that are names (« amadou »)."""
    key = _fold_key(word)
    if key in first_names() or key in _AMBIGUOUS_F or " " in key:
        return False
    pos = lexicon().parts_of_speech(word)
    return bool(pos) if strict else bool(pos - {"noun"})


#: lower-case words of the texts of the current call to :func:`detect`
_LOWER_WORDS: list[frozenset[str]] = [frozenset()]


def _common_here(text: str, start: int, word: str) -> bool:
    """:func:`_common`, strict for a word the texts also write in lower case (« la
    permanence »), and at the start of a sentence unless a verb or « qui » follows
    (« Résultats de... », « ## Contexte » are common words; « Louvet qui... » is not)."""
    if word.lower() in _LOWER_WORDS[0]:
        return _common(word)
    if _sentence_start(text, start):
        return _common(word) and not _VERB_AFTER_RE.match(text, start + len(word))
    return _common(word, strict=False)


_VERB_AFTER_RE = re.compile(r"[ \t]+(?:qui|a|avait|est|était|fut|sera|ne|n['’]|s['’]|se|lui|"
                            r"il|elle|et|dit|déclare|avoue|reconnaît)\b")


# --------------------------------------------------------------------------- name_parts

# civilities, case-sensitive on purpose: « Me » (Maître) would take the pronoun « me »
_CIVILITY = (r"(?:[Mm]\.|Mr\.?|[Mm]mes?\.?|[Mm]lle\.?|MM\.|MMES?|MLLE|[Mm]onsieur|MONSIEUR|"
             r"[Mm]adame|MADAME|[Mm]ademoiselle|Dr\.?|[Dd]octeur)")
_CIVILITY_RE = re.compile(rf"^{_CIVILITY}\s+")
_CAMEL = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])")


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


# --------------------------------------------------------------------------- motifs

# Separators inside a number: one space, dot or hyphen, or a line break (a number cut by
# the end of a line).
_SEP = r"(?:[ \t.\-]|\s*\n\s*|\u00a0)"
_NOT_DIGIT_BEFORE = r"(?<![\w+])"
_NOT_DIGIT_AFTER = r"(?![.\-\u00a0 ]?\d)(?!\w)"

# TEL. French numbers: 0 + 9 digits in any grouping (06 12 34 56 78, 06.12.34.56.78,
# 0612345678, 06 1234 5678), or +33 / 0033 / (+33) with an optional (0). The digit count
# and the leading 0 reject SIRET (14 digits), case numbers (2024-03817) and short numbers.
_TEL_RE = re.compile(
    rf"{_NOT_DIGIT_BEFORE}"
    rf"(?:(?:\(\+33\)|\+33|0033){_SEP}?(?:\(0\){_SEP}?)?[1-9]|0[1-9])"
    rf"(?:{_SEP}?\d){{8}}{_NOT_DIGIT_AFTER}")
# Other international numbers: +CC then 8 to 12 digits in groups.
_TEL_INTL_RE = re.compile(rf"(?<![\w+])\+(?!33)\d{{2,3}}(?:{_SEP}?\d){{8,12}}{_NOT_DIGIT_AFTER}")

# TEL dictated in words: « zéro six, trente-neuf, quatre-vingt-dix-huit, ... ».
_NUM_WORD = (r"(?:z[ée]ro|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|"
             r"treize|quatorze|quinze|seize|vingts?|trente|quarante|cinquante|soixante|et)")
_NUM_GROUP = rf"{_NUM_WORD}(?:[\- ]{_NUM_WORD})*"
_TEL_WORDS_RE = re.compile(
    rf"\bz[ée]ro[ ,]+(?:un|deux|trois|quatre|cinq|six|sept|huit|neuf)"
    rf"(?:[ ,]+{_NUM_GROUP}){{4}}\b", re.IGNORECASE)

# EMAIL: the usual address, its « [at] » / « (at) » obfuscations, and the dictated form
# « prenom point nom arobase domaine point fr ».
_EMAIL_RE = re.compile(
    r"(?<![\w.+\-])[\w.+\-]*\w"
    r"(?:@|\s?[\[(]\s?(?:at|arobase|@)\s?[\])]\s?)"
    r"[\w\-]+(?:(?:\.|\s?[\[(]\s?(?:dot|point)\s?[\])]\s?)[\w\-]+)*\.[A-Za-z]{2,}\b",
    re.IGNORECASE)
_SPOKEN_WORD = r"[^\W\d_][\w'’]*"
_EMAIL_SPOKEN_RE = re.compile(
    rf"\b{_SPOKEN_WORD}(?:\s+(?:point|tiret|underscore|tiret bas)\s+{_SPOKEN_WORD})*"
    rf"(?:\s+(?:{_NUM_GROUP}|\d+))*"
    rf"\s+arobase\s+{_SPOKEN_WORD}(?:\s+(?:point|tiret)\s+{_SPOKEN_WORD})+",
    re.IGNORECASE)

# NIR: sex, year, month, department (2A/2B for Corsica), commune, order, optional key;
# any of space, dot, hyphen or line break between groups. The key is checked when present.
_NIR_RE = re.compile(
    rf"{_NOT_DIGIT_BEFORE}([12]){_SEP}?(\d\d){_SEP}?(\d\d){_SEP}?(\d\d|2[AB]){_SEP}?"
    rf"(\d{{3}}){_SEP}?(\d{{3}})(?:{_SEP}?(\d\d))?{_NOT_DIGIT_AFTER}", re.IGNORECASE)
_NIR_CUE_RE = re.compile(r"s[ée]cu|sociale|\bNIR\b|\bSS\b|INSEE|vitale", re.IGNORECASE)

# IBAN: country code, check digits, then 11 to 30 letters/digits in groups; trimmed to the
# longest prefix whose mod-97 check gives 1.
_IBAN_RE = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ \-]?\n?[A-Za-z0-9]){11,34}(?![A-Za-z0-9])")

# DATE: 12/02/1988, 12-02-1988, 12.02.1988, 12/02/88, 1988-02-12, 12 février 1988,
# 1er avril 2006.
_MONTHS = ("janvier février fevrier mars avril mai juin juillet août aout septembre octobre "
           "novembre décembre decembre").split()
_MONTH_NUM = {m: i for i, m in enumerate(
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre "
    "decembre".split(), start=1)}
_DATE_RE = re.compile(
    r"(?<!\d)(?:"
    r"(?P<d1>[0-3]?\d)[/.\-](?P<m1>[01]?\d)[/.\-](?P<y1>(?:19|20)\d\d|\d\d)"
    r"|(?P<y2>(?:19|20)\d\d)-(?P<m2>[01]\d)-(?P<d2>[0-3]\d)"
    rf"|(?P<d3>[0-3]?\d|1er)\s+(?P<m3>{'|'.join(_MONTHS)})\s+(?P<y3>(?:19|20)\d\d)"
    r")(?!\d)", re.IGNORECASE)
# birth cues, within a short distance before the date
_BIRTH_CUE_RE = re.compile(
    r"\b(?:n[ée]e?s?|naissance|nais\.|DDN|date de naiss\w*|anniversaire)(?!\w)", re.IGNORECASE)
_BIRTH_WINDOW = 45

# ADRESSE: number (+ bis/ter) + street type + name, then optional flat/building and
# postcode + town; « lieu-dit X », « résidence X, bâtiment B »; a locality directly
# followed by a postcode and a town (« Kerguistin, 29270 Carhaix »).
_STREET_TYPES = (
    r"rue|avenue|av\.?|bd|boulevard|bld|chemin|ch\.|impasse|imp\.|all[ée]e|place|pl\.|route|"
    r"rte|quai|cours|lotissement|lot\.|r[ée]sidence|r[ée]s\.|hameau|square|sentier|voie|"
    r"passage|cit[ée]|faubourg|fg|esplanade|parvis|promenade|rond-point|domaine|venelle|"
    r"ruelle|mont[ée]e|mail|clos|lieu-dit|village|parc|zone|za|zi|zac|cour|port")
_TOWN = r"[A-ZÀ-Þ][\w'’]*(?:[\- ](?:[A-ZÀ-Þ][\w'’]*|sur|sous|en|l[ea]s?|de|du|des|d['’]\w+))*"
_POSTCODE_TOWN = rf"(?:\d{{5}}|\d\d \d{{3}})[ \t]+{_TOWN}(?:[ \t]+CEDEX(?:[ \t]+\d+)?)?"
_COMPLEMENT = (r"(?:b[âa]t(?:iment|\.)?|appartement|appt\.?|apt\.?|app\.|escalier|esc\.|"
               r"[ée]tage|porte|logement|log\.|entr[ée]e|bo[îi]te postale|BP)[ \t]*\w{1,4}")
_STREET_NAME = r"[^\d\n,.;:()«»!?]{2,60}?"
_ADDRESS_TAIL = (rf"(?:(?:,[ \t]*|[ \t]+){_COMPLEMENT})*"
                 rf"(?:(?:,[ \t]*(?!\d){_STREET_NAME}){{0,2}}?(?:,[ \t]*|[ \t]*\n[ \t]*|[ \t]+)"
                 rf"{_POSTCODE_TOWN})?")
_ADDRESS_RE = re.compile(
    rf"(?<![\w,])\d{{1,4}}(?:[ \t]?(?:bis|ter|quater|[A-D])\b)?,?[ \t]+"
    rf"(?:{_STREET_TYPES})\b[ \t]+{_STREET_NAME}"
    rf"(?=[\n,.;:()!?]|\s\d{{5}}\b|\s*$|\s+(?:{_COMPLEMENT}))"
    rf"{_ADDRESS_TAIL}", re.IGNORECASE)
_PLACE_NAME_RE = re.compile(
    rf"\b(?i:lieu-dit|lieudit)[ \t]+{_TOWN}(?:,?[ \t]+{_POSTCODE_TOWN})?"
    # a residence is an address with a building, flat or postcode, not « en résidence »
    rf"|\b(?i:r[ée]sidence|r[ée]s\.)[ \t]+{_TOWN}(?:(?:(?:,[ \t]*|[ \t]+)(?i:{_COMPLEMENT}))+"
    rf"(?:,?[ \t]+{_POSTCODE_TOWN})?|,?[ \t]+{_POSTCODE_TOWN})")
_LOCALITY_RE = re.compile(
    rf"(?<![\w'’\-])(?:(?:L[ea]s?|Le|La)[ \t])?[A-ZÀ-Þ][\w'’\-]+(?:[ \t]+(?:de|du|des|d['’])?"
    rf"[ \t]*[A-ZÀ-Þ][\w'’\-]+)?,[ \t]*{_POSTCODE_TOWN}")
_TOWN_LEAD = re.compile(r"[ \t]*(?:\d{5}|\d\d \d{3})")

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
_MAIDEN_RE = re.compile(rf"\b(?:n[ée]e|[ée]pouse|veuve)[ \t]+(?P<value>{_CAP_NAME_WORD})")
_SPELLED_RE = re.compile(r"(?<![\w\-])[A-Z](?:[ \t]?-[ \t]?[A-Z]){2,}(?![\w\-])")
_TOKEN_RE = re.compile(r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*")


# Numbers shaped like a NIR, an IBAN or a phone number but failing their check: taken only
# after their cue.
_CUED_NUMBERS = (
    ("NIR", _NIR_CUE_RE,
     re.compile(rf"{_NOT_DIGIT_BEFORE}[12](?:{_SEP}?[\dAB]){{11,15}}(?![\w])", re.IGNORECASE),
     "n° de sécurité sociale dont la clé ou la longueur est fausse : à vérifier"),
    ("IBAN", re.compile(r"\bIBAN\b|\bRIB\b|bancaire|compte", re.IGNORECASE),
     re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ \-]?[A-Za-z0-9]){10,32}(?![A-Za-z0-9])"),
     "IBAN dont la clé est fausse : à vérifier"),
    ("TEL", re.compile(r"t[ée]l[ée]phone|\bt[ée]l\b|portable|mobile|\bfixe\b|joindre|joignable|"
                       r"appel|num[ée]ro|\bnum\b|whatsapp|sms", re.IGNORECASE),
     re.compile(rf"{_NOT_DIGIT_BEFORE}(?:\+33{_SEP}?|0)[1-9](?:{_SEP}?\d){{6,9}}(?![\w])"),
     "téléphone au nombre de chiffres inhabituel : à vérifier"),
    # shapes that are a cue by themselves: a French IBAN in its groups of four, a NIR in
    # its groups (1 85 07 75 123 456 78)
    ("IBAN", None, re.compile(r"(?<![A-Za-z0-9])FR\d{2}(?:[ ]?[A-Z0-9]{4}){5}[ ]?[A-Z0-9]{3}"
                              r"(?![A-Za-z0-9])", re.IGNORECASE),
     "IBAN dont la clé est fausse : à vérifier"),
    ("NIR", None, re.compile(r"(?<![\w+])[12] \d\d \d\d (?:\d\d|2[AB]) \d{3} \d{3}(?: \d\d)?"
                             r"(?![ .\-]?\d)(?!\w)"),
     "n° de sécurité sociale dont la clé est fausse : à vérifier"),
)

# EMAIL written « prenom dot nom at domaine dot org » (to fool robots)
_EMAIL_DOT_AT_RE = re.compile(
    r"\b[\w\-]+(?:\s+(?:dot|point)\s+[\w\-]+)*\s+(?:at|arobase)\s+[\w\-]+"
    r"(?:\s+(?:dot|point)\s+[\w\-]+)*\s+(?:dot|point)\s+(?:com|org|net|fr|eu|info|be|ch)\b",
    re.IGNORECASE)


def _nir_valid(groups: tuple[str | None, ...], text: str, start: int) -> bool:
    sex, year, month, dept, commune, order, key = groups
    if not (1 <= int(month) <= 12 or 20 <= int(month) <= 42 or 50 <= int(month) <= 99):
        return False
    number = f"{sex}{year}{month}{dept}{commune}{order}".upper()
    if key is None:  # no key: only with a social-security cue nearby
        return bool(_NIR_CUE_RE.search(text, max(0, start - 60), start))
    value = int(number.replace("2A", "19").replace("2B", "18"))
    return 97 - value % 97 == int(key)


def _iban_ok(compact: str) -> bool:
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


#: IBAN lengths of the countries whose accounts French residents hold most
_IBAN_LENGTHS = {"FR": 27, "MC": 27, "BE": 16, "DE": 22, "ES": 24, "IT": 27, "PT": 25,
                 "CH": 21, "LU": 20, "GB": 22, "NL": 18, "IE": 22, "AT": 20, "MA": 28,
                 "DZ": 26, "TN": 24, "SN": 28, "PL": 28, "RO": 24}


def _find_ibans(text: str) -> Iterable[tuple[int, int]]:
    for match in _IBAN_RE.finditer(text):
        # positions of the alphanumeric characters, to trim to the longest valid prefix
        chars = [(i, c) for i, c in enumerate(match.group(), match.start()) if c.isalnum()]
        length = _IBAN_LENGTHS.get(match.group()[:2].upper())
        # a known country has one length: never a shorter prefix valid by chance (1 in 97)
        sizes = [length] if length and len(chars) >= length else \
            range(min(len(chars), 34), 14, -1)
        for size in sizes:
            compact = "".join(c for _, c in chars[:size]).upper()
            if _iban_ok(compact):
                yield match.start(), chars[size - 1][0] + 1
                break


def _date_value(match: re.Match[str]) -> tuple[int, int, int] | None:
    g = match.groupdict()
    if g["d1"]:
        day, month, year = int(g["d1"]), int(g["m1"]), int(g["y1"])
    elif g["y2"]:
        day, month, year = int(g["d2"]), int(g["m2"]), int(g["y2"])
    else:
        day = 1 if g["d3"].lower() == "1er" else int(g["d3"])
        month, year = _MONTH_NUM[_fold(g["m3"])], int(g["y3"])
    if year < 100:
        year += 2000 if year <= 30 else 1900
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return year, month, day


def _birth_dates(text: str) -> list[tuple[int, int]]:
    """Dates preceded by a birth cue, and the same dates written elsewhere in the text."""
    dates = [(m, _date_value(m)) for m in _DATE_RE.finditer(text)]
    births: set[tuple[int, int, int]] = set()
    found: list[tuple[int, int]] = []
    for match, value in dates:
        if value is None:
            continue
        window = text[max(0, match.start() - _BIRTH_WINDOW):match.start()]
        cues = list(_BIRTH_CUE_RE.finditer(window))
        cue = cues[-1] if cues else None
        # the cue must be the closest thing before: no other date, no sentence end
        if cue is not None:
            between = window[cue.end():]
            if not _DATE_RE.search(between) and not re.search(r"[!?]|\.\s+[A-Z]|\n\n",
                                                               between):
                births.add(value)
    # « ils ont mis le 10/08/1988 au lieu du 08/10/1988 »: the date given for the birth
    # date is one too
    for (first, value), (second, other) in itertools.pairwise(dates):
        if value in births and other is not None and other not in births and re.fullmatch(
                r"[ \t,]*(?:au lieu d[ue]|et non|et pas|pas|ou|et|non)[ \t]+(?:le[ \t]+|du[ \t]+)?",
                text[first.end():second.start()], re.IGNORECASE):
            births.add(other)
    for match, value in dates:
        if value in births:
            found.append((match.start(), match.end()))
    return found


def _motifs(text: str) -> list[Detection]:
    """Regex detections of every kind, possibly overlapping."""
    out: list[Detection] = []

    def add(start: int, end: int, kind: str, check: str = "") -> None:
        while end > start and text[end - 1] in " \t\n,.;:":
            end -= 1
        if end > start:
            out.append(Detection(start, end, kind, text[start:end], "motif", check))

    for regex in (_EMAIL_RE, _EMAIL_SPOKEN_RE, _EMAIL_DOT_AT_RE):
        for m in regex.finditer(text):
            add(m.start(), m.end(), "EMAIL")
    for start, end in _find_ibans(text):
        add(start, end, "IBAN")
    for m in _NIR_RE.finditer(text):
        if _nir_valid(m.groups(), text, m.start()):
            add(m.start(), m.end(), "NIR")
    for regex in (_TEL_RE, _TEL_INTL_RE, _TEL_WORDS_RE):
        for m in regex.finditer(text):
            add(m.start(), m.end(), "TEL")
    # a number after its cue is replaced even when its checksum or length is wrong (a
    # misread digit is still personal data), and marked « à vérifier » in the register
    taken = [(d.start, d.end) for d in out]
    for kind, cue, number, why in _CUED_NUMBERS:
        for m in number.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if cue is None or cue.search(text, max(0, m.start() - 60), m.start()):
                add(m.start(), m.end(), kind, why)
                taken.append((m.start(), m.end()))
    for start, end in _birth_dates(text):
        add(start, end, "DATE_NAISSANCE")
    for regex in (_ADDRESS_RE, _PLACE_NAME_RE, _LOCALITY_RE):
        for m in regex.finditer(text):
            add(m.start(), m.end(), "ADRESSE")
    for m in _SPELLED_RE.finditer(text):
        add(m.start(), m.end(), "PER")
    for m in _CIVILITY_NAME_RE.finditer(text):
        span = _trim_name(text, m.start(), m.end(), keep_first=True)
        if span:
            add(*span, "PER")
    for m in _TITLE_RE.finditer(text):
        words = m.group("value").split()
        while words and _common(words[-1]) and _fold_key(words[-1]) not in first_names():
            words.pop()  # « le docteur Lopes Mardi » no; « capitaine Dreyfus » yes
        if words and not any(_fold_key(w) in _ORG_HEADS_F | _NOT_PERSONS_F for w in words):
            value = " ".join(words)
            start = m.start("value")
            if text.startswith(value, start):
                add(start, start + len(value), "PER")
    for regex in (_FIELD_RE, _MAIDEN_RE):
        for m in regex.finditer(text):
            span = _trim_name(text, m.start("value"), m.end("value"))
            if span:
                add(*span, "PER")
    return out


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


def _context_before(text: str, start: int) -> tuple[str, str]:
    """The word just before ``start``: folded, and lower-cased with its accents."""
    before = text[max(0, start - 40):start].replace("’", "'")
    words = before.replace("'", "' ").split()
    word = words[-1].strip(",;:()«»\"").lower() if words else ""
    return _fold_key(word), word


_PRONOUN_AFTER_RE = re.compile(r"(?:,|[ \t]+(?:il|elle|qui|c'est|c’est)\b)")


def _sentence_start(text: str, start: int) -> bool:
    """At the start of a sentence, a line, a heading or a list item (« ## Contexte »,
    « - **Aller** vers... »)."""
    before = text[max(0, start - 200):start].rstrip(" \t«\"(*#>_•–—-")
    return not before or before[-1] in ".!?\n:…" or (start <= 200 and not before.strip())


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
            part in known or part in _AMBIGUOUS_F for part in key.split())
        if not (key in known or key in extra or compound) or key in _ORG_HEADS_F:
            continue
        if _context_before(text, token.start())[0] in _ORG_HEADS_F:  # « école Jules-Ferry »
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
            if not (nxt.group()[:1].isupper() or (after_particle and token.group()[:1].islower())) \
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


def _capitalised_in_context(text: str, blocked: list[tuple[int, int]]) -> list[Detection]:
    """A capitalised word inside a sentence, right after a kinship or role word
    (« mon petit-fils Nolan », « mon pote Lucas »), not a common word: names missing from
    every list."""
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
        if raw in _PLACE_PREPOSITIONS or _common_here(text, token.start(), surface):
            continue
        if word in _STRONG_CUES_F:
            out.append(Detection(token.start(), token.end(), "PER", surface, "contexte"))
        elif word in _WEAK_CUES_F or re.match(r",?[ \t]+qui\b", text[token.end():token.end() + 8]):
            # « le petit dernier Ibrahima », « Puis Aïssatou, qui... »: not spread
            out.append(Detection(token.start(), token.end(), "PER", surface, "indice"))
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


def _found_names(text: str, found: Iterable[Detection]) -> set[str]:
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
                    not _common_here(text, token.start(), token.group()) and \
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
        if word in _DETERMINERS_F - {"de", "d'"} or raw in _PLACE_PREPOSITIONS - {"à", "de", "d'"}:
            continue
        # « celui de Pierre » yes, « à Florence », « en Lorraine » no
        if key in _AMBIGUOUS_F and (_sentence_start(text, token.start()) or
                                    raw in (_DETERMINERS | _PLACE_PREPOSITIONS) - {"de", "d'"}):
            continue
        out.append(Detection(token.start(), token.end(), "PER", token.group(), "liste"))
    return out


# --------------------------------------------------------------------------- NER

def _ner_namespace(model: str) -> str:
    from labsynth.nlp import model_version

    return f"ner/{model}/{model_version(model)}/format{_NER_FORMAT}"


def _ner_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _run_ner(texts: Sequence[str], model: str, cache: AnnotationCache | None,
             progress: bool) -> list[list[tuple[int, int, str]]]:
    """Entity spans ``(start, end, label)`` of every text, from the cache or spaCy."""
    results: list[list[tuple[int, int, str]] | None] = [None] * len(texts)
    namespace = _ner_namespace(model) if cache is not None else ""
    if cache is not None:
        found = cache.get_many(namespace, (_ner_key(t) for t in texts))
        for i, text in enumerate(texts):
            blob = found.get(_ner_key(text))
            if blob is not None:
                try:
                    results[i] = [tuple(s) for s in json.loads(blob)]  # type: ignore[misc]
                except ValueError:  # a damaged entry is recomputed
                    results[i] = None
    todo = [i for i, r in enumerate(results) if r is None]
    if todo:
        nlp = _load_ner(model)
        docs = nlp.pipe((texts[i] for i in todo), batch_size=32, n_process=1)
        if progress:
            from tqdm.auto import tqdm

            docs = tqdm(docs, total=len(todo), desc="entités nommées", unit="texte")
        fresh = []
        for i, doc in zip(todo, docs, strict=True):
            spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            results[i] = spans
            fresh.append((_ner_key(texts[i]), json.dumps(spans).encode()))
        if cache is not None:
            cache.put_many(namespace, fresh)
    return [r or [] for r in results]


@lru_cache(maxsize=2)
def _load_ner(model: str):
    import spacy

    from labsynth.errors import ModelNotInstalledError
    from labsynth.nlp import model_version

    model_version(model)  # raises ModelNotInstalledError with the install command
    try:
        nlp = spacy.load(model, exclude=["parser", "senter", "morphologizer",
                                         "attribute_ruler", "lemmatizer"])
    except OSError as exc:
        raise ModelNotInstalledError(
            "LS403", f"le modèle spaCy « {model} » est installé mais illisible ({exc}).",
        ) from None
    nlp.max_length = 5_000_000
    return nlp


#: verbs after which « à X » is a person, not a place (« j'ai dit à Fatou »)
_TO_PERSON_VERBS = _words("""
dit dire demande demander demandé parle parler parlé ecrit ecrire écrit envoye envoyer
envoyé telephone telephoner téléphoné explique expliquer expliqué repondu répondu
donne donner donné montre montrer montré confie confié transmis transmettre propose
proposé raconte raconté signale signalé adresse adressé dossier rendu
""")
_TO_PERSON_VERBS_F = _fold_set(_TO_PERSON_VERBS)


def _ner_persons(text: str, entities: list[tuple[int, int, str]],
                 elsewhere: frozenset[str] = frozenset()) -> list[Detection]:
    """PER entities minus obvious false positives, trimmed of role, kinship, filler and
    lower-case words.

    A single word is dropped when it is a French common word (« Impossible »,
    « Résultats », « Aller ») and not a first name, an acronym, an organisation head,
    a word the model tags as a place or an organisation more often than as a person
    across the texts of the call (``elsewhere``: « Toulouse »), or a word after a
    determiner or a place preposition (« la Marine », « à Florence »). Kept after « de »
    (« le parti de Haider »), after « les » (« les Dominati »), and after « à » following a
    verb of speech or giving (« j'ai dit à Fatou »).
    """
    out = []
    known = first_names()
    for start, end, label in entities:
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
        while len(tokens) > 1 and (
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
            if a is tokens[0] or word[:1].isupper():
                end = a.end()
                continue
            if _fold_key(word) in _PARTICLES_F and b is not None and b.group()[:1].isupper():
                continue
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
        if name_words and all(_common_here(text, i, w) for i, w in name_words):
            continue  # « Permanence Hebdomadaire », « Frères de Ploërmel »
        before, raw = _context_before(text, start)
        if before in _ORG_HEADS_F:  # « école Jules-Ferry », « résidence Habitat Jeunes »
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
            if raw in ("de", "d'", "d’") and key not in known and \
                    _word_before(text, start, 2) in _PLACE_NOUNS_F:
                continue
            if _sentence_start(text, start) and (key in ORAL_FILLERS or key in _VERB_OPENERS):
                continue
        out.append(Detection(start, end, "PER", surface, "ner"))
    return out


def _word_before(text: str, start: int, n: int) -> str:
    """The ``n``-th word before ``start``, folded (1 = the word just before)."""
    words = text[max(0, start - 80):start].replace("’", "'").replace("'", "' ").split()
    return _fold_key(words[-n].strip(",;:()«»\"")) if len(words) >= n else ""


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


# --------------------------------------------------------------------------- detect

def detect(texts: Sequence[str], *, names: Iterable[str] = (), keep: Iterable[str] = (),
           model: str = "fr_core_news_sm", cache: AnnotationCache | None = None,
           progress: bool = False) -> list[list[Detection]]:
    """Find the personal data in each text.

    Parameters
    ----------
    texts : sequence of str
        The texts (interview turns, contributions...).
    names : iterable of str
        Person names known from the project (speaker labels through :func:`name_parts`,
        names declared by the designer). Every occurrence, case- and accent-insensitive,
        on word boundaries, is a PER; a name that is also a common word (« Rose »,
        « Pierre ») only when capitalised and not after a determiner.
    keep : iterable of str
        Texts that are not personal data: a detection equal to one of them (case- and
        accent-insensitive) is dropped.
    model : str
        spaCy French model for NER (an installed package).
    cache : AnnotationCache, optional
        Where NER spans are kept between runs.
    progress : bool
        Show a progress bar while spaCy runs.

    Returns
    -------
    list of list of Detection
        One sorted, non-overlapping list per text.

    Raises
    ------
    ModelNotInstalledError
        If NER is needed (not all texts are cached) and ``model`` is not installed.
    """
    texts, names, keep = list(texts), list(names), list(keep)
    if not texts:
        return []
    key = namespace = ""
    if cache is not None:  # a warm run: the whole result at once, no spaCy, no lexicon
        namespace, key = _result_key(texts, names, keep, model)
        blob = cache.get_many(namespace, [key]).get(key)
        if blob is not None:
            try:
                return [[Detection(*d) for d in ds] for ds in json.loads(blob)]
            except (ValueError, TypeError):  # a damaged entry is recomputed
                pass
    entities = _run_ner(texts, model, cache, progress)
    _LOWER_WORDS[0] = frozenset(w for t in texts for w in _LOWER_RE.findall(t))
    try:
        results = _detect(texts, names, keep, entities)
    finally:
        _LOWER_WORDS[0] = frozenset()
    if cache is not None:
        value = [[[d.start, d.end, d.kind, d.text, d.source, d.check] for d in ds]
                 for ds in results]
        cache.put_many(namespace, [(key, json.dumps(value, ensure_ascii=False).encode())])
    return results


_LOWER_RE = re.compile(r"(?<![\w'’-])[a-zà-ÿœæ][a-zà-ÿœæ'’-]+")


def _result_key(texts: list[str], names: list[str], keep: list[str], model: str
                ) -> tuple[str, str]:
    """Cache namespace and key of a whole :func:`detect` result: the model, this
    package's code and word lists, the names, the kept texts and every text."""
    from importlib.metadata import PackageNotFoundError, version
    from pathlib import Path

    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    with contextlib.suppress(PackageNotFoundError):
        digest.update(version("faker").encode())
    for part in (names, keep, texts):
        digest.update(json.dumps(part, ensure_ascii=False).encode())
    return f"{_ner_namespace(model)}/result", digest.hexdigest()


def _detect(texts: list[str], names: list[str], keep: list[str],
            entities: list[list[tuple[int, int, str]]]) -> list[list[Detection]]:
    """:func:`detect` once the NER spans are known."""
    pattern = _name_pattern(names)
    kept = {_fold_key(k) for k in keep}
    single_names = frozenset(k for k in map(_fold_key, names) if " " not in k and len(k) > 2)
    elsewhere = _mostly_not_persons(texts, entities)
    first: list[list[Detection]] = []
    for text, ents in zip(texts, entities, strict=True):
        ner_spans = [(s, e) for s, e, label in ents if label == "PER"]
        # NER's LOC/MISC labels are not used to veto names: the small model gives them to
        # many first names (« Nolan », « Nadège »)
        places: list[tuple[int, int]] = []
        found = _motifs(text)
        found += _known_names(text, pattern, ner_spans)
        found += _first_name_hits(text, ner_spans, places, single_names)
        found += _signature(text)
        found += _ner_persons(text, ents, elsewhere)
        found += _capitalised_in_context(text, places)
        first.append(found)
    # second pass: a name found in one text is a name in every text of the batch
    keys: set[str] = set()
    for text, found in zip(texts, first, strict=True):
        keys |= _found_names(text, found)
    keys -= kept | elsewhere
    results = []
    for text, found in zip(texts, first, strict=True):
        merged = _merge(text, found + _repeat_names(text, keys))
        results.append([d for d in merged if _fold_key(d.text) not in kept])
    return results
