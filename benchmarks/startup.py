#!/usr/bin/env python3
"""Startup benchmark: fiit commands against the floor of a bare Typer + Rich command.

Runs each fiit command and the floor (a minimal Typer app printing a one-row Rich table)
interleaved (A, floor, A, floor, ...) on the same interpreter, and reports the median wall
time of each and the ratio. Then the scale check: a synthetic data directory of 50 and 500
profiles (copies of the shipped ones under new names), `show <one> permits` against the
shipped five, and `validate` / `search` at 5, 50 and 500 profiles.

usage: python benchmarks/startup.py [--runs N] [--quick]

Plain Python, no timing assertions anywhere: the test suite never depends on this.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = '''
import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer()


@app.command()
def main(name: str = "fiit") -> None:
    table = Table()
    table.add_column("name")
    table.add_row(name)
    Console().print(table)


if __name__ == "__main__":
    app()
'''

COMMANDS = {
    "hotline hungary": ["hotline", "hungary"],
    "show france permits": ["show", "france", "permits"],
    "compare belgium italy --section accommodation":
        ["compare", "belgium", "italy", "--section", "accommodation"],
}
COMPLETION_ENV = {"_FIIT_COMPLETE": "complete_bash", "COMP_WORDS": "fiit show fr",
                  "COMP_CWORD": "2"}


def fiit_exe() -> str:
    here = Path(sys.executable).parent / "fiit"
    return str(here) if here.exists() else (shutil.which("fiit") or "fiit")


def run(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode()[-500:]}")
    return elapsed


def interleaved(a: list[str], b: list[str], runs: int, env_a: dict, env_b: dict):
    ta, tb = [], []
    run(a, env_a), run(b, env_b)  # warm the OS cache and the .pyc files
    for _ in range(runs):
        ta.append(run(a, env_a))
        tb.append(run(b, env_b))
    return statistics.median(ta), statistics.median(tb)


def synthetic(root: Path, n: int, shipped: Path) -> Path:
    """A data directory of n profiles: copies of the shipped five under new names."""
    data = root / f"data-{n}"
    if data.exists():
        return data
    shutil.copytree(shipped, data)
    countries = data / "countries"
    sources = sorted(countries.glob("*.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    for p in sources:
        p.unlink()
    for i in range(n):
        text = texts[i % len(sources)]
        new_id = f"country-{i:04d}"
        head, body = text.split("\npermits:", 1)
        iso2 = chr(65 + i // 26 % 26) + chr(65 + i % 26)
        head = (f'id: "{new_id}"\nname: "Country {i:04d}"\niso2: "{iso2}"\n'
                f'aliases: ["Land {i:04d}"]\n')
        (countries / f"{new_id}.yaml").write_text(head + "\npermits:" + body, encoding="utf-8")
    _patch_references(data)
    return data


def _patch_references(data: Path) -> None:
    """Point the annex and the practices at ids that exist in the synthetic directory."""
    import re

    ids = {"belgium": "country-0000", "france": "country-0001", "hungary": "country-0002",
           "italy": "country-0003", "united-kingdom": "country-0004"}
    for name in ("hotlines.yaml", "practices.yaml"):
        f = data / name
        text = f.read_text(encoding="utf-8")
        for old, new in ids.items():
            text = re.sub(rf'((?:profile|country): )"{old}"', rf'\1"{new}"', text)
        f.write_text(text, encoding="utf-8")


def shipped_data() -> Path:
    from fiit_cli.loader import shipped_data_dir

    return shipped_data_dir()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (>= 11)")
    parser.add_argument("--quick", action="store_true", help="fewer runs, no 500 profiles")
    args = parser.parse_args()
    runs = 5 if args.quick else max(11, args.runs)
    exe = fiit_exe()
    # Bytecode is written and used, as after a normal install (pip compiles on install).
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("FIIT_", "_FIIT")) and k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"COLUMNS": "100", "NO_COLOR": "1"})
    with tempfile.TemporaryDirectory() as tmp:
        floor_py = Path(tmp) / "floor.py"
        floor_py.write_text(FLOOR)
        floor = [sys.executable, str(floor_py)]
        print(f"fiit startup benchmark · {time.strftime('%Y-%m-%d')} · Python "
              f"{platform.python_version()} · {platform.machine()} · {os.cpu_count()} CPUs · "
              f"{runs} interleaved runs each, medians")
        print(f"{'command':52} {'fiit':>8} {'floor':>8} {'ratio':>6}")
        worst = 0.0
        cases = [(name, [exe, *argv], env) for name, argv in COMMANDS.items()]
        cases.append(("completion: fiit show fr<TAB>", [exe], {**env, **COMPLETION_ENV}))
        for name, cmd, cmd_env in cases:
            a, b = interleaved(cmd, floor, runs, cmd_env, env)
            worst = max(worst, a / b)
            print(f"{name:52} {a * 1000:7.1f}ms {b * 1000:7.1f}ms {a / b:6.2f}")
        print(f"worst ratio: {worst:.2f} (target ≤ 1.15)")

        print("\nscale: synthetic data directories (copies of the shipped profiles)")
        shipped = shipped_data()
        sizes = [5, 50] if args.quick else [5, 50, 500]
        dirs = {n: synthetic(Path(tmp), n, shipped) for n in sizes}
        base_cmd = [exe, "--data-dir", str(dirs[5]), "show", "country-0001", "permits"]
        for n in sizes[1:]:
            big = [exe, "--data-dir", str(dirs[n]), "show", "country-0001", "permits"]
            a, b = interleaved(big, base_cmd, runs, env, env)
            print(f"show <one> permits with {n:>3} profiles vs 5: {a * 1000:7.1f}ms vs "
                  f"{b * 1000:7.1f}ms  ratio {a / b:.2f} (target ≤ 1.10)")
        print(f"{'profiles':>8} {'validate':>10} {'search':>10}")
        for n in sizes:
            reps = max(3, runs // 3)
            v = statistics.median(run([exe, "validate", str(dirs[n])], env)
                                  for _ in range(reps))
            s = statistics.median(run([exe, "--data-dir", str(dirs[n]), "search", "shelter",
                                       "-f", "json"], env) for _ in range(reps))
            print(f"{n:>8} {v * 1000:8.0f}ms {s * 1000:8.0f}ms")


if __name__ == "__main__":
    main()
