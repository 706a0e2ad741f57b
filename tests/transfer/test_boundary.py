from __future__ import annotations

import pkgutil
import subprocess
import sys

import backchannel.gate


def test_every_module_of_the_gate_imports_without_django() -> None:
    modules = sorted(
        f"backchannel.gate.{m.name}"
        for m in pkgutil.iter_modules(backchannel.gate.__path__)
    )
    # the package's jobs are all there (a module renamed away would pass
    # the import test vacuously)
    assert {
        "backchannel.gate.normalise",
        "backchannel.gate.patterns",
        "backchannel.gate.judge",
        "backchannel.gate.contacts",
        "backchannel.gate.egress",
    } <= set(modules)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "assert 'django' not in sys.modules, "
        "[m for m in sys.modules if m.startswith('django')]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_egress_lets_out_a_clean_or_confirmed_text_and_blocks_the_rest() -> None:
    """A text identifying someone is blocked with its report; the digest of
    exactly that report (a confirmed override) lets it out."""
    from backchannel.gate import Blocked, Participant, build_gate, egress

    gate = build_gate([Participant(name="Sabina Orlet")])
    assert egress(gate, "The river rose.").clean
    try:
        egress(gate, "Sabina Orlet spoke.")
    except Blocked as exc:
        report = exc.report
    else:
        raise AssertionError("a name left through egress")
    assert egress(gate, "Sabina Orlet spoke.", override_digest=report.digest)
    try:
        egress(gate, "Sabina Orlet spoke again.", override_digest=report.digest)
    except Blocked:
        pass
    else:
        raise AssertionError("an override let out another text")
    assert report.findings[0].participant == "Sabina Orlet"
