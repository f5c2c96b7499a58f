"""Limits of one document's rendering: time, size, and no memory bombs in the sandbox.

A template from ``--templates DIR`` may loop for ever or print gigabytes. Each document
renders under a time limit (``DOCGEN_RENDER_TIMEOUT`` seconds, default 30) and an output
limit (``DOCGEN_MAX_DOCUMENT_MB``, default 50 MB); ``*`` and ``**`` in a template may not
build huge strings, lists or numbers.
"""

from __future__ import annotations

import contextlib
import math
import os
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

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_MB = 50.0
MAX_BUILT = 1_000_000
"""The longest string or list ``*`` may build in a template, and the most digits of ``**``."""
_CHECK_EVERY = 256


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox, with ``*`` and ``**`` checked before they run."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (isinstance(seq, str | list | tuple) and isinstance(times, int)
                        and len(seq) * times > MAX_BUILT):
                    raise SecurityError(f"'*' would build more than {MAX_BUILT} items")
        if operator == "**" and isinstance(left, int | float) and isinstance(right, int | float):
            size = abs(right) * math.log10(abs(left)) if abs(left) > 1 else 0
            if size > 1000:
                raise SecurityError("'**' would build a number of more than 1000 digits")
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
        raise TemplateError(f"{name} must be a positive number, not {value!r}")
    return number


@dataclass(frozen=True)
class RenderLimits:
    """How long one document may take to render and how large it may be."""

    seconds: float = DEFAULT_TIMEOUT
    max_chars: int = int(DEFAULT_MAX_MB * 1024 * 1024)

    @classmethod
    def from_env(cls) -> RenderLimits:
        """The limits from ``DOCGEN_RENDER_TIMEOUT`` and ``DOCGEN_MAX_DOCUMENT_MB``."""
        megabytes = _env_number("DOCGEN_MAX_DOCUMENT_MB", DEFAULT_MAX_MB)
        return cls(_env_number("DOCGEN_RENDER_TIMEOUT", DEFAULT_TIMEOUT),
                   int(megabytes * 1024 * 1024))

    def render(self, template: jinja2.Template, context: Mapping[str, Any],
               path: Path) -> str:
        """``template.render(context)`` within the limits; TemplateError beyond them."""
        deadline = time.monotonic() + self.seconds
        chunks: list[str] = []
        size = 0
        try:
            with _alarm(self.seconds):
                for count, chunk in enumerate(template.generate(context)):
                    size += len(chunk)
                    if size > self.max_chars:
                        raise TemplateError(
                            f"the document would be larger than "
                            f"{self.max_chars / 1048576:g} MB (DOCGEN_MAX_DOCUMENT_MB); a "
                            "loop in the template prints too much", template=path)
                    if count % _CHECK_EVERY == 0 and time.monotonic() > deadline:
                        raise _TimeUp
                    chunks.append(chunk)
        except _TimeUp:
            raise TemplateError(f"rendering one document took longer than {self.seconds:g} s "
                                "(DOCGEN_RENDER_TIMEOUT); a loop in the template runs too "
                                "long", template=path) from None
        return "".join(chunks)


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
