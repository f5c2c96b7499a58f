"""Detached CMS signatures (NCALayer's .cms / .p7s beside the PDF): checked, kept, verified.

The signatures are real: made with ``cryptography``'s PKCS#7 builder over the PDF's
bytes (RSA and ECDSA); the GOST one is a real CMS whose algorithms are rewritten to
Kazakhstan's and Russia's GOST OIDs, which docgen recognises and cannot check.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from helpers import ROOT, SAMPLES, run_cli
from signing import docgen_metadata, make_docgen_pdf, make_test_identity, write_ca

from docgen.archive.signing_demo import DemoIdentity
from docgen.output.pdf_metadata import read_pdf_metadata
from docgen.records.journal import open_journal
from docgen.records.roll import open_roll

DOC = "DG-00000000000000D1"


def _rsa_identity() -> DemoIdentity:
    """A TEST CA (EC) and an RSA signer certificate issued by it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa

    ec_identity = make_test_identity()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    old = ec_identity.signer_cert
    builder = (x509.CertificateBuilder().subject_name(old.subject).issuer_name(old.issuer)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1))
               .not_valid_after(now + dt.timedelta(days=30)))
    for extension in old.extensions:
        builder = builder.add_extension(extension.value, extension.critical)
    cert = builder.sign(ec_identity.ca_key, hashes.SHA256())
    return DemoIdentity(ca_cert=ec_identity.ca_cert, signer_cert=cert, signer_key=key,
                        ca_key=ec_identity.ca_key)


def detached_cms(data: bytes, identity: DemoIdentity, digest: str = "sha256") -> bytes:
    """A real detached CMS (DER) over ``data``, as NCALayer makes it."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs7

    algorithm = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(),
                 "sha224": hashes.SHA224()}[digest]
    return (pkcs7.PKCS7SignatureBuilder().set_data(data)
            .add_signer(identity.signer_cert, identity.signer_key, algorithm)
            .sign(Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature,
                                 pkcs7.PKCS7Options.Binary]))


def gostified(der: bytes, digest_oid: str, signature_oid: str) -> bytes:
    """The CMS ``der`` with its signer's algorithms named as GOST ones."""
    from asn1crypto import cms

    info = cms.ContentInfo.load(der)
    signer = info["content"]["signer_infos"][0]
    signer["digest_algorithm"] = {"algorithm": digest_oid}
    signer["signature_algorithm"] = {"algorithm": signature_oid}
    info["content"]["digest_algorithms"] = [{"algorithm": digest_oid}]
    return info.dump(force=True)


@pytest.fixture
def paper(tmp_path: Path) -> tuple[Path, Path]:
    """docgen's unsigned PDF of one council decision (in the journal) and its archive."""
    archive = tmp_path / "archive"
    with open_journal(archive) as journal:
        journal.reserve_number("council", "", "decision", 2025, 1)
        journal.record_generated(DOC, kind="decision", body="council", region="",
                                 doc_date="2025-03-01", lang="ru", reg_number=1)
    pdf = tmp_path / "decision_ru.pdf"
    pdf.write_bytes(make_docgen_pdf(docgen_metadata(DOC)))
    return pdf, archive


@pytest.mark.parametrize(("kind", "digest", "encoding"), [
    ("rsa", "sha256", "der"), ("ecdsa", "sha384", "base64")])
def test_a_detached_cms_is_checked_filed_and_verified(
    tmp_path: Path, paper: tuple[Path, Path], kind: str, digest: str, encoding: str
) -> None:
    pdf, archive = paper
    identity = _rsa_identity() if kind == "rsa" else make_test_identity()
    der = detached_cms(pdf.read_bytes(), identity, digest)
    cms = tmp_path / "decision_ru.pdf.cms"
    cms.write_bytes(der if encoding == "der" else base64.encodebytes(der))
    ca = write_ca(identity, tmp_path / "ca.pem")

    added = run_cli("archive", "add", pdf, "--signature", cms, "--trust", ca, "--require-trust",
                    "--archive", archive)
    assert added.exit_code == 0, added.stderr
    assert f"added: {pdf} -> " in added.stdout
    assert (f"signed by {identity.common_name} at " in added.stdout
            and "(CMS detached); digest intact, signature valid; trusted" in added.stdout)
    shown = json.loads(run_cli("archive", "show", DOC, "--json", "--archive", archive).stdout)
    assert [s["field_name"] for s in shown["signatures"]] == ["detached: decision_ru.pdf.cms"]
    with closing(sqlite3.connect(archive / "journal.sqlite")) as raw:
        (kept,) = raw.execute("SELECT cms FROM detached_signatures").fetchone()
    assert bytes(kept) == der  # the signature is kept (and chained) in the journal
    verified = run_cli("archive", "verify", "--trust", ca, "--archive", archive)
    assert verified.exit_code == 0, verified.stdout
    assert "1 files verified" in verified.stdout
    again = run_cli("archive", "add", pdf, "--signature", cms, "--archive", archive)
    assert again.exit_code == 0 and again.stdout.startswith("unchanged: ")
    assert f"the detached signature {cms.name} is already there" in again.stdout
    later = tmp_path / "second-signer.cms"
    later.write_bytes(detached_cms(pdf.read_bytes(), make_test_identity("Second Signer")))
    second = run_cli("archive", "add", pdf, "--signature", later, "--archive", archive)
    assert second.exit_code == 0, second.stderr
    assert second.stdout.startswith(f"signature added: {pdf} -> ")
    shown = json.loads(run_cli("archive", "show", DOC, "--json", "--archive", archive).stdout)
    assert [s["field_name"] for s in shown["signatures"]] == [
        "detached: decision_ru.pdf.cms", "detached: second-signer.cms"]
    assert run_cli("archive", "verify", "--archive", archive).exit_code == 0


