"""docgen speaks Russian, Kazakh and English: the interface language comes from DOCGEN_UI_LANG,
else the locale (LC_ALL, LC_MESSAGES, LANG), else English. Every message of the catalog has its
ru and kk translation with the same placeholders, nothing fuzzy; the catalog is what the code
says (extracted again here) and the compiled .mo files are the .po files'; click's own
messages and every --help are translated; exit codes and the papers do not change."""

from __future__ import annotations

import ast
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
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


# Every message of the lower layers is translated, as the CLI's are. An AST walk finds the
# literals (plain strings and f-strings holding words) that reach the user untranslated: the
# message of a DocgenError-family constructor (the family is found in the code, subclasses
# defined anywhere included), of a ValueError (a validator's words become the message) or the
# text of an OSError; the text of a problem or finding record (a dataclass named *Problem or
# *Finding: its detail / message / problem field), a `.message =` / `.detail =` assignment,
# an item appended to `notes` / `problems` / `findings`; and the message parameter of every
# function that passes its parameter on to one of those (`Located.error`, `rules.broken`, …).
# A name in the message is followed to its assignments in the function (or the module). A
# literal wrapped in _() / ngettext() / N_() is translated; a line marked `# i18n: keep` is
# a programming error no user sees, or the `file:line: field '…':` lead, the same in every
# language. UNTRANSLATED_FILES lists the files still to do: it
# only shrinks (a listed file that has become clean fails too, so the list stays honest).
UNTRANSLATED_FILES: set[str] = set()

_DOCGEN = ROOT / "docgen"
_TRANSLATORS = {"_", "ngettext", "N_", "gettext"}
_WORD = re.compile(r"[A-Za-z]{3,}")
_KEEP = "# i18n: keep"
_TEXT_FIELDS = ("detail", "message", "problem")


