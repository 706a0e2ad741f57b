"""Pol.is-compatible opinion analysis on sparse matrices (NumPy/SciPy only).

This package never imports Django. Main entry points:

* :func:`run_analysis` / :class:`PolisAnalysis` (``fit``, incremental
  ``update``) and :func:`result_to_json`;
* :func:`read_polis_export` / :func:`write_polis_export` and
  :class:`PolisFormatError`;
* building blocks: :class:`VoteTable`, :func:`build_vote_matrix`,
  :class:`ImputedPCA`, :func:`kmeans`, :func:`repness_stats`,
  :func:`select_representative`, :func:`select_consensus`,
  :func:`group_aware_consensus`, :func:`adjusted_rand_index`.

Formulas follow compdemocracy/polis ``math/src/polismath`` (Clojure); each
module's docstring cites the file and lines it implements.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .clusters import (
        KMeansResult,
        KSmoother,
        PolisKMeans,
        choose_group_clustering,
        first_distinct_rows,
        kmeans,
        max_group_k,
        silhouette_score,
    )
    from .consensus import (
        ConsensusEntry,
        group_aware_consensus,
        group_informed_consensus,
        select_consensus,
    )
    from .matrix import VoteMatrix, VoteTable, build_vote_matrix
    from .metrics import adjusted_rand_index
    from .pca import (
        ImputedPCA,
        centered_matrix,
        column_means,
        projection_scale,
        sparsity_aware_projection,
    )
    from .pipeline import (
        AnalysisResult,
        GroupResult,
        PolisAnalysis,
        analyze_export,
        in_conversation,
        result_to_json,
        run_analysis,
    )
    from .polis_io import (
        PolisComment,
        PolisExport,
        PolisFormatError,
        read_polis_export,
        write_polis_export,
    )
    from .repness import (
        Z_90,
        CommentStats,
        RepnessEntry,
        prop_test,
        repness_stats,
        select_representative,
        two_prop_test,
    )

#: Where each public name lives. The submodules are imported on first use
#: (PEP 562), so that importing the package loads no NumPy: ``python -m
#: backchannel.analysis`` can then ask for one BLAS thread before NumPy starts.
_WHERE = {
    "VoteMatrix": "matrix",
    "VoteTable": "matrix",
    "build_vote_matrix": "matrix",
    "adjusted_rand_index": "metrics",
    "KMeansResult": "clusters",
    "KSmoother": "clusters",
    "PolisKMeans": "clusters",
    "choose_group_clustering": "clusters",
    "first_distinct_rows": "clusters",
    "kmeans": "clusters",
    "max_group_k": "clusters",
    "silhouette_score": "clusters",
    "ConsensusEntry": "consensus",
    "group_aware_consensus": "consensus",
    "group_informed_consensus": "consensus",
    "select_consensus": "consensus",
    "ImputedPCA": "pca",
    "centered_matrix": "pca",
    "column_means": "pca",
    "projection_scale": "pca",
    "sparsity_aware_projection": "pca",
    "AnalysisResult": "pipeline",
    "GroupResult": "pipeline",
    "PolisAnalysis": "pipeline",
    "analyze_export": "pipeline",
    "in_conversation": "pipeline",
    "result_to_json": "pipeline",
    "run_analysis": "pipeline",
    "PolisComment": "polis_io",
    "PolisExport": "polis_io",
    "PolisFormatError": "polis_io",
    "read_polis_export": "polis_io",
    "write_polis_export": "polis_io",
    "Z_90": "repness",
    "CommentStats": "repness",
    "RepnessEntry": "repness",
    "prop_test": "repness",
    "repness_stats": "repness",
    "select_representative": "repness",
    "two_prop_test": "repness",
}


__all__ = [
    "Z_90",
    "AnalysisResult",
    "CommentStats",
    "ConsensusEntry",
    "GroupResult",
    "ImputedPCA",
    "KMeansResult",
    "KSmoother",
    "PolisAnalysis",
    "PolisComment",
    "PolisExport",
    "PolisFormatError",
    "PolisKMeans",
    "RepnessEntry",
    "VoteMatrix",
    "VoteTable",
    "adjusted_rand_index",
    "analyze_export",
    "build_vote_matrix",
    "centered_matrix",
    "choose_group_clustering",
    "column_means",
    "first_distinct_rows",
    "group_aware_consensus",
    "group_informed_consensus",
    "in_conversation",
    "kmeans",
    "max_group_k",
    "projection_scale",
    "prop_test",
    "read_polis_export",
    "repness_stats",
    "result_to_json",
    "run_analysis",
    "select_consensus",
    "select_representative",
    "silhouette_score",
    "sparsity_aware_projection",
    "two_prop_test",
    "write_polis_export",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
