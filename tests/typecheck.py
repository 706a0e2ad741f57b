"""The types step of ``make lint``: mypy over ``backchannel/`` with a shrinking
baseline.

``pyproject.toml`` lists, between the ``# baseline: begin`` and ``# baseline:
end`` lines, the modules whose errors mypy ignores for now, and the README says
how many they are and how many errors they hold ("N modules still on the
baseline, M errors"). This runs mypy once with that list taken out, and fails
when

- a module outside the baseline has an error (fix it: the list never grows);
- a module on the baseline has none left (take it off the list);
- the baseline's modules hold more errors than the README says (fix the new
  ones), or fewer, or the README's figures are not this run's (update them).

``python tests/typecheck.py`` from the repository root; ``--all`` also prints
the baseline's errors; ``--update`` takes the clean modules off the list and
writes this run's figures into the README (it never adds a module).
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "# baseline: begin", "# baseline: end"
_ERROR = re.compile(r"^(?P<path>[\w/.]+\.py):\d+: error: ")
_MODULE = re.compile(r'^\s*"(?P<module>backchannel[\w.]*)",?\s*$')
_SAID = re.compile(
    r"(?P<modules>\d+) modules still on the baseline, (?P<errors>\d+) errors"
)


def baseline(pyproject: str) -> list[str]:
    """The modules listed between the baseline markers of ``pyproject.toml``."""
    if pyproject.count(BEGIN) != 1 or pyproject.count(END) != 1:
        raise ValueError(
            f"pyproject.toml must hold one {BEGIN!r} line and one {END!r} line "
            "around the [[tool.mypy.overrides]] of the baseline."
        )
    block = pyproject.split(BEGIN, 1)[1].split(END, 1)[0]
    return [m["module"] for line in block.splitlines() if (m := _MODULE.match(line))]


def without_baseline(pyproject: str) -> str:
    """``pyproject.toml`` with the baseline's override taken out."""
    head, rest = pyproject.split(BEGIN, 1)
    return head + rest.split(END, 1)[1]


def errors_per_module(output: str) -> Counter[str]:
    """mypy's errors counted per module (``backchannel/core/web.py`` →
    ``backchannel.core.web``; a package's ``__init__`` is the package)."""
    counts: Counter[str] = Counter()
    for line in output.splitlines():
        if m := _ERROR.match(line):
            module = m["path"].removesuffix(".py").replace("/", ".")
            counts[module.removesuffix(".__init__")] += 1
    return counts


@dataclass
class Verdict:
    problems: list[str] = field(default_factory=list)
    modules: int = 0
    errors: int = 0


def judge(counts: Counter[str], listed: list[str], *, readme: str) -> Verdict:
    """What is wrong with this run, against the baseline and the README."""
    verdict = Verdict(modules=len(listed))
    on_list = set(listed)
    for module, n in sorted(counts.items()):
        if module not in on_list:
            verdict.problems.append(
                f"{module}: {n} error(s), and it is not on the baseline: fix them "
                "(`.venv/bin/mypy` shows them; the baseline only shrinks)."
            )
    for module in listed:
        if not counts[module]:
            verdict.problems.append(
                f"{module} has no error left: take it off the baseline in "
                "pyproject.toml (or run `python tests/typecheck.py --update`)."
            )
    verdict.errors = sum(counts[m] for m in on_list)
    said = _SAID.search(readme)
    if said is None:
        verdict.problems.append(
            'The README must say "N modules still on the baseline, M errors" '
            '(section "Types").'
        )
        return verdict
    if verdict.errors > int(said["errors"]):
        verdict.problems.append(
            f"The baseline's modules hold {verdict.errors} errors, more than the "
            f"{said['errors']} the README allows: fix the new ones."
        )
    elif (verdict.modules, verdict.errors) != (
        int(said["modules"]),
        int(said["errors"]),
    ):
        verdict.problems.append(
            f'The README says "{said[0]}": make it "{verdict.modules} modules '
            f'still on the baseline, {verdict.errors} errors" (or run '
            "`python tests/typecheck.py --update`)."
        )
    return verdict


def updated(pyproject: str, readme: str, counts: Counter[str]) -> tuple[str, str]:
    """``pyproject.toml`` without the baseline's clean modules, and the README
    with the figures of what is left."""
    head, rest = pyproject.split(BEGIN, 1)
    block, tail = rest.split(END, 1)
    kept = [
        line
        for line in block.splitlines(keepends=True)
        if not ((m := _MODULE.match(line)) and not counts[m["module"]])
    ]
    pyproject = head + BEGIN + "".join(kept) + END + tail
    listed = baseline(pyproject)
    errors = sum(counts[m] for m in listed)
    said = f"{len(listed)} modules still on the baseline, {errors} errors"
    return pyproject, _SAID.sub(said, readme, count=1)


def main() -> int:
    import os

    from mypy import api

    os.chdir(ROOT)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    listed = baseline(pyproject)
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "pyproject.toml"
        config.write_text(without_baseline(pyproject), encoding="utf-8")
        out, err, status = api.run(["--config-file", str(config), "backchannel"])
    if status not in (0, 1) or not out.strip():
        sys.stderr.write(out + err + f"\nmypy did not run (exit {status}).\n")
        return 2
    counts = errors_per_module(out)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    if "--update" in sys.argv:
        pyproject, readme = updated(pyproject, readme, counts)
        (ROOT / "pyproject.toml").write_text(pyproject, encoding="utf-8")
        (ROOT / "README.md").write_text(readme, encoding="utf-8")
        listed = baseline(pyproject)
    verdict = judge(counts, listed, readme=readme)
    listed_set = set(listed)
    for line in out.splitlines():
        m = _ERROR.match(line)
        module = m and m["path"].removesuffix(".py").replace("/", ".")
        if "--all" in sys.argv or (module and module not in listed_set):
            sys.stderr.write(line + "\n")
    for problem in verdict.problems:
        sys.stderr.write(problem + "\n")
    if verdict.problems:
        return 1
    sys.stdout.write(
        f"Types: no error outside the baseline; {verdict.modules} modules still "
        f"on it, {verdict.errors} errors.\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
