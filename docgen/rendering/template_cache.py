"""What docgen derives from a template, kept in its cache (:mod:`docgen.input.cache`).

Preparing a template for Jinja takes docxtpl's clean-up of the Word XML, and importing
docxtpl (with python-docx and lxml) costs more than rendering a notice. The prepared
sources are stored under a key made of the sha256 of the template's contents, docgen's
version and the installed docxtpl (and docgen's engine), so a changed template or an
upgrade never reads a stale entry; without the cache (``DOCGEN_CACHE=off``, a folder that
cannot be written, an entry that cannot be read) the template is prepared anew, and the
same bytes come out.

The Jinja code compiled from each prepared source is kept too (:func:`compiled_code`), as
Jinja's own bytecode cache keeps it: the marshalled code object, keyed by the source, the
language and its filters and tests, the installed Jinja, the Python version and docgen's
modules that make the environment (sandbox, limits, filters), so a render never compiles a
template it compiled before and the code it runs is the code Jinja would have compiled.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterable
from functools import cache
from importlib.util import MAGIC_NUMBER
from types import CodeType
from typing import Any

from docgen.input.cache import (
    library_stamp,
    new_key,
    read_blob,
    read_entry,
    write_blob,
    write_entry,
)

Sources = dict[str, str]
"""Part name (``word/document.xml``) → the Jinja source prepared from it."""


@cache
def _docxtpl_stamp() -> str:
    return library_stamp("docxtpl") + library_stamp("docgen.rendering.engine")


def cache_key(entries: Iterable[tuple[str, bytes]]) -> str:
    """The entry name for a template (its members, in order) under this docgen and docxtpl."""
    digest = new_key("template", _docxtpl_stamp())
    for name, data in entries:
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    return str(digest.hexdigest())


def prepared_sources(entries: Iterable[tuple[str, bytes]],
                     prepare: Callable[[], Sources]) -> Sources:
    """The prepared sources of a template: from the cache, else ``prepare()`` (then stored)."""
    key = cache_key(entries)
    stored = read_entry("templates", key)
    if isinstance(stored, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in stored.items()):
        return stored
    sources = prepare()
    write_entry("templates", key, sources)
    return sources


Compiled = tuple[CodeType, bool]
"""A part's Jinja code, and whether every render of it is well-formed XML (proven once)."""


@cache
def _jinja_stamp() -> str:
    return "".join(library_stamp(module) for module in (
        "jinja2", "markupsafe", "docgen.rendering.engine", "docgen.rendering.limits",
        "docgen.rendering.lang")) + MAGIC_NUMBER.hex()


def _callables(named: dict[str, Any]) -> str:
    return ",".join(f"{name}:{getattr(named[name], 'jinja_pass_arg', '')}"
                    for name in sorted(named))


def compiled_code(source: str, lang: str, env: Any, make: Callable[[], Compiled]) -> Compiled:
    """The compiled Jinja code of ``source`` in ``env`` (docgen's environment for ``lang``):
    from the cache, else ``make()`` (then stored). A syntax error raised by ``make`` is never
    stored. Jinja's code names filters and tests and passes them what they ask for (context,
    environment), so their names and those requests are part of the key."""
    digest = new_key("jinja", _jinja_stamp(), lang, _callables(env.filters),
                     _callables(env.tests))
    digest.update(source.encode("utf-8"))
    name = f"{digest.hexdigest()}.marshal"
    stored = read_blob("jinja", name)
    if stored is not None:
        try:
            code, proven = marshal.loads(stored)
        except (EOFError, ValueError, TypeError):
            code = proven = None
        if isinstance(code, CodeType) and isinstance(proven, bool):
            return code, proven
    code, proven = make()
    write_blob("jinja", name, marshal.dumps((code, proven)))
    return code, proven
