"""The lower layers speak the interface language too: a failure raised in rendering/, records/,
papers/ or output/ reaches the secretary in Russian or Kazakh (DOCGEN_UI_LANG, else the locale),
with the same exit code and the `file:line: field` lead untouched; English stays the default.
Each case is a real failure of the real CLI, run as a separate process with its environment."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from docx import Document
from helpers import BAD_INPUTS, SAMPLES

DOCGEN = [str(Path(sys.executable).parent / "docgen")]
SESSION = SAMPLES / "session-34.yaml"
LANGUAGES = [  # (environment, the language docgen must speak)
    ({"DOCGEN_UI_LANG": "ru"}, "ru"),
    ({"DOCGEN_UI_LANG": "kk"}, "kk"),
    ({"LANG": "ru_RU.UTF-8"}, "ru"),
    ({"LANG": "kk_KZ.UTF-8"}, "kk"),
    ({}, "en"),
]


def _docgen(*args: str | Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DOCGEN_UI_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")}
    return subprocess.run([*DOCGEN, *map(str, args)], env={**clean, **env},
                          capture_output=True, text=True, check=False)


def _said(result: subprocess.CompletedProcess, code: int, words: str) -> None:
    assert result.returncode == code, result.stderr
    assert words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def _template(folder: Path, text: str) -> Path:
    document = Document()
    document.add_paragraph(text)
    folder.mkdir(parents=True)
    document.save(str(folder / "notice.docx"))
    return folder


# --- rendering/ ---------------------------------------------------------------------------

UNKNOWN = {"ru": "использует то, чего нет в данных",
           "kk": "деректерде жоқ нәрсені пайдаланады",
           "en": "uses something the data does not have"}


@pytest.mark.parametrize(("env", "lang"), LANGUAGES)
def test_a_template_using_an_unknown_field(env: dict[str, str], lang: str,
                                           tmp_path: Path) -> None:
    templates = tmp_path / "mine"
    _template(templates / "templates_ru", "{{ session.no_such_field }}")
    result = _docgen("render", "notice", SESSION, "--lang", "ru", "--templates", templates,
                     "--out", tmp_path / "out", **env)
    _said(result, 1, UNKNOWN[lang])
    assert str(templates / "templates_ru" / "notice.docx") in result.stderr


LINK = {"ru": "символическая ссылка: docgen никогда не пишет через ссылку",
        "kk": "символдық сілтеме: docgen шығыс қалтасындағы сілтеме арқылы ешқашан жазбайды",
        "en": "is a symbolic link: docgen never writes through a link"}


@pytest.mark.parametrize(("env", "lang"), LANGUAGES)
def test_an_output_folder_that_is_a_link(env: dict[str, str], lang: str,
                                         tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    link = tmp_path / "out" / "session-34"
    link.parent.mkdir()
    link.symlink_to(outside, target_is_directory=True)
    result = _docgen("render", "notice", SESSION, "--out", tmp_path / "out", **env)
    _said(result, 1, LINK[lang])
    assert str(link) in result.stderr
    assert list(outside.iterdir()) == []


# --- records/ -----------------------------------------------------------------------------

NOT_A_JOURNAL = {"ru": "непригодный журнал docgen (file is not a database): восстановите его",
                 "kk": "docgen-нің жарамсыз журналы (file is not a database): оны сақтық",
                 "en": "not a usable docgen journal (file is not a database): restore it"}


@pytest.mark.parametrize(("env", "lang"), LANGUAGES)
def test_a_journal_that_cannot_be_opened(env: dict[str, str], lang: str,
                                         tmp_path: Path) -> None:
    journal = tmp_path / "archive" / "journal.sqlite"
    journal.parent.mkdir()
    journal.write_bytes(b"this is not sqlite" * 100)
    result = _docgen("archive", "list", "--archive", journal.parent, **env)
    _said(result, 1, f"{journal}: {NOT_A_JOURNAL[lang]}")


CHANGED_ROW = {"ru": "строка журнала {id} изменена в обход docgen: doc_date не совпадает с "
                     "записью цепочки 2",
               "kk": "{id} журнал жолы docgen-ді айналып өтіп өзгертілген: doc_date тізбектің "
                     "2 жазбасымен сәйкес емес",
               "en": "the journal row of {id} was changed outside docgen: doc_date differ(s) "
                     "from chained record 2"}


@pytest.mark.parametrize(("env", "lang"), LANGUAGES)
def test_a_journal_row_changed_behind_docgens_back(env: dict[str, str], lang: str,
                                                   tmp_path: Path) -> None:
    from docgen.records.journal import Journal

    archive = tmp_path / "archive"
    archive.mkdir()
    doc_id = "DG-00000000000000A1"
    journal = Journal(archive / "journal.sqlite")
    journal.reserve_number("council", "", "decision", 2025, 1)
    journal.record_generated(doc_id, kind="decision", body="council", region="",
                             doc_date="2025-03-01", lang="ru", reg_number=1)
    with closing(sqlite3.connect(archive / "journal.sqlite")) as raw, raw:
        raw.execute("UPDATE documents SET doc_date = '2025-03-02'")
    result = _docgen("archive", "verify", "--archive", archive, **env)
    assert result.returncode == 1, result.stderr
    assert CHANGED_ROW[lang].format(id=doc_id) in result.stdout, result.stdout


# --- papers/ ------------------------------------------------------------------------------

ABOVE_TOTAL = {"ru": "attendance.present': явка: присутствующих 386 — больше, чем всего "
                     "членов (385)",
               "kk": "attendance.present': қатысу: қатысқандар 386 — барлық мүшелерден (385) көп",
               "en": "attendance.present': attendance: 386 present is more than the 385 "
                     "members in all"}


@pytest.mark.parametrize(("env", "lang"), LANGUAGES)
def test_a_check_problem_of_the_minutes(env: dict[str, str], lang: str) -> None:
    bad = BAD_INPUTS / "minutes-present-above-total.yaml"
    result = _docgen("check", bad, **env)
    _said(result, 1, f"{bad}:13: field '{ABOVE_TOTAL[lang]}")


NO_COUNTING = {"ru": "тайное голосование подсчитывает счётная комиссия: добавьте counting: "
                     "{protocol_number: …",
               "kk": "жасырын дауыс беруді есеп комиссиясы санайды: counting: "
                     "{protocol_number: …",
               "en": "a secret ballot is counted by a counting commission: add counting: "
                     "{protocol_number: …"}


@pytest.mark.parametrize(("env", "lang"), LANGUAGES)
def test_a_rule_of_an_election_in_the_minutes(env: dict[str, str], lang: str,
                                              tmp_path: Path) -> None:
    bad = BAD_INPUTS / "minutes-secret-election-without-counting.yaml"
    result = _docgen("render", "minutes", bad, "--out", tmp_path / "out", **env)
    _said(result, 1, NO_COUNTING[lang])
    assert f"{bad}:100: field 'agenda[3].counting': " in result.stderr
    assert not (tmp_path / "out").exists()


# --- output/ ------------------------------------------------------------------------------

NOT_DOCX = {"ru": "не удалось перевести в PDF документов: 1 из 1:",
            "kk": "PDF-ке түрлендірілмеген құжаттар: 1 ішінен 1:",
            "en": "could not convert 1 of 1 document(s) to PDF:"}
NOT_ZIP = {"ru": "не файл DOCX (не ZIP-пакет:", "kk": "DOCX файлы емес (ZIP пакеті емес:",
           "en": "not a DOCX file (not a ZIP package:"}


@pytest.mark.parametrize(("env", "lang"), LANGUAGES)
def test_a_file_that_is_not_a_docx_is_not_converted(env: dict[str, str], lang: str,
                                                    tmp_path: Path) -> None:
    fake = tmp_path / "letter.docx"
    fake.write_text("a letter typed in a text editor\n", encoding="utf-8")
    result = _docgen("pdf", fake, **env)
    _said(result, 1, NOT_DOCX[lang])
    assert f"{fake}: {NOT_ZIP[lang]}" in result.stderr
    assert not fake.with_suffix(".pdf").exists()


NO_REGION = {"ru": "в --regions не указан ни один регион; укажите 'all' или id",
             "kk": "--regions ішінде бірде-бір өңір көрсетілмеген; 'all' не",
             "en": "--regions names no region; give 'all' or ids"}


@pytest.mark.parametrize(("env", "lang"), LANGUAGES)
def test_a_batch_given_no_region_is_a_usage_error(env: dict[str, str], lang: str,
                                                  tmp_path: Path) -> None:
    result = _docgen("batch", "notices", SAMPLES / "batch-session-34.yaml", "--regions", ",",
                     "--out", tmp_path / "out", **env)
    _said(result, 2, NO_REGION[lang])
    assert not (tmp_path / "out").exists()
