"""The command line: version, help with examples, schema, check, exit codes."""

from __future__ import annotations

import datetime as dt
import json
import os
from importlib.metadata import version
from pathlib import Path

import click
import pytest
from helpers import BAD_INPUTS, SAMPLES, files_under, run_cli, sample_data
from jsonschema import Draft202012Validator

from docgen.cli import cli
from docgen.papers.pipeline import data_kinds

SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path of the CLI, sub-commands of groups included."""
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found.extend(_commands(command, (*prefix, name)))
    return found


def test_version() -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"docgen, version {version('docgen')}"


def _is_group(path: tuple[str, ...]) -> bool:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return isinstance(command, click.Group)


@pytest.mark.parametrize("path", [(), *_commands(cli)], ids=lambda p: " ".join(p) or "docgen")
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    """Every command and command group shows an example; a group also lists its commands."""
    result = run_cli(*path, "--help")
    assert result.exit_code == 0, result.stderr
    assert "Usage: docgen" in result.stdout
    if path and _is_group(path):
        assert "Commands:" in result.stdout
    assert "Example" in result.stdout, f"docgen {' '.join(path)} --help has no example"
    assert "docgen " in result.stdout.split("Example", 1)[1]


def test_the_foundation_commands_exist() -> None:
    assert {"render", "check", "schema"} <= set(cli.commands)


def _json_ready(data: object) -> object:
    """YAML data as JSON would hold it (dates as ISO text), for jsonschema."""
    return json.loads(json.dumps(data, default=lambda v: v.isoformat()
                                 if isinstance(v, dt.date) else str(v)))


@pytest.fixture(scope="module")
def notice_schema() -> Draft202012Validator:
    result = run_cli("schema", "notice")
    assert result.exit_code == 0, result.stderr
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"].endswith("2020-12/schema")
    return Draft202012Validator(schema)


def test_schema_validates_every_sample_that_makes_a_notice(
        notice_schema: Draft202012Validator) -> None:
    notice_samples = [p for p in SAMPLE_FILES if "notice" in data_kinds(p)]
    assert {"session-34.yaml", "session-35-extraordinary.yaml"} <= {p.name for p in
                                                                    notice_samples}
    for path in notice_samples:
        data = _json_ready(sample_data(path.name))
        errors = [e.message for e in notice_schema.iter_errors(data)]
        assert errors == [], f"{path.name}: {errors}"


@pytest.mark.parametrize(("change", "why"), [
    (lambda d: d.update(number="many"), "'many' is not of type 'integer'"),
    (lambda d: d.update(venue="hall"), "Additional properties"),
    (lambda d: d["convocation"].update(initiated_by="parliament"), "is not one of"),
    (lambda d: d.pop("chair"), "'chair' is a required property"),
    (lambda d: d.update(agenda=[]), "should be non-empty"),
    (lambda d: d.update(number=0), "minimum"),
    (lambda d: d["place"].update(en="Astana"), "Additional properties"),
])
def test_schema_rejects_broken_data(notice_schema: Draft202012Validator, change, why: str
                                    ) -> None:
    data = sample_data("session-34.yaml")
    change(data)
    errors = [e.message for e in notice_schema.iter_errors(_json_ready(data))]
    assert errors, "the broken data passed the schema"
    assert any(why in e for e in errors), errors


def test_schema_without_kind_covers_session_and_order_files() -> None:
    result = run_cli("schema")
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    for path in SAMPLE_FILES:
        assert list(validator.iter_errors(_json_ready(sample_data(path.name)))) == [], path.name


def test_unknown_schema_kind_is_a_usage_error() -> None:
    assert run_cli("schema", "memo").exit_code == 2


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_check_accepts_the_samples_and_writes_nothing(tmp_path: Path, path: Path) -> None:
    before = files_under(tmp_path)
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = run_cli("check", path)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.stderr
    assert "OK" in result.stdout and path.name in result.stdout
    assert files_under(tmp_path) == before


def test_check_refuses_a_bad_file_and_writes_nothing(tmp_path: Path) -> None:
    bad = BAD_INPUTS / "notice-regular-one-day-late.yaml"
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = run_cli("check", bad)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 1
    assert f"{bad.name}:16: field 'convocation.notice_date'" in result.stderr
    assert "p.8" in result.stderr
    assert files_under(tmp_path) == []


def test_render_default_output_folder_is_outputs(tmp_path: Path) -> None:
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = run_cli("render", "agenda", SAMPLES / "session-34.yaml")
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in files_under(tmp_path)) == [
        "outputs/session-34/agenda_kk.docx", "outputs/session-34/agenda_ru.docx"]


@pytest.mark.parametrize("args", [
    ("render", "memo", "inputs/session-34.yaml"),
    ("render", "notice"),
    ("render", "notice", "inputs/session-34.yaml", "--lang", "en"),
    ("bogus",),
])
def test_usage_errors_exit_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = run_cli(*args, "--out", tmp_path / "out") if args[0] == "render" else run_cli(*args)
    assert result.exit_code == 2
    assert files_under(tmp_path) == []


def test_missing_data_file_is_exit_1(tmp_path: Path) -> None:
    result = run_cli("render", "notice", tmp_path / "nope.yaml", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "nope.yaml" in result.stderr and "not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_imports_no_heavy_module() -> None:
    """``docgen --help`` starts fast: the CLI imports pydantic, docxtpl, lxml, babel and
    YAML parsers only inside the commands that use them (benchmarks/startup.py times it)."""
    import subprocess
    import sys

    heavy = ("pydantic", "docxtpl", "docx", "lxml", "babel", "yaml", "ruamel", "jinja2",
             "pypdf")
    code = ("import sys, docgen.cli; "
            f"print(' '.join(m for m in {heavy!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.split()
    assert loaded == []


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_help_text_is_in_the_catalog(lang: str) -> None:
    """Every command's and option's --help text is a msgid of the catalog, translated: a
    shared option (cli/options.py) passes its help as ``help="…"`` so `make messages` finds
    it (a help built at run time would drop out of the catalog and show in English)."""
    import inspect

    from docgen.i18n import catalog

    def walk(command: click.Command, path: str):
        yield path, command
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                yield from walk(sub, f"{path} {name}")

    translations = catalog(lang)
    untranslated = []
    for path, command in walk(cli, "docgen"):
        options = [(f"{path} {p.opts[0]}", p) for p in command.params
                   if isinstance(p, click.Option)]
        for where, item in [(path, command), *options]:
            text = getattr(item, "_docgen_help_source", getattr(item, "help", None))
            if text and translations.gettext(inspect.cleandoc(text)) == inspect.cleandoc(text):
                untranslated.append(where)
    assert untranslated == []
