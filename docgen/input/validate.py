"""Load a data file and validate it against the data model, with file:line errors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from docgen.errors import DataError, lead, more_problems
from docgen.i18n import _
from docgen.input.languages import LANGS
from docgen.input.loader import Located, PathKey, dotted, load_yaml
from docgen.input.models import ORDER_KINDS, SESSION_KINDS, LocalizedName, Strict, Text, model_for

M = TypeVar("M", bound=Strict)
_MAX_REPORTED = 8


@dataclass
class Loaded(Generic[M]):
    """A validated data file: the model plus the line map for later rule errors."""

    model: M
    source: Located
    rulebook: Any = None
    """The rulebook in force for this file (set by the pipeline; a ``law`` Rulebook)."""
    roll: Any = None
    """What the member roll said of this file (:mod:`docgen.papers.roll_counts`), if asked."""
    options: dict[str, Any] = field(default_factory=dict)
    """What the command asked for beyond the kind: ``items`` (extracts), ``draft``."""

    @property
    def path(self) -> Path:
        return self.source.path

    def error(self, message: str, key: PathKey) -> DataError:
        """A DataError located at ``key`` of this file."""
        return self.source.error(message, key)


def validate_data(located: Located, model: type[M]) -> M:
    """Build ``model`` from located data; raise one DataError listing the problems."""
    if not isinstance(located.data, dict):
        raise located.error(_("the file must be a mapping of fields (name: value)"), ())
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        errors = exc.errors()
    problems = _problems(errors, located.data)
    messages = [(located.line_of(p.key), dotted(p.key), p.message)
                for p in problems[:_MAX_REPORTED]]
    first_line, first_field, first_msg = messages[0]
    extra = "".join(f"\n{lead(located.path, line, name)} {msg}"
                    for line, name, msg in messages[1:])
    if len(problems) > _MAX_REPORTED:
        extra += "\n" + more_problems(len(problems) - _MAX_REPORTED)
    raise DataError(first_msg + extra, path=located.path, line=first_line,
                    field=first_field) from None


def _data_key(loc: Iterable[Any], data: Any, kind: str) -> tuple[PathKey, int]:
    """The part of pydantic's ``loc`` that is a path in the user's data, and where the
    first other part (a union member's tag such as ``function-after[…]``) stood (-1: none).

    A part is kept when the data has it; a missing field's own name is kept last."""
    key: list[str | int] = []
    tag = -1
    current = data
    parts = list(loc)
    for index, part in enumerate(parts):
        in_data = (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int)
            and not isinstance(part, bool) and -len(current) <= part < len(current))
        if in_data:
            current = current[part]
        elif (index == len(parts) - 1 and isinstance(part, str) and kind == "missing"
              and isinstance(current, dict)):
            pass
        else:
            if tag < 0:
                tag = len(key)
            continue
        key.append(part)
    return tuple(key), tag


@dataclass
class _Problem:
    key: PathKey
    message: str
    kind: str
    what: str | None = None
    """What the value must be, for a value of the wrong kind (to merge a union's)."""
    value: str = ""
    """The value as shown in the message."""


def _problems(errors: list[Any], data: Any) -> list[_Problem]:
    """One problem per place: a union's alternatives (each member failing its own way)
    give one message, the most specific one (a check's own words, the deepest field)."""
    from docgen.input.messages import must_be, plain_message, shown  # only on a problem

    groups: dict[Any, list[_Problem]] = {}
    for number, err in enumerate(errors):
        kind = str(err.get("type", ""))
        key, tag = _data_key(err.get("loc", ()), data, kind)
        group = ("union", key[:tag]) if tag >= 0 else ("one", number)
        groups.setdefault(group, []).append(_Problem(key, plain_message(err), kind,
                                                     must_be(err), shown(err.get("input"))))
    return _did_you_mean([_one_of(problems) for problems in groups.values()])


def _one_of(problems: list[_Problem]) -> _Problem:
    """The problem that speaks for a union's alternatives: a check's own words, else the
    deepest; where several say "must be X, not V" of one value, "must be X or Y, not V"."""
    from docgen.input.messages import MUST_BE

    best = max(problems, key=_rank)
    if _rank(best)[0]:
        return best
    shapes = [p for p in problems if p.key == best.key and p.what]
    kinds = list(dict.fromkeys(p.what for p in shapes))
    if len(kinds) > 1 and len({p.value for p in shapes}) == 1:
        best.message = _(MUST_BE).format(what=_(" or ").join(kinds), input=shapes[0].value)
    return best


