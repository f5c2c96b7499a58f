"""Signatures validated by pyHanko: changes after signing, LTV updates, DocMDP, trust roots."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from signing import (
    DemoIdentity,
    add_annotation,
    add_validation_data,
    append_incremental_update,
    docgen_metadata,
    make_docgen_pdf,
    make_test_identity,
    sign_pdf_bytes,
    write_ca,
)

import docgen
from docgen.archive.signatures import LTV_NOTE, NOT_CHECKED, TRUSTED, inspect_pdf
from docgen.archive.store import add_to_archive
from docgen.archive.trust import load_trust
from docgen.archive.verify import verify_archive
from docgen.cli import cli
from docgen.errors import ArchiveError, SignatureError
from docgen.records.journal import Journal

DOC = "DG-5A5A5A5A5A5A5A5A"


@pytest.fixture(scope="module")
def identity() -> DemoIdentity:
    return make_test_identity()


@pytest.fixture(scope="module")
def stranger() -> DemoIdentity:
    """A signer whose certificate comes from another (untrusted) TEST CA."""
    return make_test_identity("Stranger TEST — НЕ ДЕЙСТВИТЕЛЬНО")


@pytest.fixture(autouse=True)
def generated(journal: Journal) -> None:
    """Council decision No. 1 (ru), generated: the document every PDF here claims to be."""
    journal.reserve_number("council", "", "decision", 2025, 1)
    journal.record_generated(
        DOC, kind="decision", body="council", region="", doc_date="2025-03-01",
        lang="ru", reg_number=1,
    )


@pytest.fixture
def trust_case(tmp_path: Path, journal: Journal, identity: DemoIdentity,
               stranger: DemoIdentity) -> tuple[Path, Path, Path]:
    """``(root.pem, PDF signed under it, PDF signed by a stranger)``; the journal closed."""
    journal.close()
    return (
        write_ca(identity, tmp_path / "root.pem"),
        write(tmp_path / "ours.pdf", sign_pdf_bytes(unsigned_pdf(), identity)),
        write(tmp_path / "theirs.pdf", sign_pdf_bytes(unsigned_pdf(), stranger)),
    )


def unsigned_pdf() -> bytes:
    return make_docgen_pdf(docgen_metadata(DOC))


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------- after signing


def test_added_validation_data_is_accepted_and_reported(
    tmp_path: Path, journal: Journal, archive_dir: Path, identity: DemoIdentity
) -> None:
    signed = sign_pdf_bytes(unsigned_pdf(), identity)
    with_ltv = write(tmp_path / "ltv.pdf", add_validation_data(signed, identity))

    result = add_to_archive(journal, with_ltv, archive_dir=archive_dir)

    assert result.action == "added"
    assert result.notes == (f"{LTV_NOTE} to signature 'Signature1': accepted",)
    (event,) = journal.history(DOC, event="archived")
    assert json.loads(event.detail)["notes"] == list(result.notes)
    assert verify_archive(journal, archive_dir) == []


def test_changed_document_information_after_signing_is_refused_by_name(
    tmp_path: Path, identity: DemoIdentity
) -> None:
    signed = sign_pdf_bytes(unsigned_pdf(), identity)
    changed = write(tmp_path / "title.pdf", append_incremental_update(signed))
    with pytest.raises(SignatureError, match=r"changed after signing: .* document information "
                       r"/Title \(signed by 'Signature1'\)"):
        inspect_pdf(changed)


def test_an_annotation_added_after_signing_is_refused_by_name(
    tmp_path: Path, identity: DemoIdentity
) -> None:
    signed = sign_pdf_bytes(unsigned_pdf(), identity)
    annotated = write(tmp_path / "annotated.pdf", add_annotation(signed))
    with pytest.raises(SignatureError, match=r"a later revision changes content signed by "
                       r"'Signature1': There are unexplained xrefs in revision 2") as caught:
        inspect_pdf(annotated)
    assert "\n" not in str(caught.value)


def test_a_certified_document_refuses_changes_its_docmdp_level_forbids(
    tmp_path: Path, identity: DemoIdentity
) -> None:
    certified = sign_pdf_bytes(unsigned_pdf(), identity, certify=True)
    countersigned = sign_pdf_bytes(certified, identity, field_name="Signature2")
    assert len(inspect_pdf(write(tmp_path / "two.pdf", countersigned)).signatures) == 2

    annotated = write(tmp_path / "annotated.pdf", add_annotation(certified))
    with pytest.raises(SignatureError, match=r"certifying signature 'Signature1' forbids "
                       r"\(DocMDP\)"):
        inspect_pdf(annotated)


def test_a_later_signature_leaves_the_first_one_valid(
    tmp_path: Path, identity: DemoIdentity, stranger: DemoIdentity
) -> None:
    twice = sign_pdf_bytes(sign_pdf_bytes(unsigned_pdf(), identity), stranger,
                           field_name="Signature2")
    check = inspect_pdf(write(tmp_path / "twice.pdf", twice))
    assert [s.field_name for s in check.signatures] == ["Signature1", "Signature2"]
    assert check.notes == ()


# ---------------------------------------------------------------------------- trust


def test_trust_roots_make_each_signature_trusted_or_not(
    tmp_path: Path, identity: DemoIdentity, stranger: DemoIdentity
) -> None:
    ours = write(tmp_path / "ours.pdf", sign_pdf_bytes(unsigned_pdf(), identity))
    theirs = write(tmp_path / "theirs.pdf", sign_pdf_bytes(unsigned_pdf(), stranger))
    roots = load_trust(write_ca(identity, tmp_path / "root.pem"))

    assert inspect_pdf(ours).signatures[0].trust == NOT_CHECKED
    assert inspect_pdf(ours, trust=roots).signatures[0].trust == TRUSTED
    assert inspect_pdf(ours, trust=roots).trusted
    verdict = inspect_pdf(theirs, trust=roots).signatures[0].trust
    assert verdict.startswith("not trusted: ") and str(tmp_path / "root.pem") in verdict


def test_a_folder_of_pem_and_der_certificates_is_read(
    tmp_path: Path, identity: DemoIdentity, stranger: DemoIdentity
) -> None:
    folder = tmp_path / "roots"
    folder.mkdir()
    write_ca(identity, folder / "national.crt", der=True)
    write_ca(stranger, folder / "other.pem")
    (folder / "README.txt").write_text("not a certificate, not read")
    roots = load_trust(folder)
    assert len(roots.certs) == 2
    theirs = write(tmp_path / "theirs.pdf", sign_pdf_bytes(unsigned_pdf(), stranger))
    assert inspect_pdf(theirs, trust=roots).signatures[0].trust == TRUSTED


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p / "absent.pem", "no such file or folder"),
        (lambda p: write(p / "junk.pem", b"-----BEGIN CERTIFICATE-----\nAAAA\n"), "not a certif"),
        (lambda p: (p / "empty").mkdir() or p / "empty", "holds no certificate"),
    ],
)
def test_a_bad_trust_path_is_named(tmp_path: Path, make, words: str) -> None:
    path = make(tmp_path)
    with pytest.raises(ArchiveError, match=words) as caught:
        load_trust(path)
    assert str(path.name) in str(caught.value)


def test_require_trust_refuses_an_untrusted_signature_and_changes_nothing(
    tmp_path: Path, journal: Journal, archive_dir: Path, identity: DemoIdentity,
    stranger: DemoIdentity,
) -> None:
    roots = load_trust(write_ca(identity, tmp_path / "root.pem"))
    theirs = write(tmp_path / "theirs.pdf", sign_pdf_bytes(unsigned_pdf(), stranger))
    with pytest.raises(SignatureError, match=r"--require-trust: signature 'Signature1' by "
                       r"Stranger TEST .* is not trusted"):
        add_to_archive(journal, theirs, archive_dir=archive_dir, trust=roots, require_trust=True)
    with pytest.raises(ArchiveError, match="--require-trust needs the trusted certificates"):
        add_to_archive(journal, theirs, archive_dir=archive_dir, require_trust=True)
    assert journal.get(DOC).status == "generated"

    ours = write(tmp_path / "ours.pdf", sign_pdf_bytes(unsigned_pdf(), identity))
    result = add_to_archive(journal, ours, archive_dir=archive_dir, trust=roots,
                            require_trust=True)
    assert result.signatures[0].trust == TRUSTED
    assert journal.signatures(DOC)[0].trust == TRUSTED


def test_cli_trust_from_the_environment_and_require_trust(
    archive_dir: Path, trust_case: tuple[Path, Path, Path]
) -> None:
    root, ours, theirs = trust_case
    runner = CliRunner()
    env = {"DOCGEN_TRUST": str(root), "DOCGEN_ARCHIVE": str(archive_dir)}

    refused = runner.invoke(cli, ["archive", "add", str(theirs), "--require-trust"], env=env)
    assert refused.exit_code == 1
    assert "is not trusted" in refused.output

    added = runner.invoke(cli, ["archive", "add", str(ours), "--require-trust"], env=env)
    assert added.exit_code == 0, added.output
    assert "; trusted" in added.output
    checked = runner.invoke(cli, ["archive", "verify"], env=env)
    assert checked.exit_code == 0, checked.output


def test_no_library_log_line_reaches_the_terminal(
    archive_dir: Path, trust_case: tuple[Path, Path, Path]
) -> None:
    """A real process: pyHanko logs a failed certificate path with a traceback."""
    root, _, theirs = trust_case
    env = {**os.environ, "PYTHONPATH": str(Path(docgen.__file__).parents[1])}
    env.pop("DOCGEN_TRUST", None)
    done = subprocess.run(
        [sys.executable, "-m", "docgen", "archive", "add", str(theirs), "--trust", str(root),
         "--require-trust", "--archive", str(archive_dir)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), done.stderr
    assert "is not trusted" in lines[0]


def test_the_test_ca_signs_certificates_and_the_signer_signs_documents() -> None:
    """The throw-away identity's two certificates: a CA (path length 0) that signs
    certificates and revocation lists, issued by itself; a signer it issued that signs
    documents (non-repudiation) and nothing else."""
    from cryptography import x509

    identity = make_test_identity(days=3)
    ca, signer = identity.ca_cert, identity.signer_cert
    for cert, is_ca in ((ca, True), (signer, False)):
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints)
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
        assert constraints.critical and usage.critical
        assert constraints.value.ca is is_ca
        assert constraints.value.path_length == (0 if is_ca else None)
        assert (usage.value.key_cert_sign, usage.value.crl_sign) == (is_ca, is_ca)
        assert (usage.value.digital_signature, usage.value.content_commitment) == (not is_ca,
                                                                                   not is_ca)
        assert not (usage.value.key_encipherment or usage.value.data_encipherment
                    or usage.value.key_agreement)
        assert (cert.not_valid_after_utc - cert.not_valid_before_utc).days == 4
    assert ca.issuer == ca.subject == signer.issuer
    signer.verify_directly_issued_by(ca)
    ca.verify_directly_issued_by(ca)
