import json
from pathlib import Path

import numpy as np
import pytest

from backchannel.analysis import (
    PolisAnalysis,
    VoteTable,
    adjusted_rand_index,
    analyze_export,
    read_polis_export,
    result_to_json,
    run_analysis,
)
from backchannel.analysis.synthetic import make_conversation

pytestmark = pytest.mark.no_db_difference


def _subset(t: VoteTable, idx: np.ndarray) -> VoteTable:
    return VoteTable(t.participant_ids[idx], t.comment_ids[idx], t.votes[idx])


def test_json_shape(polis_data: Path) -> None:
    export = read_polis_export(polis_data / "15-per-hour-seattle")
    res = run_analysis(export, seed=3)
    out = result_to_json(res)
    assert list(out) == ["participants", "groups", "consensus", "pca"]
    json.dumps(out)  # serialisable as is
    assert set(out["participants"]) == {str(p) for p in res.participant_ids}
    assert set(out["pca"]) == set(out["participants"])
    clustered = [g for g in out["participants"].values() if g is not None]
    assert len(clustered) == int(res.in_conv.sum())
    assert any(g is None for g in out["participants"].values())  # < 7 votes
    assert [g["id"] for g in out["groups"]] == list(range(len(out["groups"])))
    assert sum(g["size"] for g in out["groups"]) == len(clustered)
    mod_out = set(export.mod_out_ids())
    for g in out["groups"]:
        assert 1 <= len(g["repness"]) <= 5
        for e in g["repness"]:
            assert e["repful"] in ("agree", "disagree")
            assert e["comment_id"] not in mod_out
    for e in out["consensus"]:
        assert e["comment_id"] not in mod_out
        assert e["direction"] in ("agree", "disagree")
    assert analyze_export(str(polis_data / "15-per-hour-seattle"), seed=3) == out


def test_moderated_comments_have_no_loading(polis_data: Path) -> None:
    export = read_polis_export(polis_data / "15-per-hour-seattle")
    res = run_analysis(export)
    mod = np.isin(res.comment_ids, export.mod_out_ids())
    assert mod.sum() == 23
    assert np.all(res.pca_components[:, mod] == 0)
    assert np.all(res.comment_projections[mod] == 0)


def test_same_seed_same_output() -> None:
    conv = make_conversation(3000, 60, seed=11)
    for init in ("polis", "k-means++"):
        a = result_to_json(run_analysis(conv.votes, seed=5, init=init))
        b = result_to_json(run_analysis(conv.votes, seed=5, init=init))
        assert json.dumps(a) == json.dumps(b)


def test_recovers_synthetic_groups() -> None:
    conv = make_conversation(4000, 80, n_groups=3, seed=2)
    res = run_analysis(conv.votes)
    ic = res.in_conv
    assert res.k == 3
    assert adjusted_rand_index(res.group_labels[ic], conv.true_groups[ic]) > 0.8


def test_update_matches_fresh_fit() -> None:
    conv = make_conversation(20_000, 300, seed=4)
    t = conv.votes
    rng = np.random.default_rng(0)
    late = np.zeros(len(t), dtype=bool)
    late[rng.choice(len(t), 1000, replace=False)] = True
    model = PolisAnalysis().fit(_subset(t, np.flatnonzero(~late)))
    model.update(_subset(t, np.flatnonzero(late)))
    fresh = PolisAnalysis().fit(t)
    a, b = model.result_, fresh.result_
    assert a.participant_ids.tolist() == b.participant_ids.tolist()
    assert (model.matrix_.values != fresh.matrix_.values).nnz == 0
    dots = np.abs(np.sum(a.pca_components * b.pca_components, axis=1))
    np.testing.assert_allclose(dots, 1.0, atol=1e-6)
    np.testing.assert_allclose(np.abs(a.projections), np.abs(b.projections), atol=1e-5)
    assert a.in_conv.tolist() == b.in_conv.tolist()
    ic = a.in_conv
    assert adjusted_rand_index(a.group_labels[ic], b.group_labels[ic]) > 0.9


def test_update_with_new_people_comments_and_revotes() -> None:
    base = VoteTable.from_records(
        [(p, c, 1 if (p + c) % 3 else -1) for p in range(40) for c in range(10)]
    )
    model = PolisAnalysis().fit(base)
    new = VoteTable.from_records(
        [(100, 3, 1), (100, 11, -1), (5, 11, 0), (5, 2, 1), (5, 2, -1)]
        + [(100, c, 1) for c in range(7)]
    )
    model.update(new)
    all_votes = base.concat(new)
    fresh = PolisAnalysis().fit(all_votes)
    m, f = model.matrix_, fresh.matrix_
    order = np.argsort(m.participant_ids)
    corder = np.argsort(m.comment_ids)
    assert m.participant_ids[order].tolist() == f.participant_ids.tolist()
    assert np.array_equal(m.values[order][:, corder].toarray(), f.values.toarray())
    assert model.result_.group_labels[m.participant_ids.tolist().index(100)] >= 0


def test_empty_and_tiny_inputs() -> None:
    res = run_analysis(VoteTable([], [], []))
    assert result_to_json(res) == {
        "participants": {},
        "groups": [],
        "consensus": [],
        "pca": {},
    }
    tiny = run_analysis([(1, 1, 1), (2, 1, -1)])
    out = result_to_json(tiny)
    assert set(out["participants"]) == {"1", "2"}
    one = run_analysis([(1, 1, 1)])
    assert result_to_json(one)["participants"] == {"1": 0}


def test_votes_must_be_valid() -> None:
    with pytest.raises(ValueError):
        run_analysis([(1, 1, 5)])
