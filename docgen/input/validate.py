"""Load a data file and validate it against the data model, with file:line errors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from docgen.errors import DataError
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


def _friendly(err: dict[str, Any]) -> str:
    kind = err["type"]
    if kind == "missing":
        return _("is required but missing")
    if kind == "extra_forbidden":
        return _("is not a known field (check its spelling; `docgen schema` lists the fields)")
    if kind in ("int_parsing", "int_type"):
        return _("must be a whole number, not {value}").format(value=repr(err.get("input")))
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return _("must be a date as YYYY-MM-DD, not {value}").format(value=repr(err.get("input")))
    if kind == "greater_than":
        return _("must be greater than {limit}, not {value}").format(
            limit=err["ctx"]["gt"], value=repr(err.get("input")))
    if kind == "greater_than_equal":
        return _("must be {limit} or more, not {value}").format(
            limit=err["ctx"]["ge"], value=repr(err.get("input")))
    if kind == "less_than_equal":
        return _("must be at most {limit}, not {value}").format(
            limit=err["ctx"]["le"], value=repr(err.get("input")))
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return msg[0].lower() + msg[1:] if msg else kind


def _as_key(loc: Iterable[Any]) -> PathKey:
    return tuple(part for part in loc if isinstance(part, (str, int)))


def validate_data(located: Located, model: type[M]) -> M:
    """Build ``model`` from located data; raise one DataError listing the problems."""
    if not isinstance(located.data, dict):
        raise located.error(_("the file must be a mapping of fields (name: value)"), ())
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        errors = exc.errors()
        messages = []
        for err in errors[:_MAX_REPORTED]:
            key = _as_key(err["loc"])
            # Union members add their class name to loc; drop parts the data does not have.
            key = tuple(k for k in key if not (isinstance(k, str) and k[:1].isupper()))
            line = located.line_of(key)
            messages.append((line, dotted(key), _friendly(err)))
        first_line, first_field, first_msg = messages[0]
        extra = "".join(
            f"\n{located.path}:{line}: field '{name}': {msg}" for line, name, msg in messages[1:]
        )
        if len(errors) > _MAX_REPORTED:
            extra += f"\n… and {len(errors) - _MAX_REPORTED} more problems"
        raise DataError(first_msg + extra, path=located.path, line=first_line,
                        field=first_field) from None


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
        raise located.error(f"this is a session file (body: {data['body']}); it makes "
                            f"{', '.join(SESSION_KINDS)}, not '{kind}'", ("body",))
    if kind not in ORDER_KINDS and "order" in data and "body" not in data:
        raise located.error(f"this is an order file; it makes an order "
                            f"(docgen render order {located.path.name}), not '{kind}'",
                            ("order",))


def load(path: str | Path, kind: str, langs: Iterable[str] = LANGS) -> Loaded:
    """Read, parse and validate the data file for ``kind`` in the given languages."""
    located = load_yaml(path)
    _check_file_kind(located, kind)
    model = validate_data(located, model_for(kind))
    loaded = Loaded(model=model, source=located)
    require_langs(loaded, langs)
    return loaded
