"""Valid at signing, valid forever: a signature is judged as of when it was signed.

The past is real here: a signature made and archived under a fake clock (libfaketime's
``faketime``, a whole docgen process in June 2025) with a certificate that expired a
month later; `archive verify` today says it was valid when archived. Intermediates are
not trust anchors unless marked; an offline CRL revokes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, run_cli
from signing import docgen_metadata, make_docgen_pdf, make_test_identity, sign_pdf_bytes, write_ca

from docgen.archive.signing_demo import DemoIdentity

DOC = "DG-00000000000000C1"
PAST = "2025-06-01 12:00:00"

_PAST_RUN = """
import datetime as dt, sys
from pathlib import Path
from signing import docgen_metadata, make_docgen_pdf, make_test_identity, sign_pdf_bytes, write_ca
from docgen.records.journal import open_journal
from docgen.cli import cli

work = Path(sys.argv[1])
identity = make_test_identity(days=30)  # from the (fake) present: June 2025 to July 2025
write_ca(identity, work / "ca.pem")
with open_journal(work / "archive") as journal:
    journal.reserve_number("council", "", "decision", 2025, 1)
    journal.record_generated("{doc}", kind="decision", body="council", region="",
                             doc_date="2025-06-01", lang="ru", reg_number=1)
(work / "signed.pdf").write_bytes(sign_pdf_bytes(
    make_docgen_pdf(docgen_metadata("{doc}", number=1, date="2025-06-01")), identity))
cli(["archive", "add", str(work / "signed.pdf"), "--trust", str(work / "ca.pem"),
     "--require-trust", "--archive", str(work / "archive")])
""".replace("{doc}", DOC)


@pytest.fixture(scope="module")
def archived_in_2025(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive whose one signed decision was archived (and trusted) on 2025-06-01."""
    assert shutil.which("faketime"), "faketime is needed (make install-system: APT_PACKAGES)"
    work = tmp_path_factory.mktemp("past")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "tests"), str(ROOT)])}
    done = subprocess.run(["faketime", "-f", f"@{PAST}", sys.executable, "-c", _PAST_RUN,
                           str(work)], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "added:" in done.stdout and "; trusted" in done.stdout, done.stdout
    return work


def test_a_signature_valid_when_archived_stays_valid_after_its_certificate_expired(
    archived_in_2025: Path,
) -> None:
    work = archived_in_2025
    shown = run_cli("archive", "show", DOC, "--json", "--archive", work / "archive")
    archived = [e for e in json.loads(shown.stdout)["history"] if e["event"] == "archived"]
    assert archived[0]["at"].startswith("2025-06-01T12:00")  # the chained proof of existence

    result = run_cli("archive", "verify", "--trust", work / "ca.pem", "--archive",
                     work / "archive")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "valid when archived on 2025-06-01; the certificate expired on 2025-07-01" in (
        result.stdout)
    assert "not trusted" not in result.stdout
    report = json.loads(run_cli("archive", "verify", "--trust", work / "ca.pem", "--json",
                                "--archive", work / "archive").stdout)
    assert report["ok"] is True and report["findings"] == []
    (note,) = report["notes"]
    assert f"[{DOC}]: signature 'Signature1'" in note
    assert "valid when archived on 2025-06-01" in note


def test_the_same_expired_signature_archived_today_is_not_trusted(
    tmp_path: Path, archived_in_2025: Path,
) -> None:
    """No proof that it existed while the certificate was valid: not trusted, refused."""
    work = archived_in_2025
    archive = tmp_path / "archive"
    from docgen.records.journal import open_journal

    with open_journal(archive) as journal:
        journal.reserve_number("council", "", "decision", 2025, 1)
        journal.record_generated(DOC, kind="decision", body="council", region="",
                                 doc_date="2025-06-01", lang="ru", reg_number=1)
    refused = run_cli("archive", "add", work / "signed.pdf", "--trust", work / "ca.pem",
                      "--require-trust", "--archive", archive)
    assert refused.exit_code == 1
    assert "--require-trust: signature 'Signature1'" in refused.stderr
    assert ("is not trusted: the certificate expired on 2025-07-01 and nothing proves the "
            "signature was made before") in refused.stderr


def test_a_trusted_timestamp_proves_the_signing_time_at_archiving(tmp_path: Path) -> None:
    """Signed while the certificate was valid, with a timestamp from a TSA trusted today."""
    from docgen.archive.pyhanko_import import load_pyhanko

    load_pyhanko()
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from pyhanko.keys.internal import (
        translate_pyca_cryptography_cert_to_asn1,
        translate_pyca_cryptography_key_to_asn1,
    )
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    past = dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC)
    identity = make_test_identity(now=past, days=30)  # expired on 2025-07-01
    tsa_ca = make_test_identity()  # a time-stamping authority trusted today
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    tsa_cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(
        x509.oid.NameOID.COMMON_NAME, "TEST TSA")])).issuer_name(tsa_ca.ca_cert.subject)
        .public_key(tsa_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(past - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.TIME_STAMPING]),
                       critical=True)
        .sign(tsa_ca.ca_key, hashes.SHA256()))
    stamper = DummyTimeStamper(
        tsa_cert=translate_pyca_cryptography_cert_to_asn1(tsa_cert),
        tsa_key=translate_pyca_cryptography_key_to_asn1(tsa_key),
        fixed_dt=past + dt.timedelta(days=2))
    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(sign_pdf_bytes(make_docgen_pdf(docgen_metadata(DOC)), identity,
                                   timestamper=stamper))
    roots = tmp_path / "roots"
    roots.mkdir()
    write_ca(identity, roots / "ca.pem")
    write_ca(tsa_ca, roots / "tsa-root.pem")
    archive = tmp_path / "archive"
    _journal_with_doc(archive)

    added = run_cli("archive", "add", pdf, "--trust", roots, "--require-trust",
                    "--archive", archive)
    assert added.exit_code == 0, added.stderr
    assert "; trusted" in added.stdout
    assert ("signature 'Signature1': valid when signed on 2025-06-03; the certificate expired "
            "on 2025-07-01 (proved by a trusted timestamp)") in added.stdout
    verified = run_cli("archive", "verify", "--trust", roots, "--archive", archive)
    assert verified.exit_code == 0, verified.stdout
    assert "valid when signed on 2025-06-03" in verified.stdout
    without_tsa = run_cli("archive", "add", pdf, "--trust", roots / "ca.pem", "--require-trust",
                          "--archive", tmp_path / "other")
    assert without_tsa.exit_code == 1


