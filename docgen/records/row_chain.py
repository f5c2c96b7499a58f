"""The chain over every table the journal asserts, row by row (schema version 5).

Documents and their signatures are chained as each document's state
(:mod:`docgen.records.chain`). Every *other* table of the journal is chained here,
generically: the roll (members, memberships, applied and pending orders, its log),
the registration numbers, and any table a later migration adds. A table is chained
unless :data:`NOT_ROW_CHAINED` names it with the reason (a test checks every table of
the schema is one or the other).

How: each connection installs TEMP triggers that note the key of every row it inserts,
updates or deletes in a chained table (:func:`install_capture`); when its transaction
commits, :func:`flush_rows` appends one history record (``event`` ``rows``, no
document) whose ``rows`` column holds each touched row as canonical JSON (or null for
a deleted row), chained like every other record. :func:`check_rows` replays those
records and compares every row of every chained table with the last chained copy, so
an edit made with an SQLite tool names its table, its row and the columns that differ.
A row is keyed by its declared primary key (``rowid`` for a table without one).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from typing import Any

from docgen.i18n import _

__all__ = ["NOT_ROW_CHAINED", "RowProblem", "chained_tables", "check_rows", "flush_rows",
           "has_unchained_rows", "install_capture", "sync_rows"]

#: Tables whose rows are not chained here, and why. Every other table is chained.
NOT_ROW_CHAINED: dict[str, str] = {
    "documents": "chained as each document's state in its history records (records.chain)",
    "signatures": "chained as each document's state in its history records (records.chain)",
    "history": "the chain itself: every record is bound to the one before by its hash",
}
_DIRTY = "chain_dirty"


@dataclass(frozen=True)
class RowProblem:
    """A row of a chained table that differs from the chain: ``changed``, ``inserted``,
    ``deleted``; ``entry`` is the last history record that chained it."""

    problem: str
    table: str
    row: str
    entry: int | None
    detail: str


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def chained_tables(conn: sqlite3.Connection) -> list[str]:
    """The tables of the journal chained row by row (every table not excepted)."""
    with closing(conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' "
                              "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) as cur:
        names = [str(row[0]) for row in cur.fetchall()]
    return [name for name in names if name not in NOT_ROW_CHAINED]


def _key_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    with closing(conn.execute(f"PRAGMA main.table_info({_quote(table)})")) as cur:
        info = cur.fetchall()
    keyed = sorted((int(row[5]), str(row[1])) for row in info if int(row[5]) > 0)
    return [name for _, name in keyed] or ["rowid"]


def install_capture(conn: sqlite3.Connection) -> None:
    """TEMP triggers noting every row this connection writes in a chained table."""
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_DIRTY} "
                 "(tbl TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (tbl, key))")
    for table in chained_tables(conn):
        columns = _key_columns(conn, table)

        def key(side: str, columns: list[str] = columns) -> str:
            return f"json_array({', '.join(f'{side}.{_quote(c)}' for c in columns)})"

        note = f"INSERT OR IGNORE INTO {_DIRTY} VALUES ('{table}', %s);"
        for event, body in (("INSERT", note % key("NEW")),
                            ("UPDATE", note % key("OLD") + note % key("NEW")),
                            ("DELETE", note % key("OLD"))):
            name = _quote(f"chain_{table}_{event.lower()}")
            conn.execute(f"CREATE TEMP TRIGGER IF NOT EXISTS {name} AFTER {event} ON "
                         f"main.{_quote(table)} BEGIN {body} END")


def _row(conn: sqlite3.Connection, table: str, key: list[Any]) -> dict[str, Any] | None:
    columns = _key_columns(conn, table)
    where = " AND ".join(f"{_quote(c)} IS ?" for c in columns)
    with closing(conn.execute(f"SELECT * FROM main.{_quote(table)} WHERE {where}", key)) as cur:
        found = cur.fetchone()
        names = [d[0] for d in cur.description]
    return _plain(dict(zip(names, found, strict=True))) if found is not None else None


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """A row with JSON-safe values (a blob as ``{"hex": …}``)."""
    return {k: {"hex": bytes(v).hex()} if isinstance(v, bytes | memoryview) else v
            for k, v in row.items()}


def _append(conn: sqlite3.Connection, event: str, detail: str, rows: list) -> None:
    from docgen.records.chain import GENESIS, head, link_hash
    from docgen.records.checks import utc_now

    last = head(conn)
    prev = last[1] if last and last[1] else GENESIS
    at, text = utc_now(), _canonical(sorted(rows, key=lambda r: (r[0], _canonical(r[1]))))
    digest = link_hash(prev, None, at, event, detail, "", text)
    conn.execute("INSERT INTO history (doc_id, at, event, detail, state, prev_hash, hash, rows) "
                 "VALUES (NULL, ?, ?, ?, '', ?, ?, ?)", (at, event, detail, prev, digest, text))


def _summary(rows: Iterable[list]) -> str:
    counts: dict[str, int] = {}
    for table, _key, _row in rows:
        counts[table] = counts.get(table, 0) + 1
    return "; ".join(f"{t}: {n} row(s)" for t, n in sorted(counts.items()))


def has_unchained_rows(conn: sqlite3.Connection) -> bool:
    """Whether this connection wrote rows that are not chained yet."""
    with closing(conn.execute(f"SELECT 1 FROM temp.{_DIRTY} LIMIT 1")) as cur:
        return cur.fetchone() is not None


def flush_rows(conn: sqlite3.Connection) -> None:
    """Chain the rows this connection wrote in its transaction (one history record)."""
    with closing(conn.execute(f"SELECT tbl, key FROM temp.{_DIRTY} ORDER BY tbl, key")) as cur:
        dirty = cur.fetchall()
    if not dirty:
        return
    conn.execute(f"DELETE FROM temp.{_DIRTY}")
    rows = [[table, json.loads(key), _row(conn, table, json.loads(key))] for table, key in dirty]
    _append(conn, "rows", _summary(rows), rows)


def _expected(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[int, Any]]:
    """``(table, key) → (record, row)`` as the chain last wrote each row."""
    expected: dict[tuple[str, str], tuple[int, Any]] = {}
    with closing(conn.execute("SELECT id, rows FROM history WHERE rows IS NOT NULL "
                              "ORDER BY id")) as cur:
        for entry, text in cur.fetchall():
            try:
                rows = json.loads(text)
            except ValueError:
                continue  # the record's own hash check reports it
            for table, key, row in rows if isinstance(rows, list) else ():
                expected[(table, _canonical(key))] = (int(entry), row)
    return expected


def _current(conn: sqlite3.Connection, table: str) -> dict[str, dict[str, Any]]:
    if table not in chained_tables(conn):
        return {}
    columns = _key_columns(conn, table)
    select = "rowid AS rowid, *" if columns == ["rowid"] else "*"
    with closing(conn.execute(f"SELECT {select} FROM main.{_quote(table)}")) as cur:
        names = [d[0] for d in cur.description]
        rows = [_plain(dict(zip(names, r, strict=True))) for r in cur.fetchall()]
    if columns == ["rowid"]:
        return {_canonical([r.pop("rowid")]): r for r in rows}
    return {_canonical([r[c] for c in columns]): r for r in rows}


def _row_label(conn: sqlite3.Connection, table: str, key: str) -> str:
    values = json.loads(key)
    return ", ".join(f"{c}={v}" for c, v in zip(_key_columns(conn, table), values, strict=False))


def check_rows(conn: sqlite3.Connection) -> list[RowProblem]:
    """Every row of a chained table that differs from its last chained copy."""
    expected = _expected(conn)
    problems: list[RowProblem] = []
    current = {table: _current(conn, table) for table in chained_tables(conn)}
    for table, rows in current.items():
        for key, row in sorted(rows.items()):
            label = _row_label(conn, table, key)
            entry, chained = expected.get((table, key), (None, None))
            if chained is None:
                problems.append(RowProblem("inserted", table, label, entry,
                                           _("{table} row {label} was inserted outside docgen: "
                                             "no chained record describes it").format(
                                                 table=table, label=label)))
            elif chained != row:
                columns = sorted(k for k in set(row) | set(chained)
                                 if row.get(k) != chained.get(k))
                problems.append(RowProblem("changed", table, label, entry,
                                           _("{table} row {label} was changed outside docgen: "
                                             "{columns} differ(s) from chained "
                                             "record {entry}").format(
                                                 table=table, label=label,
                                                 columns=", ".join(columns), entry=entry)))
    dropped: set[str] = set()
    for (table, key), (entry, chained) in sorted(expected.items()):
        if chained is not None and table not in current and table not in dropped:
            dropped.add(table)
            problems.append(RowProblem("deleted", table, "*", entry,
                                       _("table {table} was dropped outside docgen (its rows "
                                         "were chained up to record {entry})").format(
                                             table=table, entry=entry)))
        elif chained is not None and table in current and key not in current[table]:
            label = _row_label(conn, table, key)
            problems.append(RowProblem("deleted", table, label, entry,
                                       _("{table} row {label} was deleted outside docgen (its "
                                         "last chained record is {entry})").format(
                                             table=table, label=label, entry=entry)))
    return problems


def sync_rows(conn: sqlite3.Connection, tables: Iterable[str], version: int) -> None:
    """Chain the rows of ``tables`` that a schema upgrade created or reshaped."""
    expected = _expected(conn)
    rows: list[list] = []
    for table in tables:
        current = _current(conn, table)
        for key, row in sorted(current.items()):
            if expected.get((table, key), (None, None))[1] != row:
                rows.append([table, json.loads(key), row])
        for (t, key), (_entry, chained) in expected.items():
            if t == table and chained is not None and key not in current:
                rows.append([table, json.loads(key), None])
    if rows:
        _append(conn, "rows", f"schema version {version}: {_summary(rows)}", rows)
