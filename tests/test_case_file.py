"""`docgen check DIR`: the data files of one story checked together (a case file).

Each folder under tests/bad_cases/ holds one conflict and an expect.txt naming the file and
field the error must point at, and the other file (or roll row) it must name; ``archive:
roll`` checks it against the sample roll (imported, order № 12 not applied). A ``clean/``
folder beside the conflict is its twin without it, and passes.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import SAMPLES, run_cli

BAD_CASES = Path(__file__).resolve().parent / "bad_cases"
CASES = sorted(p for p in BAD_CASES.iterdir() if p.is_dir())


def _check(case: Path, sample_roll: Path) -> object:
    if expect(case if (case / "expect.txt").exists() else case.parent).get("archive") == "roll":
        return run_cli("check", case, "--archive", sample_roll)
    return run_cli("check", case)


def expect(case: Path) -> dict[str, str]:
    """The expected error of a bad case (file, field, other, why)."""
    lines = (case / "expect.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def test_the_samples_agree() -> None:
    result = run_cli("check", SAMPLES)
    assert result.exit_code == 0, result.stderr
    count = len(list(SAMPLES.glob("*.yaml")))
    assert count >= 8
    assert f"inputs: case file OK ({count} files agree)" in result.stdout
    for name in ("session-34.yaml", "batch-session-34.yaml", "order-2026-012.yaml",
                 "council-poll-2026-06.yaml"):
        assert f"{name}: OK" in result.stdout


def test_one_bad_case_per_conflict_kind(sample_roll: Path) -> None:
    rules = set()
    for case in CASES:
        result = _check(case, sample_roll)
        found = re.search(r"field '[^']+': (?:case file: )?([^:]+):", result.stderr)
        assert found, result.stderr
        rules.add(found.group(1))
    assert rules == {"one session, one date, time and place",
                     "an order cites minutes in the folder", "decision numbers rise with dates",
                     "one region, one chair", "the Council nominates before the session elects",
                     "people and offices from the roll", "the ground 'non_participation' holds",
                     "one registration number, one paper", "members in all (roll)",
                     "a removed member is at no later meeting",
                     "an order cites the nominating session",
                     "one person, one position in the case",
                     "small assemblies' own regulations (p.16)",
                     "a small assembly meets in its region (p.16)"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_conflict_names_both_files(case: Path, sample_roll: Path) -> None:
    want = expect(case)
    result = _check(case, sample_roll)
    message = result.stderr
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in message
    located = re.match(r"Error: (\S+):(\d+): field '([^']+)'", message)
    assert located, message
    assert Path(located.group(1)).name == want["file"]
    assert located.group(3) == want["field"]
    line = int(located.group(2))
    source = (case / want["file"]).read_text(encoding="utf-8").splitlines()
    assert want["field"].split(".")[-1].split("[")[0] in source[line - 1], (line, message)
    assert want["other"] in message
    assert result.stdout == ""


TWINS = [c for c in CASES if (c / "clean").is_dir()]


@pytest.mark.parametrize("case", TWINS, ids=[c.name for c in TWINS])
def test_the_clean_twin_passes(case: Path, sample_roll: Path) -> None:
    result = _check(case / "clean", sample_roll)
    assert result.exit_code == 0, result.stderr
    assert "case file OK" in result.stdout


def test_the_issue_22_disagreements_have_twins() -> None:
    assert {c.name for c in TWINS} >= {
        "election-before-nomination", "karaganda-two-akims", "removed-member-at-later-meeting",
        "non-participation-contradicted", "poll-counts-before-removals", "notice-two-versions",
        "patronymic-not-the-rolls"}


def test_the_review_disagreements_have_twins() -> None:
    """The fourth reading's disagreements (items 5, 6, 7, 27), each with its clean twin."""
    assert {c.name for c in TWINS} >= {
        "counting-commission-not-on-roll", "chair-post-held-by-another",
        "annex-chair-not-the-rolls", "order-cites-another-session", "admitted-position-differs",
        "small-assembly-another-regulation", "small-assembly-meets-elsewhere"}


def _case(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "case"
    folder.mkdir()
    for name in names:
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def test_a_region_may_differ_when_its_data_says_why(tmp_path: Path) -> None:
    folder = _case(tmp_path, "session-34.yaml", "batch-session-34.yaml")
    path = folder / "batch-session-34.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["regions"]["shymkent"] = {"time": "15:00"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_cli("check", folder)
    assert result.exit_code == 1 and "regions.shymkent.time" in result.stderr
    data["regions"]["shymkent"]["reason"] = {"ru": "выездное заседание", "kk": "көшпелі отырыс"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_cli("check", folder)
    assert result.exit_code == 0, result.stderr


def test_an_admission_the_council_did_not_consider(tmp_path: Path) -> None:
    folder = _case(tmp_path, "council-2026-05-02.yaml", "order-2026-012.yaml")
    path = folder / "order-2026-012.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["order"]["admit"][1]["name"] = "Исаев Марат Русланович"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_cli("check", folder)
    assert result.exit_code == 1
    assert "field 'order.admit[2].name'" in result.stderr
    assert "'Исаев Марат Русланович' is admitted" in result.stderr
    assert "council-2026-05-02.yaml:" in result.stderr


def test_a_broken_file_in_the_folder_is_named_alone(tmp_path: Path) -> None:
    folder = _case(tmp_path, "session-34.yaml", "order-2026-012.yaml")
    path = folder / "session-34.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("members_total: 385",
                                                               "members_total: many"),
                    encoding="utf-8")
    result = run_cli("check", folder)
    assert result.exit_code == 1
    assert re.search(r"session-34\.yaml:\d+: field 'members_total'", result.stderr)


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    result = run_cli("check", tmp_path)
    assert result.exit_code == 1
    assert "no data files" in result.stderr
