"""How often `labsynth check` is right when it suggests interviewers.

The rule (labsynth.interviewers): a name whose turns end with a question more than half of
the time and are shorter (median) than the other speakers' in the same interviews. It is
measured here on every speaker name of three sets of interviews, whatever `project.yml`
declares (declared and role names such as « Enquêtrice » or « Q » are judged like the
others):

- the demo (`corpora/demo`, 10 interviews): truth = the roles after `project.yml`;
- the designer-week fixture (`tests/data/designer_week`, 9 interviews): truth = Claire,
  Julien (also « Julien Garnier », « julien (Lab Région) ») and Q, from its README;
- the reader fixtures (`tests/data/transcripts` and `subtitles`, 16 short interviews of 2 to
  23 turns): truth = role names, and the three named interviewers of bracket_time.txt,
  paren_time.txt and visio.txt, and Sophie Bernard, who leads the Teams meeting.

Prints one row per name (turns, share of questions, length ratio, truth, suggested) and
precision/recall per set.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from labsynth.corpus import read_corpus  # noqa: E402
from labsynth.interviewers import speaker_profiles, suggest_interviewers  # noqa: E402
from labsynth.project import load_project  # noqa: E402

FIXTURE_INTERVIEWERS = {"julien", "claire", "aurelie", "sophie", "enqueteur", "enquetrice",
                        "animatrice", "animateur", "q"}
WEEK_INTERVIEWERS = {"claire", "julien", "q"}


def _fixtures_project(base: Path) -> Path:
    root = base / "fixtures"
    for folder in ("transcripts", "subtitles"):
        shutil.copytree(ROOT / "tests" / "data" / folder, root / "raw" / folder)
    (root / "project.yml").write_text(
        'title: "Fixtures"\nsources:\n  - files: "*"\n    kind: interview\n', encoding="utf-8")
    return root


def _measure(name: str, root: Path, truth) -> pd.DataFrame:
    corpus = read_corpus(load_project(root))
    profiles = speaker_profiles(corpus.segments)
    suggested = {h.name for h in suggest_interviewers(corpus.segments, include_known=True)}
    profiles["truth"] = profiles.apply(truth, axis=1)
    profiles["suggested"] = profiles["name"].isin(suggested)
    profiles.insert(0, "set", name)
    return profiles


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        week = base / "week"
        shutil.copytree(ROOT / "tests" / "data" / "designer_week", week,
                        ignore=shutil.ignore_patterns("added", "build.py", "README.md"))
        from labsynth.ingest.turns import normalise_label

        def first(row) -> str:
            return normalise_label(row["name"]).split()[0]

        rows = pd.concat([
            _measure("demo", ROOT / "corpora" / "demo", lambda r: r["role"] == "interviewer"),
            _measure("designer_week", week, lambda r: first(r) in WEEK_INTERVIEWERS),
            _measure("fixtures", _fixtures_project(base),
                     lambda r: first(r) in FIXTURE_INTERVIEWERS),
        ], ignore_index=True)
    pd.set_option("display.width", 160)
    shown = rows[["set", "name", "n_turns", "question_share", "length_ratio", "truth",
                  "suggested"]].copy()
    shown["question_share"] = shown["question_share"].round(2)
    shown["length_ratio"] = shown["length_ratio"].round(2)
    print(shown.to_string(index=False))
    print()
    print(f"{'set':<14} {'names':>5} {'interviewers':>12} {'suggested':>9} {'right':>5} "
          f"{'precision':>9} {'recall':>6}")
    for name, group in [*rows.groupby("set", sort=False), ("all", rows)]:
        hits = int((group["truth"] & group["suggested"]).sum())
        said = int(group["suggested"].sum())
        real = int(group["truth"].sum())
        print(f"{name:<14} {len(group):>5} {real:>12} {said:>9} {hits:>5} "
              f"{hits / said if said else 1:>9.2f} {hits / real if real else 1:>6.2f}")


if __name__ == "__main__":
    main()
