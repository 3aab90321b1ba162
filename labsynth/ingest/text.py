"""Plain text and Markdown files: transcripts or field notes."""

from __future__ import annotations

from pathlib import Path

from labsynth.ingest.document import ReadResult
from labsynth.ingest.encoding import decode_bytes
from labsynth.ingest.turns import document_from_text
from labsynth.project import FileSettings


def read_text(path: Path, rel_path: str, settings: FileSettings) -> ReadResult:
    """Read a ``.txt`` or ``.md`` file as one document (speaker turns detected)."""
    text, encoding = decode_bytes(path.read_bytes(), rel_path, settings.encoding)
    result = ReadResult(documents=[document_from_text(text, rel_path, settings)])
    result.notes.append(f"encodage {encoding}")
    return result
