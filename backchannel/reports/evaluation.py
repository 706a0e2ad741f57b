"""The evaluation sections of the report (trust, networks, outcomes).

Filled from ``backchannel.evaluation.selectors`` once that app provides them;
until then the report has no evaluation section.
"""

from __future__ import annotations

from typing import Any

from backchannel.processes.access import ProcessAccess


def evaluation_section(access: ProcessAccess) -> Any:
    return None
