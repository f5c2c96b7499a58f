"""Detached CMS signatures: ``archive add PAPER.pdf --signature PAPER.pdf.cms``.

Papers signed the usual Kazakh way come back with a CMS (PKCS#7) signature beside the
PDF (NCALayer's ``.cms`` / ``.p7s``), not inside it. :func:`check_detached` reads one
(DER, PEM or bare base64) and has pyHanko validate it over the PDF's bytes: the digest
(SHA-256 and up), the signature value (RSA or ECDSA) and, with trust roots, the
signer's certificate path, as of the signing time a trusted timestamp in it proves (or
``moment``: the journal's record of when docgen archived it), exactly as for a
signature inside a PDF. The signature itself is kept in the journal (a chained table).

A GOST signature (Kazakhstan's GOST 34.310-2004, OIDs ``1.2.398.3.10.*``; Russia's GOST R
34.10/34.11, ``1.2.643.*``) is recognised and reported as ``GOST: docgen cannot check
it``: neither valid nor invalid, and refused under ``--require-trust``.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.archive.signatures import (
    TRUSTED,
    cert_expiry,
    quiet_library_logs,
    sha256_bytes,
    trust_word,
    valid_when,
    validation_context,
)
from docgen.archive.trust import TrustRoots
from docgen.archive.words import GOST, STAMPED
from docgen.errors import SignatureError
from docgen.i18n import _
from docgen.records.journal import SignatureRecord

__all__ = ["CMS_TYPE", "GOST", "Detached", "check_detached", "read_cms"]

CMS_TYPE = "CMS detached"
_GOST_ARCS = ("1.2.398.3.10.", "1.2.643.")
_STRONG_DIGESTS = {"sha256", "sha384", "sha512", "sha3_256", "sha3_384", "sha3_512"}


@dataclass(frozen=True)
class Detached:
    """One detached CMS signature checked over a PDF's bytes."""

    source: str
    der: bytes
    signature: SignatureRecord
    notes: tuple[str, ...] = ()
    expires: str | None = None

    @property
    def sha256(self) -> str:
        """The sha256 of the CMS itself (its key in the journal)."""
        return sha256_bytes(self.der)


def read_cms(raw: bytes, name: Path) -> tuple[bytes, Any]:
    """``(DER, asn1crypto SignedData)`` of a CMS file: DER, PEM or bare base64."""
    from asn1crypto import cms, pem

    der = raw
    if pem.detect(raw):
        der = pem.unarmor(raw)[2]
    elif raw[:1] != b"\x30":
        try:
            der = base64.b64decode(b"".join(raw.split()), validate=True)
        except (binascii.Error, ValueError):
            der = b""
    try:
        info = cms.ContentInfo.load(der)
        if info["content_type"].native != "signed_data":
            raise ValueError(_("it holds {kind}, not signed data").format(
                kind=info["content_type"].native))
        signed = info["content"]
        _native = signed.native  # parse it all: damage shows here
    except Exception as exc:  # asn1crypto raises several types on bad input
        raise SignatureError(_("{name}: not a CMS/PKCS#7 signature (DER, PEM or base64 "
                               "expected): {error}").format(name=name, error=exc)) from exc
    return der, signed


def _is_gost(signer_info: Any) -> bool:
    oids = (signer_info["digest_algorithm"]["algorithm"].dotted,
            signer_info["signature_algorithm"]["algorithm"].dotted)
    return any(oid.startswith(arc) for oid in oids for arc in _GOST_ARCS)


def _signer_cert(signed: Any, signer_info: Any) -> Any | None:
    sid = signer_info["sid"]
    for choice in signed["certificates"] or ():
        cert = choice.chosen
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if (cert.issuer == wanted["issuer"]
                    and cert.serial_number == wanted["serial_number"].native):
                return cert
        elif cert.key_identifier == sid.chosen.native:
            return cert
    return None


def _common_name(cert: Any | None) -> str | None:
    if cert is None:
        return None
    try:
        return str(cert.subject.native.get("common_name")) or None
    except Exception:  # an odd subject: no name
        return None


def _validate(data: bytes, signed: Any, roots: TrustRoots | None,
              moment: _dt.datetime | None) -> Any:
    from docgen.archive.pyhanko_import import load_pyhanko

    load_pyhanko()
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms

    return asyncio.run(async_validate_detached_cms(
        data, signed, signer_validation_context=validation_context(roots, moment)))


def check_detached(raw: bytes, data: bytes, name: Path, *, trust: TrustRoots | None = None,
                   moment: _dt.datetime | None = None) -> Detached:
    """Check the detached CMS ``raw`` (the file ``name``) over the PDF bytes ``data``.

    SignatureError when it is not a CMS, carries another document, has more or fewer
    than one signer, uses a digest weaker than SHA-256, or does not verify.
    """
    der, signed = read_cms(raw, name)
    content = signed["encap_content_info"]["content"]
    if content.native is not None and bytes(content.native) != data:
        raise SignatureError(_("{name}: the CMS carries another document than the PDF"
                               ).format(name=name))
    infos = list(signed["signer_infos"])
    if len(infos) != 1:
        raise SignatureError(_("{name}: the CMS has {count} signers; docgen checks a CMS "
                               "with one signer (give each signer's file with --signature)"
                               ).format(name=name, count=len(infos)))
    info = infos[0]
    cert = _signer_cert(signed, info)
    record = dict(field_name=f"detached: {name.name}", signer_name=_common_name(cert),
                  signature_type=CMS_TYPE)
    if _is_gost(info):
        return Detached(name.name, der, SignatureRecord(
            **record, signed_at=None, intact=None, valid=None, trust=GOST))
    digest = info["digest_algorithm"]["algorithm"].native
    if digest not in _STRONG_DIGESTS:
        raise SignatureError(_("{name}: the CMS uses the digest {digest}; docgen accepts "
                               "SHA-256 and stronger").format(name=name, digest=digest))
    with quiet_library_logs():
        try:
            status = _validate(data, signed, trust, moment)
        except Exception as exc:  # unsupported algorithms, malformed attributes, ...
            raise SignatureError(_("{name}: the CMS signature could not be validated: "
                                   "{error}").format(name=name, error=exc)) from exc
        if not status.intact:
            raise SignatureError(_("{name}: the CMS signature does not match {pdf}: the "
                                   "signed bytes differ (digest mismatch)").format(
                                       name=name, pdf=name.stem))
        if not status.valid:
            raise SignatureError(_("{name}: the CMS signature is broken: its value does not "
                                   "verify with the signer's certificate").format(name=name))
        expires = cert_expiry(cert)
        words = trust_word(status, trust, expires)
        notes: list[str] = []
        stamp = getattr(status, "timestamp_validity", None)
        if (trust is not None and words != TRUSTED and moment is None and stamp is not None
                and getattr(stamp, "trusted", False)):
            then = _validate(data, signed, trust, stamp.timestamp)
            if then.trusted:
                notes.append(STAMPED.format(field=record["field_name"], verdict=valid_when(
                    "signed", stamp.timestamp, expires, words)))
                words = TRUSTED
    when = status.signer_reported_dt
    return Detached(name.name, der, SignatureRecord(
        **record, signed_at=when.astimezone(_dt.UTC).isoformat(timespec="seconds")
        if when else None, intact=True, valid=True, trust=words),
        notes=tuple(notes), expires=expires)