def _rank(problem: _Problem) -> tuple[bool, int]:
    return problem.kind in ("value_error", "assertion_error"), len(problem.key)


def _did_you_mean(problems: list[_Problem]) -> list[_Problem]:
    """A misspelt field is one problem: 'plase' is unknown, did you mean 'place' (which
    is then not reported missing as well)."""
    missing = {(p.key[:-1], p.key[-1]): p for p in problems
               if p.kind == "missing" and p.key and isinstance(p.key[-1], str)}
    if not missing:
        return problems
    import difflib  # only for a file with a problem: not on every run's path
    dropped: set[int] = set()
    for problem in problems:
        if problem.kind != "extra_forbidden" or not problem.key:
            continue
        parent, name = problem.key[:-1], str(problem.key[-1])
        near = difflib.get_close_matches(
            name, [str(n) for (where, n) in missing if where == parent], n=1, cutoff=0.6)
        if near:
            problem.message = _("is not a known field; did you mean '{name}'? "
                                "(`docgen schema` lists the fields)").format(name=near[0])
            dropped.add(id(missing.pop((parent, near[0]))))
    return [p for p in problems if id(p) not in dropped]


def missing_texts(model: BaseModel, langs: Iterable[str], key: PathKey = ()) -> list[tuple]:
    """Every (path, lang) where a translatable text lacks a language to render."""
    found: list[tuple] = []
    langs = tuple(langs)
    if isinstance(model, Text | LocalizedName):
        for lang in langs:
            value = model.get(lang)
            if value is None or not value.strip():
                found.append(((*key, lang), lang))
        return found
    for name in type(model).model_fields:
        value = getattr(model, name)
        alias = type(model).model_fields[name].alias or name
        found.extend(_walk(value, langs, (*key, alias)))
    return found


def _walk(value: Any, langs: tuple[str, ...], key: PathKey) -> list[tuple]:
    if isinstance(value, BaseModel):
        return missing_texts(value, langs, key)
    if isinstance(value, list):
        return [f for i, v in enumerate(value) for f in _walk(v, langs, (*key, i))]
    if isinstance(value, dict):
        return [f for k, v in value.items() for f in _walk(v, langs, (*key, k))]
    return []


def require_langs(loaded: Loaded, langs: Iterable[str]) -> None:
    """Raise when a text needed for one of ``langs`` is missing (no silent fallback)."""
    missing = missing_texts(loaded.model, langs)
    if missing:
        key, lang = missing[0]
        message = {"ru": _("the Russian text ('ru') is missing, so the ru document cannot be "
                           "made"),
                   "kk": _("the Kazakh text ('kk') is missing, so the kk document cannot be "
                           "made")}[lang]
        if len(missing) > 1:
            message += _(" ({count} more texts lack a language)").format(count=len(missing) - 1)
        raise loaded.error(message, key)


def _check_file_kind(located: Located, kind: str) -> None:
    """Refuse an order file given for a session document, or the other way round."""
    data = located.data
    if not isinstance(data, dict):
        return
    if kind in ORDER_KINDS and "order" not in data and "body" in data:
        raise located.error(_("this is a session file (body: {body}); it makes {kinds}, not "
                              "'{kind}'").format(body=data["body"], kinds=", ".join(SESSION_KINDS),
                                                 kind=kind), ("body",))
    if kind not in ORDER_KINDS and "order" in data and "body" not in data:
        raise located.error(_("this is an order file; it makes an order (docgen render order "
                              "{name}), not '{kind}'").format(name=located.path.name, kind=kind),
                            ("order",))


def load(path: str | Path, kind: str, langs: Iterable[str] = LANGS) -> Loaded:
    """Read, parse and validate the data file for ``kind`` in the given languages."""
    located = load_yaml(path)
    _check_file_kind(located, kind)
    model = validate_data(located, model_for(kind))
    loaded = Loaded(model=model, source=located)
    require_langs(loaded, langs)
    return loaded
