"""docgen speaks Russian, Kazakh and English: the interface language comes from DOCGEN_UI_LANG,
else the locale (LC_ALL, LC_MESSAGES, LANG), else English. Every message of the catalog has its
ru and kk translation with the same placeholders, nothing fuzzy; the catalog is what the code
says (extracted again here) and the compiled .mo files are the .po files'; click's own
messages and every --help are translated; exit codes and the papers do not change."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from helpers import BAD_INPUTS, SAMPLES

from docgen.cli.language import CLICK_MODULES
from tests.helpers import ROOT

LOCALE = ROOT / "docgen" / "locale"
LANGS = ("ru", "kk")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)s")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
METHOD = "tools.babel_extract:extract"
DOCGEN = [str(Path(sys.executable).parent / "docgen")]


def _catalog(lang: str):
    with (LOCALE / lang / "LC_MESSAGES" / "docgen.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def _extracted() -> set[str]:
    """Every message of the code as `make messages` extracts it (docgen's and click's)."""
    found = {m[2] if isinstance(m[2], str) else m[2][0]
             for m in extract_from_dir(ROOT / "docgen", [("**.py", METHOD)], keywords=KEYWORDS)}
    click_dir = Path(click.__file__).parent
    for name in CLICK_MODULES:
        for m in extract_from_file(METHOD, click_dir / f"{name}.py", keywords=KEYWORDS):
            found.add(m[1] if isinstance(m[1], str) else m[1][0])
    return found


def _id(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_has_its_translation_with_the_same_placeholders(lang: str) -> None:
    catalog = _catalog(lang)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        if not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        forms = [set(PLACEHOLDER.findall(i)) for i in ids]
        for string in strings:  # as the msgid's (a plural form: within singular and plural)
            got = set(PLACEHOLDER.findall(string))
            if (len(ids) == 1 and got != forms[0]) or not got <= set().union(*forms):
                problems.append(f"placeholders {sorted(got)} for {sorted(forms[0])}: {ids[0]!r}")
        if "\b" in ids[0] and strings[0].count("\b") != ids[0].count("\b"):
            problems.append(f"the \\b of a --help text lost: {ids[0]!r}")
    assert not problems, "\n".join(problems)
    assert len([m for m in catalog if m.id]) > 150


def test_kazakh_is_written_in_kazakh() -> None:
    """Not the Russian text again: Kazakh words, with the letters only Kazakh has."""
    russian = {_id(m): m.string for m in _catalog("ru") if m.id}
    kazakh = [m for m in _catalog("kk") if m.id and isinstance(m.string, str)
              and len(m.string) > 25 and not m.string.startswith("{")]
    same = [_id(m) for m in kazakh if m.string == russian.get(_id(m))]
    assert not same, same
    own = [m for m in kazakh if any(c in m.string.lower() for c in "әғқңөұүһі")]
    assert len(own) > 0.8 * len(kazakh)


def test_every_message_of_the_code_is_in_the_catalogs() -> None:
    """A message added or changed in the code without `make messages` fails here."""
    code = _extracted()
    for lang in LANGS:
        missing = code - {_id(m) for m in _catalog(lang) if m.id}
        assert not missing, f"{lang}: run `make messages` and translate: {sorted(missing)}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_compiled_catalogs_are_the_po_files(lang: str) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _catalog(lang))
    mo = LOCALE / lang / "LC_MESSAGES" / "docgen.mo"
    assert mo.read_bytes() == compiled.getvalue(), "run `make messages` (the .mo drifted)"


def _env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DOCGEN_UI_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")}
    return {**env, **values}


def _docgen(*args: str | Path, cwd: Path | None = None, **env: str):
    return subprocess.run([*DOCGEN, *map(str, args)], env=_env(**env), cwd=cwd,
                          capture_output=True, text=True, check=False)


ENVIRONMENTS = [
    ({"DOCGEN_UI_LANG": "ru"}, "ru"),
    ({"DOCGEN_UI_LANG": "kk", "LANG": "ru_RU.UTF-8"}, "kk"),
    ({"LANG": "ru_KZ.UTF-8"}, "ru"),
    ({"LANG": "kk_KZ.UTF-8"}, "kk"),
    ({"LC_MESSAGES": "kk_KZ.UTF-8", "LANG": "ru_RU.UTF-8"}, "kk"),
    ({"LC_ALL": "ru_RU.UTF-8", "LANG": "kk_KZ.UTF-8"}, "ru"),
    ({"DOCGEN_UI_LANG": "en", "LANG": "kk_KZ.UTF-8"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({}, "en"),
]
NOT_FOUND = {"ru": "файл не найден", "kk": "файл табылмады", "en": "file not found"}
NO_OPTION = {"ru": "Нет такого параметра '--nope'", "kk": "'--nope' деген параметр жоқ",
             "en": "No such option '--nope'"}
USAGE = {"ru": "Использование: docgen check", "kk": "Қолданылуы: docgen check",
         "en": "Usage: docgen check"}
ERROR = {"ru": "Ошибка: ", "kk": "Қате: ", "en": "Error: "}


@pytest.mark.parametrize(("env", "lang"), ENVIRONMENTS)
def test_messages_follow_the_interface_language(env: dict[str, str], lang: str,
                                                tmp_path: Path) -> None:
    missing = _docgen("check", "nofile.yaml", cwd=tmp_path, **env)
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"{ERROR[lang]}nofile.yaml: {NOT_FOUND[lang]}"
    usage = _docgen("check", "--nope", cwd=tmp_path, **env)
    assert usage.returncode == 2
    assert USAGE[lang] in usage.stderr and NO_OPTION[lang] in usage.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_a_rule_error_keeps_its_lead_and_explains_in_the_language(lang: str) -> None:
    bad = BAD_INPUTS / "notice-regular-one-day-late.yaml"
    done = _docgen("check", bad, DOCGEN_UI_LANG=lang)
    assert done.returncode == 1
    lead = f"{ERROR[lang]}{bad}:16: field 'convocation.notice_date': "
    assert done.stderr.startswith(lead), done.stderr
    fix = {"ru": "перенесите извещение на 2026-03-27 или раньше",
           "kk": "хабарламаны 2026-03-27 күніне немесе ертерек"}[lang]
    assert fix in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(("lang", "words"), [
    ("ru", ("Использование:", "Параметры:", "Команды:", "Пример:", "Показать эту справку")),
    ("kk", ("Қолданылуы:", "Параметрлер:", "Пәрмендер:", "Мысал:", "Осы анықтаманы көрсетіп")),
])
def test_help_is_translated_and_its_examples_kept(lang: str, words: tuple[str, ...]) -> None:
    for args in ((), ("render",), ("members", "import"), ("archive", "add"), ("init",)):
        done = _docgen(*args, "--help", DOCGEN_UI_LANG=lang)
        assert done.returncode == 0
        if args:
            words = tuple(w for w in words if w != "Пәрмендер:" and w != "Команды:")
        for word in words:
            assert word in done.stdout, (args, word)
    render = _docgen("render", "--help", DOCGEN_UI_LANG=lang).stdout
    assert "docgen render notice inputs/session-34.yaml --pdf --archive archive --revise" in render


def test_the_papers_do_not_depend_on_the_interface_language(tmp_path: Path) -> None:
    made = {}
    for lang in ("en", "ru", "kk"):
        out = tmp_path / lang
        done = _docgen("render", "notice", SAMPLES / "session-34.yaml", "--out", out,
                       DOCGEN_UI_LANG=lang, DOCGEN_CACHE="off")
        assert done.returncode == 0, done.stderr
        made[lang] = {p.name: p.read_bytes() for p in sorted((out / "session-34").glob("*.docx"))}
    assert len(made["en"]) == 2
    assert made["ru"] == made["en"] == made["kk"]
