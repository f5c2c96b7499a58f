"""docgen: bilingual official paperwork for the Assembly of People of Kazakhstan.

Use it as a library::

    import docgen
    docgen.check("inputs/session-34.yaml")                  # the kinds the file can make
    result = docgen.render("notice", "inputs/session-34.yaml", out_dir="outputs")
    docgen.batch_notices("inputs/batch-session-34.yaml", out_dir="outputs/batch")
    docgen.convert_to_pdf(result.written)

Every failure a user can cause raises a :class:`docgen.DocgenError`. The functions are
imported on first use, so ``import docgen`` stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from docgen.errors import DocgenError

__version__ = "0.1.0"

# public name -> (module, attribute)
_API: dict[str, tuple[str, str]] = {
    "render": ("docgen.papers.pipeline", "render"),
    "check": ("docgen.papers.pipeline", "check_file"),
    "data_kinds": ("docgen.papers.pipeline", "data_kinds"),
    "batch_notices": ("docgen.output.batch", "batch_notices"),
    "convert_to_pdf": ("docgen.output.convert", "convert_to_pdf"),
    "open_journal": ("docgen.records.journal", "open_journal"),
    "add_to_archive": ("docgen.archive.store", "add_to_archive"),
    "verify_archive": ("docgen.archive.verify", "verify_archive"),
}

__all__ = ["DocgenError", "__version__", *_API]


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _API[name]
    except KeyError:
        raise AttributeError(f"module 'docgen' has no attribute {name!r}") from None
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
