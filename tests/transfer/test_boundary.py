from __future__ import annotations

import subprocess
import sys


def test_the_gate_imports_without_django() -> None:
    code = (
        "import sys; import backchannel.transfer.gate, backchannel.transfer.words; "
        "assert 'django' not in sys.modules, 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
