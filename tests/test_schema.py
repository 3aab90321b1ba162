"""Column contracts: a broken table is caught, with what is wrong."""

from __future__ import annotations

import pandas as pd
import pytest

from labsynth.errors import LabsynthError
from labsynth.schema import SEGMENT_COLUMNS, check_verbatim, validate_segments


def _segments() -> pd.DataFrame:
    rows = [{"segment_id": "e.txt#0", "doc_id": "e.txt", "path": "e.txt", "kind": "interview",
             "date": None, "speaker": "Léa", "role": "participant", "position": 0,
             "char_start": 6, "char_end": 17, "line": 1, "time_start": None, "time_end": None,
             "text": "Le bus, ben", "text_pseudonymised": None}]
    return pd.DataFrame(rows, columns=list(SEGMENT_COLUMNS)).astype(SEGMENT_COLUMNS)


def test_valid_table_passes_and_verbatim_holds():
    segments = _segments()
    assert validate_segments(segments) is segments
    documents = pd.DataFrame({"doc_id": ["e.txt"], "text": ["Léa : Le bus, ben non."]})
    assert check_verbatim(segments, documents) == []
    documents.loc[0, "text"] = "Léa : Le car, ben non."
    assert check_verbatim(segments, documents) == ["e.txt#0"]


@pytest.mark.parametrize(("change", "message"), [
    (lambda df: df.drop(columns=["role"]), "colonne manquante : role"),
    (lambda df: pd.concat([df, df]), "segment_id en double"),
    (lambda df: df.assign(role="orateur"), "role inconnu"),
    (lambda df: df.assign(kind="entretien"), "kind inconnu"),
    (lambda df: df.assign(char_end=6), "longueur nulle"),
    (lambda df: df.assign(text="Le bus"), "longueur du texte"),
    (lambda df: df.assign(position=3), "segment_id différent de doc_id#position"),
])
def test_broken_contract_is_an_internal_error(change, message):
    with pytest.raises(LabsynthError, match="LS901") as info:
        validate_segments(change(_segments()))
    assert message in str(info.value)
