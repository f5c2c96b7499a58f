"""The built-in regions: the 20 small assemblies with their names in Russian and Kazakh.

The data lives in the packaged ``docgen/data/regions.yaml`` (17 oblasts and the cities
Astana, Almaty and Shymkent, as of 2026). Each :class:`Region` carries the name forms
official documents need: ``ru`` nominative / genitive / prepositional / short and
``kk`` nominative / genitive / locative / short, the akim's title, and the small
assembly's official name in the nominative, genitive and dative.

>>> get_region("karaganda").name("kk", "genitive")
'Қарағанды облысының'
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from docgen.errors import DataError
from docgen.i18n import _

__all__ = ["FORMS", "KINDS", "LANGS", "Region", "get_region", "load_regions", "region_ids"]

LANGS: tuple[str, ...] = ("ru", "kk")
"""The languages every name is given in."""

FORMS: dict[str, tuple[str, ...]] = {
    "ru": ("nominative", "genitive", "prepositional", "short"),
    "kk": ("nominative", "genitive", "locative", "short"),
}
"""The name forms each language has, in the order of the data file."""

KINDS: tuple[str, ...] = ("oblast", "city")
"""``oblast`` (облыс / область) or ``city`` of republican significance."""

_DATA_FILE = "regions.yaml"
_ID_RE = re.compile(r"[a-z_]+")
_BILINGUAL = ("center", "akim", "assembly", "assembly_genitive", "assembly_dative")


@dataclass(frozen=True)
class Region:
    """One region (oblast or city) and the names of its small assembly.

    The dicts are keyed by language (``"ru"``, ``"kk"``); ``names`` by language, then
    form. They are shared by every caller of :func:`load_regions`: do not modify them.
    """

    id: str
    kind: str
    center: dict[str, str]
    names: dict[str, dict[str, str]]
    akim: dict[str, str]
    assembly: dict[str, str]
    assembly_genitive: dict[str, str]
    assembly_dative: dict[str, str]
    regulation: Any = None
    """The small assembly's own regulation (an ``OwnRegulation``), when the data file has it."""

    def __hash__(self) -> int:
        return hash(self.id)

    def name(self, lang: str, form: str = "nominative") -> str:
        """Return the region's name in ``lang`` (``ru``/``kk``) and grammatical ``form``."""
        if lang not in self.names:
            raise DataError(
                _("unknown language '{lang}'; known languages: {known}").format(
                    lang=lang, known=", ".join(LANGS)), field="lang")
        forms = self.names[lang]
        if form not in forms:
            raise DataError(
                _("unknown {lang} name form '{form}'; known forms: {known}").format(
                    lang=lang, form=form, known=", ".join(forms)),
                field="form",
            )
        return forms[form]


def _bilingual(raw: Any, where: str, index: int) -> dict[str, str]:
    """Check a ``{ru: ..., kk: ...}`` mapping of non-empty strings and return it as a dict."""
    if not isinstance(raw, dict) or set(raw) != set(LANGS):
        raise DataError(
            _("region #{number}: '{where}' must have exactly the keys {keys}").format(
                number=index + 1, where=where, keys=", ".join(LANGS)),
            path=_DATA_FILE,
            field=where,
        )
    out: dict[str, str] = {}
    for lang in LANGS:
        value = raw[lang]
        if not isinstance(value, str) or not value.strip():
            raise DataError(
                _("region #{number}: '{where}' must be a non-empty string").format(
                    number=index + 1, where=f"{where}.{lang}"),
                path=_DATA_FILE,
                field=f"{where}.{lang}",
            )
        out[lang] = value
    return out


