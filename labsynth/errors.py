"""Exceptions of labsynth, each with a stable code and a French message.

Every message follows the same shape: what went wrong, what was received, what to do,
prefixed with a code such as ``[LS201]`` that a designer can search in the README.
Each class also subclasses the matching built-in exception, so ordinary ``except``
clauses keep working.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CorpusError",
    "LabsynthError",
    "ModelNotInstalledError",
    "ProjectError",
    "ReportError",
]


class LabsynthError(Exception):
    """Root of every error raised by labsynth on purpose.

    Parameters
    ----------
    code : str
        Stable code, e.g. ``"LS201"``.
    message : str
        The French message, without the code.
    """

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(f"[{code}] {message}")

    def __reduce__(self):
        # raised in a cluster worker (labsynth.cluster), an error is pickled back to this
        # process: the default would call __init__ with the full text as its only argument
        return _restore, (type(self), self.args, self.__dict__)


def _restore(cls: type[LabsynthError], args: tuple, state: dict) -> LabsynthError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class ProjectError(LabsynthError, ValueError):
    """A project folder or its ``project.yml`` is missing or invalid.

    Parameters
    ----------
    code, message : str
        See :class:`LabsynthError`.
    path : Path or None
        The project folder or file concerned.
    problems : list of str
        One French line per problem found (all problems are collected, not only the first).
    """

    def __init__(
        self,
        code: str,
        message: str,
        path: Path | None = None,
        problems: list[str] | None = None,
    ) -> None:
        self.path = path
        self.problems = list(problems or [])
        full = message
        if self.problems:
            full += "\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(code, full)


class CorpusError(LabsynthError, ValueError):
    """A raw file, or one row or cue of it, cannot be read.

    Parameters
    ----------
    code, message : str
        See :class:`LabsynthError`.
    path : str
        The file, relative to the project's ``raw/`` folder when there is one.
    line : int or None
        Line of a text file, or row of a table as a spreadsheet shows it (header = 1).
    unit : str
        What ``line`` counts, in French: ``"ligne"``, ``"élément"`` (JSON), ``"paragraphe"``.
    """

    def __init__(
        self, code: str, message: str, path: str, line: int | None = None, unit: str = "ligne"
    ) -> None:
        self.path = path
        self.line = line
        self.unit = unit
        self.reason = message
        where = path if line is None else f"{path}, {unit} {line}"
        super().__init__(code, f"{where} : {message}")


class ModelNotInstalledError(LabsynthError, ImportError):
    """A spaCy model named by the project is not installed."""


class ReportError(LabsynthError, RuntimeError):
    """A report could not be produced (carries the failing cell when there is one)."""

    def __init__(self, code: str, message: str, cell_index: int | None = None) -> None:
        self.cell_index = cell_index
        super().__init__(code, message)
