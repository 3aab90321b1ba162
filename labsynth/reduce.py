"""Dimension reduction before clustering: UMAP, deterministic, cached, compiled once.

UMAP (``umap-learn``) brings the sentence vectors to a few dimensions where k-means
separates themes much better (``benchmarks/theme_quality.py``). Three costs are paid once
instead of in every run:

- **numba's compilation** (about 40 s in a fresh process): umap-learn and pynndescent
  compile their functions without numba's on-disk cache; numba has no setting to cache
  them all, so :func:`_import_umap` makes ``cache=True`` the default of ``numba.njit`` and
  ``numba.jit`` while those two packages are imported. The compiled code goes to the
  user's cache folder (``~/.cache/labsynth/numba``), shared by every project.
- **the reduction itself**: its result is kept in the project's cache, keyed by the input
  vectors and the settings: a warm run (same segments, same settings) never imports UMAP.
- **threads**: with a ``random_state`` UMAP runs on one thread and is deterministic; the
  input is given in the canonical order of the segments, so the order of files cannot
  change it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from labsynth.cache import AnnotationCache

__all__ = ["MIN_POINTS", "umap_reduce"]

#: below this many segments the vectors are clustered as they are
MIN_POINTS = 30


def _import_umap() -> Any:
    """``umap.UMAP``, its numba functions compiled once and cached on disk."""
    from labsynth.cache import user_cache_dir

    os.environ.setdefault("NUMBA_CACHE_DIR", str(user_cache_dir() / "numba"))
    import numba

    original = numba.njit, numba.jit

    def cached(decorator):
        def wrapper(*args, **kwargs):
            if args and callable(args[0]) and len(args) == 1 and not kwargs:
                return decorator(cache=True)(args[0])
            kwargs.setdefault("cache", True)
            return decorator(*args, **kwargs)
        return wrapper

    numba.njit, numba.jit = cached(original[0]), cached(original[1])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # « cannot cache … »: those compile as before
            from umap import UMAP
    finally:
        numba.njit, numba.jit = original
    return UMAP


def _key(vectors: np.ndarray, settings: dict[str, Any]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr(sorted(settings.items())).encode())
    digest.update(np.ascontiguousarray(vectors, dtype=np.float32).tobytes())
    return digest.hexdigest()


def umap_reduce(vectors: np.ndarray, *, n_components: int = 5, n_neighbors: int = 30,
                seed: int = 0, cache: AnnotationCache | None = None) -> np.ndarray:
    """Reduce unit vectors with UMAP (cosine metric, ``min_dist=0``), or read the result
    from the cache.

    Parameters
    ----------
    vectors : numpy.ndarray
        ``(n, d)``, in the canonical order of the segments.
    n_components, n_neighbors : int
        UMAP's settings (5 and 30: best of the settings measured on the Grand Débat
        answers, benchmarks/README.md).
    seed : int
        UMAP's ``random_state``.
    cache : AnnotationCache, optional
        The project's cache.

    Returns
    -------
    numpy.ndarray
        ``(n, n_components)``; the vectors unchanged when there are fewer than
        :data:`MIN_POINTS`.
    """
    n = len(vectors)
    if n < MIN_POINTS:
        return vectors
    settings = {"n_components": n_components, "n_neighbors": min(n_neighbors, n - 1),
                "seed": seed, "metric": "cosine", "min_dist": 0.0,
                "umap": importlib.metadata.version("umap-learn")}
    namespace = "reductions/umap/v1"
    key = _key(vectors, settings)
    if cache is not None:
        blob = cache.get_many(namespace, [key]).get(key)
        if blob is not None and len(blob) == n * n_components * 4:
            return np.frombuffer(blob, dtype=np.float32).reshape(n, n_components).copy()
    umap = _import_umap()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # « n_jobs overridden by random_state »
        reduced = umap(n_components=n_components, n_neighbors=settings["n_neighbors"],
                       min_dist=0.0, metric="cosine", random_state=seed,
                       ).fit_transform(np.asarray(vectors, dtype=np.float32))
    reduced = np.asarray(reduced, dtype=np.float32)
    if cache is not None:
        cache.put_many(namespace, [(key, reduced.tobytes())])
    return reduced
