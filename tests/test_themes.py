"""Theme discovery: deterministic, order-free, nothing dropped, readable, stable ids.

Fast tests build segments and their features by hand: French youth-consultation material
around clear topics (transport, logement, stage/emploi, santé mentale...), with the
lemma -> written form table a real corpus would give. Tests marked ``slow`` run the real
pipeline (spaCy) once on the demo project and share its features.
"""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from sklearn.preprocessing import normalize

from labsynth.cache import project_cache
from labsynth.corpus import read_corpus
from labsynth.describe import keywords, label_of
from labsynth.errors import LabsynthError
from labsynth.features import Features, text_features
from labsynth.project import load_project
from labsynth.schema import check_verbatim
from labsynth.themes import UNCLASSIFIED, Seed, Themes, choose_k, find_themes, match_themes

from .nlp_conftest_helpers import copy_demo

# --- hand-built corpus -------------------------------------------------------------------

# per topic: the anchor (in every segment of the topic) first, then the other lemmas;
# each lemma with its most frequent written form in the corpus
TOPICS: dict[str, list[tuple[str, str]]] = {
    "transport": [("transport en commun", "transports en commun"), ("bus", "bus"),
                  ("horaire", "horaires"), ("arrêt", "arrêt"), ("ligne", "ligne"),
                  ("train", "train"), ("navette", "navette"), ("voiture", "voiture"),
                  ("permis", "permis"), ("trajet", "trajets"), ("village", "villages"),
                  ("passer", "passe"), ("soir", "soir")],
    "logement": [("loyer", "loyers"), ("logement", "logement"), ("appartement", "appart"),
                 ("propriétaire", "propriétaire"), ("caution", "caution"),
                 ("colocation", "coloc"), ("cher", "cher"), ("studio", "studio"),
                 ("apl", "APL"), ("garant", "garant"), ("chambre", "chambre"),
                 ("quartier", "quartier"), ("argent", "argent")],
    "emploi": [("entreprise", "entreprises"), ("stage", "stage"), ("emploi", "emploi"),
               ("mission locale", "mission locale"), ("cv", "CV"),
               ("alternance", "alternance"), ("patron", "patron"),
               ("embaucher", "embauche"), ("salaire", "salaire"),
               ("expérience", "expérience"), ("candidature", "candidatures"),
               ("métier", "métier"), ("argent", "argent")],
    "psy": [("stress", "stress"), ("psy", "psy"), ("anxiété", "anxiété"),
            ("santé mentale", "santé mentale"), ("angoisse", "angoisses"),
            ("dormir", "dors"), ("seul", "seul"), ("écoute", "écoute"),
            ("rendez-vous", "rendez-vous"), ("infirmière", "infirmière"),
            ("moral", "moral"), ("examen", "examens"), ("soir", "soir")],
    "numérique": [("réseau social", "réseaux sociaux"), ("internet", "internet"),
                  ("site", "site"), ("application", "appli"), ("téléphone", "téléphone"),
                  ("wifi", "wifi"), ("ordinateur", "ordi"), ("fibre", "fibre"),
                  ("écran", "écrans"), ("tiktok", "TikTok"), ("instagram", "Insta"),
                  ("connexion", "connexion")],
    "sport": [("club", "clubs"), ("sport", "sport"), ("licence", "licence"),
              ("foot", "foot"), ("gymnase", "gymnase"), ("équipe", "équipe"),
              ("entraînement", "entraînements"), ("musique", "musique"),
              ("concert", "concerts"), ("festival", "festival"), ("cinéma", "ciné"),
              ("salle", "salle")],
}
GENERIC = [("jeune", "jeunes"), ("région", "Région"), ("ville", "ville")]
SURFACE = {lemma: form for words in [*TOPICS.values(), GENERIC] for lemma, form in words}
LEMMA_OF = {form.lower(): lemma for lemma, form in SURFACE.items()}
ANCHOR = {topic: words[0][1] for topic, words in TOPICS.items()}  # written form

OPENINGS = ["Pour moi le vrai souci c'est", "Franchement,", "Ce qui manque ici :",
            "Je dirais", "On en parle tout le temps entre nous :", "Clairement,"]
CLOSINGS = ["voilà.", "et ça pèse au quotidien.", "c'est compliqué pour nous.",
            "il faudrait que ça change.", "personne ne s'en occupe.", "!"]
INTERVIEWS = {"entretiens/entretien_01_lea.docx": "Léa",
              "entretiens/entretien_02_karim.txt": "Karim",
              "entretiens/entretien_03_ines.vtt": "Inès",
              "entretiens/entretien_04_tom.srt": "Tom"}
# skewed on purpose: Lou31 writes many contributions (one participant, many documents);
# None = an anonymous contribution (its document is its participant)
AUTHORS = ["Lou31", "Lou31", "Lou31", "Lou31", "Nino_12", "Sarah.T", "mehdi82", "Jade",
           "Lou31", "Anto", None, "Camille_65"]


