"""Who asks the questions: speakers of interviews that look like interviewers.

A transcript names its interviewer « Enquêtrice » or « Q » (recognised by name), or by a
first name (« Claire »), which only ``project.yml`` can say. Until it does, that person's
questions are analysed as participants' words. This module spots them from how they speak,
so ``labsynth check`` can suggest the line to add:

- more than half of their turns end with a question (a « ? » in their last words);
- their turns are shorter than the other speakers' (median length) in the same interviews.

Speakers are grouped as ``project.yml`` would designate them, by their first name
(« Claire » designates « Claire » and « Claire Vidal »), over every interview. The rule
and its measure on the demo and the test fixtures are in ``benchmarks/README.md``
(``interviewer_suggestions.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from labsynth.ingest.turns import normalise_label

__all__ = ["InterviewerHint", "speaker_profiles", "suggest_interviewers"]

#: a question in the last words of a turn
_QUESTION = re.compile(r"\?[\s»\")\].…]*$|\?.{0,40}$", re.DOTALL)
MIN_TURNS = 2
MIN_QUESTION_SHARE = 0.5
MAX_LENGTH_RATIO = 1.0


@dataclass(frozen=True)
class InterviewerHint:
    """A name that probably designates an interviewer.

    Attributes
    ----------
    name : str
        What to write in ``interviewers:`` (the first name, as most often written).
    labels : list of str
        The speaker labels it designates.
    files : list of str
        The interviews where they speak.
    n_turns : int
    question_share : float
        Share of their turns ending with a question.
    length_ratio : float
        Their median turn length over the others' median in the same interviews.
    """

    name: str
    labels: list[str]
    files: list[str]
    n_turns: int
    question_share: float
    length_ratio: float


def _key(label: str) -> str:
    norm = normalise_label(label)
    return norm.split()[0] if norm else norm


def speaker_profiles(segments: pd.DataFrame) -> pd.DataFrame:
    """How each name speaks across the interviews: one row per first name (as
    ``interviewers:`` designates speakers), with ``n_turns``, ``question_share``,
    ``length_ratio``, ``labels``, ``files`` and the current ``role``.

    Only interviews with at least two speakers count (a lonely speaker cannot be compared
    with anyone).
    """
    data = segments[(segments["kind"] == "interview") & segments["speaker"].notna()]
    data = data[data.groupby("doc_id")["speaker"].transform("nunique") >= 2]
    columns = ["name", "labels", "files", "n_turns", "question_share", "length_ratio",
               "role"]
    if data.empty:
        return pd.DataFrame(columns=columns)
    data = data.assign(key=data["speaker"].map(_key),
                       length=data["text"].str.strip().str.len(),
                       question=data["text"].str.strip().str.contains(_QUESTION))
    rows = []
    for key, own in data.groupby("key", sort=True):
        others = data[data["doc_id"].isin(set(own["doc_id"])) & (data["key"] != key)]
        if others.empty:
            continue
        ratio = float(own["length"].median() / max(others["length"].median(), 1))
        written = own["speaker"].map(lambda s: s.split()[0].strip("*:")).value_counts()
        capitalised = [w for w in written.index if w[:1].isupper()] or list(written.index)
        roles = own["role"].value_counts()
        rows.append({"name": capitalised[0], "labels": sorted(set(own["speaker"])),
                     "files": sorted(set(own["path"])), "n_turns": len(own),
                     "question_share": float(own["question"].mean()),
                     "length_ratio": ratio, "role": roles.index[0]})
    return pd.DataFrame(rows, columns=columns)


def suggest_interviewers(segments: pd.DataFrame, *, include_known: bool = False
                         ) -> list[InterviewerHint]:
    """Names that speak like interviewers and are not declared as such.

    Parameters
    ----------
    segments : pandas.DataFrame
        A corpus's segments (:attr:`labsynth.corpus.Corpus.segments`).
    include_known : bool
        Also return names already recognised as interviewers (to measure the rule).

    Returns
    -------
    list of InterviewerHint
        Most questioning first.
    """
    profiles = speaker_profiles(segments)
    hits = profiles[(profiles["n_turns"] >= MIN_TURNS)
                    & (profiles["question_share"] > MIN_QUESTION_SHARE)
                    & (profiles["length_ratio"] < MAX_LENGTH_RATIO)]
    if not include_known:
        hits = hits[hits["role"] != "interviewer"]
    hits = hits.sort_values(["question_share", "name"], ascending=[False, True])
    return [InterviewerHint(r.name, r.labels, r.files, int(r.n_turns),
                            round(r.question_share, 3), round(r.length_ratio, 3))
            for r in hits.itertuples()]
