"""--json on check (each problem: file, line, field, message), render and batch (the files
written, the ids and numbers given), for scripts; -q and -v where a command prints notes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import BAD_INPUTS, SAMPLES, run_cli


def test_check_json_lists_the_files_checked() -> None:
    result = run_cli("check", SAMPLES / "session-34.yaml", "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report == {"ok": True, "problems": [], "files": [
        {"path": str(SAMPLES / "session-34.yaml"), "kinds": ["notice", "agenda"]}]}


def test_check_json_of_a_folder_names_each_file() -> None:
    report = json.loads(run_cli("check", SAMPLES, "--json").stdout)
    assert report["ok"] is True
    assert {Path(f["path"]).name for f in report["files"]} >= {"session-34.yaml",
                                                               "order-2026-012.yaml"}


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "the Kazakh text ('kk') is missing, so the kk document cannot be made"),
    ("ru", "нет казахского текста ('kk'), поэтому документ на kk сделать нельзя"),
])
def test_check_json_gives_each_problem_in_the_language(lang: str, message: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_UI_LANG", lang)
    bad = BAD_INPUTS / "notice-missing-kk.yaml"
    result = run_cli("check", bad, "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {"ok": False, "files": [], "problems": [
        {"file": str(bad), "line": 38, "field": "agenda[2].title.kk", "message": message}]}
    assert result.stderr == ""


def test_check_quiet_prints_nothing_when_right() -> None:
    result = run_cli("check", "-q", SAMPLES / "session-34.yaml")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert run_cli("check", "-q", BAD_INPUTS / "notice-missing-kk.yaml").exit_code == 1


def test_render_json_gives_files_ids_and_numbers(tmp_path: Path) -> None:
    result = run_cli("render", "notice", SAMPLES / "session-34.yaml", "--out", tmp_path, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    written = [tmp_path / "session-34" / f"notice_{lang}.docx" for lang in ("ru", "kk")]
    assert report["written"] == [str(p) for p in written]
    assert [(d["kind"], d["lang"], d["number"], d["date"]) for d in report["documents"]] == [
        ("notice", "ru", "15", "2026-03-20"), ("notice", "kk", "15", "2026-03-20")]
    assert all(d["doc_id"].startswith("DG-") and Path(d["path"]).is_file()
               for d in report["documents"])


def test_render_verbose_names_each_document(tmp_path: Path) -> None:
    result = run_cli("render", "notice", SAMPLES / "session-34.yaml", "--out", tmp_path, "-v")
    assert result.exit_code == 0
    assert result.stderr.count(", No. 15 of 2026-03-20") == 2


def test_batch_json_and_quiet(tmp_path: Path) -> None:
    data = SAMPLES / "batch-session-34.yaml"
    result = run_cli("batch", "notices", data, "--regions", "astana,karaganda", "--out",
                     tmp_path, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert len(report["written"]) == 4 and Path(report["manifest"]).is_file()
    assert {(d["region"], d["language"]) for d in report["documents"]} == {
        ("astana", "ru"), ("astana", "kk"), ("karaganda", "ru"), ("karaganda", "kk")}
    quiet = run_cli("batch", "notices", data, "--regions", "astana", "--out", tmp_path, "-q")
    assert (quiet.exit_code, quiet.stderr) == (0, "")
    loud = run_cli("batch", "notices", data, "--regions", "astana", "--out", tmp_path)
    assert "notices for 1 region(s)" in loud.stderr
