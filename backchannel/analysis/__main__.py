"""``python -m backchannel.analysis PATH [--format json|text] [--seed N] [--max-bytes N]``."""

from backchannel.analysis.command import main

if __name__ == "__main__":
    raise SystemExit(main())
