"""``python -m backchannel.analysis PATH [--format json|text] [--seed N] [--max-bytes N]``."""

import os

if __name__ == "__main__":
    # One BLAS thread unless the operator sets more, as for `backchannel
    # analyze` (backchannel/cli.py): the package's __init__ loads no NumPy, so
    # this comes before NumPy reads it.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("MKL_NUM_THREADS", "1")

from backchannel.analysis.command import main

if __name__ == "__main__":
    raise SystemExit(main())
