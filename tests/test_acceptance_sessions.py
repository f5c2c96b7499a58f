"""Acceptance checks written the way a secretary fills in the files (issues 2–4).

Each test is a case an outside tester found broken; it renders through the CLI and reads
the documents back.
"""

from __future__ import annotations

from pathlib import Path

from helpers import SAMPLES, files_under, read_docx_text, run_cli, sample_data, write_yaml


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


def _order(tmp_path: Path, name_ru: str, name_kk: str) -> dict[str, str]:
    data = sample_data("order-2026-012.yaml")
    admit = next(a for a in data["order"]["admit"] if a["nominated_by"]["kind"] == "association")
    admit["nominated_by"]["name"] = {"ru": name_ru, "kk": name_kk}
    data["order"]["admit"] = [admit]
    path = write_yaml(tmp_path / "order-assoc.yaml", data)
    result = run_cli("render", "order", path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    return {lang: read_docx_text(tmp_path / "out" / "order-assoc" / f"order_{lang}.docx")
            for lang in ("ru", "kk")}


def test_association_full_legal_name_is_declined_not_doubled(tmp_path: Path) -> None:
    """A name written with its legal form ("Республиканское общественное объединение «…»" /
    "«…» республикалық қоғамдық бірлестігі") is not preceded by "объединения" in the
    nominative, nor followed by a second "бірлестігі"; quotes and & survive."""
    text = _order(tmp_path, "Республиканское общественное объединение «Ассоциация \"Ким\" & Ко»",
                  "«Ким & Ко» республикалық қоғамдық бірлестігі")
    assert ("по решению высшего органа республиканского общественного объединения "
            "«Ассоциация \"Ким\" & Ко» от 20 апреля 2026 года") in text["ru"]
    assert "объединения Республиканское" not in text["ru"]
    assert "«Ким & Ко» республикалық қоғамдық бірлестігі жоғары органының" in text["kk"]
    assert "бірлестігі бірлестігі" not in text["kk"]


def test_association_short_name_keeps_the_generic_form_word(tmp_path: Path) -> None:
    text = _order(tmp_path, "Ассоциация корейцев Казахстана", "Қазақстан кәрістері қауымдастығы")
    assert "высшего органа объединения «Ассоциация корейцев Казахстана»" in text["ru"]
    assert "«Қазақстан кәрістері қауымдастығы» бірлестігі жоғары органының" in text["kk"]


def test_order_file_given_for_a_session_document_and_back(tmp_path: Path) -> None:
    """The wrong kind of file gets one clear sentence, not a list of every missing field."""
    order = write_yaml(tmp_path / "order.yaml", sample_data("order-2026-012.yaml"))
    result = run_cli("render", "minutes", order, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "order.yaml:" in result.stderr and "this is an order file" in result.stderr
    assert "docgen render order" in result.stderr and result.stderr.count("\n") == 1
    session = write_yaml(tmp_path / "session.yaml", sample_data("session-34.yaml"))
    result = run_cli("render", "order", session, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "session.yaml:" in result.stderr and "this is a session file" in result.stderr
    assert result.stderr.count("\n") == 1
    assert files_under(tmp_path / "out") == []


def test_place_ending_in_a_period_gets_no_second_one(tmp_path: Path) -> None:
    """"Астана қ." (the issue's own example) closes the notice's place line once, not "қ..";
    a place without a period still gets one."""
    data = sample_data("session-34.yaml")
    data["place"] = {"ru": "г. Астана, ул. Мира, д. 1, каб.", "kk": "Астана қ."}
    path = write_yaml(tmp_path / "dot.yaml", data)
    result = run_cli("render", "notice", path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    ru = read_docx_text(tmp_path / "out" / "dot" / "notice_ru.docx")
    kk = read_docx_text(tmp_path / "out" / "dot" / "notice_kk.docx")
    assert "Место проведения: г. Астана, ул. Мира, д. 1, каб.\n" in ru
    assert "Өтетін орны: Астана қ.\n" in kk
    assert ".." not in ru and "қ.." not in kk
    result = run_cli("render", "notice", SAMPLES / "session-34.yaml", "--out", tmp_path / "o2")
    assert result.exit_code == 0, result.stderr
    assert "Өтетін орны: Астана қ., Бейбітшілік және келісім сарайы.\n" in read_docx_text(
        tmp_path / "o2" / "session-34" / "notice_kk.docx")
