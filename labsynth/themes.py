"""Theme discovery: stable, explainable, and never dropping a segment.

``find_themes`` sorts segments by id (so the order of files and rows cannot matter),
vectorises them (:mod:`labsynth.vectorize`), clusters them with k-means (k given, or chosen
by stability across seeds), and describes each theme by class-based TF-IDF keywords in
their most frequent written form, and by representative quotes spread across
participants. A segment whose similarity to its theme's centre is below ``min_score``, or
that has no content word, goes to the explicit unclassified theme ``T00``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans, kmeans_plusplus
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize

from labsynth.errors import LabsynthError
from labsynth.features import Features
from labsynth.vectorize import Embedder, LemmaVectorizer

__all__ = [
    "UNCLASSIFIED",
    "Anchor",
    "Seed",
    "Themes",
    "choose_k",
    "find_themes",
    "match_themes",
    "merge",
    "participant_of",
    "relabel",
    "split",
    "verify_quotes",
]

UNCLASSIFIED = "T00"
UNCLASSIFIED_LABEL = "Non classé"
#: below this stability (mean ARI between k-means runs) no k is stable: the curve gives no
#: reason to leave the previous run's k
STABLE = 0.5
#: a seed closer than this (cosine) to a remembered theme's centre is that theme
ABSORB = 0.5
#: the remembered start is kept unless a fresh k-means is this much tighter (inertia)
MEMORY_TOLERANCE = 0.05


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
    """

    theme_id: str
    members: tuple[str, ...]
    seed: str | None = None


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

    def table(self) -> pd.DataFrame:
        """One row per theme: id, label, keywords (readable), segments, documents, share."""
        return self.themes.copy()

    def quotes(self, theme_id: str, n: int = 5) -> pd.DataFrame:
        """The ``n`` most representative segments of a theme, spread across participants.

        Each row carries the verbatim text and its provenance: ``segment_id, doc_id, path,
        speaker, line, time_start, score, text``.
        """
        if theme_id not in self.quote_ids:
            raise LabsynthError("LS501", f"thème « {theme_id} » inconnu ; thèmes : "
                                f"{', '.join(self.themes['theme_id'])}.")
        ids = self.quote_ids[theme_id][:n]
        by_id = self.segments.set_index("segment_id")
        scores = self.assignments.set_index("segment_id")["score"]
        rows = by_id.loc[ids]
        columns = [c for c in ("doc_id", "path", "speaker", "line", "time_start", "text")
                   if c in rows.columns]
        out = rows[columns].copy()
        out.insert(len(out.columns) - 1, "score", scores.loc[ids].to_numpy())
        return out.reset_index()


def participant_of(segments: pd.DataFrame) -> pd.Series:
    """Who said it: the interview (one participant each), else the contribution's author
    when known, else the document."""
    author = segments["speaker"].where(segments["kind"] == "contribution")
    return segments["doc_id"].where(author.isna(), "auteur:" + author.fillna(""))


def choose_k(vectors: np.ndarray, k_range: Sequence[int], seed: int, n_runs: int = 4,
             previous: int | None = None, tolerance: float = 0.05) -> tuple[int, pd.DataFrame]:
    """Pick k by stability: k-means from ``n_runs`` seeds agree (mean pairwise ARI).

    The chosen k is the largest whose stability is within ``tolerance`` of the best one:
    several k are often about as stable, and designers prefer the finer partition. With
    ``previous`` (the k of the project's last run), that k is kept unless another is
    clearly more stable: by more than ``tolerance`` and by more than twice the standard
    error of the difference (the stability of each k is a mean of ``n_runs·(n_runs-1)/2``
    pairwise ARIs; the curve stores its standard error), and only when some k is stable at
    all (ARI ≥ :data:`STABLE`: below, the curve says nothing about k). A few more
    interviews, or a changed pseudonymisation decision, must not make k jump on a flat or
    noisy curve.
    """
    rows = []
    for k in k_range:
        labels = [KMeans(k, n_init=1, random_state=seed + r).fit_predict(vectors)
                  for r in range(n_runs)]
        pairs = [adjusted_rand_score(a, b) for a, b in itertools.combinations(labels, 2)]
        error = float(np.std(pairs, ddof=1) / np.sqrt(len(pairs))) if len(pairs) > 1 else 0.0
        rows.append({"k": k, "stability": float(np.mean(pairs)), "error": error})
    curve = pd.DataFrame(rows, columns=["k", "stability", "error"])
    best_row = curve.loc[curve["stability"].idxmax()]
    close = curve.loc[curve["stability"] >= best_row["stability"] - tolerance, "k"]
    if previous is not None and previous in set(curve["k"]):
        kept = curve.set_index("k").loc[previous]
        gap = best_row["stability"] - kept["stability"]
        noise = 2 * float(np.hypot(best_row["error"], kept["error"]))
        if gap <= max(tolerance, noise) or best_row["stability"] < STABLE:
            return int(previous), curve
    return int(close.max()), curve