def _modules() -> dict[str, ast.Module]:
    return {str(p.relative_to(ROOT)): ast.parse(p.read_text(encoding="utf-8"))
            for p in sorted(_DOCGEN.rglob("*.py")) if "cli" not in p.relative_to(_DOCGEN).parts}


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _carriers(trees: list[ast.Module]) -> dict[str, tuple[int | None, set[str]]]:
    """Callable name → (position of its message argument, keyword names of it)."""
    classes = [n for tree in trees for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    family = {"DocgenError"}
    while True:
        grown = family | {c.name for c in classes
                          if any(getattr(b, "id", getattr(b, "attr", "")) in family
                                 for b in c.bases)}
        if grown == family:
            break
        family = grown
    carriers: dict[str, tuple[int | None, set[str]]] = {
        name: (0, {"message", "detail"}) for name in family}
    carriers.update({name: (0, set()) for name in ("ValueError", "AssertionError")})
    carriers.update({name: (1, set()) for name in
                     ("OSError", "IsADirectoryError", "FileNotFoundError", "PermissionError")})
    for cls in classes:
        if not cls.name.endswith(("Problem", "Finding")):
            continue
        fields = [s.target.id for s in cls.body
                  if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
        text = next((f for f in _TEXT_FIELDS if f in fields), None)
        if text is not None:
            carriers[cls.name] = (fields.index(text), {text})
    functions = [n for tree in trees for n in ast.walk(tree)
                 if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    while True:  # a function handing its parameter to a carrier is a carrier of it
        before = len(carriers)
        for fn in functions:
            if fn.name in carriers or fn.name.startswith("__"):
                continue
            params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
            offset = 1 if params[:1] in (["self"], ["cls"]) else 0
            for call in (c for c in ast.walk(fn) if isinstance(c, ast.Call)):
                found = _message_args(call, carriers)
                names = {a.id for a in found if isinstance(a, ast.Name)}
                hit = [p for p in params[offset:] if p in names]
                if hit:
                    carriers[fn.name] = (params.index(hit[0]) - offset, {hit[0]})
                    break
        if len(carriers) == before:
            return carriers


def _message_args(call: ast.Call, carriers: dict) -> list[ast.expr]:
    name = _call_name(call)
    if name == "append" and isinstance(call.func, ast.Attribute):
        target = call.func.value
        owner = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if owner.endswith(("notes", "problems", "findings", "errors")) and call.args:
            arg = call.args[0]
            return [arg.elts[-1] if isinstance(arg, ast.Tuple) and arg.elts else arg]
        return []
    if name not in carriers:
        return []
    position, keywords = carriers[name]
    found = [k.value for k in call.keywords if k.arg in keywords]
    if position is not None and len(call.args) > position:
        found.append(call.args[position])
    return found


def _assignments(scope: ast.AST) -> dict[str, list[ast.expr]]:
    found: dict[str, list[ast.expr]] = {}
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign) and node.value is not None \
                and isinstance(node.target, ast.Name):
            found.setdefault(node.target.id, []).append(node.value)
    return found


def _words(text: str, inner: bool) -> bool:
    """Words a user reads: a phrase inside a message (``{hint}``), not an identifier."""
    return bool(_WORD.search(text)) and (not inner or " " in text.strip())


_FUNCTIONS: dict[str, list[ast.FunctionDef]] = {}
"""docgen's functions by name: a message built by one (``nearest_name(path)``) is followed
into what it returns."""


def _returns(fn: ast.FunctionDef) -> list[ast.expr]:
    found, stack = [], list(fn.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Return) and node.value is not None:
            found.append(node.value)
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
                          | ast.Lambda):
            stack.extend(ast.iter_child_nodes(node))
    return found


def _untranslated(expr: ast.expr, names: dict[str, list[ast.expr]], seen: set[int],
                  inner: bool = False) -> list[ast.expr]:
    """The literals of ``expr`` that hold words and are not wrapped in a translator call."""
    if id(expr) in seen:
        return []
    seen.add(id(expr))
    if isinstance(expr, ast.Constant):
        return [expr] if isinstance(expr.value, str) and _words(expr.value, inner) else []
    if isinstance(expr, ast.JoinedStr):
        text = "".join(v.value for v in expr.values if isinstance(v, ast.Constant))
        own = [expr] if _words(text, inner) else []
        return own + [f for v in expr.values if isinstance(v, ast.FormattedValue)
                      for f in _untranslated(v.value, names, seen, True)]
    if isinstance(expr, ast.Call):
        if _call_name(expr) in _TRANSLATORS:
            return []
        if isinstance(expr.func, ast.Attribute) and expr.func.attr in ("format", "join",
                                                                       "strip", "rstrip"):
            return _untranslated(expr.func.value, names, seen, inner)  # _("…").format(…)
        return [f for fn in _FUNCTIONS.get(_call_name(expr), []) if id(fn) not in seen
                and not seen.add(id(fn)) for value in _returns(fn)
                for f in _untranslated(value, _assignments(fn), seen, inner)]
    if isinstance(expr, ast.Name):
        return [f for value in names.get(expr.id, [])
                for f in _untranslated(value, names, seen, inner)]
    if isinstance(expr, ast.ListComp | ast.GeneratorExp):
        return _untranslated(expr.elt, names, seen, inner)
    if isinstance(expr, ast.BinOp | ast.BoolOp | ast.IfExp | ast.Tuple | ast.List):
        return [f for child in ast.iter_child_nodes(expr) if isinstance(child, ast.expr)
                for f in _untranslated(child, names, seen, inner)]
    return []


def _untranslated_messages() -> dict[str, list[str]]:
    """Relative file → its untranslated messages (``line: text``)."""
    trees = _modules()
    carriers = _carriers(list(trees.values()))
    _FUNCTIONS.clear()
    file_of: dict[int, str] = {}
    for rel, tree in trees.items():
        for node in ast.walk(tree):
            file_of[id(node)] = rel
            if isinstance(node, ast.FunctionDef) and node.name not in carriers:
                _FUNCTIONS.setdefault(node.name, []).append(node)
    lines_of = {rel: (ROOT / rel).read_text(encoding="utf-8").splitlines() for rel in trees}
    found: dict[str, set[str]] = {}
    for tree in trees.values():
        module_names = _assignments(ast.Module(body=[s for s in tree.body if isinstance(
            s, ast.Assign | ast.AnnAssign)], type_ignores=[]))
        scopes = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef |
                                                             ast.AsyncFunctionDef)]
        for scope in [tree, *scopes]:
            names = {**module_names, **(_assignments(scope) if scope is not tree else {})}
            body = scope.body if scope is not tree else [
                s for s in tree.body if not isinstance(s, ast.FunctionDef | ast.ClassDef)]
            nodes = [n for stmt in body for n in ast.walk(stmt)]
            for node in nodes:
                exprs = _message_args(node, carriers) if isinstance(node, ast.Call) else []
                if isinstance(node, ast.Assign) and any(
                        isinstance(t, ast.Attribute) and t.attr in ("message", "detail")
                        for t in node.targets):
                    exprs = [node.value]
                if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) \
                        and node.target.id.endswith(("notes", "problems", "findings")):
                    exprs = [node.value]
                for expr in exprs:
                    for literal in _untranslated(expr, names, set()):
                        home = file_of[id(literal)]
                        span = lines_of[home][literal.lineno - 1:literal.end_lineno]
                        if not any(_KEEP in line for line in span):
                            found.setdefault(home, set()).add(
                                f"{literal.lineno}: {ast.unparse(literal)[:70]}")
    return {rel: sorted(messages) for rel, messages in found.items()}


