"""Theme discovery: stable, explainable, and never dropping a segment.

``find_themes`` sorts segments by id (so the order of files and rows cannot matter),
places them in a comparison space (sentence vectors with a share of lemma vectors,
:mod:`labsynth.vectorize`; lemma vectors alone when no sentence vectors are given),
reduces it with UMAP (:mod:`labsynth.reduce`), and clusters with k-means: k given, or
chosen by stability across seeds; started from the project's remembered themes when there
are some. Themes under a minimum size are dissolved into their neighbours. Each theme is
described by class-based TF-IDF keywords, a label and verbatim excerpts
(:mod:`labsynth.describe`). A segment whose similarity to its theme's centre is below
``min_score``, or that has no content word, goes to the explicit unclassified theme
``T00``: a segment made only of greetings and closing formulas (« Merci à vous, au
revoir », :data:`labsynth.stopwords.POLITENESS_FORMULAS`) is one of these, never a theme;
``params["without_content"]`` counts them.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn import __version__ as sklearn_version
from sklearn.cluster import KMeans, kmeans_plusplus
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from labsynth.cache import array_key
from labsynth.describe import UNCLASSIFIED, UNCLASSIFIED_LABEL, describe
from labsynth.describe import class_tfidf as _class_tfidf
from labsynth.errors import LabsynthError
from labsynth.features import Features
from labsynth.quotes import Excerpt
from labsynth.reduce import umap_reduce
from labsynth.vectorize import Embedder, LemmaVectorizer

__all__ = [
    "LSA_WEIGHT",
    "MIN_SHARE",
    "UNCLASSIFIED",
    "UNCLASSIFIED_LABEL",
    "Anchor",
    "Seed",
    "Themes",
    "choose_k",
    "find_themes",
    "keyword_cosine",
    "match_themes",
    "merge",
    "participant_of",
    "reassign",
    "relabel",
    "split",
    "verify_quotes",
]

#: share of the lemma vectors in the hybrid comparison space (measured on the Grand Débat
#: answers: with 0.1 the 4 themes reach NMI 0.585 and the tags within questions 0.528;
#: 0.05 and 0.15 do no better, benchmarks/README.md)
LSA_WEIGHT = 0.1
#: a theme under this share of the segments is dissolved into its neighbours
MIN_SHARE = 0.01
#: ... and so is a theme said by fewer participants than this
MIN_PARTICIPANTS = 2
#: below this stability (mean ARI between k-means runs) no k is stable: the curve gives no
#: reason to leave the previous run's k
STABLE = 0.5
#: a seed closer than this (cosine) to a remembered theme's centre is that theme
ABSORB = 0.5
#: the remembered start is kept unless a fresh k-means is this much tighter (inertia)
MEMORY_TOLERANCE = 0.05
#: a remembered member stays in its theme unless another theme's centre is closer by more
#: than this (cosine, in the comparison space): segment-level hysteresis
STAY_MARGIN = 0.05
#: a seed names the cluster closest to it only from this cosine on (comparison space;
#: on the designer-week fixture, « Santé mentale » (psy, stress, anxiété) is at 0.33–0.38
#: of the psy/infirmière theme and at most 0.11 of every other)
SEED_MATCH = 0.2
#: ... and only if this share of the cluster's segments say one of its words (its
#: keywords, or two words of its examples)
SEED_WORDS = 0.1
#: files whose ``line`` counts the lines of their text (``.txt``, ``.md``): a quote's line
#: is there the line its excerpt starts on
LINE_FILES = (".txt", ".md")
#: a seed designates a remembered theme (takes it over instead of adding a cluster) when
#: near it and this share of its members say the seed's words: the same test as the one
#: a cluster passes to be named after it (an added cluster that the seed did not end on
#: split a named theme of the designer-week fixture in two)
SEED_ABSORB_WORDS = SEED_WORDS


@dataclass(frozen=True)
class Seed:
    """A theme the designer declares in advance (deductive coding)."""

    name: str
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Anchor:
    """A theme remembered from the project's previous run, as a start for k-means.

    Attributes
    ----------
    theme_id : str
    members : tuple of str
        Its segments (those k-means put in it, classified or not).
    seed : str or None
        The name of the seed theme it came from, if any: that seed designates it again.
    named : bool
        The designer named it (codebook.yml): the automatic k does not go below the
        previous one while that one is still stable (:func:`choose_k`, ``hold``).
    """

    theme_id: str
    members: tuple[str, ...]
    seed: str | None = None
    named: bool = False


@dataclass
class Themes:
    """The result of :func:`find_themes`.

    Attributes
    ----------
    themes : pandas.DataFrame
        One row per theme (``T00`` unclassified last): ``theme_id, label, keywords,
        n_segments, n_documents, share``.
    assignments : pandas.DataFrame
        ``segment_id, theme_id, score`` for every input segment, in input order.
    segments : pandas.DataFrame
        The input segments (indexed like ``assignments``).
    params : dict
        Every parameter of the run.
    k_curve : pandas.DataFrame
        ``k, stability, error`` (standard error of the stability) for each k tried when
        ``n_themes="auto"``.
    weights : dict
        Theme id -> {feature: class-based TF-IDF weight}; used to match themes across runs.
    """

    themes: pd.DataFrame
    assignments: pd.DataFrame
    segments: pd.DataFrame
    params: dict[str, Any]
    k_curve: pd.DataFrame
    weights: dict[str, dict[str, float]] = field(default_factory=dict)
    quote_ids: dict[str, list[str]] = field(default_factory=dict)
    vectors: np.ndarray | None = field(default=None, repr=False)
    counts: Any = field(default=None, repr=False)
    vocabulary: np.ndarray | None = field(default=None, repr=False)
    excerpts: dict[str, list[Excerpt]] = field(default_factory=dict)

    def table(self) -> pd.DataFrame:
        """One row per theme: id, label, keywords (readable), segments, documents, share."""
        return self.themes.copy()

    def quotes(self, theme_id: str, n: int = 5) -> pd.DataFrame:
        """The ``n`` most representative quotes of a theme, spread across participants.

        Each row carries the verbatim excerpt and its provenance: ``segment_id, doc_id,
        path, speaker, line, time_start, score, text`` (the excerpt), ``excerpt_start``,
        ``excerpt_end`` (offsets in the segment's text) and ``cut_before``,
        ``cut_after`` (text was left out there: shown « […] »).
        """
        if theme_id not in self.quote_ids:
            raise LabsynthError("LS501", f"thème « {theme_id} » inconnu ; thèmes : "
                                f"{', '.join(self.themes['theme_id'])}.")
        ids = self.quote_ids[theme_id][:n]
        excerpts = self.excerpts.get(theme_id) or [None] * len(ids)
        by_id = self.segments.set_index("segment_id")
        scores = self.assignments.set_index("segment_id")["score"]
        rows = by_id.loc[ids]
        columns = [c for c in ("doc_id", "path", "speaker", "line", "time_start", "text")
                   if c in rows.columns]
        out = rows[columns].copy()
        out.insert(len(out.columns) - 1, "score", scores.loc[ids].to_numpy())
        spans = [(e.start, e.end, e.cut_before, e.cut_after) if e is not None else
                 (0, len(t), False, False) for e, t in zip(excerpts, out["text"], strict=False)]
        if "line" in out.columns and "path" in out.columns:
            # in a text file the quote's line is the line its excerpt starts on, not the
            # segment's (a note's heading opens the segment, the quote skips it: found by
            # a designer); other formats count table rows, cues or paragraphs
            lines = [line + t[:a].count("\n") if pd.notna(line) and
                     str(path).lower().endswith(LINE_FILES) else line
                     for line, path, t, (a, *_) in zip(out["line"], out["path"], out["text"],
                                                       spans, strict=True)]
            out["line"] = pd.array(lines, dtype=out["line"].dtype)
        out["text"] = [t[a:b] for t, (a, b, _, _) in zip(out["text"], spans, strict=True)]
        out["excerpt_start"] = [a for a, *_ in spans]
        out["excerpt_end"] = [b for _, b, *_ in spans]
        out["cut_before"] = [c for *_, c, _ in spans]
        out["cut_after"] = [c for *_, c in spans]
        return out.reset_index()


def _one_thread() -> threadpool_limits:
    """One thread for the BLAS and OpenMP code under the LSA and k-means.

    scikit-learn's k-means adds up each thread's partial centres in the order the threads
    finish: with several threads its last bits, and at the margin a segment's theme, could
    depend on the machine's number of cores and on timing. On these small problems (a few
    thousand points in 5 dimensions) threads save little, and cost far more than they save
    on cores busy with other work: there, 48 k-means like those that choose k took 11.6 s
    with 2 threads and 0.14 s with one on 458 points (benchmarks/README.md). UMAP is left
    as it is (it runs on one thread with a seed).
    """
    return threadpool_limits(limits=1)


def participant_of(segments: pd.DataFrame) -> pd.Series:
    """Who said it: the interview (one participant each), else the contribution's author
    when known, else the document."""
    author = segments["speaker"].where(segments["kind"] == "contribution")
    return segments["doc_id"].where(author.isna(), "auteur:" + author.fillna(""))


def _stability_curve(vectors: np.ndarray, ks: Sequence[int], seed: int, n_runs: int,
                     cache: Any = None) -> pd.DataFrame:
    """``k, stability, error`` for each k: the mean pairwise ARI of ``n_runs`` k-means and
    its standard error. Kept in the project's cache, keyed by the vectors and the
    settings: a warm run (same vectors, same settings) does not redo these k-means."""
    settings = {"ks": [int(k) for k in ks], "seed": int(seed), "n_runs": int(n_runs),
                "sklearn": sklearn_version}
    namespace = "k-curves/v1"
    key = array_key(vectors, settings)
    if cache is not None:
        blob = cache.get_many(namespace, [key]).get(key)
        if blob is not None:
            return pd.DataFrame(json.loads(blob), columns=["k", "stability", "error"])
    rows = []
    with _one_thread():
        for k in ks:
            labels = [KMeans(k, n_init=1, random_state=seed + r).fit_predict(vectors)
                      for r in range(n_runs)]
            pairs = [adjusted_rand_score(a, b) for a, b in itertools.combinations(labels, 2)]
            error = float(np.std(pairs, ddof=1) / np.sqrt(len(pairs))) \
                if len(pairs) > 1 else 0.0
            rows.append({"k": int(k), "stability": float(np.mean(pairs)), "error": error})
    if cache is not None:
        cache.put_many(namespace, [(key, json.dumps(rows).encode())])
    return pd.DataFrame(rows, columns=["k", "stability", "error"])


def choose_k(vectors: np.ndarray, k_range: Sequence[int], seed: int, n_runs: int = 4,
             previous: int | None = None, tolerance: float = 0.05,
             memo: dict | None = None, hold: bool = False,
             cache: Any = None) -> tuple[int, pd.DataFrame]:
    """Pick k by stability: k-means from ``n_runs`` seeds agree (mean pairwise ARI).

    Coarse partitions are always stable and the curve of stability against k is bumpy, so
    the rule looks for the number of themes the data suggests: the **peaks** of the curve
    (a k at least as stable as both its neighbours); among the peaks within ``tolerance``
    of the best one, the smallest k, which reads best. A bound of the range is never a
    peak: on a flat or monotonic curve the most stable k inside the range is taken, never
    ``k_min`` or ``k_max`` (with at least three k to try).

    With ``previous`` (the k of the project's last run), that k is kept unless the chosen
    k is clearly more stable, by more than ``tolerance`` and more than twice the standard
    error of the difference, and only if some k is stable at all (ARI ≥ :data:`STABLE`):
    a few more interviews, or a changed pseudonymisation decision, must not make k jump.
    With ``hold`` (the designer named themes of the previous run), k does not go *down*
    while the previous k is still stable (ARI ≥ :data:`STABLE`): a smaller k merges
    themes, and the names on them would be orphaned (the designer-week fixture: two more
    interviews made 8 clearly more stable than 12, and 2 of 8 names vanished). k may
    still go up, when new material is clearly better told with more themes.
    The curve stores each k's stability and its standard error (``n_runs·(n_runs-1)/2``
    pairwise ARIs); with ``cache`` (an :class:`~labsynth.cache.AnnotationCache`) it is
    read from there when the same vectors were seen with the same settings, and ``memo``
    (a dict the caller keeps for the same ``vectors``) keeps it for the next call.
    """
    memo = {} if memo is None else memo
    key = ("curve", tuple(k_range), seed, n_runs)
    if key not in memo:
        memo[key] = _stability_curve(vectors, list(k_range), seed, n_runs, cache)
    curve = memo[key]
    table = curve.set_index("k")
    ks = list(table.index)

    def gap(a: int, b: int) -> tuple[float, float]:
        """How much more stable ``a`` is than ``b``, and the noise of that difference."""
        return (float(table.loc[a, "stability"] - table.loc[b, "stability"]),
                2 * float(np.hypot(table.loc[a, "error"], table.loc[b, "error"])))

    stability = table["stability"]
    peaks = [k for i, k in enumerate(ks) if 0 < i < len(ks) - 1
             and stability[k] >= stability[ks[i - 1]] and stability[k] >= stability[ks[i + 1]]]
    if not peaks:
        peaks = ks[1:-1] if len(ks) >= 3 else ks
    best = max(peaks, key=lambda k: (stability[k], -k))
    chosen = min(k for k in peaks if gap(best, k)[0] <= tolerance)
    if previous is not None and previous in table.index:
        difference, noise = gap(chosen, previous)
        if difference <= max(tolerance, noise) or stability.max() < STABLE:
            return int(previous), curve
        if hold and chosen < previous and stability[previous] >= STABLE:
            return int(previous), curve
    return int(chosen), curve


def _seed_vectors(seeds: Sequence[Seed], vectorizer: LemmaVectorizer,
                  features_of: Any) -> np.ndarray:
    """Seed themes as points of the LSA space (their keywords and examples)."""
    tokens = [features_of([" ".join(s.keywords), *s.examples]) for s in seeds]
    index = {f: i for i, f in enumerate(vectorizer.vocabulary)}
    rows = []
    for feature_lists in tokens:
        row = np.zeros(len(index))
        for feats in feature_lists:
            for f in feats:
                if f in index:
                    row[index[f]] += 1
        rows.append(row)
    matrix = np.asarray(rows)
    if hasattr(vectorizer, "svd_"):
        matrix = vectorizer.svd_.transform(matrix)
    return normalize(matrix)




def _centres_of(usable: np.ndarray, usable_ids: np.ndarray,
                anchors: Sequence[Anchor]) -> tuple[list[Anchor], np.ndarray]:
    """The centre, in this run's vector space, of each remembered theme: the mean of its
    members that are still here (a theme with none left has no centre)."""
    index = {sid: i for i, sid in enumerate(usable_ids)}
    kept, rows = [], []
    for anchor in anchors:
        rows_of = [index[m] for m in anchor.members if m in index]
        if rows_of:
            kept.append(anchor)
            rows.append(usable[rows_of].mean(axis=0))
    if not rows:
        return [], np.zeros((0, usable.shape[1]))
    # not normalised: k-means' own centres are plain means, so an unchanged corpus starts
    # exactly where the previous run ended
    return kept, np.asarray(rows)


def _stay(cluster: np.ndarray, usable: np.ndarray, usable_ids: np.ndarray,
          anchors: Sequence[Anchor], at: dict[int, int], margin: float,
          wanted: set[int] = frozenset()) -> np.ndarray:
    """Segment-level hysteresis: a member of a remembered theme that k-means moved to
    another cluster goes back to its theme's cluster unless the new cluster's centre is
    closer by more than ``margin`` (cosine, in the comparison space, not the reduced one).

    The reduction is refitted on every run and any changed vector (a name the register now
    keeps, one more interview) reshapes it slightly everywhere; without this, segments on
    the border of two themes would change sides for no reason of their own. ``at`` maps an
    anchor's index to its cluster; a segment k-means put in a ``wanted`` cluster (a seed
    the designer declared) stays there. One pass against this run's centres:
    deterministic.
    """
    out = cluster.copy()
    present = set(out.tolist())
    alive = {a: c for a, c in at.items() if c in present}
    if not alive:
        return out
    centres = normalize(np.vstack([usable[out == c].mean(axis=0) if c in present
                                   else np.zeros(usable.shape[1])
                                   for c in range(int(out.max()) + 1)]))
    index = {sid: i for i, sid in enumerate(usable_ids)}
    for a, c in alive.items():
        rows = np.array([index[m] for m in anchors[a].members if m in index], dtype=int)
        if len(rows):
            rows = rows[(out[rows] != c) & ~np.isin(out[rows], list(wanted))]
        if not len(rows):
            continue
        back = (usable[rows] @ centres[c]
                >= np.einsum("ij,ij->i", usable[rows], centres[out[rows]]) - margin)
        out[rows[back]] = c
    return out


def _more_centres(usable: np.ndarray, centres: np.ndarray, n: int, seed: int) -> np.ndarray:
    """``n`` more starting centres drawn like k-means++ (probability ∝ squared distance to
    the nearest centre already chosen), deterministic for a seed. scikit-learn's
    ``kmeans_plusplus`` cannot start from centres already fixed, hence these lines."""
    rng = np.random.RandomState(seed)
    out = list(centres)
    if out:  # squared distances |x|² + |c|² - 2 x·c, without an n × k × d array
        fixed = np.asarray(out)
        nearest = np.maximum(((usable ** 2).sum(1)[:, None] + (fixed ** 2).sum(1)[None]
                              - 2 * usable @ fixed.T).min(axis=1), 0)
    else:
        nearest = np.ones(len(usable))
    for _ in range(n):
        total = nearest.sum()
        p = nearest / total if total > 0 else None
        chosen = usable[rng.choice(len(usable), p=p)]
        out.append(chosen)
        nearest = np.minimum(nearest, ((usable - chosen) ** 2).sum(axis=1))
    return np.asarray(out).reshape(-1, usable.shape[1])


def _said_in(uses: Sequence[np.ndarray], anchors: Sequence[Anchor],
             usable_ids: np.ndarray) -> np.ndarray:
    """Seeds × remembered themes: the share of the theme's members present here that say
    one of the seed's words (:func:`_seed_word_use`)."""
    index = {sid: i for i, sid in enumerate(usable_ids)}
    out = np.zeros((len(uses), len(anchors)))
    for j, anchor in enumerate(anchors):
        rows = [index[m] for m in anchor.members if m in index]
        if rows:
            for i, use in enumerate(uses):
                out[i, j] = float(use[rows].mean())
    return out