def _class_tfidf(counts, labels: np.ndarray, ids: list[str],
                 vocabulary: np.ndarray) -> dict[str, dict[str, float]]:
    """Class-based TF-IDF (BERTopic's c-TF-IDF): a term's share in a theme, weighted by
    how rare it is across themes."""
    per_class = np.vstack([np.asarray(counts[labels == i].sum(axis=0)).ravel()
                           for i in range(len(ids))])
    totals = per_class.sum(axis=0)
    average = per_class.sum() / max(len(ids), 1)
    idf = np.log1p(average / np.maximum(totals, 1))
    tf = per_class / np.maximum(per_class.sum(axis=1, keepdims=True), 1)
    weights = tf * idf
    out = {}
    for i, theme_id in enumerate(ids):
        order = np.argsort(-weights[i], kind="stable")[:50]
        out[theme_id] = {str(vocabulary[j]): float(weights[i, j]) for j in order
                         if weights[i, j] > 0}
    return out


def _pick_quotes(members: pd.DataFrame, n: int) -> list[str]:
    """Best-scored segments first, one per participant until all are used, skipping very
    short and very long ones while others remain."""
    ordered = members.sort_values(["score", "segment_id"], ascending=[False, True])
    length = ordered["text"].str.len()
    good = ordered[(length >= 40) & (length <= 700)]
    rest = ordered.drop(good.index)
    chosen: list[str] = []
    seen: set[str] = set()
    for pool in (good, rest):
        for sid, who in zip(pool["segment_id"], pool["participant"], strict=True):
            if who not in seen and len(chosen) < n:
                chosen.append(sid)
                seen.add(who)
    for sid in ordered["segment_id"]:
        if len(chosen) >= n:
            break
        if sid not in chosen:
            chosen.append(sid)
    return chosen


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


