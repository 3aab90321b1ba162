"""French stop words: spaCy's list, oral fillers, light verbs, multi-word markers."""

from __future__ import annotations

from labsynth.stopwords import (
    KEPT_FROM_SPACY,
    LIGHT_VERBS,
    ORAL_FILLERS,
    ORAL_MARKERS,
    normalise_apostrophes,
    spacy_stop_words,
)


def test_spacy_stop_words_equal_spacys_french_list_with_ascii_apostrophes():
    from spacy.lang.fr.stop_words import STOP_WORDS

    expected = {w.replace("’", "'").replace("ʼ", "'").replace("`", "'") for w in STOP_WORDS}
    words = spacy_stop_words()
    assert isinstance(words, frozenset)
    assert words == expected - KEPT_FROM_SPACY
    assert expected >= KEPT_FROM_SPACY  # each exception is really in spaCy's list
    assert {"fait", "divers", "personne", "seule"} <= KEPT_FROM_SPACY
    assert "l’" in STOP_WORDS and "l'" in words
    assert not any("’" in w for w in words)
    assert spacy_stop_words() is words  # read once per process


def test_normalise_apostrophes():
    assert normalise_apostrophes("l’école, lʼété, l`an, l'île") == "l'école, l'été, l'an, l'île"
    assert normalise_apostrophes("« rien »") == "« rien »"


def test_fillers_and_light_verbs():
    assert {"euh", "ben", "bah", "hein", "voilà", "quoi", "bon"} <= ORAL_FILLERS
    assert {"voir", "faire", "falloir", "pouvoir", "vouloir", "dire"} <= LIGHT_VERBS
    assert all(w == w.lower() and " " not in w for w in ORAL_FILLERS | LIGHT_VERBS)
    # words designers need must stay: nothing of the themes' vocabulary is a filler
    assert not {"coup", "main", "logement", "transport", "jeune", "santé"} & (
        ORAL_FILLERS | LIGHT_VERBS | spacy_stop_words())


def test_oral_markers_are_multiword_ascii_and_unique():
    assert len(set(ORAL_MARKERS)) == len(ORAL_MARKERS)
    assert {"du coup", "en fait", "tu vois", "c'est-à-dire"} <= set(ORAL_MARKERS)
    for marker in ORAL_MARKERS:
        assert marker == marker.lower() == normalise_apostrophes(marker).strip()
        assert " " in marker or "'" in marker or "-" in marker, marker
