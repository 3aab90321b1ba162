"""The files of one run, written to a project's report folder together or not at all.

Every run that writes files (``labsynth themes``, ``labsynth report``, the report
notebook given an ``output_dir``) writes them into a staging folder inside the target
folder, then commits them as one set: the files are renamed into place and ``run.json``,
the manifest, is written last. Each file carries the run's id (:attr:`ThemeRun.run_id`),
and so does the manifest: a folder never mixes two runs.

- Files of the previous set that the new one does not rewrite are removed, unless they
  come from the same run (a ``themes`` run giving the same themes as the last report
  keeps its page); the caller is told which were removed.
- A run interrupted before the commit leaves the previous set intact and its staging
  folder is removed by the next run. A commit interrupted half-way (a kill during the
  renames, a few milliseconds) is finished by the next run: the set is complete before
  anything is read or written again.
- Two runs committing in one folder at once take turns (a lock file).

The project's own run writes to ``reports/<project>/``; an exploratory run (other
``n_themes`` or ``seed``) to ``reports/<project>/essais/<its settings>/``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from labsynth.atomic import atomic_write
from labsynth.codebook import ThemeRun, exploration_folder
from labsynth.export import write_csv_fr, write_table, write_workbook

if TYPE_CHECKING:
    from labsynth.insights import Insights
    from labsynth.project import Project

__all__ = [
    "EXPORT_FORMATS",
    "MANIFEST",
    "OutputSet",
    "output_folder",
    "read_manifest",
    "recover",
    "write_exports",
    "write_report_files",
    "write_theme_files",
]

#: what ``labsynth export`` (and ``report``, with ``exports.report`` in project.yml) writes
EXPORT_FORMATS = ("qdpx", "qdc", "cartes")

MANIFEST = "run.json"
_STAGING = ".labsynth-staging-"
_COMMIT = ".labsynth-commit-"
_MARK = ".labsynth-set"
_LOCK = ".labsynth.lock"
#: what earlier labsynth versions wrote without a manifest (treated as one old set)
_KNOWN = ("themes.csv", "assignments.csv", "quotes.csv", "changements.md", "k_curve.csv",
          "themes.xlsx", "insight_report.html", "insight_report.ipynb")
#: the files of each export format
EXPORT_FILES = {"qdpx": ("projet.qdpx",), "qdc": ("codebook.qdc",),
                "cartes": ("cartes.html", "cartes.pdf", "postits.csv")}


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold the folder's lock (POSIX ``flock``; elsewhere, runs are not serialised)."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; commits are short renames anyway
        yield
        return
    with open(folder / _LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_manifest(folder: str | Path) -> dict[str, Any]:
    """The manifest of the set in ``folder`` (empty when there is none)."""
    path = Path(folder) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _finish(commit: Path, folder: Path) -> None:
    """Move a complete set into place (idempotent: a second call finishes a first one)."""
    manifest = json.loads((commit / MANIFEST).read_text(encoding="utf-8"))
    for name in manifest["files"]:
        if (commit / name).exists():
            os.replace(commit / name, folder / name)
    for name in manifest.get("removed", []):
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
    os.replace(commit / MANIFEST, folder / MANIFEST)
    shutil.rmtree(commit, ignore_errors=True)


def recover(folder: str | Path) -> None:
    """Finish a commit that was interrupted and remove what dead runs left behind."""
    folder = Path(folder)
    if not folder.is_dir():
        return
    with _locked(folder):
        for path in sorted(folder.glob(f"{_COMMIT}*")):
            if (path / MANIFEST).is_file():
                _finish(path, folder)
            else:
                shutil.rmtree(path, ignore_errors=True)
        for path in folder.glob(f"{_STAGING}*"):
            pid = path.name.removeprefix(_STAGING).split("-", 1)[0]
            if not pid.isdigit() or not _alive(int(pid)):
                shutil.rmtree(path, ignore_errors=True)


class OutputSet:
    """A set of files written into ``folder`` as one run (context manager).

    Inside the ``with`` block, write each file at :meth:`path` (a staging folder) and fill
    :attr:`manifest` (at least ``run_id``). On a normal exit the set is committed; on an
    exception, including Ctrl+C, it is discarded and the folder keeps its previous set.
    Opened on a folder that is itself the staging folder of an enclosing set (the report
    notebook run by ``labsynth report``), it writes there and leaves the commit to the
    enclosing set.

    Attributes
    ----------
    folder : Path
        The target folder.
    manifest : dict
        What ``run.json`` will say; ``files`` and ``removed`` are filled at commit.
    removed : list of str
        After the commit: files of a previous run that were removed.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.manifest: dict[str, Any] = {}
        self.removed: list[str] = []
        self.nested = (self.folder / _MARK).is_file()
        self.staging = self.folder

    def __enter__(self) -> OutputSet:
        if self.nested:
            self.manifest = read_manifest(self.folder)
            return self
        self.folder.mkdir(parents=True, exist_ok=True)
        recover(self.folder)
        self.staging = self.folder / f"{_STAGING}{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.staging.mkdir()
        (self.staging / _MARK).write_text("", encoding="utf-8")
        return self

    def path(self, name: str) -> Path:
        """Where to write the file ``name`` of the set."""
        return self.staging / name

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self.nested:
            if exc_type is None:
                atomic_write(self.folder / MANIFEST, json.dumps(self.manifest,
                                                                ensure_ascii=False, indent=1))
            return
        if exc_type is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        try:
            self._commit()
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)

    def _commit(self) -> None:
        draft = read_manifest(self.staging)  # what a nested writer recorded
        manifest = {**draft, **self.manifest}
        if not manifest.get("run_id"):
            raise ValueError("un jeu de fichiers sans identifiant d'exécution (run_id)")
        files = sorted(p.name for p in self.staging.iterdir()
                       if p.name not in (_MARK, MANIFEST))
        with _locked(self.folder):
            previous = read_manifest(self.folder)
            before = previous.get("files") if previous else [
                n for n in _KNOWN if (self.folder / n).exists()]
            same_run = previous.get("run_id") == manifest["run_id"]
            kept = [n for n in before if same_run and n not in files
                    and (self.folder / n).exists()]
            self.removed = [n for n in before if n not in files and n not in kept
                            and (self.folder / n).exists()]
            manifest.update(files=files + kept, removed=self.removed,
                            written=dt.datetime.now().astimezone().isoformat(
                                timespec="seconds"))
            atomic_write(self.staging / MANIFEST,
                         json.dumps(manifest, ensure_ascii=False, indent=1))
            # the renamed folder is the mark of a complete set: from here on, the next
            # run finishes the commit if this one is killed
            commit = self.folder / f"{_COMMIT}{uuid.uuid4().hex[:8]}"
            os.replace(self.staging, commit)
            (commit / _MARK).unlink()
            _finish(commit, self.folder)
        self.manifest = manifest