def _absorbed(seeds: Sequence[Seed], seed_centres: np.ndarray, anchors: Sequence[Anchor],
              anchor_centres: np.ndarray) -> dict[int, int]:
    """Seed index -> index of the remembered theme it designates: the theme it made in a
    previous run, else the closest one if their cosine is at least :data:`ABSORB` (one to
    one). A seed that designates an existing theme takes it over rather than adding a
    cluster beside it."""
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
    rows, cols = linear_sum_assignment(-cosine)
    out.update({todo[r]: free[c] for r, c in zip(rows, cols, strict=True)
                if cosine[r, c] >= ABSORB})
    return out


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
    embed: Embedder | None = None,
    seeds: Sequence[Seed] = (),
    features_of: Any = None,
    anchors: Sequence[Anchor] = (),
    previous_k: int | None = None,
) -> Themes:
    """Discover themes in segments.

    Parameters
    ----------
    segments : pandas.DataFrame
        Segments (at least ``segment_id, doc_id, kind, speaker, text``).
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
    embed : callable, optional
        ``texts -> array``: a local sentence-embedding model used instead of LSA vectors
        (keywords still come from the lemmas).
    seeds : sequence of Seed
        Themes declared in advance; each becomes the starting centre of one cluster.
    features_of : callable, optional
        ``texts -> list of feature lists`` (needed with ``seeds``, to read them like the
        corpus).
    anchors : sequence of Anchor
        The themes of the project's previous run, in order of priority (named themes
        first). k-means starts from their centres
        (recomputed in this run's space from the members still present), so a theme keeps
        its members when the corpus grows; the start is kept unless a fresh k-means is
        more than :data:`MEMORY_TOLERANCE` tighter. ``params["start"]`` says which.
    previous_k : int, optional
        k of the previous run (seed themes included): with ``"auto"``, kept while no other
        k is clearly more stable (:func:`choose_k`), even beyond ``k_range`` when seeds
        took it there; a seed designating no remembered theme adds one.

    Returns
    -------
    Themes
    """
    if len(segments) != len(features.tokens):
        raise LabsynthError("LS502", "segments et caractéristiques de longueurs différentes.")
    if n_themes != "auto" and (not isinstance(n_themes, int) or n_themes < 1):
        raise LabsynthError("LS503", f"n_themes doit valoir « auto » ou un entier ≥ 1 ; "
                            f"reçu {n_themes!r}.")
    # canonical order: results cannot depend on the order of files or rows
    order = np.argsort(segments["segment_id"].to_numpy(), kind="stable")
    data = segments.iloc[order].reset_index(drop=True)
    tokens = [features.tokens[i] for i in order]
    vectorizer = LemmaVectorizer(n_components=n_components, seed=seed)
    lsa = vectorizer.fit_transform(tokens)
    vectors = normalize(np.asarray(embed(data["text"].tolist()))) if embed else lsa
    has_words = np.array([len(t) > 0 for t in tokens], dtype=bool)
    usable = vectors[has_words]
    usable_ids = data["segment_id"].to_numpy()[has_words]
    k_lo, k_hi = k_range
    k_hi = max(1, min(k_hi, len(usable) - 1))
    k_lo = max(1, min(k_lo, k_hi))
    seed_centres = np.zeros((0, vectors.shape[1]))
    if seeds and len(usable):
        if embed is not None:
            raise LabsynthError("LS504", "les thèmes attendus (seeds) ne se combinent pas "
                                "encore avec un modèle d'embeddings (embed).")
        seed_centres = _seed_vectors(seeds, vectorizer, features_of)
    kept_anchors, anchor_centres = _centres_of(usable, usable_ids, anchors)
    anchor_ids = [a.theme_id for a in kept_anchors]
    absorbed = _absorbed(seeds, seed_centres, kept_anchors, anchor_centres)
    curve = pd.DataFrame(columns=["k", "stability", "error"])
    if n_themes == "auto":
        k = max(k_lo, len(seeds)) if len(usable) <= k_lo else None
        if k is None:
            ks = list(range(max(k_lo, len(seeds), 2), k_hi + 1))
            previous = previous_k if anchor_ids else None
            if previous is not None and previous not in ks and 2 <= previous < len(usable):
                ks = sorted([*ks, previous])
            k, curve = choose_k(usable, ks, seed, previous=previous)
        if anchor_ids:  # a seed that designates no remembered theme adds one
            k += len(seeds) - len(absorbed)
    else:
        k = int(n_themes)
    k = max(1, min(max(k, len(seeds)), max(len(usable), 1)))
    labels = np.full(len(data), -1)
    scores = np.zeros(len(data))
    seeded: list[int] = []
    start = "fresh"
    if len(usable):
        model = _fresh_kmeans(usable, k, seed, seed_centres)
        if anchor_ids:
            kept = [i for i in range(len(anchor_ids)) if i not in set(absorbed.values())]
            init = np.vstack([seed_centres, anchor_centres[kept]])[:k]
            init = _more_centres(usable, init, k - len(init), seed)
            remembered = KMeans(k, init=init, n_init=1, random_state=seed).fit(usable)
            if remembered.inertia_ <= model.inertia_ * (1 + MEMORY_TOLERANCE):
                model, start = remembered, "memory"
        centres = normalize(model.cluster_centers_)
        labels[has_words] = model.labels_
        scores[has_words] = np.einsum("ij,ij->i", usable, centres[model.labels_])
        if seeds:  # each seed names the cluster that ended closest to it (one to one)
            rows_, cols_ = linear_sum_assignment(-(seed_centres @ centres.T))
            seeded = [int(c) for _, c in sorted(zip(rows_, cols_, strict=True))]
    clusters = labels.copy()
    labels[scores < min_score] = -1
    # provisional ids: seeds first (in codebook order), then by size, largest first
    sizes = pd.Series(labels[labels >= 0]).value_counts()
    ranked = seeded + [c for c in sorted(sizes.index, key=lambda c: (-sizes[c], c))
                       if c not in seeded]
    ranked += [c for c in range(k) if c not in ranked]
    ids = [f"T{i + 1:02d}" for i in range(len(ranked))]
    cluster_to_id = dict(zip(ranked, ids, strict=True))
    theme_of = np.array([cluster_to_id.get(c, UNCLASSIFIED) for c in labels])
    data["theme_id"] = theme_of
    data["score"] = np.round(scores, 6)
    data["participant"] = participant_of(data).to_numpy()
    data["cluster"] = [cluster_to_id.get(c, UNCLASSIFIED) for c in clusters]
    # keywords: class-based TF-IDF on the counts, read in surface form
    counts = vectorizer.counts()
    cluster_index = np.array([ranked.index(c) if c >= 0 else -1 for c in labels])
    weights = _class_tfidf(counts, cluster_index, ids, vectorizer.vocabulary)
    seed_names = {ids[i]: s.name for i, s in enumerate(seeds)}
    rows, quote_ids = [], {}
    total = len(data)
    for theme_id in [*ids, UNCLASSIFIED]:
        members = data[data["theme_id"] == theme_id]
        if theme_id != UNCLASSIFIED and members.empty:
            continue
        top = list(weights.get(theme_id, {}))[:n_keywords]
        readable = [features.readable(f) for f in top]
        label = seed_names.get(theme_id) or (" · ".join(readable[:3]) if readable
                                             else UNCLASSIFIED_LABEL)
        if theme_id == UNCLASSIFIED:
            label, readable = UNCLASSIFIED_LABEL, []
        quote_ids[theme_id] = _pick_quotes(members, n_quotes) if theme_id != UNCLASSIFIED \
            else []
        rows.append({"theme_id": theme_id, "label": label, "keywords": readable,
                     "n_segments": len(members),
                     "n_documents": members["participant"].nunique(),
                     "share": round(len(members) / total, 6) if total else 0.0,
                     "seeded": theme_id in seed_names})
    table = pd.DataFrame(rows, columns=["theme_id", "label", "keywords", "n_segments",
                                        "n_documents", "share", "seeded"])
    back = np.empty(len(order), dtype=int)
    back[order] = np.arange(len(order))
    assignments = data[["segment_id", "theme_id", "score"]].iloc[back].reset_index(drop=True)
    params = {"n_themes": n_themes, "k": int(k), "seed": seed, "k_range": list(k_range),
              "n_components": n_components, "min_score": min_score,
              "n_keywords": n_keywords, "n_quotes": n_quotes,
              "vectors": "embed" if embed else "lemma-tfidf-lsa",
              "clustering": "k-means", "seeds": [s.name for s in seeds],
              "start": start, "previous_k": previous_k if anchor_ids else None}
    return Themes(table, assignments, data.iloc[back].reset_index(drop=True), params, curve,
                  {t: w for t, w in weights.items() if t in set(table["theme_id"])},
                  quote_ids, vectors[back], counts[back], vectorizer.vocabulary)


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
                sim[i, j] = (jaccard + _cosine(current.weights.get(c, {}),
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


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
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
                  themes.vectors, themes.counts, themes.vocabulary)


def merge(themes: Themes, groups: Sequence[Sequence[str]], features: Features,
          n_keywords: int = 10, n_quotes: int = 5) -> Themes:
    """Merge groups of themes; each group keeps its first id (codebook ``merge``)."""
    mapping = {t: group[0] for group in groups for t in group[1:]}
    if not mapping:
        return themes
    merged = relabel(themes, mapping)
    data = merged.segments
    total = len(data)
    rows = []
    weights: dict[str, dict[str, float]] = {}
    quote_ids: dict[str, list[str]] = {}
    for theme_id in dict.fromkeys(merged.themes["theme_id"]):
        members = data[data["theme_id"] == theme_id]
        parts = [t for t in themes.weights if mapping.get(t, t) == theme_id]
        combined: dict[str, float] = {}
        for part in parts:
            share = (themes.segments["theme_id"] == part).sum() / max(len(members), 1)
            for f, w in themes.weights[part].items():
                combined[f] = combined.get(f, 0.0) + w * share
        weights[theme_id] = dict(sorted(combined.items(), key=lambda kv: (-kv[1], kv[0])))
        first = merged.themes[merged.themes["theme_id"] == theme_id].iloc[0]
        readable = [features.readable(f) for f in list(weights[theme_id])[:n_keywords]]
        label = first["label"]
        if theme_id != UNCLASSIFIED and len(parts) > 1 and not first["seeded"]:
            label = " · ".join(readable[:3])
        quote_ids[theme_id] = (_pick_quotes(members, n_quotes)
                               if theme_id != UNCLASSIFIED else [])
        rows.append({"theme_id": theme_id, "label": label,
                     "keywords": readable if theme_id != UNCLASSIFIED else [],
                     "n_segments": len(members),
                     "n_documents": members["participant"].nunique(),
                     "share": round(len(members) / total, 6) if total else 0.0,
                     "seeded": bool(first["seeded"])})
    table = pd.DataFrame(rows, columns=merged.themes.columns)
    return Themes(table, merged.assignments, data, merged.params, merged.k_curve, weights,
                  quote_ids, merged.vectors, merged.counts, merged.vocabulary)


def verify_quotes(themes: Themes, documents: pd.DataFrame) -> list[str]:
    """Quote segment ids whose text is not exactly their document's text at their offsets
    (an empty list: every quote is verbatim). Needs segments with ``char_start`` and
    ``char_end`` (a project's segments have them)."""
    from labsynth.schema import check_verbatim

    ids = [sid for quotes in themes.quote_ids.values() for sid in quotes]
    quoted = themes.segments[themes.segments["segment_id"].isin(ids)]
    return check_verbatim(quoted, documents)


def split(themes: Themes, theme_id: str, new_id: str, features: Features,
          n_keywords: int = 10, n_quotes: int = 5) -> Themes:
    """Split one theme in two with k-means on its members (codebook ``split``).

    The larger half keeps ``theme_id``, the other becomes ``new_id``; both get keywords by
    class-based TF-IDF against all other themes, and their own quotes.
    """
    if themes.vectors is None or theme_id not in set(themes.themes["theme_id"]):
        return themes
    mask = (themes.assignments["theme_id"] == theme_id).to_numpy()
    if mask.sum() < 2:
        return themes
    halves = KMeans(2, n_init=10, random_state=themes.params.get("seed", 0)).fit_predict(
        themes.vectors[mask])
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
    total = len(data)
    rows, quote_ids = [], {}
    for t in [*ids, UNCLASSIFIED]:
        members = data[data["theme_id"] == t]
        readable = [features.readable(f) for f in list(weights.get(t, {}))[:n_keywords]]
        keep_label = t in old.index and t not in (theme_id, new_id)
        label = old.loc[t, "label"] if keep_label or t == UNCLASSIFIED else \
            " · ".join(readable[:3])
        quote_ids[t] = _pick_quotes(members, n_quotes) if t != UNCLASSIFIED else []
        rows.append({"theme_id": t, "label": label,
                     "keywords": readable if t != UNCLASSIFIED else [],
                     "n_segments": len(members),
                     "n_documents": members["participant"].nunique(),
                     "share": round(len(members) / total, 6) if total else 0.0,
                     "seeded": bool(old.loc[t, "seeded"]) if t in old.index else False})
    table = pd.DataFrame(rows, columns=themes.themes.columns)
    weights[UNCLASSIFIED] = themes.weights.get(UNCLASSIFIED, {})
    return Themes(table, assignments, data, themes.params, themes.k_curve, weights, quote_ids,
                  themes.vectors, themes.counts, themes.vocabulary)
