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
