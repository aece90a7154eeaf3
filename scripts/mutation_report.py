"""Print the mutation score of each model module from mutmut's results (``make mutation``).

mutmut keeps one ``<module>.py.meta`` file (JSON) a mutated module under ``mutants/``, holding
the exit code of the test run against each mutant. A mutant is *killed* when the tests failed
(exit code 1 or 3) or ran out of time; it *survived* when they passed. The score is
killed / total, where total counts every mutant, checked or not, so an interrupted run shows
as a low score rather than a flattering one. Survivors are listed by name: ``mutmut show NAME``
prints the change, and tests/models/EQUIVALENT_MUTANTS.md explains the ones no test can kill.

Usage: python scripts/mutation_report.py [module ...] (default: every module with results).
Exit status 1 if a module listed on the command line scores below ``--goal`` (default 0.9)
when ``--check`` is given. ``--list MODULE --every K`` prints the names of every K-th mutant
of MODULE instead (a deterministic sample, for a quicker estimate: ``make mutation
MUTATION_EVERY=5``); with a sample, the score counts the checked mutants only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

RESULTS = Path("mutants/src/antbook/models")
KILLED = {1, 3}
TIMEOUT = {36, -24, 24, 152, 255}
EQUIVALENT = Path("tests/models/EQUIVALENT_MUTANTS.md")


def equivalent_names(path: Path = EQUIVALENT) -> set[str]:
    """The mutant names listed (in backticks, at the start of a bullet) as equivalent."""
    if not path.is_file():
        return set()
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("- `"):
            names.add(line[3:].split("`", 1)[0])
    return names


def module_results(module: str) -> dict[str, int | None]:
    meta = RESULTS / f"{module}.py.meta"
    if not meta.is_file():
        raise SystemExit(f"{meta}: no mutmut results for module {module!r} (run make mutation)")
    return json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]


def _natural(name: str) -> tuple[str, int]:
    function, _, number = name.rpartition("__mutmut_")
    return function, int(number) if number.isdigit() else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*")
    parser.add_argument("--check", action="store_true", help="fail below the goal")
    parser.add_argument("--goal", type=float, default=0.9)
    parser.add_argument("--list", metavar="MODULE", help="print mutant names instead")
    parser.add_argument("--every", type=int, default=1, help="with --list: every K-th mutant")
    parser.add_argument("--sampled", action="store_true",
                        help="score the checked mutants only (after a sampled run)")
    args = parser.parse_args(argv)
    if args.list:
        names = sorted(module_results(args.list), key=_natural)
        print("\n".join(names[::max(args.every, 1)]))
        return 0
    modules = args.modules or sorted(
        p.name.removesuffix(".py.meta") for p in RESULTS.glob("*.py.meta")
        if p.name != "__init__.py.meta")
    equivalent = equivalent_names()
    failing = []
    print(f"{'module':<16} {'killed':>7} {'total':>6} {'score':>6}  "
          f"survived  no-tests/other  not-checked  equivalent  score-without-equivalent")
    survivors_by_module = {}
    for module in modules:
        codes = module_results(module)
        if args.sampled:
            codes = {k: c for k, c in codes.items() if c is not None}
        total = len(codes)
        killed = sum(1 for c in codes.values() if c in KILLED or c in TIMEOUT)
        survivors = sorted(k for k, c in codes.items() if c == 0)
        unchecked = sum(1 for c in codes.values() if c is None)
        eq = [s for s in survivors if s in equivalent]
        score = killed / total if total else 1.0
        counted = total - len(eq)
        adjusted = killed / counted if counted else 1.0
        other = total - killed - len(survivors) - unchecked
        print(f"{module:<16} {killed:>7} {total:>6} {score:>6.1%}  {len(survivors):>8}  "
              f"{other:>14}  {unchecked:>11}  {len(eq):>10}  {adjusted:>6.1%}")
        survivors_by_module[module] = [s for s in survivors if s not in equivalent]
        if args.check and args.modules and adjusted < args.goal:
            failing.append(module)
    for module, survivors in survivors_by_module.items():
        if survivors:
            print(f"\nsurvivors in {module} (mutmut show NAME prints the change):")
            for name in survivors:
                print(f"  {name}")
    if failing:
        print(f"\nbelow {args.goal:.0%}: {', '.join(failing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
