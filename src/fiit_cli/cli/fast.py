"""The fast path: run a plain lookup without loading the CLI framework (Typer and its click).

Importing Typer costs about as much as the whole of a lookup's own work and output together
(≈ 50 ms of the ≈ 110 ms of `fiit show france permits`). A lookup whose command line is
simple — a known command, its arguments, its options written out in full or short, the
global flags — is therefore run here: the command's own module is imported with a stand-in
for ``typer`` that only records the parameters, the command line is parsed against them, and
the command's function is called as Typer would call it. Everything the command does (its
lookups, views, writers, errors and exit codes) is the command's own code, so the output is
the same bytes; ``tests/test_speed.py`` compares the two paths.

Anything this parser is not sure of (``--help``, an unknown or abbreviated option, a value
that does not convert, a missing argument, a command not listed here, …) returns ``False``
before anything is printed, and the full Typer application handles the line as before.
``FIIT_NO_FASTPATH=1`` turns the fast path off.
"""

from __future__ import annotations

import os
import sys
import types
from typing import Any

# Commands run here, and the module that defines each. A command not found there (moved,
# renamed) simply goes to the full application.
COMMANDS = {
    "show": "fiit_cli.cli.profiles",
    "countries": "fiit_cli.cli.profiles",
    "sections": "fiit_cli.cli.profiles",
    "hotline": "fiit_cli.cli.hotlines",
    "compare": "fiit_cli.cli.comparing",
    "overview": "fiit_cli.cli.comparing",
    "search": "fiit_cli.cli.searching",
    "practices": "fiit_cli.cli.practices",
    "practice": "fiit_cli.cli.practices",
    "find": "fiit_cli.cli.person",
    "brief": "fiit_cli.cli.person",
    "updates": "fiit_cli.cli.updates",
    "stale": "fiit_cli.cli.updates",
}

GLOBAL_FLAGS = ("--no-color", "--no-pager", "--facts-only", "--as-printed")
GLOBAL_VALUED = ("--data-dir",)

# Keyword arguments of typer.Option / typer.Argument that change nothing in how a value is
# parsed; any other one sends the command line to the full application.
_HARMLESS = {"help", "show_default", "metavar", "autocompletion", "rich_help_panel", "min",
             "max", "hidden"}


def hoist_global_options(args: list[str]) -> list[str]:
    """Let the global options go anywhere on the line (`fiit show fr --no-pager`)."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        if arg in GLOBAL_FLAGS or arg.startswith(tuple(f"{o}=" for o in GLOBAL_VALUED)):
            front.append(arg)
        elif arg in GLOBAL_VALUED and i + 1 < len(args):
            front += args[i:i + 2]
            i += 1
        else:
            rest.append(arg)
        i += 1
    return front + rest


def safe_streams() -> None:
    """An encoding that cannot show a character (PYTHONIOENCODING=ascii) degrades, not crashes."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (getattr(stream, "errors", None) or "strict") == "strict":
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # pragma: no cover - a stream that cannot change
                pass


# ---------------------------------------------------------------- a line in another order


VALUED = {"--data-dir", "--format", "-f", "--section", "-s", "--country", "-c", "--limit",
          "-n", "--kind", "-k"}


def _words(args: list[str]) -> list[tuple[str, bool]]:
    """The words of a command line that are not options, each with: was it an option's value?"""
    out, i = [], 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            out += [(a, False) for a in args[i + 1:]]
            break
        if arg in VALUED and i + 1 < len(args):
            out.append((args[i + 1], True))
            i += 2
            continue
        if not arg.startswith("-"):
            out.append((arg, False))
        i += 1
    return out


def misordered(args: list[str], commands: set[str]) -> str | None:
    """A command line in another order than fiit's, or a country without a command: the line
    that was probably meant (`fiit show permits france` → `fiit show france permits`)."""
    from fiit_cli.lookup import get_section

    words = [w for w, value in _words(args) if not value]
    if not words or words[0] in commands and words[0] not in ("show", "compare"):
        return None
    command, rest = words[0], words[1:]
    if command not in commands:
        if not _country(command):
            return None
        return (f"{command!r} is not a command. Did you mean: "
                + " ".join(["fiit show", command, *rest]))
    if command == "show" and len(rest) >= 2 and get_section(rest[0]) and not _country(rest[0]):
        country = next((w for w in rest[1:] if _country(w)), None)
        if country is None:
            return None
        sections = [w for w in rest if w != country]
        return (f"{rest[0]!r} is a section, not a country. Did you mean: "
                + " ".join(["fiit show", country, *sections]))
    if command == "compare":
        sections = [w for w in rest if get_section(w) and not _country(w)]
        if not sections:
            return None
        countries = [w for w in rest if w not in sections]
        given = [f"-s {w}" for w, value in _words(args) if value and get_section(w)]
        return (f"{sections[0]!r} is a section, not a country. Did you mean: "
                + " ".join(["fiit compare", *countries, *given, *(f"-s {w}" for w in sections)]))
    return None


