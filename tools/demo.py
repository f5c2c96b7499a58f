"""`make demo`: render every sample in inputs/ into outputs/, both languages, DOCX and PDF.

First the sample member roll (inputs/roll.csv) is imported into the journal and the sample
orders applied; the registration sheet of session XXXIV and every member's invitation follow.
Then session XXXIV's ballot, counting commission's protocol and extracts, the Council poll's
sheets, and (with LibreOffice) the print pack of the session's case.


Then the sample folder is checked as one case against that roll (`docgen check inputs/
--archive archive`): the demo fails if its papers disagree with each other or with the roll.

Every document is recorded in a fresh journal (archive/journal.sqlite). With LibreOffice,
each PDF is then signed with a throw-away TEST certificate (not a
real signature) and archived, so `docgen archive list` / `verify` have something to show.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.errors import DocgenError  # noqa: E402
from docgen.papers.pipeline import data_kinds, render  # noqa: E402

OUT = ROOT / "outputs"
ARCHIVE = ROOT / "archive"


def main() -> int:
    written: list[Path] = []
    if ARCHIVE.exists():  # each demo run starts a fresh journal and archive
        for path in ARCHIVE.rglob("*"):
            path.chmod(0o700 if path.is_dir() else 0o600)
        shutil.rmtree(ARCHIVE)
    try:
        written.extend(member_roll())
        check_the_case()
    except DocgenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for data in sorted((ROOT / "inputs").glob("*.yaml")):
        try:
            for kind in data_kinds(data):
                result = render(kind, data, out_dir=OUT, archive_dir=ARCHIVE)
                written.extend(result.written)
                for path in result.written:
                    print(f"wrote {path.relative_to(ROOT)}")
        except DocgenError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    try:
        written.extend(session_papers())
    except DocgenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        from docgen.output.batch import batch_notices

        batch = batch_notices(ROOT / "inputs" / "batch-session-34.yaml", regions="all",
                              out_dir=OUT, archive_dir=ARCHIVE)  # each akim named from the roll
    except DocgenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"batch: {len(batch.written)} regional notices and "
          f"{batch.manifest.relative_to(ROOT)} ({batch.jobs} jobs)")
    try:
        from docgen.output.convert import convert_to_pdf
        from docgen.output.soffice import find_soffice

        find_soffice()
    except (ImportError, DocgenError) as exc:
        print(f"PDF skipped: {exc}")
        return 0
    regional = convert_to_pdf(batch.written)
    print(f"batch: {len(regional.converted)} regional notices as PDF")
    try:
        print_invitations("karaganda")
        print_pack()
    except DocgenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    report = convert_to_pdf(written)
    for path in report.converted:
        print(f"wrote {path.relative_to(ROOT)}")
    for path, why in report.failed.items():
        print(f"PDF failed for {path}: {why}", file=sys.stderr)
    print(f"demo: {len(written)} DOCX and {len(report.converted)} PDF in {OUT.relative_to(ROOT)}/")
    for path, why in regional.failed.items():
        print(f"PDF failed for {path}: {why}", file=sys.stderr)
    if report.failed or regional.failed:
        return 1
    return sign_and_archive(report.converted)


def member_roll() -> list[Path]:
    """Import the sample roll, apply the sample orders, make the registration sheet of
    session XXXIV and every member's invitation (DOCX); return the sheet's files."""
    from docgen.input.roll_file import read_roll_file
    from docgen.output.invitations import batch_invitations
    from docgen.papers.pipeline import load_checked
    from docgen.records.roll import open_roll
    from docgen.records.roll_changes import apply_changes, plan_import, plan_order

    roll_file = ROOT / "inputs" / "roll.csv"
    orders = [ROOT / "inputs" / f"order-2026-{n:03d}.yaml" for n in (12, 13)]
    with open_roll(ARCHIVE) as roll:
        imported = plan_import(roll, read_roll_file(roll_file), roll_file)
        apply_changes(roll, imported)
        print(f"roll: {roll_file.relative_to(ROOT)}: {imported.summary()}")
        for order in orders:  # № 12 admits and removes; № 13 changes the Council (p.9)
            applied = plan_order(roll, load_checked("order", order))
            applied.applied_from = "without signature"  # the demo signs no order
            apply_changes(roll, applied)
            for change in applied.changes:
                print(f"roll: {change.line()}")
    session = ROOT / "inputs" / "session-34.yaml"
    register = render("register", session, out_dir=OUT, archive_dir=ARCHIVE)
    for path in register.written:
        print(f"wrote {path.relative_to(ROOT)} (registration sheet)")
    letters = batch_invitations(session, ARCHIVE, out_dir=OUT / "invitations")
    members = len({e["member"]["id"] for e in letters.entries})
    print(f"invitations: {len(letters.written)} letters to {members} members in "
          f"{letters.folder.relative_to(ROOT)}/members/ ({letters.jobs} jobs)")
    return register.written


def session_papers() -> list[Path]:
    """The rest of session XXXIV's papers (the ballot, the counting commission's protocol,
    an extract of every item) and the Council poll's sheets; return the papers' files."""
    from docgen.output.invitations import batch_poll_sheets

    minutes = ROOT / "inputs" / "session-34-minutes.yaml"
    written: list[Path] = []
    for kind, options in (("ballot", {}), ("counting", {}), ("extract", {"all": True})):
        result = render(kind, minutes, out_dir=OUT, archive_dir=ARCHIVE, options=options)
        written.extend(result.written)
        for path in result.written:
            print(f"wrote {path.relative_to(ROOT)} ({kind})")
    sheets = batch_poll_sheets(ROOT / "inputs" / "council-poll-2026-06.yaml", ARCHIVE,
                               out_dir=OUT / "poll-sheets")
    members = len({e["member"]["id"] for e in sheets.entries})
    print(f"poll sheets: {len(sheets.written)} sheets to {members} Council members in "
          f"{sheets.folder.relative_to(ROOT)}/members/")
    return written


def print_pack() -> None:
    """Session XXXIV's case (its notice file and its minutes) as one print PDF per language,
    the inventory first (`docgen pack DIR`)."""
    from docgen.output.convert import convert_to_pdf
    from docgen.output.pack import pack_case

    def to_pdf(paths: list[Path]) -> list[Path]:
        report = convert_to_pdf(paths)
        report.raise_for_failures()
        return report.converted

    case = OUT / "case-34"
    case.mkdir(parents=True, exist_ok=True)
    for name in ("session-34.yaml", "session-34-minutes.yaml"):
        shutil.copyfile(ROOT / "inputs" / name, case / name)
    packed = pack_case(case, out_dir=OUT / "pack", pdf=to_pdf)
    for lang, path in zip(packed.papers, packed.written, strict=True):
        print(f"pack: {path.relative_to(ROOT)}: {len(packed.papers[lang])} papers, "
              f"{packed.pages[lang]} pages, the inventory first")


def check_the_case() -> None:
    """`docgen check inputs/ --archive archive`: the sample folder is one consistent case."""
    from docgen.papers.case_file import check_case

    checked = check_case(ROOT / "inputs", archive_dir=ARCHIVE)
    print(f"check: inputs/ --archive {ARCHIVE.relative_to(ROOT)}: case file OK "
          f"({len(checked)} files agree with each other and with the roll)")


def print_invitations(region: str) -> None:
    """The invitations of one region as PDF, with the combined invitations.pdf for printing
    (`docgen batch invitations … --pdf` does it for all; LibreOffice takes ~2 min for 592)."""
    from docgen.output.convert import convert_to_pdf
    from docgen.output.invitations import COMBINED, batch_invitations

    def to_pdf(paths: list[Path]) -> list[Path]:
        report = convert_to_pdf(paths)
        report.raise_for_failures()
        return report.converted

    letters = batch_invitations(ROOT / "inputs" / "session-34.yaml", ARCHIVE, region=region,
                                out_dir=OUT / "invitations-print", pdf=to_pdf)
    print(f"invitations: {len(letters.pdfs) - 1} letters of {region} as PDF and "
          f"{(letters.folder / COMBINED).relative_to(ROOT)} for printing")


def sign_and_archive(pdfs: list[Path]) -> int:
    """Sign each PDF with the TEST certificate and file the signed copies in archive/."""
    import tempfile

    from docgen.archive.report import records_table
    from docgen.archive.signing_demo import TEST_SIGNER_CN, make_test_identity, sign_pdf_bytes
    from docgen.archive.store import add_to_archive, list_documents, open_journal
    from docgen.output.pdf_metadata import read_pdf_metadata
    from docgen.output.pdf_records import record_pdfs

    identity = make_test_identity()
    try:
        record_pdfs(ARCHIVE, pdfs)
        print(f"TEST SIGNATURE — not a real signature: signing {len(pdfs)} PDF with the "
              f"throw-away test certificate '{TEST_SIGNER_CN}'")
        seen: dict[str, Path] = {}
        with tempfile.TemporaryDirectory() as tmp, open_journal(ARCHIVE) as journal:
            for pdf in pdfs:
                doc_id = read_pdf_metadata(pdf).get("DocgenId", "")
                if doc_id in seen:  # the same document rendered from another sample
                    print(f"skipped {pdf.relative_to(ROOT)}: same document {doc_id} as "
                          f"{seen[doc_id].relative_to(ROOT)}")
                    continue
                seen[doc_id] = pdf
                signed = Path(tmp) / f"{pdf.parent.name}__{pdf.name}"
                signed.write_bytes(sign_pdf_bytes(pdf.read_bytes(), identity))
                result = add_to_archive(journal, signed, archive_dir=ARCHIVE)
                print(f"archived {pdf.relative_to(ROOT)} -> {result.path.relative_to(ROOT)}")
            records = list_documents(journal)
            table = records_table(journal, records)
    except DocgenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("\n".join(table))
    print(f"demo: {len(seen)} TEST-signed PDF archived in {ARCHIVE.relative_to(ROOT)}/ "
          "(see: docgen archive list; docgen archive verify)")
    return 0


if __name__ == "__main__":
    if shutil.which("soffice") is None:
        print("note: LibreOffice not found; DOCX only (make test installs it when run as root)")
    raise SystemExit(main())
