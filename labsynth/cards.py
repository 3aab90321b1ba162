"""Workshop material: quote cards to print, sticky notes for Miro or Mural.

- ``cartes.html``: a print-ready page of A4 sheets, four cards of 100 × 140 mm each
  (smaller than A6, inside the margins every printer keeps), cutting lines dotted. A
  quote card shows the verbatim (pseudonymised, as in the report), where it comes from
  and its theme's colour band with the theme's id and name; a question card shows one
  « Comment pourrions-nous… » question of a theme. The type gets smaller as the quote
  gets longer; a quote too long for one card continues on the next (« suite 2/2 »), so no
  text is ever cut. Every card carries the run id.
- ``cartes.pdf``: the same page printed by headless Chromium (Debian's ``chromium``, the
  browser the tests use) when it is installed; otherwise only the HTML is written and
  :func:`write_cards` says how to print it from a browser.
- ``postits.csv``: one sticky note per quote and per question, one line each (Miro
  pastes spreadsheet cells as one note per cell, and breaks notes on line breaks), the
  theme as a tag and its colour; see :func:`postits_table`.

The quotes and questions are the report's (:class:`labsynth.insights.ThemeCard`): the
same verbatims, the same questions, whatever way they are built.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from labsynth.atomic import atomic_target, atomic_write
from labsynth.colours import theme_colour

if TYPE_CHECKING:
    from labsynth.insights import Insights

__all__ = ["Card", "CardsResult", "cards_html", "chromium", "make_cards", "postits_table",
           "print_pdf", "write_cards"]

#: per card, quotes longer than this continue on another card
CARD_CHARS = 1300
#: (up to n characters, CSS class): the type size of a quote card's text
_SIZES = ((160, "xl"), (320, "l"), (600, "m"), (950, "s"), (CARD_CHARS, "xs"))
_CARDS_PER_SHEET = 4
_CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                   "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--no-first-run", "--disable-quic",
                   "--no-pdf-header-footer", "--print-to-pdf-no-header"]


@dataclass(frozen=True)
class Card:
    """One card to print.

    Attributes
    ----------
    kind : str
        ``"verbatim"`` or ``"question"``.
    theme_id, theme : str
        The theme's id and name.
    colour : str
        ``#RRGGBB``.
    text : str
        The verbatim (or the part of it this card holds), or the question.
    source : str
        Where the verbatim comes from (pseudonymised), empty for a question.
    part : str
        « suite 2/3 » for the parts of a long verbatim, else empty.
    """

    kind: str
    theme_id: str
    theme: str
    colour: str
    text: str
    source: str = ""
    part: str = ""

    @property
    def size(self) -> str:
        """CSS class of the text's size."""
        if self.kind == "question":
            return "q"
        return next((cls for limit, cls in _SIZES if len(self.text) <= limit), "xs")


def _pieces(text: str, limit: int = CARD_CHARS) -> list[str]:
    """A long text cut into pieces of at most ``limit`` characters, between sentences
    when possible, else between words; the pieces joined give the text back."""
    pieces = []
    while len(text) > limit:
        window = text[:limit]
        cut = max((m.end() for m in re.finditer(r"[.!?…]\s+", window)), default=0)
        if cut < limit // 2:
            cut = max(window.rfind(" ") + 1, window.rfind("\n") + 1)
        if cut <= 0:
            cut = limit
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text]


def make_cards(insights: Insights) -> list[Card]:
    """The report's quotes and questions as cards, theme by theme."""
    out = []
    for card in insights.cards:
        colour = theme_colour(card.theme_id)[1]
        for quote in card.quotes:
            parts = _pieces(quote.shown)
            for i, piece in enumerate(parts, start=1):
                out.append(Card("verbatim", card.theme_id, card.label, colour, piece,
                                quote.provenance,
                                f"suite {i}/{len(parts)}" if len(parts) > 1 else ""))
        out += [Card("question", card.theme_id, card.label, colour, question)
                for question in card.questions]
    return out


