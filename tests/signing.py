"""Test helpers: docgen-like PDFs, TEST certificates made at test time, pyHanko signing.

The certificates come from :mod:`docgen.archive.signing_demo` (``cryptography``, generated
fresh for each test session); nothing here is a real or valid signature.
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from docgen.archive.signing_demo import (
    TEST_SIGNER_CN,
    DemoIdentity,
    make_test_identity,
    sign_pdf_bytes,
)

__all__ = [
    "TEST_SIGNER_CN",
    "DemoIdentity",
    "add_annotation",
    "add_validation_data",
    "append_incremental_update",
    "docgen_metadata",
    "make_docgen_pdf",
    "make_test_identity",
    "sign_pdf_bytes",
    "write_ca",
]


def docgen_metadata(
    doc_id: str,
    *,
    kind: str = "decision",
    body: str = "council",
    region: str = "",
    number: int | None = 1,
    date: str = "2025-03-01",
    lang: str = "ru",
    title: str = "Решение Совета Ассамблеи",
) -> dict[str, str]:
    """The Info dictionary every docgen PDF carries."""
    return {
        "/Title": title,
        "/DocgenId": doc_id,
        "/DocgenKind": kind,
        "/DocgenBody": body,
        "/DocgenRegion": region,
        "/DocgenNumber": "" if number is None else str(number),
        "/DocgenDate": date,
        "/DocgenLang": lang,
    }


def make_docgen_pdf(metadata: dict[str, str], *, password: str | None = None) -> bytes:
    """A one-page blank PDF with ``metadata`` (optionally encrypted with ``password``)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata(metadata)
    if password is not None:
        writer.encrypt(user_password=password, owner_password=password, algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def append_incremental_update(data: bytes, new_title: str = "Changed after signing") -> bytes:
    """``data`` plus a pypdf incremental update that changes /Title (a post-signing edit)."""
    writer = PdfWriter(io.BytesIO(data), incremental=True)
    writer.add_metadata({"/Title": new_title})
    buffer = io.BytesIO()
    writer.write(buffer)
    out = buffer.getvalue()
    assert out.startswith(data) and len(out) > len(data)
    return out


def flip_byte_in(data: bytes, needle: bytes) -> bytes:
    """``data`` with the first byte of the first ``needle`` occurrence changed."""
    at = data.index(needle)
    changed = bytes([data[at] ^ 0x01])
    return data[:at] + changed + data[at + 1 :]


def read_info(path: Path) -> dict[str, str]:
    """The Info dictionary of the PDF at ``path`` (for assertions)."""
    return {k: str(v) for k, v in (PdfReader(path).metadata or {}).items()}


def add_validation_data(data: bytes, identity: DemoIdentity) -> bytes:
    """``data`` plus an incremental update with LTV data (a /DSS holding the CA chain)."""
    from docgen.archive.pyhanko_import import load_pyhanko

    load_pyhanko()
    from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import add_validation_info
    from pyhanko_certvalidator import ValidationContext

    buffer = io.BytesIO(data)
    context = ValidationContext(
        trust_roots=[translate_pyca_cryptography_cert_to_asn1(identity.ca_cert)],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    add_validation_info(PdfFileReader(buffer).embedded_signatures[0], context, in_place=True)
    out = buffer.getvalue()
    assert out.startswith(data) and len(out) > len(data)
    return out


def add_annotation(data: bytes) -> bytes:
    """``data`` plus a pypdf incremental update that puts a comment on page 1."""
    from pypdf.annotations import FreeText

    writer = PdfWriter(io.BytesIO(data), incremental=True)
    writer.add_annotation(page_number=0, annotation=FreeText(text="void", rect=(50, 50, 200, 80)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def write_ca(identity: DemoIdentity, path: Path, *, der: bool = False) -> Path:
    """Write the TEST CA certificate of ``identity`` to ``path`` (PEM, or DER)."""
    from cryptography.hazmat.primitives.serialization import Encoding

    path.write_bytes(identity.ca_cert.public_bytes(Encoding.DER if der else Encoding.PEM))
    return path
