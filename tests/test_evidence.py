"""Insights with their evidence (``insights.yml``): drafted from the workbench, checked
verbatim against the sources at every run, pseudonymised, shown first in the report; an
insight whose evidence is gone is flagged, never dropped."""

from __future__ import annotations

import pytest

from labsynth import pages
from labsynth.errors import LabsynthError, ProjectError
from labsynth.evidence import INSIGHTS_FILE, check_insights, load_insights
from labsynth.explore import open_project
from labsynth.insights import build_insights

CSV = "contributions/consultation_mars_2025.csv"
MANON = "entretiens/entretien_01_cahors.txt"
KEVIN = "entretiens/entretien_02_lannemezan.txt"


@pytest.fixture
def drafted(atelier):
    """Two insights drafted from the workbench, as the explorer notebook does."""
    wb = open_project(atelier)
    found = wb.search("transport à la demande", role="participant")
    manon = found[found["segment_id"] == f"{MANON}#5"]
    wb.draft_insight("Le transport à la demande ne sert pas les jeunes : il roule en "
                     "journée, sur réservation la veille",
                     wb.evidence(manon) + wb.evidence(found[found["segment_id"]
                                                            == f"{CSV}:AV003#0"]),
                     how_might_we="Comment pourrions-nous ouvrir le transport à la demande "
                     "aux soirées et aux week-ends ?", priority="moyenne")
    lodging = wb.members(wb.segment(f"{CSV}:AV013#0")["theme_id"])
    wb.draft_insight("Sans garant ni caution avancée, les jeunes ne peuvent pas louer",
                     [*wb.evidence(lodging[lodging["segment_id"] == f"{CSV}:AV013#0"]),
                      {"segment": f"{KEVIN}#7", "quote": "personne ne se porte garant "
                       "pour moi"}], priority="haute")
    return atelier


def test_drafted_insights_are_checked_and_pseudonymised(drafted):
    text = (drafted.root / INSIGHTS_FILE).read_text(encoding="utf-8")
    assert text.startswith("# Enseignements du projet")  # the commented template is kept
    findings = open_project(drafted).insights()
    # by priority: « haute » first, whatever the order in the file
    assert [f.number for f in findings] == [2, 1]
    assert [f.priority for f in findings] == ["haute", "moyenne"]
    assert not any(f.flagged for f in findings), [f.problems for f in findings]
    transport = findings[1]
    assert transport.how_might_we.startswith("Comment pourrions-nous ouvrir")
    quote = transport.proofs[0].quote
    # the sentence picked from the search, as shown: the sister's name is pseudonymised
    # in the segment, the sentence cited does not hold it
    assert quote.text == ("Il faut réserver la veille avant midi par téléphone, et les "
                          "transports à la demande ne roulent pas le soir ni le week-end.")
    assert quote.cut_before and quote.cut_after
    assert quote.provenance == f"{MANON}, ligne 10, Participant·e 1"
    whole = findings[0].proofs[0].quote
    assert whole.text.startswith("Pour louer un studio il faut un garant")
    assert not whole.cut_before and not whole.cut_after
    assert findings[0].proofs[1].quote.text == "personne ne se porte garant pour moi"


def test_a_quote_with_a_name_is_shared_pseudonymised(atelier):
    (atelier.root / INSIGHTS_FILE).write_text(
        "insights:\n  - statement: Les fratries s'organisent\n    evidence:\n"
        f"      - segment: \"{MANON}#5\"\n        quote: \"on a essayé avec ma sœur Chloé\"\n",
        encoding="utf-8")
    run = open_project(atelier).run
    [finding] = check_insights(run, load_insights(atelier))
    assert not finding.flagged
    assert finding.proofs[0].quote.text == "on a essayé avec ma sœur Personne 1"


def test_broken_sources_flag_the_insight_and_keep_it(drafted):
    # the designer edits one interview and takes another out of raw/
    path = drafted.raw_dir / MANON
    path.write_text(path.read_text(encoding="utf-8").replace(
        "ne roulent pas le soir", "ne circulent pas le soir"), encoding="utf-8")
    (drafted.raw_dir / KEVIN).unlink()
    insights = build_insights(drafted)
    findings = insights.findings
    assert [f.number for f in findings] == [2, 1]  # both still there
    assert all(f.flagged for f in findings)
    assert any(f"ne sont pas (ou plus) dans le segment {MANON}#5" in p
               for p in findings[1].problems)
    assert any(f"segment « {KEVIN}#7 » introuvable" in p for p in findings[0].problems)
    # the evidence still there is still shown
    assert findings[1].proofs[1].quote is not None
    assert findings[0].proofs[0].quote is not None
    html = pages.findings(insights)
    assert html.count("Preuve à revoir") == 2
    assert "Sans garant ni caution avancée" in html and "ne sert pas les jeunes" in html
    assert html.index("Sans garant") < html.index("ne sert pas les jeunes")
    sheet = insights.sheets()["Enseignements"]
    assert (sheet["état"] == "vérifié").sum() == 2 and len(sheet) == 4


def test_insights_file_mistakes_are_located(atelier):
    (atelier.root / INSIGHTS_FILE).write_text(
        "insights:\n  - statement: Un enseignement\n    priority: urgente\n"
        "    evidense: []\n", encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        load_insights(atelier)
    message = str(caught.value)
    assert "LS131" in message and "ligne 3" in message and "ligne 4" in message
    assert "evidence" in message  # « Vouliez-vous dire »


def test_an_invalid_draft_leaves_the_file_alone(drafted):
    before = (drafted.root / INSIGHTS_FILE).read_bytes()
    wb = open_project(drafted)
    with pytest.raises(ProjectError, match="LS131"):
        wb.draft_insight("", [f"{CSV}:AV001#0"], priority="haute")
    with pytest.raises(ProjectError, match="LS131"):
        wb.draft_insight("Un constat", [f"{CSV}:AV001#0"], priority="urgente")
    assert (drafted.root / INSIGHTS_FILE).read_bytes() == before


def test_evidence_with_the_wrong_segment_is_refused_with_the_right_one(atelier):
    wb = open_project(atelier)
    before = (atelier.root / INSIGHTS_FILE).exists()
    # the words are Manon's answer (#5); #4 is the question before it
    with pytest.raises(LabsynthError, match=rf"LS522.*corrigez l'identifiant : {MANON}#5"):
        wb.draft_insight("Un constat", [{"segment": f"{MANON}#4",
                                         "quote": "les transports à la demande ne roulent pas"}])
    with pytest.raises(LabsynthError, match="LS520"):
        wb.draft_insight("Un constat", [f"{CSV}:AV999#0"])
    assert (atelier.root / INSIGHTS_FILE).exists() == before
    # written by hand in the file, the same mistake flags the insight with the right id
    (atelier.root / INSIGHTS_FILE).write_text(
        "insights:\n  - statement: Un constat\n    evidence:\n"
        f"      - segment: \"{MANON}#4\"\n        quote: \"ne roulent pas le soir\"\n",
        encoding="utf-8")
    [finding] = open_project(atelier).insights()
    assert finding.flagged
    assert f"corrigez l'identifiant : {MANON}#5" in finding.problems[0]
