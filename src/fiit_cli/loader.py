"""Find the data directory and load its YAML into validated models.

Loading is safe (no YAML tag ever constructs a Python object), rejects duplicate keys, and
maps every validation error back to ``file:line`` and the field path. This module never
prints or exits: it returns records or raises :class:`DataError`.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from fiit_cli.struct import struct

if TYPE_CHECKING:  # imported where needed: a cached lookup never pays for them
    import yaml
    from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound="BaseModel")

PACKAGE_DATA = Path(__file__).resolve().parent / "data"
SOURCE_DATA = Path(__file__).resolve().parents[2] / "data"  # editable install / checkout


class DataError(Exception):
    """A data file is missing, unreadable, not safe YAML, or does not fit the schema."""

    def __init__(self, path: Path | str, line: int | None, field: str | None, message: str,
                 code: str, column: int | None = None):
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = message
        self.code = code  # a stable code per class of error (see fiit_cli.validate)
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        """``file:line:column: CODE field: message`` (line and column where known)."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}: {self.code}{field} {self.message}"


def data_dir(override: Path | None = None) -> Path:
    """The data directory: ``override`` (the run's ``--data-dir``, passed down by the
    command line), else ``FIIT_DATA_DIR``, else the packaged data."""
    if override is not None:
        return override
    env = os.environ.get("FIIT_DATA_DIR")
    if env:
        path = Path(env)
        if not path.is_dir():
            raise DataError(path, None, None, "FIIT_DATA_DIR is not a directory", "FIIT022")
        return path
    return shipped_data_dir()


def shipped_data_dir() -> Path:
    """The data that ships with fiit (inside the package, or data/ in a checkout)."""
    return PACKAGE_DATA if PACKAGE_DATA.is_dir() else SOURCE_DATA


# ---------------------------------------------------------------- YAML with line numbers


