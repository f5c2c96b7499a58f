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
from helpers import SAMPLES

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