def _absorbed(seeds: Sequence[Seed], seed_centres: np.ndarray, anchors: Sequence[Anchor],
              anchor_centres: np.ndarray, said: np.ndarray | None = None) -> dict[int, int]:
    """Seed index -> index of the remembered theme it designates: the theme it made in a
    previous run, else the closest one if their cosine is at least :data:`ABSORB`, or at
    least :data:`SEED_MATCH` with :data:`SEED_ABSORB_WORDS` of its members saying the
    seed's words (``said``, seeds × anchors); one to one. A seed that designates an
    existing theme takes it over rather than adding a cluster beside it."""
    out: dict[int, int] = {}
    by_seed = {a.seed: j for j, a in enumerate(anchors) if a.seed}
    for i, s in enumerate(seeds):
        if s.name in by_seed:
            out[i] = by_seed[s.name]
    todo = [i for i in range(len(seeds)) if i not in out]
    free = [j for j in range(len(anchors)) if j not in out.values()]
    if not todo or not free or not len(seed_centres):
        return out
    cosine = seed_centres[todo] @ normalize(anchor_centres[free]).T
    words = said[np.ix_(todo, free)] if said is not None and said.size else \
        np.zeros_like(cosine)
    designates = (cosine >= ABSORB) | ((cosine >= SEED_MATCH) & (words >= SEED_ABSORB_WORDS))
    # among the themes it designates, the one most about its words, then the closest
    rows, cols = linear_sum_assignment(-(designates * (1 + words + cosine)))
    out.update({todo[r]: free[c] for r, c in zip(rows, cols, strict=True)
                if designates[r, c]})
    return out


