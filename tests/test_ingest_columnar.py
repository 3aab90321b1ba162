"""The columnar CSV reader gives exactly what the row-by-row reader gives (issue 13, item 8):
on generated nasty files (quotes, doubled quotes, line breaks and delimiters in cells,
empty lines, title lines, short and long rows, repeated ids, control characters), the
documents, refusals, warnings, notes and counts are the same whichever path reads them.
The snapshots (``test_ingest_snapshots.py``) prove the same on whole projects."""

from __future__ import annotations

import csv
import io
import random

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labsynth.ingest import read_file, tables
from labsynth.ingest.document import ReadResult
from labsynth.project import FileSettings

PIECES = ["bus", "le soir", "Région", "« local »", "c’est", "42", ";", ",", "\t", '"', '""',
          "\n", "  ", "", "é", "\x02", "Léa :", "2025-03-12", "12/03/2025", "hier"]
cell = st.lists(st.sampled_from(PIECES), max_size=5).map("".join)
short_cell = st.lists(st.sampled_from([*PIECES, "a\r\nb", "\r", "x\ry", "’ é", "\x81", "bus",
                                       "Région", "é", "42"]), max_size=2).map("".join)


def _both(path, settings: FileSettings, monkeypatch):
    fast = read_file(path, path.name, settings)
    with monkeypatch.context() as patch:
        patch.setattr(tables, "_csv_frame", lambda *args: False)
        slow = read_file(path, path.name, settings)
    return fast, slow


def _same(fast: ReadResult, slow: ReadResult) -> None:
    def errors(items):
        return [(e.code, e.path, e.line, e.unit, e.reason) for e in items]

    assert fast.documents == slow.documents
    assert errors(fast.refusals) == errors(slow.refusals)
    assert errors(fast.warnings) == errors(slow.warnings)
    assert (fast.notes, fast.n_rows, fast.n_header_rows, fast.skipped_empty) == (
        slow.notes, slow.n_rows, slow.n_header_rows, slow.skipped_empty)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=4), min_size=1, max_size=20),
       header=st.sampled_from([["id", "texte", "date"], ["texte", "profil"],
                               ["Réponse", "commune", "âge"]]),
       titles=st.integers(0, 2), delimiter=st.sampled_from([";", ",", "\t"]),
       raw=st.booleans())