def test_a_cms_over_other_bytes_or_with_a_weak_digest_is_refused(
    tmp_path: Path, paper: tuple[Path, Path]
) -> None:
    pdf, archive = paper
    identity = make_test_identity()
    other = tmp_path / "other.p7s"
    other.write_bytes(detached_cms(pdf.read_bytes() + b"\n% changed", identity))
    refused = run_cli("archive", "add", pdf, "--signature", other, "--archive", archive)
    assert refused.exit_code == 1
    assert f"{other}: the CMS signature does not match other: the signed bytes differ " \
        "(digest mismatch)" in refused.stderr
    weak = tmp_path / "weak.p7s"
    weak.write_bytes(detached_cms(pdf.read_bytes(), identity, "sha224"))
    refused = run_cli("archive", "add", pdf, "--signature", weak, "--archive", archive)
    assert refused.exit_code == 1
    assert "the CMS uses the digest sha224; docgen accepts SHA-256 and stronger" in refused.stderr
    junk = tmp_path / "junk.cms"
    junk.write_text("not a signature")
    refused = run_cli("archive", "add", pdf, "--signature", junk, "--archive", archive)
    assert refused.exit_code == 1 and "not a CMS/PKCS#7 signature" in refused.stderr
    assert not list(archive.glob("2025/**/*.pdf"))  # nothing filed


@pytest.mark.parametrize(("digest_oid", "signature_oid"), [
    ("1.2.398.3.10.1.3.1", "1.2.398.3.10.1.1.1.1"),  # Kazakhstan: GOST 34.311 / 34.310-2004
    ("1.2.643.7.1.1.2.2", "1.2.643.7.1.1.1.1"),  # Russia: GOST R 34.11-2012 / 34.10-2012
])
def test_a_gost_signature_is_recognised_never_called_invalid(
    tmp_path: Path, paper: tuple[Path, Path], digest_oid: str, signature_oid: str
) -> None:
    pdf, archive = paper
    identity = make_test_identity()
    gost = tmp_path / "decision_ru.pdf.cms"
    gost.write_bytes(gostified(detached_cms(pdf.read_bytes(), identity), digest_oid,
                               signature_oid))
    ca = write_ca(identity, tmp_path / "ca.pem")
    refused = run_cli("archive", "add", pdf, "--signature", gost, "--trust", ca,
                      "--require-trust", "--archive", archive)
    assert refused.exit_code == 1
    assert "is GOST: docgen cannot check it" in refused.stderr
    assert "invalid" not in refused.stderr.lower() and "broken" not in refused.stderr

    added = run_cli("archive", "add", pdf, "--signature", gost, "--archive", archive)
    assert added.exit_code == 0, added.stderr
    assert "digest not checked; GOST: docgen cannot check it" in added.stdout
    verified = run_cli("archive", "verify", "--trust", ca, "--archive", archive)
    assert verified.exit_code == 0, verified.stdout
    assert "note: " in verified.stdout and "GOST: docgen cannot check it" in verified.stdout


def test_a_kept_cms_or_its_pdf_changed_behind_docgens_back_is_named(
    tmp_path: Path, paper: tuple[Path, Path]
) -> None:
    pdf, archive = paper
    identity = make_test_identity()
    cms = tmp_path / "decision_ru.pdf.cms"
    cms.write_bytes(detached_cms(pdf.read_bytes(), identity))
    assert run_cli("archive", "add", pdf, "--signature", cms, "--archive", archive).exit_code == 0
    forged = detached_cms(pdf.read_bytes() + b"x", identity)
    with closing(sqlite3.connect(archive / "journal.sqlite")) as raw, raw:
        raw.execute("UPDATE detached_signatures SET cms = ?", (forged,))
    found = run_cli("archive", "verify", "--archive", archive)
    assert found.exit_code == 1
    assert "row changed: " in found.stdout and "detached_signatures row doc_id=" in found.stdout
    assert "signature: " in found.stdout and "digest mismatch" in found.stdout


# ------------------------------------------- a signature for a PDF archived unsigned before

ROLL = SAMPLES / "roll.csv"
ORDER = SAMPLES / "order-2026-012.yaml"
KIM = "Ким Виктор Алексеевич"
_STATE = """SELECT (SELECT count(*) FROM signatures WHERE doc_id = ?),
                   (SELECT count(*) FROM detached_signatures WHERE doc_id = ?),
                   (SELECT count(*) FROM roll_orders WHERE year = 2026 AND number = 12),
                   (SELECT count(*) FROM history WHERE doc_id = ? AND event = 'signature added')"""


