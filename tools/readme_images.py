"""`make images`: a PNG of the first page of each document kind in both languages, and of
the pages listed in ``MORE_PAGES`` (page 2 of the minutes: the page number at the top).

Renders the samples in ``inputs/`` into a temporary folder, converts one document of each
kind and language to PDF (one :func:`convert_to_pdf` call) and rasterises its first page
with ``pdftoppm -r 60 -png -f 1 -l 1`` into ``docs/images/<kind>_<lang>.png``. The table
between the ``<!-- images:start -->`` and ``<!-- images:end -->`` lines of docs/templates.md
is rewritten to show every image (kind × ru/kk). The papers of docs/session-papers.md (the
bilingual ballot, counting protocol, extract, poll sheet and a pack's inventory page) are
pictured as ``docs/images/<name>.png`` for that page.

Run: ``python tools/readme_images.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.errors import DocgenError  # noqa: E402
from docgen.input.models import KINDS  # noqa: E402
from docgen.output.convert import convert_to_pdf  # noqa: E402
from docgen.output.soffice import find_soffice  # noqa: E402
from docgen.papers.pipeline import data_kinds, render  # noqa: E402
from docgen.rendering.lang import LANGS  # noqa: E402

IMAGES = ROOT / "docs" / "images"
README = ROOT / "docs" / "templates.md"
START, END = "<!-- images:start -->", "<!-- images:end -->"
# The sample shown for a kind: the first of these that makes it, then the others by name.
PREFERRED = ("session-34.yaml", "session-34-minutes.yaml", "council-2026-05-02.yaml")
MORE_PAGES = {"minutes": (2,)}
"""Pages shown besides the first: ``docs/images/<kind>_<lang>_p<N>.png``."""
TITLES = {
    "notice": "notice (извещение / хабарлама)",
    "agenda": "agenda (повестка дня / күн тәртібі)",
    "minutes": "minutes (протокол / хаттама)",
    "decision": "decision (решение / шешім)",
    "order": "order (распоряжение / өкім)",
}


def samples() -> list[Path]:
    """The sample data files, preferred ones first."""
    files = sorted((ROOT / "inputs").glob("*.yaml"))
    first = [f for name in PREFERRED for f in files if f.name == name]
    return first + [f for f in files if f not in first]


def chosen_documents(out: Path) -> dict[tuple[str, str], Path]:
    """(kind, lang) → the DOCX shown for it, rendered into ``out``."""
    chosen: dict[tuple[str, str], Path] = {}
    for data in samples():
        for kind in data_kinds(data):
            if all((kind, lang) in chosen for lang in LANGS):
                continue
            folder = out / f"{len(chosen):03d}"
            written = render(kind, data, out_dir=folder).written
            for lang in LANGS:
                mine = sorted(p for p in written if p.stem.endswith(f"_{lang}"))
                if mine and (kind, lang) not in chosen:
                    chosen[(kind, lang)] = mine[0]
    return chosen


def table(kinds: list[str]) -> str:
    """The table of docs/templates.md: one row per kind, a ru and a kk picture."""
    rows = ["| document | ru | kk |", "|---|---|---|"]
    for kind in kinds:
        cells = [
            f"![{kind} {lang}](images/{kind}_{lang}.png)" for lang in ("ru", "kk")
        ]
        rows.append(f"| {TITLES.get(kind, kind)} | {cells[0]} | {cells[1]} |")
        for page in MORE_PAGES.get(kind, ()):
            cells = [f"![{kind} {lang} page {page}](images/{kind}_{lang}_p{page}.png)"
                     for lang in ("ru", "kk")]
            rows.append(f"| {kind}, page {page} | {cells[0]} | {cells[1]} |")
    return "\n".join(rows)


def update_readme(kinds: list[str]) -> bool:
    """Rewrite the image table of docs/templates.md; False when it has no markers."""
    text = README.read_text(encoding="utf-8")
    start, end = text.find(START), text.find(END)
    if start == -1 or end < start:
        return False
    new = text[: start + len(START)] + "\n" + table(kinds) + "\n" + text[end:]
    if new != text:
        README.write_text(new, encoding="utf-8")
    return True


SESSION_PAPERS = (  # docs/session-papers.md: (image stem, kind, sample, options, langs)
    ("ballot", "ballot", "session-34-minutes.yaml", {}, LANGS),
    ("counting", "counting", "session-34-minutes.yaml", {}, LANGS),
    ("extract", "extract", "session-34-minutes.yaml", {"items": [1]}, LANGS),
)


def session_papers(out: Path) -> list[tuple[str, Path]]:
    """(image stem, PDF) of the papers docs/session-papers.md shows: ballot, counting
    protocol, extract, a poll sheet (from the sample roll) and a pack's inventory."""
    from docgen.input.roll_file import read_roll_file
    from docgen.output.invitations import batch_poll_sheets
    from docgen.output.pack import pack_case
    from docgen.records.roll import open_roll
    from docgen.records.roll_changes import apply_changes, plan_import

    def to_pdf(paths: list[Path]) -> list[Path]:
        report = convert_to_pdf(paths)
        report.raise_for_failures()
        return report.converted

    shown: list[tuple[str, Path]] = []
    for stem, kind, sample, options, langs in SESSION_PAPERS:
        result = render(kind, ROOT / "inputs" / sample, out_dir=out / stem, options=options,
                        langs=langs, pdf=to_pdf)
        for pdf in result.pdfs:
            lang = pdf.stem.rpartition("_")[2]
            shown.append((stem if lang not in LANGS else f"{stem}_{lang}", pdf))
    archive = out / "archive"
    with open_roll(archive) as roll:
        roll_file = ROOT / "inputs" / "roll.csv"
        apply_changes(roll, plan_import(roll, read_roll_file(roll_file), roll_file))
    sheets = batch_poll_sheets(ROOT / "inputs" / "council-poll-2026-06.yaml", archive,
                               out_dir=out / "poll")
    for lang in LANGS:
        first = next(p for p in sheets.written if p.stem.endswith(f"_{lang}"))
        shown.append((f"poll_sheet_{lang}", to_pdf([first])[0]))
    case = out / "case-34"
    case.mkdir()
    for name in ("session-34.yaml", "session-34-minutes.yaml"):
        shutil.copyfile(ROOT / "inputs" / name, case / name)
    packed = pack_case(case, out_dir=out / "pack", pdf=to_pdf)
    shown += [(path.stem, path) for path in packed.written]
    return shown