def test_columnar_csv_reads_what_the_row_reader_reads(tmp_path_factory, monkeypatch, rows,
                                                      header, titles, delimiter, raw):
    body = io.StringIO(newline="")
    writer = csv.writer(body, delimiter=delimiter, lineterminator="\n")
    writer.writerows([["Export du 12/03/2025"]] * titles + [header, *rows])
    text = body.getvalue()
    if raw:  # cells written by hand: stray and unclosed quotes, delimiters left bare
        text = "\n".join(delimiter.join(r) for r in [header, *rows])
    if not text.strip():
        return
    path = tmp_path_factory.mktemp("c") / "avis.csv"
    path.write_text(text, encoding="utf-8")
    try:
        fast, slow = _both(path, FileSettings(delimiter=delimiter), monkeypatch)
    except Exception as error:  # a whole file refused: both paths refuse it alike
        with monkeypatch.context() as patch:
            patch.setattr(tables, "_csv_frame", lambda *args: False)
            try:
                read_file(path, path.name, FileSettings(delimiter=delimiter))
            except Exception as other:
                assert (type(other), str(other)) == (type(error), str(error))
                return
        raise
    _same(fast, slow)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(short_cell, min_size=0, max_size=2), min_size=40, max_size=120),
       header=st.sampled_from([["id", "texte", "date"], ["texte", "profil"]]),
       titles=st.integers(0, 2), delimiter=st.sampled_from([";", ",", "\t"]),
       ending=st.sampled_from(["\n", "\r\n", "\r"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1"]),
       raw=st.booleans(), sniff=st.booleans())
def test_large_csv_decoded_by_pandas_reads_what_the_row_reader_reads(
        tmp_path_factory, monkeypatch, rows, header, titles, delimiter, ending, encoding, raw,
        sniff):
    """A large file (here, with the limits made small) is decoded by pandas, not in
    Python (:func:`tables._csv_undecoded`): the same documents, refusals, warnings, notes
    and counts as the row reader, whatever the encoding (with or without BOM) and the
    line breaks (``\\r\\n`` and ``\\r`` in cells too)."""
    body = io.StringIO(newline="")
    writer = csv.writer(body, delimiter=delimiter, lineterminator=ending)
    writer.writerows([["Export du 12/03/2025"]] * titles + [header, *rows])
    text = body.getvalue()
    if raw:
        text = ending.join(delimiter.join(r) for r in [header, *rows])
    if encoding == "latin-1":
        text += "\x81"  # a byte Windows-1252 leaves undefined: the file is read as Latin-1
    data = text.encode(encoding, errors="replace")  # « ? » for what the encoding lacks
    path = tmp_path_factory.mktemp("u") / "avis.csv"
    path.write_bytes(data)
    monkeypatch.setattr(tables, "_HEAD_BYTES", 400)
    monkeypatch.setattr(tables, "_SNIFF_CHARS", 150)
    file_settings = FileSettings(delimiter=None if sniff else delimiter)
    try:
        fast, slow = _both(path, file_settings, monkeypatch)
    except Exception as error:  # a whole file refused: both paths refuse it alike
        with monkeypatch.context() as patch:
            patch.setattr(tables, "_csv_frame", lambda *args: False)
            try:
                read_file(path, path.name, file_settings)
            except Exception as other:
                assert (type(other), str(other)) == (type(error), str(error))
                return
        raise
    _same(fast, slow)


def test_large_csv_is_decoded_by_pandas(tmp_path, monkeypatch):
    """The benchmark's shape with Windows line breaks, also inside quoted answers: pandas
    decodes the file (Windows-1252) and the cells are those of the row reader."""
    path = tmp_path / "export.csv"
    rows = [["id", "texte"]] + [[f"c{i}", f"Ligne {i} ; suite\r\nsur deux lignes « é »\rfin"]
                                for i in range(3_000)]
    body = io.StringIO(newline="")
    csv.writer(body, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_bytes(body.getvalue().encode("cp1252"))
    monkeypatch.setattr(tables, "_HEAD_BYTES", 40_000)
    monkeypatch.setattr(tables, "_SNIFF_CHARS", 20_000)
    taken = []
    undecoded = tables._csv_undecoded
    monkeypatch.setattr(tables, "_csv_undecoded", lambda *a: taken.append(undecoded(*a))
                        or taken[-1])
    fast, slow = _both(path, FileSettings(), monkeypatch)
    assert isinstance(taken[0], tables._Frame)
    _same(fast, slow)
    assert fast.documents[4].text == "Ligne 4 ; suite\nsur deux lignes « é »\nfin"
    assert fast.notes[0] == "encodage cp1252 (Windows), séparateur « ; »"


def test_pandas_splits_cells_as_the_csv_module_does():
    """The premise of the columnar reader, on 3,000 generated snippets: whenever pandas'
    C tokenizer parses a text, its cells are those of the ``csv`` module."""
    rnd = random.Random(8)
    alphabet = ["a", "é", ";", ",", "\t", "|", '"', '""', "\n", " ", "\x0c", "\x1c", "#", "'",
                "\\", "\x85", "\u2028", "nan", "NA", "1.0"]
    compared = 0
    for _ in range(3_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 20)))
        delimiter = rnd.choice([";", ",", "\t", "|"])
        expected = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        width = max([len(r) for r in expected] or [1])
        try:
            frame = pd.read_csv(io.BytesIO(text.encode()), sep=delimiter, header=None,
                                names=range(width), dtype=object, na_filter=False,
                                keep_default_na=False, skip_blank_lines=False,
                                engine="c", index_col=False, encoding="utf-8")
        except Exception:  # the columnar reader then hands the file to the row reader
            continue
        compared += 1
        assert frame.values.tolist() == [r + [""] * (width - len(r)) for r in expected], text
    assert compared > 2_000


