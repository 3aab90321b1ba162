"""The explorer notebook's panels, driven as a designer would (typing, picking, clicking)
without a browser: the controls call the workbench with the right filters, the coding form
writes codage.csv, and a static copy reads a French sentence."""

from __future__ import annotations

import pytest

from labsynth import widgets
from labsynth.coding import CODING_FILE
from labsynth.explore import open_project

pytest.importorskip("ipywidgets")

CSV = "contributions/consultation_mars_2025.csv"
KEVIN = "entretiens/entretien_02_lannemezan.txt"


def test_search_panel_searches_with_the_pickers(atelier, monkeypatch):
    wb = open_project(atelier)
    calls = []
    search = wb.search
    monkeypatch.setattr(wb, "search", lambda q, **kw: calls.append((q, kw)) or search(q, **kw))
    panel = widgets.search_panel(wb, "permis", "profil")
    (box, role), (theme, group), _ = panel.children[0].children, panel.children[1].children, \
        panel.children[2]
    assert calls[-1] == ("permis", {"theme": None, "role": "participant", "where": None})
    assert "Lycéen·ne" in group.options and group.description == "profil"
    group.value = "Lycéen·ne"
    assert calls[-1][1]["where"] == {"profil": "Lycéen·ne"}
    transport = wb.segment(f"{CSV}:AV001#0")["theme_id"]
    theme.value = transport
    role.value = ""
    box.value = "car scolaire"
    assert calls[-1] == ("car scolaire", {"theme": transport, "role": None,
                                          "where": {"profil": "Lycéen·ne"}})


def test_coding_form_writes_codage_and_applies_it(atelier):
    wb = open_project(atelier)
    form = widgets.coding_form(wb)
    action, segment, _, code, words, note, button, _ = form.children
    action.value = "code"
    segment.value = f"{KEVIN}#5"
    code.value = "Argent / Loyer"
    words.value = "Payer une chambre à Tarbes"
    note.value = "vu en atelier"
    button.click()
    lines = (atelier.root / CODING_FILE).read_text(encoding="utf-8-sig").splitlines()
    assert lines[1] == (f"coder;{KEVIN}#5;;Argent / Loyer;Payer une chambre à Tarbes;"
                        "vu en atelier")
    assert wb.codes()["passage"].tolist() == ["Payer une chambre à Tarbes"]
    # a mistake is said, nothing is written
    words.value = "des mots absents"
    button.click()
    assert len((atelier.root / CODING_FILE).read_text(encoding="utf-8-sig").splitlines()) == 2


def test_a_static_copy_reads_a_sentence_not_a_repr(monkeypatch):
    import ipywidgets as w

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda data, raw=False: shown.append(data))
    widgets.show(w.VBox([w.Text()]), "Boîte de recherche : ouvrez le carnet dans JupyterLab.")
    [data] = shown
    assert data["text/plain"] == "Boîte de recherche : ouvrez le carnet dans JupyterLab."
    assert "VBox" not in data["text/html"]
    assert widgets.WIDGET_MIME in data


def test_headless_shows_the_sentence_and_builds_no_widget(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda data, raw=False: shown.append(data))
    built = []
    widgets.show(lambda: built.append(1), "Sélecteur de thème.", interactive=False)
    assert not built
    assert shown == [{"text/plain": "Sélecteur de thème.",
                      "text/html": "<p><em>Sélecteur de thème.</em></p>"}]
