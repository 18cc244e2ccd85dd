"""The shape of the code: data flows one way, and no module imports a higher layer.

Every import counts, including those inside functions and under TYPE_CHECKING (linters miss
the function-level ones, which is how cycles hid before).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "fiit_cli"

# Lowest first. A module may import its own layer or a lower one, never a higher one.
LAYERS = [
    ("schema and vocabulary", ["fiit_cli", "fiit_cli.codes", "fiit_cli.models",
                               "fiit_cli.records", "fiit_cli.struct", "fiit_cli.vocab",
                               "fiit_cli.doc", "fiit_cli.settings"]),
    ("data", ["fiit_cli.cache", "fiit_cli.loader", "fiit_cli.lookup", "fiit_cli.phones",
              "fiit_cli.search", "fiit_cli.search_index", "fiit_cli.names_index", "fiit_cli.fuzzy",
              "fiit_cli.validate",
              "fiit_cli.updates"]),
    ("views, writers and exports", ["fiit_cli.views", "fiit_cli.writers", "fiit_cli.export"]),
    ("command line", ["fiit_cli.cli", "fiit_cli.__main__"]),
]
# Within a layer, these never import each other: a writer knows no view, a view no writer.
APART = [("fiit_cli.views", "fiit_cli.writers"), ("fiit_cli.writers", "fiit_cli.views"),
         ("fiit_cli.writers", "fiit_cli.export"), ("fiit_cli.views", "fiit_cli.export")]


def _name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def imports(path: Path) -> set[str]:
    """Every fiit_cli module a file imports, wherever the import statement is."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _name(path)
    package = here if _is_package(path) else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("fiit_cli")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            if not base.startswith("fiit_cli"):
                continue
            for alias in node.names:  # `from fiit_cli import views` imports a module
                sub = f"{base}.{alias.name}"
                found.add(sub if _module_exists(sub) else base)
    found.discard(here)
    return found


def _module_exists(name: str) -> bool:
    rel = Path(*name.split(".")[1:])
    return (SRC / rel).with_suffix(".py").exists() or (SRC / rel / "__init__.py").exists()


def graph() -> dict[str, set[str]]:
    return {_name(p): imports(p) for p in SRC.rglob("*.py")}


def layer(name: str) -> int:
    best = None
    for i, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if name == prefix or name.startswith(prefix + "."):
                if best is None or len(prefix) > best[1]:
                    best = (i, len(prefix))
    assert best is not None, f"{name} is in no layer: add it to LAYERS"
    return best[0]


def test_every_module_is_in_a_layer():
    for name in graph():
        layer(name)


def test_no_module_imports_a_higher_layer():
    offenders = [f"{mod} ({LAYERS[layer(mod)][0]}) imports {dep} ({LAYERS[layer(dep)][0]})"
                 for mod, deps in graph().items() for dep in sorted(deps)
                 if layer(dep) > layer(mod)]
    assert offenders == []


@pytest.mark.parametrize("a, b", APART)
def test_views_and_writers_stay_apart(a, b):
    offenders = [f"{mod} imports {dep}" for mod, deps in graph().items()
                 if mod.startswith(a) for dep in deps if dep.startswith(b)]
    assert offenders == []


def test_no_import_cycles():
    g = graph()
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str], on_path: set[str]) -> None:
        for dep in sorted(g.get(node, ())):
            if dep in on_path:
                cycle = path[path.index(dep):] + [dep]
                if sorted(cycle[:-1]) not in [sorted(c[:-1]) for c in cycles]:
                    cycles.append(cycle)
            elif dep not in done:
                visit(dep, [*path, dep], on_path | {dep})
        done.add(node)

    done: set[str] = set()
    for start in sorted(g):
        if start not in done:
            visit(start, [start], {start})
    assert cycles == []


def test_the_checker_sees_function_level_imports():
    # `show` imports its view inside the function (to start fast): the checker must see it.
    assert "fiit_cli.views.profile" in imports(SRC / "cli" / "profiles.py")
    assert "fiit_cli.doc" in imports(SRC / "writers" / "plain.py")
