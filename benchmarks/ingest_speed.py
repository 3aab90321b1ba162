"""Ingest speed: labsynth reading a consultation export vs bare pandas/csv on the same file.

Reads ../shared/data/granddebat_dev.csv (5,859 real answers) repeated to about 100,000 and
1,000,000 rows (``python benchmarks/ingest_speed.py [100k] [1M] [xlsx]``, the two CSV sizes
by default) in a temporary project, and the demo project. Each step runs in a fresh
process: wall time of the step alone, and the process's peak resident memory (imports
included); three rounds, interleaved, the median time of each step. Prints a table per
size, with the load average (other work on the machine makes every figure slower); results
go in README.md. ``xlsx``: the 100,000 rows as an Excel workbook, against
``pandas.read_excel`` with the engine labsynth uses (openpyxl).
"""

from __future__ import annotations

import csv
import io
import multiprocessing as mp
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import labsynth
from labsynth import read_corpus

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "granddebat_dev.csv"
REPEATS = {"100k": 17, "1M": 171, "xlsx": 17}  # 5,859 x 17 = 99,603 rows, x 171 = 1,001,889
ROUNDS = 3


def _bare_pandas(path: Path):
    return pd.read_csv(path, sep=";", encoding="cp1252", dtype=str)


def _bare_excel(path: Path):
    return pd.read_excel(path, engine="openpyxl", dtype=str)


def _bare_csv(path: Path):
    text = path.read_bytes().decode("cp1252")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def _labsynth(path: Path):
    return read_corpus(path)


def _child(func, arg, queue) -> None:
    start = time.perf_counter()
    func(arg)
    seconds = time.perf_counter() - start
    # VmHWM: peak resident memory of this process image (ru_maxrss would include the
    # parent's, being kept across the fork+exec that starts the child)
    status = Path("/proc/self/status").read_text()
    peak_kib = int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("VmHWM")))
    queue.put((seconds, peak_kib / 1024))


def measure(label: str, func, arg) -> tuple[str, float, float]:
    """Run ``func(arg)`` in a fresh process: seconds and peak RSS in MiB."""
    queue = mp.get_context("spawn").Queue()
    process = mp.get_context("spawn").Process(target=_child, args=(func, arg, queue))
    process.start()
    seconds, peak = queue.get()
    process.join()
    return label, seconds, peak


def run(size: str, source: pd.DataFrame, demo: bool) -> None:
    """Measure one size: bare pandas, bare csv, labsynth (and the demo project)."""
    rows = []
    for copy in range(REPEATS[size]):
        part = source.copy()
        part["id"] = part["id"] + f"~{copy}"
        rows.append(part)
    big = pd.concat(rows, ignore_index=True)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "gdn"
        (project / "raw").mkdir(parents=True)
        path = project / "raw" / ("answers.xlsx" if size == "xlsx" else "answers.csv")
        if size == "xlsx":
            big.to_excel(path, index=False, engine="openpyxl")
            steps = [("pandas.read_excel (bare)", _bare_excel, path)]
        else:
            big.to_csv(path, sep=";", index=False, encoding="cp1252", errors="replace")
            steps = [("pandas.read_csv (bare)", _bare_pandas, path),
                     ("csv.reader (bare)", _bare_csv, path)]
        (project / "project.yml").write_text(
            f"title: bench\nsources:\n  - files: {path.name}\n    text_column: text\n"
            "    id_column: id\n", encoding="utf-8")
        n_words = int(big["text"].str.split().str.len().sum())
        load = os.getloadavg()[0]
        steps.append(("labsynth read_corpus", _labsynth, project))
        if demo:
            steps.append(("labsynth demo project", _labsynth, ROOT / "corpora" / "demo"))
        # rounds interleaved, median of each step: a burst of other work on the machine
        # slows one run of a step, not all of them
        runs = [[measure(*step) for step in steps] for _ in range(ROUNDS)]
        results = [(label, statistics.median(r[i][1] for r in runs),
                    max(r[i][2] for r in runs)) for i, (label, *_) in enumerate(steps)]
        shutil.rmtree(project)
    base = results[0][1]
    print(f"labsynth {labsynth.__version__}, Python {platform.python_version()}, "
          f"{platform.machine()}, {len(big):,} rows / {n_words:,} words, load average "
          f"{load:.1f} before / {os.getloadavg()[0]:.1f} after ({os.cpu_count()} CPUs)")
    print(f"{'step':<26} {'seconds':>8} {'peak RSS MiB':>12} {'x pandas':>9} {'rows/s':>9}")
    for label, seconds, peak in results:
        rate = "" if "demo" in label else f"{len(big) / seconds:,.0f}"
        print(f"{label:<26} {seconds:>8.2f} {peak:>12.0f} {seconds / base:>9.2f} {rate:>9}")
    print()


def main(argv: list[str]) -> int:
    if not SHARED.is_file():
        print(f"données absentes : {SHARED} (benchmark sauté)")
        return 0
    sizes = [a for a in argv if a in REPEATS] or ["100k", "1M"]
    source = pd.read_csv(SHARED, dtype=str, keep_default_na=False)[["id", "text"]]
    for i, size in enumerate(sizes):
        run(size, source, demo=i == 0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
