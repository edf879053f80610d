"""Extension values as plain data: storyline's records to dicts that msgpack writes, and back.

spaCy serialises ``Doc`` extension values with msgpack (``Doc.to_bytes``, ``DocBin(
store_user_data=True)``, and ``nlp.pipe(..., n_process=2)``, whose workers send Docs back as
bytes), so a component may only put str, int, float, bool, None, lists, tuples and dicts there.
Each component keeps its typed records while it computes, stores them as dicts of their fields
(:func:`record_data`), and whoever consumes them turns them back (:func:`records_from`).

msgpack does not tell lists from tuples: ``Doc.from_bytes`` gives every sequence back as a list,
``DocBin`` as a tuple. :func:`record_from` accepts either and gives the records their tuples again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from typing import Any, TypeVar

Record = TypeVar("Record")
Data = dict[str, Any]
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def record_data(record: object) -> Data:
    """A dataclass record as a dict of its fields (tuples stay tuples: msgpack writes them)."""
    return {name: getattr(record, name) for name in field_names(type(record))}


def record_from(cls: type[Record], data: Mapping[str, Any]) -> Record:
    """The record of class ``cls`` that ``data`` holds; keys it does not know are ignored."""
    return cls(**{name: _frozen(data[name]) for name in field_names(cls) if name in data})


def records_from(cls: type[Record], values: Iterable[Mapping[str, Any]] | None) -> list[Record]:
    """Records from an extension value: none when the component that sets it did not run."""
    return [record_from(cls, data) for data in values or ()]


def field_names(cls: type) -> tuple[str, ...]:
    """The field names of a dataclass, in order (cached: looked up for every record)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(field.name for field in fields(cls))
    return names


def _frozen(value: Any) -> Any:
    """Lists, nested or not, as the tuples the records hold. A tuple is left as it is: msgpack
    gives all lists or all tuples, and a value set in this process holds tuples already (it is
    read once per consumer of every document, so this stays cheap)."""
    if isinstance(value, list):
        return tuple([_frozen(item) for item in value])
    return value
