"""Accounting that adds up (issue 13), property-tested on generated inputs: every row of a
table is a header or title line, read, refused or empty; every non-blank character of a
text is in a segment, in a speaker label, or reported."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labsynth.ingest import read_file
from labsynth.ingest.document import non_blank
from labsynth.project import FileSettings
from labsynth.segment import segment_document

WORDS = ["bus", "le soir", "Région", "« local »", "c’est", "trop", "42", ";", ",", '"', "\n",
         "  ", "\t", "Léa :", "é", "", " "]
cell = st.lists(st.sampled_from(WORDS), max_size=6).map("".join)
row = st.lists(cell, min_size=0, max_size=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(row, min_size=1, max_size=25), ids=st.booleans())
def test_every_row_of_a_csv_is_accounted_for(tmp_path_factory, rows, ids):
    header = ["id", "texte", "profil"] if ids else ["texte", "profil", "âge"]
    body = io.StringIO(newline="")
    csv.writer(body, delimiter=";", lineterminator="\n").writerows([header, *rows])
    text = body.getvalue()
    path = tmp_path_factory.mktemp("t") / "avis.csv"
    path.write_text(text, encoding="utf-8")
    records = sum(1 for _ in csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    result = read_file(path, path.name, FileSettings(delimiter=";"))  # sniffing aside
    assert result.n_rows == records
    assert result.n_rows == (result.n_header_rows + len(result.documents)
                             + len(result.refusals) + result.skipped_empty)


LINES = ["Léa : on prend le car.", "Q : et après ?", "Léa :", "Q :", "", "   ",
         "**Sofia :** oui.", "Remarque : il rit.", "[00:12:03] Léa : bonjour.",
         "Claire Vidal  00:12", "du texte sans nom. Une phrase. Deux !", "\t- une liste",
         "Léa" + " " * 30 + "x", "ENQUÊTRICE : Merci.", "Phrase très longue. " * 120]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.sampled_from(LINES), min_size=1, max_size=40),
       max_chars=st.sampled_from([200, 600, 1500]))
def test_every_visible_character_of_a_text_is_accounted_for(tmp_path_factory, lines,
                                                             max_chars):
    text = "\n".join(lines) + "\n"
    if not text.strip():
        return
    path = tmp_path_factory.mktemp("t") / "e.txt"
    path.write_text(text, encoding="utf-8")
    try:
        (doc,) = read_file(path, path.name, FileSettings()).documents
    except Exception as error:  # a file of labels only is refused with its reason
        assert getattr(error, "code", None) == "LS214"
        return
    records = segment_document(doc, max_chars=max_chars, min_chars=0)
    covered = bytearray(len(doc.text))
    for r in records:
        assert doc.text[r["char_start"]:r["char_end"]] == r["text"]
        assert not any(covered[r["char_start"]:r["char_end"]])
        covered[r["char_start"]:r["char_end"]] = b"\x01" * (r["char_end"] - r["char_start"])
    labels = [(t.label_start, t.start) for t in doc.turns or () if t.label_start is not None]
    for start, end in labels:
        assert not any(covered[start:end])  # a label is never inside a segment
    in_labels = sum(non_blank(doc.text[s:e]) for s, e in labels)
    in_segments = sum(non_blank(r["text"]) for r in records)
    assert non_blank(doc.text) == in_segments + in_labels + doc.reported_chars
