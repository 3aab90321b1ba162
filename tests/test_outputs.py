"""Output sets: a run's files replaced together or not at all, each carrying its run id."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from labsynth.atomic import atomic_target, atomic_write
from labsynth.outputs import MANIFEST, OutputSet, read_manifest, recover


def _set(folder: Path, run_id: str, files: dict[str, str]) -> OutputSet:
    with OutputSet(folder) as out:
        for name, text in files.items():
            out.path(name).write_text(text, encoding="utf-8")
        out.manifest["run_id"] = run_id
    return out


def _visible(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".") and p.name != MANIFEST}


def test_atomic_write_replaces_whole_or_keeps_the_old(tmp_path):
    path = tmp_path / "a" / "table.csv"
    atomic_write(path, "ancien\n")
    with pytest.raises(KeyboardInterrupt), atomic_target(path) as tmp:
        tmp.write_text("nouveau à moi", encoding="utf-8")
        raise KeyboardInterrupt
    assert path.read_text(encoding="utf-8") == "ancien\n"
    assert [p.name for p in path.parent.iterdir()] == ["table.csv"]  # no temporary left
    atomic_write(path, b"nouveau\n")
    assert path.read_bytes() == b"nouveau\n"
    assert oct(path.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_set_is_committed_with_its_manifest(tmp_path):
    out = _set(tmp_path / "r", "aaa111", {"themes.csv": "1", "quotes.csv": "2"})
    manifest = read_manifest(tmp_path / "r")
    assert manifest["run_id"] == "aaa111" and manifest["files"] == ["quotes.csv", "themes.csv"]
    assert out.removed == []
    assert _visible(tmp_path / "r") == {"quotes.csv": "2", "themes.csv": "1"}
    assert not list((tmp_path / "r").glob(".labsynth-staging-*"))


def test_an_interrupted_set_leaves_the_previous_one_intact(tmp_path):
    folder = tmp_path / "r"
    _set(folder, "aaa111", {"themes.csv": "1", "insight_report.html": "page 1"})
    with pytest.raises(KeyboardInterrupt), OutputSet(folder) as out:
        out.path("themes.csv").write_text("2", encoding="utf-8")
        out.manifest["run_id"] = "bbb222"
        raise KeyboardInterrupt
    assert _visible(folder) == {"insight_report.html": "page 1", "themes.csv": "1"}
    assert read_manifest(folder)["run_id"] == "aaa111"
    assert not list(folder.glob(".labsynth-*-*"))


def test_files_of_another_run_are_removed_those_of_the_same_run_kept(tmp_path):
    folder = tmp_path / "r"
    _set(folder, "aaa111", {"themes.csv": "1", "insight_report.html": "page"})
    same = _set(folder, "aaa111", {"themes.csv": "1"})  # `themes` after `report`, same themes
    assert same.removed == [] and "insight_report.html" in _visible(folder)
    assert read_manifest(folder)["files"] == ["themes.csv", "insight_report.html"]
    other = _set(folder, "ccc333", {"themes.csv": "3"})  # the themes changed: page stale
    assert other.removed == ["insight_report.html"]
    assert _visible(folder) == {"themes.csv": "3"}


def test_old_unmanifested_outputs_count_as_a_previous_run(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "themes.xlsx").write_text("vieux", encoding="utf-8")
    (folder / "segments.csv").write_text("à moi", encoding="utf-8")  # not a run file
    out = _set(folder, "ddd444", {"themes.csv": "4"})
    assert out.removed == ["themes.xlsx"]
    assert _visible(folder) == {"segments.csv": "à moi", "themes.csv": "4"}


def test_a_commit_killed_half_way_is_finished_by_the_next_run(tmp_path):
    folder = tmp_path / "r"
    _set(folder, "aaa111", {"themes.csv": "1", "quotes.csv": "1"})
    # what a kill between two renames leaves: the complete set in a commit folder, one
    # file already moved
    commit = folder / ".labsynth-commit-dead"
    commit.mkdir()
    (commit / "quotes.csv").write_text("2", encoding="utf-8")
    (folder / "themes.csv").write_text("2", encoding="utf-8")
    (commit / MANIFEST).write_text(json.dumps({"run_id": "bbb222", "files": [
        "quotes.csv", "themes.csv"], "removed": []}), encoding="utf-8")
    dead = folder / ".labsynth-staging-999999999-abc"  # a staging folder of a dead run
    dead.mkdir()
    recover(folder)
    assert _visible(folder) == {"quotes.csv": "2", "themes.csv": "2"}
    assert read_manifest(folder)["run_id"] == "bbb222"
    assert not commit.exists() and not dead.exists()


def test_a_nested_set_writes_into_the_enclosing_one(tmp_path):
    folder = tmp_path / "r"
    with OutputSet(folder) as outer:
        with OutputSet(outer.staging) as inner:  # the notebook, run by `labsynth report`
            inner.path("themes.xlsx").write_text("x", encoding="utf-8")
            inner.manifest.update(run_id="eee555", k=7)
        assert not (folder / "themes.xlsx").exists()  # not committed by the inner set
        outer.path("insight_report.html").write_text("page", encoding="utf-8")
        outer.manifest["kind"] = "report"
    manifest = read_manifest(folder)
    assert manifest["run_id"] == "eee555" and manifest["k"] == 7
    assert manifest["kind"] == "report"
    assert manifest["files"] == ["insight_report.html", "themes.xlsx"]


SCRIPT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from labsynth.outputs import OutputSet
    with OutputSet(Path(sys.argv[1])) as out:
        out.path("themes.csv").write_text("2", encoding="utf-8")
        out.manifest["run_id"] = "bbb222"
        print("écrit", flush=True)
        time.sleep(30)
""")


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL])
def test_a_killed_run_leaves_the_previous_set(tmp_path, how):
    folder = tmp_path / "r"
    _set(folder, "aaa111", {"themes.csv": "1"})
    process = subprocess.Popen([sys.executable, "-c", SCRIPT, str(folder)],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "écrit"
    process.send_signal(how)
    process.wait(timeout=30)
    recover(folder)
    assert _visible(folder) == {"themes.csv": "1"}
    assert read_manifest(folder)["run_id"] == "aaa111"
    assert not list(folder.glob(".labsynth-staging-*"))
