"""The lower layers speak the interface language too: a failure raised in rendering/, records/,
papers/ or output/ reaches the secretary in Russian or Kazakh (DOCGEN_UI_LANG, else the locale),
with the same exit code and the `file:line: field` lead untouched; English stays the default.
Each case is a real failure of the real CLI, run as a separate process with its environment."""

from __future__ import annotations

import os
import subprocess
import sys
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
