"""Read a YAML data file safely, remembering the line of every value.

Only plain YAML data is accepted (no ``!!python/...`` tags, no duplicate keys). Each
value's line is kept in a :class:`Located` map keyed by its path (``("agenda", 0,
"title", "kk")``) so that later validation errors can name ``file:line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from docgen.errors import DataError

PathKey = tuple[str | int, ...]

# Characters XML 1.0 cannot hold: C0 controls except tab/newline/CR, and U+FFFE/U+FFFF.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CLOCK = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass
class Located:
    """Parsed data plus the line of each value, for error messages."""

    data: Any
    path: Path
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, key: PathKey) -> int | None:
        """The line of ``key``, or of its nearest enclosing value that has one."""
        key = tuple(key)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)

    def error(self, message: str, key: PathKey) -> DataError:
        """A :class:`DataError` located at ``key``."""
        return DataError(message, path=self.path, line=self.line_of(key), field=dotted(key))


def dotted(key: PathKey) -> str:
    """``("agenda", 0, "title")`` → ``agenda[1].title`` (items counted from 1, as people do)."""
    text = ""
    for part in key:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + part
    return text


def check_text(value: str) -> str | None:
    """Why ``value`` cannot go into a document, or None when it can."""
    bad = _XML_FORBIDDEN.search(value)
    if bad is None:
        return None
    return (
        f"contains the control character U+{ord(bad.group()):04X} at position "
        f"{bad.start() + 1}, which a Word document cannot hold; remove it"
    )


def load_yaml(path: str | Path) -> Located:
    """Read ``path`` as YAML data with line numbers; raise DataError on any problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError("file not found", path=path) from None
    except OSError as exc:
        raise DataError(f"cannot read the file: {exc.strerror}", path=path) from None
    return parse_yaml(raw, path)


def parse_yaml(raw: bytes, path: Path) -> Located:
    """Parse YAML bytes (see :func:`load_yaml`)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = (f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X}); "
                   "save it as UTF-8 in your editor")
        raise _locate(message, raw.decode("utf-8-sig", errors="replace"), "\ufffd",
                      path, line) from None
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise DataError("the file is empty; see inputs/ for examples", path=path, line=1)
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as exc:  # a raw control character anywhere in the file
        raise _unprintable(exc, text, path) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise DataError("the file is empty; see inputs/ for examples", path=path, line=1)
        located = Located(data=None, path=path)
        located.data = _build(loader, node, (), located)
        return located
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        if exc.context:
            started = exc.context_mark
            if started is not None and mark is not None and started.line != mark.line:
                problem = f"{exc.context} (which starts on line {started.line + 1}), {problem}"
            else:
                problem = f"{exc.context}, {problem}"
        raise DataError(f"YAML syntax error: {problem}", path=path, line=line) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise DataError(
            f"the file contains the character U+{exc.character:04X}, which is not allowed",
            path=path,
            line=line,
        ) from None
    except yaml.YAMLError as exc:
        raise DataError(f"YAML error: {exc}", path=path) from None
    finally:
        loader.dispose()


def _unprintable(exc: yaml.reader.ReaderError, text: str, path: Path) -> DataError:
    """The error for a character YAML refuses to read, naming its field when possible."""
    line = text[: exc.position].count("\n") + 1
    message = (f"contains the control character U+{exc.character:04X}, which a Word "
               "document cannot hold; remove it")
    sentinel = "\ue000"
    return _locate(message, yaml.reader.Reader.NON_PRINTABLE.sub(sentinel, text), sentinel,
                   path, line)


def _locate(message: str, cleaned: str, sentinel: str, path: Path, line: int) -> DataError:
    """An error at the field whose value holds ``sentinel`` in ``cleaned``, else at ``line``."""
    try:
        located = parse_yaml(cleaned.encode("utf-8"), path)
    except DataError:
        return DataError(message, path=path, line=line)
    key = _key_holding(located.data, sentinel, ())
    return DataError(message, path=path, line=line, field=dotted(key) if key else None)


def _key_holding(data: Any, needle: str, key: PathKey) -> PathKey | None:
    """The path of the first string value in ``data`` that contains ``needle``."""
    if isinstance(data, str):
        return key if needle in data else None
    items = data.items() if isinstance(data, dict) else (
        enumerate(data) if isinstance(data, list) else ())
    for name, value in items:
        found = _key_holding(value, needle, (*key, name))
        if found is not None:
            return found
    return None


def _build(loader: yaml.SafeLoader, node: Node, key: PathKey, located: Located) -> Any:
    line = node.start_mark.line + 1
    located.lines[key] = line
    if node.tag not in _STANDARD_TAGS:
        raise located.error(
            f"the tag {node.tag!r} is not allowed: data files hold plain text, numbers and dates",
            key,
        )
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise DataError("a field name must be plain text", path=located.path,
                                line=key_node.start_mark.line + 1)
            name = str(loader.construct_object(key_node))
            if key_node.tag == "tag:yaml.org,2002:merge" or name == "<<":
                raise DataError("YAML merge keys (<<) are not supported; write the fields out",
                                path=located.path, line=key_node.start_mark.line + 1,
                                field=dotted(key))
            if name in result:
                first = located.lines.get((*key, name))
                raise DataError(
                    f"the field '{name}' appears twice (first on line {first}); keep one",
                    path=located.path,
                    line=key_node.start_mark.line + 1,
                    field=dotted((*key, name)),
                )
            result[name] = _build(loader, value_node, (*key, name), located)
        return result
    if isinstance(node, SequenceNode):
        return [_build(loader, item, (*key, i), located) for i, item in enumerate(node.value)]
    return _scalar(loader, node, key, located)


def _scalar(loader: yaml.SafeLoader, node: ScalarNode, key: PathKey, located: Located) -> Any:
    if node.tag == "tag:yaml.org,2002:int" and node.style is None and _CLOCK.match(node.value):
        # YAML 1.1 reads 10:00 as the number 600; a secretary means a time of day.
        return node.value
    try:
        value = loader.construct_object(node, deep=True)
    except ValueError as exc:
        raise located.error(f"impossible value {node.value!r}: {exc}", key) from None
    if isinstance(value, str):
        problem = check_text(value)
        if problem:
            raise located.error(problem, key)
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value
