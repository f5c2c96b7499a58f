"""The messages a secretary meets are plain words: no pydantic internals for any error
type, one problem for a misspelt field, what a Word or PDF file given as data is, the time
written HH:MM, the nearest file name for a missing one."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from helpers import SAMPLES, run_cli
from pydantic_core import ValidationError, core_schema

from docgen.input.loader import NumberText
from docgen.input.messages import plain_message

SESSION = SAMPLES / "session-34.yaml"
MINUTES = SAMPLES / "session-34-minutes.yaml"
INTERNALS = ("0x", "function", "functools", "pydantic", "instance of", "Input should",
             "__", "[", "]", "<", ">", "Value error", "{", "}")
CTX = {"gt": 1, "ge": 1, "lt": 5, "le": 5, "multiple_of": 2, "min_length": 1,
       "max_length": 3, "expected": "'assembly' or 'council'", "error": "must be odd",
       "pattern": "^[a-z]+$", "class_name": "Session", "attribute": "x", "tag": "x",
       "discriminator": "'kind'", "expected_tags": "'a', 'b'", "max_digits": 3,
       "decimal_places": 2, "whole_digits": 1, "expected_plural": "items",
       "actual_length": 9, "field_type": "Value", "type_name": "int", "reason": "bad",
       "expected_schemes": "'https'", "max_length_url": 9, "version": 4, "expected_version": 4,
       "tz_expected": 0,
       "tz_actual": 1, "unit": "x", "kind": "x", "length": 3, "ordinal": 1, "name": "x",
       "date": "2026-01-01", "allowed": "x", "expected_type": "x"}
ERROR_TYPES = typing.get_args(core_schema.ErrorType)


def _error(kind: str, value: object) -> dict:
    """pydantic's own error dict for ``kind`` (as ``ValidationError.errors()`` gives it),
    its context filled in as pydantic-core asks for each key."""
    ctx = dict(CTX)
    for _ in range(10):
        try:
            exc = ValidationError.from_exception_data(
                "Session", [{"type": kind, "loc": ("time",), "input": value, "ctx": ctx}])
        except TypeError as problem:
            wanted = re.search(r"'(\w+)' required in context", str(problem))
            assert wanted, problem
            ctx[wanted.group(1)] = "x"
            continue
        return exc.errors()[0]
    raise AssertionError(f"cannot build a {kind} error")


def test_every_error_type_is_known() -> None:
    assert len(ERROR_TYPES) > 100  # pydantic-core's list, not a copy of it


@pytest.mark.parametrize("kind", ERROR_TYPES)
@pytest.mark.parametrize("value", [NumberText(10, "10.00"), {"ru": "a"}, ["a"], None,
                                   "x" * 200, object()], ids=["number", "mapping",
                                                              "list", "none", "text",
                                                              "object"])
def test_no_error_type_leaks_internals(kind: str, value: object) -> None:
    err = _error(kind, value)
    message = plain_message(err)
    assert message and message[0].islower(), (kind, message)
    leaked = [mark for mark in INTERNALS if mark in message]
    assert not leaked, f"{kind}: {message!r} shows {leaked}"
    assert "object at" not in message and len(message) < 200, message


def _data(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _one_error(result, *words: str) -> str:
    assert result.exit_code == 1, result.output
    message = result.stderr
    assert message.startswith("Error: ") and message.count("\n") == 1, message
    for word in words:
        assert word in message, message
    return message


def test_time_written_with_a_dot(tmp_path: Path) -> None:
    data = _data(tmp_path, "s.yaml", SESSION.read_text(encoding="utf-8").replace(
        'time: "10:00"', "time: 10.00"))
    message = _one_error(run_cli("check", data), "s.yaml:7", "field 'time'", "HH:MM",
                         "10:00", "not 10.00")
    assert "valid string" not in message


def test_a_misspelt_field_is_one_error_with_the_right_name(tmp_path: Path) -> None:
    data = _data(tmp_path, "s.yaml", SESSION.read_text(encoding="utf-8").replace(
        "\nplace:", "\nplase:", 1))
    message = _one_error(run_cli("render", "notice", data, "--out", tmp_path / "out"),
                         "'plase'", "did you mean 'place'")
    assert re.search(r"s\.yaml:[89]: ", message)  # the key's line or its value's
    assert "missing" not in message
    assert not (tmp_path / "out").exists()


def test_a_blank_speaker_name(tmp_path: Path) -> None:
    text = MINUTES.read_text(encoding="utf-8")
    data = _data(tmp_path, "m.yaml", text.replace(
        '{ru: "Кульмагамбетов Ерлан Маратович"', '{ru: "   "', 1))
    line = text[:text.index("Кульмагамбетов Ерлан Маратович")].count("\n") + 1
    message = _one_error(run_cli("render", "minutes", data, "--out", tmp_path / "out"),
                         f"m.yaml:{line}", "agenda[1].speakers[1].name.ru",
                         "must not be blank")
    assert not any(mark in message for mark in ("function", "0x", "NameForms", "partial"))


def test_a_wrong_type_inside_a_union_says_what_it_must_be(tmp_path: Path) -> None:
    text = MINUTES.read_text(encoding="utf-8")
    data = _data(tmp_path, "m.yaml", text.replace(
        'name: {ru: "Кульмагамбетов Ерлан Маратович", kk: "Құлмағамбетов Ерлан Маратұлы"}',
        "name: [a, b]", 1))
    line = text[:text.index("Кульмагамбетов Ерлан Маратович")].count("\n") + 1
    message = _one_error(run_cli("check", data), f"m.yaml:{line}", "speakers[1].name",
                         "must be text or a set of fields (name: value), not a list")
    assert not any(mark in message for mark in ("function", "0x", "instance of", "["
                                                 "str]")), message


@pytest.mark.parametrize(("name", "blob", "said"), [
    ("letter.docx", (SAMPLES.parent / "templates_ru" / "notice.docx").read_bytes(),
     "a Word document (.docx)"),
    ("session.yaml", (SAMPLES.parent / "templates_ru" / "notice.docx").read_bytes(),
     "a Word document (.docx)"),
    ("letter.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "a Word document (.doc)"),
    ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "a PDF document"),
])
def test_an_office_file_given_as_data(tmp_path: Path, name: str, blob: bytes,
                                      said: str) -> None:
    data = tmp_path / name
    data.write_bytes(blob)
    message = _one_error(run_cli("check", data), name, f"this is {said}",
                         "YAML data file")
    assert "UTF-8" not in message


def test_a_missing_file_suggests_the_nearest_name(tmp_path: Path) -> None:
    (tmp_path / "session-34.yaml").write_bytes(SESSION.read_bytes())
    message = _one_error(run_cli("check", tmp_path / "sesion-34.yaml"), "file not found",
                         f"did you mean {tmp_path / 'session-34.yaml'}?")
    assert message
    alone = _one_error(run_cli("check", tmp_path / "zzz.yaml"), "file not found")
    assert "did you mean" not in alone


def test_a_missing_pdf_or_roll_suggests_the_nearest_name(tmp_path: Path) -> None:
    (tmp_path / "signed_ru.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    (tmp_path / "roll.csv").write_bytes((SAMPLES / "roll.csv").read_bytes())
    pdf = run_cli("archive", "add", tmp_path / "signed-ru.pdf", "--archive", tmp_path / "a")
    assert pdf.exit_code == 1 and f"did you mean {tmp_path / 'signed_ru.pdf'}?" in pdf.stderr
    roll = run_cli("members", "import", tmp_path / "rol.csv", "--archive", tmp_path / "a",
                   "--dry-run")
    assert roll.exit_code == 1 and f"did you mean {tmp_path / 'roll.csv'}?" in roll.stderr