def test_every_message_of_the_lower_layers_is_translated() -> None:
    found = _untranslated_messages()
    new = {rel: found[rel] for rel in sorted(set(found) - UNTRANSLATED_FILES)}
    assert not new, "wrap these in _() (or ngettext/N_), then `make messages`:\n" + "\n".join(
        f"{rel}:{m}" for rel, ms in new.items() for m in ms)
    done = sorted(UNTRANSLATED_FILES - set(found))
    assert not done, f"translated now: remove from UNTRANSLATED_FILES: {done}"
    assert all((ROOT / rel).is_file() for rel in UNTRANSLATED_FILES)


def test_the_scan_finds_an_untranslated_message(tmp_path: Path) -> None:
    """The walk above can fail: each carrier, given an English literal, is found."""
    source = '''
class LocalError(DataError):
    pass
def fail(message, key):
    return LocalError(message, path=key)
def check(x, notes, problems):
    hint = f"; did you mean {x}?"
    notes.append(f"members_total: {x} is late")
    problems.append(("gender", "is not m or f"))
    problems.append(("gender", _("is not m or f")))
    raise fail(f"unknown region {x}{hint}", "region")
def size(x):
    raise LocalError(_too_large(x) + _("; set the limit"))
def _too_large(x):
    return f"the file is {x} MB"
'''
    tree = ast.parse(source)
    carriers = _carriers([tree, *(_modules().values())])
    assert {"LocalError", "fail", "DataError", "error", "broken"} <= set(carriers)
    _FUNCTIONS.clear()
    _FUNCTIONS["_too_large"] = [tree.body[-1]]
    literals = [ast.unparse(lit) for function in tree.body[2:4] for node in ast.walk(function)
                if isinstance(node, ast.Call) for expr in _message_args(node, carriers)
                for lit in _untranslated(expr, _assignments(function), set())]
    assert literals == ["f'members_total: {x} is late'", "'is not m or f'",
                        "f'unknown region {x}{hint}'", "f'; did you mean {x}?'",
                        "f'the file is {x} MB'"], literals


def test_no_message_is_translated_at_import_time() -> None:
    """A message translated when its module is imported keeps the language of that moment:
    module and class level texts are marked with N_() and translated with _() where used."""
    sample = ast.parse("X = _('a')\nclass C:\n    Y = _('b')\n    def f(self, z=_('c')):\n"
                       "        return _('d')\n")
    assert [n.args[0].value for n in _import_time(sample)
            if isinstance(n, ast.Call) and _call_name(n) == "_"] == ["a", "b", "c"]
    found = []
    for rel, tree in _modules().items():
        if rel == "docgen/i18n.py":
            continue
        for node in _import_time(tree):
            if isinstance(node, ast.Call) and _call_name(node) in ("_", "ngettext", "gettext"):
                found.append(f"{rel}:{node.lineno}")
    assert not found, found