@struct(frozen=True)
class Located:
    """Line numbers (1-based) of every mapping key and sequence item, by path."""

    lines: dict[tuple[str | int, ...], int]
    columns: dict[tuple[str | int, ...], int] | None = None

    def line_for(self, path: tuple[str | int, ...]) -> int | None:
        return self.position(path)[0]

    def position(self, path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        """(line, column), 1-based, of the nearest node on the path that exists."""
        columns = self.columns or {}
        while path:
            if path in self.lines:
                return self.lines[path], columns.get(path)
            path = path[:-1]
        return self.lines.get(()), columns.get(())


@cache
def _loader_class() -> type:
    """The C safe loader (the pure-Python one without libyaml), refusing duplicate keys."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _Loader(base):  # type: ignore[misc,valid-type]
        """Safe loader that refuses duplicate keys."""

    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    return _Loader


def _construct_mapping(loader: Any, node: Any, deep: bool = False) -> dict:
    import yaml

    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first at line {seen[key] + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


# Limits of a data file's shape (the deepest shipped file nests 7 levels). An alias repeats
# what its anchor holds: a file of a few hundred bytes can stand for 10^9 nodes (an "alias
# bomb"), so repeats are counted as the nodes are walked, never expanded past the limit.
MAX_DEPTH = 64
MAX_REPEATS = 10_000  # nodes reached again through aliases, in all


def _walk(node: yaml.Node, path: tuple[str | int, ...], out: dict, cols: dict) -> None:
    """Where every path sits (``out``: line, ``cols``: column); raises ValueError (with the
    node, as ``exc.args[1]``) past :data:`MAX_DEPTH` or :data:`MAX_REPEATS`. Iterative: no
    recursion, whatever the nesting."""
    import yaml

    seen: set[int] = set()
    repeats = 0
    stack: list[tuple[Any, tuple[str | int, ...], Any]] = [(node, path, None)]
    while stack:
        node, path, key_node = stack.pop()
        if id(node) in seen:
            repeats += 1
            if repeats > MAX_REPEATS:
                raise ValueError(f"more than {MAX_REPEATS:,} nodes repeated through YAML "
                                 "aliases (an alias bomb?); not expanded", node)
        else:
            seen.add(id(node))
        if len(path) > MAX_DEPTH:
            raise ValueError(f"nested deeper than {MAX_DEPTH} levels", node)
        mark = (key_node or node).start_mark  # a field is where its key is
        out[path] = mark.line + 1
        cols[path] = mark.column + 1
        if isinstance(node, yaml.MappingNode):
            stack += [(v, path + (k.value,), k) for k, v in reversed(node.value)]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(item, path + (i,), None)
                      for i, item in reversed(list(enumerate(node.value)))]


NOT_REGULAR = "not a regular file (a FIFO or device); left out"
A_FOLDER = "cannot read: Is a directory"


def read_bytes(path: Path) -> bytes:
    """A data file's bytes; a FIFO or a device is refused (reading a FIFO would
    wait for a writer for ever), as an unreadable file is: :class:`DataError`."""
    import stat

    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):  # a folder: said on reading
            raise DataError(path, None, None, NOT_REGULAR, "FIIT004")
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError(path, None, None, "file not found", "FIIT022") from None
    except OSError as exc:
        raise DataError(path, None, None, f"cannot read: {exc.strerror}", "FIIT004") from None


def read_yaml(path: Path, raw: bytes | None = None) -> tuple[Any, Located]:
    """Parse one YAML file safely; return the data and where each path sits."""
    import yaml

    if raw is None:
        raw = read_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        raise DataError(path, line, None, "not valid UTF-8", "FIIT004", column) from None
    text = text.removeprefix("\ufeff")
    lines: dict[tuple[str | int, ...], int] = {}
    columns: dict[tuple[str | int, ...], int] = {}
    node = None
    try:
        loader = _loader_class()(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise DataError(path, 1, None, "empty file", "FIIT005")
            try:  # first the shape's limits (nothing built yet), then the values
                _walk(node, (), lines, columns)
            except ValueError as exc:
                mark = exc.args[1].start_mark
                raise DataError(path, mark.line + 1, None, exc.args[0], "FIIT001",
                                mark.column + 1) from None
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or str(exc)
        code = "FIIT001"
        if "could not determine a constructor" in (problem or ""):
            problem = f"unsupported YAML tag ({problem.split('tag ')[-1]}); tags are never run"
            code = "FIIT003"
        elif problem.startswith("duplicate key"):
            code = "FIIT002"
        raise DataError(path, line, None, problem, code, column) from None
    except yaml.YAMLError as exc:
        raise DataError(path, None, None, f"invalid YAML: {exc}", "FIIT001") from None
    except RecursionError:  # the pure-Python parser (no libyaml) on a deep nesting
        raise DataError(path, None, None, f"nested deeper than {MAX_DEPTH} levels",
                        "FIIT001") from None
    except ValueError as exc:  # a value YAML reads but cannot build, e.g. 2020-02-30 as a date
        line, column = _bad_scalar(node) or (None, None)
        raise DataError(path, line, None, f"value YAML cannot read: {exc} (quote it to keep it "
                        "as text)", "FIIT001", column) from None
    return data, Located(lines, columns)


def _bad_scalar(node: Any) -> tuple[int, int] | None:
    """Where the first date YAML cannot build sits (line and column, 1-based)."""
    import datetime

    stack = [node]
    while stack:
        n = stack.pop(0)
        value = getattr(n, "value", None)
        if isinstance(value, list):
            stack += [x for pair in value for x in (pair if isinstance(pair, tuple) else (pair,))]
        elif n.tag == "tag:yaml.org,2002:timestamp":
            try:
                datetime.date.fromisoformat(str(value)[:10])
            except ValueError:
                return n.start_mark.line + 1, n.start_mark.column + 1
    return None


def problems(exc: ValidationError, path: Path, where: Located) -> list[DataError]:
    """Every validation error of a file, located and coded."""
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in loc) or "(top level)"
        message, code = err["msg"], "FIIT012"
        if err["type"] == "extra_forbidden":
            message, code = "unknown field", "FIIT010"
        elif err["type"] == "missing":
            code = "FIIT013" if "source" in loc else "FIIT011"
            if code == "FIIT013":
                message = "missing source (every section cites the toolkit: heading, page)"
        elif err["type"] == "fiit_date":  # models.DATE_ERROR
            code = "FIIT026"
        elif err["type"] == "fiit_tag":  # models.TAG_ERROR
            code = "FIIT027"
        elif err["type"] == "fiit_ref":  # models.REF_ERROR
            code = "FIIT023"
        elif "input" in err:
            if err["type"] == "string_pattern_mismatch":  # the pattern in words
                from fiit_cli.models import PATTERN_WORDS

                pattern = err.get("ctx", {}).get("pattern")
                if pattern in PATTERN_WORDS:
                    message = f"should be {PATTERN_WORDS[pattern]}"
            message = f"{message} (got {err['input']!r:.60})"
        line, column = where.position(loc)
        out.append(DataError(path, line, field, message, code, column))
    return out


def validate(model: type[M], data: Any, path: Path, where: Located) -> M:
    """Validate parsed data; report the first error as ``file:line field: message``."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        found = problems(exc, path, where)
        first = found[0]
        if len(found) > 1:
            more = len(found) - 1
            first.message += f" (+{more} more error{'s' if more > 1 else ''}; fiit validate)"
        return _raise(first)


def _raise(exc: Exception):  # helper so validate() reads as one expression
    raise exc


# ---------------------------------------------------------------- record kinds
#
# Records are validated with the pydantic schema the first time a file is read; the validated
# record is then kept in a cache (see fiit_cli.cache) keyed by the file's bytes and the
# schema, and later runs read it back as a Record: same fields, same values, no pydantic.


def _load(kind: str, path: Path):
    from fiit_cli import cache as record_cache
    from fiit_cli.records import Record

    raw = read_bytes(path)
    data = record_cache.get(kind, raw)
    where: Located | None = None
    if data is None:
        from fiit_cli.models import KINDS

        parsed, where = read_yaml(path, raw)
        data = validate(KINDS[kind], parsed, path, where).model_dump(mode="json")
        record_cache.put(kind, raw, data)
    if kind == "profile" and data["id"] != path.stem:  # the cache is keyed by bytes, not name
        if where is None:
            _, where = read_yaml(path, raw)
        raise DataError(path, where.line_for(("id",)), "id",
                        f"id {data['id']!r} does not match the file name {path.stem!r}",
                        "FIIT014")
    return Record(data)


def load_profile(path: Path):
    """Load and validate one country profile; its ``id`` must match the file name."""
    return _load("profile", path)


def load_hotlines(root: Path | None = None):
    """The annex of counter-trafficking hotlines (``hotlines.yaml``)."""
    return _load("hotlines", (root or data_dir()) / "hotlines.yaml")


def load_practices(root: Path | None = None):
    """Part II's successful practices (``practices.yaml``)."""
    return _load("practices", (root or data_dir()) / "practices.yaml")
