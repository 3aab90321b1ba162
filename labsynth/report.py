"""Produce a project's insight report: check the parameters, run the notebook, render the page.

``notebooks/insight_report.ipynb`` is executed by papermill on the ``labsynth`` Jupyter
kernel with the parameters checked here first (:class:`ReportParams`), then rendered by
nbconvert with the lab's template (``templates/labsynth``) into one self-contained HTML
page. Outputs, in ``reports/<project>/`` unless ``output_dir`` says otherwise:

- ``insight_report.ipynb``: the executed notebook (kept on failure too, with the error);
- ``insight_report.html``: the page to share;
- ``themes.xlsx`` and/or ``themes.ods`` (``exports.workbooks``), ``synthese.csv``,
  ``verbatims.csv`` and the exports ``exports.report`` asks for: written by the notebook.

A failing cell stops the report with a :class:`~labsynth.errors.ReportError` naming the
step (the first comment line of the cell, « # Étape : ... ») and the error, in French.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from labsynth.errors import LabsynthError, ReportError
from labsynth.project import PROJECT_FILE, Project, load_project

__all__ = [
    "SECTIONS",
    "ReportParams",
    "ReportResult",
    "parse_assignments",
    "render_all",
    "render_report",
    "validate_parameters",
]

#: the report's sections, in page order (the ``sections`` parameter picks among them)
SECTIONS = ("chiffres", "enseignements", "tailles", "themes", "croisements", "saturation",
            "chronologie", "methode")
#: the Jupyter kernel the notebook runs on (``make install`` registers it in .venv)
KERNEL = "labsynth"
_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = _ROOT / "notebooks" / "insight_report.ipynb"
TEMPLATES = _ROOT / "templates"
_STEP = re.compile(r"^#\s*[ÉE]tape\s*:\s*(.+)$", re.MULTILINE)
#: anything in the page that would make the browser fetch something
_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|<script|@import"""
                       r"""|url\(\s*["']?(?:https?:)?//""", re.IGNORECASE)


