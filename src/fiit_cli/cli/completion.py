"""Shell completion (TAB) answered before Typer is loaded: a start-up, not a full CLI start.

Typer answers a TAB by loading the whole application (≈ 150 ms). Most TABs are simple —
a command name, a country, a section, an id — so :func:`answer` handles those from a small
description of the commands (``completion.txt`` in the cache directory, written by
:func:`remember` from the real application the first time a TAB is answered by Typer, and
rewritten whenever fiit's command modules, the section names or Typer change) and from the
file names of the data. The output is the bytes Typer prints (bash, zsh and fish; compared
with the slow path in ``tests/test_speed.py``). Anything else — an option name, an option
before the command, quotes, another shell, no description yet — returns False and Typer
answers as before. Nothing here imports more than ``os`` and ``sys`` on the way.
"""

from __future__ import annotations

import os
import sys

SEP = "\x1f"  # the unit separator: fish answers hold tabs


# ---------------------------------------------------------------- where things are


def _cache_dir() -> str | None:
    """As fiit_cli.cache.directory(), without its imports."""
    if os.environ.get("FIIT_NO_CACHE"):
        return None
    explicit = os.environ.get("FIIT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "fiit")


def _package_dir() -> str:
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _data_dir() -> str | None:
    """As fiit_cli.loader.data_dir() with no --data-dir (completion never runs the root)."""
    env = os.environ.get("FIIT_DATA_DIR")
    if env:
        return env if os.path.isdir(env) else None
    package = os.path.join(_package_dir(), "data")
    if os.path.isdir(package):
        return package
    return os.path.join(os.path.dirname(os.path.dirname(_package_dir())), "data")


def _stat_key(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return f"{path}:-"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def _key() -> str:
    """What the description depends on: fiit's version, its command modules and section
    names, and the Typer in use (its completion classes format the answer)."""
    from fiit_cli import __version__

    pkg = _package_dir()
    cli = os.path.join(pkg, "cli")
    parts = [__version__, sys.prefix, _stat_key(os.path.join(pkg, "lookup.py"))]
    try:
        names = sorted(n for n in os.listdir(cli) if n.endswith(".py"))
    except OSError:
        names = []
    parts += [_stat_key(os.path.join(cli, n)) for n in names]
    for entry in sys.path:
        typer = os.path.join(entry or ".", "typer", "_completion_classes.py")
        if os.path.exists(typer):
            parts.append(_stat_key(typer))
            break
    return "|".join(parts)


# ---------------------------------------------------------------- the fast answer


def _split(text: str) -> list[str] | None:
    """Words as click's split_arg_string would give them, for text without quoting."""
    if any(c in text for c in "'\"\\") or any(c.isspace() and c != " " for c in text):
        return None
    return text.split(" ")


def _words() -> tuple[str, list[str], str] | None:
    mode = os.environ.get("_FIIT_COMPLETE", "")
    if mode == "complete_bash":
        words = _split(os.environ.get("COMP_WORDS", ""))
        try:
            cword = int(os.environ.get("COMP_CWORD", ""))
        except ValueError:
            return None
        if words is None:
            return None
        words = [w for w in words if w]
        args = words[1:cword]
        incomplete = words[cword] if cword < len(words) else ""
        return "bash", args, incomplete
    if mode in ("complete_zsh", "complete_fish"):
        if mode == "complete_fish" and os.environ.get("_TYPER_COMPLETE_FISH_ACTION") not in (
                "get-args", "is-args"):
            return None
        text = os.environ.get("_TYPER_COMPLETE_ARGS", "")
        words = _split(text)
        if words is None:
            return None
        words = [w for w in words if w]
        args = words[1:]
        if args and not text.endswith(" "):
            return mode[9:], args[:-1], args[-1]
        return mode[9:], args, ""
    return None


def _load_spec() -> dict | None:
    root = _cache_dir()
    if root is None:
        return None
    try:
        with open(os.path.join(root, "completion.txt"), encoding="utf-8") as fh:
            lines = fh.read().split("\n")
    except (OSError, ValueError):
        return None
    if not lines or lines[0] != "key" + SEP + _key():
        return None
    spec: dict = {"commands": {}, "params": {}, "sections": []}
    for line in lines[1:]:
        parts = line.split(SEP)
        if parts[0] == "cmd":
            spec["commands"][parts[1]] = parts[2:5]
        elif parts[0] == "param":
            spec["params"].setdefault(parts[1], []).append(
                (parts[2], int(parts[3]), parts[4] == "1", parts[5].split(","), parts[6]))
        elif parts[0] == "section":
            spec["sections"].append((parts[1], [a for a in parts[2].split(",") if a]))
    return spec


def _values(completer: str, incomplete: str, spec: dict) -> list[str] | None:
    typed = incomplete.lower()
    if completer == "country":
        data = _data_dir()
        try:
            names = os.listdir(os.path.join(data, "countries")) if data else []
        except OSError:
            names = []
        found = sorted(n[:-5] for n in names if n.endswith(".yaml") and len(n) > 5)
        found = [n for n in found if n.startswith(typed)]
    elif completer == "section":
        found = [s for s, _ in spec["sections"] if s.startswith(typed)]
        found = found or [a for _, aliases in spec["sections"] for a in aliases
                          if a.startswith(typed)]
    elif completer.startswith("ids:") or completer.startswith("eu+ids:"):
        _, filename, key = completer.split(":")
        ids = _ids(filename, key)
        if ids is None:
            return None
        found = [i for i in ids if i.startswith(typed)]
        if completer.startswith("eu+") and "eu".startswith(typed):
            found = ["eu"] + found
    else:
        return None
    return [v for v in found if v.startswith(incomplete)]


def _ids(filename: str, key: str) -> list[str] | None:
    """Ids under ``key`` in a data file (as common.complete_ids), kept by size and mtime."""
    data = _data_dir()
    root = _cache_dir()
    if data is None or root is None:
        return None
    path = os.path.join(data, filename)
    stamp = _stat_key(path)
    entry = os.path.join(root, f"ids-{filename}-{key}.txt")
    try:
        with open(entry, encoding="utf-8") as fh:
            first, *ids = fh.read().split("\n")
        if first == stamp:
            return [i for i in ids if i]
    except OSError:
        pass
    try:
        from pathlib import Path

        from fiit_cli.loader import read_yaml

        loaded = read_yaml(Path(path))[0]
        ids = [str(r["id"]) for r in loaded[key]]
    except Exception:  # as complete_ids: no answer rather than a failure
        ids = []
    if any("\n" in i or not i for i in ids):
        return None
    try:
        os.makedirs(root, exist_ok=True)
        tmp = f"{entry}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write("\n".join([stamp, *ids]))
        os.replace(tmp, entry)
    except OSError:
        pass
    return ids


def _zsh_escape(s: str) -> str:
    return (s.replace('"', '""').replace("'", "''").replace("$", "\\$").replace("`", "\\`")
            .replace(":", r"\\:"))


def answer() -> bool:
    """Print the completion Typer would print and return True; or False, printing nothing."""
    try:
        return _answer()
    except Exception:  # never worse than the slow path
        return False


def _answer() -> bool:
    words = _words()
    if words is None:
        return False
    shell, args, incomplete = words
    if incomplete and not incomplete[0].isalnum():
        return False  # option names: Typer lists them
    spec = _load_spec()
    if spec is None:
        return False
    if not args:
        lines = [cols[("bash", "zsh", "fish").index(shell)]
                 for name, cols in spec["commands"].items() if name.startswith(incomplete)]
        return _emit(shell, lines)
    command, rest = args[0], args[1:]
    params = spec["params"].get(command)
    if command not in spec["commands"] or params is None:
        return False
    options = {o: p for p in params if p[0] == "option" for o in p[3]}
    arguments = [p for p in params if p[0] == "argument"]
    count = 0
    i = 0
    target = None
    while i < len(rest):
        arg = rest[i]
        if arg.startswith("-"):
            p = options.get(arg)
            if p is None:
                return False
            if not p[2]:  # takes a value
                if i + 1 == len(rest):
                    target = p
                    break
                i += 1
        else:
            count += 1
        i += 1
    if target is None:
        for p in arguments:
            if p[1] == -1:
                target = p
                break
            if p[1] != 1:
                return False
            if count:
                count -= 1
                continue
            target = p
            break
    if target is None:
        return False
    values = _values(target[4], incomplete, spec)
    if values is None:
        return False
    if shell == "zsh":
        lines = [f'"{_zsh_escape(v)}"' for v in values]
    else:
        lines = values
    return _emit(shell, lines)


def _emit(shell: str, lines: list[str]) -> bool:
    if shell == "zsh":
        out = ("_arguments '*: :((" + "\n".join(lines) + "))'") if lines else "_files"
    elif shell == "fish" and os.environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
        sys.stdout.flush()
        os._exit(0 if lines else 1)
    else:
        out = "\n".join(lines)
    sys.stdout.write(out + "\n")
    return True


# ---------------------------------------------------------------- the description


COMPLETERS = {
    "fiit_cli.cli.common.complete_country": "country",
    "fiit_cli.cli.common.complete_section": "section",
    "fiit_cli.cli.hotlines._complete": "ids:hotlines.yaml:countries",
    "fiit_cli.cli.practices._complete_practice": "ids:practices.yaml:practices",
    "fiit_cli.cli.updates._complete": "eu+ids:hotlines.yaml:countries",
}


def _completer(param) -> str:
    """The fast completer standing for a parameter's autocompletion, or 'none'."""
    fn = getattr(param, "_custom_shell_complete", None)
    if fn is None:
        return "none"
    for cell in fn.__closure__ or ():
        inner = getattr(cell.cell_contents, "__wrapped__", None)
        if inner is not None:
            return COMPLETERS.get(f"{inner.__module__}.{inner.__qualname__}", "none")
    return "none"


def remember() -> None:
    """Write the description of the commands, from the loaded application (after a TAB that
    Typer answered). Any failure just leaves the next TAB to Typer too."""
    try:
        _remember()
    except Exception:
        pass


def _remember() -> None:
    root = _cache_dir()
    if root is None or "typer" not in sys.modules:
        return
    import typer.main
    from typer._click.shell_completion import CompletionItem
    from typer._completion_classes import FishComplete, ZshComplete

    from fiit_cli.cli import app
    from fiit_cli.lookup import SECTIONS

    group = typer.main.get_command(app)
    ctx = group.make_context("fiit", [], resilient_parsing=True)
    zsh = ZshComplete(group, {}, "fiit", "_FIIT_COMPLETE")
    fish = FishComplete(group, {}, "fiit", "_FIIT_COMPLETE")
    lines = ["key" + SEP + _key()]
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        item = CompletionItem(name, help=command.get_short_help_str())
        lines.append(SEP.join(["cmd", name, name, zsh.format_completion(item),
                               fish.format_completion(item)]))
        for p in command.get_params(ctx):
            kind = "option" if p.param_type_name == "option" else "argument"
            flag = kind == "option" and (p.is_flag or p.count)
            lines.append(SEP.join(["param", name, kind, str(p.nargs),
                                   "1" if flag else "0", ",".join(p.opts),
                                   _completer(p)]))
    for s in SECTIONS:
        lines.append(SEP.join(["section", s.slug, ",".join(s.aliases)]))
    expected = {"key": 1, "cmd": 4, "param": 6, "section": 2}
    if any("\n" in line or line.count(SEP) != expected[line.split(SEP, 1)[0]]
           for line in lines):
        return
    os.makedirs(root, exist_ok=True)
    entry = os.path.join(root, "completion.txt")
    tmp = f"{entry}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))
    os.replace(tmp, entry)
