"""The archive of signed PDFs: real PDFs, real pyHanko signatures, real SQLite."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest
from signing import (
    TEST_SIGNER_CN,
    DemoIdentity,
    append_incremental_update,
    docgen_metadata,
    flip_byte_in,
    make_docgen_pdf,
    make_test_identity,
    sign_pdf_bytes,
)

from docgen.archive.signatures import NOT_CHECKED, inspect_pdf
from docgen.archive.signing_demo import main as signing_demo_main
from docgen.archive.store import (
    add_to_archive,
    archive_relpath,
    get_document,
    list_documents,
)
from docgen.archive.verify import verify_archive
from docgen.errors import ArchiveError, PdfError, SignatureError
from docgen.records.journal import Journal

DOC = "DG-3F2A91C4D0E1B2A7"


@pytest.fixture(scope="session")
def identity() -> DemoIdentity:
    return make_test_identity()


def generate(
    journal: Journal,
    doc_id: str = DOC,
    *,
    lang: str = "ru",
    number: int | None = 1,
    body: str = "council",
    region: str = "",
    kind: str = "decision",
) -> dict[str, str]:
    """Record a generated document the way docgen would; return its PDF metadata."""
    if number is not None:
        taken = journal.numbers(body, region, kind, 2025)
        if number not in taken:
            journal.reserve_number(body, region, kind, 2025, number)
    journal.record_generated(
        doc_id,
        kind=kind,
        body=body,
        region=region,
        doc_date="2025-03-01",
        lang=lang,
        reg_number=number,
    )
    return docgen_metadata(doc_id, kind=kind, body=body, region=region, number=number, lang=lang)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def snapshot(archive_dir: Path) -> tuple[dict[str, str], list[tuple[object, ...]]]:
    """Every file under the archive with its hash, plus every journal row."""
    files = {
        p.relative_to(archive_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(archive_dir.rglob("*"))
        if p.is_file() and not p.name.endswith(("-wal", "-shm"))  # SQLite's WAL files
    }
    rows: list[tuple[object, ...]] = []
    with closing(sqlite3.connect(archive_dir / "journal.sqlite")) as conn:
        for table in ("registrations", "documents", "signatures", "history"):
            rows += [(table, *row) for row in conn.execute(f"SELECT * FROM {table}")]
    return files, rows


@pytest.fixture
def signed(tmp_path: Path, journal: Journal, identity: DemoIdentity) -> Path:
    """A signed PDF of a generated council decision No. 1 (ru)."""
    pdf = make_docgen_pdf(generate(journal))
    return write(tmp_path / "signed.pdf", sign_pdf_bytes(pdf, identity))


# ---------------------------------------------------------------------------- 1. signer


@pytest.mark.parametrize(
    ("subfilter", "expected_type"),
    [("pades", "ETSI.CAdES.detached"), ("pkcs7", "adbe.pkcs7.detached")],
)
def test_signed_pdf_is_archived_with_signer_and_time(
    tmp_path: Path,
    journal: Journal,
    archive_dir: Path,
    identity: DemoIdentity,
    subfilter: str,
    expected_type: str,
) -> None:
    pdf = make_docgen_pdf(generate(journal))
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    data = sign_pdf_bytes(pdf, identity, subfilter=subfilter, name="Name From /Name")
    after = dt.datetime.now(dt.UTC)
    source = write(tmp_path / "signed.pdf", data)

    result = add_to_archive(journal, source, archive_dir=archive_dir)

    assert result.action == "added" and result.changed
    assert result.path == archive_dir.absolute() / "2025/decision/council-0001_ru.pdf"
    assert result.path.read_bytes() == data
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o444
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.notes == ()
    (sig,) = result.signatures
    assert sig.signer_name == TEST_SIGNER_CN  # the certificate's CN wins over /Name
    assert (sig.intact, sig.valid, sig.trust) == (True, True, NOT_CHECKED)
    assert sig.signature_type == expected_type

    record = get_document(journal, DOC)
    assert record.status == "archived"
    assert record.archived_path == "2025/decision/council-0001_ru.pdf"
    assert record.archived_sha256 == result.sha256
    assert record.signer_name == TEST_SIGNER_CN
    assert record.signature_type == expected_type
    assert record.signed_at is not None
    assert before <= dt.datetime.fromisoformat(record.signed_at) <= after
    assert journal.signatures(DOC) == [sig]
    assert [e.event for e in journal.history(DOC)] == ["generated", "signed", "archived"]
    assert verify_archive(journal, archive_dir) == []


def test_two_signers_are_both_recorded_in_order(
    tmp_path: Path, journal: Journal, archive_dir: Path, identity: DemoIdentity
) -> None:
    secretary = make_test_identity("Secretary TEST — НЕ ДЕЙСТВИТЕЛЬНО")
    once = sign_pdf_bytes(make_docgen_pdf(generate(journal)), identity)
    twice = sign_pdf_bytes(once, secretary, field_name="Signature2")

    result = add_to_archive(journal, write(tmp_path / "two.pdf", twice), archive_dir=archive_dir)

    assert [s.signer_name for s in result.signatures] == [TEST_SIGNER_CN, secretary.common_name]
    assert [s.field_name for s in result.signatures] == ["Signature1", "Signature2"]
    assert get_document(journal, DOC).signer_name == f"{TEST_SIGNER_CN}; {secretary.common_name}"


def test_file_names_follow_body_region_and_number(journal: Journal) -> None:
    generate(journal, "DG-0000000000000001", body="assembly", number=12)
    generate(journal, "DG-0000000000000002", body="small_assembly", region="almaty", number=3)
    generate(journal, "DG-0000000000000003", kind="notice", number=None, lang="kk")
    generate(journal, "DG-0000000000000004", number=1, lang="kk")
    names = [archive_relpath(r) for r in journal.find()]
    assert sorted(names) == [
        "2025/decision/0012_ru.pdf",
        "2025/decision/almaty-0003_ru.pdf",
        "2025/decision/council-0001_kk.pdf",
        "2025/notice/DG-0000000000000003_kk.pdf",
    ]


def test_ru_and_kk_copies_of_one_number_are_archived_side_by_side(
    tmp_path: Path, journal: Journal, archive_dir: Path, identity: DemoIdentity
) -> None:
    for doc_id, lang in (("DG-00000000000000E1", "ru"), ("DG-00000000000000E2", "kk")):
        data = sign_pdf_bytes(make_docgen_pdf(generate(journal, doc_id, lang=lang)), identity)
        add_to_archive(journal, write(tmp_path / f"{lang}.pdf", data), archive_dir=archive_dir)
    folder = archive_dir / "2025" / "decision"
    assert sorted(p.name for p in folder.iterdir()) == [
        "council-0001_kk.pdf",
        "council-0001_ru.pdf",
    ]
    assert [r.doc_id for r in list_documents(journal, year=2025, kind="decision")] == [
        "DG-00000000000000E2",
        "DG-00000000000000E1",
    ]
    assert list_documents(journal, year=2024) == []
    assert list_documents(journal, kind="minutes") == []
    with pytest.raises(ArchiveError, match="kind 'memo'"):
        list_documents(journal, kind="memo")
    with pytest.raises(ArchiveError, match="DG-FFFFFFFFFFFFFFFF is not in the journal"):
        get_document(journal, "DG-FFFFFFFFFFFFFFFF")


# ---------------------------------------------------------------------------- 2. tampering


def test_a_byte_changed_inside_the_signed_range_is_detected(
    tmp_path: Path, journal: Journal, archive_dir: Path, signed: Path
) -> None:
    data = signed.read_bytes()
    # The page size "842" sits in the first revision, inside the first signed range.
    changed = flip_byte_in(data, b"842")
    assert changed.index(b"942") < data.index(b"/ByteRange")
    before = snapshot(archive_dir)
    with pytest.raises(SignatureError, match="digest mismatch") as caught:
        add_to_archive(journal, write(tmp_path / "changed.pdf", changed), archive_dir=archive_dir)
    assert "changed.pdf" in str(caught.value)
    assert snapshot(archive_dir) == before


def test_an_incremental_update_after_signing_is_detected(
    tmp_path: Path, journal: Journal, archive_dir: Path, signed: Path
) -> None:
    updated = write(tmp_path / "updated.pdf", append_incremental_update(signed.read_bytes()))
    before = snapshot(archive_dir)
    with pytest.raises(SignatureError, match=r"updated\.pdf: the PDF was changed after signing"):
        add_to_archive(journal, updated, archive_dir=archive_dir)
    assert snapshot(archive_dir) == before


def test_raw_bytes_appended_after_signing_are_detected(tmp_path: Path, signed: Path) -> None:
    data = signed.read_bytes()
    xref = data.rindex(b"startxref")
    tail = (
        b"\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
        b"trailer\n<< /Size 2 /Root 1 0 R >>\n" + data[xref:]
    )
    with pytest.raises(SignatureError, match="bytes were appended after the last signature"):
        inspect_pdf(write(tmp_path / "raw.pdf", data + tail))


def test_a_forged_byte_range_is_detected(tmp_path: Path, signed: Path) -> None:
    data = signed.read_bytes()
    start = data.index(b"/ByteRange")
    end = data.index(b"]", start)
    a, b, c = (int(x) for x in data[start:end].split(b"[")[1].split()[1:])
    forged = (
        data[:start] + f"/ByteRange [0 {a + 1} {b} {c}".encode().ljust(end - start) + data[end:]
    )
    with pytest.raises(SignatureError, match="digest mismatch"):
        inspect_pdf(write(tmp_path / "forged.pdf", forged))


def test_verify_finds_changed_deleted_and_untracked_files(
    tmp_path: Path, journal: Journal, archive_dir: Path, identity: DemoIdentity
) -> None:
    paths = []
    for number in (1, 2, 3):
        doc_id = f"DG-000000000000000{number}"
        pdf = make_docgen_pdf(generate(journal, doc_id, number=number))
        source = write(tmp_path / f"{number}.pdf", sign_pdf_bytes(pdf, identity))
        paths.append(add_to_archive(journal, source, archive_dir=archive_dir).path)
    assert verify_archive(journal, archive_dir) == []

    changed, deleted, _ = paths
    changed.chmod(0o644)
    changed.write_bytes(changed.read_bytes().replace(b"842", b"843", 1))
    deleted.chmod(0o644)
    deleted.unlink()
    stray = archive_dir / "2025" / "decision" / "council-0009_ru.pdf"
    stray.write_bytes(b"%PDF-1.7\n%%EOF\n")

    findings = verify_archive(journal, archive_dir)
    assert sorted((f.problem, f.path.name, f.doc_id) for f in findings) == [
        ("changed", "council-0001_ru.pdf", "DG-0000000000000001"),
        ("missing", "council-0002_ru.pdf", "DG-0000000000000002"),
        ("untracked", "council-0009_ru.pdf", None),
    ]
    assert all(str(f).startswith(f.problem) for f in findings)


def test_verify_rechecks_signatures_of_intact_hashes(
    tmp_path: Path, journal: Journal, archive_dir: Path, signed: Path
) -> None:
    """A file swapped together with its journal hash still fails the signature check."""
    result = add_to_archive(journal, signed, archive_dir=archive_dir)
    broken = flip_byte_in(result.path.read_bytes(), b"842")
    result.path.chmod(0o644)
    result.path.write_bytes(broken)
    with closing(sqlite3.connect(journal.path)) as raw, raw:
        raw.execute(
            "UPDATE documents SET archived_sha256 = ?", (hashlib.sha256(broken).hexdigest(),)
        )
    found = {f.problem: f for f in verify_archive(journal, archive_dir)}
    assert sorted(found) == ["changed", "row changed", "signature"]
    assert "digest mismatch" in found["signature"].detail
    assert "archived_sha256" in found["row changed"].detail
    assert "the file was archived with sha256" in found["changed"].detail
    assert [f.problem for f in verify_archive(journal, archive_dir, check_signatures=False)] == [
        "row changed", "changed"
    ]


# ---------------------------------------------------------------------------- 4. bad input


def _bad_inputs(signed: Path, identity: DemoIdentity) -> dict[str, tuple[bytes, type, str]]:
    data = signed.read_bytes()
    encrypted = make_docgen_pdf(docgen_metadata(DOC), password="secret")
    return {
        "not-a-pdf.pdf": (b"PK\x03\x04 this is a zip, not a PDF" * 20, PdfError, "not a PDF"),
        "empty.pdf": (b"", PdfError, "empty"),
        "truncated.pdf": (data[: len(data) * 2 // 3], PdfError, "truncated"),
        "encrypted.pdf": (encrypted, PdfError, "encrypted"),
        "unsigned.pdf": (make_docgen_pdf(docgen_metadata(DOC)), SignatureError, "not signed"),
    }


@pytest.mark.parametrize(
    "name", ["not-a-pdf.pdf", "empty.pdf", "truncated.pdf", "encrypted.pdf", "unsigned.pdf"]
)
def test_bad_inputs_give_a_clear_error_and_change_nothing(
    tmp_path: Path,
    journal: Journal,
    archive_dir: Path,
    signed: Path,
    identity: DemoIdentity,
    name: str,
) -> None:
    add_to_archive(journal, signed, archive_dir=archive_dir)  # an archive with content
    data, error, words = _bad_inputs(signed, identity)[name]
    source = write(tmp_path / name, data)
    before = snapshot(archive_dir)
    with pytest.raises(error, match=words) as caught:
        add_to_archive(journal, source, archive_dir=archive_dir, replace=True)
    assert str(source) in str(caught.value)
    assert snapshot(archive_dir) == before
    assert (
        get_document(journal, DOC).archived_sha256
        == hashlib.sha256(signed.read_bytes()).hexdigest()
    )


def test_a_missing_file_is_a_pdf_error(tmp_path: Path, journal: Journal, archive_dir: Path) -> None:
    with pytest.raises(PdfError, match="cannot read"):
        add_to_archive(journal, tmp_path / "absent.pdf", archive_dir=archive_dir)


def test_unsigned_pdf_is_archived_only_when_allowed(
    tmp_path: Path, journal: Journal, archive_dir: Path
) -> None:
    source = write(tmp_path / "plain.pdf", make_docgen_pdf(generate(journal)))
    with pytest.raises(SignatureError, match="not signed"):
        add_to_archive(journal, source, archive_dir=archive_dir)
    result = add_to_archive(journal, source, archive_dir=archive_dir, allow_unsigned=True)
    assert result.action == "added" and result.signatures == ()
    record = get_document(journal, DOC)
    assert (record.status, record.signer_name) == ("archived", None)
    assert json.loads(journal.history(DOC, event="archived")[0].detail)["unsigned"] is True


def test_unknown_document_is_refused_unless_adopted(
    tmp_path: Path, journal: Journal, archive_dir: Path, identity: DemoIdentity
) -> None:
    meta = docgen_metadata(DOC, body="small_assembly", region="almaty", number=4, lang="kk")
    source = write(tmp_path / "stranger.pdf", sign_pdf_bytes(make_docgen_pdf(meta), identity))
    before = snapshot(archive_dir)
    with pytest.raises(ArchiveError, match=f"{DOC} is not in the journal"):
        add_to_archive(journal, source, archive_dir=archive_dir)
    assert snapshot(archive_dir) == before

    result = add_to_archive(journal, source, archive_dir=archive_dir, adopt=True)
    assert result.adopted and result.path.name == "almaty-0004_kk.pdf"
    record = get_document(journal, DOC)
    assert (record.body, record.region, record.reg_number, record.lang, record.year) == (
        "small_assembly",
        "almaty",
        4,
        "kk",
        2025,
    )
    assert "adopted" in [e.event for e in journal.history(DOC)]


def test_pdf_metadata_must_agree_with_the_journal(
    tmp_path: Path, journal: Journal, archive_dir: Path, identity: DemoIdentity
) -> None:
    generate(journal)
    wrong = {**docgen_metadata(DOC), "/DocgenNumber": "2"}
    source = write(tmp_path / "wrong.pdf", sign_pdf_bytes(make_docgen_pdf(wrong), identity))
    with pytest.raises(ArchiveError, match="/DocgenNumber is 2 but the journal has 1"):
        add_to_archive(journal, source, archive_dir=archive_dir)
    with pytest.raises(ArchiveError, match=f"is document {DOC}, not DG-0000000000000009"):
        add_to_archive(journal, source, archive_dir=archive_dir, doc_id="DG-0000000000000009")


def test_doc_id_argument_serves_a_pdf_without_metadata(
    tmp_path: Path, journal: Journal, archive_dir: Path, identity: DemoIdentity
) -> None:
    generate(journal)
    bare = write(tmp_path / "bare.pdf", sign_pdf_bytes(make_docgen_pdf({"/Title": "x"}), identity))
    with pytest.raises(ArchiveError, match="no /DocgenId"):
        add_to_archive(journal, bare, archive_dir=archive_dir)
    assert add_to_archive(journal, bare, archive_dir=archive_dir, doc_id=DOC).action == "added"


# ---------------------------------------------------------------------------- 5. duplicates


def test_adding_the_identical_file_twice_is_a_no_op(
    journal: Journal, archive_dir: Path, signed: Path
) -> None:
    first = add_to_archive(journal, signed, archive_dir=archive_dir)
    before = snapshot(archive_dir)
    again = add_to_archive(journal, signed, archive_dir=archive_dir)
    assert (again.action, again.changed, again.path) == ("unchanged", False, first.path)
    assert snapshot(archive_dir) == before


def test_a_different_file_is_refused_and_replace_keeps_the_old_copy(
    tmp_path: Path, journal: Journal, archive_dir: Path, signed: Path, identity: DemoIdentity
) -> None:
    first = add_to_archive(journal, signed, archive_dir=archive_dir)
    old_bytes = first.path.read_bytes()
    resigned = sign_pdf_bytes(make_docgen_pdf(docgen_metadata(DOC)), identity)
    assert resigned != old_bytes
    other = write(tmp_path / "resigned.pdf", resigned)

    before = snapshot(archive_dir)
    with pytest.raises(ArchiveError, match=r"already archived .* with a different file"):
        add_to_archive(journal, other, archive_dir=archive_dir)
    assert snapshot(archive_dir) == before

    result = add_to_archive(journal, other, archive_dir=archive_dir, replace=True)
    assert result.action == "replaced"
    assert result.path == first.path and result.path.read_bytes() == resigned
    kept = result.replaced_path
    assert kept is not None and kept.read_bytes() == old_bytes
    assert kept.name.startswith("council-0001_ru.replaced-") and kept.suffix == ".pdf"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o444
    (event,) = journal.history(DOC, event="replaced")
    detail = json.loads(event.detail)
    assert detail["old_path"] == kept.relative_to(archive_dir.absolute()).as_posix()
    assert detail["old_sha256"] == first.sha256 and detail["new_sha256"] == result.sha256
    assert get_document(journal, DOC).archived_sha256 == result.sha256
    assert verify_archive(journal, archive_dir) == []

    kept.chmod(0o644)
    kept.unlink()
    (finding,) = verify_archive(journal, archive_dir)
    assert (finding.problem, finding.path) == ("missing", kept)


def test_a_lost_archived_copy_is_restored_by_adding_it_again(
    journal: Journal, archive_dir: Path, signed: Path
) -> None:
    first = add_to_archive(journal, signed, archive_dir=archive_dir)
    first.path.chmod(0o644)
    first.path.unlink()
    again = add_to_archive(journal, signed, archive_dir=archive_dir)
    assert again.action == "restored" and again.path.read_bytes() == signed.read_bytes()
    assert verify_archive(journal, archive_dir) == []


def test_a_tampered_archived_copy_is_only_overwritten_with_replace(
    journal: Journal, archive_dir: Path, signed: Path
) -> None:
    first = add_to_archive(journal, signed, archive_dir=archive_dir)
    first.path.chmod(0o644)
    first.path.write_bytes(b"%PDF-1.7 tampered\n%%EOF\n")
    with pytest.raises(ArchiveError, match="changed after archiving"):
        add_to_archive(journal, signed, archive_dir=archive_dir)
    again = add_to_archive(journal, signed, archive_dir=archive_dir, replace=True)
    assert again.action == "restored" and again.replaced_path is not None
    assert again.replaced_path.read_bytes() == b"%PDF-1.7 tampered\n%%EOF\n"
    assert verify_archive(journal, archive_dir) == []


def test_a_foreign_file_in_the_way_is_not_overwritten(
    journal: Journal, archive_dir: Path, signed: Path
) -> None:
    target = archive_dir / "2025" / "decision" / "council-0001_ru.pdf"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"someone else's file")
    before = snapshot(archive_dir)
    with pytest.raises(ArchiveError, match="does not list it"):
        add_to_archive(journal, signed, archive_dir=archive_dir)
    assert snapshot(archive_dir) == before


# ---------------------------------------------------------------------------- demo signing


def test_demo_signing_command_signs_with_a_test_certificate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path / "in.pdf", make_docgen_pdf(docgen_metadata(DOC)))
    assert signing_demo_main([str(source), str(tmp_path / "out.pdf")]) == 0
    assert "TEST signature" in capsys.readouterr().out
    (sig,) = inspect_pdf(tmp_path / "out.pdf").signatures
    assert sig.signer_name == TEST_SIGNER_CN and sig.intact and sig.valid
