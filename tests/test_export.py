"""Writing tables: the three formats, accents for Excel, forbidden characters."""

from __future__ import annotations

import pandas as pd
import pytest

from labsynth.errors import LabsynthError
from labsynth.export import write_table


def test_formats_round_trip(tmp_path):
    table = pd.DataFrame({"text": ["« Ça roule » … œuvre", "ligne\nsuivante"], "n": [1, 2]})
    write_table(table, tmp_path / "a" / "t.csv")
    assert (tmp_path / "a/t.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert pd.read_csv(tmp_path / "a/t.csv")["text"].tolist() == table["text"].tolist()
    write_table(table, tmp_path / "t.parquet")
    assert pd.read_parquet(tmp_path / "t.parquet")["text"].tolist() == table["text"].tolist()


def test_xlsx_replaces_control_characters_excel_forbids(tmp_path):
    table = pd.DataFrame({"text": ["bip\x07 fin", "normal"]})
    write_table(table, tmp_path / "t.xlsx")
    assert pd.read_excel(tmp_path / "t.xlsx")["text"].tolist() == ["bip\ufffd fin", "normal"]


def test_unknown_suffix(tmp_path):
    with pytest.raises(LabsynthError, match="LS301"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.docx")


def test_unwritable_path_is_a_clear_error(tmp_path):
    (tmp_path / "dossier.csv").mkdir()
    with pytest.raises(LabsynthError, match=r"LS302.*dossier\.csv"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "dossier.csv")
