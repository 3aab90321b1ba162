"""Segmentation: exact offsets (property-tested), length bounds, nothing lost."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labsynth.ingest.document import Document
from labsynth.ingest.turns import document_from_text
from labsynth.project import FileSettings
from labsynth.segment import segment_document, split_span

WORDS = ["euh", "ben", "du coup", "le bus", "la Région", "voilà", "en fait", "logement",
         "Carte Jeune", "c’est-à-dire", "à Mende", "l'apprentissage", "«\u00a0rien\u00a0»",
         "œuvre", "42", "trop", "les jeunes", "on", "nous", "écoute"]
SPEAKERS = ["Enquêtrice", "Léa", "Q", "R", "MEHDI", "Marie-Lou", "Jean Baptiste"]
CONVENTIONS = [
    "{name} : ", "{name}\u00a0: ", "{name}: ", "[00:0{m}:1{m}] {name} : ",
    "{name} (00:0{m}:2{m}) : ", "{name} (00:0{m}:3{m})\n", "{name}  0{m}:4{m}\n", "**{name} :** ",
]

sentence = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=40),
    st.sampled_from([".", " !", " ?", "…", "", ",", "\u00a0?"]),
)
turn_text = st.lists(sentence, min_size=1, max_size=30).map(
    lambda s: " ".join(s)).flatmap(
    lambda t: st.sampled_from([t, t.replace(". ", ".\n", 2), t.replace(" ", "\n\n", 1)]))


@st.composite
def transcripts(draw):
    """A transcript in one convention, with the label strings it used."""
    convention = draw(st.sampled_from(CONVENTIONS))
    names = draw(st.lists(st.sampled_from(SPEAKERS), min_size=2, max_size=2, unique=True))
    n_turns = draw(st.integers(min_value=4, max_value=10))
    lines, labels = [], []
    header = draw(st.sampled_from(["", "Entretien n°4 — Rodez, 14 mars 2025\n\n"]))
    for i in range(n_turns):
        label = convention.format(name=names[i % 2], m=i % 10)
        labels.append(label.strip())
        lines.append(label + draw(turn_text))
    return header + "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n  "])), labels


def _check_segments(document: Document, records: list[dict], max_chars: int) -> None:
    covered = [False] * len(document.text)
    previous_end = 0
    for i, r in enumerate(records):
        assert r["segment_id"] == f"{document.doc_id}#{i}" and r["position"] == i
        assert document.text[r["char_start"]:r["char_end"]] == r["text"]
        assert r["text"] and r["text"] == r["text"].strip()
        assert len(r["text"]) <= max_chars
        assert r["char_start"] >= previous_end
        previous_end = r["char_end"]
        for k in range(r["char_start"], r["char_end"]):
            covered[k] = True
    return covered


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transcripts(), st.integers(min_value=200, max_value=900))
def test_transcript_segments_are_exact_slices_and_lose_nothing(sample, max_chars):
    text, labels = sample
    document = document_from_text(text, "entretiens/e.txt", FileSettings())
    assert document.kind == "interview"
    records = segment_document(document, max_chars=max_chars)
    covered = _check_segments(document, records, max_chars)
    # what no segment covers is whitespace or the speaker labels themselves
    uncovered, piece = [], []
    for char, is_covered in zip(text, covered, strict=True):
        if is_covered:
            if "".join(piece).strip():
                uncovered.append("".join(piece).strip())
            piece = []
        else:
            piece.append(char)
    if "".join(piece).strip():
        uncovered.append("".join(piece).strip())
    assert all(u in labels for u in uncovered), (uncovered, labels)
    speakers = [r["speaker"] for r in records if r["speaker"]]
    assert len({s for s in speakers}) == 2


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("abcdé ’.!?\n\u00a0…ÉA"), min_size=0, max_size=5000),
       st.integers(min_value=200, max_value=1500))
def test_split_span_covers_every_visible_character(text, max_chars):
    pieces = split_span(text, 0, len(text), max_chars)
    kept = "".join(text[s:e] for s, e in pieces)
    assert "".join(kept.split()) == "".join(text.split())
    for s, e in pieces:
        assert 0 < e - s <= max_chars
        assert text[s:e] == text[s:e].strip()


def test_long_turn_is_cut_between_sentences_in_balanced_pieces():
    sentences = [f"Phrase numéro {i} sur le logement des apprentis à Rodez." for i in range(60)]
    body = " ".join(sentences)
    text = f"Enquêtrice : Et le logement ?\nLéa : {body}\nEnquêtrice : Merci.\nLéa : De rien."
    document = document_from_text(text, "e.txt", FileSettings())
    records = segment_document(document, max_chars=1000)
    lea = [r for r in records if r["speaker"] == "Léa"][:-1]
    assert len(lea) == 4  # 3,400 characters -> 4 pieces of ~850, not 3 x 1,000 + 400
    assert all(r["text"].endswith(".") for r in lea)
    assert max(len(r["text"]) for r in lea) - min(len(r["text"]) for r in lea) < 200
    assert {r["role"] for r in lea} == {"participant"}
    assert [r["role"] for r in records if r["speaker"] == "Enquêtrice"] == ["interviewer"] * 2


def test_unpunctuated_oral_turn_is_cut_at_spaces():
    body = " ".join(["ben du coup on prend le bus euh le matin"] * 200)
    document = document_from_text(f"Q : alors\nR : {body}\nQ : ok", "e.txt", FileSettings())
    records = segment_document(document, max_chars=1500)
    pieces = [r["text"] for r in records if r["speaker"] == "R"]
    assert len(pieces) == 6 and all(len(p) <= 1500 for p in pieces)
    assert " ".join(pieces) == body  # cut only at spaces


def test_notes_paragraphs_with_headings_joined():
    text = ("# Atelier lycée\n\n## Déroulé\n\n" + "Les élèves ont parlé du bus. " * 12
            + "\n\n## Pistes\n\n"
            + "- adapter les horaires du bus aux sorties du lycée le soir\n" * 4)
    document = document_from_text(text, "notes/n.md", FileSettings())
    assert document.kind == "note" and document.turns is None
    records = segment_document(document, max_chars=1500, min_chars=200)
    assert records[0]["text"].startswith("# Atelier lycée\n\n## Déroulé\n\nLes élèves")
    assert all(r["role"] == "unknown" and r["speaker"] is None for r in records)
    covered = "".join(r["text"] for r in records)
    assert "".join(covered.split()) == "".join(text.split())
    assert len(records) == 2
    assert records[-1]["text"].startswith("## Pistes\n\n- adapter")
    assert records[-1]["line"] == text[:text.index("## Pistes")].count("\n") + 1
    short_tail = document_from_text(text[:text.index("## Pistes")] + "## Fin\n\nmerci", "n.md",
                                    FileSettings())
    assert len(segment_document(short_tail, 1500, 200)) == 1  # a short tail joins the last one


def test_contribution_is_one_segment_with_its_row_as_line():
    document = Document(doc_id="c.csv:C1", path="c.csv", kind="contribution", title="C1",
                        text="  Plus de bus le soir svp !  ", author="lucie_31", row=14)
    (record,) = segment_document(document)
    assert record["text"] == "Plus de bus le soir svp !"
    assert record["speaker"] == "lucie_31" and record["role"] == "participant"
    assert record["line"] == 14


def test_candidates_are_those_of_finditer():
    """sentence_bounds tries the candidate pattern only where a match can start: the same
    matches as finditer, on junk strings and on slices of them."""
    import random

    from labsynth.segment import _candidates, _patterns

    patterns = _patterns()
    rnd = random.Random(5)
    pieces = ["a", "A", ".", "..", "!", "?", "«", "»", " ", "\n", "é", "(", ")", '"', "'",
              "’", "…", "-", "—", "$", "€", "1", "M.", "p.", "!a", ".A", "؟", "。", ",", ";"]
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30)))
        start = rnd.randint(0, len(text))
        end = rnd.randint(start, len(text))
        assert ([m.span() for m in patterns.candidate.finditer(text, start, end)]
                == [m.span() for m in _candidates(text, start, end, patterns)]), text
