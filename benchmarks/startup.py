#!/usr/bin/env python3
"""Speed benchmark: fiit against the Python tldr client, a bare interpreter, and itself at scale.

1. Lookups: each fiit command piped (plain) and as a table (``-f table``), interleaved with
   the Python ``tldr`` client showing a page from its cache (seeded offline from
   ``benchmarks/tldr-tar.md``; no network). Goals: plain ≤ 1.0×, table ≤ 1.4× tldr.
   The answers people act on (``brief``, ``find``, ``updates``): ≤ 1.3× tldr piped; their
   table times are reported beside.
2. TAB completion of commands, countries, sections and practice ids, interleaved with
   ``python -c pass``. Goal ≤ 3.0×.
3. Scale: synthetic data directories (copies of the shipped profiles under new, unique
   names and ISO codes: two-letter codes, then subdivision codes such as AA-1, so that a
   directory of any size validates), 5 → N profiles: ``show`` by id, alias and typo (goal
   ≤ 1.1× the 5-profile time), ``search`` (goal ≤ 0.5 s and ≤ 100 MB once the cache is
   warm), ``validate`` (goal ≤ 2 s after a one-file change, exit 0); cold first runs
   reported too.

usage: python benchmarks/startup.py [--runs N] [--quick] [--profiles N] [--no-scale]

Plain Python, no timing assertions anywhere: the test suite never depends on this.
Needs the ``bench`` extra (``pip install -e '.[bench]'``) for the tldr client.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

LOOKUPS = {
    "show france permits": ["show", "france", "permits"],
    "hotline hungary": ["hotline", "hungary"],
    "compare belgium italy -s accommodation": ["compare", "belgium", "italy", "-s",
                                               "accommodation"],
    "search minors": ["search", "minors"],
}
# The answers people act on: more work per run, so a goal of their own (≤ 1.3× tldr).
VIEWS = {
    "brief italy --minor --woman --third-country": ["brief", "italy", "--minor", "--woman",
                                                    "--third-country"],
    "find shelter --minor --third-country": ["find", "shelter", "--minor", "--third-country"],
    "updates": ["updates"],
}
COMPLETIONS = {
    "commands: fiit s<TAB>": ("fiit s", 1),
    "countries: fiit show fr<TAB>": ("fiit show fr", 2),
    "sections: fiit show france sh<TAB>": ("fiit show france sh", 3),
    "practice ids: fiit practice u<TAB>": ("fiit practice u", 2),
}


def exe(name: str) -> str:
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else (shutil.which(name) or name)


def run(cmd: list[str], env: dict[str, str], ok=(0,)) -> tuple[float, int]:
    """Wall time and peak memory (KB) of one run of ``cmd``."""
    with tempfile.TemporaryFile() as err:  # not a pipe: a long message must not block
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok:
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): "
                             f"{err.read().decode()[-500:]}")
    return elapsed, usage.ru_maxrss


def interleaved(cases: list[tuple[list[str], dict]], runs: int) -> list[float]:
    """Median wall time of each case, the cases run in turn (A, B, C, A, B, C, ...)."""
    times: list[list[float]] = [[] for _ in cases]
    for cmd, env in cases:  # warm the OS cache, the .pyc files and fiit's cache
        run(cmd, env)
    for _ in range(runs):
        for i, (cmd, env) in enumerate(cases):
            times[i].append(run(cmd, env)[0])
    return [statistics.median(t) for t in times]


# ---------------------------------------------------------------- synthetic data


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SUFFIX = "0123456789" + LETTERS  # an ISO 3166-2 subdivision code: XX- and 1-3 of these
CODES = 676 * (1 + 36 + 36 ** 2 + 36 ** 3 - 1)  # all the schema allows but XX-0 (unused)


def iso2(i: int) -> str:
    """The i-th profile's code, unique at any size the schema allows: the 676 two-letter
    codes (AA, AB, ... ZZ), then subdivision codes (AA-1, AB-1, ... ZZ-1, AA-2, ...)."""
    if not 0 <= i < CODES:
        raise ValueError(f"no ISO code for profile {i}: the schema allows {CODES}")
    country = LETTERS[i // 26 % 26] + LETTERS[i % 26]
    k = i // 676  # 0: the plain code; then 1, 2, ...: the suffixes 1, 2, ... Z, 00, 01, ...
    if k == 0:
        return country
    size = 1
    while k >= 36 ** size:  # the suffixes of this size come after the shorter ones
        k -= 36 ** size
        size += 1
    suffix = ""
    for _ in range(size):
        k, digit = divmod(k, 36)
        suffix = SUFFIX[digit] + suffix
    return f"{country}-{suffix}"


def head(i: int) -> str:
    """The identity keys of the i-th synthetic profile: id, name, code and alias, each unique
    (also once normalised: "country 00001", "land 00001", "aa", "aa 1" never meet)."""
    return (f'id: "country-{i:05d}"\nname: "Country {i:05d}"\niso2: "{iso2(i)}"\n'
            f'aliases: ["Land {i:05d}"]\n')


def synthetic(root: Path, n: int, shipped: Path) -> Path:
    """A data directory of n profiles: copies of the shipped five under new names."""
    data = root / f"data-{n}"
    if data.exists():
        return data
    shutil.copytree(shipped, data)
    for kind in ("updates", "searches"):  # they point at the shipped ids
        shutil.rmtree(data / kind, ignore_errors=True)
    countries = data / "countries"
    sources = sorted(countries.glob("*.yaml"))
    bodies = [p.read_text(encoding="utf-8").split("\npermits:", 1)[1] for p in sources]
    for p in sources:
        p.unlink()
    for i in range(n):
        (countries / f"country-{i:05d}.yaml").write_text(head(i) + "\npermits:" + bodies[i % 5],
                                                          encoding="utf-8")
    ids = {"belgium": 0, "france": 1, "hungary": 2, "italy": 3, "united-kingdom": 4}
    for name in ("hotlines.yaml", "practices.yaml"):
        f = data / name
        text = f.read_text(encoding="utf-8")
        for old, new in ids.items():
            text = re.sub(rf'((?:profile|country): )"{old}"', rf'\1"country-{new:05d}"', text)
        f.write_text(text, encoding="utf-8")
    return data


def stat_floor(countries: Path, runs: int) -> float:
    """Median time of one os.stat per profile file, in this process."""
    paths = [os.path.join(countries, name) for name in os.listdir(countries)]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        list(map(os.stat, paths))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def shipped_data() -> Path:
    from fiit_cli.loader import shipped_data_dir

    return shipped_data_dir()


def seed_tldr(root: Path) -> dict[str, str]:
    """The tldr client's cache with one page, offline: $XDG_CACHE_HOME/tldr/pages/common/."""
    pages = root / "xdg" / "tldr" / "pages" / "common"
    pages.mkdir(parents=True)
    shutil.copy(HERE / "tldr-tar.md", pages / "tar.md")
    return {"XDG_CACHE_HOME": str(root / "xdg"), "TLDR_NETWORK_ENABLED": "0",
            "TLDR_CACHE_MAX_AGE": str(10 ** 6), "TLDR_LANGUAGE": "en"}


