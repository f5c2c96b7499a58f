"""`archive list|show|verify|head --json` for the secretariat's other systems."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from signing import docgen_metadata, make_docgen_pdf, make_test_identity, sign_pdf_bytes

from docgen.archive.store import add_to_archive
from docgen.cli import cli
from docgen.records.journal import Journal

IDS = ("DG-00000000000000C1", "DG-00000000000000C2")


def run(archive_dir: Path, *args: str) -> tuple[int, object]:
    done = CliRunner().invoke(cli, ["archive", *args, "--json", "--archive", str(archive_dir)])
    return done.exit_code, json.loads(done.stdout)


def test_list_show_verify_head_as_json(tmp_path: Path, journal: Journal,
                                       archive_dir: Path) -> None:
    identity = make_test_identity()
    for number, doc_id in enumerate(IDS, start=1):
        journal.reserve_number("council", "", "decision", 2025, number)
        journal.record_generated(doc_id, kind="decision", body="council", region="",
                                 doc_date="2025-03-01", lang="ru", reg_number=number)
    source = tmp_path / "signed.pdf"
    source.write_bytes(sign_pdf_bytes(make_docgen_pdf(docgen_metadata(IDS[0])), identity))
    path = add_to_archive(journal, source, archive_dir=archive_dir).path
    head = journal.head()
    journal.close()

    code, listed = run(archive_dir, "list")
    assert code == 0 and isinstance(listed, list)
    assert [r["doc_id"] for r in listed] == list(IDS)
    first, second = listed
    assert (first["status"], first["trust"], first["archived_as"]) == (
        "archived", "not checked", "signed PDF")
    assert first["signatures"][0]["signer_name"] == identity.common_name
    assert first["revisions"] == [IDS[0]] and first["superseded_by"] is None
    assert (second["status"], second["trust"], second["signatures"]) == (
        "generated", "unsigned", [])

    code, shown = run(archive_dir, "show", IDS[0])
    assert code == 0
    assert shown["doc_id"] == IDS[0] and shown["reg_number"] == 1
    assert [e["event"] for e in shown["history"]] == ["generated", "signed", "archived"]

    code, verified = run(archive_dir, "verify")
    assert code == 0
    assert verified == {"ok": True, "files": 1, "head": head[1], "records": head[0],
                        "findings": []}

    code, printed = run(archive_dir, "head")
    assert code == 0 and printed == {"head": head[1], "records": head[0]}

    path.chmod(0o644)
    path.unlink()
    code, verified = run(archive_dir, "verify")
    assert code == 1 and verified["ok"] is False
    (finding,) = verified["findings"]
    assert finding == {"problem": "missing", "path": str(path), "doc_id": IDS[0],
                       "entry": None, "detail": "the archived file is missing"}