_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="labsynth-run" content="{{ run_id }}">
<title>Cartes d'atelier — {{ title }}</title>
<style>
@page { size: A4 portrait; margin: 5mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
       color: #1b2a3a; background: #e9edf1; }
.aide { max-width: 200mm; margin: 6mm auto; padding: 4mm 6mm; background: #fff;
        border-left: 4px solid #1f4e79; font-size: 11pt; line-height: 1.4; }
.aide h1 { font-size: 15pt; margin: 0 0 2mm; }
.aide p { margin: 1mm 0; }
.sheet { width: 200mm; height: 287mm; margin: 0 auto 6mm; background: #fff;
         display: grid; grid-template-columns: 100mm 100mm;
         grid-template-rows: 140mm 140mm; gap: 7mm 0; align-content: start; }
.card { width: 100mm; height: 140mm; border: 0.3mm dashed #8a96a3; padding: 5mm;
        display: flex; flex-direction: column; overflow: hidden; }
.band { background: var(--colour); border-radius: 2mm; padding: 2mm 3mm; font-size: 9pt;
        font-weight: bold; line-height: 1.25; flex: none; }
.band .id { font-weight: normal; margin-right: 1.5mm; }
.body { flex: 1 1 auto; min-height: 0; overflow: hidden; margin: 3mm 0; line-height: 1.3;
        white-space: pre-line; overflow-wrap: break-word; hyphens: manual;
        font-variant-ligatures: none; }
.body.xl { font-size: 20pt; } .body.l { font-size: 16pt; } .body.m { font-size: 13pt; }
.body.s { font-size: 10pt; } .body.xs { font-size: 8.5pt; }
.body.q { font-size: 19pt; font-weight: bold; display: flex; align-items: center; }
.foot { flex: none; font-size: 7.5pt; color: #4f5b66; line-height: 1.3;
        border-top: 0.2mm solid #d5dde5; padding-top: 1.5mm; }
.foot .run { float: right; margin-left: 2mm; }
@media print {
  body { background: #fff; }
  .aide { display: none; }
  .sheet { margin: 0; break-after: page; }
  .sheet:last-child { break-after: auto; }
}
</style>
</head>
<body>
<section class="aide">
<h1>Cartes d'atelier — {{ title }}</h1>
<p>{{ n_quotes }} verbatims et {{ n_questions }} questions « Comment pourrions-nous… »,
{{ n_themes }} thèmes, sur {{ sheets|length }} feuilles A4 de 4 cartes.</p>
<p>Pour imprimer : Fichier &gt; Imprimer, papier A4, échelle 100 % (pas « ajuster à la
page »), impression des arrière-plans activée pour les couleurs ; puis découpez selon les
pointillés. Les verbatims sont pseudonymisés comme dans le rapport.</p>
<p>Exécution {{ run_id }}.</p>
</section>
{% for sheet in sheets %}<main class="sheet">
{% for card in sheet %}<article class="card {{ card.kind }}" style="--colour: {{ card.colour }}">
<div class="band"><span class="id">{{ card.theme_id }}</span>{{ card.theme }}</div>
<p class="body {{ card.size }}">{% if card.kind == "verbatim" %}« {{ card.text.strip() }} »{% else %}{{ card.text }}{% endif %}</p>
<div class="foot"><span class="run">{{ run_id }}</span>{% if card.kind == "verbatim" %}{{ card.source }}{% if card.part %} — {{ card.part }}{% endif %}{% else %}Question pour l'atelier{% endif %}</div>
</article>
{% endfor %}</main>
{% endfor %}</body>
</html>
"""  # noqa: E501


def cards_html(cards: list[Card], *, title: str, run_id: str) -> str:
    """The print-ready page of some cards (self-contained: no script, nothing loaded)."""
    import jinja2

    template = jinja2.Environment(autoescape=True).from_string(_PAGE)
    sheets = [cards[i:i + _CARDS_PER_SHEET] for i in range(0, len(cards), _CARDS_PER_SHEET)]
    return template.render(
        title=title, run_id=run_id, sheets=sheets,
        n_quotes=sum(c.kind == "verbatim" and (not c.part or c.part.startswith("suite 1/"))
                     for c in cards),
        n_questions=sum(c.kind == "question" for c in cards),
        n_themes=len({c.theme_id for c in cards}))


def postits_table(insights: Insights) -> pd.DataFrame:
    """One sticky note per quote and per question, for Miro or Mural.

    Columns: ``Texte`` (the note: the verbatim in « », its source in brackets, on one
    line), ``Thème`` (id and name, to use as a tag), ``Couleur`` and ``Couleur (hex)``
    (the theme's colour on the cards), ``Type`` (verbatim or question), ``Source``,
    ``Exécution`` (the run id).
    """
    rows = []
    run_id = insights.run.run_id
    for card in insights.cards:
        name, colour = theme_colour(card.theme_id)
        theme = f"{card.theme_id} · {card.label}"
        for quote in card.quotes:
            text = " ".join(quote.text.split())
            rows.append([f"« {text} » ({quote.provenance})", theme, name, colour,
                         "verbatim", quote.provenance, run_id])
        for question in card.questions:
            rows.append([question, theme, name, colour, "question", "", run_id])
    return pd.DataFrame(rows, columns=["Texte", "Thème", "Couleur", "Couleur (hex)", "Type",
                                       "Source", "Exécution"])


def chromium() -> Path | None:
    """The Chromium that prints the PDF: ``LABSYNTH_CHROMIUM`` when set, else Debian's
    ``/usr/bin/chromium``, else ``chromium`` on the ``PATH``."""
    env = os.environ.get("LABSYNTH_CHROMIUM")
    candidates = [env] if env else ["/usr/bin/chromium", shutil.which("chromium") or ""]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def print_pdf(html: Path, pdf: Path, timeout: float = 120) -> str | None:
    """Print an HTML file to PDF with headless Chromium.

    Returns
    -------
    str or None
        None when the PDF was written; otherwise why not (French), the HTML being there
        to print from a browser.
    """
    browser = chromium()
    if browser is None:
        return ("Chromium n'est pas installé sur cet ordinateur (sudo apt-get install "
                "chromium) : le PDF n'est pas produit")
    try:
        with tempfile.TemporaryDirectory(prefix="labsynth-cartes-") as tmp, \
                atomic_target(pdf) as target:
            # a profile and a home of its own, removed after: nothing left in the user's
            command = [str(browser), *_CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profil",
                       f"--print-to-pdf={target}", html.resolve().as_uri()]
            try:
                done = subprocess.run(command, capture_output=True, text=True,
                                      timeout=timeout,
                                      env={**os.environ, "HOME": tmp, "TMPDIR": tmp})
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise _PrintError(f"Chromium n'a pas pu imprimer les cartes ({exc})") from None
            if done.returncode != 0 or target.stat().st_size == 0:
                last = (done.stderr or "").strip().splitlines()[-1:] or ["aucun message"]
                raise _PrintError(f"Chromium n'a pas pu imprimer les cartes ({last[0]})")
    except _PrintError as exc:  # the previous PDF, if any, is left as it was
        return str(exc)
    return None


class _PrintError(RuntimeError):
    """Chromium ran but wrote no PDF (the target is left as it was)."""


@dataclass(frozen=True)
class CardsResult:
    """What :func:`write_cards` wrote, and why a PDF is missing (French)."""

    html: Path
    pdf: Path | None
    postits: Path
    n_cards: int
    pdf_missing: str = ""


def write_cards(insights: Insights, html: str | Path, pdf: str | Path | None,
                postits: str | Path) -> CardsResult:
    """Write the workshop material of a report: cards page, its PDF, sticky notes.

    Parameters
    ----------
    insights : Insights
        Its cards (quotes, questions) and run id.
    html, pdf, postits : path
        Where to write ``cartes.html``, ``cartes.pdf`` (None: no PDF) and
        ``postits.csv``.

    Returns
    -------
    CardsResult
        ``pdf`` is None when no PDF could be printed, and ``pdf_missing`` says why and
        how to print the HTML instead.
    """
    from labsynth.export import write_table

    cards = make_cards(insights)
    html = Path(html)
    atomic_write(html, cards_html(cards, title=insights.title, run_id=insights.run.run_id))
    write_table(postits_table(insights), postits)
    why = ""
    if pdf is not None:
        why = print_pdf(html, Path(pdf)) or ""
        if why:
            why += (f". Ouvrez {html.name} dans un navigateur et imprimez-le (A4, échelle "
                    "100 %, arrière-plans activés), ou « Enregistrer en PDF ».")
    return CardsResult(html, None if why or pdf is None else Path(pdf), Path(postits),
                       len(cards), why)
