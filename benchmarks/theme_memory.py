"""Do the designer's names survive new material? The theme memory against a fresh start.

Two projects, each run once, its 8 largest themes named, then run again with about 10 %
more material (two more interviews):

- the demo (`corpora/demo`): run 1 without entretien_07 and entretien_10, run 2 with them;
- the designer-week fixture (`tests/data/designer_week`, interviewers declared): run 2
  adds the two interviews of its `added/` folder.

Run 2 is made twice from the same memory: "memory" is labsynth's default (k-means starts
from the remembered themes, k kept unless clearly worse); "fresh" is the previous
behaviour (a fresh k-means, ids matched afterwards by overlap and keywords), obtained by
giving run 2 another start than run 1's. A name "survives" when its id is still there and
holds more than half of the members it had when it was named.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from labsynth.codebook import STATE_FILE, project_themes  # noqa: E402
from labsynth.project import load_project  # noqa: E402

HELD_OUT = ["entretien_07_montpellier.vtt", "entretien_10_tarbes.odt"]


def _demo(base: Path) -> tuple[Path, callable]:
    root = base / "corpora" / "demo"
    shutil.copytree(ROOT / "corpora" / "demo", root,
                    ignore=shutil.ignore_patterns(STATE_FILE, ".labsynth-cache"))
    yml = (root / "project.yml").read_text(encoding="utf-8")
    (root / "project.yml").write_text(yml.replace(
        "language: fr", f"language: fr\nignore: [{', '.join(HELD_OUT)}]"), encoding="utf-8")

    def grow() -> None:
        (root / "project.yml").write_text(yml, encoding="utf-8")

    return root, grow


def _week(base: Path) -> tuple[Path, callable]:
    root = base / "corpora" / "semaine"
    shutil.copytree(ROOT / "tests" / "data" / "designer_week", root,
                    ignore=shutil.ignore_patterns("added", "build.py", "README.md"))
    with (root / "project.yml").open("a", encoding="utf-8") as handle:
        handle.write("interviewers: [Claire, Julien]\n")

    def grow() -> None:
        for path in (ROOT / "tests" / "data" / "designer_week" / "added").iterdir():
            shutil.copy(path, root / "raw" / "entretiens" / path.name)

    return root, grow


def _members(run) -> dict[str, set[str]]:
    a = run.themes.assignments
    return {t: set(a.loc[a["theme_id"] == t, "segment_id"]) for t in set(a["theme_id"])}


def main() -> None:
    print(f"{'project':<14} {'run 2':<7} {'segments':>13} {'k':>7} {'names kept':>10} "
          f"{'mean share kept':>15} {'seconds':>7}")
    for name, build in (("demo", _demo), ("designer_week", _week)):
        with tempfile.TemporaryDirectory() as tmp:
            root, grow = build(Path(tmp))
            project = load_project(root)
            first = project_themes(project, progress=False)
            members = _members(first)
            named = sorted((t for t in members if t != "T00"),
                           key=lambda t: (-len(members[t]), t))[:8]
            (root / "codebook.yml").write_text(
                "names: {" + ", ".join(f'{t}: "Nom {t}"' for t in named) + "}\n",
                encoding="utf-8")
            project_themes(project, progress=False)
            memory = (root / STATE_FILE).read_bytes()
            grow()
            project = load_project(root)
            for how in ("memory", "fresh"):
                (root / STATE_FILE).write_bytes(memory)
                if how == "fresh":  # another start than run 1's: no anchors, no hysteresis
                    state = json.loads(memory)
                    state["seed"] = -1
                    (root / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
                start = time.perf_counter()
                second = project_themes(project, save=False, progress=False)
                seconds = time.perf_counter() - start
                now = _members(second)
                shares = []
                for theme_id in named:
                    old = members[theme_id]
                    kept = now.get(theme_id, set())
                    shares.append(len(old & kept) / len(old))
                survived = sum(s > 0.5 for s in shares)
                print(f"{name:<14} {how:<7} {len(first.themes.segments):>5} → "
                      f"{len(second.themes.segments):>5} {first.themes.params['k']:>3} → "
                      f"{second.themes.params['k']:<3} {survived:>6} / {len(named)} "
                      f"{sum(shares) / len(shares):>15.0%} {seconds:>7.1f}")


if __name__ == "__main__":
    main()
