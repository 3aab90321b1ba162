"""Distinct, realistic answers built from the Grand Débat dev answers, for the cluster test
and ``benchmarks/scale_out.py``: the answers themselves, then pairs of answers to the same
question (one contributor's answer followed by another's), as many as asked."""

from __future__ import annotations

import pandas as pd


def varied_answers(base: pd.DataFrame, n: int) -> list[str]:
    """``n`` distinct texts from ``base`` (columns ``text`` and ``question_id``)."""
    base = base[base["text"].str.strip().astype(bool)].reset_index(drop=True)
    texts = base["text"].tolist()
    by_question = base.groupby("question_id").indices
    seen: set[str] = set()
    out: list[str] = []
    step = 1
    while len(out) < n:
        for question in sorted(by_question):
            members = by_question[question]
            for j, i in enumerate(members):
                text = texts[i] if step == 1 else \
                    f"{texts[i]} {texts[members[(j + step) % len(members)]]}"
                if text not in seen:
                    seen.add(text)
                    out.append(text)
        step += 1
    return out[:n]