@pytest.fixture(scope="module")
def unsigned_order(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """Order № 12 rendered with --pdf --archive, its ru PDF archived unsigned (--unsigned)."""
    base = tmp_path_factory.mktemp("later-signature")
    archive, out = base / "archive", base / "out"
    assert run_cli("members", "import", ROLL, "--archive", archive).exit_code == 0
    made = run_cli("render", "order", ORDER, "--out", out, "--pdf", "--archive", archive)
    assert made.exit_code == 0, made.stderr
    pdf = out / "order-2026-012" / "order_ru.pdf"
    added = run_cli("archive", "add", pdf, "--unsigned", "--archive", archive)
    assert added.exit_code == 0, added.stderr
    return archive, pdf, read_pdf_metadata(pdf)["DocgenId"]


def _case(unsigned_order: tuple[Path, Path, str], tmp_path: Path) -> tuple[Path, Path, str]:
    archive, pdf, doc_id = unsigned_order
    shutil.copytree(archive, tmp_path / "archive")
    cms = tmp_path / "order_ru.pdf.cms"
    cms.write_bytes(detached_cms(pdf.read_bytes(), make_test_identity()))
    return tmp_path / "archive", cms, doc_id


def _state(archive: Path, doc_id: str) -> tuple[int, int, int, int]:
    with closing(sqlite3.connect(archive / "journal.sqlite")) as conn:
        return conn.execute(_STATE, (doc_id, doc_id, doc_id)).fetchone()


def test_a_signature_is_added_to_the_pdf_archived_unsigned_and_applies_the_order(
        unsigned_order: tuple[Path, Path, str], tmp_path: Path) -> None:
    archive, cms, doc_id = _case(unsigned_order, tmp_path)
    pdf = unsigned_order[1]
    assert _state(archive, doc_id) == (0, 0, 0, 0)
    with open_roll(archive) as roll:
        assert KIM not in {e.member.name_ru for e in roll.on(dt.date(2026, 5, 10))}

    added = run_cli("archive", "add", pdf, "--signature", cms, "--archive", archive)

    assert added.exit_code == 0, added.stderr
    assert added.stdout.startswith(f"signature added: {pdf} -> ")
    assert "(CMS detached); digest intact, signature valid" in added.stdout
    assert "roll: order № 12 of 2026-05-10 applied: 4 remove, 3 admit" in added.stdout
    assert _state(archive, doc_id) == (1, 1, 1, 1)  # one record, no duplicate
    with open_roll(archive) as roll:
        assert KIM in {e.member.name_ru for e in roll.on(dt.date(2026, 5, 10))}
        assert roll.applied_from(2026, 12) == f"signed PDF {doc_id}"
    assert len(list(archive.glob("2026/order/*.pdf"))) == 1
    verified = run_cli("archive", "verify", "--archive", archive)
    assert verified.exit_code == 0, verified.stdout

    again = run_cli("archive", "add", pdf, "--signature", cms, "--archive", archive)
    assert again.exit_code == 0, again.stderr
    assert again.stdout.startswith(f"unchanged: {pdf} -> ")
    assert f"the detached signature {cms.name} is already there" in again.stdout
    assert "roll:" not in again.stdout
    assert _state(archive, doc_id) == (1, 1, 1, 1)

    # the chain covers it: the added signature's row edited with sqlite3 is named
    with closing(sqlite3.connect(archive / "journal.sqlite")) as conn, conn:
        conn.execute("UPDATE detached_signatures SET source = 'other.cms'")
    tampered = run_cli("archive", "verify", "--archive", archive)
    assert tampered.exit_code == 1
    assert "detached_signatures" in tampered.stdout


@pytest.mark.parametrize("point", ["fdatasync:when=1", "fdatasync:when=2", "fdatasync:when=3"])
def test_killed_while_adding_the_signature_it_is_added_and_applied_or_neither(
        unsigned_order: tuple[Path, Path, str], tmp_path: Path, point: str) -> None:
    archive, cms, doc_id = _case(unsigned_order, tmp_path)
    syscall, when = point.split(":")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DOCGEN_ARCHIVE": str(archive)}
    killed = subprocess.run(
        ["strace", "-f", "-o", os.devnull, "-e", f"inject={syscall}:signal=SIGKILL:{when}",
         sys.executable, "-m", "docgen", "archive", "add", str(unsigned_order[1]),
         "--signature", str(cms)],
        capture_output=True, text=True, env=env, timeout=300, check=False)
    assert killed.returncode != 0, killed.stdout  # the kill point was reached

    assert run_cli("archive", "list", "--archive", archive).exit_code == 0
    assert _state(archive, doc_id) in {(0, 0, 0, 0), (1, 1, 1, 1)}
    assert run_cli("archive", "verify", "--archive", archive).exit_code == 0
    added = run_cli("archive", "add", unsigned_order[1], "--signature", cms, "--archive",
                    archive)
    assert added.exit_code == 0, added.stderr
    assert _state(archive, doc_id) == (1, 1, 1, 1)
