"""Hand coding (``codage.csv``): move, pin, drop, own codes on a segment or an exact
passage; kept over a rerun with more material; conflicts reported, never dropped.

Every test runs the real pipeline (spaCy, sentence vectors, UMAP, k-means) on the
workbench project of tests/data/workbench, with a warm annotation cache.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from labsynth.codebook import project_themes
from labsynth.coding import CODING_FILE, append_decisions, read_hand_coding
from labsynth.errors import ProjectError
from labsynth.qda import hand_codes

from .conftest import WORKBENCH

CSV = "contributions/consultation_mars_2025.csv"
MANON = "entretiens/entretien_01_cahors.txt"
KEVIN = "entretiens/entretien_02_lannemezan.txt"


def _sid(row: str) -> str:
    return f"{CSV}:{row}#0"


def _theme_of(run, segment_id: str) -> str:
    table = run.themes.assignments.set_index("segment_id")["theme_id"]
    return str(table[segment_id])


def _topic(run, word: str) -> str:
    """The theme most segments saying ``word`` are in."""
    data = run.themes.segments.assign(theme_id=run.themes.assignments["theme_id"].to_numpy())
    return data[data["text"].str.contains(word, regex=False)]["theme_id"].mode()[0]


def _write(project, lines: list[str], encoding: str = "utf-8-sig") -> None:
    text = "action;segment;thème;code;extrait;note\r\n" + "".join(f"{x}\r\n" for x in lines)
    (project.root / CODING_FILE).write_bytes(text.encode(encoding))


def _decisions(run) -> list[str]:
    """The lines of the change log about the hand coding."""
    return [c for c in run.changes if CODING_FILE in c]


@pytest.fixture
def coded(atelier):
    """A first run (theme memory written), then a codage.csv written from its themes."""
    first = project_themes(atelier)
    topics = {w: _topic(first, w) for w in ("loyer", "car", "psy", "stage")}
    assert len(set(topics.values())) == 4, topics
    quoted = first.themes.quote_ids[topics["psy"]][0]
    _write(atelier, [
        # AV037 (unpaid internships in Toulouse, and lodging there) goes to the stage theme
        f"déplacer;{_sid('AV037')};{topics['stage']};;;stage d'abord",
        # a verbatim pinned by its exact words, typed with straight apostrophes
        f"épingler;{MANON}#5;;;les transports à la demande ne roulent pas le soir ni le "
        "week-end. C'est pensé pour aller chez le médecin;",
        f"écarter;{quoted};;;;trop proche d'un autre",
        # two codes on one whole segment
        f"coder;{_sid('AV013')};;Logement / Garant;;",
        f"coder;{_sid('AV013')};;Argent;;",
        # two codes on the same exact passage of an interview turn
        f"coder;{KEVIN}#5;;Argent;Payer une chambre à Tarbes en plus de ma part du loyer;",
        f"coder;{KEVIN}#5;;Logement / Double loyer;Payer une chambre à Tarbes en plus de "
        "ma part du loyer;",
    ])
    return atelier, first, topics, quoted


def test_move_pin_drop_and_codes_apply_on_the_next_run(coded):
    project, first, topics, dropped = coded
    assert _theme_of(first, _sid("AV037")) == topics["loyer"]
    run = project_themes(project)

    assert not run.coding.conflicts and not run.coding.refused
    # moved
    assert _theme_of(run, _sid("AV037")) == topics["stage"]
    assert run.coding.moves == [(_sid("AV037"), topics["loyer"], topics["stage"], 2)]
    # pinned: first of its theme's quotes, exactly the words given (typographic apostrophe)
    transport = _theme_of(run, f"{MANON}#5")
    assert run.themes.quote_ids[transport][0] == f"{MANON}#5"
    quote = run.themes.quotes(transport, 1).iloc[0]
    assert quote["text"] == ("les transports à la demande ne roulent pas le soir ni le "
                             "week-end. C’est pensé pour aller chez le médecin")
    assert bool(quote["cut_before"]) and bool(quote["cut_after"])
    # dropped: quoted nowhere, still in its theme
    assert all(dropped not in ids for ids in run.themes.quote_ids.values())
    assert _theme_of(run, dropped) == _theme_of(first, dropped)
    # quotes still verbatim
    assert not run.not_verbatim
    # codes: two on a whole segment, two on the same passage
    codes = {(c.segment_id, c.code, c.whole) for c in run.coding.codes}
    assert codes == {(_sid("AV013"), "Logement / Garant", True),
                     (_sid("AV013"), "Argent", True),
                     (f"{KEVIN}#5", "Argent", False),
                     (f"{KEVIN}#5", "Logement / Double loyer", False)}
    text = run.corpus.segments.set_index("segment_id").at[f"{KEVIN}#5", "text"]
    for span in run.coding.codes:
        if not span.whole:
            assert text[span.start:span.end] == ("Payer une chambre à Tarbes en plus de ma "
                                                 "part du loyer")
    # the change log says what was applied, line by line
    log = _decisions(run)
    assert log[0].startswith(f"Codage à la main ({CODING_FILE}) : 1 segment(s) déplacé(s), "
                             "1 verbatim(s) épinglé(s), 1 écarté(s), 4 passage(s) codé(s) "
                             "avec 3 code(s) à vous")
    assert f"({CODING_FILE}, ligne 2)" in log[1] and "déplacé à la main" in log[1]
    # REFI-QDA: the passage codes share one selection of the pseudonymised text
    system = hand_codes(run)
    assert system is not None
    assert [c.name for c in system.codes] == ["Argent", "Logement"]
    assert {c.name for c in system.codes[1].children} == {"Double loyer", "Garant"}
    spans = {(c.start, c.end) for c in system.codings if c.segment_id == f"{KEVIN}#5"}
    assert len(spans) == 1 and None not in next(iter(spans))


def test_hand_coding_survives_a_rerun_with_added_material(coded):
    project, _, topics, dropped = coded
    before = project_themes(project)
    shutil.copy(WORKBENCH / "added" / "consultation_avril_2025.csv",
                project.raw_dir / "contributions" / "consultation_avril_2025.csv")
    after = project_themes(project)
    assert len(after.themes.assignments) == len(before.themes.assignments) + 6
    assert not after.coding.conflicts
    assert _theme_of(after, _sid("AV037")) == topics["stage"]
    transport = _theme_of(after, f"{MANON}#5")
    assert after.themes.quote_ids[transport][0] == f"{MANON}#5"
    assert all(dropped not in ids for ids in after.themes.quote_ids.values())
    assert ({(c.segment_id, c.code, c.start, c.end) for c in after.coding.codes}
            == {(c.segment_id, c.code, c.start, c.end) for c in before.coding.codes})
    # the new contributions were themed, the theme ids did not move
    for word in ("loyer", "car", "psy", "stage"):
        assert _topic(after, word) == topics[word]
    assert _theme_of(after, "contributions/consultation_avril_2025.csv:AV042#0") \
        == topics["loyer"]


def test_conflicts_are_reported_with_their_line_and_kept(atelier):
    first = project_themes(atelier)
    stage = _topic(first, "stage")
    _write(atelier, [
        f"déplacer;{_sid('AV001')};T09;;;",                               # 2: no such theme
        f"déplacer;{_sid('AV002')};Transports scolaires;;;",               # 3: no such name
        f"épingler;{_sid('AV003')};;;le train de nuit Paris-Rodez;",        # 4: words absent
        f"coder;{CSV}:AV999#0;;Argent;;",                                   # 5: no such segment
        f"épingler;{MANON}#4;;;;",                                          # 6: a question
        f"déplacé;{_sid('AV004')};{stage};;;",                             # 7: unknown action
        f"coder;{_sid('AV005')};;;;",                                       # 8: no code
        f"épingler;{_sid('AV006')};{stage};;;",                             # 9: not its theme
        f"déplacer;{_sid('AV010')};{stage.lower()};;;ok",                  # 10: applies
        f"coder;{MANON}#4;;Mobilité;ne roulent pas le soir;",               # 11: id of #5?
        f"déplacer;{_sid('AV031')};{stage};;;",                             # 12: there already
    ])
    written = (atelier.root / CODING_FILE).read_bytes()
    run = project_themes(atelier)
    log = "\n".join(_decisions(run))
    for line, code in ((2, "LS123"), (3, "LS123"), (4, "LS125"), (5, "LS124"), (6, "LS126"),
                       (7, "LS121"), (8, "LS122"), (9, "LS127")):
        assert any(f"[{code}]" in c and f"ligne {line}" in c for c in _decisions(run)), \
            (line, code, log)
    assert "Vouliez-vous dire « déplacer » ?" in log
    assert "1 segment(s) déplacé(s) (et 1 déjà dans le thème demandé)" in log
    assert any("[LS125]" in c and "ligne 11" in c and
               f"corrigez l'identifiant : {MANON}#5" in c for c in run.coding.conflicts)
    assert f"il reste dans {_theme_of(run, _sid('AV001'))}" in log
    # the decisions that could apply did, the file is untouched
    assert _theme_of(run, _sid("AV010")) == stage
    assert (atelier.root / CODING_FILE).read_bytes() == written


def test_a_move_to_a_theme_gone_is_a_conflict_not_a_loss(atelier):
    first = project_themes(atelier)
    ids = [t for t in first.themes.themes["theme_id"] if t != "T00"]
    mover = {t: _sid(f"AV0{31 + i}") for i, t in enumerate(ids)}
    _write(atelier, [f"déplacer;{sid};{t};;;" for t, sid in mover.items()])
    # an exploratory run with one theme less: one of the four themes is not there
    run = project_themes(atelier, n_themes=3, save=False)
    present = set(run.themes.themes["theme_id"])
    gone = [t for t in ids if t not in present]
    assert gone
    for line, (theme, sid) in enumerate(mover.items(), start=2):
        if theme in present:
            assert _theme_of(run, sid) == theme
        else:
            assert any("[LS123]" in c and f"ligne {line}" in c and f"« {theme} »" in c
                       for c in run.coding.conflicts), run.coding.conflicts
    # the decision is still there for the next run with the project's own settings
    again = project_themes(atelier)
    assert not again.coding.conflicts
    assert {_theme_of(again, sid) for sid in mover.values()} == set(ids)


def test_a_pinned_passage_edited_in_its_file_flags_a_conflict(coded):
    project, *_ = coded
    path = project.raw_dir / MANON
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("ne roulent pas le soir", "ne circulent pas le soir"),
                    encoding="utf-8")
    run = project_themes(project)
    assert any("[LS125]" in c and "ligne 3" in c and MANON in c for c in run.coding.conflicts)
    assert run.coding.pins == {}


def test_codage_saved_by_excel_in_windows_1252_is_read(atelier):
    rows = ("Action;Segment;Thème;Code;Extrait;Commentaire\r\n"
            f"Déplacer;{_sid('AV037')};T04;;;\r\n"
            f"ÉPINGLER;{MANON}#5;;;Le car scolaire de 6h55;à garder\r\n"
            ";;;;;\r\n"
            f"coder;{_sid('AV013')};;Logement / Garant;;\r\n")
    (atelier.root / CODING_FILE).write_bytes(rows.encode("cp1252"))
    coding = read_hand_coding(atelier)
    assert not coding.refused
    assert [(d.line, d.action, d.theme, d.excerpt, d.note) for d in coding.decisions] == [
        (2, "move", "T04", "", ""), (3, "pin", "", "Le car scolaire de 6h55", "à garder"),
        (5, "code", "", "", "")]


def test_codage_without_the_segment_column_is_refused_clearly(atelier):
    (atelier.root / CODING_FILE).write_text("action;id\r\ndéplacer;x\r\n", encoding="utf-8")
    with pytest.raises(ProjectError, match=r"LS120.*colonne\(s\) segment absente"):
        read_hand_coding(atelier)


def test_append_keeps_the_designers_columns_and_lines(atelier):
    _write(atelier, [f"coder;{_sid('AV013')};;Argent;;vu en atelier"])
    path = atelier.root / CODING_FILE
    path.write_bytes(path.read_bytes().replace(b"note\r\n", b"note;qui\r\n", 1))
    append_decisions(atelier, [{"action": "pin", "segment": _sid("AV003")}])
    table = pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str).fillna("")
    assert list(table.columns) == ["action", "segment", "thème", "code", "extrait", "note",
                                   "qui"]
    assert table["action"].tolist() == ["coder", "épingler"]
    assert table["note"].tolist() == ["vu en atelier", ""]


def test_the_workbench_writes_codage_and_applies_it_at_once(atelier):
    from labsynth.errors import LabsynthError
    from labsynth.explore import open_project

    project_themes(atelier)
    wb = open_project(atelier)
    stage = wb.segment(_sid("AV031"))["theme_id"]
    assert wb.move(_sid("AV037"), stage, note="stage d'abord") == [
        f"déplacer : écrit dans {CODING_FILE}, ligne 2."]
    assert wb.segment(_sid("AV037"))["theme_id"] == stage
    transport = wb.segment(f"{MANON}#3")["theme_id"]
    wb.pin(f"{MANON}#3", extrait="Le car scolaire de 6h55.")
    first = wb.quotes(transport).iloc[0]
    assert first["segment_id"] == f"{MANON}#3" and bool(first["épinglé"])
    assert first["verbatim"] == "Le car scolaire de 6h55."
    words = "Payer une chambre à Tarbes en plus de ma part du loyer"
    wb.code(f"{KEVIN}#5", "Argent", extrait=words)
    wb.code(f"{KEVIN}#5", "Logement / Double loyer", extrait=words)
    wb.code(_sid("AV014"), "Logement / Double loyer")
    counts = wb.code_counts().set_index("code")
    assert counts.loc["Logement / Double loyer"].tolist() == [2, 2]
    assert counts.loc["Argent"].tolist() == [1, 1]
    assert set(wb.codes()["passage"]) == {words, wb.segment(_sid("AV014"))["text"]}
    # an unknown theme, or words of another segment, are refused before anything is
    # written (the words of Manon's answer #3 given with the question's id #2)
    with pytest.raises(LabsynthError, match="LS521"):
        wb.move(_sid("AV001"), "T09")
    with pytest.raises(LabsynthError, match=rf"LS522.*corrigez l'identifiant : {MANON}#3"):
        wb.code(f"{MANON}#2", "Mobilité", extrait="Le car scolaire de 6h55.")
    # a move to the theme a segment is in says so, and is kept
    said = wb.move(_sid("AV031"), stage)
    assert said[1].startswith(f"Le segment était déjà dans {stage}")
    wb.reload_coding()
    # a decision that cannot apply is written, and said at once
    said = wb.pin(f"{MANON}#4")
    assert said[0] == f"épingler : écrit dans {CODING_FILE}, ligne 8."
    assert "[LS126]" in said[1] and "ligne 8" in said[1]
    assert wb.conflicts == said[1:]
    # the next run (the report's) applies the same decisions
    run = project_themes(atelier)
    assert _theme_of(run, _sid("AV037")) == stage
    assert run.themes.quote_ids[transport][0] == f"{MANON}#3"
    assert len(run.coding.codes) == 3