def output_folder(project: Project, overrides: dict[str, Any] | None = None,
                  output_dir: str | Path | None = None) -> Path:
    """Where a run's files go: ``output_dir`` when given; else ``reports/<project>/``
    beside the project's ``corpora`` folder, and ``essais/<settings>/`` inside it for an
    exploratory run."""
    if output_dir is not None:
        return Path(output_dir)
    base = project.reports_dir
    return base / "essais" / exploration_folder(overrides) if overrides else base


def _with_run(table: pd.DataFrame, run_id: str) -> pd.DataFrame:
    return table.assign(run_id=run_id)


def _theme_tables(run: ThemeRun) -> dict[str, pd.DataFrame]:
    from labsynth.export import assignments

    themes = run.themes
    table = themes.table().assign(keywords=lambda t: t["keywords"].map(", ".join))
    out = {"themes.csv": table,
           "assignments.csv": run.pseudonymisation.apply(assignments(themes))}
    quotes = [themes.quotes(t).assign(theme_id=t) for t in themes.themes["theme_id"]
              if t != "T00"]
    if quotes:
        table = pd.concat(quotes, ignore_index=True)
        raw = dict(zip(themes.segments["segment_id"], themes.segments["text"], strict=True))
        shared = [run.pseudonymisation.excerpt(s, raw[s], a, b) for s, a, b in zip(
            table["segment_id"], table["excerpt_start"], table["excerpt_end"], strict=True)]
        table = run.pseudonymisation.apply(table.drop(columns="text"))
        table.insert(table.columns.get_loc("score") + 1, "text", shared)
        out["quotes.csv"] = table
    if len(themes.k_curve):
        out["k_curve.csv"] = themes.k_curve
    run_id = run.run_id  # a digest of the whole run: computed once, not per table
    return {name: _with_run(t, run_id) for name, t in out.items()}


def _changes_text(run: ThemeRun) -> str:
    kind = ("exploration (" + ", ".join(f"{k} = {v}" for k, v in run.overrides.items())
            + ") : la mémoire des thèmes n'est pas modifiée") if run.exploratory else (
        "réglages de project.yml : mémoire des thèmes mise à jour" if run.saved else
        "réglages de project.yml")
    title = ("Différences avec les thèmes mémorisés du projet" if run.exploratory else
             "Changements depuis l'exécution précédente")
    return (f"# {title}\n\n"
            f"Exécution `{run.run_id}` ({kind}).\n\n"
            + "".join(f"- {line}\n" for line in run.changes))