def _import_time(node: ast.AST) -> Iterator[ast.AST]:
    """The nodes evaluated when the module is imported (not function bodies; their defaults
    and decorators are)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            for part in (*child.decorator_list, *child.args.defaults,
                         *(d for d in child.args.kw_defaults if d is not None)):
                yield from ast.walk(part)
        elif not isinstance(child, ast.Lambda):
            yield child
            yield from _import_time(child)


# The messages of the lower layers follow the interface language, on real bad data: the
# `file:line: field '…':` lead (or `column '…':` of a roll row) and the exit code stay.
BAD_DATA = {
    "missing": ("session-34.yaml", "number: 34\n", ""),
    "type": ("session-34.yaml", "members_total: 385", "members_total: много"),
    "date": ("session-34.yaml", "date: 2026-05-06", "date: 2026-02-30"),
    "region": ("small-assembly-karaganda-12.yaml", "region: karaganda", "region: karaganad"),
}
LEADS = {"missing": "missing.yaml:2: field 'number': ",
         "type": "type.yaml:11: field 'members_total': ",
         "date": "date.yaml:6: field 'date': ",
         "region": "region.yaml:3: field 'region': ",
         "roll": "roll.csv:3: column 'region': "}
EXPLAINED = {
    "en": {"missing": "is required but missing",
           "type": "must be a whole number, not 'много'",
           "date": "impossible value '2026-02-30': there is no such day in that month",
           "region": "unknown region 'karaganad'; known regions: abai,",
           "region-hint": "; did you mean 'karaganda'?",
           "roll": "unknown region 'abaj' (did you mean abai?)",
           "roll-2": "roll.csv:3: column 'gender': 'x' is not m or f"},
    "ru": {"missing": "обязательно, но не указано",
           "type": "должно быть целым числом, а не 'много'",
           "date": "невозможное значение '2026-02-30': в этом месяце нет такого дня",
           "region": "неизвестный регион 'karaganad'; известные регионы: abai,",
           "region-hint": "; возможно, имелся в виду 'karaganda'?",
           "roll": "неизвестный регион 'abaj' (возможно, имелся в виду abai?)",
           "roll-2": "roll.csv:3: column 'gender': 'x' — не m и не f"},
    "kk": {"missing": "міндетті, бірақ берілмеген",
           "type": "бүтін сан болуы керек, 'много' емес",
           "date": "мүмкін емес мән '2026-02-30': бұл айда мұндай күн жоқ",
           "region": "белгісіз өңір 'karaganad'; белгілі өңірлер: abai,",
           "region-hint": "; мүмкін, 'karaganda' деп жазғыңыз келген шығар?",
           "roll": "белгісіз өңір 'abaj' (мүмкін, abai деп жазғыңыз келген шығар?)",
           "roll-2": "roll.csv:3: column 'gender': 'x': m немесе f болуы керек"},
}


@pytest.fixture(scope="module")
def bad_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad-data")
    for name, (sample, old, new) in BAD_DATA.items():
        text = (SAMPLES / sample).read_text(encoding="utf-8")
        assert old in text
        (folder / f"{name}.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    rows = (SAMPLES / "roll.csv").read_text(encoding="utf-8").splitlines()
    assert ",abai," in rows[2] and ",f," in rows[2]
    rows[2] = rows[2].replace(",abai,", ",abaj,").replace(",f,", ",x,")
    (folder / "roll.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(("env", "lang"), [
    ({"DOCGEN_UI_LANG": "ru"}, "ru"), ({"DOCGEN_UI_LANG": "kk"}, "kk"),
    ({"LANG": "kk_KZ.UTF-8"}, "kk"), ({"DOCGEN_UI_LANG": "en", "LANG": "ru_RU.UTF-8"}, "en"),
])
def test_bad_data_is_explained_in_the_interface_language(env: dict[str, str], lang: str,
                                                          bad_data: Path) -> None:
    words = EXPLAINED[lang]
    for name in BAD_DATA:
        done = _docgen("check", f"{name}.yaml", cwd=bad_data, **env)
        assert done.returncode == 1, done.stderr
        assert done.stderr.startswith(f"{ERROR[lang]}{LEADS[name]}{words[name]}"), done.stderr
        assert "Traceback" not in done.stderr
    region = _docgen("check", "region.yaml", cwd=bad_data, **env).stderr
    assert region.rstrip().endswith(words["region-hint"]), region
    roll = _docgen("members", "import", "roll.csv", "--archive", "archive", cwd=bad_data, **env)
    assert roll.returncode == 1
    assert roll.stderr.splitlines() == [f"{ERROR[lang]}{LEADS['roll']}{words['roll']}",
                                        words["roll-2"]], roll.stderr
    assert not (bad_data / "archive" / "journal.sqlite").exists()


ENGLISH_WORDS = re.compile(r"\b(must|not|the|is|a|an|of|or|value|field|number|text|date|"
                           r"list|empty|missing|known|cannot|may|hold)\b")


@pytest.mark.parametrize("lang", LANGS)
def test_every_pydantic_error_is_explained_in_the_language(lang: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Each of pydantic-core's error types, in Russian and in Kazakh: no English word left."""
    from test_messages import ERROR_TYPES, _error

    from docgen.input.messages import plain_message

    monkeypatch.setenv("DOCGEN_UI_LANG", lang)
    english = []
    for kind in ERROR_TYPES:
        for value in (None, ["a"], {"a": 1}, "x"):
            err = _error(kind, value)
            if kind in ("value_error", "assertion_error"):
                continue  # the check's own words (translated where the check raises them)
            message = plain_message(err)
            if ENGLISH_WORDS.search(message.replace("true", "").replace("false", "")):
                english.append(f"{kind}: {message}")
    assert not english, "\n".join(english)