class ReportParams(BaseModel):
    """The parameters of ``notebooks/insight_report.ipynb`` (its ``parameters`` cell).

    Attributes
    ----------
    project : str
        Project name under ``corpora`` or its folder.
    corpora : str
        Folder of the projects.
    n_themes : int, "auto" or None
        Number of themes; ``None`` keeps ``project.yml``'s.
    seed : int or None
        Random seed; ``None`` keeps ``project.yml``'s.
    sections : list of str
        Sections shown, among :data:`labsynth.pages.SECTIONS`.
    quotes_per_theme : int
        Quotes per theme card, 3 to 5.
    questions_per_theme : int
        « Comment pourrions-nous… » questions per theme, 0 to 4.
    cross_by : list of str or None
        Metadata columns crossed with the themes; ``None``: profile and territory when the
        project has them.
    output_dir : str or None
        Where the outputs go; ``None``: ``reports/<project>``.
    """

    model_config = ConfigDict(extra="forbid", strict=True)

    project: str = Field(min_length=1)
    corpora: str = "corpora"
    n_themes: int | Literal["auto"] | None = None
    seed: int | None = Field(default=None, ge=0)
    sections: list[Literal[SECTIONS]] = Field(  # type: ignore[valid-type]
        default_factory=lambda: list(SECTIONS), min_length=1)
    quotes_per_theme: int = Field(default=4, ge=3, le=5)
    questions_per_theme: int = Field(default=3, ge=0, le=4)
    cross_by: list[str] | None = None
    output_dir: str | None = None

    @field_validator("n_themes")
    @classmethod
    def _enough_themes(cls, value: int | str | None) -> int | str | None:
        if isinstance(value, int) and value < 2:
            raise ValueError("au moins 2 thèmes, ou « auto »")
        return value

    @field_validator("cross_by", mode="before")
    @classmethod
    def _one_column(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


_FIELD_FR = {
    "int_type": "un nombre entier", "string_type": "un texte", "list_type": "une liste",
    "literal_error": "une des valeurs permises", "greater_than_equal": "une valeur plus grande",
    "less_than_equal": "une valeur plus petite", "too_short": "au moins un élément",
    "value_error": "une autre valeur",
}


def _problems(error: ValidationError) -> list[str]:
    lines = []
    for item in error.errors():
        names = [p for p in item["loc"] if isinstance(p, str)
                 and not p.startswith(("int", "str", "literal", "list["))]
        items = [p for p in item["loc"] if isinstance(p, int)]
        where = ".".join(names) + (f" (élément {items[0] + 1})" if items else "")
        kind = item["type"]
        if kind == "extra_forbidden":
            continue
        expected = {
            "sections": f"une liste parmi : {', '.join(SECTIONS)}",
            "n_themes": "« auto » ou un nombre entier ≥ 2",
            "quotes_per_theme": "un nombre entier de 3 à 5",
            "questions_per_theme": "un nombre entier de 0 à 4",
            "seed": "un nombre entier ≥ 0",
            "cross_by": "une colonne ou une liste de colonnes",
        }.get(names[0] if names else "", _FIELD_FR.get(kind, item["msg"]))
        lines.append(f"{where} : attendu {expected} ; reçu {item.get('input')!r}.")
    return sorted(set(lines))


def validate_parameters(values: dict[str, Any], project: Project | None = None
                        ) -> ReportParams:
    """Check report parameters against the schema and, when given, the project.

    Every problem is reported at once; an unknown name comes with the closest known one.

    Parameters
    ----------
    values : dict
        Parameter name -> value (as typed in Python, or read from YAML).
    project : Project, optional
        Checks ``cross_by`` against the metadata ``project.yml`` declares.

    Returns
    -------
    ReportParams

    Raises
    ------
    ReportError
        ``LS601`` listing every problem.
    """
    known = list(ReportParams.model_fields)
    problems = []
    for name in values:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" Vouliez-vous dire « {close[0]} » ?" if close else ""
            problems.append(f"paramètre inconnu « {name} ».{hint} Paramètres : "
                            f"{', '.join(known)}.")
    params = None
    try:
        params = ReportParams(**{k: v for k, v in values.items() if k in known})
    except ValidationError as exc:
        problems += _problems(exc)
    if params is not None and project is not None and params.cross_by:
        declared, complete = _declared_metadata(project)
        unknown = [c for c in params.cross_by if c not in declared]
        if unknown and complete:
            problems.append(f"cross_by : colonne(s) {', '.join(unknown)} inconnue(s) du projet "
                            f"; colonnes déclarées : {', '.join(sorted(declared)) or 'aucune'}.")
    if problems or params is None:
        raise ReportError("LS601", "paramètres du rapport invalides, rien n'a été exécuté :\n"
                          + "\n".join(f"  - {p}" for p in problems))
    return params


def _declared_metadata(project: Project) -> tuple[set[str], bool]:
    """Metadata names ``project.yml`` declares, and whether that list is complete (every
    table source lists its ``metadata_columns``)."""
    declared: set[str] = set()
    complete = True
    for source in project.spec.sources:
        declared |= set(source.metadata)
        if source.metadata_columns is not None:
            declared |= set(source.metadata_columns)
        elif source.text_column is not None or source.kind == "contribution":
            complete = False
    return declared, complete


def parse_assignments(pairs: list[list[str]] | list[tuple[str, str]]) -> dict[str, Any]:
    """``-p name value`` pairs to parameters; values are read as YAML (``8``, ``auto``,
    ``[themes, methode]``, ``null``)."""
    values: dict[str, Any] = {}
    for name, text in pairs:
        try:
            values[name] = yaml.safe_load(text) if text.strip() else text
        except yaml.YAMLError:
            values[name] = text
    return values


@dataclass(frozen=True)
class ReportResult:
    """What a report run produced.

    Attributes
    ----------
    project : str
    html, notebook, workbook : Path
        The page, the executed notebook and ``themes.xlsx``.
    seconds : float
    run_id : str
        The run's id, in every file of the folder and in its ``run.json``.
    folder : Path
        The report folder.
    exploratory : dict
        Settings that differ from ``project.yml`` (the run went to ``essais/``).
    up_to_date : bool
        Nothing had changed since the last report: nothing was redone.
    removed : list of str
        Files of an earlier run removed from the folder.
    """

    project: str
    html: Path
    notebook: Path
    workbook: Path
    seconds: float
    run_id: str = ""
    folder: Path = Path()
    exploratory: dict[str, Any] = field(default_factory=dict)
    up_to_date: bool = False
    removed: list[str] = field(default_factory=list)


def _step_of(source: str, index: int) -> str:
    found = _STEP.search(source or "")
    return f"« {found.group(1).strip()} » (cellule {index})" if found else f"cellule {index}"


def _french_error(ename: str, evalue: str) -> str:
    if re.match(r"\[LS\d{3}\]", evalue or ""):
        return evalue
    return (f"erreur Python inattendue ({ename} : {evalue}) ; signalez-la à l'équipe "
            "labsynth avec le carnet exécuté")


def _execute(params: ReportParams, executed: Path, notebook: Path, kernel: str,
             shown: dict[str, Any], final: Path) -> Path:
    """Run the notebook into ``executed``; its parameters cell then shows ``shown`` (the
    values a designer would rerun it with), not the staging folder it wrote to."""
    import asyncio
    import tempfile

    import papermill
    from jupyter_client.kernelspec import NoSuchKernel
    from jupyter_client.manager import AsyncKernelManager
    from papermill.exceptions import PapermillExecutionError

    # The kernel's five channels (shell, iopub, stdin, control, heartbeat) are local socket
    # files (IPC), not TCP ports. One TCP port remains, opened by the kernel itself:
    # ipykernel's IOPub thread listens on 127.0.0.1 (loopback only, random port) so that
    # processes forked by a cell can send their output (ipykernel/iostream.py,
    # IOPubThread._setup_pipe_in, hard-coded whatever the transport). It accepts nothing
    # from another machine and nothing connects outward (checked by listing the kernel's
    # listening sockets in /proc: one 127.0.0.1 port, the rest socket files).
    with tempfile.TemporaryDirectory(prefix="labsynth-kernel-") as sockets:
        manager = AsyncKernelManager(kernel_name=kernel, transport="ipc",
                                     ip=f"{sockets}/kernel")
        try:
            papermill.execute_notebook(
                str(notebook), str(executed), parameters=params.model_dump(),
                kernel_name=kernel, km=manager, cwd=str(Path.cwd()), progress_bar=False,
                log_output=False)
        except PapermillExecutionError as exc:
            _show_parameters(executed, shown, final)
            raise ReportError(
                "LS603", f"le rapport a échoué à l'étape {_step_of(exc.source, exc.cell_index)}"
                f" : {_french_error(exc.ename, exc.evalue)}.", cell_index=exc.cell_index
                ) from None
        except NoSuchKernel:
            raise ReportError(
                "LS602", f"le noyau Jupyter « {kernel} » n'est pas installé. Lancez « make "
                "install » depuis le dossier de labsynth, ou : python -m ipykernel install "
                f"--sys-prefix --name {kernel}") from None
        finally:
            if manager.has_kernel:
                asyncio.run(manager.shutdown_kernel(now=True))
    _show_parameters(executed, shown, final)
    return executed


def _show_parameters(executed: Path, shown: dict[str, Any], final: Path) -> None:
    """Rewrite the cell papermill injected, and papermill's record of the run, with the
    values to rerun with (in JupyterLab, from any folder) and the notebook's final place:
    no trace of the staging folder it was written in."""
    import nbformat

    if not executed.is_file():
        return
    nb = nbformat.read(executed, as_version=4)
    record = nb.metadata.get("papermill", {})
    if record:
        record["parameters"] = shown
        record["output_path"] = str(final)
    lines = ["# Paramètres de cette exécution (labsynth report) ; modifiez-les puis Run All"]
    lines += [f"{name} = {value!r}" for name, value in shown.items()]
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell.source = "\n".join(lines)
    nbformat.write(nb, executed)


def _render_html(executed: Path, title: str, templates: Path, run_id: str = "") -> str:
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="labsynth", extra_template_basedirs=[str(templates)])
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4),
                                          resources={"labsynth_title": title,
                                                     "labsynth_run": run_id})
    found = _EXTERNAL.search(body)
    if found:
        start = max(found.start() - 60, 0)
        raise ReportError("LS606", "la page chargerait une ressource extérieure (« "
                          f"{body[start:found.end() + 40]} ») : elle n'est pas écrite. "
                          "Signalez-le à l'équipe labsynth.")
    return body


