"""Report time: `labsynth report demo` end to end, cold and warm, vs the same analysis as a
plain Python script (no papermill, no nbconvert).

Works on a copy of corpora/demo in a temporary folder. Every run is a fresh process timed
from the outside (wall clock, what the designer waits for):

- report, cold: empty annotation cache and no theme state (first run of a project);
- report, warm: cache filled (the usual case: a parameter changed, the report re-run;
  ``--force``, since an unchanged project is otherwise « à jour » and not redone);
- plain script, warm: the same library calls as the notebook (insights, every section's
  HTML and charts, the workbook) in one `python` process.

Warm runs are repeated and the median kept. Prints a table; results go in README.md.
Run it alone: another busy process on these 2 cores changes the figures.
"""

from __future__ import annotations

import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABSYNTH = Path(sys.executable).parent / "labsynth"
REPEAT = 3

PLAIN = """
import sys
from pathlib import Path
from labsynth import pages
from labsynth.export import write_workbook
from labsynth.insights import build_insights
from labsynth.project import load_project
from labsynth.report import SECTIONS

project = load_project("demo", sys.argv[1])
insights = build_insights(project)
html = "".join([pages.cover(insights, list(SECTIONS)), pages.sizes(insights),
                pages.theme_cards(insights), pages.crossings(insights),
                pages.saturation(insights), pages.timeline_section(insights),
                pages.method(insights)])
Path(sys.argv[2], "plain.html").write_text(html, encoding="utf-8")
write_workbook(insights.sheets(), Path(sys.argv[2], "themes.xlsx"))
"""


def _run(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"échec de {' '.join(command)} :\n{done.stdout}\n{done.stderr}")
    return seconds


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="labsynth-bench-") as tmp:
        base = Path(tmp)
        corpora = base / "corpora"
        shutil.copytree(ROOT / "corpora" / "demo", corpora / "demo",
                        ignore=shutil.ignore_patterns(".labsynth-cache", "themes_state.json"))
        out = base / "out"
        out.mkdir()
        report = [str(LABSYNTH), "--corpora", str(corpora), "report", "demo",
                  "-p", "output_dir", str(out)]
        plain = [sys.executable, "-c", PLAIN, str(corpora), str(out)]
        cold = _run(report, base)
        warm = [_run([*report, "--force"], base) for _ in range(REPEAT)]
        script = [_run(plain, base) for _ in range(REPEAT)]
        page = (out / "insight_report.html").stat().st_size
    warm_s, script_s = statistics.median(warm), statistics.median(script)
    print(f"Machine : {platform.processor() or platform.machine()}, Python "
          f"{platform.python_version()} ; démo (10 entretiens, 330 contributions, 2 notes)")
    print(f"{'étape':<34}{'secondes':>10}")
    print(f"{'rapport, cache vide (froid)':<34}{cold:>10.1f}")
    print(f"{'rapport, cache rempli (chaud)':<34}{warm_s:>10.1f}   "
          f"({', '.join(f'{s:.1f}' for s in warm)})")
    print(f"{'script simple, cache rempli':<34}{script_s:>10.1f}   "
          f"({', '.join(f'{s:.1f}' for s in script)})")
    print(f"rapport chaud / script simple : {warm_s / script_s:.2f} x "
          f"(objectif < 2) ; rapport chaud ≤ 15 s : {'oui' if warm_s <= 15 else 'non'}")
    print(f"taille de la page : {page / 1024:.0f} Kio")


if __name__ == "__main__":
    main()
