"""Workshop material: the quote cards page, its PDF, the sticky notes for Miro and Mural.

The cards are made from report cards written here (real ThemeCard and Quote objects, nasty
French texts), so these tests need no analysis run. The print test opens the page in
headless Chromium with print media, checks that no card's text overflows its box, then
prints the PDF and reads every verbatim back from it (pypdf).
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pytest

from labsynth.cards import (
    CARD_CHARS,
    cards_html,
    make_cards,
    postits_table,
    print_pdf,
    write_cards,
)
from labsynth.colours import theme_colour
from labsynth.insights import Quote, ThemeCard

LONG = " ".join(
    f"Phrase {i} : le car du matin arrive à 7 h 40 quand il arrive, la correspondance pour "
    f"Rodez est ratée une fois sur deux et personne ne prévient les familles."
    for i in range(30))  # about 4,000 characters: three cards
URL = "https://www.exemple-region.fr/aides/jeunes/transport/" + "carte-jeune-" * 12 + "2025"


def _quote(theme: str, text: str, n: int, time: float | None = None) -> Quote:
    return Quote(theme, text, f"entretiens/entretien_0{n}_P{n}_albi.txt#{n}",
                 f"entretiens/entretien_0{n}_P{n}_albi.txt", f"Participant·e {n}",
                 None if time is not None else 10 + n, time)


def _insights() -> SimpleNamespace:
    cards = [
        ThemeCard("T01", "Se déplacer sans voiture", ["car", "bus"], 40, 0.3, 12, [
            _quote("T01", "Le car liO ne passe plus à 7 h, je rate le lycée 🚌.", 1),
            _quote("T01", LONG, 2),
            _quote("T01", f"Tout est sur {URL}, mais le lien ne marche pas sur mon téléphone.",
                   3, time=754.0),
        ], ["Comment pourrions-nous faire passer le car avant 7 h ?",
            "Comment pourrions-nous traiter ensemble « car » et « bus » ?"]),
        ThemeCard("T02", "Se loger : quand on débute", ["loyer"], 30, 0.2, 9, [
            _quote("T02", "Mon loyer <script>alert('x')</script> & « les charges » mangent "
                          "tout.\nJe vis chez mes parents à 24 ans.\n\nEt ça, personne ne le "
                          "voit.", 4),
            _quote("T02", "Colocation, résidence pleine, studio à 550 € : " * 9, 5),
        ], ["Comment pourrions-nous aider à trouver un premier appartement ?"]),
        ThemeCard("T14", "Santé mentale", ["stress"], 10, 0.1, 5, [
            _quote("T14", "J'ai attendu six mois pour voir un psy.", 6)], []),
    ]
    return SimpleNamespace(cards=cards, title="Essai d'atelier <Région>",
                           run=SimpleNamespace(run_id="a1b2c3d4e5f6"))


def test_long_quotes_continue_on_other_cards_and_nothing_is_lost():
    cards = make_cards(_insights())
    long_parts = [c for c in cards if c.source.endswith("_02_P2_albi.txt, ligne 12, "
                                                        "Participant·e 2")]
    assert [c.part for c in long_parts] == ["suite 1/4", "suite 2/4", "suite 3/4",
                                            "suite 4/4"]
    assert "".join(c.text for c in long_parts) == LONG
    assert all(len(c.text) <= CARD_CHARS for c in cards)
    assert all(c.text.rstrip().endswith(".") for c in long_parts[:-1])  # between sentences
    assert [c.kind for c in cards].count("question") == 3
    assert {c.colour for c in cards if c.theme_id == "T14"} == {theme_colour("T14")[1]}
    assert theme_colour("T14") == theme_colour("T02")  # 12 colours, then they repeat
    assert theme_colour("T00")[0] == "gris"


def test_page_is_self_contained_escaped_and_carries_the_run():
    insights = _insights()
    html = cards_html(make_cards(insights), title=insights.title, run_id="a1b2c3d4e5f6")
    assert '<meta name="labsynth-run" content="a1b2c3d4e5f6">' in html
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "Essai d&#39;atelier &lt;Région&gt;" in html
    assert not re.search(r"(src|href)\s*=|@import|url\(", html)
    assert html.count('class="sheet"') == 3  # 12 cards, 4 per sheet
    assert html.count("a1b2c3d4e5f6") == 2 + 12
    assert "@page { size: A4 portrait" in html


def test_sticky_notes_one_line_each_with_theme_and_colour(tmp_path):
    table = postits_table(_insights())
    assert list(table.columns) == ["Texte", "Thème", "Couleur", "Couleur (hex)", "Type",
                                   "Source", "Exécution"]
    assert len(table) == 6 + 3 and (table["Type"] == "question").sum() == 3
    assert not table["Texte"].str.contains("\n").any()
    first = table.iloc[0]
    assert first["Texte"] == ("« Le car liO ne passe plus à 7 h, je rate le lycée 🚌. » "
                              "(entretiens/entretien_01_P1_albi.txt, ligne 11, Participant·e 1)")
    assert first["Thème"] == "T01 · Se déplacer sans voiture"
    assert (first["Couleur"], first["Couleur (hex)"]) == theme_colour("T01")
    assert set(table["Exécution"]) == {"a1b2c3d4e5f6"}
    # written as the tools import it: « , », UTF-8 (with a BOM), one row per note
    result = write_cards(_insights(), tmp_path / "cartes.html", None, tmp_path / "postits.csv")
    with open(result.postits, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 9 and rows[5]["Texte"].startswith("« Mon loyer <script>")


def test_without_chromium_the_page_is_written_and_the_message_says_how_to_print(
        tmp_path, monkeypatch):
    monkeypatch.setenv("LABSYNTH_CHROMIUM", str(tmp_path / "pas-de-chromium"))
    (tmp_path / "cartes.pdf").write_bytes(b"%PDF ancien")
    result = write_cards(_insights(), tmp_path / "cartes.html", tmp_path / "cartes.pdf",
                         tmp_path / "postits.csv")
    assert result.pdf is None and result.html.is_file()
    assert "Chromium n'est pas installé" in result.pdf_missing
    assert "Ouvrez cartes.html dans un navigateur et imprimez-le (A4, échelle 100 %" in \
        result.pdf_missing
    assert (tmp_path / "cartes.pdf").read_bytes() == b"%PDF ancien"  # left as it was


def _require_browser() -> None:
    from .browser import why_unavailable

    reason = why_unavailable(need_axe=False)
    if reason is None:
        return
    if os.environ.get("LABSYNTH_BROWSER_REQUIRED"):
        pytest.fail(reason)
    pytest.skip(reason)


def _flat(text: str) -> str:
    """Text without white space, nor emoji: they print only where the machine has an
    emoji font (this one has none: the PDF holds an empty glyph, read as U+0000)."""
    text = unicodedata.normalize("NFKC", text).replace("\x00", "")
    return "".join(c for c in re.sub(r"\s+", "", text) if unicodedata.category(c) != "So")


def check_printed_cards(html: Path, pdf: Path, cards) -> None:
    """No card's text overflows its box (print layout in Chromium), the PDF has one A4
    page per sheet, and every card's text can be read back from it."""
    import pypdf

    from .browser import print_layout

    boxes = print_layout(html, ".card .body")
    assert len(boxes) == len(cards)
    cut = [b for b in boxes if b["scroll"][1] > b["client"][1] + 1
           or b["scroll"][0] > b["client"][0] + 1]
    assert cut == [], cut
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == -(-len(cards) // 4)
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    text = _flat("".join(page.extract_text() for page in reader.pages))
    missing = [c.text[:50] for c in cards if _flat(c.text) not in text]
    assert missing == []


def test_cards_print_to_pdf_with_no_text_cut(tmp_path):
    _require_browser()
    insights = _insights()
    result = write_cards(insights, tmp_path / "cartes.html", tmp_path / "cartes.pdf",
                         tmp_path / "postits.csv")
    assert result.pdf_missing == "" and result.pdf == tmp_path / "cartes.pdf"
    check_printed_cards(result.html, result.pdf, make_cards(insights))
    assert print_pdf(result.html, tmp_path / "encore.pdf") is None