# ---------------------------------------------------------------------------- anchors, CRLs


def _chain(tmp_path: Path) -> tuple[Path, Path, DemoIdentity, bytes]:
    """A root → intermediate → signer chain: the root's and the intermediate's PEM files,
    the signer (as a DemoIdentity whose 'CA' is the intermediate) and a signed PDF."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)

    def cert(cn: str, key, issuer_name, issuer_key, ca: bool):
        builder = (x509.CertificateBuilder()
                   .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)]))
                   .issuer_name(issuer_name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(days=1))
                   .not_valid_after(now + dt.timedelta(days=30))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
                   .add_extension(x509.KeyUsage(
                       digital_signature=not ca, content_commitment=not ca,
                       key_encipherment=False, data_encipherment=False, key_agreement=False,
                       key_cert_sign=ca, crl_sign=ca, encipher_only=False,
                       decipher_only=False), critical=True))
        return builder.sign(issuer_key, hashes.SHA256())

    root_key, inter_key, signer_key = (ec.generate_private_key(ec.SECP256R1()) for _ in "abc")
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TEST root")])
    root = cert("TEST root", root_key, root_name, root_key, True)
    inter = cert("TEST intermediate", inter_key, root.subject, root_key, True)
    signer = cert("TEST signer", signer_key, inter.subject, inter_key, False)
    identity = DemoIdentity(ca_cert=inter, signer_cert=signer, signer_key=signer_key)
    root_pem, inter_pem = tmp_path / "root.pem", tmp_path / "intermediate.pem"
    root_pem.write_bytes(root.public_bytes(Encoding.PEM))
    inter_pem.write_bytes(inter.public_bytes(Encoding.PEM))
    signed = sign_pdf_bytes(make_docgen_pdf(docgen_metadata(DOC)), identity)
    return root_pem, inter_pem, identity, signed


def _journal_with_doc(archive: Path) -> None:
    from docgen.records.journal import open_journal

    with open_journal(archive) as journal:
        journal.reserve_number("council", "", "decision", 2025, 1)
        journal.record_generated(DOC, kind="decision", body="council", region="",
                                 doc_date="2025-03-01", lang="ru", reg_number=1)


def test_an_intermediate_is_no_trust_anchor_unless_marked(tmp_path: Path) -> None:
    root_pem, inter_pem, _, signed = _chain(tmp_path)
    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(signed)
    archive = tmp_path / "archive"
    _journal_with_doc(archive)

    alone = run_cli("archive", "add", pdf, "--trust", inter_pem, "--require-trust",
                    "--archive", archive)
    assert alone.exit_code == 1
    assert "no root certificate in it (only intermediates" in alone.stderr
    assert "NAME.anchor.pem" in alone.stderr

    both = tmp_path / "roots"
    both.mkdir()
    shutil.copy(root_pem, both / "root.pem")
    shutil.copy(inter_pem, both / "intermediate.pem")
    marked = tmp_path / "nca-intermediate.anchor.pem"
    shutil.copy(inter_pem, marked)
    added = run_cli("archive", "add", pdf, "--trust", marked, "--require-trust",
                    "--archive", archive)
    assert added.exit_code == 0, added.stderr
    assert "; trusted" in added.stdout
    assert run_cli("archive", "verify", "--trust", both, "--archive", archive).exit_code == 0
    # an intermediate beside another root does not make its signers trusted
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    write_ca(make_test_identity(), mixed / "other-root.pem")
    shutil.copy(inter_pem, mixed / "intermediate.pem")
    untrusted = run_cli("archive", "verify", "--trust", mixed, "--archive", archive)
    assert untrusted.exit_code == 1
    assert "signature 'Signature1' by TEST signer is not trusted" in untrusted.stdout


def _naming_a_crl(identity: DemoIdentity) -> DemoIdentity:
    """The identity's signer certificate again, naming where its CA publishes its CRL
    (as the national certification centre's certificates do)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    old = identity.signer_cert
    builder = (x509.CertificateBuilder().subject_name(old.subject).issuer_name(old.issuer)
               .public_key(old.public_key()).serial_number(old.serial_number)
               .not_valid_before(old.not_valid_before_utc)
               .not_valid_after(old.not_valid_after_utc))
    for extension in old.extensions:
        builder = builder.add_extension(extension.value, extension.critical)
    point = x509.DistributionPoint([x509.UniformResourceIdentifier(
        "http://crl.example.invalid/test-ca.crl")], None, None, None)
    builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    signer = builder.sign(identity.ca_key, hashes.SHA256())
    return DemoIdentity(ca_cert=identity.ca_cert, signer_cert=signer,
                        signer_key=identity.signer_key, ca_key=identity.ca_key)


def test_an_offline_crl_revokes_the_signer(tmp_path: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import Encoding

    identity = _naming_a_crl(make_test_identity())
    pdf = tmp_path / "signed.pdf"
    archive = tmp_path / "archive"
    _journal_with_doc(archive)
    pdf.write_bytes(sign_pdf_bytes(make_docgen_pdf(docgen_metadata(DOC)), identity))
    ca = write_ca(identity, tmp_path / "ca.pem")
    now = dt.datetime.now(dt.UTC)
    revoked = (x509.RevokedCertificateBuilder()
               .serial_number(identity.signer_cert.serial_number)
               .revocation_date(now - dt.timedelta(hours=12)).build())
    crl = (x509.CertificateRevocationListBuilder()
           .issuer_name(identity.ca_cert.subject)
           .last_update(now - dt.timedelta(hours=1))
           .next_update(now + dt.timedelta(days=7))
           .add_revoked_certificate(revoked))
    assert identity.ca_key is not None
    crl_path = tmp_path / "ca.crl"
    crl_path.write_bytes(crl.sign(identity.ca_key, hashes.SHA256()).public_bytes(Encoding.PEM))

    refused = run_cli("archive", "add", pdf, "--trust", ca, "--crl", crl_path,
                      "--require-trust", "--archive", archive)
    assert refused.exit_code == 1
    assert "revoked" in refused.stderr
    assert run_cli("archive", "add", pdf, "--trust", ca, "--archive", archive).exit_code == 0
    found = run_cli("archive", "verify", "--trust", ca, "--crl", crl_path, "--archive", archive)
    assert found.exit_code == 1
    assert "is not trusted: the certificate is revoked" in found.stdout
    bad = tmp_path / "bad.crl"
    bad.write_text("not a list")
    junk = run_cli("archive", "verify", "--trust", ca, "--crl", bad, "--archive", archive)
    assert junk.exit_code == 1 and "--crl " in junk.stderr and "not a certificate revocation " \
        "list" in junk.stderr


@pytest.mark.parametrize(("lang", "words"), [
    ("ru", "подпись «Signature1» (Test Signer — НЕ ДЕЙСТВИТЕЛЬНО): действительна при сдаче в "
           "архив 2025-06-01; срок сертификата истёк 2025-07-01"),
    ("kk", "«Signature1» қолтаңбасы (Test Signer — НЕ ДЕЙСТВИТЕЛЬНО): мұрағатқа 2025-06-01 "
           "күні тапсырылғанда жарамды; сертификаттың мерзімі 2025-07-01 күні біткен"),
])
def test_the_verdict_is_shown_in_the_interface_language_and_kept_in_english(
    archived_in_2025: Path, lang: str, words: str,
) -> None:
    import sqlite3
    from contextlib import closing

    work = archived_in_2025
    env = {**os.environ, "DOCGEN_UI_LANG": lang, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "docgen", "archive", "verify", "--trust",
                           str(work / "ca.pem"), "--archive", str(work / "archive")],
                          capture_output=True, text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert words in done.stdout
    shown = subprocess.run([sys.executable, "-m", "docgen", "archive", "show", DOC,
                            "--archive", str(work / "archive")],
                           capture_output=True, text=True, env=env, timeout=300, check=False)
    digest = {"ru": "хеш цел, подпись действительна; доверено",
              "kk": "хеш бүтін, қолтаңба жарамды; сенімді"}[lang]
    assert digest in shown.stdout, shown.stdout
    with closing(sqlite3.connect(work / "archive" / "journal.sqlite")) as conn:
        assert conn.execute("SELECT trust FROM signatures").fetchall() == [("trusted",)]
