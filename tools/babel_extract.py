"""Babel extraction method for docgen: the ``_()``/``ngettext()``/``N_()`` calls (Babel's own
Python extractor), and the texts click shows that are not calls: the docstring of every
function a ``@...command``/``@...group`` decorator makes a command of (as click cleans it),
and every ``help=`` string of an option.

Used by ``babel.cfg`` (``[tools.babel_extract:extract: docgen/**.py]``) for ``pybabel extract``.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from typing import Any

from babel.messages.extract import extract_python


def _is_command_decorator(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return name in ("command", "group")


def extract(fileobj: Any, keywords: Any, comment_tags: Any,
            options: dict) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Yield (line, function, message, comments) for every message of one Python file."""
    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)
    text = source.decode("utf-8") if isinstance(source, bytes) else source
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and any(
                _is_command_decorator(d) for d in node.decorator_list):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                yield node.lineno, "", inspect.cleandoc(doc), ["the --help text of a command"]
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "help" and isinstance(keyword.value, ast.Constant) \
                        and isinstance(keyword.value.value, str):
                    yield (keyword.value.lineno, "", inspect.cleandoc(keyword.value.value),
                           ["the --help text of an option"])