def _seed_word_use(seeds: Sequence[Seed], vectorizer: LemmaVectorizer, features_of: Any,
                   rows: np.ndarray) -> list[np.ndarray]:
    """For each seed, which of the segments ``rows`` (rows of the vectorizer's counts)
    use at least one of its words: its keywords read like the corpus (lemmas), or, for a
    seed given by examples only, two of its examples' words."""
    index = {f: i for i, f in enumerate(vectorizer.vocabulary)}
    counts = vectorizer.counts()[rows]
    out = []
    for s in seeds:
        texts = [" ".join(s.keywords)] if s.keywords else list(s.examples)
        words = sorted({index[f] for feats in (features_of(texts) if features_of else [])
                        for f in feats if f in index})
        if not words:
            out.append(np.zeros(len(rows), dtype=bool))
            continue
        hits = np.asarray((counts[:, words] > 0).sum(axis=1)).ravel()
        out.append(hits >= (1 if s.keywords else min(2, len(words))))
    return out


def _hybrid(lsa: np.ndarray, vectors: np.ndarray, lsa_weight: float) -> np.ndarray:
    """Sentence vectors and lemma (LSA) vectors side by side, weighted, unit length: the
    lemma part keeps the project's stop words and exclusions meaningful for the themes."""
    return normalize(np.hstack([np.sqrt(lsa_weight) * lsa,
                                np.sqrt(1 - lsa_weight) * normalize(vectors)]))