def _parse_region(raw: Any, index: int) -> Region:
    """Build a :class:`Region` from one entry of the data file, checking its shape."""
    if not isinstance(raw, dict):
        raise DataError(_("region #{number} is not a mapping").format(number=index + 1),
                        path=_DATA_FILE)
    rid = raw.get("id")
    if not isinstance(rid, str) or not _ID_RE.fullmatch(rid):
        raise DataError(
            _("region #{number}: id {id} is not an ascii slug [a-z_]+").format(
                number=index + 1, id=repr(rid)),
            path=_DATA_FILE,
            field="id",
        )
    kind = raw.get("kind")
    if kind not in KINDS:
        raise DataError(
            _("region '{region}': kind {kind} is not one of {kinds}").format(
                region=rid, kind=repr(kind), kinds=", ".join(KINDS)),
            path=_DATA_FILE,
            field="kind",
        )
    raw_names = raw.get("names")
    if not isinstance(raw_names, dict) or set(raw_names) != set(LANGS):
        raise DataError(
            _("region '{region}': '{where}' must have exactly the keys {keys}").format(
                region=rid, where="names", keys=", ".join(LANGS)),
            path=_DATA_FILE,
            field="names",
        )
    names: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        forms = raw_names[lang]
        if not isinstance(forms, dict) or set(forms) != set(FORMS[lang]):
            raise DataError(
                _("region '{region}': '{where}' must have exactly the forms {forms}").format(
                    region=rid, where=f"names.{lang}", forms=", ".join(FORMS[lang])),
                path=_DATA_FILE,
                field=f"names.{lang}",
            )
        names[lang] = {}
        for form in FORMS[lang]:
            value = forms[form]
            if not isinstance(value, str) or not value.strip():
                raise DataError(
                    _("region '{region}': '{where}' must be a non-empty string").format(
                        region=rid, where=f"names.{lang}.{form}"),
                    path=_DATA_FILE,
                    field=f"names.{lang}.{form}",
                )
            names[lang][form] = value
    fields = {key: _bilingual(raw.get(key), key, index) for key in _BILINGUAL}
    return Region(id=rid, kind=kind, names=names, regulation=_regulation(raw, rid), **fields)


def _regulation(raw: dict, rid: str) -> Any:
    """The region's own regulation (optional), checked like a data file's ``regulation``."""
    if raw.get("regulation") is None:
        return None
    from pydantic import ValidationError

    from docgen.input.models import OwnRegulation

    try:
        return OwnRegulation.model_validate(raw["regulation"])
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        from docgen.input.messages import plain_message

        raise DataError(f"region '{rid}': regulation.{where}: {plain_message(first)}",  # i18n: keep
                        path=_DATA_FILE, field=f"regulation.{where}") from None


@functools.cache
def load_regions() -> dict[str, Region]:
    """Return all regions by id, in the order of the data file (read once, then cached)."""
    text = resources.files("docgen").joinpath("data", _DATA_FILE).read_text(encoding="utf-8")
    try:
        # libyaml's loader when PyYAML has it: the same safe loader, ~10x faster here
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataError(_("not valid YAML: {problem}").format(problem=exc), path=_DATA_FILE,
                        line=line) from exc
    entries = data.get("regions") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise DataError(_("expected a top-level 'regions' list"), path=_DATA_FILE)
    regions: dict[str, Region] = {}
    for index, raw in enumerate(entries):
        region = _parse_region(raw, index)
        if region.id in regions:
            raise DataError(_("duplicate region id '{region}'").format(region=region.id),
                            path=_DATA_FILE, field="id")
        regions[region.id] = region
    return regions


def region_ids() -> list[str]:
    """Return the ids of all regions, in the order of the data file."""
    return list(load_regions())


def get_region(region_id: str) -> Region:
    """Return the region with id ``region_id``; raise :class:`DataError` if there is none.

    The message lists the known ids and, when one is close, suggests it.
    """
    regions = load_regions()
    if isinstance(region_id, str) and region_id in regions:
        return regions[region_id]
    message = _("unknown region {region}; known regions: {known}").format(
        region=_quote(region_id), known=", ".join(regions))
    if isinstance(region_id, str):
        close = difflib.get_close_matches(region_id.strip().lower(), list(regions), n=1)
        if close:
            message += _("; did you mean '{region}'?").format(region=close[0])
    raise DataError(message, field="region")


def _quote(value: object) -> str:
    """Quote a region id for a message: ``'karaganda'`` for text, ``repr`` otherwise."""
    return f"'{value}'" if isinstance(value, str) else repr(value)
