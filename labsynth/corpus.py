"""A project's raw files to the documents and segments tables, with nothing lost.

Every file under ``raw/`` ends in exactly one of three states, listed in the inventory:
read, refused (with a :class:`~labsynth.errors.CorpusError` naming it), or ignored
(system files, temporary lock files, ``ignore`` patterns). Within a read file, every row
or cue is either a document/segment or a refusal with its line.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, pairwise
from pathlib import Path

import pandas as pd

from labsynth.errors import CorpusError
from labsynth.ingest import Document, read_file, why_ignored
from labsynth.ingest.document import (
    CONTROL_CHARS_RE,
    TableDocuments,
    control_warning,
    non_blank,
)
from labsynth.ingest.tables import cell_text
from labsynth.project import Project, load_project, walk_raw
from labsynth.schema import (
    DOCUMENT_COLUMNS,
    SEGMENT_COLUMNS,
    validate_documents,
    validate_segments,
)
from labsynth.segment import segment_document, segment_table

__all__ = ["Corpus", "FileReport", "ingest", "read_corpus"]

_WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")


def count_words(text: str) -> int:
    """Number of words, an apostrophe or hyphen joining its parts (« aujourd'hui » = 1)."""
    return len(_WORD_RE.findall(text))


_WORD_CHAR_RE = re.compile(r"\w")
_JOINERS = (ord("-"), ord("'"), ord("’"))


@lru_cache(maxsize=1)
def _bmp_word_chars():
    """Which code points of the Basic Multilingual Plane Python's ``\\w`` matches."""
    import numpy as np

    table = np.zeros(0x10000, dtype=bool)
    for match in re.finditer(r"\w+", "".join(map(chr, range(0x10000)))):
        table[match.start():match.end()] = True
    return table


def _count_words_numpy(text: str) -> int:
    import numpy as np

    data = text.encode("utf-16-le", "surrogatepass")
    if len(data) == 2 * len(text):  # no character beyond U+FFFF: one unit per character
        codes = np.frombuffer(data, dtype=np.uint16)
        lower = codes | 0x20  # ASCII letters by arithmetic, the rest from the table
        word = (lower >= ord("a")) & (lower <= ord("z"))
        word |= (codes >= ord("0")) & (codes <= ord("9"))
        word |= codes == ord("_")
        high = np.flatnonzero(codes >= 0x80)
        word[high] = _bmp_word_chars()[codes[high]]
    else:
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        present = np.zeros(0x110000, dtype=bool)
        present[codes] = True
        distinct = np.flatnonzero(present)
        is_word = np.zeros(0x110000, dtype=bool)
        is_word[distinct] = [_WORD_CHAR_RE.match(chr(c)) is not None for c in distinct]
        word = is_word[codes]
    runs = int(word[0]) + int(np.count_nonzero(word[1:] & ~word[:-1]))
    inner = codes[1:-1]
    joiner = (inner == _JOINERS[0]) | (inner == _JOINERS[1]) | (inner == _JOINERS[2])
    return runs - int(np.count_nonzero(joiner & word[:-2] & word[2:]))


def count_words_in(texts: list[str]) -> int:
    """``sum(count_words(t) for t in texts)``, with numpy on many texts.

    Python's matcher counts about 6 MB of text per second here (3.4 s for a 100,000-row
    export). The count is the same computed over code points: every match of
    :data:`_WORD_RE` is a chain of maximal runs of word characters linked by one
    apostrophe or hyphen, so words = runs - links. Word characters are Python's own
    ``\\w`` (regular-expression libraries with Unicode classes, such as RE2, differ from
    it on thousands of code points). Texts are joined by line breaks, a million
    characters at a time.
    """
    ends = list(accumulate(len(t) + 1 for t in texts))
    total, start = 0, 0
    while start < len(texts):
        stop = min(bisect_left(ends, (ends[start - 1] if start else 0) + 1_000_000) + 1,
                   len(texts))
        chunk = texts[start:stop]
        if ends[stop - 1] - (ends[start - 1] if start else 0) < 20_000:
            total += sum(count_words(t) for t in chunk)
        else:
            total += _count_words_numpy("\n".join(chunk))
        start = stop
    return total


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


def _rename_metadata(parts: list[_Part], warnings: list[CorpusError]) -> None:
    reserved = set(SEGMENT_COLUMNS) | set(DOCUMENT_COLUMNS)
    renamed: dict[str, str] = {}
    for part in parts:
        if part.table is not None:
            if len(part.table):
                metadata = part.table.metadata
                for key in [k for k in metadata if k in reserved]:
                    renamed.setdefault(key, part.table.path)
                    metadata[f"meta_{key}"] = metadata.pop(key)
            continue
        for document in part.documents:
            for key in [k for k in document.metadata if k in reserved]:
                renamed.setdefault(key, document.path)
                document.metadata[f"meta_{key}"] = document.metadata.pop(key)
    for key, path in renamed.items():
        warnings.append(CorpusError(
            "LS240", f"la colonne de métadonnées « {key} » porte le nom d'une colonne de "
            f"labsynth ; elle est renommée « meta_{key} ».", path))


@dataclass
class _Part:
    """The documents and segments of one read file: objects, or columns for a table."""

    documents: list[Document] = field(default_factory=list)
    segments: list[dict] = field(default_factory=list)
    n_segments: list[int] = field(default_factory=list)
    table: TableDocuments | None = None
    table_segments: dict[str, list] | None = None


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
    parts: list[_Part] = []
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
            result = read_file(path, rel, project.settings_for(rel), columnar=True)
            if result.table is not None and result.table.kind != "contribution":
                # a table of notes or interviews is cut in paragraphs: Document objects
                result.documents, result.table = result.table.documents(), None
            part = _Part(table=result.table)
            n_documents = len(result.table) if result.table is not None else len(
                result.documents)
            if not n_documents and not result.refusals:
                raise CorpusError("LS206", "aucun texte à lire (un tableau sans ligne de "
                                  "données ?). Vérifiez que c'est le bon fichier.", rel)
            if result.table is not None:
                part.table_segments = segment_table(result.table, seg_spec.max_chars)
                some = bool(part.table_segments["text"])
            else:
                segmented = [segment_document(d, seg_spec.max_chars, seg_spec.min_chars)
                             for d in result.documents]
                some = any(segmented)
            if n_documents and not some and not result.refusals:
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
        if result.table is not None:
            _report_table(report, result.table, part.table_segments)
        else:
            _report_documents(report, result.documents, segmented, part, warnings, rel,
                              result.n_rows is None)
        parts.append(part)
        files.append(report)
    files.sort(key=lambda f: f.path)
    _rename_metadata(parts, warnings)
    docs_df, segs_df = _tables(parts)
    return Corpus(project, validate_documents(docs_df), validate_segments(segs_df), files,
                  refusals, warnings)


def _report_table(report: FileReport, table: TableDocuments,
                  segments: dict[str, list]) -> None:
    """The account of a table read by columns (what :func:`_report_documents` gives)."""
    report.n_segments = len(segments["text"])
    report.n_words = count_words_in(segments["text"])
    if len(table):
        report.kinds.append(table.kind)
    report.n_documents = len(table)


def _report_documents(report: FileReport, documents: list[Document],
                      segmented: list[list[dict]], part: _Part,
                      warnings: list[CorpusError], rel: str, is_text: bool) -> None:
    speakers: dict[str, None] = {}
    for document, rows in zip(documents, segmented, strict=True):
        warnings.extend(document.warnings)
        part.n_segments.append(len(rows))
        part.segments.extend(rows)
        report.n_segments += len(rows)
        report.n_words += sum(count_words(r["text"]) for r in rows)
        speakers.update((r["speaker"], None) for r in rows if r["speaker"] and
                        document.kind == "interview")
        if document.kind not in report.kinds:
            report.kinds.append(document.kind)
        if is_text:
            _account_text(report, document, rows)
            found = CONTROL_CHARS_RE.findall(document.text)
            if found:
                warnings.append(control_warning(found[0], len(found), "caractère(s)",
                                                rel, document.line_at(
                                                    CONTROL_CHARS_RE.search(
                                                        document.text).start())))
    report.n_documents = len(documents)
    report.speakers = list(speakers)
    part.documents = documents


def _account_text(report: FileReport, document: Document, rows: list[dict]) -> None:
    """Add a text document's non-blank characters to the account of its file."""
    report.n_chars += non_blank(document.text)
    report.n_chars_segments += sum(non_blank(r["text"]) for r in rows)
    report.n_chars_labels += sum(non_blank(document.text[t.label_start:t.start])
                                 for t in document.turns or () if t.label_start is not None)
    report.n_chars_reported += document.reported_chars


def _tables(parts: list[_Part]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The documents and segments tables, built a column at a time in Arrow: a table's
    segments take their document's fields (id, date, author, row, metadata, and the text
    when the segment is the whole document) with ``take`` instead of a copy per segment
    in Python."""
    import pyarrow as pa

    meta_columns: dict[str, None] = {}
    for part in parts:
        if part.table is not None:
            if len(part.table):
                meta_columns.update(dict.fromkeys(part.table.metadata))
            continue
        for document in part.documents:
            meta_columns.update(dict.fromkeys(document.metadata))
    doc_names = [*DOCUMENT_COLUMNS, *meta_columns]
    seg_names = [*SEGMENT_COLUMNS, *meta_columns]
    types = {**dict.fromkeys(meta_columns, "str"), **DOCUMENT_COLUMNS, **SEGMENT_COLUMNS}
    docs: dict[str, list] = {c: [] for c in doc_names}
    segs: dict[str, list] = {c: [] for c in seg_names}
    for part in parts:
        if part.table is None:
            doc_lists: dict[str, list] = {c: [] for c in doc_names}
            seg_lists: dict[str, list] = {c: [] for c in seg_names}
            _add_documents(part, doc_lists, seg_lists, meta_columns)
            for c in doc_names:
                docs[c].append(_arrow(doc_lists[c], types[c]))
            for c in seg_names:
                segs[c].append(_arrow(seg_lists[c], types[c]))
            continue
        table, seg = part.table, part.table_segments
        n, m = len(table), len(seg["document"])
        # one segment per document, in order (the usual export): the documents' columns
        # are the segments' as they are, shared rather than copied by a take
        same = m == n and seg["document"] == list(range(n))
        which = None if same else pa.array(seg["document"], type=pa.int64())
        take = _taker(which)
        doc = {"doc_id": _arrow(table.doc_id, "str"), "path": _arrow([table.path] * n, "str"),
               "kind": _arrow([table.kind] * n, "str"), "title": _arrow(table.title, "str"),
               "date": _arrow(table.date, "str"), "author": _arrow(table.author, "str"),
               "row": _arrow(table.row, "Int64"),
               "n_segments": _arrow(seg["n_segments"], "int64"),
               "text": _arrow(table.text, "str")}
        for column in meta_columns:
            values = table.metadata.get(column)
            doc[column] = _arrow([None] * n if values is None else [
                v if type(v) is str and v and "\r" not in v and not v.isspace()
                else _meta(v) for v in values], "str")  # text cells: no call
        whole = [seg["text"][k] is table.text[i] for k, i in enumerate(seg["document"])]
        sg = {"segment_id": _arrow(seg["segment_id"], "str"),
              "doc_id": take(doc["doc_id"]), "path": _arrow([table.path] * m, "str"),
              "kind": _arrow([table.kind] * m, "str"), "date": take(doc["date"]),
              "speaker": take(doc["author"]), "role": _arrow(seg["role"], "str"),
              "position": _arrow(seg["position"], "int64"),
              "char_start": _arrow(seg["char_start"], "int64"),
              "char_end": _arrow(seg["char_end"], "int64"), "line": take(doc["row"]),
              "time_start": _arrow(seg["time_start"], "Float64"),
              "time_end": _arrow(seg["time_end"], "Float64"),
              "text": doc["text"] if same and all(whole) else _segment_texts(
                  doc["text"], seg["document"], whole, seg["text"]),
              "text_pseudonymised": _arrow([None] * m, "str")}
        for column in meta_columns:
            sg[column] = take(doc[column])
        for c in doc_names:
            docs[c].append(doc[c])
        for c in seg_names:
            segs[c].append(sg[c])
    docs_df = pd.DataFrame({c: _pandas(docs[c], types[c]) for c in doc_names},
                           columns=doc_names)
    segs_df = pd.DataFrame({c: _pandas(segs[c], types[c]) for c in seg_names},
                           columns=seg_names)
    return docs_df, segs_df


def _taker(which):
    """``array.take(which)``, or the array itself when ``which`` is None (the identity)."""
    return (lambda array: array) if which is None else (lambda array: array.take(which))


def _segment_texts(texts, which: list[int], whole: list[bool], segment_texts: list[str]):
    """Segment texts as Arrow chunks: each run of whole documents in order is a slice of
    the documents' column (shared, not copied), the other segments (cut or trimmed) are
    converted. No take: a take copies every text, and one with null indices sizes its
    output as if they were index 0 (a 10 MB answer cut in 7,000 segments asked for
    78 GB)."""
    import numpy as np
    import pyarrow as pa

    if not which:
        return pa.chunked_array([], type=pa.large_string())
    is_whole = np.asarray(whole, dtype=bool)
    document = np.asarray(which, dtype=np.int64)
    # a run ends where wholeness changes, or where whole segments skip a document
    breaks = np.flatnonzero((is_whole[1:] != is_whole[:-1])
                            | (is_whole[1:] & (document[1:] != document[:-1] + 1))) + 1
    bounds = [0, *breaks.tolist(), len(which)]
    chunks = [texts.slice(which[a], b - a) if whole[a] else _arrow(segment_texts[a:b], "str")
              for a, b in pairwise(bounds)]
    return pa.chunked_array(chunks, type=pa.large_string())


_ARROW_TYPES = {"str": "large_string", "int64": "int64", "Int64": "int64", "Float64": "float64"}


def _arrow(values: list, dtype: str):
    """A column of the tables as an Arrow array (text converted in C, not value by value
    by pandas; a constant or empty text column not converted at all)."""
    import pyarrow as pa

    kind = getattr(pa, _ARROW_TYPES[dtype])()
    if dtype == "str" and values and values.count(values[0]) == len(values):
        if values[0] is None:
            return pa.nulls(len(values), kind)
        if type(values[0]) is str:
            return pa.repeat(pa.scalar(values[0], kind), len(values))
    try:
        return pa.array(values, type=kind)
    except (pa.ArrowException, TypeError):
        if dtype != "str":
            raise
        # not all text (a number typed in project.yml): as pandas' astype("str") writes it
        return pa.array(pd.Series(values, dtype=object).astype(_text_dtype())).cast(kind)


def _pandas(arrays: list, dtype: str):
    """Arrow arrays (one per file) as one pandas column of the contract's dtype."""
    import pyarrow as pa

    kind = getattr(pa, _ARROW_TYPES[dtype])()
    if dtype == "str":  # chunks kept as they are: one file's column is not copied
        chunks = [c for a in arrays
                  for c in (a.chunks if isinstance(a, pa.ChunkedArray) else [a])]
        return pd.array(pa.chunked_array(chunks, type=kind), dtype=_text_dtype())
    array = (arrays[0] if len(arrays) == 1 else pa.concat_arrays(arrays) if arrays
             else pa.array([], type=kind))
    if dtype == "int64":
        return array.to_numpy()
    return pd.api.types.pandas_dtype(dtype).__from_arrow__(array)


@lru_cache(maxsize=1)
def _text_dtype() -> pd.api.extensions.ExtensionDtype:
    """pandas 3's text dtype, ``"str"`` (Arrow-backed, NaN for a missing value), by a
    name pandas 2.2 knows too: there ``"str"`` is numpy's ``str``, which turns a missing
    value into the text « None »."""
    try:
        return pd.StringDtype("pyarrow", na_value=float("nan"))  # pandas >= 2.3
    except TypeError:  # pandas 2.2
        return pd.StringDtype("pyarrow_numpy")


def _add_documents(part: _Part, docs: dict[str, list], segs: dict[str, list],
                   meta_columns: dict[str, None]) -> None:
    by_id = {}
    for d, n_segments in zip(part.documents, part.n_segments, strict=True):
        by_id[d.doc_id] = d
        for column, value in (("doc_id", d.doc_id), ("path", d.path), ("kind", d.kind),
                              ("title", d.title), ("date", d.date), ("author", d.author),
                              ("row", d.row), ("n_segments", n_segments), ("text", d.text)):
            docs[column].append(value)
        for column in meta_columns:
            docs[column].append(_meta(d.metadata.get(column)))
    for row in part.segments:
        d = by_id[row["doc_id"]]
        row.update(path=d.path, kind=d.kind, date=d.date, text_pseudonymised=None)
        for column in SEGMENT_COLUMNS:
            segs[column].append(row[column])
        for column in meta_columns:
            segs[column].append(_meta(d.metadata.get(column)))


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
