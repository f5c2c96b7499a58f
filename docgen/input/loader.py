"""Read a YAML data file safely, as YAML 1.2, remembering the line of every value.

YAML 1.2 as ruamel.yaml (safe, pure) reads it: ``yes``/``no``/``on`` are text, ``10:00``
is text, ``015`` keeps its digits (a :class:`NumberText`, so that identifiers print as
typed). A plain file is read by libyaml's C parser with the same result (see
:mod:`docgen.input.yaml12`); anything else, and every refused file, by ruamel itself.
Only plain data is accepted: no ``!!python/...`` or other tags, no duplicate keys, no
merge keys, UTF-8 only, no control characters. Hostile files end in one message: a file
over the size limit (5 MB, ``DOCGEN_MAX_INPUT_MB``), nesting deeper than
:data:`MAX_DEPTH`, more than :data:`MAX_VALUES` values (alias bombs included) and
recursive aliases are refused before anything is built. Each value's line is kept in a
:class:`Located` map keyed by its path (``("agenda", 0, "title", "kk")``) so that later
validation errors can name ``file:line``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.errors import DataError, open_regular, why
from docgen.i18n import N_, _
from docgen.input.yaml12 import compose

PathKey = tuple[str | int, ...]

MAX_DEPTH = 32
"""Deepest nesting of mappings and lists a data file may have."""
MAX_VALUES = 20_000
"""Most values a data file may hold, aliases expanded."""
MAX_LINES = 50_000
"""Most lines a data file may have (checked before parsing, so a huge list ends at once)."""
DEFAULT_MAX_MB = 5.0

# Characters XML 1.0 cannot hold: C0 controls except tab/newline/CR, and U+FFFE/U+FFFF.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Characters YAML does not allow in a stream (C0/C1 controls but tab, LF, CR, NEL, …):
# all but tab, LF, CR, 0x20-0x7E, NEL, 0xA0-0xD7FF, 0xE000-0xFFFD and 0x10000-0x10FFFF,
# written as the ranges left out (a negated class of the wide ranges takes ~4 ms to compile).
_YAML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f"
                             "\ud800-\udfff\ufffe\uffff]")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
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


class NumberText(int):
    """A whole number read from the file that remembers how it was typed (``015``)."""

    text: str

    def __new__(cls, value: int, text: str) -> NumberText:
        number = super().__new__(cls, value)
        number.text = text
        return number


class FloatText(float):
    """A decimal number read from the file that remembers how it was typed (``0E0``)."""

    text: str

    def __new__(cls, value: float, text: str) -> FloatText:
        number = super().__new__(cls, value)
        number.text = text
        return number


def max_input_bytes() -> int:
    """The size limit of a data file: ``DOCGEN_MAX_INPUT_MB`` megabytes (default 5)."""
    value = os.environ.get("DOCGEN_MAX_INPUT_MB", "")
    try:
        megabytes = float(value) if value.strip() else DEFAULT_MAX_MB
    except ValueError:
        raise DataError(_("DOCGEN_MAX_INPUT_MB must be a number of megabytes, not {value}")
                        .format(value=repr(value))) from None
    if not math.isfinite(megabytes) or megabytes <= 0:
        raise DataError(_("DOCGEN_MAX_INPUT_MB must be a positive number, not {value}")
                        .format(value=repr(value)))
    return int(megabytes * 1024 * 1024)


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
    return _("contains the control character {char} at position {position}, which a Word "
             "document cannot hold; remove it").format(char=f"U+{ord(bad.group()):04X}",
                                                       position=bad.start() + 1)


def load_yaml(path: str | Path) -> Located:
    """Read ``path`` as YAML data with line numbers; raise DataError on any problem."""
    path = Path(path)
    limit = max_input_bytes()
    try:
        with open_regular(path) as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > limit:
                raise DataError(_too_large(size, limit), path=path)
            raw = fh.read(limit + 1)
    except FileNotFoundError:
        raise DataError(_("file not found") + nearest_name(path), path=path) from None
    except IsADirectoryError:
        raise DataError(_("this is a folder, not a data file"), path=path) from None
    except OSError as exc:
        raise DataError(_("cannot read the file: {reason}").format(reason=why(exc)),
                        path=path) from None
    if len(raw) > limit:  # a device or a file that grew while read
        raise DataError(_too_large(len(raw), limit), path=path)
    return parse_yaml(raw, path)


def _too_large(size: int, limit: int) -> str:
    return _("the file is {size} MB, over the limit of {limit} MB for a data file (set "
             "DOCGEN_MAX_INPUT_MB to allow more)").format(size=f"{size / 1048576:.1f}",
                                                         limit=f"{limit / 1048576:g}")


_DOCUMENTS = ((b"%PDF", N_("a PDF document")), (b"\xd0\xcf\x11\xe0", N_("a Word document (.doc)")),
              (b"{\\rtf", N_("a Word document (.rtf)")))
_ZIPPED = ((b"word/", N_("a Word document (.docx)")), (b"xl/", N_("an Excel workbook")),
           (b"opendocument", N_("a LibreOffice document")))


def _document_kind(raw: bytes) -> str | None:
    """What an office file given as data is ("a Word document (.docx)"), else None."""
    for magic, kind in _DOCUMENTS:
        if raw.startswith(magic):
            return _(kind)
    if raw.startswith(b"PK\x03\x04"):
        head = raw[:65536]
        return _(next((kind for mark, kind in _ZIPPED if mark in head), N_("a zip archive")))
    return None


def nearest_name(path: Path) -> str:
    """"; did you mean NAME?" for the file beside ``path`` with the closest name, else ""."""
    import difflib

    try:
        names = [p.name for p in Path(path).parent.iterdir()]
    except OSError:
        return ""
    near = difflib.get_close_matches(Path(path).name, names, n=1, cutoff=0.6)
    return _("; did you mean {name}?").format(name=Path(path).with_name(near[0])) if near else ""


def parse_yaml(raw: bytes, path: Path) -> Located:
    """Parse YAML bytes (see :func:`load_yaml`)."""
    kind = _document_kind(raw)
    if kind is not None:
        raise DataError(_("this is {kind}, not a data file: docgen reads a YAML data file "
                          "(plain text, one 'field: value' per line; inputs/ has examples, "
                          "`docgen schema` lists the fields)").format(kind=kind), path=path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = _("the file is not UTF-8 text (byte {byte}); save it as UTF-8 in your "
                    "editor").format(byte=f"0x{raw[exc.start]:02X}")
        raise _locate(message, raw.decode("utf-8-sig", errors="replace"), "\ufffd",
                      path, line) from None
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise DataError(_("the file is empty; see inputs/ for examples"), path=path, line=1)
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise DataError(_("the file has {lines} lines, more than the {limit} a data file may "
                          "have").format(lines=lines, limit=MAX_LINES), path=path)
    bad = _YAML_FORBIDDEN.search(text)
    if bad is not None:
        raise _unprintable(bad, text, path)
    _check_brackets(text, path)
    node = compose(text, MAX_DEPTH, MAX_VALUES)
    if node is not None:
        with contextlib.suppress(DataError):  # refused: ruamel says why, in its words
            return _built(node, path)
    return read_with_ruamel(text, path)


def _built(node: Any, path: Path) -> Located:
    located = Located(data=None, path=path)
    _Builder(located).check(node)
    located.data = _Builder(located).build(node, ())
    return located


def read_with_ruamel(text: str, path: Path) -> Located:
    """The data of ``text`` as ruamel.yaml reads it: docgen's reference reader, and the
    one that words every refusal (the text has passed :func:`parse_yaml`'s checks)."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _built(_compose(text, path), path)
    except MarkedYAMLError as exc:
        from docgen.input.messages import yaml_words

        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = yaml_words(exc.problem or str(exc))
        if exc.context:
            started = exc.context_mark
            context = yaml_words(exc.context)
            if started is not None and mark is not None and started.line != mark.line:
                problem = _("{context} (which starts on line {line}), {problem}").format(
                    context=context, line=started.line + 1, problem=problem)
            else:
                problem = f"{context}, {problem}"
        raise DataError(_("YAML syntax error: {problem}").format(problem=problem), path=path,
                        line=line) from None
    except YAMLError as exc:
        raise DataError(_("YAML error: {problem}").format(problem=exc), path=path) from None


_BRACKET = re.compile(r"[\[\]{}]")


def _check_brackets(text: str, path: Path) -> None:
    """Refuse ``[[[[…`` nested deeper than MAX_DEPTH before the parser sees it (the
    parser would scan the whole run first). Brackets inside quoted text count too, which
    only matters for text with more than MAX_DEPTH unclosed brackets."""
    depth = 0
    for match in _BRACKET.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_DEPTH:
            raise DataError(_too_deep(), path=path,
                            line=text.count("\n", 0, match.start()) + 1)


def _compose(text: str, path: Path) -> Any:
    """The node graph of the one document in ``text``, after a cheap pass over its events
    that refuses deep nesting and too many values before anything recursive runs."""
    import warnings

    from ruamel.yaml import YAML
    from ruamel.yaml.events import (
        CollectionEndEvent,
        CollectionStartEvent,
        DocumentStartEvent,
    )

    depth = count = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ruamel's warnings (reused anchors) are not errors
        for event in YAML(typ="safe", pure=True).parse(text):
            count += 1
            if isinstance(event, DocumentStartEvent) and event.version not in (None, (1, 2)):
                raise DataError(_("only YAML 1.2 is read: remove the '%YAML' line"), path=path,
                                line=event.start_mark.line + 1)
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise DataError(_too_deep(), path=path,
                                    line=event.start_mark.line + 1)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            if count > MAX_VALUES:
                raise DataError(_("the file holds more than {limit} values; a data file needs "
                                  "far fewer").format(limit=MAX_VALUES), path=path,
                                line=event.start_mark.line + 1)
        node = YAML(typ="safe", pure=True).compose(text)
    if node is None:
        raise DataError(_("the file is empty; see inputs/ for examples"), path=path, line=1)
    return node


def _too_deep() -> str:
    return _("the data is nested more than {limit} levels deep; a data file needs far "
             "fewer").format(limit=MAX_DEPTH)


def _unprintable(bad: re.Match[str], text: str, path: Path) -> DataError:
    """The error for a character YAML refuses to read, naming its field when possible."""
    line = text[: bad.start()].count("\n") + 1
    message = _("contains the control character {char}, which a Word document cannot hold; "
                "remove it").format(char=f"U+{ord(bad.group()):04X}")
    sentinel = "\ue000"
    return _locate(message, _YAML_FORBIDDEN.sub(sentinel, text), sentinel, path, line)


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


def _tag(node: Any) -> str:
    tag = node.tag
    return str(getattr(tag, "value", tag))


def _line(node: Any) -> int:
    return node.start_mark.line + 1


class _Builder:
    """Turns a node graph (ruamel's or :mod:`docgen.input.yaml12`'s) into plain data,
    recording the line of every value."""

    def __init__(self, located: Located) -> None:
        self.located = located

    def check(self, root: Any) -> None:
        """Refuse recursive aliases and graphs that expand to more than MAX_VALUES values
        (an alias bomb), counting each node once (memoized), without expanding anything."""
        sizes: dict[int, int] = {}
        open_nodes: set[int] = set()
        stack: list[tuple[Any, bool]] = [(root, False)]
        while stack:
            node, done = stack.pop()
            ident = id(node)
            if done:
                open_nodes.discard(ident)
                sizes[ident] = 1 + sum(sizes[id(c)] for c in _children(node))
                if sizes[ident] > MAX_VALUES:
                    raise DataError(_("the data expands to more than {limit} values (aliases "
                                      "repeated inside aliases?); write the values out")
                                    .format(limit=MAX_VALUES),
                                    path=self.located.path, line=_line(node))
                continue
            if ident in sizes:
                continue
            if ident in open_nodes:
                raise DataError(_("a recursive alias: the value contains itself; write the "
                                  "values out"), path=self.located.path,
                                line=_line(node))
            open_nodes.add(ident)
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node) if id(child) not in sizes)

    def build(self, node: Any, key: PathKey) -> Any:
        located = self.located
        located.lines[key] = _line(node)
        tag = _tag(node)
        if tag not in _STANDARD_TAGS:
            raise located.error(
                _("the tag {tag} is not allowed: data files hold plain text, numbers and "
                  "dates").format(tag=repr(tag)), key)
        if node.id == "mapping":
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.id != "scalar" or _tag(key_node) not in (
                        "tag:yaml.org,2002:str", "tag:yaml.org,2002:int",
                        "tag:yaml.org,2002:merge"):
                    raise DataError(_("a field name must be plain text"), path=located.path,
                                    line=_line(key_node))
                name = str(key_node.value)
                if _tag(key_node) == "tag:yaml.org,2002:merge" or name == "<<":
                    raise DataError(_("YAML merge keys (<<) are not supported; write the "
                                      "fields out"), path=located.path, line=_line(key_node),
                                    field=dotted(key))
                if name in result:
                    first = located.lines.get((*key, name))
                    raise DataError(
                        _("the field '{name}' appears twice (first on line {first}); keep "
                          "one").format(name=name, first=first),
                        path=located.path, line=_line(key_node), field=dotted((*key, name)))
                result[name] = self.build(value_node, (*key, name))
            return result
        if node.id == "sequence":
            return [self.build(item, (*key, i)) for i, item in enumerate(node.value)]
        return self.scalar(node, tag, key)

    def scalar(self, node: Any, tag: str, key: PathKey) -> Any:
        """A scalar as YAML 1.2's core schema reads it; numbers remember their text."""
        text: str = node.value
        try:
            if tag == "tag:yaml.org,2002:null":
                return None
            if tag == "tag:yaml.org,2002:bool":
                return text.lower() == "true"
            if tag == "tag:yaml.org,2002:int":
                return NumberText(_int(text), text)
            if tag == "tag:yaml.org,2002:float":
                return FloatText(_float(text), text)
            if tag == "tag:yaml.org,2002:timestamp":
                return _timestamp(text)
        except ValueError as exc:
            raise self.located.error(_("impossible value {value}: {reason}").format(
                value=repr(text), reason=_impossible(exc)), key) from None
        problem = check_text(text)
        if problem:
            raise self.located.error(problem, key)
        return text.replace("\r\n", "\n").replace("\r", "\n")


