"""Read YAML files into plain values that remember the line each mapping started on.

Annotation and registry files are written by people, so every error must name the file
and line. :func:`load_yaml` uses PyYAML's safe loader (the C one when available) and
returns :class:`LineDict` mappings whose ``line`` is 1-based.
"""

from __future__ import annotations

import reprlib
from pathlib import Path
from typing import Any

import yaml

from kg.errors import AnnotationError

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A dict that knows the (1-based) line of the file it started on."""

    line: int = 0


class _LineLoader(_Base):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise AnnotationError(
                "a mapping key must be a plain name",
                file=getattr(loader, "_kg_file", None),
                line=key_node.start_mark.line + 1,
            )
        if key in result:
            raise AnnotationError(
                f"key '{key}' appears twice in the same mapping",
                file=getattr(loader, "_kg_file", None),
                line=key_node.start_mark.line + 1,
                hint="Keep one of them; YAML would silently use the last.",
            )
        result[key] = loader.construct_object(value_node, deep=True)
    return result


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A date as written; an impossible one (2025-02-30) stays text for the checks to report."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """An integer; one too long for Python to convert (over 4,300 digits) stays text."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)

#: the most values a document may hold once its aliases (*name) are expanded
MAX_VALUES = 1_000_000

_brief = reprlib.Repr()
_brief.maxlevel, _brief.maxlist, _brief.maxdict, _brief.maxset = 2, 5, 5, 5
_brief.maxstring, _brief.maxother = 80, 80


def brief(value: Any) -> str:
    """``repr(value)`` cut short: safe in a message whatever a YAML file holds."""
    return _brief.repr(value)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _check_expansion(root: yaml.Node, path: Path) -> None:
    """Refuse a document whose aliases expand it past :data:`MAX_VALUES` ("billion laughs").

    Sizes are memoised per node, so the check is linear in the size of the file.
    """
    size: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in size:
            continue
        if not children_done:
            stack.append((node, True))
            stack.extend((c, False) for c in _children(node) if id(c) not in size)
            continue
        total = 1 + sum(size.get(id(c), 1) for c in _children(node))
        if total > MAX_VALUES:
            raise AnnotationError(
                f"this value expands to more than {MAX_VALUES:,} values "
                "through its aliases (*name)",
                file=path,
                line=node.start_mark.line + 1,
                hint="Annotation and registry files need no anchors (&name) or aliases (*name); "
                "write the values out.",
            )
        size[id(node)] = total


def read_text(path: Path, *, what: str = "file", max_bytes: int | None = None) -> str:
    """Read a UTF-8 text file, refusing what is too large or not UTF-8 with a clear message."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise AnnotationError(f"{what} not found", file=path) from None
    if max_bytes is not None and size > max_bytes:
        raise AnnotationError(
            f"{what} is {size:,} bytes, over the limit of {max_bytes:,}",
            file=path,
            hint="Split it, or check that it is really an article.",
        )
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise AnnotationError(
            f"{what} is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            file=path,
            line=line,
            hint="Re-save it as UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8 IN > OUT`.",
        ) from None
    return text.removeprefix("\ufeff")


def load_yaml(path: Path, *, max_bytes: int = 5_000_000) -> Any:
    """Parse one YAML document; syntax errors become :class:`AnnotationError` with the line."""
    text = read_text(path, what="YAML file", max_bytes=max_bytes)
    loader = _LineLoader(text)
    loader._kg_file = str(path)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expansion(node, path)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "malformed YAML"
        context = exc.context_mark
        if context is not None and line is not None and line - (context.line + 1) > 1:
            # the hint covers "this line and the one before"; name a start further up
            problem += f" ({exc.context or 'in the part'} that starts on line {context.line + 1})"
        raise AnnotationError(
            f"YAML syntax error: {problem}",
            file=path,
            line=line,
            hint="Check indentation and quoting on this line and the one before; "
            "quote text containing ': ' or starting with a quote mark.",
        ) from None
    except yaml.YAMLError as exc:
        raise AnnotationError(f"YAML error: {exc}", file=path) from None
    finally:
        loader.dispose()
