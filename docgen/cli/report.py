"""What the commands print for scripts (--json) and how much they say (-q / -v)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from docgen.errors import DataError, DocgenError
from docgen.i18n import _


def quiet_verbose_options(func):
    """-q (errors only) and -v (each document's id and number too) for a command that prints
    progress or notes."""
    func = click.option("-v", "--verbose", is_flag=True,
                        help="Also print each document's id and registration number "
                             "(stderr).")(func)
    return click.option("-q", "--quiet", is_flag=True,
                        help="Print no notes, progress or summary; errors only.")(func)


def json_option(func):
    return click.option("--json", "as_json", is_flag=True,
                        help="Print the result as JSON (for scripts and other systems).")(func)


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def problem_of(exc: DocgenError) -> dict[str, Any]:
    """One problem for ``check --json``: file, line, field and the message after them."""
    if isinstance(exc, DataError):
        return {"file": exc.path, "line": exc.line, "field": exc.field, "message": exc.detail}
    return {"file": None, "line": None, "field": None, "message": str(exc)}


def documents_of(result: Any) -> list[dict[str, Any]]:
    """Each document a render wrote: path, kind, language, id, registration number, date."""
    paths = {Path(p).name: str(p) for p in result.written}
    rows = []
    for planned in result.documents:
        info = planned.info
        rows.append({"path": paths.get(planned.filename), "kind": info.kind, "lang": info.lang,
                     "doc_id": info.doc_id, "number": info.number,
                     "date": info.date.isoformat(), "revision": info.revision})
    return rows


def echo_documents(rows: list[dict[str, Any]]) -> None:
    """-v: one line per document on stderr."""
    for row in rows:
        click.echo(_("{path}: {doc_id}, No. {number} of {date}").format(**row), err=True)
