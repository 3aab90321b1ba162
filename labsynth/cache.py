"""On-disk cache of annotations: one SQLite file per project.

SQLite (standard library) gives what the cache needs without hand-written locking: atomic
transactions, several processes reading and writing the same file (WAL journal, busy
timeout), and detection of a damaged file. A damaged file is reported with a warning, set
aside as ``*.corrupt``, and rebuilt: never a crash.
"""

from __future__ import annotations

import sqlite3
import time
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from labsynth.project import Project

__all__ = [
    "AnnotationCache",
    "CacheWarning",
    "array_key",
    "clear_cache",
    "project_cache",
    "user_cache",
    "user_cache_dir",
]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (namespace, key)
) WITHOUT ROWID
"""
_CHUNK = 500  # keys per SELECT (SQLite allows 999 parameters by default)


def _busy(error: sqlite3.OperationalError) -> bool:
    return any(word in str(error).lower() for word in ("locked", "busy"))


def _retry(action, timeout: float):
    """Run ``action``, retrying while SQLite says the file is locked by another process."""
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


class CacheWarning(UserWarning):
    """The cache was damaged and has been rebuilt (nothing is lost but time)."""


class AnnotationCache:
    """A key-value store of bytes, partitioned by namespace (model and settings).

    Parameters
    ----------
    path : Path
        The SQLite file; its folder is created.
    timeout : float
        Seconds to wait for another process holding the write lock.
    """

    def __init__(self, path: str | Path, timeout: float = 60.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            connection = self._connect()
            verdict = _retry(lambda: connection.execute("PRAGMA quick_check").fetchone()[0],
                             self.timeout)
            if verdict != "ok":
                connection.close()
                raise sqlite3.DatabaseError(verdict)
            return connection
        except sqlite3.OperationalError as exc:
            if _busy(exc):  # another run holds the file for longer than the timeout
                raise
            return self._rebuild(exc)
        except sqlite3.DatabaseError as exc:
            return self._rebuild(exc)

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        # a busy file (another run writing) answers "locked" at once to these statements,
        # whatever the timeout: wait and retry, it is not damage
        _retry(lambda: connection.execute("PRAGMA journal_mode=WAL"), self.timeout)
        connection.execute("PRAGMA synchronous=NORMAL")
        _retry(lambda: connection.execute(_SCHEMA), self.timeout)
        return connection

    def _rebuild(self, error: Exception) -> sqlite3.Connection:
        aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
        warnings.warn(
            f"[LS401] cache d'annotations abîmé ({self.path} : {error}) ; il est mis de côté "
            f"({aside.name}) et reconstruit. Les annotations seront recalculées.",
            CacheWarning, stacklevel=3)
        for suffix in ("", "-wal", "-shm"):
            part = Path(f"{self.path}{suffix}")
            if part.exists():
                part.replace(Path(f"{aside}{suffix}"))
        return self._connect()

    def get_many(self, namespace: str, keys: Iterable[str]) -> dict[str, bytes]:
        """Values found for ``keys`` (missing keys are absent from the result)."""
        keys = list(dict.fromkeys(keys))
        found: dict[str, bytes] = {}
        try:
            for i in range(0, len(keys), _CHUNK):
                chunk = keys[i:i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._connection.execute(
                    f"SELECT key, value FROM entries WHERE namespace = ? AND key IN ({marks})",
                    [namespace, *chunk])
                found.update(rows)
        except sqlite3.OperationalError as exc:
            if _busy(exc):
                raise
            self._connection.close()
            self._connection = self._rebuild(exc)
            return {}
        except sqlite3.DatabaseError as exc:
            self._connection.close()
            self._connection = self._rebuild(exc)
            return {}
        return found

    def put_many(self, namespace: str, items: Iterable[tuple[str, bytes]]) -> None:
        """Store values in one transaction (all or nothing)."""
        items = list(items)
        if not items:
            return
        rows = [(namespace, k, v) for k, v in items]

        def write() -> None:
            with self._transaction():
                self._connection.executemany(
                    "INSERT OR REPLACE INTO entries (namespace, key, value) VALUES (?, ?, ?)",
                    rows)

        try:
            _retry(write, self.timeout)
        except sqlite3.OperationalError as exc:
            if _busy(exc):
                raise
            self._connection.close()
            self._connection = self._rebuild(exc)
        except sqlite3.DatabaseError as exc:
            self._connection.close()
            self._connection = self._rebuild(exc)

    def _transaction(self) -> _Transaction:
        return _Transaction(self._connection)

    def count(self, namespace: str | None = None) -> int:
        """Number of entries (in one namespace, or in all)."""
        if namespace is None:
            return self._connection.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
        return self._connection.execute(
            "SELECT COUNT(*) FROM entries WHERE namespace = ?", [namespace]).fetchone()[0]

    def namespaces(self) -> Iterator[tuple[str, int]]:
        """Each namespace with its number of entries."""
        yield from self._connection.execute(
            "SELECT namespace, COUNT(*) FROM entries GROUP BY namespace ORDER BY namespace")

    def close(self) -> None:
        """Close the connection (the file stays)."""
        self._connection.close()

    def __enter__(self) -> AnnotationCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Transaction:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.connection.execute("COMMIT")
        elif self.connection.in_transaction:
            self.connection.execute("ROLLBACK")


def array_key(array: Any, settings: dict[str, Any]) -> str:
    """A cache key for a result computed from a NumPy array and some settings: a digest
    of the settings, the array's dtype, shape and bytes (the exact values, not rounded).

    Parameters
    ----------
    array : numpy.ndarray
    settings : dict
        JSON-serialisable values (parameters, library versions).
    """
    import hashlib
    import json

    import numpy as np

    array = np.ascontiguousarray(array)
    digest = hashlib.blake2b(digest_size=16)
    digest.update(json.dumps(settings, sort_keys=True).encode())
    digest.update(f"{array.dtype.str}{array.shape}".encode())
    digest.update(array.tobytes())
    return digest.hexdigest()


def user_cache_dir() -> Path:
    """The user's labsynth cache folder (``$XDG_CACHE_HOME/labsynth``, by default
    ``~/.cache/labsynth``): what is not tied to a project (a plain table's annotations,
    numba's compiled code). Safe to delete."""
    import os

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "labsynth"


def user_cache() -> AnnotationCache:
    """The annotation cache of plain tables (``labsynth themes export.csv``), keyed by
    content like a project's, in :func:`user_cache_dir`."""
    return AnnotationCache(user_cache_dir() / "tables.sqlite")


def project_cache(project: Project) -> AnnotationCache:
    """The annotation cache of a project (``<project>/.labsynth-cache/annotations.sqlite``)."""
    return AnnotationCache(project.cache_dir / "annotations.sqlite")


def clear_cache(project: Project) -> int:
    """Delete a project's cache folder; returns the number of bytes freed."""
    import shutil

    folder = project.cache_dir
    if not folder.exists():
        return 0
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    shutil.rmtree(folder)
    return size
