"""Readers of raw files, one small module per family, chosen by suffix.

``READERS`` is a plain ``{suffix: reader}`` mapping; a reader takes the file's path, its
posix path relative to ``raw/`` and its :class:`~labsynth.project.FileSettings`, and
returns a :class:`ReadResult`, or raises :class:`~labsynth.errors.CorpusError` when the
whole file must be refused.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from labsynth.errors import CorpusError
from labsynth.ingest.document import Document, ReadResult, Turn
from labsynth.ingest.guards import ZIP_SUFFIXES, check_file, check_zip
from labsynth.ingest.office import read_docx, read_odt
from labsynth.ingest.subtitles import read_subtitles
from labsynth.ingest.tables import read_csv, read_json, read_jsonl, read_ods, read_xlsx
from labsynth.ingest.text import read_text
from labsynth.project import FileSettings

__all__ = ["READERS", "Document", "ReadResult", "Turn", "read_file", "why_ignored"]

Reader = Callable[[Path, str, FileSettings], ReadResult]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".docx": read_docx,
    ".odt": read_odt,
    ".vtt": read_subtitles,
    ".srt": read_subtitles,
    ".csv": read_csv,
    ".tsv": read_csv,
    ".xlsx": read_xlsx,
    ".ods": read_ods,
    ".json": read_json,
    ".jsonl": read_jsonl,
}

_ADVICE = {
    ".doc": "ancien format Word : ouvrez-le et enregistrez-le en .docx",
    ".xls": "ancien format Excel : enregistrez-le en .xlsx ou en CSV",
    ".pdf": "les PDF ne sont pas lus : exportez le texte en .docx ou .txt",
    ".rtf": "enregistrez-le en .docx ou en .txt",
    ".pages": "exportez-le en .docx",
    ".numbers": "exportez-le en .xlsx ou en CSV",
    ".mp3": "les enregistrements audio ne sont pas transcrits : déposez la transcription",
    ".m4a": "les enregistrements audio ne sont pas transcrits : déposez la transcription",
    ".wav": "les enregistrements audio ne sont pas transcrits : déposez la transcription",
    ".mp4": "les vidéos ne sont pas transcrites : déposez la transcription (.vtt, .srt, .txt)",
}

_SYSTEM_FILES = {".ds_store", "thumbs.db", "desktop.ini"}
_ZIP_LABELS = {".docx": "document .docx", ".odt": "document .odt", ".xlsx": "classeur .xlsx",
               ".ods": "classeur .ods"}


def why_ignored(rel_path: str) -> str | None:
    """Reason to skip a system or temporary file silently-but-listed, else None."""
    name = rel_path.rsplit("/", 1)[-1]
    if name.lower() in _SYSTEM_FILES:
        return "fichier système"
    if name.startswith("~$") or name.startswith(".~lock"):
        return "fichier temporaire d'un document ouvert"
    if any(part.startswith(".") for part in rel_path.split("/")):
        return "fichier caché"
    return None


def read_file(path: Path, rel_path: str, settings: FileSettings) -> ReadResult:
    """Read one raw file with the reader of its suffix.

    The file is checked first (:mod:`labsynth.ingest.guards`): a FIFO, a device, a link
    loop, a file above the size limit or a decompression bomb is refused without being
    read.

    Raises
    ------
    CorpusError
        Unknown suffix, special, unreadable, too big or empty file (the caller lists it
        as refused).
    """
    status = check_file(path, rel_path, settings.limits)
    if not os.access(path, os.R_OK):
        raise CorpusError("LS208", "lecture interdite (droits du fichier). Copiez-le dans "
                          "raw/ depuis votre explorateur de fichiers.", rel_path)
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        advice = _ADVICE.get(suffix, "formats acceptés : " + " ".join(sorted(READERS)))
        raise CorpusError("LS205", f"format « {suffix or 'sans extension'} » non pris en "
                          f"charge ; {advice}.", rel_path)
    if status.st_size == 0:
        raise CorpusError("LS201", "fichier vide. Retirez-le du dossier raw/ ou remplacez-le "
                          "par le bon fichier.", rel_path)
    if suffix in ZIP_SUFFIXES:
        check_zip(path, rel_path, settings.limits, _ZIP_LABELS[suffix])
    try:
        return reader(path, rel_path, settings)
    except OSError as exc:  # the file vanished or became unreadable while it was read
        raise CorpusError("LS209", f"lecture interrompue ({exc.strerror or exc}). Vérifiez que "
                          "le fichier est complet et accessible, puis relancez.",
                          rel_path) from None
