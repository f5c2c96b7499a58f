"""An on-disk cache of what docgen derives from a file once and reuses on every run.

It keeps a command's start-up short: the prepared Jinja sources of a template (docxtpl's
clean-up, see :mod:`docgen.rendering.template_cache`) and the parsed data of a rulebook
(see :func:`cached_yaml`). Entries are JSON files in the user cache folder
(``platformdirs``; ``DOCGEN_CACHE`` overrides it, ``DOCGEN_CACHE=off`` turns the cache
off), named by a sha256 of the file's contents, docgen's version and the stamps of the code
that made the entry (:func:`library_stamp`), so a changed file, an upgrade or an edited
module never reads a stale entry. The cache only saves time: a folder that cannot be
written, or an entry that cannot be read, means the work is done anew, with the same result.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from docgen import __version__
from docgen.input.loader import FloatText, Located, NumberText, load_yaml, max_input_bytes


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    value = os.environ.get("DOCGEN_CACHE")
    if value:
        return None if value.lower() == "off" else Path(value)
    import platformdirs

    return Path(platformdirs.user_cache_dir("docgen", appauthor=False))


def new_key(*parts: str) -> Any:
    """A sha256 started with docgen's version and ``parts``; feed it the contents."""
    return hashlib.sha256("\0".join([__version__, *parts]).encode())


def library_stamp(module: str) -> str:
    """What identifies an installed module without importing it: its file's size and time.

    Cache keys include the stamps of the libraries and of docgen's own modules that make a
    cached value, so an upgrade or an edited source never reads a stale entry."""
    spec = find_spec(module)
    origin = spec.origin if spec is not None else None
    if origin is None:
        return f"{module}:none"
    stat = Path(origin).stat()
    return f"{origin}:{stat.st_size}:{stat.st_mtime_ns}"


def read_entry(folder: str, key: str,
               object_hook: Callable[[dict[str, Any]], Any] | None = None) -> Any:
    """The JSON stored under ``folder/key``, or None when there is none (or it is unreadable)."""
    data = read_blob(folder, f"{key}.json")
    if data is None:
        return None
    with contextlib.suppress(ValueError, TypeError, IndexError):
        return json.loads(data.decode("utf-8"), object_hook=object_hook)
    return None


def write_entry(folder: str, key: str, value: Any) -> None:
    """Store ``value`` as JSON under ``folder/key`` (see :func:`write_blob`)."""
    write_blob(folder, f"{key}.json",
               json.dumps(value, ensure_ascii=False).encode("utf-8"))


def read_blob(folder: str, name: str) -> bytes | None:
    """The bytes stored as ``folder/name``, or None when there are none (or the cache is off)."""
    root = cache_dir()
    if root is None:
        return None
    with contextlib.suppress(OSError):
        return (root / folder / name).read_bytes()
    return None


def write_blob(folder: str, name: str, data: bytes) -> None:
    """Store ``data`` as ``folder/name`` atomically (parallel runs may race); a folder that
    cannot be written only means nothing is cached."""
    root = cache_dir()
    if root is None:
        return
    entry = root / folder / name
    with contextlib.suppress(OSError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=entry.suffix)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, entry)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise


_TAGS = ("!int", "!float", "!date", "!datetime")
"""How a value JSON has no type for is stored: a one-key mapping ``{"!int": [15, "015"]}``."""


class _NotStorable(Exception):
    """The data holds something the cache does not store (it is then read from the file)."""


def _encode(value: Any) -> Any:
    """``value`` as JSON data that :func:`_decode` turns back into exactly ``value``."""
    kind = type(value)
    if kind is dict:
        if any(type(k) is not str or k in _TAGS for k in value):
            raise _NotStorable
        return {k: _encode(v) for k, v in value.items()}
    if kind is list:
        return [_encode(v) for v in value]
    if kind is NumberText:
        return {"!int": [int(value), value.text]}
    if kind is FloatText:
        return {"!float": [float(value), value.text]}
    if kind is dt.date:
        return {"!date": value.isoformat()}
    if kind is dt.datetime:
        return {"!datetime": value.isoformat()}
    if kind in (str, bool) or value is None:
        return value
    raise _NotStorable


def _decode(mapping: dict[str, Any]) -> Any:
    """The value a one-key tagged mapping stands for (see :data:`_TAGS`)."""
    if len(mapping) == 1:
        ((tag, value),) = mapping.items()
        if tag == "!int":
            return NumberText(value[0], value[1])
        if tag == "!float":
            return FloatText(value[0], value[1])
        if tag == "!date":
            return dt.date.fromisoformat(value)
        if tag == "!datetime":
            return dt.datetime.fromisoformat(value)
    return mapping


@cache
def _code_stamp() -> str:
    """The reading and storing code: an edited loader never reads entries of the old one."""
    return library_stamp("docgen.input.loader") + library_stamp("docgen.input.cache")


def cached_yaml(path: Path) -> Located:
    """The data of the YAML file at ``path``, from the cache when its contents are known.

    A cached result has no line numbers (``lines`` is empty): when the data is refused,
    read the file with :func:`~docgen.input.loader.load_yaml` for the ``file:line``.
    Numbers keep the text they were typed as; data the cache cannot give back exactly
    (a type it does not know) is never cached.
    """
    try:
        if path.stat().st_size > max_input_bytes():
            return load_yaml(path)
        key = new_key("yaml", _code_stamp())
        key.update(path.read_bytes())
    except OSError:
        return load_yaml(path)  # its errors say what is wrong with the file
    name = key.hexdigest()
    data = read_entry("yaml", name, _decode)
    if isinstance(data, dict):
        return Located(data=data, path=path)
    located = load_yaml(path)
    with contextlib.suppress(_NotStorable):
        write_entry("yaml", name, _encode(located.data))
    return located
