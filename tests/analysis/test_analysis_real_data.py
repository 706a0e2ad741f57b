"""Agreement with Pol.is' own groups on real conversations (CC BY 4.0 data).

Pol.is' exported ``group-id`` comes from a long history of warm-started
updates (k-means seeded by the previous clusters, the k-smoother holding the
group count back, an unseeded PCA start), so a one-shot analysis of the final
votes cannot be expected to reproduce it exactly: on weakly structured
conversations several partitions are about equally good. The floors below are
the values measured with ``seed=0`` (listed in the comment of each case)
minus a margin of about 0.1; they catch regressions, not noise.
"""

from pathlib import Path

import numpy as np
import pytest

from backchannel.analysis import adjusted_rand_index, read_polis_export, run_analysis

pytestmark = pytest.mark.no_db_difference

CASES = [
    # (data set, floor)  measured ARI | our k | Pol.is k | comment
    ("bg2050-volunteers", 0.90),  # 1.000 | 2 | 2 | clear two-sided split
    ("scoop-hivemind.taxes", 0.70),  # 0.813 | 2 | 2
    ("15-per-hour-seattle", 0.45),  # 0.563 | 2 | 2 | 23 of 54 comments moderated out
    (
        "brexit-consensus",
        0.45,
    ),  # 0.552 | 3 | 2 | ARI 0.88 at k=2: Pol.is' k-smoother kept 2
    # Weakly structured: silhouettes of k = 2..5 within ~0.06 of each other,
    # Pol.is' group count differs from the one-shot best (k 3 vs 4, 2 vs 3).
    ("scoop-hivemind.ubi", -0.05),  # 0.061 | 3 | 4
    ("london.youth.policing", -0.15),  # -0.019 | 2 | 3 | 24 participants only
]


@pytest.mark.parametrize(("name", "floor"), CASES)
def test_groups_agree_with_polis(polis_data: Path, ari_rows, name: str, floor: float):
    export = read_polis_export(polis_data / name)
    res = run_analysis(export, seed=0)
    groups = export.participant_groups
    assert groups is not None
    theirs = np.array(
        [
            -1 if groups.get(int(p)) is None else groups[int(p)]
            for p in res.participant_ids
        ]
    )
    both = (res.group_labels >= 0) & (theirs >= 0)
    ari = adjusted_rand_index(res.group_labels[both], theirs[both])
    polis_k = len(set(theirs[theirs >= 0].tolist()))
    ari_rows.append(
        (name, int(res.in_conv.sum()), int(both.sum()), res.k, polis_k, ari, floor)
    )
    assert ari >= floor, f"{name}: ARI {ari:.3f} below floor {floor}"


ALL_OPEN = sorted(
    p.name
    for p in Path(__file__).parents[1].joinpath("data", "polis").iterdir()
    if p.is_dir()
)


def test_thirteen_open_conversations_are_here() -> None:
    assert len(ALL_OPEN) == 13


@pytest.mark.parametrize("name", ALL_OPEN)
def test_every_open_conversation_reads_and_analyses(polis_data: Path, name: str):
    """Every real export reads (free text as data) and the analysis runs."""
    export = read_polis_export(polis_data / name)
    assert export.comments and len(export.votes)
    res = run_analysis(export, seed=0)
    assert res.k >= 2
    assert res.in_conv.sum() >= 15
    assert len(res.groups) == res.k
    assert sum(g.size for g in res.groups) == int(res.in_conv.sum())
