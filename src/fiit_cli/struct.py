"""Small record classes, declared as dataclasses are, made without the ``dataclasses`` module.

``@struct`` (``@struct(frozen=True)``) gives a class with annotated fields what
``@dataclasses.dataclass`` would: ``__init__`` (defaults, ``field(default_factory=...)``,
``__post_init__``), ``__repr__``, ``__eq__``, ``__match_args__``, and for a frozen class
``__hash__`` and no assignment (:class:`FrozenInstanceError`); a mutable class is
unhashable. It compiles no code: importing ``dataclasses`` (it imports ``inspect``) and the
code it compiles for each class cost a lookup about 20 ms, more than its own work. There is
no ``dataclasses.fields()``, ``asdict()`` or ``replace()`` for these classes.
"""

from __future__ import annotations

from reprlib import recursive_repr
from typing import Any, dataclass_transform

_MISSING = object()


class FrozenInstanceError(AttributeError):
    """An assignment to a field of a frozen record."""


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Any) -> None:
        self.make = make


def field(*, default_factory: Any) -> Any:
    """A field whose default is made anew for each record (``default_factory=list``)."""
    return _Factory(default_factory)


@dataclass_transform(field_specifiers=(field,))
def struct(cls: type | None = None, /, *, frozen: bool = False) -> Any:
    """Make ``cls`` a record class of its annotated fields (see the module's docstring)."""
    if cls is None:
        return lambda c: _make(c, frozen)
    return _make(cls, frozen)


def _make(cls: type, frozen: bool) -> type:
    names = tuple(cls.__dict__.get("__annotations__", {}))
    defaults: dict[str, Any] = {}
    factories: dict[str, Any] = {}
    for name in names:
        value = cls.__dict__.get(name, _MISSING)
        if isinstance(value, _Factory):
            factories[name] = value.make
            delattr(cls, name)  # as dataclasses do: no class attribute for a made default
        elif value is not _MISSING:
            defaults[name] = value
        elif defaults or factories:
            raise TypeError(f"non-default argument {name!r} follows default argument")
    title = cls.__qualname__
    post_init = "__post_init__" in cls.__dict__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(names):
            raise TypeError(f"{title}.__init__() takes {len(names) + 1} positional arguments "
                            f"but {len(args) + 1} were given")
        values = self.__dict__  # (what a frozen dataclass's __init__ sets, too)
        for i, name in enumerate(names):
            if i < len(args):
                if name in kwargs:
                    raise TypeError(f"{title}.__init__() got multiple values for argument "
                                    f"{name!r}")
                values[name] = args[i]
            elif name in kwargs:
                values[name] = kwargs[name]
            elif name in defaults:
                values[name] = defaults[name]
            elif name in factories:
                values[name] = factories[name]()
            else:
                raise TypeError(f"{title}.__init__() missing required argument: {name!r}")
        if kwargs and not kwargs.keys() <= values.keys():
            unknown = next(k for k in kwargs if k not in names)
            raise TypeError(f"{title}.__init__() got an unexpected keyword argument "
                            f"{unknown!r}")
        if post_init:
            self.__post_init__()

    @recursive_repr()
    def __repr__(self: Any) -> str:
        return f"{type(self).__qualname__}(" + ", ".join(
            f"{name}={getattr(self, name)!r}" for name in names) + ")"

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)

    methods: dict[str, Any] = {"__init__": __init__, "__repr__": __repr__, "__eq__": __eq__,
                               "__match_args__": names}
    if frozen:
        def __hash__(self: Any) -> int:
            return hash(tuple(getattr(self, n) for n in names))

        def __setattr__(self: Any, name: str, value: Any) -> None:
            if type(self) is cls or name in names:
                raise FrozenInstanceError(f"cannot assign to field {name!r}")
            super(cls, self).__setattr__(name, value)

        def __delattr__(self: Any, name: str) -> None:
            if type(self) is cls or name in names:
                raise FrozenInstanceError(f"cannot delete field {name!r}")
            super(cls, self).__delattr__(name)

        methods.update(__hash__=__hash__, __setattr__=__setattr__, __delattr__=__delattr__)
    else:
        methods["__hash__"] = None  # equal by value and mutable: unhashable
    for key, value in methods.items():
        if key not in cls.__dict__:  # a method the class defines itself stays
            if callable(value):
                value.__qualname__ = f"{title}.{key}"
            setattr(cls, key, value)
    return cls
