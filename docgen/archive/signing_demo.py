"""TEST signatures for the demo and the test suite. NOT legally valid.

Real papers are signed outside docgen with the signer's qualified key (NCA RK).
This module makes a throw-away certificate authority and signer certificate with
``cryptography`` (the signer's name says "НЕ ДЕЙСТВИТЕЛЬНО" — not valid) and signs a
PDF with pyHanko, so that ``make demo`` and the tests can exercise the archive with
real signatures. pyHanko and ``cryptography`` are docgen dependencies.

    python -m docgen.archive.signing_demo input.pdf output.pdf
"""

from __future__ import annotations

import argparse
import datetime as _dt
import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TEST_SIGNER_CN = "Test Signer — НЕ ДЕЙСТВИТЕЛЬНО"
TEST_CA_CN = "docgen TEST CA — НЕ ДЕЙСТВИТЕЛЬНО"
TEST_REASON = "TEST SIGNATURE — not legally valid / ТЕСТОВАЯ ПОДПИСЬ — НЕ ДЕЙСТВИТЕЛЬНА"
SUBFILTERS = ("pades", "pkcs7")


@dataclass(frozen=True)
class DemoIdentity:
    """A throw-away CA certificate plus a signer certificate and key (``cryptography`` types)."""

    ca_cert: Any
    signer_cert: Any
    signer_key: Any
    ca_key: Any = None

    @property
    def common_name(self) -> str:
        """The signer's common name."""
        from cryptography.x509.oid import NameOID

        attrs = self.signer_cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        return str(attrs[0].value)


def make_test_identity(common_name: str = TEST_SIGNER_CN, *, days: int = 30,
                       now: _dt.datetime | None = None) -> DemoIdentity:
    """A fresh self-signed TEST CA and a signer certificate issued by it (EC P-256),
    valid from a day before ``now`` (default: the present) for ``days`` days after it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = now or _dt.datetime.now(_dt.UTC)

    def name(cn: str) -> x509.Name:
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, cn),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "docgen TEST — NOT VALID"),
            ]
        )

    def certificate(subject: x509.Name, issuer: x509.Name, key: Any, ca: bool) -> Any:
        """The certificate of ``key``, signed with the CA's key: a CA's (it signs
        certificates and revocation lists) or a signer's (it signs documents)."""
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - _dt.timedelta(days=1))
            .not_valid_after(now + _dt.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None),
                           critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=not ca,
                    content_commitment=not ca,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=ca,
                    crl_sign=ca,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(ca_key, hashes.SHA256())
        )

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = certificate(name(TEST_CA_CN), name(TEST_CA_CN), ca_key, ca=True)
    signer_key = ec.generate_private_key(ec.SECP256R1())
    signer_cert = certificate(name(common_name), ca_cert.subject, signer_key, ca=False)
    return DemoIdentity(ca_cert=ca_cert, signer_cert=signer_cert, signer_key=signer_key,
                        ca_key=ca_key)


def sign_pdf_bytes(
    data: bytes,
    identity: DemoIdentity,
    *,
    field_name: str = "Signature1",
    subfilter: str = "pades",
    name: str | None = None,
    reason: str = TEST_REASON,
    certify: bool = False,
    timestamper: Any = None,
) -> bytes:
    """``data`` with one more TEST signature appended as an incremental update.

    ``subfilter`` is ``pades`` (ETSI.CAdES.detached) or ``pkcs7`` (adbe.pkcs7.detached);
    ``name`` goes to the signature's /Name (default: the certificate's common name);
    ``certify`` makes it a certification signature that allows only form filling and
    further signatures (DocMDP level 2); ``timestamper`` (a pyHanko ``TimeStamper``)
    puts a timestamp token in the signature.
    """
    from docgen.archive.pyhanko_import import load_pyhanko

    load_pyhanko()
    from pyhanko.keys.internal import (
        translate_pyca_cryptography_cert_to_asn1,
        translate_pyca_cryptography_key_to_asn1,
    )
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    if subfilter not in SUBFILTERS:
        raise ValueError(f"subfilter must be one of {SUBFILTERS}, not {subfilter!r}")  # i18n: keep
    signer = signers.SimpleSigner(
        signing_cert=translate_pyca_cryptography_cert_to_asn1(identity.signer_cert),
        signing_key=translate_pyca_cryptography_key_to_asn1(identity.signer_key),
        cert_registry=SimpleCertificateStore.from_certs(
            [translate_pyca_cryptography_cert_to_asn1(identity.ca_cert)]
        ),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=(
            fields.SigSeedSubFilter.PADES
            if subfilter == "pades"
            else fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED
        ),
        name=name if name is not None else identity.common_name,
        reason=reason,
        certify=certify,
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    out = signers.sign_pdf(writer, meta, signer=signer, timestamper=timestamper)
    return bytes(out.getvalue())


def sign_pdf_file(
    source: Path | str, target: Path | str, identity: DemoIdentity | None = None
) -> Path:
    """Sign ``source`` with a TEST signature into ``target``; return ``target``."""
    identity = identity or make_test_identity()
    target = Path(target)
    target.write_bytes(sign_pdf_bytes(Path(source).read_bytes(), identity))
    return target


def main(argv: list[str] | None = None) -> int:
    """``python -m docgen.archive.signing_demo IN.pdf OUT.pdf``: add a TEST signature."""
    parser = argparse.ArgumentParser(
        prog="python -m docgen.archive.signing_demo",
        description="Add a TEST signature (NOT legally valid) to a PDF, for the demo.",
    )
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    try:
        sign_pdf_file(args.source, args.target)
    except OSError as exc:
        print(f"signing_demo: {exc}", file=sys.stderr)
        return 1
    print(f"{args.target}: TEST signature added ({TEST_SIGNER_CN})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
