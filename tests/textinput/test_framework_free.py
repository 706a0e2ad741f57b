"""The framework-free packages import neither Django nor any Django app.

Every module of ``backchannel.analysis``, ``backchannel.textinput`` and (once
it exists) ``backchannel.gate`` is imported in a fresh interpreter; afterwards
``sys.modules`` must hold no ``django`` module and no ``backchannel`` module
outside these packages. ``lint-imports`` checks the same statically (see the
``[tool.importlinter]`` contracts in pyproject.toml); this checks it at run time,
including imports made while the modules load.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINES = [
    name
    for name in ("analysis", "textinput", "gate")
    if (ROOT / "backchannel" / name / "__init__.py").is_file()
]

PROBE = """
import json, pkgutil, importlib, sys
package = importlib.import_module(sys.argv[1])
names = [package.__name__] + [
    m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
]
for name in names:
    importlib.import_module(name)
print(json.dumps({"imported": names, "loaded": sorted(sys.modules)}))
"""


def _probe(package: str) -> dict[str, list[str]]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, package],
        cwd=ROOT,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize("engine", ENGINES)
def test_every_module_imports_without_django(engine: str) -> None:
    result = _probe(f"backchannel.{engine}")
    modules = {
        p.stem
        for p in (ROOT / "backchannel" / engine).glob("*.py")
        if p.stem != "__init__"
    }
    imported = {name.rsplit(".", 1)[-1] for name in result["imported"][1:]}
    assert modules <= imported, f"not imported: {sorted(modules - imported)}"
    django = [m for m in result["loaded"] if m == "django" or m.startswith("django.")]
    assert not django, f"backchannel.{engine} loaded {django[:5]}"
    own = ("backchannel", *(f"backchannel.{e}" for e in ENGINES))
    others = [
        m
        for m in result["loaded"]
        if m.startswith("backchannel.")
        and not any(m == o or m.startswith(o + ".") for o in own[1:])
    ]
    assert not others, f"backchannel.{engine} loaded other apps: {others[:5]}"


def test_the_engines_are_found() -> None:
    # The parametrised test above would pass vacuously with no package to import.
    assert {"analysis", "textinput"} <= set(ENGINES)