SYNTAX = {  # a field indented under a value; a list left open
    "en": ("y.yaml:2: YAML syntax error: mapping values are not allowed here",
           "z.yaml:3: YAML syntax error: while parsing a flow sequence (which starts on line 2), "
           "expected ',' or ']', but got ':'"),
    "ru": ("y.yaml:2: ошибка синтаксиса YAML: значение поля здесь недопустимо",
           "z.yaml:3: ошибка синтаксиса YAML: при разборе списка в квадратных скобках "
           "(начинается в строке 2), ожидалась ',' или ']', а найдено ':'"),
    "kk": ("y.yaml:2: YAML синтаксисінің қатесі: мұнда өріс мәні болмайды",
           "z.yaml:3: YAML синтаксисінің қатесі: төртбұрышты жақшадағы тізімді талдау кезінде "
           "(2-жолдан басталады), ',' немесе ']' күтілген, бірақ ':' табылды"),
}


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_a_yaml_syntax_error_is_explained_in_the_language(lang: str, tmp_path: Path) -> None:
    (tmp_path / "y.yaml").write_text("a: 1\n b: 2\n", encoding="utf-8")
    (tmp_path / "z.yaml").write_text("a: 1\nb: [1, 2\nc: 3\n", encoding="utf-8")
    for name, said in zip(("y.yaml", "z.yaml"), SYNTAX[lang], strict=True):
        done = _docgen("check", name, cwd=tmp_path, DOCGEN_UI_LANG=lang)
        assert done.returncode == 1
        assert done.stderr.strip() == f"{ERROR[lang]}{said}"


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "session_quorum: at least 2/3 of all members of the Assembly (p.5)"),
    ("ru", "session_quorum: не менее 2/3 от всех членов Ассамблеи (п.5)"),
    ("kk", "session_quorum: Ассамблеяның барлық мүшелерінің кемінде 2/3 бөлігі (5-т.)"),
])
def test_a_threshold_is_said_in_the_language(lang: str, said: str, tmp_path: Path) -> None:
    """The rulebook gives whom a share is of in each interface language; a rulebook giving
    it as plain text (one language) is still read."""
    done = _docgen("rules", DOCGEN_UI_LANG=lang)
    assert done.returncode == 0
    line = next(x.strip() for x in done.stdout.splitlines() if "session_quorum:" in x)
    assert line.startswith(said.split(" (")[0]), line
    builtin = ROOT / "docgen" / "law" / "rulebooks" / "regulation-2002.yaml"
    text = builtin.read_text(encoding="utf-8")
    plain = tmp_path / "rb.yaml"
    plain.write_text(text.replace("    of:\n      en: all members of the Assembly\n"
                                  "      ru: всех членов Ассамблеи\n"
                                  "      kk: Ассамблеяның барлық мүшелерінің\n",
                                  "    of: the whole Assembly\n", 1), encoding="utf-8")
    done = _docgen("rules", "--rulebook", plain, DOCGEN_UI_LANG=lang)
    assert done.returncode == 0, done.stderr
    assert "2/3" in done.stdout and "the whole Assembly" in done.stdout


@pytest.mark.parametrize(("lang", "rule"), [
    ("en", "notice period of one month (p.8): "), ("ru", "срок извещения — один месяц (п. 8): "),
    ("kk", "хабарлау мерзімі — бір ай (8-тармақ): ")])
def test_a_rule_names_its_paragraph_in_the_language(lang: str, rule: str) -> None:
    bad = BAD_INPUTS / "notice-regular-one-day-late.yaml"
    done = _docgen("check", bad, DOCGEN_UI_LANG=lang)
    assert done.returncode == 1
    assert done.stderr.startswith(
        f"{ERROR[lang]}{bad}:16: field 'convocation.notice_date': {rule}"), done.stderr