def build(parts: list[tuple[str, int]], seed: int = 0,
          first_row: int = 1) -> tuple[pd.DataFrame, list[list[str]]]:
    """Segments and their feature lists for ``n`` segments per topic.

    A third of each topic comes from the four interviews (several segments per
    interview), the rest from one-segment contributions with their author.
    """
    rng = random.Random(seed)
    records, tokens = [], []
    row = first_row
    position = {doc: first_row * 10 for doc in INTERVIEWS}
    for topic, n in parts:
        anchor, *others = TOPICS[topic]
        for i in range(n):
            chosen = [anchor, *rng.sample(others, rng.randint(3, 5))]
            if rng.random() < 0.25:
                chosen.append(rng.choice(GENERIC))
            rng.shuffle(chosen)
            text = (f"{rng.choice(OPENINGS)} {', '.join(form for _, form in chosen)} "
                    f"{rng.choice(CLOSINGS)}")
            if i % 3 == 0:
                doc = list(INTERVIEWS)[(i // 3) % len(INTERVIEWS)]
                position[doc] += 1
                record = {"doc_id": doc, "kind": "interview", "speaker": INTERVIEWS[doc],
                          "role": "participant", "position": position[doc],
                          "line": position[doc] * 2,
                          "time_start": position[doc] * 12.5 if doc.endswith(("vtt", "srt"))
                          else None}
            else:
                doc = f"contributions/consultation.csv:{row}"
                record = {"doc_id": doc, "kind": "contribution",
                          "speaker": AUTHORS[row % len(AUTHORS)], "role": "unknown",
                          "position": 0, "line": row + 1, "time_start": None}
                row += 1
            record.update(segment_id=f"{record['doc_id']}#{record['position']}",
                          path=record["doc_id"].split(":")[0], text=text)
            records.append(record)
            tokens.append([lemma for lemma, _ in chosen])
    return _table(records), tokens


def _table(records: list[dict]) -> pd.DataFrame:
    columns = ["segment_id", "doc_id", "path", "kind", "speaker", "role", "position",
               "line", "time_start", "text"]
    return pd.DataFrame(records, columns=columns).astype(
        {"segment_id": "str", "doc_id": "str", "path": "str", "kind": "str",
         "speaker": "str", "role": "str", "position": "int64", "line": "Int64",
         "time_start": "Float64", "text": "str"})


def features(tokens: list[list[str]]) -> Features:
    used = {f for feats in tokens for f in feats}
    return Features([list(t) for t in tokens], {f: SURFACE[f] for f in used},
                    Counter(f for feats in tokens for f in set(feats)),
                    sorted(f for f in used if " " in f))


def features_of(texts: list[str]) -> list[list[str]]:
    """Reads texts like the hand-built corpus was read (for seeds)."""
    out = []
    for text in texts:
        words = text.lower().replace(",", " ").replace(":", " ").split()
        out.append([LEMMA_OF[w] for w in words if w in LEMMA_OF])
    return out


def combine(*parts: tuple[pd.DataFrame, list[list[str]]]
            ) -> tuple[pd.DataFrame, list[list[str]]]:
    frames = [p[0] for p in parts]
    return (pd.concat(frames, ignore_index=True),
            [t for _, tokens in parts for t in tokens])


def topic_of(segments: pd.DataFrame, tokens: list[list[str]]) -> pd.Series:
    """The hand-built topic of each segment (by its anchor)."""
    anchors = {words[0][0]: topic for topic, words in TOPICS.items()}
    return pd.Series([next((anchors[f] for f in t if f in anchors), None) for t in tokens],
                     index=segments["segment_id"].to_numpy())


BASE = [("transport", 24), ("logement", 22), ("emploi", 20), ("psy", 14)]


@pytest.fixture(scope="module")
def base():
    segments, tokens = build(BASE)
    return segments, tokens, features(tokens)


@pytest.fixture(scope="module")
def four(base):
    """The hand-built corpus in four themes (read only by the tests that share it)."""
    segments, _, feats = base
    return find_themes(segments, feats, 4, n_quotes=8)


AUTO = {"k_range": (2, 6)}  # "auto" over a short range keeps the fast tests fast


def participant(rows: pd.DataFrame) -> list[str]:
    """Who said it: an interview's participant is its document; a contribution's is its
    author when known, else the contribution itself."""
    return [f"auteur:{speaker}" if kind == "contribution" and isinstance(speaker, str)
            else doc for doc, kind, speaker in zip(rows["doc_id"], rows["kind"],
                                                   rows["speaker"], strict=True)]


def members(themes: Themes, theme_id: str) -> set[str]:
    a = themes.assignments
    return set(a.loc[a["theme_id"] == theme_id, "segment_id"])


def state(themes: Themes, mapping: dict[str, str] | None = None,
          next_id: int = 1) -> dict:
    """What a project stores between runs: members and weights under the final ids."""
    mapping = mapping or {t: t for t in themes.themes["theme_id"]}
    stored = {mapping[t]: {"members": sorted(members(themes, t)),
                           "weights": themes.weights.get(t, {})}
              for t in themes.themes["theme_id"]}
    numbers = [int(t[1:]) for t in stored if t != UNCLASSIFIED]
    return {"themes": stored, "next_id": max([next_id, *(n + 1 for n in numbers)])}


def assert_same_run(a: Themes, b: Themes) -> None:
    pd.testing.assert_frame_equal(a.assignments, b.assignments)
    pd.testing.assert_frame_equal(a.table(), b.table())
    for theme_id in a.themes["theme_id"]:
        if theme_id != UNCLASSIFIED:
            pd.testing.assert_frame_equal(a.quotes(theme_id, 5), b.quotes(theme_id, 5))


def by_id(themes: Themes) -> pd.DataFrame:
    return themes.assignments.sort_values("segment_id").reset_index(drop=True)


# --- 1. determinism ----------------------------------------------------------------------

@pytest.mark.parametrize("n_themes", [4, "auto"])
def test_same_input_same_seed_same_themes(base, n_themes):
    segments, tokens, feats = base
    options = AUTO if n_themes == "auto" else {}
    once = find_themes(segments, feats, n_themes, seed=3, **options)
    twice = find_themes(segments.copy(), features(tokens), n_themes, seed=3, **options)
    assert_same_run(once, twice)
    assert list(once.table()["label"]) == list(twice.table()["label"])
    assert list(once.table()["keywords"]) == list(twice.table()["keywords"])
    assert once.params == twice.params


# --- 2. order independence ---------------------------------------------------------------

@pytest.mark.parametrize("n_themes", [4, "auto"])
def test_row_order_does_not_matter(base, n_themes):
    segments, tokens, feats = base
    order = np.random.default_rng(7).permutation(len(segments))
    shuffled = segments.iloc[order]  # keeps its scrambled index, like a filtered table
    shuffled_feats = Features([tokens[i] for i in order], dict(feats.surface),
                              feats.document_frequency, feats.phrases)
    options = AUTO if n_themes == "auto" else {}
    straight = find_themes(segments, feats, n_themes, **options)
    mixed = find_themes(shuffled, shuffled_feats, n_themes, **options)
    assert list(mixed.assignments["segment_id"]) == list(shuffled["segment_id"])
    pd.testing.assert_frame_equal(by_id(straight), by_id(mixed))
    pd.testing.assert_frame_equal(straight.table(), mixed.table())
    for theme_id in straight.themes["theme_id"]:
        if theme_id != UNCLASSIFIED:
            pd.testing.assert_frame_equal(straight.quotes(theme_id, 5),
                                          mixed.quotes(theme_id, 5))


@pytest.mark.parametrize("n_themes", [4, "auto"])
def test_file_names_do_not_matter(base, n_themes):
    """Segment ids hold the file name: a file renamed so that it sorts first changed k
    from 6 to 9 for a designer. The same texts under other names give the same themes."""
    segments, _, feats = base
    docs = sorted(segments["doc_id"].unique())
    renamed = {d: f"{chr(ord('z') - i)}_{d}" for i, d in enumerate(docs)}  # order reversed
    other = segments.assign(
        doc_id=segments["doc_id"].map(renamed),
        segment_id=[renamed[d] + sid[len(d):] for d, sid in
                    zip(segments["doc_id"], segments["segment_id"], strict=True)])
    options = AUTO if n_themes == "auto" else {}
    straight = find_themes(segments, feats, n_themes, **options)
    moved = find_themes(other, feats, n_themes, **options)
    assert straight.params["k"] == moved.params["k"]
    assert list(straight.assignments["theme_id"]) == list(moved.assignments["theme_id"])


# --- 3. nothing dropped ------------------------------------------------------------------

def test_every_segment_is_assigned_in_input_order(base):
    segments, tokens, _ = base
    silent = {"segment_id": "entretiens/entretien_02_karim.txt#99",
              "doc_id": "entretiens/entretien_02_karim.txt",
              "path": "entretiens/entretien_02_karim.txt", "kind": "interview",
              "speaker": "Karim", "role": "participant", "position": 99, "line": 198,
              "time_start": None, "text": "Euh, ben, voilà quoi, hein."}
    empty = {**silent, "segment_id": "entretiens/entretien_02_karim.txt#98",
             "position": 98, "line": 196, "text": ""}
    table = _table([*segments.iloc[:40].to_dict("records"), silent,
                    *segments.iloc[40:].to_dict("records"), empty])
    all_tokens = [*tokens[:40], [], *tokens[40:], []]
    themes = find_themes(table, features(all_tokens), 4)
    a = themes.assignments
    assert list(a.columns[:3]) == ["segment_id", "theme_id", "score"]
    assert list(a["segment_id"]) == list(table["segment_id"])
    assert a["theme_id"].notna().all()
    assert a.loc[40, "theme_id"] == UNCLASSIFIED
    assert a.loc[len(table) - 1, "theme_id"] == UNCLASSIFIED
    t = themes.table()
    assert UNCLASSIFIED in set(t["theme_id"])
    assert t["theme_id"].iloc[-1] == UNCLASSIFIED
    assert t["n_segments"].sum() == len(table)
    counted = a["theme_id"].value_counts()
    assert dict(zip(t["theme_id"], t["n_segments"], strict=True)) == counted.to_dict()
    assert t["share"].sum() == pytest.approx(1.0, abs=1e-5)


def test_unclassified_theme_present_without_any_theme(base):
    segments, _, _ = base
    silent = segments.iloc[:3]
    themes = find_themes(silent, features([[], [], []]), "auto")
    t = themes.table()
    assert list(t["theme_id"]) == [UNCLASSIFIED]
    assert t["n_segments"].tolist() == [3]
    assert t["share"].sum() == pytest.approx(1.0)
    assert (themes.assignments["theme_id"] == UNCLASSIFIED).all()


@pytest.mark.parametrize("n_themes", [4, "auto"])
def test_no_segment_at_all_still_lists_unclassified(base, n_themes):
    segments, _, _ = base
    themes = find_themes(segments.iloc[:0], features([]), n_themes)
    t = themes.table()
    assert list(t["theme_id"]) == [UNCLASSIFIED]
    assert t["n_segments"].tolist() == [0]
    assert len(themes.assignments) == 0


def test_mismatched_features_are_refused(base):
    segments, tokens, _ = base
    with pytest.raises(LabsynthError) as err:
        find_themes(segments, features(tokens[:-1]), 4)
    assert err.value.code == "LS502"


# --- 4. k ----------------------------------------------------------------------------------

@pytest.mark.parametrize("k", [2, 4, 6])
def test_integer_n_themes_gives_that_many_themes(base, k):
    segments, _, feats = base
    themes = find_themes(segments, feats, k)
    ids = [t for t in themes.table()["theme_id"] if t != UNCLASSIFIED]
    assert ids == [f"T{i:02d}" for i in range(1, k + 1)]
    assert themes.params["k"] == k and themes.params["n_themes"] == k


def test_four_clear_topics_give_four_pure_themes(base, four):
    segments, tokens, _ = base
    themes = four
    topics = topic_of(segments, tokens)
    a = themes.assignments.set_index("segment_id")
    assert (a["theme_id"] != UNCLASSIFIED).all()
    crossed = pd.crosstab(topics.loc[a.index], a["theme_id"])
    assert ((crossed > 0).sum(axis=1) == 1).all(), crossed  # each topic in one theme
    assert ((crossed > 0).sum(axis=0) == 1).all(), crossed  # each theme one topic
    # largest first
    assert themes.table()["n_segments"].iloc[:4].tolist() == [24, 22, 20, 14]


def test_auto_records_the_stability_curve(base):
    segments, _, feats = base
    themes = find_themes(segments, feats, "auto", k_range=(2, 8))
    curve = themes.k_curve
    assert list(curve.columns) == ["k", "stability", "error"]
    assert curve["k"].tolist() == list(range(2, 9))
    assert curve["stability"].between(-1, 1).all()
    k = themes.params["k"]
    assert k == 4  # the peak of the curve: four clear topics
    assert (themes.table()["theme_id"] != UNCLASSIFIED).sum() == k
    # four clear topics: four themes is perfectly stable
    assert curve.set_index("k").loc[4, "stability"] == pytest.approx(1.0)


def test_choose_k_finds_four_separated_groups():
    rng = np.random.default_rng(0)
    centres = np.eye(4) * 10
    vectors = np.vstack([c + rng.normal(0, 0.3, (25, 4)) for c in centres])
    k, curve = choose_k(vectors, range(2, 8), seed=0)
    assert k == 4
    assert curve["k"].tolist() == list(range(2, 8))


def test_choose_k_takes_the_smallest_of_the_most_stable_peaks(monkeypatch):
    stability = {2: 0.90, 3: 0.97, 4: 0.93, 5: 0.70, 6: 0.921, 7: 0.919}
    monkeypatch.setattr("labsynth.themes.adjusted_rand_score",
                        lambda a, b: stability[len(set(a))])
    vectors = np.random.default_rng(1).normal(size=(120, 5))
    k, curve = choose_k(vectors, range(2, 8), seed=0)
    assert curve["stability"].tolist() == pytest.approx([stability[k] for k in range(2, 8)])
    assert k == 3  # peaks 3 (0.97) and 6 (0.921, within 0.05): the smaller


@pytest.mark.parametrize("trend", [1, -1])
def test_choose_k_never_returns_a_bound_on_a_monotonic_curve(monkeypatch, trend):
    # the more (or fewer) clusters, the more stable: no peak inside the range
    monkeypatch.setattr("labsynth.themes.adjusted_rand_score",
                        lambda a, b: 0.5 + trend * 0.01 * len(set(a)))
    vectors = np.random.default_rng(1).normal(size=(120, 5))
    k, _ = choose_k(vectors, range(4, 16), seed=0)
    assert 4 < k < 15


def test_choose_k_keeps_the_previous_k_unless_another_is_clearly_more_stable(monkeypatch):
    stability = {2: 0.90, 3: 0.97, 4: 0.93, 5: 0.70, 6: 0.921, 7: 0.919}
    monkeypatch.setattr("labsynth.themes.adjusted_rand_score",
                        lambda a, b: stability[len(set(a))])
    vectors = np.random.default_rng(1).normal(size=(120, 5))
    assert choose_k(vectors, range(2, 8), seed=0, previous=4)[0] == 4  # 0.04 from the best
    assert choose_k(vectors, range(2, 8), seed=0, previous=5)[0] == 3  # 0.27 worse: moves
    assert choose_k(vectors, range(2, 8), seed=0, previous=12)[0] == 3  # out of range


def test_choose_k_does_not_go_down_under_named_themes_while_the_previous_k_is_stable(
        monkeypatch):
    stability = {2: 0.90, 3: 0.97, 4: 0.93, 5: 0.70, 6: 0.80, 7: 0.45}
    monkeypatch.setattr("labsynth.themes.adjusted_rand_score",
                        lambda a, b: stability[len(set(a))])
    vectors = np.random.default_rng(1).normal(size=(120, 5))
    ks = range(2, 8)
    assert choose_k(vectors, ks, seed=0, previous=6)[0] == 3  # no names: 3 is clearly better
    assert choose_k(vectors, ks, seed=0, previous=6, hold=True)[0] == 6  # 0.80: still stable
    assert choose_k(vectors, ks, seed=0, previous=7, hold=True)[0] == 3  # 0.45: not stable
    assert choose_k(vectors, ks, seed=0, previous=2, hold=True)[0] == 3  # up: allowed


def test_choose_k_reads_its_curve_from_the_cache_for_the_same_vectors(tmp_path, monkeypatch):
    from labsynth.cache import AnnotationCache

    rng = np.random.default_rng(0)
    vectors = np.vstack([c + rng.normal(0, 0.3, (25, 4)) for c in np.eye(4) * 10])
    with AnnotationCache(tmp_path / "cache.sqlite") as cache:
        k, curve = choose_k(vectors, range(2, 8), seed=0, cache=cache)
        assert cache.count("k-curves/v1") == 1

        def no_kmeans(*args, **kwargs):
            raise AssertionError("k-means run again on the same vectors")

        monkeypatch.setattr("labsynth.themes.KMeans", no_kmeans)
        again_k, again = choose_k(vectors, range(2, 8), seed=0, cache=cache)
        assert again_k == k
        pd.testing.assert_frame_equal(again, curve)  # the exact floats, not rounded
        moved = vectors.copy()
        moved[0, 0] += 1e-12  # other vectors, or other settings: computed, not read
        for args, kwargs in (((moved, range(2, 8)), {"seed": 0}),
                             ((vectors, range(2, 7)), {"seed": 0}),
                             ((vectors, range(2, 8)), {"seed": 1})):
            with pytest.raises(AssertionError, match="run again"):
                choose_k(*args, **kwargs, cache=cache)


def test_k_means_runs_on_one_thread(base, monkeypatch):
    # several threads add up their partial centres in the order they finish: the themes
    # could then depend on the machine's cores
    from threadpoolctl import threadpool_info

    from labsynth import themes as module

    seen = []

    class Recording(module.KMeans):
        def fit(self, *args, **kwargs):
            seen.append({lib["internal_api"]: lib["num_threads"] for lib in threadpool_info()})
            return super().fit(*args, **kwargs)

    monkeypatch.setattr(module, "KMeans", Recording)
    segments, _, feats = base
    find_themes(segments, feats, "auto", **AUTO)
    assert seen and all("openmp" in threads and set(threads.values()) == {1}
                        for threads in seen)


def test_choose_k_holds_on_a_noisy_curve():
    # no structure at all: every k is as (un)stable as any other, within noise
    vectors = normalize(np.random.default_rng(3).normal(size=(200, 20)))
    _, curve = choose_k(vectors, range(4, 12), seed=0)
    assert (curve["error"] > 0).all()
    for previous in range(4, 12):
        assert choose_k(vectors, range(4, 12), seed=0, previous=previous)[0] == previous


# --- 5. keywords and labels --------------------------------------------------------------

def test_keywords_are_written_forms_most_distinctive_first(base, four):
    segments, tokens, feats = base
    themes = four
    topics = topic_of(segments, tokens)
    lemmas_written_otherwise = {lemma for lemma, form in SURFACE.items() if lemma != form}
    for row in themes.table().itertuples():
        if row.theme_id == UNCLASSIFIED:
            assert row.label == "Non classé" and row.keywords == []
            continue
        topic = topics.loc[list(members(themes, row.theme_id))].mode()[0]
        forms = {form for _, form in TOPICS[topic]}
        assert len(row.keywords) == 10
        assert len(set(row.keywords)) == 10
        assert set(row.keywords) <= set(SURFACE.values())
        assert not set(row.keywords) & lemmas_written_otherwise, row.keywords
        # the anchor (in every segment of the topic, nowhere else) is the most distinctive
        assert row.keywords[0] == ANCHOR[topic]
        assert set(row.keywords[:3]) <= forms, row.keywords
        # « jeunes » is said everywhere: never among the words that name a theme
        assert "jeunes" not in row.keywords[:3]
        weights = list(themes.weights[row.theme_id].items())
        assert [feats.readable(f) for f, _ in weights[:10]] == row.keywords
        values = [w for _, w in weights]
        assert values == sorted(values, reverse=True)
        # the label is one distinctive expression among the keywords, capitalised
        assert row.label[:1].isupper()
        assert row.label.lower() in {k.lower() for k in row.keywords}


def test_labels_name_the_topics(four):
    labels = four.table()["label"].tolist()
    assert labels == ["Transports en commun", "Loyers", "Entreprises", "Stress", "Non classé"]


def test_n_keywords_is_respected(base):
    segments, _, feats = base
    themes = find_themes(segments, feats, 4, n_keywords=4)
    for row in themes.table().itertuples():
        if row.theme_id != UNCLASSIFIED:
            assert len(row.keywords) == 4
            # the label is one distinctive expression among the keywords, capitalised
            assert row.label[:1].isupper()
            assert row.label.lower() in {k.lower() for k in row.keywords}


def _sport_theme(side: str) -> tuple[dict[str, float], Features]:
    """A theme's keyword weights with one recurring phrase, ranked seventh and weighing
    under half its best word (as phrases do: fewer uses than their words)."""
    words = ["sport", "carte", "club", "fermer", "cinéma", "stade"]
    weights = {w: 1.0 - i / 10 for i, w in enumerate(words)}
    weights[side] = 0.35
    weights.update({"gymnase": 0.3, "piscine": 0.25, "ski": 0.2, "licence": 0.15})
    surface = {f: f for f in weights} | {"carte jeune": "Carte Jeune",
                                         "service civique": "service civique"}
    pos = {f: "NOUN" for f in weights} | {"fermer": "VERB", side: "PHRASE"}
    return weights, Features([], surface, pos=pos)


def test_a_label_is_the_phrase_that_says_one_of_the_first_words():
    # « Carte Jeune » holds « carte », the theme's second word: the theme said as people
    # say it, rather than the single word « Sport »
    weights, feats = _sport_theme("carte jeune")
    assert label_of(weights, feats, set()) == "Carte Jeune"
    assert "Carte Jeune" in keywords(weights, feats, 10)


def test_a_phrase_sharing_no_first_word_names_a_side_topic_not_the_theme():
    weights, feats = _sport_theme("service civique")
    assert label_of(weights, feats, set()) == "Sport"


def test_a_label_is_always_one_of_the_keywords_shown():
    weights, feats = _sport_theme("carte jeune")
    assert label_of(weights, feats, set(), n=5) == "Sport"  # the phrase is not shown
    assert label_of(weights, feats, {"carte jeune"}) == "Sport"  # a larger theme's label


# --- 6. quotes ---------------------------------------------------------------------------

QUOTE_COLUMNS = ["segment_id", "doc_id", "path", "speaker", "line", "time_start", "score",
                 "text", "excerpt_start", "excerpt_end", "cut_before", "cut_after"]


@pytest.mark.parametrize("n", [1, 3, 5, 8])
def test_quotes_are_verbatim_and_spread_across_participants(base, four, n):
    segments, _, _ = base
    themes = four
    source = segments.set_index("segment_id")
    scores = themes.assignments.set_index("segment_id")["score"]
    for theme_id in themes.themes["theme_id"]:
        if theme_id == UNCLASSIFIED:
            continue
        quotes = themes.quotes(theme_id, n)
        assert list(quotes.columns) == QUOTE_COLUMNS
        assert len(quotes) == n
        assert quotes["segment_id"].is_unique
        assert set(quotes["segment_id"]) <= members(themes, theme_id)
        original = source.loc[quotes["segment_id"]]
        assert quotes["text"].tolist() == original["text"].tolist()
        assert quotes["doc_id"].tolist() == original["doc_id"].tolist()
        assert quotes["speaker"].tolist() == original["speaker"].tolist()
        assert quotes["score"].tolist() == scores.loc[quotes["segment_id"]].tolist()
        in_theme = source.loc[sorted(members(themes, theme_id))].reset_index()
        available = len(set(participant(in_theme)))
        said_by = participant(original.reset_index())
        assert len(set(said_by)) == min(n, available), (theme_id, said_by)


def test_a_prolific_author_is_one_participant(four):
    """Lou31 wrote many contributions: as many documents, but one voice among the
    quotes while other participants remain."""
    themes = four
    for theme_id in themes.themes["theme_id"]:
        if theme_id == UNCLASSIFIED:
            continue
        quotes = themes.quotes(theme_id, 8)
        contributions = quotes[quotes["doc_id"].str.startswith("contributions/")]
        assert (contributions["speaker"] == "Lou31").sum() <= 1, quotes


def test_quotes_keep_interview_provenance(four):
    themes = four
    rows = pd.concat([themes.quotes(t, 5) for t in themes.themes["theme_id"]
                      if t != UNCLASSIFIED])
    vtt = rows[rows["doc_id"] == "entretiens/entretien_03_ines.vtt"]
    assert len(vtt) and vtt["time_start"].notna().all() and vtt["line"].notna().all()
    assert (vtt["speaker"] == "Inès").all()


def test_quotes_of_an_unknown_theme_are_refused(four):
    themes = four
    with pytest.raises(LabsynthError) as err:
        themes.quotes("T99", 3)
    assert err.value.code == "LS501"
    assert "T99" in str(err.value)


# --- 7. matching themes across runs ------------------------------------------------------

def test_a_run_matched_with_itself_keeps_every_id(four):
    themes = four
    mapping = match_themes(themes, state(themes))
    assert mapping == {t: t for t in themes.table()["theme_id"]}
    assert mapping[UNCLASSIFIED] == UNCLASSIFIED


def _persisting(previous: dict, current: Themes) -> dict[str, str]:
    """Previous id -> current provisional id, for themes whose members mostly persist."""
    out = {}
    for old_id, old in previous["themes"].items():
        if old_id == UNCLASSIFIED:
            continue
        old_members = set(old["members"])
        overlap = {t: len(old_members & members(current, t))
                   for t in current.themes["theme_id"] if t != UNCLASSIFIED}
        best = max(overlap, key=overlap.get)
        if overlap[best] > len(old_members) / 2:
            out[old_id] = best
    return out


def test_theme_ids_survive_new_segments_and_are_never_reused():
    # run 1: four topics and a small « numérique » one
    first = combine(build([*BASE, ("numérique", 10)]))
    run1 = find_themes(first[0], features(first[1]), 5)
    state1 = state(run1)
    assert state1["next_id"] == 6
    numerique = next(t for t in run1.themes["theme_id"]
                     if run1.themes.set_index("theme_id").loc[t, "label"].startswith(
                         "Réseaux sociaux"))
    # run 2: « numérique » is gone, 10 % new segments, most of them about mental health,
    # so that theme sizes (hence provisional ids) change
    kept = first[0]["segment_id"].isin(
        topic_of(*first).loc[lambda s: s != "numérique"].index)
    old = (first[0][kept.to_numpy()].reset_index(drop=True),
           [t for t, k in zip(first[1], kept, strict=True) if k])
    added = build([("psy", 12), ("logement", 2)], seed=5, first_row=500)
    assert len(added[0]) >= 0.1 * len(old[0])
    second = combine(old, added)
    run2 = find_themes(second[0], features(second[1]), 4)
    mapping2 = match_themes(run2, state1)
    persisting = _persisting(state1, run2)
    assert len(persisting) == 4
    for old_id, new_id in persisting.items():
        assert mapping2[new_id] == old_id
    assert numerique not in mapping2.values()
    assert any(old_id != new_id for old_id, new_id in persisting.items())  # ids did move
    assert mapping2[UNCLASSIFIED] == UNCLASSIFIED
    state2 = state(run2, mapping2, next_id=state1["next_id"])
    # run 3: a new strong cluster (sport, culture) appears
    third = combine(second, build([("sport", 18)], seed=9, first_row=900))
    run3 = find_themes(third[0], features(third[1]), 5)
    mapping3 = match_themes(run3, state2)
    for old_id, new_id in _persisting(state2, run3).items():
        assert mapping3[new_id] == old_id
    sport_ids = set(third[0]["segment_id"].iloc[len(second[0]):])
    sport = max((t for t in run3.themes["theme_id"] if t != UNCLASSIFIED),
                key=lambda t: len(members(run3, t) & sport_ids))
    assert mapping3[sport] == "T06"  # the next number: not T05, which « numérique » had
    assert sorted(mapping3.values()) == sorted(set(mapping3.values()))
    assert mapping3[UNCLASSIFIED] == UNCLASSIFIED


def test_unclassified_maps_to_itself_even_when_stored(base):
    segments, tokens, _ = base
    silent = _table([*segments.to_dict("records"),
                     {**segments.iloc[0].to_dict(), "segment_id": "notes/n.md#0",
                      "doc_id": "notes/n.md", "path": "notes/n.md", "kind": "note",
                      "speaker": None, "position": 0, "text": "Bon, voilà."}])
    themes = find_themes(silent, features([*tokens, []]), 4)
    mapping = match_themes(themes, state(themes))
    assert mapping[UNCLASSIFIED] == UNCLASSIFIED
    assert mapping == {t: t for t in themes.table()["theme_id"]}


# --- 8. seeds ----------------------------------------------------------------------------

@pytest.mark.parametrize("n_themes", [4, "auto"])
def test_a_seed_names_its_theme_and_comes_first(base, n_themes):
    segments, tokens, feats = base
    options = AUTO if n_themes == "auto" else {}
    unseeded = find_themes(segments, feats, n_themes, **options)
    # without the seed, mental health is the smallest theme, listed last
    assert unseeded.table()["keywords"].iloc[len(BASE) - 1][0] == "stress"
    seed = Seed(name="Santé mentale", keywords=("psy", "stress"))
    themes = find_themes(segments, feats, n_themes, seeds=[seed], features_of=features_of,
                         **options)
    t = themes.table()
    assert t["theme_id"].iloc[0] == "T01"
    assert t["label"].iloc[0] == "Santé mentale"
    assert t["seeded"].tolist() == [True] + [False] * (len(t) - 1)
    assert themes.params["seeds"] == ["Santé mentale"]
    a = themes.assignments.set_index("segment_id")["theme_id"]
    psy = [sid for sid, feats_ in zip(segments["segment_id"], tokens, strict=True)
           if {"psy", "stress"} & set(feats_)]
    assert len(psy) == 14
    assert (a.loc[psy] == "T01").all(), t[["theme_id", "label", "keywords"]].to_string()
    assert set(a[a == "T01"].index) == set(psy)
    # its keywords are still the corpus' words
    assert {"stress", "psy"} <= set(t["keywords"].iloc[0])


# --- slow: the demo project through spaCy ------------------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo's corpus, segments for analysis and features (spaCy, run once)."""
    project = load_project(copy_demo(tmp_path_factory.mktemp("themes")))
    corpus = read_corpus(project)
    segments = corpus.for_analysis()
    with project_cache(project) as cache:
        feats = text_features(segments["text"].tolist(), project.spec.nlp, cache,
                              progress=False)
    return corpus, segments, feats, find_themes(segments, feats)


@pytest.mark.slow
def test_demo_nothing_dropped_and_little_unclassified(demo):
    _, segments, _, themes = demo
    a = themes.assignments
    assert list(a["segment_id"]) == list(segments["segment_id"])
    t = themes.table()
    assert t["n_segments"].sum() == len(segments)
    assert t["share"].sum() == pytest.approx(1.0, abs=1e-5)
    unclassified = t.set_index("theme_id").loc[UNCLASSIFIED, "share"]
    assert unclassified <= 0.10
    assert (a["theme_id"] == UNCLASSIFIED).mean() <= 0.10
    assert len(t) - 1 == themes.params["k"] >= 4


@pytest.mark.slow
def test_demo_row_order_does_not_matter(demo):
    _, segments, feats, themes = demo
    order = np.random.default_rng(11).permutation(len(segments))
    shuffled = Features([feats.tokens[i] for i in order], feats.surface,
                        feats.document_frequency, feats.phrases)
    mixed = find_themes(segments.iloc[order], shuffled)
    assert list(mixed.assignments["segment_id"]) == list(segments["segment_id"].iloc[order])
    pd.testing.assert_frame_equal(by_id(themes), by_id(mixed))
    pd.testing.assert_frame_equal(themes.table(), mixed.table())
    pd.testing.assert_frame_equal(themes.k_curve, mixed.k_curve)


@pytest.mark.slow
def test_demo_same_input_same_themes(demo):
    _, segments, feats, themes = demo
    assert_same_run(themes, find_themes(segments.copy(), feats))


@pytest.mark.slow
def test_demo_quotes_are_verbatim(demo):
    corpus, segments, feats, themes = demo
    offsets = corpus.segments[["segment_id", "char_start", "char_end"]]
    source = segments.set_index("segment_id")
    for theme_id in themes.themes["theme_id"]:
        if theme_id == UNCLASSIFIED:
            continue
        quotes = themes.quotes(theme_id, 5)
        assert list(quotes.columns) == QUOTE_COLUMNS
        assert len(quotes) == 5
        rows = quotes.merge(offsets, on="segment_id", how="left")
        assert rows["char_start"].notna().all()
        # an excerpt sits at its own offsets inside the segment, hence the document
        rows["char_end"] = rows["char_start"] + rows["excerpt_end"]
        rows["char_start"] = rows["char_start"] + rows["excerpt_start"]
        assert check_verbatim(rows, corpus.documents) == [], theme_id
        # in a text file, the quote's line is the line its excerpt starts on
        texts = corpus.documents.set_index("doc_id")["text"]
        for q in rows.itertuples():
            if str(q.path).endswith((".md", ".txt")):
                document = texts[q.doc_id]
                assert document.count("\n", 0, int(q.char_start)) + 1 == q.line, q
        in_theme = source.loc[sorted(members(themes, theme_id))].reset_index()
        said_by = participant(source.loc[quotes["segment_id"]].reset_index())
        assert len(set(said_by)) == min(5, len(set(participant(in_theme)))), theme_id
    for row in themes.table().itertuples():
        if row.theme_id != UNCLASSIFIED:
            assert set(row.keywords) <= set(feats.surface.values())
            # the label is one distinctive expression among the keywords, capitalised
            assert row.label[:1].isupper()
            assert row.label.lower() in {k.lower() for k in row.keywords}
