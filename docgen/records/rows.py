"""The rows the journal hands out: document records, signatures, history events."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Record:
    """One row of ``documents``: one generated file in one language."""

    doc_id: str
    kind: str
    body: str
    region: str
    year: int
    reg_number: int | None
    doc_date: str
    lang: str
    data_sha256: str | None
    docx_sha256: str | None
    pdf_sha256: str | None
    status: str
    archived_path: str | None
    archived_sha256: str | None
    signer_name: str | None
    signed_at: str | None
    signature_type: str | None
    created_at: str
    updated_at: str
    revision: int = 1
    supersedes: str | None = None
    archived_as: str | None = None


@dataclass(frozen=True)
class SignatureRecord:
    """One signature of an archived PDF. ``intact``/``valid`` are None when not checked."""

    field_name: str
    signer_name: str | None
    signed_at: str | None
    signature_type: str | None
    intact: bool | None
    valid: bool | None
    trust: str


@dataclass(frozen=True)
class HistoryEvent:
    """One entry of a document's history."""

    doc_id: str
    at: str
    event: str
    detail: str


_RECORD_COLUMNS = ", ".join(f.name for f in fields(Record))
