"""Backchannel: a confidential workspace for track 1.5 and track 2 dialogues.

This module stays free of Django imports so that ``backchannel.analysis`` can be
used without Django.
"""

__version__ = "0.1.0"