def _country(word: str) -> bool:
    """Does a word name a country profile? (Reads only file names and heads.)"""
    try:
        from fiit_cli.loader import data_dir
        from fiit_cli.lookup import CountryIndex

        return CountryIndex(data_dir() / "countries").get(word) is not None
    except Exception:  # a hint must never fail loudly
        return False


# ---------------------------------------------------------------- a stand-in for typer


class Unsupported(Exception):
    """This command line is for the full application."""


class _Param:
    def __init__(self, kind: str, args: tuple, kwargs: dict):
        self.kind = kind
        self.decls = [a for a in args if isinstance(a, str) and a.startswith("-")]
        self.ok = len(self.decls) == len(args) and set(kwargs) <= _HARMLESS
        if kind == "argument" and args:
            self.ok = False
        self.min = kwargs.get("min")
        self.max = kwargs.get("max")


class Exit(Exception):
    def __init__(self, code: int = 0):
        super().__init__(code)
        self.exit_code = code


class _Context:
    """What a command reads of its context: the root's ``obj`` (the run's Env)."""

    def __init__(self, obj: Any):
        self.obj = obj

    def find_root(self) -> _Context:
        return self


class _App:
    def __init__(self) -> None:
        self.commands: dict[str, Any] = {}

    def command(self, name: str | None = None, **kwargs: Any):
        def register(fn):
            self.commands[name or fn.__name__.replace("_", "-")] = fn
            return fn
        return register

    def callback(self, *args: Any, **kwargs: Any):
        return lambda fn: fn


class _Unusable(Exception):
    """typer.Abort, BadParameter and the like: never expected on the fast path."""


def _stub_modules() -> dict[str, types.ModuleType]:
    typer = types.ModuleType("typer")
    typer.Option = lambda *a, **k: _Param("option", a, k)  # type: ignore[attr-defined]
    typer.Argument = lambda *a, **k: _Param("argument", a, k)  # type: ignore[attr-defined]
    typer.Context = _Context  # type: ignore[attr-defined]
    typer.Exit = Exit  # type: ignore[attr-defined]
    for name in ("Abort", "BadParameter", "TyperException"):
        setattr(typer, name, _Unusable)
    app_module = types.ModuleType("fiit_cli.cli.app")
    app_module.app = _App()  # type: ignore[attr-defined]
    return {"typer": typer, "fiit_cli.cli.app": app_module}


# ---------------------------------------------------------------- parsing a command line


def _spec(fn: Any) -> list[tuple[str, Any, Any, Any]]:
    """(name, type, _Param, default) per parameter; the context as type ``_Context``."""
    from typing import Annotated, get_args, get_origin, get_type_hints

    hints = get_type_hints(fn, include_extras=True)
    code = fn.__code__
    names = code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]
    defaults = dict(zip(reversed(code.co_varnames[:code.co_argcount]),
                        reversed(fn.__defaults__ or ())))
    defaults.update(fn.__kwdefaults__ or {})
    out = []
    for name in names:
        hint = hints.get(name)
        if hint is _Context:
            out.append((name, _Context, None, None))
            continue
        if get_origin(hint) is not Annotated:
            raise Unsupported(name)
        base, *extras = get_args(hint)
        param = next((e for e in extras if isinstance(e, _Param)), None)
        if param is None or not param.ok:
            raise Unsupported(name)
        out.append((name, base, param, defaults.get(name, ...)))
    return out


def _base(tp: Any) -> tuple[Any, bool]:
    """The type without ``| None``, and whether it is a list."""
    from typing import Union, get_args, get_origin

    union = get_origin(tp) in (types.UnionType, Union)
    args = [a for a in get_args(tp) if a is not type(None)] if union else [tp]
    if len(args) != 1:
        raise Unsupported(tp)
    tp = args[0]
    if get_origin(tp) is list:
        (item,) = get_args(tp)
        return item, True
    return tp, False


def _convert(tp: Any, value: str, param: _Param) -> Any:
    import enum

    if tp is str:
        return value
    if tp is int:
        try:
            number = int(value)
        except ValueError:
            raise Unsupported(value) from None
        if (param.min is not None and number < param.min) or (
                param.max is not None and number > param.max):
            raise Unsupported(value)
        return number
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        for member in tp:
            if member.value == value:
                return member
        raise Unsupported(value)
    raise Unsupported(tp)


