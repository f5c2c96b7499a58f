"""The chained history: every journal event is bound to the one before it by a hash.

Each history event holds the document's state after it (``state``: the ``documents``
row, which carries the archived file's sha256, and its signatures, as canonical JSON)
and ``hash = sha256(prev_hash + canonical([doc_id, at, event, detail, state]))``, where
``prev_hash`` is the hash of the event before it (64 zeros for the first), as in an
append-only log. :func:`check_chain` recomputes the chain and compares the last state
of every document with its row, so an edit made with an SQLite tool shows up as a
changed, deleted, inserted or moved record, or a changed, deleted or inserted row.

Anyone can recompute a whole chain after an edit; :func:`head` (``docgen archive head``)
is the hash to keep outside the journal (a paper register, an e-mail), and
``check_chain(head=…)`` proves the journal still extends it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from typing import Any

from docgen.i18n import _
from docgen.records.rows import _RECORD_COLUMNS

__all__ = ["GENESIS", "ChainProblem", "append_event", "check_chain", "document_state", "head"]

GENESIS = "0" * 64
_HISTORY = "SELECT id, doc_id, at, event, detail, state, prev_hash, hash, rows FROM history"


@dataclass(frozen=True)
class ChainProblem:
    """One break found by :func:`check_chain`.

    ``problem`` is ``record changed``, ``record deleted``, ``record inserted``, ``record
    moved``, ``row changed``, ``row inserted``, ``row deleted`` or ``head``; ``entry``
    is the history record's number (its position), if any; ``table`` and ``row`` name
    a changed row of a table chained row by row (:mod:`docgen.records.row_chain`).
    """

    problem: str
    doc_id: str | None
    entry: int | None
    detail: str
    table: str | None = None
    row: str | None = None


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _fetch(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[dict]:
    with closing(conn.execute(sql, params)) as cur:
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def document_state(conn: sqlite3.Connection, doc_id: str) -> str:
    """The canonical JSON of ``doc_id``'s row and signatures ('' if there is no row)."""
    rows = _fetch(conn, f"SELECT {_RECORD_COLUMNS} FROM documents WHERE doc_id = ?", (doc_id,))
    if not rows:
        return ""
    signatures = _fetch(
        conn,
        "SELECT seq, field_name, signer_name, signed_at, signature_type, intact, valid, trust "
        "FROM signatures WHERE doc_id = ? ORDER BY seq",
        (doc_id,),
    )
    return _canonical({"document": rows[0], "signatures": signatures})


def link_hash(prev_hash: str, doc_id: str | None, at: str, event: str, detail: str, state: str,
              rows: str | None = None) -> str:
    """The hash of one event chained to ``prev_hash`` (``rows``: the rows it chains, v5)."""
    fields = [doc_id, at, event, detail, state]
    content = _canonical(fields if rows is None else [*fields, rows])
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


def head(conn: sqlite3.Connection) -> tuple[int, str] | None:
    """``(record number, hash)`` of the last history event, or None for an empty journal."""
    rows = _fetch(conn, "SELECT id, hash FROM history ORDER BY id DESC LIMIT 1")
    return (int(rows[0]["id"]), str(rows[0]["hash"])) if rows else None


def append_event(conn: sqlite3.Connection, doc_id: str, at: str, event: str, detail: str) -> int:
    """Append one chained event (inside the caller's transaction); return its number."""
    last = head(conn)
    prev = last[1] if last and last[1] else GENESIS
    state = document_state(conn, doc_id)
    digest = link_hash(prev, doc_id, at, event, detail, state)
    with closing(
        conn.execute(
            "INSERT INTO history (doc_id, at, event, detail, state, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (doc_id, at, event, detail, state, prev, digest),
        )
    ) as cur:
        return int(cur.lastrowid or 0)


def backfill_chain(conn: sqlite3.Connection) -> None:
    """Chain the events of a journal made before the chain (schema version 1 → 2).

    The last event of each document gets the document's current state; earlier events
    get none (their states were never recorded).
    """
    rows = _fetch(conn, "SELECT id, doc_id, at, event, detail FROM history ORDER BY id")
    last = {row["doc_id"]: row["id"] for row in rows}
    prev = GENESIS
    for row in rows:
        state = document_state(conn, row["doc_id"]) if last[row["doc_id"]] == row["id"] else ""
        digest = link_hash(prev, row["doc_id"], row["at"], row["event"], row["detail"], state)
        conn.execute(
            "UPDATE history SET state = ?, prev_hash = ?, hash = ? WHERE id = ?",
            (state, prev, digest, row["id"]),
        )
        prev = digest


def _label(row: dict) -> str:
    what = f"{row['doc_id']} {row['event']}" if row["doc_id"] else str(row["event"])
    return _("journal record {id} ({what} at {at})").format(id=row['id'], what=what, at=row['at'])


