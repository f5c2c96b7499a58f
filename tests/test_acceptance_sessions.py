"""Acceptance checks written the way a secretary fills in the files (issues 2–4).

Each test is a case an outside tester found broken; it renders through the CLI and reads
the documents back.
"""

from __future__ import annotations

from pathlib import Path

from helpers import files_under, read_docx_text, run_cli, sample_data, write_yaml


def test_council_meeting_is_not_held_to_the_sessions_one_month_notice(tmp_path: Path) -> None:
    """p.8's one-month notice is for sessions; a Council meeting (p.9) called a week ahead is
    fine, while a session with the same dates is refused."""
    data = sample_data("council-2026-05-02.yaml")
    data["convocation"].update({"decided_on": "2026-04-20", "notice_date": "2026-04-25"})
    council = write_yaml(tmp_path / "council-week.yaml", data)
    result = run_cli("render", "notice", council, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert "2026 жылғы 25 сәуір" in read_docx_text(
        tmp_path / "out" / "council-week" / "notice_kk.docx")

    data["body"] = "assembly"
    session = write_yaml(tmp_path / "session-week.yaml", data)
    result = run_cli("render", "notice", session, "--out", tmp_path / "out2")
    assert result.exit_code == 1
    assert "one month (p.8)" in result.stderr and "convocation.notice_date" in result.stderr
    assert files_under(tmp_path / "out2") == []