# ---------------------------------------------------------------- the report


def verdict(value: float, goal: float) -> str:
    return "ok" if value <= goal else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (>= 11)")
    parser.add_argument("--quick", action="store_true", help="5 runs, 500 profiles at most")
    parser.add_argument("--profiles", type=int, default=5000, help="the large directory")
    parser.add_argument("--no-scale", action="store_true",
                        help="lookups, views and completion only (no synthetic directories)")
    args = parser.parse_args()
    runs = 5 if args.quick else max(11, args.runs)
    big = min(args.profiles, 500) if args.quick else args.profiles
    fiit, tldr = exe("fiit"), exe("tldr")
    # Bytecode is written and used, as after a normal install (pip compiles on install).
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("FIIT_", "_FIIT", "TLDR_", "COMP_", "_TYPER"))
            and k != "PYTHONDONTWRITEBYTECODE"}
    base.update({"COLUMNS": "100", "NO_COLOR": "1", "FIIT_LOCAL_DIR": ""})
    with tempfile.TemporaryDirectory() as tmp:
        env = {**base, "FIIT_CACHE_DIR": str(Path(tmp) / "cache")}
        tldr_cmd = ([tldr, "tar"], {**base, **seed_tldr(Path(tmp))})
        print(f"fiit speed benchmark · {time.strftime('%Y-%m-%d')} · Python "
              f"{platform.python_version()} · {platform.machine()} · {os.cpu_count()} CPUs · "
              f"{runs} interleaved runs each, medians")
        def against_tldr(title: str, cases: dict[str, list[str]]) -> list[tuple[float, float]]:
            """Each command piped and as a table, interleaved with tldr: the two ratios."""
            print(f"\n{title:40} {'plain':>8} {'table':>8} {'tldr':>8} {'plain×':>7} "
                  f"{'table×':>7}")
            ratios = []
            for name, argv in cases.items():
                plain, table, ref = interleaved(
                    [([fiit, *argv], env), ([fiit, *argv, "-f", "table"], env), tldr_cmd], runs)
                ratios.append((plain / ref, table / ref))
                print(f"{name:40} {plain * 1e3:6.1f}ms {table * 1e3:6.1f}ms "
                      f"{ref * 1e3:6.1f}ms {plain / ref:7.2f} {table / ref:7.2f}")
            return ratios

        lookups = against_tldr("lookup", LOOKUPS)
        print("goals: plain ≤ 1.00×, table ≤ 1.40× tldr — "
              + ("all met" if all(p <= 1.0 and t <= 1.4 for p, t in lookups) else "NOT all met"))
        worst = max(p for p, _ in against_tldr("view", VIEWS))
        print(f"goal: brief, find and updates ≤ 1.30× tldr piped (plain) — worst {worst:.2f} "
              f"{verdict(worst, 1.3)}; as a table for information (Rich lays out every record: "
              "`updates` is some 2,500 lines)")
        first = {**env, "FIIT_CACHE_DIR": str(Path(tmp) / "first")}
        t = run([fiit, "show", "france", "permits"], first)[0]
        print(f"cold first run (empty cache: the schema validates the file): show france "
              f"permits {t * 1e3:.0f}ms")

        print(f"\n{'completion':40} {'fiit':>8} {'python':>8} {'ratio':>7}")
        ratios = []
        bare = ([sys.executable, "-c", "pass"], base)
        for name, (words, cword) in COMPLETIONS.items():
            cenv = {**env, "_FIIT_COMPLETE": "complete_bash", "COMP_WORDS": words,
                    "COMP_CWORD": str(cword)}
            a, b = interleaved([([fiit], cenv), bare], runs)
            ratios.append(a / b)
            print(f"{name:40} {a * 1e3:6.1f}ms {b * 1e3:6.1f}ms {a / b:7.2f}")
        print(f"goal: ≤ 3.00× python -c pass — worst {max(ratios):.2f} "
              f"{verdict(max(ratios), 3.0)}")
        first = {**env, "FIIT_CACHE_DIR": str(Path(tmp) / "first-tab"),
                 "_FIIT_COMPLETE": "complete_bash", "COMP_WORDS": "fiit show fr",
                 "COMP_CWORD": "2"}
        t = run([fiit], first)[0]
        print(f"cold first TAB (Typer answers, writes the description): {t * 1e3:.0f}ms")

        if args.no_scale:
            return
        print(f"\nscale: synthetic data directories, 5 and {big} profiles "
              "(unique ids, names, aliases and ISO codes)")
        shipped = shipped_data()
        small, large = synthetic(Path(tmp), 5, shipped), synthetic(Path(tmp), big, shipped)
        one = f"country-{min(big, 5) - 2:05d}"
        cold_env = {**env, "FIIT_CACHE_DIR": str(Path(tmp) / "cold")}
        cold = run([fiit, "--data-dir", str(large), "show", "Land 00003", "permits"],
                   cold_env)[0]
        print(f"cold first run, show by alias at {big}: {cold * 1e3:.0f}ms (builds the names "
              "index)")
        for label, name, ok in (("id", one, (0,)), ("alias", f"Land {3:05d}", (0,)),
                                ("typo", "country-0003x", (2,))):
            cases = [([fiit, "--data-dir", str(d), "show", name, "permits"], env)
                     for d in (large, small)]
            for cmd, e in cases:
                run(cmd, e, ok)
            ta, tb = [], []
            for _ in range(runs):
                ta.append(run(cases[0][0], env, ok)[0])
                tb.append(run(cases[1][0], env, ok)[0])
            a, b = statistics.median(ta), statistics.median(tb)
            print(f"show by {label:6} {big:>5} vs 5 profiles: {a * 1e3:6.1f}ms vs "
                  f"{b * 1e3:6.1f}ms  ratio {a / b:.2f} (goal ≤ 1.10) {verdict(a / b, 1.1)}")
        floor = stat_floor(large / "countries", runs)
        print(f"  a name not found is checked against every profile (one stat each, so that "
              f"an alias added in place is never missed): {big} stats take {floor * 1e3:.1f}ms "
              f"here, {floor / b:.2f}× the 5-profile typo")

        search = [fiit, "--data-dir", str(large), "search", "shelter", "-f", "json"]
        t, mem = run(search, cold_env)
        print(f"search at {big}: cold {t:.2f}s {mem / 1024:.0f}MB", end="")
        warm = [run(search, cold_env) for _ in range(max(3, runs // 3))]
        t = statistics.median(w[0] for w in warm)
        mem = max(w[1] for w in warm)
        print(f"; warm {t:.2f}s {mem / 1024:.0f}MB (goal ≤ 0.5s, ≤ 100MB) "
              f"{verdict(t, 0.5) if mem <= 100 * 1024 else 'MISSED'}")

        check = [fiit, "validate", str(large)]
        fresh = {**env, "FIIT_CACHE_DIR": str(Path(tmp) / "validate")}
        t_cold = run(check, fresh)[0]
        t_warm = run(check, fresh)[0]
        changed = large / "countries" / f"country-{big // 2:05d}.yaml"
        changed.write_text(changed.read_text(encoding="utf-8") + "\n# edited\n",
                           encoding="utf-8")
        t_one = run(check, fresh)[0]
        print(f"validate at {big}: cold {t_cold:.2f}s, unchanged {t_warm:.2f}s, after a "
              f"one-file change {t_one:.2f}s (goal ≤ 2s) {verdict(t_one, 2.0)}")


if __name__ == "__main__":
    main()
