"""An on-disk cache of what docgen derives from a template once and reuses on every run.

Preparing a template for Jinja takes docxtpl's clean-up of the Word XML, and importing
docxtpl (with python-docx and lxml) costs more than rendering a notice. The prepared
sources are stored as JSON in the user cache folder (``platformdirs``; ``DOCGEN_CACHE``
overrides it, ``DOCGEN_CACHE=off`` turns the cache off), under a key made of the
sha256 of the template's contents, docgen's version and the installed docxtpl: a changed template or
upgrade never reads a stale entry. The cache is only an accelerator: a folder that cannot
be written, or an entry that cannot be read, falls back to preparing the template anew
(the same bytes come out either way).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from docgen import __version__

Sources = dict[str, str]
"""Part name (``word/document.xml``) → the Jinja source prepared from it."""


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    value = os.environ.get("DOCGEN_CACHE")
    if value:
        return None if value.lower() == "off" else Path(value)
    import platformdirs

    return Path(platformdirs.user_cache_dir("docgen", appauthor=False))


@cache
def _preparer_stamp() -> str:
    """What identifies the installed docxtpl without importing it: its file's size and time."""
    spec = find_spec("docxtpl")
    origin = spec.origin if spec is not None else None
    if origin is None:
        return "none"
    stat = Path(origin).stat()
    return f"{origin}:{stat.st_size}:{stat.st_mtime_ns}"


def cache_key(entries: Iterable[tuple[str, bytes]]) -> str:
    """The entry name for a template (its members, in order) under this docgen and docxtpl."""
    digest = hashlib.sha256(f"{__version__}\0{_preparer_stamp()}".encode())
    for name, data in entries:
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def prepared_sources(entries: Iterable[tuple[str, bytes]],
                     prepare: Callable[[], Sources]) -> Sources:
    """The prepared sources of a template: from the cache, else ``prepare()`` (then stored)."""
    folder = cache_dir()
    if folder is None:
        return prepare()
    entry = folder / "templates" / f"{cache_key(entries)}.json"
    with contextlib.suppress(OSError, ValueError):
        stored = json.loads(entry.read_text(encoding="utf-8"))
        if isinstance(stored, dict) and all(
                isinstance(k, str) and isinstance(v, str) for k, v in stored.items()):
            return stored
    sources = prepare()
    _store(entry, sources)
    return sources


def _store(entry: Path, sources: Sources) -> None:
    """Write ``entry`` atomically (parallel workers may race); a failure only skips caching."""
    with contextlib.suppress(OSError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(sources, handle, ensure_ascii=False)
            os.replace(temp, entry)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