def _write_atomic(path: Path, text: str) -> None:
    """Write then rename: a reader never sees half a page."""
    from labsynth.atomic import atomic_write

    atomic_write(path, text)


def _inputs_digest(project: Project, params: ReportParams, notebook: Path,
                   templates: Path) -> str:
    """Everything a report depends on: raw files, project.yml, codebook.yml, the
    register's decisions, the theme memory (but its date), the parameters, the notebook,
    the page template and the versions of labsynth and of the language model."""
    from importlib import metadata

    from labsynth import __version__
    from labsynth.project import corpus_fingerprint

    digest = hashlib.sha256()
    digest.update(corpus_fingerprint(project).encode())
    for path in sorted((project.root / "pseudonymisation").glob("*")):  # register, memory
        if path.is_file():
            digest.update(path.name.encode() + hashlib.sha256(path.read_bytes()).digest())
    memory = project.root / "themes_state.json"
    if memory.is_file():
        try:
            state = json.loads(memory.read_text(encoding="utf-8"))
            state.pop("written", None)
            digest.update(json.dumps(state, sort_keys=True).encode())
        except (ValueError, OSError):
            digest.update(b"unreadable memory")
    shown = params.model_dump(exclude={"output_dir", "corpora", "project"})
    digest.update(json.dumps(shown, sort_keys=True, default=str).encode())
    for path in [notebook, *sorted((templates / "labsynth").rglob("*"))]:
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    try:
        model = metadata.version(project.spec.nlp.model)
    except metadata.PackageNotFoundError:
        model = "absent"
    digest.update(f"{__version__}|{project.spec.nlp.model}|{model}".encode())
    return digest.hexdigest()


