"""The fuzz suite of issue 13 (slow): a few hundred hostile files, each read or refused
with a coded French reason, within its time bound, under 2 GB, with its rows and
characters accounted for, and never a traceback or an internal error."""

from __future__ import annotations

import pytest

from tests.hostile import generate, run, summary


@pytest.mark.slow
def test_every_hostile_file_is_read_or_refused_with_a_reason(tmp_path):
    cases = generate(tmp_path / "fuzz", seed=13)
    assert len(cases) >= 250
    kinds = {case.kind for case in cases}
    assert {"big-line", "big-json", "big-vtt", "big-docx", "bomb", "fifo", "device",
            "xlsx-dimension", "xlsx-chart", "xlsx-damaged", "ods", "odt-spaces", "labels-only",
            "header", "huge-cell", "spaces", "name", "lock", "json"} <= kinds
    outcomes = run(cases)
    problems = [(o.case.name, p) for o in outcomes for p in o.problems()]
    assert not problems, summary(outcomes)
    read = sum(status == "read" for o in outcomes for _, status, *_ in o.files)
    refused = sum(status == "refused" for o in outcomes for _, status, *_ in o.files)
    assert read > 100 and refused > 50, summary(outcomes)
