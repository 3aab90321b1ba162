"""Files written whole or not at all.

Every file labsynth writes for a user goes through :func:`atomic_target`: the content is
written to a temporary file in the same folder, flushed to disk, then renamed over the
target (``os.replace`` is atomic on one file system). A reader, or a run interrupted by
Ctrl+C or a kill, sees the old file or the new one, never half of one.

The standard library has the pieces but no helper for this; the well-known packages that do
it (``atomicwrites``) are unmaintained, hence these few lines.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_target", "atomic_write"]


@contextlib.contextmanager
def atomic_target(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``.

    The temporary file starts empty (and may be deleted and rewritten by the writer, as
    pandas and openpyxl do). On any exception, including ``KeyboardInterrupt``, it is
    removed and ``path`` is left as it was. Parent folders are created.

    Parameters
    ----------
    path : str or Path
        The file to write.

    Yields
    ------
    Path
        Where to write; keeps the suffix of ``path`` (writers choose their format by it).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.",
                                suffix=f".tmp{path.suffix}")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:  # the content is on disk before the rename
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write(path: str | Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    """Write ``data`` (text or bytes) to ``path`` atomically; returns ``path``."""
    path = Path(path)
    with atomic_target(path) as tmp:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            tmp.write_text(data, encoding=encoding)
    return path


def _umask() -> int:
    """The process umask (mkstemp creates files 0600; the target gets the usual mode)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
