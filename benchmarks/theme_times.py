"""How long a designer waits for themes: `labsynth themes`, cold and warm, on the demo and
on the 5,859 Grand Débat answers (as a project and as a plain table).

Every run is a fresh process timed from the outside (wall clock):

- cold: empty annotation cache and no theme memory (spaCy, the sentence encoder and UMAP
  all run); numba's compiled code for UMAP is already in the user's cache (it is compiled
  once per machine: the first-ever run is timed apart, in its own cache folder);
- warm: the same command again (median of 3): annotations, vectors and the UMAP
  reduction read from the cache; the theme memory there.

The dev-set rows need ../shared/data/granddebat_dev.csv (skipped, saying so, when absent).
Run it alone: another busy process on these 2 cores changes the figures.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "granddebat_dev.csv"
LABSYNTH = Path(sys.executable).parent / "labsynth"
REPEAT = 3
DEV_PROJECT = """title: "Grand Débat (dev)"
pseudonymisation: {enabled: false}
sources:
  - files: "*.csv"
    kind: contribution
    text_column: text
    id_column: id
    metadata_columns: [label, question_id]
"""


def _run(command: list[str], cwd: Path, env: dict) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"échec de {' '.join(command)} :\n{done.stdout}\n{done.stderr}")
    return seconds


def _cold_warm(command: list[str], cwd: Path, env: dict) -> tuple[float, list[float]]:
    cold = _run(command, cwd, env)
    return cold, [_run(command, cwd, env) for _ in range(REPEAT)]


def main() -> None:
    rows = []
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    with tempfile.TemporaryDirectory(prefix="labsynth-bench-") as tmp:
        base = Path(tmp)
        env = {**os.environ, "XDG_CACHE_HOME": str(base / "cache"),
               "NUMBA_CACHE_DIR": str(Path(home) / "labsynth" / "numba")}
        first = {**env, "NUMBA_CACHE_DIR": str(base / "numba-first")}
        corpora = base / "corpora"
        shutil.copytree(ROOT / "corpora" / "demo", corpora / "demo",
                        ignore=shutil.ignore_patterns(".labsynth-cache", "themes_state.json"))
        demo = [str(LABSYNTH), "--corpora", str(corpora), "themes", "demo"]
        rows.append(("demo, themes", *_cold_warm(demo, base, env)))
        shutil.rmtree(corpora / "demo" / ".labsynth-cache")
        (corpora / "demo" / "themes_state.json").unlink()
        rows.append(("demo, themes, first run ever (numba compiles)",
                     _run(demo, base, first), []))
        if SHARED.is_file():
            project = corpora / "dev"
            (project / "raw").mkdir(parents=True)
            shutil.copy(SHARED, project / "raw" / "granddebat_dev.csv")
            (project / "project.yml").write_text(DEV_PROJECT, encoding="utf-8")
            dev = [str(LABSYNTH), "--corpora", str(corpora), "themes", "dev"]
            rows.append(("dev set as a project, themes", *_cold_warm(dev, base, env)))
            table = [str(LABSYNTH), "themes", str(SHARED), "--text-column", "text",
                     "--id-column", "id", "-o", str(base / "classes.csv")]
            rows.append(("dev set as a plain table, themes", *_cold_warm(table, base, env)))
        else:
            print(f"données absentes : {SHARED} (lignes du jeu de développement sautées)")
    print(f"Machine : {platform.processor() or platform.machine()}, "
          f"{len(os.sched_getaffinity(0))} CPU, Python {platform.python_version()}")
    print(f"{'run':<48}{'cold s':>8}{'warm s':>8}   warm runs")
    for name, cold, warm in rows:
        median = f"{statistics.median(warm):>8.1f}" if warm else f"{'':>8}"
        print(f"{name:<48}{cold:>8.1f}{median}   {', '.join(f'{w:.1f}' for w in warm)}")


if __name__ == "__main__":
    main()