def parse(fn: Any, args: list[str], ctx: _Context) -> dict[str, Any]:
    """Keyword arguments for ``fn`` from the command line, as Typer would give them."""
    spec = _spec(fn)
    options: dict[str, tuple[str, Any, _Param, bool]] = {}
    positional: list[tuple[str, Any, _Param, Any, bool]] = []
    values: dict[str, Any] = {}
    for name, tp, param, default in spec:
        if tp is _Context:
            values[name] = ctx
            continue
        if param.kind == "option":
            if tp is bool:
                if default is not False:
                    raise Unsupported(name)
                values[name] = False
                for decl in param.decls:
                    options[decl] = (name, bool, param, False)
                continue
            item, many = _base(tp)
            if default is ... or (default is not None):
                if not (item is int and not many and isinstance(default, int)):
                    raise Unsupported(name)
            values[name] = default
            for decl in param.decls:
                options[decl] = (name, item, param, many)
        else:
            item, many = _base(tp)
            if default not in (..., None):
                raise Unsupported(name)
            positional.append((name, item, param, default, many))
    given: list[str] = []
    lists: dict[str, list[Any]] = {}
    i = 0
    only_args = False
    while i < len(args):
        arg = args[i]
        i += 1
        if only_args or not arg.startswith("-") or arg == "-":
            given.append(arg)
            continue
        if arg == "--":
            only_args = True
            continue
        value: str | None = None
        if arg.startswith("--") and "=" in arg:
            arg, value = arg.split("=", 1)
        elif not arg.startswith("--") and len(arg) > 2:
            arg, value = arg[:2], arg[2:]
        if arg not in options:
            raise Unsupported(arg)
        name, item, param, many = options[arg]
        if item is bool:
            if value is not None:
                raise Unsupported(arg)
            values[name] = True
            continue
        if value is None:
            if i >= len(args) or args[i].startswith("-"):
                raise Unsupported(arg)
            value = args[i]
            i += 1
        converted = _convert(item, value, param)
        if many:
            lists.setdefault(name, []).append(converted)
        else:
            values[name] = converted
    values.update(lists)
    for name, item, param, default, many in positional:
        if many:
            taken, given = given, []
            if not taken:
                values[name] = None if default is None else []
                if default is ...:
                    raise Unsupported(name)
                continue
            values[name] = [_convert(item, v, param) for v in taken]
        elif given:
            values[name] = _convert(item, given.pop(0), param)
        elif default is ...:
            raise Unsupported(name)
        else:
            values[name] = default
    if given:
        raise Unsupported(given)
    return values


def _root(args: list[str]) -> tuple[dict[str, Any], list[str]]:
    """The root options in front (after hoisting), and the rest of the line."""
    flags = {"data_dir": None, "no_color": False, "no_pager": False, "facts_only": False,
             "as_printed": False}
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in GLOBAL_FLAGS:
            flags[arg[2:].replace("-", "_")] = True
        elif arg == "--data-dir" and i + 1 < len(args):
            flags["data_dir"] = args[i + 1]
            i += 1
        elif arg.startswith("--data-dir="):
            flags["data_dir"] = arg.split("=", 1)[1]
        else:
            break
        i += 1
    if flags["data_dir"] is not None and not os.path.isdir(flags["data_dir"]):
        raise Unsupported("--data-dir")  # the full application says why
    return flags, args[i:]


def run(argv: list[str]) -> int | None:
    """Run a lookup here and return its exit code, or None (nothing printed) if it is not one."""
    if os.environ.get("FIIT_NO_FASTPATH") or "typer" in sys.modules:
        return None
    args = hoist_global_options(argv)
    try:
        flags, rest = _root(args)
    except Unsupported:
        return None
    if not rest or rest[0] not in COMMANDS:
        return None
    if rest[0] in ("show", "compare"):  # `fiit show permits france`: the line meant
        hint = misordered(rest, set(COMMANDS))
        if hint:
            sys.stderr.write(f"fiit: {hint}\n")
            return 2
    command, rest = rest[0], rest[1:]
    stubs = _stub_modules()
    saved = {name: sys.modules.get(name) for name in stubs}
    before = set(sys.modules)
    sys.modules.update(stubs)
    try:
        try:
            from importlib import import_module

            import_module(COMMANDS[command])
            fn = stubs["fiit_cli.cli.app"].app.commands.get(command)
            if fn is None:
                return None
            from pathlib import Path

            from fiit_cli.settings import Env

            data_dir = Path(flags["data_dir"]) if flags["data_dir"] is not None else None
            ctx = _Context(None)
            kwargs = parse(fn, rest, ctx)
        except (Unsupported, ImportError, AttributeError, TypeError, NameError):
            return None
        safe_streams()
        ctx.obj = Env(data_dir=data_dir, color=not flags["no_color"],
                      pager=not flags["no_pager"], facts_only=flags["facts_only"],
                      as_printed=flags["as_printed"])
        try:
            result = fn(**kwargs)
        except Exit as exc:
            return exc.exit_code
        return result if isinstance(result, int) else 0
    finally:
        # Leave no stand-in behind: modules imported against it are dropped too.
        package = sys.modules.get("fiit_cli.cli")
        for name in set(sys.modules) - before:
            if name.startswith("fiit_cli.cli."):
                del sys.modules[name]
                if package is not None:
                    package.__dict__.pop(name.rsplit(".", 1)[1], None)
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