def _seed_points(seeds: Sequence[Seed], vectorizer: LemmaVectorizer, features_of: Any,
                 vectors_of: Any, lsa_weight: float, hybrid: bool) -> np.ndarray:
    """Seed themes as points of the comparison space: their keywords and examples read
    like the corpus (lemmas, and sentence vectors in the hybrid space)."""
    lsa = _seed_vectors(seeds, vectorizer, features_of)
    if not hybrid:
        return lsa
    texts = [" ".join([*s.keywords, *s.examples]) or s.name for s in seeds]
    sentence = np.asarray(vectors_of(texts)) if vectors_of is not None else \
        np.zeros((len(seeds), 512))
    return _hybrid(lsa, sentence, lsa_weight)


def _near_centres(points: np.ndarray, space: np.ndarray, clustered: np.ndarray,
                  m: int) -> np.ndarray:
    """For each point of the comparison space, the mean position (in the clustering
    space) of its ``m`` closest segments: where a seed starts k-means."""
    if not len(points):
        return np.zeros((0, clustered.shape[1]))
    similarity = points @ space.T
    closest = np.argsort(-similarity, axis=1, kind="stable")[:, :m]
    return np.vstack([clustered[rows].mean(axis=0) for rows in closest])


def _small_clusters(labels: np.ndarray, participants: np.ndarray, k: int, protected: set[int],
                    min_size: int) -> list[int]:
    """Clusters too small to show: fewer than ``min_size`` segments or than
    :data:`MIN_PARTICIPANTS` participants (seed themes are the designer's: kept)."""
    small = []
    for c in range(k):
        rows = labels == c
        if c in protected or not rows.any():
            continue
        if rows.sum() < min_size or len(set(participants[rows])) < MIN_PARTICIPANTS:
            small.append(c)
    return small


