"""Validated records, read back without the schema: attribute access over plain JSON data.

A :class:`Record` behaves like the pydantic model it was dumped from, for reading: the same
fields in the same order (``record.permits.stages[0].duration``), and ``model_dump()`` gives
the JSON data back. Records are only ever built from data that passed validation.
"""

from __future__ import annotations

from typing import Any


def wrap(value: Any) -> Any:
    if isinstance(value, dict):
        return Record(value)
    if isinstance(value, list):
        return [wrap(v) for v in value]
    return value


class Record:
    __slots__ = ("_data", "_seen")

    def __init__(self, data: dict[str, Any]):
        self._data = data
        self._seen: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        try:
            return self._seen[name]
        except KeyError:
            pass
        try:
            value = wrap(self._data[name])
        except KeyError:
            raise AttributeError(name) from None
        self._seen[name] = value
        return value

    def fields(self) -> list[str]:
        return list(self._data)

    def model_dump(self, mode: str = "json", include: set[str] | None = None) -> dict[str, Any]:
        if include is None:
            return dict(self._data)
        return {k: v for k, v in self._data.items() if k in include}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and other._data == self._data

    def __repr__(self) -> str:
        return f"Record({', '.join(self._data)})"
