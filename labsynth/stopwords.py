"""French stop words: spaCy's list, oral fillers and discourse markers, the project's own.

Also removed: transcription notes (« rires », « inaudible ») and light verbs (« faire »,
« falloir », « pouvoir »...), frequent in speech and meaningless without their object.

Single-word fillers are stop words like any other. Multi-word markers (« du coup »,
« c'est-à-dire ») are removed as units by :mod:`labsynth.features`, after tokenising them
with the same pipeline as the corpus, so that « coup » in « un coup de main » survives.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

__all__ = [
    "GENERIC_WORDS",
    "KEPT_FROM_SPACY",
    "LIGHT_VERBS",
    "ORAL_FILLERS",
    "ORAL_MARKERS",
    "POLITENESS_FORMULAS",
    "POLITENESS_WORDS",
    "SMS_FORMS",
    "normalise_apostrophes",
    "spacy_stop_words",
]

#: one-word fillers of spoken French, as transcribed (lower case)
ORAL_FILLERS = frozenset("""
euh euhh euuh heu heuu hum hmm hm mmh mh mouais ouais ouai ouaip ben bah beh bé bon hein
quoi voilà voila genre bref ok okay ah oh eh ha bon ben ouf pff pfff tiens enfin alors
truc trucs machin machins style carrément grave vachement franchement oui
rires rire silence inaudible pause
""".split())

#: SMS and chat spellings of fillers and function words, as consultation platforms receive
#: them (« jai pas de bus le we svp », « pk ya rien », « faut », « mdr »): never keywords
SMS_FORMS = frozenset("""
jai jsuis chui chuis jsui jsais jsp jpeux jveux jvais jme jte jpense jcrois jtrouve
cest cetait ct sa ya yavait yaura yen ken ke koi kan kom kelle pa pk pq pcq pck psk
parske paske svp stp svpl mdr ptdr lol xd mdrr bcp tt tte ttes tjs tjrs qqch qqn qq
qqs dsl slt cc wsh wesh oki okk ptn putain bref faut fo fodrait faudrait vla vlà ds pr
mm mm mn tkt osef jsuis
""".split())

#: words of spaCy's French stop list that carry meaning in interviews (« un fait divers »,
#: « je me sens seule », « personne ne nous écoute », « le retour », « en bas »)
KEPT_FROM_SPACY = frozenset("""
fait divers personne seul seule seuls seules sent retour reste effet stop bas
nouveau premier suffisant
""".split())

#: nouns and adjectives of time and quantity that every theme shares (« l'année
#: dernière », « trois fois par semaine »): left out so they do not name themes
GENERIC_WORDS = frozenset("""
an année fois jour mois semaine heure minute moment chose truc gens vrai dernier prochain
plein
""".split())

#: verbs too general to say anything on their own in interviews (lemmas)
LIGHT_VERBS = frozenset("""
être avoir faire aller venir voir dire falloir pouvoir vouloir devoir savoir croire penser
mettre passer arriver exister sembler paraître rester donner prendre trouver parler
""".split())

#: multi-word discourse markers, removed as units
ORAL_MARKERS = (
    "du coup", "en fait", "tu vois", "vous voyez", "tu sais", "vous savez", "t'sais",
    "c'est-à-dire", "c'est à dire", "je veux dire", "j'veux dire", "on va dire", "en gros",
    "je sais pas", "j'sais pas", "chais pas", "je sais pas quoi", "je pense que",
    "je crois que", "il y a", "y a", "c'est vrai que", "de toute façon", "en tout cas",
    "tout ça", "et tout", "et tout ça", "un peu", "des trucs", "ce genre de",
    "comment dire", "tu vois ce que je veux dire", "si tu veux", "entre guillemets",
    "au final", "à la limite", "par exemple", "quand même", "en même temps", "d'accord",
    "bon ben", "ben voilà", "et voilà", "voilà quoi", "tu comprends",
    "s'il vous plaît", "s'il vous plait", "s'il te plaît", "s'il te plait", "mort de rire",
    "il faut", "faut que", "faudrait que",
)


#: greetings and thanks, one word (« merci », « bonjour », « madame »): how an interview or
#: a contribution opens and closes, never what it is about
POLITENESS_WORDS = frozenset("""
merci mercis bonjour bonsoir salut coucou adieu bisous bises cordialement
madame monsieur mademoiselle mesdames messieurs
""".split())

#: politeness and closing formulas and set interjections, removed as units like
#: :data:`ORAL_MARKERS`: an interview ends with « Merci à vous. — De rien, au revoir,
#: bonne journée », and six such endings made a theme named « revoir · vie » on a trial
#: project. A segment made of nothing else has no content word: it is unclassified
#: (``T00``, « sans mot porteur de sens »), never a theme, and still counted.
POLITENESS_FORMULAS = (
    "au revoir", "de rien", "merci à vous", "merci à toi", "merci beaucoup", "merci bien",
    "merci encore", "merci pour tout", "merci à vous aussi", "bonne journée",
    "bonne soirée", "bonne fin de journée", "bonne fin de semaine", "bonne continuation",
    "bon courage", "bonne chance", "bon week-end", "bonne route", "à bientôt",
    "à plus tard", "à la prochaine", "à tout à l'heure", "je vous en prie",
    "je t'en prie", "avec plaisir", "pas de souci", "pas de soucis", "pas de problème",
    "jamais de la vie", "c'est la vie", "c'était un plaisir",
)


def normalise_apostrophes(text: str) -> str:
    """Typographic apostrophes to ASCII, as spaCy's French lists and model expect."""
    return text.replace("’", "'").replace("ʼ", "'").replace("`", "'")


@lru_cache(maxsize=1)
def spacy_stop_words() -> frozenset[str]:
    """spaCy's French stop words, read from ``spacy/lang/fr/stop_words.py``, minus
    :data:`KEPT_FROM_SPACY`.

    The module is loaded by path: importing it normally runs ``spacy.lang.fr.__init__``,
    which compiles the French tokenizer exceptions (~6 s), and a warm run from the cache
    should not pay that.
    """
    spec = importlib.util.find_spec("spacy")
    if spec is None or spec.origin is None:  # pragma: no cover - spaCy is a dependency
        raise ImportError("spaCy is not installed")
    path = Path(spec.origin).parent / "lang" / "fr" / "stop_words.py"
    module_spec = importlib.util.spec_from_file_location("_labsynth_fr_stop_words", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return frozenset(normalise_apostrophes(w) for w in module.STOP_WORDS) - KEPT_FROM_SPACY
