"""Verbatims that read well: clean excerpts with exact offsets, spread across sources."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from labsynth.quotes import MAX_CHARS, best_excerpt, pick_quotes, relevance_of

NOTE = ("# Note de terrain — Atelier « Bouger » à Millau\n"
        "**Date :** 9 avril 2025. **Présents :** Claire Vidal, Julien Garnier, 14 jeunes.\n"
        "\n"
        "## Ce qu'on a entendu\n"
        "**Transports** — Sans voiture, le car passe à 7 h et le soir il n'y a rien. Le "
        "transport à la demande, personne ne connaît. Il faut appeler la veille.\n"
        "- « On reste coincés au village le week-end. »\n"
        "1. Un bus le samedi soir.\n"
        "<p>Texte <b>collé</b> depuis un site.</p>\n"
        "| colonne | valeur |\n")

RELEVANCE = relevance_of({"transport": 1.0, "car": 0.8, "transport à la demande": 1.5,
                          "bus": 0.6, "village": 0.4, "week-end": 0.4}, lambda f: f)


def _excerpt(text: str, avoid=()):
    e = best_excerpt(text, RELEVANCE, avoid)
    return e, (text[e.start:e.end] if e else None)


def test_a_note_is_quoted_by_its_sentences_never_its_markup():
    e, quote = _excerpt(NOTE)
    assert quote == ("Sans voiture, le car passe à 7 h et le soir il n'y a rien. Le transport "
                     "à la demande, personne ne connaît. Il faut appeler la veille.")
    assert e.cut_before and e.cut_after
    for mark in ("#", "**", "<", "|", "- ", "1. "):
        assert mark not in quote


def test_headings_are_never_quoted_bullets_are_left_out_of_the_excerpt():
    text = "## Contexte\n- « On reste coincés au village le week-end, sans bus. »\n"
    _, quote = _excerpt(text)
    assert quote == "« On reste coincés au village le week-end, sans bus. »"
    assert best_excerpt("# Titre seul\n## Sous-titre\n", RELEVANCE) is None


def test_a_short_clean_segment_is_quoted_whole():
    text = "  Le bus du samedi passe trop tôt pour le village.  "
    e, quote = _excerpt(text)
    assert quote == text.strip() and not e.cut_before and not e.cut_after


def test_personal_data_is_never_quoted():
    text = ("Le car passe à 7 h. Mon numéro c'est le 06 39 98 41 27, rappelez-moi. "
            "Le transport à la demande, personne ne connaît.")
    phone = text.index("06 39"), text.index("27,") + 2
    _, quote = _excerpt(text, [phone])
    assert "06 39" not in quote
    assert quote == "Le transport à la demande, personne ne connaît."


def test_a_long_turn_is_cut_to_the_sentences_of_the_theme():
    filler = "Je parle ici d'autre chose, de ma famille et de mes études. " * 20
    text = filler + "Le transport à la demande, personne ne connaît, le car non plus. " + filler
    e, quote = _excerpt(text)
    assert "transport à la demande" in quote and len(quote) <= MAX_CHARS
    assert e.cut_before and e.cut_after
    assert text[e.start:e.end] == quote  # exact offsets: the verbatim check holds


#: distinct things said (a theme never quotes the same words twice)
SAID = ["la boulangerie qui ouvre à sept heures", "le collège et ses horaires d'hiver",
        "les voisins partis travailler à Foix", "ma grand-mère qui ne conduit plus",
        "le stade fermé depuis Noël", "la mairie qui ne répond jamais"]


def test_quotes_go_to_other_participants_and_alternate_sources():
    rows = []
    for i in range(6):
        rows.append({"segment_id": f"e{i}",
                     "text": f"Le car du village passe bien trop tôt le matin pour {SAID[i]}.",
                     "score": 0.9 - i / 100, "participant": "entretien-1", "kind": "interview"})
        rows.append({"segment_id": f"c{i}",
                     "text": f"Il faudrait un bus le samedi soir, {SAID[i]} le dit aussi.",
                     "score": 0.5 - i / 100, "participant": f"auteur{i}",
                     "kind": "contribution"})
    chosen = pick_quotes(pd.DataFrame(rows), 4, RELEVANCE)
    ids = [sid for sid, _ in chosen]
    assert ids[:2] == ["e0", "c0"]  # one of each source first, best scored
    assert ids[2:] == ["c1", "c2"]  # then new participants before the same one again
    assert len(pick_quotes(pd.DataFrame(rows), 12, RELEVANCE)) == 12


@pytest.mark.parametrize("text", ["", "   ", "# Titre", "**Date :** 9 avril", "<br>",
                                  "- **Présents :** Claire, Julien", "__Lieu__ : MJC"])
def test_nothing_to_quote(text):
    assert best_excerpt(text, RELEVANCE) is None


def test_a_theme_never_quotes_the_same_words_twice():
    # one teen says it twice, two contributions copy it, a third with other punctuation:
    # before, the theme quoted « Le bus de 17h il passe jamais le mercredi » four times
    said = "Le bus de 17h il passe jamais le mercredi."
    rows = [
        {"segment_id": "c04", "text": said, "participant": "auteur:mimi", "kind": "contribution"},
        {"segment_id": "c07", "text": said, "participant": "auteur:jules", "kind": "contribution"},
        {"segment_id": "c38", "text": "le bus de 17H, il passe JAMAIS le mercredi !!",
         "participant": "auteur:lenny", "kind": "contribution"},
        {"segment_id": "e01", "text": "Ouais, je redis : le bus de 17h il passe jamais le "
                                      "mercredi. C'est ça le vrai problème.",
         "participant": "yanis", "kind": "interview"},
        {"segment_id": "e02", "text": said, "participant": "yanis", "kind": "interview"},
        {"segment_id": "e03", "text": "Le car du matin part à 6h50 et met une heure pour "
                                      "arriver au collège, on dort dedans.",
         "participant": "noah", "kind": "interview"},
        {"segment_id": "c11", "text": "Un bus le mercredi après-midi pour rentrer des "
                                      "activités, sinon on reste bloqués en ville.",
         "participant": "auteur:manon", "kind": "contribution"},
        {"segment_id": "e04", "text": "Le samedi il y a deux bus dans la journée pour aller "
                                      "à Toulouse, c'est impossible sans voiture.",
         "participant": "yanis", "kind": "interview"},
    ]
    for i, row in enumerate(rows):
        row["score"] = 0.9 - i / 100
    relevance = relevance_of({"bus": 1.0, "mercredi": 0.8, "car": 0.5}, lambda f: f)
    chosen = pick_quotes(pd.DataFrame(rows), 5, relevance)
    text = {r["segment_id"]: r["text"] for r in rows}
    quoted = [text[sid][e.start:e.end] for sid, e in chosen]
    saying_it = [q for q in quoted if "passe jamais le mercredi" in q.lower()]
    assert len(saying_it) == 1, quoted
    assert len(chosen) == 4  # every distinct thing said, and nothing twice
    assert {"e03", "c11", "e04"} <= {sid for sid, _ in chosen}
    # spread: the fourth goes to a new participant before the same one again
    who = {r["segment_id"]: r["participant"] for r in rows}
    assert len({who[sid] for sid, _ in chosen}) == 4, chosen


def test_after_one_each_the_next_quote_goes_to_whoever_has_fewest():
    rows = []
    for i in range(4):
        rows.append({"segment_id": f"a{i}", "text": f"Le bus du village passe trop tôt pour "
                     f"{SAID[i]}.", "score": 0.9 - i / 100,
                     "participant": "a", "kind": "interview"})
    for i in range(2):
        rows.append({"segment_id": f"b{i}", "text": f"Il faudrait un car le samedi soir pour "
                     f"{SAID[i + 4]}.", "score": 0.5 - i / 100,
                     "participant": "b", "kind": "interview"})
    ids = [sid for sid, _ in pick_quotes(pd.DataFrame(rows), 4, RELEVANCE)]
    assert ids == ["a0", "b0", "a1", "b1"]


def test_words_already_quoted_elsewhere_are_not_quoted_again():
    # a designer pinned one of the copies: labsynth's own choice does not add another
    said = "Le bus de 17h il passe jamais le mercredi."
    rows = [{"segment_id": "c04", "text": said, "participant": "auteur:mimi"},
            {"segment_id": "c11", "text": "Un bus le mercredi après-midi pour rentrer des "
                                          "activités, sinon on reste bloqués en ville.",
             "participant": "auteur:manon"}]
    for i, row in enumerate(rows):
        row["score"], row["kind"] = 0.9 - i / 10, "contribution"
    relevance = relevance_of({"bus": 1.0, "mercredi": 0.8}, lambda f: f)
    chosen = pick_quotes(pd.DataFrame(rows), 2, relevance, quoted=[said.upper()])
    assert [sid for sid, _ in chosen] == ["c11"]


def test_a_numbered_list_inside_a_segment_is_never_quoted_whole():
    text = ("Deux idées pour la consultation.\n1. Un retour public sur chaque proposition.\n"
            "2. Des ateliers dans les villages, pas seulement en ligne.")
    e, quote = _excerpt(text)
    assert quote is not None and not re.search(r"(?m)^\s*\d{1,3}[.)]\s", quote), quote
    assert text[e.start:e.end] == quote
