"""fiit_cli.struct: record classes that behave as the dataclasses they replaced."""

from __future__ import annotations

import dataclasses

import pytest

from fiit_cli.struct import FrozenInstanceError, field, struct


def pair(frozen: bool):
    """The same class declared with @struct and with @dataclasses.dataclass."""

    def declare(decorator, factory):
        class Node:
            label: str
            value: int | None = None
            items: list = factory(default_factory=list)

        return decorator(frozen=frozen)(Node)

    return declare(struct, field), declare(dataclasses.dataclass, dataclasses.field)


@pytest.mark.parametrize("frozen", [False, True])
def test_construction_repr_and_equality_as_a_dataclass(frozen):
    ours, theirs = pair(frozen)
    for args, kwargs in [(("a",), {}), (("a", 1), {}), (("a",), {"items": [1]}),
                         ((), {"label": "b", "value": 2}), (("c", None, [Ellipsis]), {})]:
        a, b = ours(*args, **kwargs), theirs(*args, **kwargs)
        assert repr(a) == repr(b)
        assert vars(a) == vars(b) and list(vars(a)) == list(vars(b))
        assert a == ours(*args, **kwargs)
        assert (a != ours("other")) and a.__eq__(b) is NotImplemented
    assert ours("a").items is not ours("a").items  # a new list each time
    assert ours.__match_args__ == theirs.__match_args__ == ("label", "value", "items")
    assert not hasattr(ours, "items") and ours.value is None  # class attributes as dataclasses


def test_frozen_records_hash_and_refuse_assignment():
    ours, theirs = pair(frozen=True)
    a = ours("a", 1, ())
    assert hash(a) == hash(theirs("a", 1, ())) == hash(("a", 1, ()))
    assert len({a, ours("a", 1, ())}) == 1
    with pytest.raises(FrozenInstanceError, match="cannot assign to field 'label'"):
        a.label = "b"
    with pytest.raises(AttributeError):
        del a.value
    with pytest.raises(TypeError):
        hash(ours("a"))  # a list inside: unhashable, as a dataclass's tuple of fields


def test_mutable_records_are_unhashable_and_assignable():
    ours, _ = pair(frozen=False)
    a = ours("a")
    a.value = 3
    assert a == ours("a", 3)
    with pytest.raises(TypeError):
        hash(a)


def test_wrong_arguments_are_type_errors():
    ours, _ = pair(frozen=False)
    for args, kwargs in [((), {}), (("a", 1, [], 4), {}), (("a",), {"label": "b"}),
                         (("a",), {"colour": "red"})]:
        with pytest.raises(TypeError):
            ours(*args, **kwargs)
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
        @struct
        class Bad:
            a: int = 0
            b: int


def test_post_init_and_own_methods():
    @struct
    class Counter:
        n: int = 0

        def __post_init__(self) -> None:
            self.n += 1

        def __repr__(self) -> str:
            return "mine"

    assert Counter().n == 1 and Counter(5).n == 6 and repr(Counter()) == "mine"


def test_recursive_repr_does_not_loop():
    @struct
    class Box:
        inside: list = field(default_factory=list)

    box = Box()
    box.inside.append(box)
    assert repr(box).endswith(".Box(inside=[...])")


def test_error_messages_name_the_class_and_the_argument():
    ours, _ = pair(frozen=False)
    cases = [
        ((), {}, r"Node.__init__\(\) missing required argument: 'label'"),
        (("a", 1, [], 4), {}, r"Node.__init__\(\) takes 4 positional arguments but 5 were given"),
        (("a",), {"label": "b"}, r"Node.__init__\(\) got multiple values for argument 'label'"),
        (("a",), {"colour": "red"}, r"Node.__init__\(\) got an unexpected keyword argument "
                                    r"'colour'"),
    ]
    for args, kwargs, message in cases:
        with pytest.raises(TypeError, match=message):
            ours(*args, **kwargs)


def test_every_field_by_keyword():
    ours, theirs = pair(frozen=True)
    a = ours(label="a", value=1, items=())
    assert repr(a) == repr(theirs(label="a", value=1, items=()))


def test_a_class_without_fields():
    @struct(frozen=True)
    class Empty:
        pass

    assert Empty() == Empty() and repr(Empty()).endswith("Empty()")
    assert hash(Empty()) == hash(())


def test_methods_are_named_as_the_class_s():
    ours, theirs = pair(frozen=True)
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        assert getattr(ours, name).__qualname__ == getattr(theirs, name).__qualname__


def test_mutable_records_are_not_hashable_as_dataclasses_are_not():
    from collections.abc import Hashable

    ours, theirs = pair(frozen=False)
    assert ours.__hash__ is None and not isinstance(ours("a"), Hashable)
    with pytest.raises(TypeError, match="unhashable type: 'Node'"):
        hash(ours("a"))


@pytest.mark.parametrize("decorator", [struct, dataclasses.dataclass])
def test_deleting_from_a_frozen_record_and_a_subclass_of_it(decorator):
    """As dataclasses: a frozen record refuses every deletion; an instance of a subclass
    refuses only the deletion of a field."""

    @decorator(frozen=True)
    class Frozen:
        label: str

    class Sub(Frozen):
        pass

    a, s = Frozen("a"), Sub("s")
    for record, name in ((a, "label"), (a, "other"), (s, "label")):
        with pytest.raises(AttributeError) as refused:
            delattr(record, name)
        assert type(refused.value).__name__ == "FrozenInstanceError"
        assert f"cannot delete field {name!r}" in str(refused.value)
    s.extra = 1
    del s.extra
    assert not hasattr(s, "extra") and s.label == "s"
    with pytest.raises(AttributeError):
        del s.extra  # (no longer there)
