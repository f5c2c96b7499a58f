"""The prepared Jinja sources of a template, kept in docgen's cache (:mod:`docgen.input.cache`).

Preparing a template for Jinja takes docxtpl's clean-up of the Word XML, and importing
docxtpl (with python-docx and lxml) costs more than rendering a notice. The prepared
sources are stored under a key made of the sha256 of the template's contents, docgen's
version and the installed docxtpl, so a changed template or an upgrade never reads a stale
entry; without the cache (``DOCGEN_CACHE=off``, a folder that cannot be written, an entry
that cannot be read) the template is prepared anew, and the same bytes come out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from docgen.input.cache import library_stamp, new_key, read_entry, write_entry

Sources = dict[str, str]
"""Part name (``word/document.xml``) → the Jinja source prepared from it."""


@cache
def _docxtpl_stamp() -> str:
    return library_stamp("docxtpl")


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