def find_themes(
    segments: pd.DataFrame,
    features: Features,
    n_themes: int | str = "auto",
    *,
    seed: int = 0,
    k_range: tuple[int, int] = (4, 15),
    n_components: int = 50,
    min_score: float = 0.1,
    n_keywords: int = 10,
    n_quotes: int = 5,
    vectors: np.ndarray | None = None,
    lsa_weight: float = LSA_WEIGHT,
    reduce: bool = True,
    cache: Any = None,
    embed: Embedder | None = None,
    seeds: Sequence[Seed] = (),
    features_of: Any = None,
    vectors_of: Any = None,
    anchors: Sequence[Anchor] = (),
    previous_k: int | None = None,
    min_share: float = MIN_SHARE,
    memo: dict | None = None,
) -> Themes:
    """Discover themes in segments.

    Parameters
    ----------
    segments : pandas.DataFrame
        Segments (at least ``segment_id, doc_id, kind, speaker, text``); an optional
        ``private_spans`` column lists, per segment, ``(start, end)`` spans of personal
        data that quotes must leave out.
    features : Features
        Their features, in the same order (:func:`labsynth.features.text_features`).
    n_themes : int or "auto"
        Number of themes, or ``"auto"``: chosen in ``k_range`` by stability.
    seed : int
        Random state of every stochastic step; same inputs and seed, same themes.
    k_range : (int, int)
        Smallest and largest k tried by ``"auto"``.
    n_components : int
        LSA dimensions.
    min_score : float
        Cosine similarity to the theme's centre under which a segment is unclassified.
    n_keywords, n_quotes : int
        Keywords and quotes kept per theme.
    vectors : numpy.ndarray, optional
        Sentence vectors of the segments, in the same order
        (:func:`labsynth.features.features_and_vectors`). With them, segments are compared
        in the hybrid space (sentence vectors and ``lsa_weight`` of lemma vectors) and
        clustered after a UMAP reduction (``reduce``); without, on lemma vectors (LSA).
    lsa_weight : float
        Share of the lemma vectors in the hybrid space (:data:`LSA_WEIGHT`).
    reduce : bool
        Reduce the hybrid vectors with UMAP before k-means (:mod:`labsynth.reduce`).
    cache : AnnotationCache, optional
        Keeps the UMAP reduction and the stability curve of ``"auto"`` (a warm run does
        not recompute them).
    embed : callable, optional
        ``texts -> array``: another sentence-embedding model, used alone (no lemma part,
        no reduction) instead of ``vectors``.
    seeds : sequence of Seed
        Themes declared in advance; each starts k-means from its closest segments.
    features_of, vectors_of : callable, optional
        ``texts -> feature lists`` and ``texts -> sentence vectors``, to read the seeds
        like the corpus.
    anchors : sequence of Anchor
        The themes of the project's previous run, in order of priority (named themes
        first). k-means starts from their centres (recomputed in this run's space from the
        members still present), so a theme keeps its members when the corpus grows; the
        start is kept unless a fresh k-means is more than :data:`MEMORY_TOLERANCE`
        tighter. ``params["start"]`` says which.
    previous_k : int, optional
        k of the previous run (seed themes included): with ``"auto"``, kept while no other
        k is clearly more stable (:func:`choose_k`), even beyond ``k_range`` when seeds
        took it there; a seed designating no remembered theme adds one.
    min_share : float
        A theme smaller than this share of the segments (at least 2 segments), or said by
        fewer than :data:`MIN_PARTICIPANTS` participants, is dissolved: its segments join
        their nearest theme (or ``T00``). Seed themes are kept.
    memo : dict, optional
        Kept by a caller that runs the discovery again with the same arguments but other
        ``anchors`` and ``previous_k`` (:func:`labsynth.codebook.project_themes` does,
        until the themes settle): what does not depend on them (lemma vectors, reduction,
        seed points, stability curve, fresh k-means) is not computed again.

    Returns
    -------
    Themes
    """
    if len(segments) != len(features.tokens):
        raise LabsynthError("LS502", "segments et caractéristiques de longueurs différentes.")
    if n_themes != "auto" and (not isinstance(n_themes, int) or n_themes < 1):
        raise LabsynthError("LS503", f"n_themes doit valoir « auto » ou un entier ≥ 1 ; "
                            f"reçu {n_themes!r}.")
    # canonical order: results cannot depend on the order of files or rows, nor on their
    # names (segment ids hold the file name: renaming a file put first changed k from 6
    # to 9 for a designer): by content first, the id only between identical texts
    content = [hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
               for t in segments["text"]]
    order = np.lexsort((segments["segment_id"].to_numpy(), np.asarray(content)))
    data = segments.iloc[order].reset_index(drop=True)
    tokens = [features.tokens[i] for i in order]
    memo = {} if memo is None else memo

    def rerun(run_seeds: Sequence[Seed], run_anchors: Sequence[Anchor],
              reused: tuple[str, ...]) -> Themes:
        """This discovery again with other seeds or anchors; ``reused``: what of ``memo``
        depends on neither (the stability curves always)."""
        return find_themes(
            segments, features, n_themes, seed=seed, k_range=k_range,
            n_components=n_components, min_score=min_score, n_keywords=n_keywords,
            n_quotes=n_quotes, vectors=vectors, lsa_weight=lsa_weight, reduce=reduce,
            cache=cache, embed=embed, seeds=run_seeds, features_of=features_of,
            vectors_of=vectors_of, anchors=run_anchors, previous_k=previous_k,
            min_share=min_share, memo={key: value for key, value in memo.items()
                                       if key in reused or key[0] == "curve"})

    if "lsa" not in memo:
        vectorizer = LemmaVectorizer(n_components=n_components, seed=seed)
        with _one_thread():
            memo["lsa"] = vectorizer, vectorizer.fit_transform(tokens)
    vectorizer, lsa = memo["lsa"]
    method = "lemma-tfidf-lsa"
    if embed is not None:
        space, method = normalize(np.asarray(embed(data["text"].tolist()))), "embed"
    elif vectors is not None and len(data):
        space = _hybrid(lsa, np.asarray(vectors)[order], lsa_weight)
        method = f"use-v3+lemmas ({lsa_weight:.0%} lemmas)"
    else:
        space = lsa
    hybrid = method.startswith("use")
    has_words = np.array([len(t) > 0 for t in tokens], dtype=bool)
    usable = space[has_words]
    usable_ids = data["segment_id"].to_numpy()[has_words]
    if "clustered" not in memo:
        memo["clustered"] = umap_reduce(usable, seed=seed, cache=cache) \
            if hybrid and reduce else usable
    clustered = memo["clustered"]
    reduction = "umap-5d" if clustered is not usable else None
    k_lo, k_hi = k_range
    k_hi = max(1, min(k_hi, len(usable) - 1))
    k_lo = max(1, min(k_lo, k_hi))
    seed_points = np.zeros((0, space.shape[1]))
    if seeds and len(usable):
        if embed is not None:
            raise LabsynthError("LS504", "les thèmes attendus (seeds) ne se combinent pas "
                                "encore avec un modèle d'embeddings (embed).")
        if "seed_points" not in memo:
            memo["seed_points"] = _seed_points(seeds, vectorizer, features_of, vectors_of,
                                               lsa_weight, hybrid)
        seed_points = memo["seed_points"]
    seed_centres = _near_centres(seed_points, usable, clustered,
                                 max(1, min(10, len(usable) // 20 or 1)))
    kept_anchors, anchor_centres = _centres_of(clustered, usable_ids, anchors)
    _, anchor_points = _centres_of(usable, usable_ids, kept_anchors)
    anchor_ids = [a.theme_id for a in kept_anchors]
    if seeds and "seed_words" not in memo:
        memo["seed_words"] = _seed_word_use(seeds, vectorizer, features_of,
                                            np.flatnonzero(has_words))
    uses = memo.get("seed_words", [])
    absorbed = _absorbed(seeds, seed_points, kept_anchors, anchor_points,
                         _said_in(uses, kept_anchors, usable_ids))
    curve = pd.DataFrame(columns=["k", "stability", "error"])
    if n_themes == "auto":
        k = max(k_lo, len(seeds)) if len(usable) <= k_lo else None
        if k is None:
            ks = list(range(max(k_lo, len(seeds), 2), k_hi + 1))
            previous = previous_k if anchor_ids else None
            if previous is not None and previous not in ks and 2 <= previous < len(usable):
                ks = sorted([*ks, previous])
            k, curve = choose_k(clustered, ks, seed, previous=previous, memo=memo,
                                hold=any(a.named for a in kept_anchors), cache=cache)
        if anchor_ids:  # a seed that designates no remembered theme adds one
            k += len(seeds) - len(absorbed)
    else:
        k = int(n_themes)
    k = max(1, min(max(k, len(seeds)), max(len(usable), 1)))
    k_chosen = k
    labels = np.full(len(data), -1)
    scores = np.zeros(len(data))
    matched: dict[int, int] = {}  # seed index -> the cluster it names
    unmatched: dict[str, dict[str, float]] = {}
    start = "fresh"
    dissolved = 0
    if len(usable):
        with _one_thread():
            if ("fresh", k) not in memo:
                memo["fresh", k] = _fresh_kmeans(clustered, k, seed, seed_centres)
            model = memo["fresh", k]
            if anchor_ids:
                kept = [i for i in range(len(anchor_ids)) if i not in set(absorbed.values())]
                # a seed that designates a remembered theme starts where that theme's
                # members are: it names the theme, it does not redraw it
                starts = seed_centres.copy()
                for i, j in absorbed.items():
                    starts[i] = anchor_centres[j]
                init = np.vstack([starts, anchor_centres[kept]])[:k]
                init = _more_centres(clustered, init, k - len(init), seed)
                remembered = KMeans(k, init=init, n_init=1, random_state=seed).fit(clustered)
                if remembered.inertia_ <= model.inertia_ * (1 + MEMORY_TOLERANCE):
                    model, start = remembered, "memory"
        cluster = model.labels_.copy()
        if seeds:  # each seed names the cluster that ended closest to it (one to one)
            centroids = np.vstack([usable[cluster == c].mean(axis=0) if (cluster == c).any()
                                   else np.zeros(usable.shape[1]) for c in range(k)])
            cosine = seed_points @ normalize(centroids).T
            rows_, cols_ = linear_sum_assignment(-cosine)
            for r, c in sorted(zip(rows_, cols_, strict=True)):
                # a seed no group of segments is about names none: it would take the name
                # of an unrelated theme, or make one of segments that merely sit nearest
                # to it (found by a designer): the cluster must be near it and its
                # members must say its words
                said = float(uses[r][cluster == c].mean()) if (cluster == c).any() else 0.0
                if cosine[r, c] >= SEED_MATCH and said >= SEED_WORDS:
                    matched[int(r)] = int(c)
                else:
                    unmatched[seeds[r].name] = {"closeness": round(float(cosine[r, c]), 2),
                                                "said": round(said, 2)}
            if unmatched:  # and it must not reshape the themes: the run without it
                again = rerun([s for i, s in enumerate(seeds) if i in matched], anchors,
                              ("lsa", "clustered"))
                again.params["seeds"] = [s.name for s in seeds]
                again.params["seeds_unmatched"] = {**unmatched,
                                                   **again.params["seeds_unmatched"]}
                return again
            # a seed that added a cluster but names one k-means started from a remembered
            # theme designates that theme: the added cluster only split others (the
            # designer-week fixture lost half of a named theme that way); run again with
            # the seed on that theme, as if it had made it
            if start == "memory":
                from_anchor = {len(seed_centres) + p: j for p, j in enumerate(kept)}
                late = {i: from_anchor[c] for i, c in matched.items()
                        if i not in absorbed and c != i and c in from_anchor}
                if late:
                    names = {j: seeds[i].name for i, j in late.items()}
                    return rerun(seeds, [Anchor(a.theme_id, a.members, names.get(j, a.seed),
                                                a.named) for j, a in enumerate(kept_anchors)],
                                 ("lsa", "clustered", "seed_points", "seed_words"))
        who = participant_of(data).to_numpy()[has_words]
        small = _small_clusters(cluster, who, k, set(matched.values()),
                                max(2, int(np.ceil(min_share * len(usable)))))
        if small and len(small) < k:
            keep = [c for c in range(k) if c not in small]
            centres = model.cluster_centers_[keep]
            moved = np.isin(cluster, small)
            nearest = np.argmin(((clustered[moved][:, None, :] - centres[None]) ** 2).sum(-1),
                                axis=1)
            cluster[moved] = np.asarray(keep)[nearest]
            dissolved = len(small)
        if start == "memory":
            at = {j: i for i, j in absorbed.items()}
            at.update({j: len(seed_centres) + p for p, j in enumerate(kept)
                       if len(seed_centres) + p < k})
            cluster = _stay(cluster, usable, usable_ids, kept_anchors, at, STAY_MARGIN,
                            wanted=set(range(len(seed_centres))))
        centroids = np.zeros((k, usable.shape[1]))
        for c in set(cluster.tolist()):
            centroids[c] = usable[cluster == c].mean(axis=0)
        labels[has_words] = cluster
        scores[has_words] = np.einsum("ij,ij->i", usable, normalize(centroids)[cluster])
    clusters = labels.copy()
    labels[scores < min_score] = -1
    # provisional ids: seeds first (in codebook order), then by size, largest first
    sizes = pd.Series(labels[labels >= 0]).value_counts()
    present = set(clusters[clusters >= 0].tolist())
    ranked = [c for c in matched.values() if c in present]
    ranked += [c for c in sorted(sizes.index, key=lambda c: (-sizes[c], c)) if c not in ranked]
    ranked += [c for c in sorted(present) if c not in ranked]
    ids = [f"T{i + 1:02d}" for i in range(len(ranked))]
    cluster_to_id = dict(zip(ranked, ids, strict=True))
    data["theme_id"] = np.array([cluster_to_id.get(c, UNCLASSIFIED) for c in labels])
    data["score"] = np.round(scores, 6)
    data["participant"] = participant_of(data).to_numpy()
    data["cluster"] = [cluster_to_id.get(c, UNCLASSIFIED) for c in clusters]
    counts = vectorizer.counts()
    cluster_index = np.array([ranked.index(c) if c >= 0 else -1 for c in labels])
    weights = _class_tfidf(counts, cluster_index, ids, vectorizer.vocabulary)
    seed_names = {cluster_to_id[c]: seeds[i].name for i, c in matched.items()
                  if c in cluster_to_id}
    table, quote_ids, excerpts = describe(
        data, ids, weights, features, n_keywords=n_keywords, n_quotes=n_quotes,
        labels=seed_names, seeded=set(seed_names), avoid=private_spans(data))
    back = np.empty(len(order), dtype=int)
    back[order] = np.arange(len(order))
    assignments = data[["segment_id", "theme_id", "score"]].iloc[back].reset_index(drop=True)
    params = {"n_themes": n_themes, "k": len(ids), "k_chosen": int(k_chosen),
              "dissolved": dissolved, "seed": seed, "k_range": list(k_range),
              "n_components": n_components, "min_score": min_score,
              "n_keywords": n_keywords, "n_quotes": n_quotes, "vectors": method,
              "reduction": reduction, "clustering": "k-means",
              "seeds": [s.name for s in seeds], "seeds_unmatched": unmatched,
              "min_share": min_share,
              "start": start, "previous_k": previous_k if anchor_ids else None,
              "without_content": int((~has_words).sum())}
    full = np.zeros((len(data), clustered.shape[1]), dtype=float)
    full[has_words] = clustered
    return Themes(table, assignments, data.iloc[back].reset_index(drop=True), params, curve,
                  {t: w for t, w in weights.items() if t in set(table["theme_id"])},
                  quote_ids, full[back], counts[back], vectorizer.vocabulary, excerpts)


def private_spans(data: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """Segment id -> the spans of personal data its quotes must leave out (the optional
    ``private_spans`` column of the segments), for the segments that have some."""
    if "private_spans" not in data.columns:
        return {}
    return {sid: list(spans) for sid, spans in zip(data["segment_id"], data["private_spans"],
                                                   strict=True)
            if isinstance(spans, list | tuple) and len(spans)}


def _fresh_kmeans(usable: np.ndarray, k: int, seed: int, seed_centres: np.ndarray) -> KMeans:
    """k-means from k-means++ starts (10 of them), the seeds' centres first when given."""
    if not len(seed_centres):
        return KMeans(k, init="k-means++", n_init=10, random_state=seed).fit(usable)
    model = None
    for r in range(10):  # as n_init=10 would, keeping the seeds as starting centres
        others, _ = kmeans_plusplus(usable, k, random_state=seed + r)
        init = np.vstack([seed_centres, others[:k - len(seed_centres)]])[:k]
        trial = KMeans(k, init=init, n_init=1, random_state=seed).fit(usable)
        if model is None or trial.inertia_ < model.inertia_ - 1e-9:
            model = trial
    return model


def match_themes(current: Themes, previous: dict[str, Any], threshold: float = 0.3,
                 prefer: Sequence[str] = ()) -> dict[str, str]:
    """Map this run's theme ids to the previous run's, so a theme keeps its id.

    Similarity = mean of the overlap of member segments (Jaccard, counted on the segments
    both runs analysed, so new material does not dilute it) and of the cosine of keyword
    weights; pairs are matched one to one (Hungarian algorithm) and kept above
    ``threshold``. Themes left unmatched are then compared with the archived ones (themes
    of earlier runs that had disappeared), so a theme that comes back gets its old id.
    The others get ids never used before.

    Parameters
    ----------
    current : Themes
    previous : dict
        ``{"themes": {id: {"members": [...], "weights": {...}}}, "archive": {...},
        "next_id": int}`` (the project's theme memory).
    threshold : float
        Minimum similarity to keep an id.
    prefer : sequence of str
        Previous ids to favour when two previous themes compete for one current theme
        (the designer's named themes): a small bonus in the assignment, not in the
        threshold.

    Returns
    -------
    dict
        Current id -> id to use.
    """
    cur_ids = [t for t in current.themes["theme_id"] if t != UNCLASSIFIED]
    members = {t: set(current.assignments.loc[current.assignments["theme_id"] == t,
                                               "segment_id"]) for t in cur_ids}
    here = set(current.assignments["segment_id"])
    before: set[str] = set()
    for entry in [*previous.get("themes", {}).values(), *previous.get("archive", {}).values()]:
        before.update(entry.get("members", []))
        before.update(entry.get("held", []))
    mapping: dict[str, str] = {UNCLASSIFIED: UNCLASSIFIED}
    for pool in ("themes", "archive"):
        prev = {t: v for t, v in previous.get(pool, {}).items()
                if t != UNCLASSIFIED and t not in mapping.values()}
        todo = [c for c in cur_ids if c not in mapping]
        if not prev or not todo:
            continue
        prev_ids = list(prev)
        sim = np.zeros((len(todo), len(prev_ids)))
        for i, c in enumerate(todo):
            a = members[c] & before
            for j, p in enumerate(prev_ids):
                b = set(prev[p].get("members", [])) & here
                jaccard = len(a & b) / len(a | b) if a | b else 0.0
                sim[i, j] = (jaccard + keyword_cosine(current.weights.get(c, {}),
                                               prev[p].get("weights", {}))) / 2
        bonus = np.array([0.05 if p in set(prefer) else 0.0 for p in prev_ids])
        rows, cols = linear_sum_assignment(-(sim + bonus[None, :]))
        for i, j in zip(rows, cols, strict=True):
            if sim[i, j] >= threshold:
                mapping[todo[i]] = prev_ids[j]
    known = [*previous.get("themes", {}), *previous.get("archive", {})]
    next_id = max([previous.get("next_id", 1)]
                  + [int(t[1:]) + 1 for t in known if t[1:].isdigit()])
    for c in cur_ids:
        if c not in mapping:
            mapping[c] = f"T{next_id:02d}"
            next_id += 1
    return mapping


def keyword_cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two themes' keyword weights (0 when either is empty)."""
    if not a or not b:
        return 0.0
    dot = sum(w * b.get(f, 0.0) for f, w in a.items())
    na = np.sqrt(sum(w * w for w in a.values()))
    nb = np.sqrt(sum(w * w for w in b.values()))
    return float(dot / (na * nb)) if na and nb else 0.0


def relabel(themes: Themes, mapping: dict[str, str]) -> Themes:
    """The same themes under other ids (``mapping``: old -> new); order by new id."""
    def new(theme_id: str) -> str:
        return mapping.get(theme_id, theme_id)

    table = themes.themes.assign(theme_id=themes.themes["theme_id"].map(new))
    key = table["theme_id"].map(lambda t: (t == UNCLASSIFIED, t))
    table = table.iloc[key.argsort(kind="stable")].reset_index(drop=True)
    assignments = themes.assignments.assign(theme_id=themes.assignments["theme_id"].map(new))
    segments = themes.segments.assign(theme_id=themes.segments["theme_id"].map(new))
    if "cluster" in segments.columns:
        segments["cluster"] = segments["cluster"].map(new)
    return Themes(table, assignments, segments, themes.params, themes.k_curve,
                  {new(t): w for t, w in themes.weights.items()},
                  {new(t): q for t, q in themes.quote_ids.items()},
                  themes.vectors, themes.counts, themes.vocabulary,
                  {new(t): e for t, e in themes.excerpts.items()})


def _redescribed(themes: Themes, data: pd.DataFrame, assignments: pd.DataFrame,
                 ids: list[str], weights: dict[str, dict[str, float]], features: Features,
                 labels: dict[str, str], seeded: set[str], n_keywords: int,
                 n_quotes: int) -> Themes:
    """The same run after a codebook edit (merge, split): the table, quotes and labels
    of every theme described again; ``labels`` keeps those that did not change."""
    table, quote_ids, excerpts = describe(
        data, ids, weights, features, n_keywords=n_keywords, n_quotes=n_quotes,
        labels=labels, seeded=seeded, avoid=private_spans(data))
    weights = {**weights, UNCLASSIFIED: themes.weights.get(UNCLASSIFIED, {})}
    return Themes(table, assignments, data, themes.params, themes.k_curve, weights,
                  quote_ids, themes.vectors, themes.counts, themes.vocabulary, excerpts)


def merge(themes: Themes, groups: Sequence[Sequence[str]], features: Features,
          n_keywords: int = 10, n_quotes: int = 5) -> Themes:
    """Merge groups of themes; each group keeps its first id (codebook ``merge``).

    The merged theme's keywords weigh its parts by their sizes; it keeps the label of its
    first theme when that came from a seed, and gets a new provisional label otherwise.
    """
    mapping = {t: group[0] for group in groups for t in group[1:]}
    if not mapping:
        return themes
    merged = relabel(themes, mapping)
    ids = [t for t in dict.fromkeys(merged.themes["theme_id"]) if t != UNCLASSIFIED]
    sizes = themes.segments["theme_id"].value_counts()
    weights: dict[str, dict[str, float]] = {}
    for theme_id in ids:
        parts = [t for t in themes.weights if mapping.get(t, t) == theme_id]
        total = sum(int(sizes.get(p, 0)) for p in parts) or 1
        combined: dict[str, float] = {}
        for part in parts:
            for f, w in themes.weights[part].items():
                combined[f] = combined.get(f, 0.0) + w * int(sizes.get(part, 0)) / total
        weights[theme_id] = dict(sorted(combined.items(), key=lambda kv: (-kv[1], kv[0])))
    old = themes.themes.set_index("theme_id")
    seeded = {t for t in ids if t in old.index and bool(old.loc[t, "seeded"])}
    labels = {t: old.loc[t, "label"] for t in ids
              if t in old.index and (t not in mapping.values() or t in seeded)}
    return _redescribed(merged, merged.segments, merged.assignments, ids, weights, features,
                        labels, seeded, n_keywords, n_quotes)


def reassign(themes: Themes, theme_of: dict[str, str], features: Features,
             n_keywords: int = 10, n_quotes: int = 5) -> Themes:
    """The same run with some segments placed in other themes by hand (``theme_of``:
    segment id -> theme id, an existing theme or ``T00``); every theme keeps its label,
    keywords and quotes are described again. A moved segment's score (closeness to its
    theme's core) is unknown: NaN."""
    moved = themes.assignments["segment_id"].map(theme_of)
    changed = moved.notna() & (moved != themes.assignments["theme_id"])
    if not changed.any():
        return themes
    new_ids = themes.assignments["theme_id"].where(~changed, moved).to_numpy()
    scores = themes.assignments["score"].where(~changed, np.nan).to_numpy()
    assignments = themes.assignments.assign(theme_id=new_ids, score=scores)
    data = themes.segments.assign(theme_id=new_ids, score=scores)
    ids = [t for t in themes.themes["theme_id"] if t != UNCLASSIFIED]
    index = {t: i for i, t in enumerate(ids)}
    labels = np.array([index.get(t, -1) for t in new_ids])
    weights = _class_tfidf(themes.counts, labels, ids, themes.vocabulary) \
        if themes.counts is not None else dict(themes.weights)
    old = themes.themes.set_index("theme_id")
    seeded = {t for t in ids if bool(old.loc[t, "seeded"])}
    kept = {t: old.loc[t, "label"] for t in ids}
    return _redescribed(themes, data, assignments, ids, weights, features, kept, seeded,
                        n_keywords, n_quotes)


def verify_quotes(themes: Themes, documents: pd.DataFrame) -> list[str]:
    """Quote segment ids whose excerpt is not exactly their document's text at its
    offsets (an empty list: every quote is verbatim). Needs segments with ``char_start``
    and ``char_end`` (a project's segments have them)."""
    from labsynth.schema import check_verbatim

    by_id = themes.segments.set_index("segment_id")
    rows = []
    for theme_id, ids in themes.quote_ids.items():
        excerpts = themes.excerpts.get(theme_id) or [None] * len(ids)
        for sid, excerpt in zip(ids, excerpts, strict=False):
            segment = by_id.loc[sid]
            start, end = (excerpt.start, excerpt.end) if excerpt is not None else (
                0, len(segment["text"]))
            rows.append({"segment_id": sid, "doc_id": segment["doc_id"],
                         "char_start": int(segment["char_start"]) + start,
                         "char_end": int(segment["char_start"]) + end,
                         "text": segment["text"][start:end]})
    quoted = pd.DataFrame(rows, columns=["segment_id", "doc_id", "char_start", "char_end",
                                         "text"])
    return sorted(set(check_verbatim(quoted, documents)))


def split(themes: Themes, theme_id: str, new_id: str, features: Features,
          n_keywords: int = 10, n_quotes: int = 5) -> Themes:
    """Split one theme in two with k-means on its members (codebook ``split``).

    The larger half keeps ``theme_id``, the other becomes ``new_id``; both get keywords by
    class-based TF-IDF against all other themes, new labels and their own quotes.
    """
    if themes.vectors is None or theme_id not in set(themes.themes["theme_id"]):
        return themes
    mask = (themes.assignments["theme_id"] == theme_id).to_numpy()
    if mask.sum() < 2:
        return themes
    with _one_thread():
        halves = KMeans(2, n_init=10, random_state=themes.params.get("seed", 0)
                        ).fit_predict(themes.vectors[mask])
    if (halves == 1).sum() > (halves == 0).sum():
        halves = 1 - halves
    new_ids = themes.assignments["theme_id"].to_numpy().copy()
    positions = np.flatnonzero(mask)
    new_ids[positions[halves == 1]] = new_id
    assignments = themes.assignments.assign(theme_id=new_ids)
    data = themes.segments.assign(theme_id=new_ids)
    ids = [t for t in themes.themes["theme_id"] if t != UNCLASSIFIED]
    ids.insert(ids.index(theme_id) + 1, new_id)
    index = {t: i for i, t in enumerate(ids)}
    labels = np.array([index.get(t, -1) for t in new_ids])
    weights = _class_tfidf(themes.counts, labels, ids, themes.vocabulary)
    old = themes.themes.set_index("theme_id")
    seeded = {t for t in ids if t in old.index and bool(old.loc[t, "seeded"])}
    kept = {t: old.loc[t, "label"] for t in ids
            if t in old.index and t not in (theme_id, new_id)}
    return _redescribed(themes, data, assignments, ids, weights, features, kept,
                        seeded - {theme_id, new_id}, n_keywords, n_quotes)