def main() -> int:
    try:
        find_soffice()
    except DocgenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if shutil.which("pdftoppm") is None:
        print("error: pdftoppm not found; install it with: sudo apt-get install poppler-utils",
              file=sys.stderr)
        return 1
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="docgen-images-") as tmp:
        try:
            chosen = chosen_documents(Path(tmp))
        except DocgenError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        report = convert_to_pdf(list(chosen.values()))
        for path, why in report.failed.items():
            print(f"error: PDF failed for {path.name}: {why}", file=sys.stderr)
        if report.failed:
            return 1
        for (kind, lang), docx in sorted(chosen.items()):
            for page in (1, *MORE_PAGES.get(kind, ())):
                target = IMAGES / (f"{kind}_{lang}" + (f"_p{page}" if page > 1 else ""))
                subprocess.run(
                    ["pdftoppm", "-r", "60", "-png", "-f", str(page), "-l", str(page),
                     "-singlefile", str(docx.with_suffix(".pdf")), str(target)],
                    check=True,
                )
                print(f"wrote {target.with_suffix('.png').relative_to(ROOT)} "
                      f"(from {docx.parent.name}/{docx.name}, page {page})")
        for stem, pdf in session_papers(Path(tmp) / "session-papers"):
            target = IMAGES / stem
            subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1",
                            "-singlefile", str(pdf), str(target)], check=True)
            print(f"wrote {target.with_suffix('.png').relative_to(ROOT)} (docs/session-papers.md)")
    made = {k for k, _ in chosen}
    kinds = [k for k in KINDS if k in made] + sorted(made - set(KINDS))
    if update_readme(kinds):
        print(f"docs/templates.md: image table of {len(kinds)} kinds")
    else:
        print(f"docs/templates.md has no {START} … {END} block; the table:\n{table(kinds)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
