"""Column contracts of the tables passed between stages, and their validation.

Checked at every stage boundary: a broken contract is a labsynth bug, never a user's
mistake, so it raises :class:`~labsynth.errors.LabsynthError` with code ``LS9xx``.
"""

from __future__ import annotations

import pandas as pd

from labsynth.errors import LabsynthError

__all__ = [
    "DOCUMENT_COLUMNS",
    "KINDS",
    "ROLES",
    "SEGMENT_COLUMNS",
    "check_verbatim",
    "validate_documents",
    "validate_segments",
]

KINDS = ("interview", "contribution", "note")
ROLES = ("interviewer", "participant", "unknown")

#: documents: one row per interview, note, or table row
DOCUMENT_COLUMNS: dict[str, str] = {
    "doc_id": "str",
    "path": "str",
    "kind": "str",
    "title": "str",
    "date": "str",
    "author": "str",
    "row": "Int64",
    "n_segments": "int64",
    "text": "str",
}

#: segments: exact slices of their document's text, plus the document's metadata
SEGMENT_COLUMNS: dict[str, str] = {
    "segment_id": "str",
    "doc_id": "str",
    "path": "str",
    "kind": "str",
    "date": "str",
    "speaker": "str",
    "role": "str",
    "position": "int64",
    "char_start": "int64",
    "char_end": "int64",
    "line": "Int64",
    "time_start": "Float64",
    "time_end": "Float64",
    "text": "str",
    "text_pseudonymised": "str",
}


def _fail(table: str, problems: list[str]) -> None:
    if problems:
        raise LabsynthError(
            "LS901",
            f"contrat de la table « {table} » non respecté (erreur interne de labsynth, "
            "merci de la signaler avec ce message) :\n" + "\n".join(f"  - {p}" for p in problems),
        )


def _common(df: pd.DataFrame, columns: dict[str, str], key: str) -> list[str]:
    problems = [f"colonne manquante : {c}" for c in columns if c not in df.columns]
    if problems:
        return problems
    if df[key].isna().any():
        problems.append(f"{key} vide")
    duplicated = df[key][df[key].duplicated()].tolist()
    if duplicated:
        problems.append(f"{key} en double : {duplicated[:5]}")
    bad_kind = sorted(set(df["kind"].dropna().unique()) - set(KINDS))  # unique: in C
    if bad_kind:
        problems.append(f"kind inconnu : {bad_kind}")
    return problems


def validate_documents(documents: pd.DataFrame) -> pd.DataFrame:
    """Check the documents contract; return the table unchanged."""
    _fail("documents", _common(documents, DOCUMENT_COLUMNS, "doc_id"))
    return documents


def validate_segments(segments: pd.DataFrame) -> pd.DataFrame:
    """Check the segments contract; return the table unchanged.

    Checks the columns, unique non-empty ids, ``segment_id == doc_id#position``, roles and
    kinds, non-empty spans whose length equals the text's length.
    """
    problems = _common(segments, SEGMENT_COLUMNS, "segment_id")
    if not problems and len(segments):
        expected = segments["doc_id"] + "#" + segments["position"].astype(str)
        if not (expected == segments["segment_id"]).all():
            problems.append("segment_id différent de doc_id#position")
        bad_role = sorted(set(segments["role"].dropna().unique()) - set(ROLES))
        if bad_role:
            problems.append(f"role inconnu : {bad_role}")
        span = segments["char_end"] - segments["char_start"]
        if (span <= 0).any():
            problems.append("segment de longueur nulle")
        if (span != segments["text"].str.len()).any():
            problems.append("longueur du texte différente de char_end - char_start")
    _fail("segments", problems)
    return segments


def check_verbatim(segments: pd.DataFrame, documents: pd.DataFrame) -> list[str]:
    """Segment ids whose text is not exactly ``document.text[char_start:char_end]``.

    An empty list means every segment (hence every quote drawn from them) is verbatim.
    """
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    return [
        sid for sid, doc_id, start, end, text in zip(
            segments["segment_id"], segments["doc_id"], segments["char_start"],
            segments["char_end"], segments["text"], strict=True)
        if texts.get(doc_id, "")[start:end] != text
    ]
