"""The fast reader of a data file: libyaml's C parser, YAML 1.2 core schema as ruamel reads it.

ruamel.yaml (pure Python) is docgen's reference reader of YAML 1.2, and it costs more than
the rest of a notice. Most data files are plain: for them this module composes the node
graph from the events of libyaml's C parser (PyYAML's ``CParser``, one pass), resolves
plain scalars with ruamel's YAML 1.2 table (``015`` an integer that keeps its text,
``yes``/``on``/``10:00`` text, ``<<`` a merge key, ``2026-04-05`` a date), and puts every
node on the line ruamel would. Whenever it could answer differently from ruamel it answers
None and the loader asks ruamel: a file libyaml refuses, tabs, NEL/LS/PS line breaks or a
BOM inside the text (libyaml is a YAML 1.1 scanner there), a ``%YAML``/``%TAG`` directive,
a ``!`` tag, an empty key, an undefined alias, a second document, and files beyond the
loader's depth and size limits (ruamel's pass then says where).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

_UNUSUAL = ("\t", "\x85", "\u2028", "\u2029", "\ufeff")
"""Characters whose reading differs between libyaml (YAML 1.1) and ruamel's YAML 1.2."""

STR = "tag:yaml.org,2002:str"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"

# ruamel.yaml's implicit resolvers for YAML 1.2 (ruamel/yaml/resolver.py), in its order:
# a plain scalar gets the tag of the first whose first characters and pattern match.
_RESOLVERS = (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:float", r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""", "-+0123456789."),
    ("tag:yaml.org,2002:int", r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""", "-+0123456789"),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
    ("tag:yaml.org,2002:null", r"^(?: ~ |null|Null|NULL | )$", ("~", "n", "N", "")),
    ("tag:yaml.org,2002:timestamp", r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", "0123456789"),
    ("tag:yaml.org,2002:value", r"^(?:=)$", "="),
)


@cache
def _resolvers(first: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The resolvers that apply to a plain scalar starting with ``first`` (compiled once)."""
    return tuple((tag, re.compile(pattern, re.X)) for tag, pattern, firsts in _RESOLVERS
                 if first in firsts)


def resolve_plain(value: str) -> str:
    """The tag YAML 1.2's core schema (as ruamel reads it) gives the plain scalar ``value``."""
    for tag, pattern in _resolvers(value[:1]):
        if pattern.match(value):
            return tag
    return STR


class Mark:
    """Where a node starts (0-based line, as ruamel's marks)."""

    __slots__ = ("line",)

    def __init__(self, line: int) -> None:
        self.line = line


class Node:
    """A node of the graph, shaped as ruamel's: ``id``, ``tag``, ``value``, ``start_mark``."""

    __slots__ = ("id", "start_mark", "tag", "value")

    def __init__(self, kind: str, tag: str, value: Any, line: int) -> None:
        self.id = kind
        self.tag = tag
        self.value = value
        self.start_mark = Mark(line)


class _Unusual(Exception):
    """Something ruamel may read differently: let it read the file."""


class _Open:
    """A collection being composed: its node, a key waiting for its value, its style."""

    __slots__ = ("flow", "key", "node")

    def __init__(self, node: Node, flow: bool) -> None:
        self.node = node
        self.key: Node | None = None
        self.flow = flow

    def add(self, child: Node) -> None:
        if self.node.id == "sequence":
            self.node.value.append(child)
        elif self.key is None:
            self.key = child
        else:
            self.node.value.append((self.key, child))
            self.key = None


def compose(text: str, max_depth: int, max_events: int) -> Node | None:
    """The node graph of ``text`` as ruamel composes it, or None when ruamel must read it
    (see the module's docstring); never raises for a bad file."""
    if any(char in text for char in _UNUSUAL):
        return None
    try:
        from yaml import CBaseLoader, YAMLError
    except ImportError:  # PyYAML built without libyaml
        return None
    parser = CBaseLoader(text)
    try:
        return _Composer(text, max_depth, max_events).run(parser)
    except (_Unusual, YAMLError):
        return None
    finally:
        parser.dispose()


class _Composer:
    """Builds nodes from libyaml's events, counting them and watching the depth."""

    def __init__(self, text: str, max_depth: int, max_events: int) -> None:
        self.max_depth = max_depth
        self.max_events = max_events
        # libyaml puts the end of a text without a final line break on a line of its own
        self.last_line = text.count("\n") + text.count("\r") - text.count("\r\n")
        self.anchors: dict[str, Node] = {}
        self.open: list[_Open] = []
        self.root: Node | None = None

    def run(self, parser: Any) -> Node | None:
        count = documents = 0
        pending: Node | None = None  # an empty value: ruamel puts it at the next token
        while (event := parser.get_event()) is not None:
            count += 1
            if count > self.max_events:
                raise _Unusual
            if pending is not None:
                pending.start_mark.line = min(event.start_mark.line, self.last_line)
                pending = None
            kind = type(event).__name__
            if kind == "ScalarEvent":
                pending = self.scalar(event)
            elif kind == "AliasEvent":
                if event.anchor not in self.anchors:
                    raise _Unusual
                self.add(self.anchors[event.anchor])
            elif kind in ("SequenceStartEvent", "MappingStartEvent"):
                self.start(event, "sequence" if kind == "SequenceStartEvent" else "mapping")
            elif kind in ("SequenceEndEvent", "MappingEndEvent"):
                self.open.pop()
            elif kind == "DocumentStartEvent":
                documents += 1
                if documents > 1 or event.version is not None or event.tags:
                    raise _Unusual
        return self.root

    def add(self, node: Node) -> None:
        if self.open:
            self.open[-1].add(node)
        else:
            self.root = node

    def tag(self, event: Any, default: str) -> str:
        if event.tag == "!":
            raise _Unusual
        return event.tag or default

    def anchor(self, event: Any, node: Node) -> None:
        if event.anchor is not None:
            self.anchors[event.anchor] = node

    def scalar(self, event: Any) -> Node | None:
        """Add a scalar; return it when its line is that of the next event (as ruamel's)."""
        if event.tag is None:
            tag = resolve_plain(event.value) if event.implicit[0] else STR
        else:
            tag = self.tag(event, STR)
        node = Node("scalar", tag, event.value, event.start_mark.line)
        self.anchor(event, node)
        parent = self.open[-1] if self.open else None
        empty = event.value == "" and event.implicit[0] and event.anchor is None
        if empty and parent is not None and parent.node.id == "mapping":
            if parent.key is None:
                raise _Unusual  # an empty key
            self.add(node)
            return None if parent.flow else node
        self.add(node)
        return None

    def start(self, event: Any, kind: str) -> None:
        if len(self.open) >= self.max_depth:
            raise _Unusual
        node = Node(kind, self.tag(event, SEQ if kind == "sequence" else MAP), [],
                    event.start_mark.line)
        self.anchor(event, node)
        self.add(node)
        self.open.append(_Open(node, bool(event.flow_style)))