def _check_inputs(project: Project) -> None:
    """The designer's files are checked before anything runs (seconds, not a failed
    notebook after 15 s): codebook.yml, insights.yml, codage.csv, and the register of
    the pseudonymisation."""
    from labsynth.codebook import load_codebook
    from labsynth.coding import read_hand_coding
    from labsynth.evidence import load_insights
    from labsynth.project import raw_files

    load_codebook(project)
    load_insights(project)
    read_hand_coding(project)
    if not raw_files(project.raw_dir):
        raise LabsynthError("LS506", f"rien à analyser : aucun fichier dans {project.raw_dir}. "
                            "Déposez-y vos entretiens, contributions et notes, puis vérifiez "
                            f"avec « labsynth check {project.root.name} ». Aucun rapport "
                            "n'est produit.")
    if project.spec.pseudonymisation.enabled:
        from labsynth.anonymise.ledger import read_decisions

        read_decisions(project)


def _rerun_values(project: Project, params: ReportParams, output_dir: str | None
                  ) -> dict[str, Any]:
    """The parameters shown in the executed notebook: the project by name when it sits in
    a ``corpora`` folder (found again from any folder of the repository), the report
    folder only when the designer chose one."""
    values = params.model_dump()
    if project.root.resolve().parent.name == "corpora":
        values.update(project=project.name, corpora="corpora")
    values["output_dir"] = output_dir
    return values