def _check_links(rows: list[dict]) -> list[ChainProblem]:
    problems: list[ChainProblem] = []
    by_hash = {row["hash"]: row for row in rows if row["hash"]}
    prev_id, prev_hash = 0, GENESIS
    for row in rows:
        doc, entry = row["doc_id"], row["id"]
        if not row["hash"] or not row["prev_hash"]:
            problems.append(ChainProblem("record inserted", doc, entry,
                                         _("{label} was inserted outside docgen: it "
                                           "carries no chain hash").format(label=_label(row))))
            prev_id, prev_hash = entry, row["hash"] or ""
            continue
        content_ok = row["hash"] == link_hash(
            row["prev_hash"], doc, row["at"], row["event"], row["detail"], row["state"] or "",
            row["rows"],
        )
        if not content_ok:
            problems.append(ChainProblem("record changed", doc, entry,
                                         _("{label} was changed after it was written: "
                                           "its content no longer matches its hash").format(
                                               label=_label(row))))
        if entry != prev_id + 1:
            problems.append(ChainProblem(
                "record deleted", doc, entry,
                _("journal records {first}–{last} were deleted (the chain jumps "
                  "from record {prev_id} to record {entry})").format(
                      first=prev_id + 1, last=entry - 1, prev_id=prev_id,
                      entry=entry) if entry > prev_id + 2 else
                _("journal record {number} was deleted (the chain jumps from record "
                  "{prev_id} to record {entry})").format(
                      number=prev_id + 1, prev_id=prev_id, entry=entry)))
        elif row["prev_hash"] != prev_hash and content_ok:
            before = by_hash.get(row["prev_hash"])
            where = (_("it was written after record {id}").format(id=before['id']) if before
                     else _("the record it was written after is gone"))
            problems.append(ChainProblem("record moved", doc, entry,
                                         _("{label} is out of place: {where}, but now "
                                           "follows record {prev_id} (inserted, deleted or "
                                           "reordered records)").format(
                                               label=_label(row), where=where, prev_id=prev_id)))
        prev_id, prev_hash = entry, row["hash"]
    return problems


def _changed_fields(chained: str, current: str) -> list[str]:
    try:
        old, new = json.loads(chained), json.loads(current)
    except ValueError:
        return ["state"]
    fields = sorted(k for k in set(old["document"]) | set(new["document"])
                    if old["document"].get(k) != new["document"].get(k))
    if old.get("signatures") != new.get("signatures"):
        fields.append("signatures")
    return fields


def _check_rows(conn: sqlite3.Connection, rows: list[dict]) -> list[ChainProblem]:
    problems: list[ChainProblem] = []
    last: dict[str, dict] = {}
    for row in rows:
        if row["hash"] and row["doc_id"]:  # one inserted without a hash is reported, not used
            last[row["doc_id"]] = row
    documents = [r["doc_id"] for r in _fetch(conn, "SELECT doc_id FROM documents ORDER BY doc_id")]
    for doc_id in documents:
        chained = last.get(doc_id)
        if chained is None:
            problems.append(ChainProblem("row inserted", doc_id, None,
                                         _("the journal row of {doc_id} was inserted outside "
                                           "docgen: no chained record describes it").format(
                                               doc_id=doc_id)))
            continue
        current = document_state(conn, doc_id)
        if (chained["state"] or "") != current:
            fields = _changed_fields(chained["state"] or "", current) if chained["state"] else []
            what = ", ".join(fields) if fields else _("its content")
            problems.append(ChainProblem("row changed", doc_id, chained["id"],
                                         _("the journal row of {doc_id} was changed outside "
                                           "docgen: {what} differ(s) from chained record "
                                           "{id}").format(
                                               doc_id=doc_id, what=what, id=chained['id'])))
    for doc_id in sorted(set(last) - set(documents)):
        problems.append(ChainProblem("row deleted", doc_id, last[doc_id]["id"],
                                     _("the journal row of {doc_id} was deleted (its last "
                                       "chained record is {id})").format(
                                           doc_id=doc_id, id=last[doc_id]['id'])))
    return problems


def check_chain(conn: sqlite3.Connection, *, head_hash: str | None = None) -> list[ChainProblem]:
    """Every break of the chain and every row that differs from its chained state.

    With ``head_hash`` (a hash :func:`head` gave earlier), the journal must still hold
    the record with that hash, or a ``head`` problem is reported.
    """
    from docgen.records.row_chain import check_rows

    rows = _fetch(conn, f"{_HISTORY} ORDER BY id")
    problems = _check_links(rows) + _check_rows(conn, rows)
    problems += [ChainProblem(f"row {p.problem}", None, p.entry, p.detail, p.table, p.row)
                 for p in check_rows(conn)]
    if head_hash is not None and not any(row["hash"] == head_hash for row in rows):
        problems.append(ChainProblem("head", None, None,
                                     _("the journal does not extend the head {head_hash}: the "
                                       "record with that hash was changed or removed, or the "
                                       "journal was replaced").format(head_hash=head_hash)))
    return problems
