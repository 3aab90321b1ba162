"""A project's raw files to the documents and segments tables, with nothing lost.

Every file under ``raw/`` ends in exactly one of three states, listed in the inventory:
read, refused (with a :class:`~labsynth.errors.CorpusError` naming it), or ignored
(system files, temporary lock files, ``ignore`` patterns). Within a read file, every row
or cue is either a document/segment or a refusal with its line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from labsynth.errors import CorpusError
from labsynth.ingest import Document, read_file, why_ignored
from labsynth.ingest.document import CONTROL_CHARS_RE, control_warning, non_blank
from labsynth.ingest.tables import cell_text
from labsynth.project import Project, load_project, walk_raw
from labsynth.schema import (
    DOCUMENT_COLUMNS,
    SEGMENT_COLUMNS,
    validate_documents,
    validate_segments,
)
from labsynth.segment import segment_document

__all__ = ["Corpus", "FileReport", "ingest", "read_corpus"]

_WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")


def count_words(text: str) -> int:
    """Number of words, an apostrophe or hyphen joining its parts (« aujourd'hui » = 1)."""
    return len(_WORD_RE.findall(text))


@dataclass
class FileReport:
    """What happened to one raw file."""

    path: str
    status: str  # "read", "refused" or "ignored"
    reason: str = ""
    kinds: list[str] = field(default_factory=list)
    n_documents: int = 0
    n_segments: int = 0
    n_words: int = 0
    speakers: list[str] = field(default_factory=list)
    n_refused: int = 0
    n_empty_rows: int = 0
    notes: list[str] = field(default_factory=list)
    n_rows: int | None = None
    n_header_rows: int = 0
    n_chars: int = 0
    n_chars_segments: int = 0
    n_chars_labels: int = 0
    n_chars_reported: int = 0

    @property
    def rows_accounted(self) -> bool:
        """For a table: rows in the file == header and title lines + rows read + rows
        refused + empty rows."""
        return self.n_rows is None or self.n_rows == (
            self.n_header_rows + self.n_documents + self.n_refused + self.n_empty_rows)

    @property
    def chars_accounted(self) -> bool:
        """For a text: every non-blank character is in a segment, in a speaker label, or
        in a reported refusal or warning."""
        return self.n_rows is not None or self.n_chars == (
            self.n_chars_segments + self.n_chars_labels + self.n_chars_reported)


@dataclass
class Corpus:
    """A read project: its tables and the account of every file.

    Attributes
    ----------
    project : Project
    documents : pandas.DataFrame
        One row per document (columns of :data:`labsynth.schema.DOCUMENT_COLUMNS` plus
        metadata).
    segments : pandas.DataFrame
        One row per segment (columns of :data:`labsynth.schema.SEGMENT_COLUMNS` plus
        metadata).
    files : list of FileReport
        One per file under ``raw/``, sorted by path.
    refusals : list of CorpusError
        Refused files, rows and cues, each naming its file and line.
    warnings : list of CorpusError
        Facts that lose nothing (unreadable date, missing WEBVTT header...).
    """

    project: Project
    documents: pd.DataFrame
    segments: pd.DataFrame
    files: list[FileReport]
    refusals: list[CorpusError]
    warnings: list[CorpusError]

    def for_analysis(self, include_interviewers: bool = False) -> pd.DataFrame:
        """The segments themes are built from.

        Interviewer turns are left out unless asked for, and so is the text before the
        first speaker of an interview (its title and context lines); participants'
        turns, contributions and field notes are kept.
        """
        segments = self.segments
        keep = ~((segments["kind"] == "interview") & segments["speaker"].isna())
        if not include_interviewers:
            keep &= segments["role"] != "interviewer"
        return segments[keep]

    @property
    def metadata_columns(self) -> list[str]:
        """The metadata columns the project's files brought, in order of appearance."""
        return [c for c in self.segments.columns if c not in SEGMENT_COLUMNS]


def _rename_metadata(documents: list[Document], warnings: list[CorpusError]) -> None:
    reserved = set(SEGMENT_COLUMNS) | set(DOCUMENT_COLUMNS)
    renamed: dict[str, str] = {}
    for document in documents:
        for key in [k for k in document.metadata if k in reserved]:
            renamed.setdefault(key, document.path)
            document.metadata[f"meta_{key}"] = document.metadata.pop(key)
    for key, path in renamed.items():
        warnings.append(CorpusError(
            "LS240", f"la colonne de métadonnées « {key} » porte le nom d'une colonne de "
            f"labsynth ; elle est renommée « meta_{key} ».", path))


def read_corpus(project: Project | str | Path) -> Corpus:
    """Read every raw file of a project into documents and segments.

    Parameters
    ----------
    project : Project, str or Path
        A loaded project, or a name/path given to :func:`labsynth.load_project`.

    Returns
    -------
    Corpus
        Tables, per-file inventory, refusals and warnings. Nothing raises for a user's bad
        file: it is refused and listed, and the other files are still read.
    """
    if not isinstance(project, Project):
        project = load_project(project)
    files: list[FileReport] = []
    refusals: list[CorpusError] = []
    warnings: list[CorpusError] = []
    documents: list[Document] = []
    segment_rows: list[dict] = []
    n_segments: dict[str, int] = {}
    seg_spec = project.spec.segmentation
    walk = walk_raw(project.raw_dir)
    for error in walk.refused:
        refusals.append(error)
        files.append(FileReport(error.path, "refused", error.reason))
    files.extend(FileReport(rel, "ignored", reason) for rel, reason in walk.ignored)
    raw_root = os.path.realpath(project.raw_dir)
    for path, rel in walk.files:
        reason = why_ignored(rel)
        pattern = project.is_ignored(rel)
        if reason or pattern:
            files.append(FileReport(rel, "ignored", reason or f"motif ignore « {pattern} »"))
            continue
        if rel in walk.renamed:
            warnings.append(CorpusError(
                "LS267", "nom de fichier qui n'est pas en UTF-8 (écrit par un ancien outil "
                "Windows ?) : il est lu et montré comme ici, en Windows-1252. Renommez-le "
                "pour qu'il s'affiche de la même façon partout.", rel))
        try:
            result = read_file(path, rel, project.settings_for(rel))
            if not result.documents and not result.refusals:
                raise CorpusError("LS206", "aucun texte à lire (un tableau sans ligne de "
                                  "données ?). Vérifiez que c'est le bon fichier.", rel)
            segmented = [segment_document(d, seg_spec.max_chars, seg_spec.min_chars)
                         for d in result.documents]
            if result.documents and not any(segmented) and not result.refusals:
                raise CorpusError("LS206", "aucun texte à lire : le fichier ne contient que "
                                  "des espaces, des titres ou des étiquettes. Vérifiez que "
                                  "c'est le bon fichier.", rel)
        except CorpusError as exc:
            refusals.append(exc)
            files.append(FileReport(rel, "refused", exc.reason))
            continue
        except Exception as exc:  # a reader bug must not cost the rest of the corpus
            error = CorpusError("LS299", f"erreur inattendue en lisant ce fichier "
                                f"({type(exc).__name__} : {exc}). Le reste du corpus est lu ; "
                                "signalez ce cas aux développeurs de labsynth.", rel)
            refusals.append(error)
            files.append(FileReport(rel, "refused", error.reason))
            continue
        report = FileReport(rel, "read", n_refused=len(result.refusals) + result.refused_rows,
                            n_empty_rows=result.skipped_empty, notes=result.notes,
                            n_rows=result.n_rows, n_header_rows=result.n_header_rows)
        target = os.path.realpath(path)
        if os.path.commonpath([raw_root, target]) != raw_root:
            report.notes.append(f"lien vers {target}, hors du dossier raw/")
        refusals.extend(result.refusals)
        warnings.extend(result.warnings)
        speakers: dict[str, None] = {}
        for document, rows in zip(result.documents, segmented, strict=True):
            warnings.extend(document.warnings)
            n_segments[document.doc_id] = len(rows)
            segment_rows.extend(rows)
            report.n_segments += len(rows)
            report.n_words += sum(count_words(r["text"]) for r in rows)
            speakers.update((r["speaker"], None) for r in rows if r["speaker"] and
                            document.kind == "interview")
            if document.kind not in report.kinds:
                report.kinds.append(document.kind)
            if result.n_rows is None:
                _account_text(report, document, rows)
                found = CONTROL_CHARS_RE.findall(document.text)
                if found:
                    warnings.append(control_warning(found[0], len(found), "caractère(s)",
                                                    rel, document.line_at(
                                                        CONTROL_CHARS_RE.search(
                                                            document.text).start())))
        report.n_documents = len(result.documents)
        report.speakers = list(speakers)
        documents.extend(result.documents)
        files.append(report)
    files.sort(key=lambda f: f.path)
    _rename_metadata(documents, warnings)
    docs_df, segs_df = _tables(documents, segment_rows, n_segments)
    return Corpus(project, validate_documents(docs_df), validate_segments(segs_df), files,
                  refusals, warnings)


def _account_text(report: FileReport, document: Document, rows: list[dict]) -> None:
    """Add a text document's non-blank characters to the account of its file."""
    report.n_chars += non_blank(document.text)
    report.n_chars_segments += sum(non_blank(r["text"]) for r in rows)
    report.n_chars_labels += sum(non_blank(document.text[t.label_start:t.start])
                                 for t in document.turns or () if t.label_start is not None)
    report.n_chars_reported += document.reported_chars


def _tables(documents: list[Document], segment_rows: list[dict],
            n_segments: dict[str, int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    meta_columns: dict[str, None] = {}
    for document in documents:
        meta_columns.update(dict.fromkeys(document.metadata))
    doc_records = []
    for d in documents:
        record = {"doc_id": d.doc_id, "path": d.path, "kind": d.kind, "title": d.title,
                  "date": d.date, "author": d.author, "row": d.row,
                  "n_segments": n_segments[d.doc_id], "text": d.text}
        record.update({c: _meta(d.metadata.get(c)) for c in meta_columns})
        doc_records.append(record)
    docs = pd.DataFrame(doc_records, columns=[*DOCUMENT_COLUMNS, *meta_columns])
    docs = docs.astype(DOCUMENT_COLUMNS)
    by_id = {d.doc_id: d for d in documents}
    for row in segment_rows:
        d = by_id[row["doc_id"]]
        row.update(path=d.path, kind=d.kind, date=d.date, text_pseudonymised=None)
        row.update({c: _meta(d.metadata.get(c)) for c in meta_columns})
    segs = pd.DataFrame(segment_rows, columns=[*SEGMENT_COLUMNS, *meta_columns])
    segs = segs.astype(SEGMENT_COLUMNS)
    for column in meta_columns:
        segs[column] = segs[column].astype("str")
        docs[column] = docs[column].astype("str")
    return docs, segs


def _meta(value: object) -> str | None:
    """Metadata as text (a number typed in project.yml and the same column read from a
    table must not make a mixed column that Parquet refuses)."""
    if value is None:
        return None
    text = cell_text(value)
    return text if text.strip() else None


def ingest(project: Project | str | Path) -> pd.DataFrame:
    """The segments table of a project (see :func:`read_corpus` for the full account).

    Parameters
    ----------
    project : Project, str or Path

    Returns
    -------
    pandas.DataFrame
        Schema-checked segments, raw; ``text_pseudonymised`` is empty here and filled
        by :meth:`labsynth.anonymise.Pseudonymisation.apply` for shared outputs.
    """
    return read_corpus(project).segments
