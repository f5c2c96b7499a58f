"""`docgen init DIR`: the sample case and a copy of the templates written into a new folder;
a folder that is not empty (or a file) is refused and nothing in it is touched."""

from __future__ import annotations

from pathlib import Path

from helpers import SAMPLES, files_under, run_cli

from tests.helpers import ROOT


def test_init_writes_the_sample_case_into_a_new_folder(tmp_path: Path) -> None:
    case = tmp_path / "case" / "34"
    result = run_cli("init", case)
    assert result.exit_code == 0, result.output
    inputs = sorted(p.name for p in (case / "inputs").iterdir())
    assert inputs == sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".yaml", ".csv"))
    for name in inputs:
        assert (case / "inputs" / name).read_bytes() == (SAMPLES / name).read_bytes()
    for lang in ("ru", "kk"):
        built = sorted(p.name for p in (ROOT / f"templates_{lang}").glob("*.docx"))
        assert sorted(p.name for p in (case / "my_templates" / f"templates_{lang}").iterdir()) \
            == built
    assert not list(case.glob(".*"))  # no staging folder left
    assert str(case / "inputs" / "session-34.yaml") in result.stdout.splitlines()
    assert run_cli("check", case / "inputs").exit_code == 0


def test_init_fills_an_empty_folder(tmp_path: Path) -> None:
    assert run_cli("init", tmp_path).exit_code == 0
    assert (tmp_path / "inputs" / "roll.csv").is_file()


def test_a_folder_that_is_not_empty_is_refused_and_untouched(tmp_path: Path) -> None:
    (tmp_path / "inputs").mkdir()
    (tmp_path / "inputs" / "session-34.yaml").write_text("mine\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in files_under(tmp_path)}
    result = run_cli("init", tmp_path)
    assert result.exit_code == 2
    assert "not empty" in result.stderr and str(tmp_path) in result.stderr
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in files_under(tmp_path)} == before


def test_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("keep me", encoding="utf-8")
    result = run_cli("init", target)
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "keep me"
