"""Print mutmut's results per module: module | mutants | killed | survived | score.

Reads the ``mutants/**/*.py.meta`` files that ``mutmut run`` leaves (mutmut 3.x) and needs
nothing but the standard library. A timeout counts as killed (the mutant did not pass); a
mutant no test reaches counts as survived. Survivors documented as equivalent (same
behaviour) in docs/mutation.md are counted apart, in the last columns; the score column is
the plain one. ``--survivors`` lists the surviving mutants by name; ``--min N`` exits 1 when
a module scores below N percent.

    python scripts/mutation_report.py [--survivors] [--min 85]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KILLED = {1, 3, 24, -24, 152, 255, 36, 37}  # failed, pytest error, timeout, type check
SURVIVED = {0, 5, 33}  # passed; no tests reached it
NOT_CHECKED = {None, 34}  # not run (yet), skipped


def equivalents() -> set[str]:
    """Mutant names listed in docs/mutation.md (a line starting with `- `name``)."""
    path = ROOT / "docs" / "mutation.md"
    if not path.exists():
        return set()
    return set(re.findall(r"^- `([\w.]+__mutmut_\d+)`", path.read_text("utf-8"), re.M))


def module_name(meta: Path, mutants: Path) -> str:
    rel = meta.relative_to(mutants).as_posix().removesuffix(".py.meta")
    return rel.removeprefix("src/").replace("/", ".")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--survivors", action="store_true", help="list the surviving mutants")
    ap.add_argument("--min", type=float, default=None, help="fail below this score (percent)")
    ap.add_argument("--mutants", type=Path, default=ROOT / "mutants")
    args = ap.parse_args(argv)

    metas = sorted(args.mutants.glob("**/*.py.meta"))
    if not metas:
        print("no mutmut results: run `make mutation` first", file=sys.stderr)
        return 2
    known = equivalents()
    rows, survivors = [], []
    for meta in metas:
        codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        checked = {k: v for k, v in codes.items() if v not in NOT_CHECKED}
        if not codes:
            continue
        killed = sum(1 for v in checked.values() if v in KILLED)
        alive = [k for k, v in checked.items() if v in SURVIVED]
        other = len(checked) - killed - len(alive)  # suspicious, segfault: not a kill
        equiv = sum(1 for k in alive if k in known)
        survivors += [k for k in alive if k not in known]
        score = 100 * killed / len(checked) if checked else 0.0
        rest = len(checked) - equiv
        adjusted = 100 * killed / rest if rest else 100.0
        rows.append((module_name(meta, args.mutants), len(codes), len(checked), killed,
                     len(alive) + other, score, equiv, adjusted))

    head = ("module", "mutants", "checked", "killed", "survived", "score", "equivalent",
            "score w/o equiv.")
    w = max(len(head[0]), *(len(r[0]) for r in rows))
    print(f"{head[0]:<{w}} | " + " | ".join(f"{h:>{len(h)}}" for h in head[1:]))
    print("-" * w + "-|-" + "-|-".join("-" * len(h) for h in head[1:]))
    for name, total, checked, killed, alive, score, equiv, adjusted in rows:
        cols = (total, checked, killed, alive, f"{score:.1f}%", equiv, f"{adjusted:.1f}%")
        if not checked:
            cols = (total, 0, "-", "-", "not run", "-", "-")
        print(f"{name:<{w}} | " + " | ".join(f"{c!s:>{len(h)}}" for c, h in zip(cols, head[1:])))
    t_checked = sum(r[2] for r in rows)
    t_killed = sum(r[3] for r in rows)
    if t_checked:
        print(f"{'total':<{w}} | {sum(r[1] for r in rows):>7} | {t_checked:>7} | "
              f"{t_killed:>6} | {sum(r[4] for r in rows):>8} | "
              f"{100 * t_killed / t_checked:>4.1f}%")
    if args.survivors and survivors:
        print("\nsurvivors (not documented as equivalent):")
        print("\n".join(f"  {s}" for s in survivors))
    if args.min is not None and any(r[5] < args.min for r in rows if r[2]):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