def test_the_benchmark_shape_takes_the_columnar_path(tmp_path):
    """A plain export (cp1252, « ; », quoted multi-line answers holding « ; ») is read by
    pandas, not row by row."""
    path = tmp_path / "export.csv"
    rows = [["id", "texte"]] + [[f"c{i}", f"Ligne {i} ; suite\nsur deux lignes « é »"]
                                for i in range(50)]
    body = io.StringIO(newline="")
    csv.writer(body, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_bytes(body.getvalue().encode("cp1252"))
    result = ReadResult()
    text, delimiter = tables._csv_text(path, path.name, FileSettings(), result)
    frame = tables._csv_frame(text, delimiter, path.name, result)
    assert isinstance(frame, tables._Frame)
    assert len(frame.numbers) == 50 and frame.numbers[:2] == [2, 3]


JSON_CASES = {
    "a.json": '[{"id": 1, "texte": "Plus de bus\\r\\nle soir", "âge": 17.0, "ok": true},'
              ' {"id": 1, "texte": "doublon"}, 3, "x", null, {"id": 2, "texte": "  "},'
              ' {"id": 3, "texte": "bus \\ud800 rare", "auteur": {"nom": "Léa", "v": {}}},'
              ' {"texte": "sans id", "date": "12/03/2025"}, {"texte": "sans id", "date": "hier"},'
              ' {"\\udc00clé": "x", "texte": "clé abîmée"}, {"texte": "contrôle \\u0002"}]',
    "b.json": '{"data": [{"id": "a", "contribution": "Un"}, {"id": "b", "contribution": ""}]}',
    "c.jsonl": '{"id": 1, "texte": "ok"}\n\n[1, 2]\n{broken\n{"id": 2, "texte": "é \\udbff"}\n'
               '{"id": 2, "texte": "répété"}\n{"id": 3, "texte": 12345678901234567890}\n',
    "d.json": '[1, 2, 3]',
}


def test_columnar_json_reads_what_the_row_reader_reads(tmp_path):
    for name, content in JSON_CASES.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        rows_of, unit = ((tables._json_rows, "élément") if name.endswith(".json")
                         else (tables._jsonl_rows, "ligne"))
        slow = ReadResult()
        tables.rows_to_documents(rows_of(path, name, FileSettings(), slow), name,
                                 FileSettings(), slow, unit)
        slow.documents = slow.table.documents() if slow.table else []
        fast = read_file(path, name, FileSettings())
        _same(fast, slow)
        assert fast.documents or name == "d.json"


def test_segment_table_cuts_as_segment_document():
    from labsynth.ingest.document import TableDocuments
    from labsynth.segment import segment_document, segment_table

    texts = ["  ", "Une phrase assez longue. " * 300, " court ", "", "\u2028x\x1c",
             "a" * 1600, "Q : deux\n\nparagraphes"]
    n = len(texts)
    table = TableDocuments(path="a.csv", kind="contribution",
                           doc_id=[f"a.csv:{i}" for i in range(n)], title=[""] * n,
                           text=texts, date=[None] * n, author=[None, "Léa"] * 3 + [None],
                           row=list(range(2, n + 2)), metadata={})
    got = segment_table(table, 1500)
    expected = [segment_document(d, 1500) for d in table.documents()]
    assert got["n_segments"] == [len(rows) for rows in expected]
    flat = [row for rows in expected for row in rows]
    for key in flat[0]:
        assert got[key] == [row[key] for row in flat], key


def test_segments_of_a_table_are_exact_slices(tmp_path):
    """Whole answers are taken from the documents' column, cut and trimmed ones are not:
    every segment is its document's text at its offsets (a fuzz case, one 10 MB answer
    cut in 7,000 segments, once copied the whole answer for each of them)."""
    from labsynth.corpus import read_corpus
    from labsynth.schema import check_verbatim

    (tmp_path / "raw").mkdir()
    (tmp_path / "project.yml").write_text("title: t\n", encoding="utf-8")
    long = "Le bus passe trop tôt. Il faut un car le soir ! " * 200
    rows = [("1", long), ("2", "  des espaces autour  "), ("3", "Une réponse."), ("4", long)]
    body = io.StringIO(newline="")
    csv.writer(body, delimiter=";", lineterminator="\n").writerows([("id", "texte"), *rows])
    (tmp_path / "raw" / "avis.csv").write_text(body.getvalue(), encoding="utf-8")
    corpus = read_corpus(tmp_path)
    assert check_verbatim(corpus.segments, corpus.documents) == []
    assert corpus.segments["doc_id"].value_counts()["avis.csv:1"] > 5
    assert "des espaces autour" in corpus.segments["text"].tolist()
