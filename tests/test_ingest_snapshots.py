"""The columnar table reader changes nothing a user sees (issue 13, item 8): the demo, the
reader fixtures, the designer-week project and a project of nasty tables give the same
documents, segments, refusals, warnings and inventory as the per-row reader did (snapshots
in ``tests/data/snapshots``, see :mod:`tests.snapshots`)."""

from __future__ import annotations

import pytest

from labsynth.corpus import read_corpus
from tests import snapshots


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return snapshots.projects(tmp_path_factory.mktemp("snapshots"))


@pytest.mark.parametrize("name", ["demo", "fixtures", "designer_week", "tables_edge"])
def test_read_corpus_gives_what_the_per_row_reader_gave(built, name):
    got = snapshots.snapshot(read_corpus(built[name]))
    expected = snapshots.load(name)
    problems = snapshots.differences(expected, got)
    assert not problems, "\n".join(problems)
    assert got == expected