def render_report(project: Project | str | Path, parameters: dict[str, Any] | None = None,
                  *, corpora: str | Path = "corpora", notebook: Path = NOTEBOOK,
                  templates: Path = TEMPLATES, kernel: str = KERNEL,
                  force: bool = False) -> ReportResult:
    """Check the parameters, execute the report notebook, render the HTML page.

    The page, the executed notebook, ``themes.xlsx`` and the theme tables are written as
    one set (:class:`labsynth.outputs.OutputSet`): into ``reports/<project>/`` for the
    project's own settings, into ``reports/<project>/essais/<settings>/`` when
    ``n_themes`` or ``seed`` differ from ``project.yml`` (an exploratory run, which does
    not touch the theme memory), or into ``output_dir``.

    Parameters
    ----------
    project : Project, str or Path
        The project, its name under ``corpora`` or its folder.
    parameters : dict, optional
        Notebook parameters (:class:`ReportParams` fields other than ``project``).
    corpora : str or Path
        Folder of the projects.
    notebook, templates : Path
        The notebook and the nbconvert templates folder (the repository's by default).
    kernel : str
        Jupyter kernel name.
    force : bool
        Run even when nothing changed since the folder's last report.

    Returns
    -------
    ReportResult

    Raises
    ------
    ProjectError
        The project is missing, or its ``project.yml`` or ``codebook.yml`` invalid.
    ReportError
        ``LS601`` bad parameters (nothing runs), ``LS602`` kernel missing, ``LS603`` a cell
        failed (named; the executed notebook is kept beside the previous report as
        ``insight_report.erreur.ipynb``), ``LS606`` the page would load something from
        outside, ``LS607`` notebook or template missing, ``LS608`` folder not writable.
    """
    from labsynth.codebook import exploration
    from labsynth.outputs import MANIFEST, OutputSet, output_folder, read_manifest

    start = time.perf_counter()
    if not isinstance(project, Project):
        project = load_project(project, corpora)
    values = {"corpora": str(Path(corpora).resolve()), **(parameters or {}),
              "project": str(project.root.resolve())}
    params = validate_parameters(values, project)
    _check_inputs(project)
    for path, what in ((notebook, "le carnet"), (templates / "labsynth", "le modèle de page")):
        if not path.exists():
            raise ReportError("LS607", f"{what} {path} est introuvable : labsynth doit être "
                              "installé depuis son dépôt (make install, ou pip install -e .).")
    overrides = exploration(project, params.n_themes, params.seed)
    output = output_folder(project, overrides, params.output_dir).resolve()
    files = ("insight_report.html", "insight_report.ipynb", "themes.xlsx")

    def result(**extra: Any) -> ReportResult:
        return ReportResult(project.name, *(output / f for f in files),
                            time.perf_counter() - start, folder=output,
                            exploratory=overrides, **extra)

    inputs = _inputs_digest(project, params, notebook, templates)
    before = read_manifest(output)
    if not force and before.get("inputs") == inputs and before.get("kind") == "report" and \
            all((output / f).is_file() for f in [*before.get("files", []), MANIFEST]):
        return result(run_id=before["run_id"], up_to_date=True)
    try:
        output.mkdir(parents=True, exist_ok=True)
        out = OutputSet(output).__enter__()
    except OSError as exc:
        raise ReportError("LS608", f"impossible d'écrire dans le dossier {output} "
                          f"({exc.strerror or exc}) : choisissez un autre output_dir.") from None
    try:
        staged = params.model_copy(update={"output_dir": str(out.staging)})
        shown = _rerun_values(project, params, (parameters or {}).get("output_dir"))
        executed = out.path("insight_report.ipynb")
        try:
            _execute(staged, executed, notebook, kernel, shown,
                     output / "insight_report.ipynb")
        except ReportError as exc:
            if exc.code == "LS603" and executed.is_file():
                kept = output / "insight_report.erreur.ipynb"
                os.replace(executed, kept)
                exc = ReportError("LS603", f"{exc.message} Le carnet exécuté, avec l'erreur, "
                                  f"est dans {kept} ; le rapport précédent est intact.",
                                  cell_index=exc.cell_index)
            raise exc from None
        draft = read_manifest(out.staging)
        html = _render_html(executed, project.spec.title, templates, draft.get("run_id", ""))
        _write_atomic(out.path("insight_report.html"), html)
        _record_run(executed, draft.get("run_id", ""))
        out.manifest.update(kind="report", inputs=_inputs_digest(project, params, notebook,
                                                                   templates))
    except BaseException as exc:
        out.__exit__(type(exc), exc, None)
        raise
    out.__exit__(None, None, None)
    with contextlib.suppress(FileNotFoundError):
        (output / "insight_report.erreur.ipynb").unlink()
    return result(run_id=out.manifest["run_id"], removed=out.removed)


def _record_run(executed: Path, run_id: str) -> None:
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    nb.metadata["labsynth"] = {"run_id": run_id}
    nbformat.write(nb, executed)


@dataclass(frozen=True)
class Outcome:
    """One project of :func:`render_all`: its result or the error that stopped it."""

    project: str
    result: ReportResult | None = None
    error: LabsynthError | None = None


def render_all(corpora: str | Path = "corpora", parameters: dict[str, Any] | None = None,
               **options: Any) -> list[Outcome]:
    """Render the report of every project under ``corpora`` (folders with a
    ``project.yml``, by name); a failing project does not stop the others. An
    ``output_dir`` parameter is the parent of one folder per project.

    Returns
    -------
    list of Outcome
        One per project, in name order.
    """
    folders = sorted(p.parent for p in Path(corpora).glob(f"*/{PROJECT_FILE}"))
    if not folders:
        raise ReportError("LS609", f"aucun projet (dossier avec {PROJECT_FILE}) sous {corpora}.")
    outcomes = []
    for folder in folders:
        values = dict(parameters or {})
        if values.get("output_dir"):  # one sub-folder per project
            values["output_dir"] = str(Path(values["output_dir"]) / folder.name)
        try:
            outcomes.append(Outcome(folder.name, render_report(
                folder, values, corpora=corpora, **options)))
        except LabsynthError as exc:
            outcomes.append(Outcome(folder.name, error=exc))
    return outcomes
