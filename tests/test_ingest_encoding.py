"""Decoding of text files: UTF-8 (BOM or not), UTF-16, Windows-1252, forced encodings."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labsynth.errors import CorpusError
from labsynth.ingest import read_file
from labsynth.ingest.encoding import decode_bytes, decoded_head, plan_decoding
from labsynth.project import FileSettings

DATA = Path(__file__).parent / "data"


def read(rel: str, **settings):
    return read_file(DATA / rel, rel, FileSettings(**settings))


# --- decode_bytes ---------------------------------------------------------------------------

BYTE_PIECES = [b"a", b"id;texte\n", "é".encode(), "é".encode("cp1252"), "’".encode("cp1252"),
               "’".encode(), b"\x81", b"\r\n", b"\r", b"\n", b" ", b"\xa0", b"\x00", b"\x02",
               codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\xc3", b"\x1c", "\u2028".encode()]


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(BYTE_PIECES), max_size=30),
       size=st.integers(1, 40))
def test_plan_decoding_says_what_decode_bytes_does(pieces, size):
    """When :func:`plan_decoding` answers (a large table then goes to pandas undecoded),
    its codec gives the text and encoding :func:`decode_bytes` gives, and
    :func:`decoded_head` a prefix of that text; when decode_bytes refuses, it does not
    answer."""
    data = b"".join(pieces)
    plan = plan_decoding(data)
    try:
        text, used = decode_bytes(data, "a.csv")
    except CorpusError:
        assert plan is None
        return
    if plan is None:
        return
    codec, offset, label = plan
    decoded = data[offset:].decode(codec).replace("\r\n", "\n").replace("\r", "\n")
    assert (decoded, label) == (text, used)
    assert text.startswith(decoded_head(data, codec, offset, size))


def test_plan_decoding_leaves_the_hard_cases_to_decode_bytes():
    assert plan_decoding("Thérèse".encode(), "cp1252") is None  # forced encoding
    assert plan_decoding(codecs.BOM_UTF16_LE + "é".encode("utf-16-le")) is None
    assert plan_decoding("é ’".encode() + "’".encode("cp1252")) is None  # a few Windows bytes
    assert plan_decoding(b"abc\x00def") is None
    assert plan_decoding("caf\xe9".encode("cp1252")) == ("cp1252", 0, "cp1252 (Windows)")
    assert plan_decoding(codecs.BOM_UTF8 + b"id") == ("utf-8", 3, "utf-8 (BOM)")
    assert plan_decoding(b"caf\xe9 \x81") == ("latin-1", 0, "latin-1")


def test_utf8_plain():
    assert decode_bytes("Élodie : déjà\n".encode(), "a.txt") == ("Élodie : déjà\n", "utf-8")


def test_utf8_bom_stripped():
    text, used = decode_bytes(codecs.BOM_UTF8 + b"id,texte\n", "a.csv")
    assert text == "id,texte\n"
    assert used == "utf-8 (BOM)"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    data = bom + "Je viens en 🚲, même l’hiver.\r\n".encode(codec)
    text, used = decode_bytes(data, "a.csv")
    assert text == "Je viens en 🚲, même l’hiver.\n"
    assert used == "utf-16"


def test_cp1252_typography_not_latin1():
    data = "C’est « cher »… 4,80 € ; le cœur".encode("cp1252")
    text, used = decode_bytes(data, "a.txt")
    assert text == "C’est « cher »… 4,80 € ; le cœur"
    assert used == "cp1252 (Windows)"
    assert "\x92" not in text and "\x85" not in text


def test_bytes_undefined_in_cp1252_fall_back_to_latin1():
    text, used = decode_bytes(b"caf\xe9 \x81", "a.txt")
    assert text == "café \x81"
    assert used == "latin-1"


def test_line_endings_normalised():
    text, _ = decode_bytes(b"un\r\ndeux\rtrois\n", "a.txt")
    assert text == "un\ndeux\ntrois\n"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty_or_blank_is_ls201(data):
    with pytest.raises(CorpusError) as info:
        decode_bytes(data, "vide.txt")
    assert info.value.code == "LS201"
    assert info.value.path == "vide.txt"


def test_control_bytes_are_ls203():
    with pytest.raises(CorpusError) as info:
        decode_bytes(b"abc\x00def", "bin.txt")
    assert info.value.code == "LS203"


def test_forced_encoding_used():
    data = "Thérèse".encode("cp1252")
    assert decode_bytes(data, "a.txt", "cp1252") == ("Thérèse", "cp1252")
    assert decode_bytes("Thérèse".encode(), "a.txt", "latin-1")[0] == "ThÃ©rÃ¨se"


def test_forced_wrong_encoding_is_ls202():
    with pytest.raises(CorpusError) as info:
        decode_bytes("Thérèse".encode("cp1252"), "a.txt", "utf-8")
    assert info.value.code == "LS202"
    assert "utf-8" in info.value.reason


def test_unknown_forced_encoding_is_ls202():
    with pytest.raises(CorpusError) as info:
        decode_bytes(b"abc", "a.txt", "klingon-8")
    assert info.value.code == "LS202"


def test_broken_utf16_is_ls202():
    data = codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xd8"  # lone surrogate
    with pytest.raises(CorpusError) as info:
        decode_bytes(data, "a.csv")
    assert info.value.code == "LS202"


# --- through the readers ----------------------------------------------------------------------

def test_cp1252_transcript_decoded_with_curly_quotes():
    rel = "transcripts/crlf_cp1252.txt"
    result = read(rel)
    assert result.notes == ["encodage cp1252 (Windows)"]
    (doc,) = result.documents
    assert "Oui, depuis 2015… On est quarante-deux adhérents." in doc.text
    assert "C’est la « solidarité du coffre »" in doc.text
    assert "le cœur" in doc.text
    assert doc.text != (DATA / rel).read_bytes().decode("latin-1").replace("\r\n", "\n")
    assert not any("\x80" <= c <= "\x9f" for c in doc.text)


def test_cp1252_csv():
    result = read("tables/excel_fr.csv")
    assert result.notes[0] == "encodage cp1252 (Windows), séparateur « ; »"
    assert "€" in result.documents[3].text and "’" in result.documents[3].text


def test_latin1_compatible_csv():
    result = read("tables/latin1_only.csv")
    assert result.notes[0] == "encodage cp1252 (Windows), séparateur « ; »"
    assert result.documents[2].text == "À développer en priorité, surtout l'été"


def test_bom_csv_header_has_no_bom():
    result = read("tables/utf8_bom.csv")
    assert result.notes[0] == "encodage utf-8 (BOM), séparateur « , »"
    assert result.documents[0].doc_id == "tables/utf8_bom.csv:1"
    for doc in result.documents:
        assert all("\ufeff" not in key for key in doc.metadata)
        assert "\ufeff" not in doc.text


def test_utf16_csv():
    result = read("tables/excel_unicode.csv")
    assert result.notes[0] == "encodage utf-16, séparateur tabulation"
    assert all("\x00" not in d.text for d in result.documents)
    assert result.documents[3].text == "Je suis d’accord avec la proposition n° 12."


def test_forced_wrong_encoding_on_file_is_ls202():
    with pytest.raises(CorpusError) as info:
        read("transcripts/crlf_cp1252.txt", encoding="utf-8")
    assert info.value.code == "LS202"
    assert info.value.path == "transcripts/crlf_cp1252.txt"


def test_forced_wrong_encoding_on_table_is_ls202():
    with pytest.raises(CorpusError) as info:
        read("tables/excel_fr.csv", encoding="utf-8")
    assert info.value.code == "LS202"


def test_forced_right_encoding_on_file():
    result = read("transcripts/crlf_cp1252.txt", encoding="cp1252")
    assert result.notes == ["encodage cp1252"]
    assert result.documents[0].text.startswith("Enquêteur : Bonjour Thérèse.")


def test_binary_file_is_ls203():
    with pytest.raises(CorpusError) as info:
        read("junk/binary.txt")
    assert info.value.code == "LS203"
    assert info.value.path == "junk/binary.txt"
