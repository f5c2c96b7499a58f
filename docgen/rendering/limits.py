"""Limits of one document's rendering: time, size, memory, and no bombs in the sandbox.

A template from ``--templates DIR`` may loop for ever, print gigabytes or build a huge
value in one step. Each document renders under a time limit (``DOCGEN_RENDER_TIMEOUT``
seconds, default 30), an output limit (``DOCGEN_MAX_DOCUMENT_MB``, default 50 MB) and a
memory limit (``DOCGEN_RENDER_MEMORY_MB``, default 1024 MB more than the process held
when the render began: the address-space limit, lifted again when it ends); ``*``,
``**``, ``%``, ``format`` and the padding methods (``center``, ``ljust``, …) may not build
huge strings, lists or numbers.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import resource
import signal
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from docgen.errors import TemplateError
from docgen.i18n import _

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_MB = 50.0
DEFAULT_MEMORY_MB = 1024.0
MAX_BUILT = 1_000_000
"""The longest string or list ``*`` may build in a template, and the most digits of ``**``."""
_CHECK_EVERY = 256


_WIDE_FORMAT = re.compile(r"%[-#0 +]*\d*\.?\d{7,}|\{[^{}]*:[^{}]*\d{7,}")
"""A ``%`` or ``format`` field wider (or more precise) than a million characters."""
_PADDING = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "indent"})


def _check_format(fmt: Any, args: tuple = ()) -> None:
    if isinstance(fmt, str) and _WIDE_FORMAT.search(fmt):
        raise SecurityError(_("a format field wider than {max_built} characters").format(
            max_built=MAX_BUILT))
    if isinstance(fmt, str) and "*" in fmt:  # '%*d' takes its width from the arguments
        _check_sizes(args if isinstance(args, tuple) else (args,))


def _check_sizes(args: tuple, kwargs: Mapping[str, Any] | None = None) -> None:
    for value in (*args, *(kwargs or {}).values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_BUILT:
            raise SecurityError(_("a width or count over {max_built} would build a huge "
                                  "value").format(max_built=MAX_BUILT))


def _bounded_filter(name: str, function: Any) -> Any:
    def bounded(value: Any, *args: Any, **kwargs: Any) -> Any:
        if name == "format":
            _check_format(value, args)
        else:
            _check_sizes(args, kwargs)
        return function(value, *args, **kwargs)

    bounded.__wrapped__ = function  # type: ignore[attr-defined]
    return bounded


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox, with ``*``, ``**``, ``%``, ``format``, the padding methods and filters
    and ``lipsum`` checked before they run."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        for name in ("format", "center", "indent"):
            self.filters[name] = _bounded_filter(name, self.filters[name])

    def call(__self, __context: Any, __obj: Any, *args: Any,
             **kwargs: Any) -> Any:
        inner = getattr(__obj, "__wrapped__", __obj)
        owner = getattr(inner, "__self__", None)
        name = getattr(inner, "__name__", "")
        if isinstance(owner, str) and name in ("format", "format_map"):
            _check_format(owner)
        if (isinstance(owner, str) and name in _PADDING) or name == "generate_lorem_ipsum":
            _check_sizes(args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "%":
            _check_format(left, right)
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (isinstance(seq, str | list | tuple) and isinstance(times, int)
                        and len(seq) * times > MAX_BUILT):
                    raise SecurityError(_("'*' would build more than {max_built} items").format(
                        max_built=MAX_BUILT))
        if operator == "**" and isinstance(left, int | float) and isinstance(right, int | float):
            size = abs(right) * math.log10(abs(left)) if abs(left) > 1 else 0
            if size > 1000:
                raise SecurityError(_("'**' would build a number of more than 1000 digits"))
        return super().call_binop(context, operator, left, right)


class _TimeUp(Exception):
    """Raised inside a render when its time is up."""


def _env_number(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number <= 0:
        raise TemplateError(_("{name} must be a positive number, not {value!r}").format(
            name=name, value=value))
    return number


@dataclass(frozen=True)
class RenderLimits:
    """How long one document may take to render and how large it may be."""

    seconds: float = DEFAULT_TIMEOUT
    max_chars: int = int(DEFAULT_MAX_MB * 1024 * 1024)
    memory: int = int(DEFAULT_MEMORY_MB * 1024 * 1024)
    """Bytes of address space a render may add to what the process holds."""

    @classmethod
    def from_env(cls) -> RenderLimits:
        """The limits from ``DOCGEN_RENDER_TIMEOUT``, ``DOCGEN_MAX_DOCUMENT_MB`` and
        ``DOCGEN_RENDER_MEMORY_MB``."""
        megabytes = _env_number("DOCGEN_MAX_DOCUMENT_MB", DEFAULT_MAX_MB)
        memory = _env_number("DOCGEN_RENDER_MEMORY_MB", DEFAULT_MEMORY_MB)
        return cls(_env_number("DOCGEN_RENDER_TIMEOUT", DEFAULT_TIMEOUT),
                   int(megabytes * 1024 * 1024), int(memory * 1024 * 1024))

    def render(self, template: jinja2.Template, context: Mapping[str, Any],
               path: Path) -> str:
        """``template.render(context)`` within the time and size limits (the memory cap is
        held by the caller, once per document); TemplateError beyond them."""
        deadline = time.monotonic() + self.seconds
        chunks: list[str] = []
        size = 0
        try:
            with _alarm(self.seconds):
                for count, chunk in enumerate(template.generate(context)):
                    size += len(chunk)
                    if size > self.max_chars:
                        raise TemplateError(
                            _("the document would be larger than "
                              "{megabytes:g} MB (DOCGEN_MAX_DOCUMENT_MB); a "
                              "loop in the template prints too much").format(
                                  megabytes=self.max_chars / 1048576), template=path)
                    if count % _CHECK_EVERY == 0 and time.monotonic() > deadline:
                        raise _TimeUp
                    chunks.append(chunk)
        except _TimeUp:
            raise TemplateError(_("rendering one document took longer than {seconds:g} s "
                                  "(DOCGEN_RENDER_TIMEOUT); a loop in the template runs too "
                                  "long").format(seconds=self.seconds), template=path) from None
        except MemoryError:
            chunks.clear()
            raise self.out_of_memory(path) from None
        except RecursionError:
            raise TemplateError(_("a macro of the template calls itself without end"),
                                template=path) from None
        return "".join(chunks)

    def out_of_memory(self, path: Path) -> TemplateError:
        """The error for a render that hit the memory cap (:func:`cap_memory`)."""
        return TemplateError(_("rendering one document needed more than "
                               "{megabytes:g} MB of memory (DOCGEN_RENDER_MEMORY_MB); "
                               "the template builds a value too large").format(
                                   megabytes=self.memory / 1048576), template=path)


_PAGE = os.sysconf("SC_PAGE_SIZE")
_statm: dict[int, int] = {}
"""An open /proc/PID/statm per process id (a forked worker opens its own)."""


def _address_space() -> int:
    """The bytes of address space this process holds now."""
    pid = os.getpid()
    if pid not in _statm:
        _statm.clear()
        _statm[pid] = os.open(f"/proc/{pid}/statm", os.O_RDONLY | os.O_CLOEXEC)
    return int(os.pread(_statm[pid], 64, 0).split(None, 1)[0]) * _PAGE


def cap_memory(extra: int) -> tuple[int, int] | None:
    """Let the process's address space grow by at most ``extra`` bytes from now on: an
    allocation beyond raises MemoryError at once instead of taking gigabytes. Returns the
    limit to put back with :func:`uncap_memory` (None: a lower limit is in force)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = _address_space() + extra
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        return None
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    return soft, hard


def uncap_memory(saved: tuple[int, int] | None) -> None:
    """Put back the limit :func:`cap_memory` replaced."""
    if saved is not None:
        resource.setrlimit(resource.RLIMIT_AS, saved)
@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Interrupt the render after ``seconds`` (main thread only: loops that print nothing)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def time_up(signum: int, frame: Any) -> None:
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