def _children(node: Any) -> list[Any]:
    value = node.value
    if not isinstance(value, list):
        return []
    return [part for item in value for part in (item if isinstance(item, tuple) else (item,))]


def _int(text: str) -> int:
    clean = text.replace("_", "")
    sign = -1 if clean.startswith("-") else 1
    digits = clean.lstrip("+-")
    if digits[:2].lower() == "0o":
        return sign * int(digits[2:], 8)
    if digits[:2].lower() == "0x":
        return sign * int(digits[2:], 16)
    if len(digits) > 30:
        raise ValueError(_("far too many digits"))
    return sign * int(digits, 10)


def _float(text: str) -> float:
    clean = text.replace("_", "").lower()
    if clean.lstrip("+-") == ".inf":
        return -math.inf if clean.startswith("-") else math.inf
    if clean == ".nan":
        return math.nan
    return float(clean)


_PYTHON_SAYS = (
    ("day is out of range", N_("there is no such day in that month")),
    ("month must be in", N_("the month must be 1 to 12")),
    ("year ", N_("the year is out of range")),
    ("hour must be in", N_("the hour must be 0 to 23")),
    ("minute must be in", N_("the minute must be 0 to 59")),
    ("second must be in", N_("the second must be 0 to 59")),
    ("Invalid isoformat", N_("not a date and time as YYYY-MM-DD HH:MM")),
    ("could not convert", N_("not a number")),
)


def _impossible(exc: ValueError) -> str:
    """Why a date, time or number cannot be, in the interface language (Python says it in
    English: "day is out of range for month")."""
    said = str(exc)
    return next((_(words) for start, words in _PYTHON_SAYS if said.startswith(start)), said)


def _timestamp(text: str) -> dt.date | dt.datetime:
    match = _DATE.match(text)
    if match:
        return dt.date(*(int(part) for part in match.groups()))
    return dt.datetime.fromisoformat(text.replace(" ", "T", 1).replace("t", "T"))
