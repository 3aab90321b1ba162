"""Files for other tools on the demo: workbooks (.xlsx, .ods), REFI-QDA project, cards PDF,
each against the bare library doing the same work.

Works on a copy of corpora/demo in a temporary folder; the analysis runs once (not timed),
then each writer is timed (median of 3):

- ``write_workbook`` .xlsx / .ods vs bare ``pandas.DataFrame.to_excel`` with the same
  engine (openpyxl / odf) on the same sheets;
- ``write_qdpx`` (sources rebuilt and pseudonymised, selections, cases, XML, zip) vs the
  bare standard library writing the same ``project.qde`` and sources into a zip;
- ``write_cards`` (page, sticky notes, PDF) vs bare ``chromium --print-to-pdf`` of the
  same page (Chromium's start dominates both; skipped without Chromium).

Prints a table; results go in README.md. Run it alone: other work on these 2 cores changes
the figures.
"""

from __future__ import annotations

import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 3


def timed(work) -> float:
    runs = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    from labsynth import cards, qda
    from labsynth.export import write_workbook
    from labsynth.insights import build_insights
    from labsynth.project import load_project

    tmp = Path(tempfile.mkdtemp(prefix="labsynth-bench-exports-"))
    shutil.copytree(ROOT / "corpora" / "demo", tmp / "corpora" / "demo",
                    ignore=shutil.ignore_patterns(".labsynth-cache", "themes_state.json",
                                                  "pseudonymisation"))
    insights = build_insights(load_project("demo", tmp / "corpora"), save=False)
    sheets = insights.sheets()
    out = tmp / "out"
    out.mkdir()
    rows: list[tuple[str, float, float | None]] = []

    def bare_excel(engine: str, path: Path) -> None:
        with pd.ExcelWriter(path, engine=engine) as writer:
            for name, table in sheets.items():
                table.to_excel(writer, sheet_name=name, index=False)

    for fmt, engine in (("xlsx", "openpyxl"), ("ods", "odf")):
        ours = timed(lambda fmt=fmt: write_workbook(sheets, out / f"themes.{fmt}"))
        bare = timed(lambda fmt=fmt, engine=engine: bare_excel(engine, out / f"bare.{fmt}"))
        rows.append((f"workbook .{fmt} ({sum(len(t) for t in sheets.values())} rows)", ours,
                     bare))

    run = insights.run
    xml, sources, _ = qda.project_xml(run)

    def bare_zip() -> None:
        with zipfile.ZipFile(out / "bare.qdpx", "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("project.qde", xml)
            for source in sources:
                archive.writestr(f"sources/{source.guid}.txt", source.text.encode("utf-8"))

    summary = qda.write_qdpx(run, out / "projet.qdpx")
    rows.append((f"projet.qdpx ({summary.n_sources} sources, {summary.n_selections} "
                 "selections)", timed(lambda: qda.write_qdpx(run, out / "projet.qdpx")),
                 timed(bare_zip)))

    browser = cards.chromium()
    if browser is not None:
        result = cards.write_cards(insights, out / "cartes.html", out / "cartes.pdf",
                                   out / "postits.csv")

        def bare_pdf() -> None:
            with tempfile.TemporaryDirectory() as profile:
                subprocess.run([str(browser), "--headless", "--no-sandbox", "--disable-gpu",
                                f"--user-data-dir={profile}", "--no-pdf-header-footer",
                                f"--print-to-pdf={out / 'bare.pdf'}",
                                result.html.resolve().as_uri()],
                               capture_output=True, check=True)

        ours = timed(lambda: cards.write_cards(insights, out / "cartes.html",
                                               out / "cartes.pdf", out / "postits.csv"))
        rows.append((f"cards page + PDF ({result.n_cards} cards)", ours, timed(bare_pdf)))
    else:
        print("Chromium absent: cards PDF not measured.")

    print(f"Machine: {platform.processor() or platform.machine()}, Python "
          f"{platform.python_version()}; median of {REPEAT}.\n")
    print("| step | labsynth s | bare s | x bare |")
    print("|---|---:|---:|---:|")
    for name, ours, bare in rows:
        ratio = f"{ours / bare:.1f}" if bare else "—"
        print(f"| {name} | {ours:.2f} | {bare:.2f} | {ratio} |")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
