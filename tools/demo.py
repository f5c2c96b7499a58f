"""`make demo`: render every sample in inputs/ into outputs/, both languages, DOCX and PDF."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.documents import data_kinds, render  # noqa: E402
from docgen.errors import DocgenError  # noqa: E402

OUT = ROOT / "outputs"


def main() -> int:
    written: list[Path] = []
    for data in sorted((ROOT / "inputs").glob("*.yaml")):
        try:
            for kind in data_kinds(data):
                result = render(kind, data, out_dir=OUT)
                written.extend(result.written)
                for path in result.written:
                    print(f"wrote {path.relative_to(ROOT)}")
        except DocgenError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    try:
        from docgen.convert import convert_to_pdf, find_soffice

        find_soffice()
    except (ImportError, DocgenError) as exc:
        print(f"PDF skipped: {exc}")
        return 0
    report = convert_to_pdf(written)
    for path in report.converted:
        print(f"wrote {path.relative_to(ROOT)}")
    for path, why in report.failed.items():
        print(f"PDF failed for {path}: {why}", file=sys.stderr)
    print(f"demo: {len(written)} DOCX and {len(report.converted)} PDF in {OUT.relative_to(ROOT)}/")
    return 1 if report.failed else 0


if __name__ == "__main__":
    if shutil.which("soffice") is None:
        print("note: LibreOffice not found; DOCX only (make test installs it when run as root)")
    raise SystemExit(main())
