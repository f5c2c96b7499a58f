"""Reading data files: libyaml's fast path gives exactly what ruamel (YAML 1.2) gives.

docgen reads a plain data file with libyaml's C parser (docgen/input/yaml12.py) and
anything unusual, or refused, with ruamel.yaml, its reference reader. Every file of the
project, the hostile corpus and a few hundred generated documents in every scalar style
are read both ways and must give the same data, types, typed text and lines, or the same
error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import BAD_INPUTS, ROOT, SAMPLES

from docgen.errors import DataError
from docgen.input import loader, yaml12
from docgen.input.loader import FloatText, NumberText, parse_yaml

sys.path.insert(0, str(ROOT / "tests" / "hostile"))
import make_corpus

PATH = Path("data.yaml")


def _canon(value: Any) -> Any:
    """``value`` with its types and typed text spelled out (NaN made comparable)."""
    if isinstance(value, dict):
        return ("map", [(k, _canon(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("seq", [_canon(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("nan", getattr(value, "text", None))
    return (type(value).__name__, value, getattr(value, "text", None))


def _outcome(raw: bytes) -> tuple:
    try:
        located = parse_yaml(raw, PATH)
    except DataError as exc:
        return ("refused", str(exc))
    return ("read", _canon(located.data), dict(located.lines))


def _reference(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple:
    """What ruamel alone makes of ``raw`` (the same checks before it)."""
    with monkeypatch.context() as patch:
        patch.setattr(loader, "compose", lambda *args: None)
        return _outcome(raw)


def _fast(text: str) -> bool:
    """True when the fast path reads ``text`` itself."""
    return yaml12.compose(text, loader.MAX_DEPTH, loader.MAX_VALUES) is not None


def _project_files() -> dict[str, bytes]:
    files = {f"hostile/{name}": blob if isinstance(blob, bytes) else blob.encode("utf-8")
             for name, blob in make_corpus.data_files().items()}
    for folder in (SAMPLES, BAD_INPUTS, ROOT / "docgen" / "law" / "rulebooks",
                   ROOT / "docgen" / "data", ROOT / "tests" / "bad_cases"):
        for path in sorted(folder.rglob("*.yaml")):
            files[str(path.relative_to(ROOT))] = path.read_bytes()
    return files


def test_every_data_file_of_the_project_reads_as_ruamel_reads_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    files = _project_files()
    fast = 0
    for name, raw in files.items():
        assert _outcome(raw) == _reference(raw, monkeypatch), name
        with contextlib.suppress(UnicodeDecodeError):
            fast += _fast(raw.decode("utf-8-sig"))
    assert fast >= 100  # the samples, rulebooks and most bad inputs take the fast path
    assert _fast((SAMPLES / "session-34.yaml").read_text(encoding="utf-8"))


_SCALARS = [
    "015", "0o17", "0x1F", "0b101", "1_000", "1e3", "1.5", ".5", "-.5", "+.inf", ".NaN",
    "-.INF", "yes", "No", "on", "OFF", "y", "~", "null", "NULL", "", "10:00", "1:30:00",
    "2026-01-02", "2026-01-02 10:00:00", "2026-1-2 1:00:00 +5", "2026-01-02T10:00:00Z",
    "2026-02-30", "<<", "=", "true", "True", "TRUE", "tRue", "-", "a: b", "# x", "x #y",
    "x# y", "Қазақстан халқы", "a'b", 'a"b', "line1\nline2", "trail ", " lead", "a  b",
    "12-р", "0E0", "-0", "+12", "0.", "1__2", "_1", "@x", "`x", "%x", "? x", "a,b", "[x]",
    "{x}", "*x", "&x", "!x", "|", ">", "x\n\ny", "x\n", "\nx", "x\\y", "é\u00a0z", "50%",
    "a:b", "http://x.y/z", "\U0001f600 ok", "x\r\ny", "Ә ә Ғ ғ Қ қ Ң ң Ө ө Ұ ұ Ү ү Һ һ І і",
]


class _Writer:
    """Writes random data in random YAML styles (plain, quoted, block, flow, comments)."""

    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)

    def scalar(self, text: str, indent: int, flow: bool) -> str:
        style = self.rnd.choice(["plain", "single", "double"] + ([] if flow else ["|", ">"]))
        if style == "plain":
            return text.replace("\n", " ")
        if style == "single":
            return "'" + text.replace("'", "''").replace("\n", "\n\n" + " " * (indent + 2)) + "'"
        if style == "double":
            broken = self.rnd.choice(["\\n", "\n\n" + " " * (indent + 2)])
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace(
                "\n", broken) + '"'
        body = "\n".join(" " * (indent + 2) + line if line else "" for line in text.split("\n"))
        return style + self.rnd.choice(["", "-", "+"]) + "\n" + body + self.rnd.choice(
            ["", "\n"])

    def data(self, depth: int) -> Any:
        roll = self.rnd.random()
        if depth > 3 or roll < 0.5:
            return self.rnd.choice(_SCALARS)
        if roll < 0.75:
            return [self.data(depth + 1) for _ in range(self.rnd.randint(0, 3))]
        return {self.rnd.choice(["a", "ru", "kk", "015", "x y", "true"]) + str(i):
                self.data(depth + 1) for i in range(self.rnd.randint(0, 3))}

    def comment(self) -> str:
        return self.rnd.choice(["", "", "", " # c", "  #c: d"])

    def write(self, value: Any, indent: int, flow: bool = False) -> str:
        if isinstance(value, str):
            empty = value == "" and self.rnd.random() < 0.5
            return "" if empty else self.scalar(value, indent, flow)
        if flow or not value or self.rnd.random() < 0.3:
            if isinstance(value, list):
                return "[" + ", ".join(self.write(v, indent, True) for v in value) + "]"
            return "{" + ", ".join(k + ("" if v == "" and self.rnd.random() < 0.3 else
                                        ": " + self.write(v, indent, True))
                                   for k, v in value.items()) + "}"
        lines = []
        items = value.items() if isinstance(value, dict) else (("-", v) for v in value)
        for key, item in items:
            head = " " * indent + key + ("" if key == "-" else ":")
            text = self.write(item, indent + 2)
            if isinstance(item, dict | list) and item and not text.startswith(("[", "{")):
                lines.append(head + self.comment() + "\n" + text)
            elif text.startswith(("|", ">")):
                lines.append(head + " " + text)
            else:
                lines.append(head + (" " + text if text else "") + self.comment())
        return "\n".join(lines)

    def document(self) -> str:
        data = self.data(0)
        text = self.write(data if isinstance(data, dict) else {"root": data}, 0)
        text += self.rnd.choice(["\n", "", "\n\n", "\n# end"])
        roll = self.rnd.random()
        if roll < 0.2:
            return text.replace("\n", "\r\n")
        return text.replace("\n", "\r") if roll < 0.25 else text


def test_generated_documents_read_as_ruamel_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    writer = _Writer(seed=16)
    texts = [writer.document() for _ in range(400)]
    fast = 0
    for text in texts:
        raw = text.encode("utf-8")
        assert _outcome(raw) == _reference(raw, monkeypatch), text
        fast += _fast(text)
    assert fast >= 300  # most of them took the fast path


@pytest.mark.parametrize(("plain", "expected"), [
    ("015", NumberText(15, "015")), ("0o17", NumberText(15, "0o17")),
    ("0x1F", NumberText(31, "0x1F")), ("1_000", NumberText(1000, "1_000")),
    ("1e3", FloatText(1000.0, "1e3")), ("-.5", FloatText(-0.5, "-.5")),
    ("true", True), ("FALSE", False), ("null", None), ("~", None), ("", None),
    ("yes", "yes"), ("No", "No"), ("on", "on"), ("off", "off"), ("y", "y"),
    ("10:00", "10:00"), ("1:30:00", "1:30:00"), ("tRue", "tRue"), ("0.5.1", "0.5.1"),
    ("2026-04-05", dt.date(2026, 4, 5)), ("12-р", "12-р"),
])
def test_plain_values_are_read_as_yaml_1_2(plain: str, expected: Any) -> None:
    text = f"value: {plain}\nquoted: '{plain}'\n"
    assert _fast(text)
    data = parse_yaml(text.encode("utf-8"), PATH).data
    assert _canon(data["value"]) == _canon(expected)
    assert _canon(data["quoted"]) == _canon(plain)


@pytest.mark.parametrize(("text", "message"), [
    ("a: 1\nb: 2\na: 3\n", "data.yaml:3: field 'a': the field 'a' appears twice (first on line 1)"),
    ("a: <<\n", "the tag 'tag:yaml.org,2002:merge' is not allowed"),
    ("a: !!python/name:os.system\n", "the tag 'tag:yaml.org,2002:python/name:os.system'"),
    ("a: 2026-02-30\n", "data.yaml:1: field 'a': impossible value '2026-02-30'"),
    ("a: [1, 2\n", "data.yaml:2: YAML syntax error: while parsing a flow sequence"),
])
def test_refusals_are_worded_by_ruamel(text: str, message: str,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    raw = text.encode("utf-8")
    assert _outcome(raw) == _reference(raw, monkeypatch)
    assert message in _outcome(raw)[1]


def test_an_empty_value_sits_where_ruamel_puts_it() -> None:
    text = "a:\n  b:\n  c: 1\nd: [x, ]\ne: {f: }\n"
    assert _fast(text)
    lines = parse_yaml(text.encode("utf-8"), PATH).lines
    assert lines[("a", "b")] == 3  # ruamel: the line of the token after the empty value
    assert lines[("e", "f")] == 5


@pytest.mark.parametrize("text", [
    "a: x\tb\n", "a:\tb\n", "a: 'x\x85y'\n", "a: x\u2028y\n", "a: x\u2029y\n",
    "a: x\ufeffy\n", "%YAML 1.2\n---\na: 1\n", "%TAG !e! tag:e.com,2000:\n---\na: !e!x 1\n",
    "a: ! 015\n", "? \n: x\n", "a: *nowhere\n", "a: 1\n---\nb: 2\n",
    "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "v\n",
])
def test_what_libyaml_could_read_otherwise_is_read_by_ruamel(
        text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not _fast(text)
    raw = text.encode("utf-8")
    assert _outcome(raw) == _reference(raw, monkeypatch)


def _yaml_printable(code: int) -> bool:
    """YAML 1.2's c-printable (production [1]), NEL included."""
    return (code in (0x09, 0x0A, 0x0D, 0x85) or 0x20 <= code <= 0x7E
            or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF)


def test_the_characters_refused_are_those_yaml_cannot_hold() -> None:
    every = "".join(map(chr, range(0x110000)))
    refused = [m.start() for m in loader._YAML_FORBIDDEN.finditer(every)]
    assert refused == [code for code in range(0x110000) if not _yaml_printable(code)]
