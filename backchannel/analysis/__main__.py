"""``python -m backchannel.analysis PATH [--format json|text] [--seed N]``."""

from backchannel.analysis.command import main

raise SystemExit(main())
