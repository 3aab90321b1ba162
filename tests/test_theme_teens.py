"""What a designer trial found on six teen interviews and a 40-row consultation (slow):
closing formulas made a theme (« revoir · journée · vie »), « on court » gave the keyword
« court », « Pass'Sport » was cut, « personne » (nobody) was a keyword, and one sentence
was quoted four times in a theme. The project is tests/data/teens."""

from __future__ import annotations

import re
import shutil
import unicodedata

import pytest

from labsynth.codebook import project_themes
from labsynth.project import load_project
from labsynth.themes import UNCLASSIFIED

from .conftest import TEENS

pytestmark = pytest.mark.slow

#: the turns and rows made of nothing but greetings and closing formulas
FORMULA_ONLY = re.compile(
    r"^(?:(?:non|ok|ah non)[ ,]+)?(?:(?:merci(?: beaucoup| à vous(?: aussi)?)?|de rien|"
    r"au revoir(?: madame)?|bonne journée(?: à vous(?: aussi)?)?|bonne continuation|"
    r"jamais de la vie(?:, j'ai tout dit)?|avec plaisir|non merci)(?:[ ,.!]|et)*)+$",
    re.IGNORECASE)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("teens") / "corpora" / "teens"
    shutil.copytree(TEENS, root)
    return project_themes(load_project(root), progress=False)


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[\w'’-]+", text)}


def test_closing_formulas_make_no_theme_and_are_counted_unclassified(run):
    themes = run.themes
    segments = themes.segments.assign(theme_id=themes.assignments["theme_id"].to_numpy())
    formula = segments["text"].str.strip().map(lambda t: bool(FORMULA_ONLY.match(t)))
    assert formula.sum() >= 15  # the fixture's closings, turns and rows
    assert (segments.loc[formula, "theme_id"] == UNCLASSIFIED).all(), \
        segments.loc[formula & (segments["theme_id"] != UNCLASSIFIED), "text"].tolist()
    assert themes.params["without_content"] == formula.sum()
    # nothing lost: every segment has a theme, T00 included, and the table counts them all
    table = themes.table().set_index("theme_id")
    assert table["n_segments"].sum() == len(segments)
    assert table.loc[UNCLASSIFIED, "n_segments"] == (segments["theme_id"] == UNCLASSIFIED).sum()
    for row in themes.table().itertuples():
        if row.theme_id == UNCLASSIFIED:
            continue
        said = _words(" ".join([row.label, *row.keywords]))
        assert not said & {"revoir", "vie", "merci", "rien", "madame", "plaisir"}, row
        members = segments[segments["theme_id"] == row.theme_id]
        assert not members["text"].str.strip().map(lambda t: bool(FORMULA_ONLY.match(t))).any()


def test_keywords_read_the_words_as_said(run):
    keywords = [k for row in run.themes.table().itertuples() for k in [row.label, *row.keywords]]
    lower = {k.lower() for k in keywords}
    assert "court" not in lower  # « on court » is « courir »
    assert not {"personne", "personn"} & lower  # « personne m'aide »: nobody
    assert "pass'sport" in lower  # one word, like « week-end »
    assert not any(k.endswith(("'", "’")) for k in keywords), keywords


def _normalised(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(re.findall(r"\w+", "".join(c for c in plain
                                               if not unicodedata.combining(c))))


def test_a_theme_quotes_each_thing_said_once_spread_across_people(run):
    themes = run.themes
    who = dict(zip(themes.segments["segment_id"], themes.segments["doc_id"].where(
        themes.segments["kind"] == "interview",
        "auteur:" + themes.segments["speaker"].fillna("")), strict=True))
    said_it = 0
    for theme_id in themes.themes["theme_id"]:
        if theme_id == UNCLASSIFIED:
            continue
        quotes = themes.quotes(theme_id)
        texts = [_normalised(t) for t in quotes["text"]]
        assert len(texts) == len(set(texts)), (theme_id, quotes["text"].tolist())
        repeated = sum("le bus de 17h il passe jamais le mercredi" in t and len(t) < 80
                       for t in texts)
        assert repeated <= 1, quotes["text"].tolist()
        said_it += repeated
        people = [who[s] for s in quotes["segment_id"]]
        members = themes.assignments["theme_id"] == theme_id
        available = {who[s] for s in themes.assignments.loc[members, "segment_id"]}
        assert len(set(people)) == min(len(people), len(available)), (theme_id, people)
    assert said_it == 1  # the sentence is quoted, once
    assert run.not_verbatim == []


def test_the_report_says_how_many_unclassified_are_formulas(tmp_path):
    from labsynth.insights import build_insights
    from labsynth.pages import cover

    root = tmp_path / "corpora" / "teens"
    shutil.copytree(TEENS, root)
    insights = build_insights(load_project(root))
    f = insights.figures
    assert f.n_without_content == 16 and f.n_unclassified >= 16
    html = re.sub(r"\s+", " ", str(cover(insights, ["chiffres"])))
    assert (f"({f.n_unclassified}, dont 16 sans mot porteur de sens : formules de politesse"
            in html), html