def write_theme_files(run: ThemeRun, out: OutputSet) -> list[str]:
    """Write the theme tables of a run into a set: ``themes.csv``, ``assignments.csv``,
    ``quotes.csv``, ``k_curve.csv`` (k chosen automatically) and ``changements.md``; each
    table has a ``run_id`` column. Returns the names written."""
    names = []
    for name, table in _theme_tables(run).items():
        write_table(table, out.path(name))
        names.append(name)
    atomic_write(out.path("changements.md"), _changes_text(run))
    out.manifest.update(run_id=run.run_id, exploratory=run.exploratory,
                        overrides=run.overrides, memory_updated=run.saved,
                        k=int(run.themes.params["k"]),
                        start=run.themes.params.get("start"),
                        n_themes=int((run.themes.themes["theme_id"] != "T00").sum()))
    return [*names, "changements.md"]


def _designer_tables(insights: Insights) -> dict[str, pd.DataFrame]:
    """The report's themes and quotes as designers open them in French Excel:
    ``synthese.csv`` and ``verbatims.csv`` (French headers, share in percent)."""
    run_id = insights.run.run_id
    sheets = insights.sheets()
    themes = sheets["Thèmes"].copy()
    if "part" in themes.columns:
        themes["part"] = (themes["part"].astype(float) * 100).round(1)
        themes = themes.rename(columns={"part": "part (%)"})
    labels = dict(zip(themes["thème"], themes["nom"], strict=True))
    quotes = sheets["Verbatims"].copy()
    quotes.insert(1, "nom du thème", quotes["thème"].map(labels))
    return {"synthese.csv": themes.assign(exécution=run_id),
            "verbatims.csv": quotes.assign(exécution=run_id)}


def write_exports(insights: Insights, out: OutputSet, formats: list[str] | tuple[str, ...]
                  ) -> list[str]:
    """Write files for other tools into a set: ``qdpx`` (REFI-QDA project,
    ``projet.qdpx``), ``qdc`` (REFI-QDA codebook, ``codebook.qdc``), ``cartes``
    (``cartes.html``, ``cartes.pdf`` when Chromium is installed, ``postits.csv``).

    Returns
    -------
    list of str
        What was written, and what is missing and why (French). The latter is also
        stored in the manifest (``notes``), for ``labsynth report`` to say.
    """
    from labsynth import cards, qda

    lines, notes = [], []
    run = insights.run
    if "qdpx" in formats:
        done = qda.write_qdpx(run, out.path("projet.qdpx"))
        lines.append(f"projet.qdpx : projet REFI-QDA, {done.n_sources} sources pseudonymisées, "
                     f"{done.n_codes} codes, {done.n_codings} segments codés, {done.n_cases} "
                     "participant·es (cas)")
    if "qdc" in formats:
        done = qda.write_qdc(run, out.path("codebook.qdc"))
        lines.append(f"codebook.qdc : codebook REFI-QDA, {done.n_codes} codes")
    if "cartes" in formats:
        made = cards.write_cards(insights, out.path("cartes.html"), out.path("cartes.pdf"),
                                 out.path("postits.csv"))
        lines.append(f"cartes.html{', cartes.pdf' if made.pdf else ''} : {made.n_cards} cartes "
                     "d'atelier à imprimer ; postits.csv : post-it pour Miro ou Mural")
        if made.pdf_missing:
            notes.append(made.pdf_missing)
    if notes:
        out.manifest["notes"] = [*out.manifest.get("notes", []), *notes]
    return lines + notes


def write_report_files(insights: Insights, folder: str | Path) -> OutputSet:
    """Write the report's tables, workbooks (``themes.xlsx`` and/or ``themes.ods``, as
    ``exports.workbooks`` in project.yml says), the designers' CSV (``synthese.csv``,
    ``verbatims.csv``) and the exports ``exports.report`` asks for, as one set into
    ``folder`` (the notebook's last step). Returns the set (committed, or left to the
    enclosing ``labsynth report``)."""
    run = insights.run
    project = run.corpus.project if run.corpus is not None else None
    exports = project.spec.exports if project is not None else None
    with OutputSet(folder) as out:
        write_theme_files(run, out)
        sheets = insights.sheets()
        for fmt in exports.workbooks if exports is not None else ["xlsx"]:
            write_workbook(sheets, out.path(f"themes.{fmt}"))
        for name, table in _designer_tables(insights).items():
            write_csv_fr(table, out.path(name))
        if exports is not None and exports.report:
            write_exports(insights, out, exports.report)
        out.manifest.update(kind=out.manifest.get("kind", "notebook"),
                            project=insights.title, fingerprint=insights.fingerprint)
    return out
