"""``docgen pack DIR``: every paper of a case folder in one print PDF per language.

``pack_ru.pdf`` and ``pack_kk.pdf`` open with the inventory (опись / тізімдеме: each paper,
its number and date, its first page in the pack), then the papers in the order of the case
— notice, agenda, register, minutes, counting protocol, decisions, extracts, orders — each
starting on a new page, every page numbered in the pack's own sequence (bottom right).
The papers are rendered afresh from the folder's data files (with ``archive_dir``: the
journal's numbers, and the register from its roll) into the run's staging folder; only the
two packs are switched into the output folder, together, or nothing is. The papers' journal
records are made in one step just before the switch: a pack that fails records nothing
(the numbers it took stay held for the same papers, as a failed ``render --archive``'s do).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from docgen.errors import DocgenError, OutputError
from docgen.i18n import _
from docgen.input.models import Session
from docgen.input.validate import load
from docgen.output.pdf_metadata import stamp_pdf
from docgen.papers.case_file import check_case, data_files
from docgen.papers.elections import secret_items
from docgen.papers.inventory import case_about, inventory_context, inventory_info
from docgen.papers.pipeline import (
    PdfMaker,
    Recording,
    commit_recorded,
    data_kinds,
    find_template,
    has_regions,
    journal_has,
    render,
    templates_override,
)
from docgen.papers.registry import printed_number
from docgen.rendering.engine import DocumentInfo, compiled, document_id
from docgen.rendering.lang import LANGS
from docgen.rendering.transaction import Transaction

ORDER: tuple[str, ...] = ("notice", "agenda", "register", "minutes", "counting", "decision",
                          "extract", "order")
"""The papers of a case in the order they are filed."""
NAME = "pack_{lang}.pdf"

Progress = Callable[[int, int, str], None]
"""Told (steps done, steps in all, the step just done) as the pack is made (a progress bar)."""


@dataclass(frozen=True)
class Paper:
    """One paper of the pack in one language: what the inventory says of it, and its PDF."""

    kind: str
    info: DocumentInfo
    printed: str
    """The number the paper prints in its heading ("01-15/15"), or ''."""
    pdf: Path
    source: Path
    position: int


def case_jobs(folder: Path, archive_dir: Path | None) -> list[tuple[str, Path, dict]]:
    """(kind, data file, options) of every paper the case folder makes, in case order."""
    jobs = []
    for path in data_files(folder):
        if has_regions(path):  # a batch of regional notices: a mailing, not a case paper
            continue
        kinds = list(data_kinds(path))
        if "order" not in kinds:
            s = load(path, "minutes").model
            assert isinstance(s, Session)
            poll = s.body == "council" and s.mode == "poll"
            if archive_dir is not None and not poll and s.body != "small_assembly":
                kinds.append("register")  # the roll holds the Assembly's members
            if s.attendance is not None:
                if any(item.counting is not None for _, item in secret_items(s)):
                    kinds.append("counting")
                kinds.append("extract")
        for kind in kinds:
            jobs.append((kind, path, {"all": True} if kind == "extract" else {}))
    return sorted(jobs, key=lambda job: ORDER.index(job[0]))


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def _render_inventory(papers: list[Paper], lang: str, folder: Path, root: Path,
                      pdf: PdfMaker, templates: Path | None,
                      draft: bool) -> tuple[Path, DocumentInfo]:
    """The inventory's PDF, its page numbers counted after its own pages, and its identity."""
    listed = [(p.info, p.printed, _pages(p.pdf)) for p in papers]
    template = compiled(find_template("inventory.docx", lang, templates), lang)
    own = 1
    about = case_about(folder, lang)
    for _attempt in range(4):  # the inventory's own length moves every page after it
        ctx = inventory_context(listed, own + 1, lang, folder.name, draft, about=about)
        info = inventory_info(folder.name, ctx["doc"]["date"], lang)
        docx = root / f"inventory_{lang}.docx"
        docx.write_bytes(template.render(ctx, info))
        made = pdf([docx])[0]
        pages = _pages(made)
        if pages == own:
            return made, info
        own = pages
    raise OutputError(_("the inventory of {folder} does not settle on a page count").format(
        folder=folder))


def pack_info(inventory: DocumentInfo, draft: bool) -> DocumentInfo:
    """The pack's own identity (the case folder's, its date's and language's, as its
    inventory's): stamped into the PDF, so that docgen knows the file as its own and a pack
    made again replaces it; a draft pack is marked a draft."""
    doc_id = document_id("pack", inventory.body, "", inventory.doc_id, inventory.date,
                         inventory.lang)
    return replace(inventory, doc_id=doc_id, kind="pack", draft=draft)


def _numbered(pdfs: list[Path], target: Path, info: DocumentInfo) -> int:
    """Join ``pdfs`` into ``target``, every page numbered bottom right, docgen's marks of
    ``info`` in its metadata; the page count."""
    from pypdf import PageObject, PdfReader, PdfWriter
    from pypdf.errors import PyPdfError
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Times-Roman")})
    writer = PdfWriter()
    try:
        number = 0
        for pdf in pdfs:
            for page in PdfReader(str(pdf)).pages:
                number += 1
                width = float(page.mediabox.width)
                overlay = PageObject.create_blank_page(width=width,
                                                       height=float(page.mediabox.height))
                overlay[NameObject("/Resources")] = DictionaryObject(
                    {NameObject("/Font"): DictionaryObject({NameObject("/DGPack"): font})})
                stream = DecodedStreamObject()
                stream.set_data(f"BT /DGPack 11 Tf {width - 56:.1f} 24 Td ({number}) Tj ET"
                                .encode("ascii"))
                overlay[NameObject("/Contents")] = stream
                writer.add_page(page).merge_page(overlay)
        writer.add_metadata({"/Title": target.stem, "/Producer": "docgen"})
        joined = target.with_name(f".{target.name}.joined")
        with joined.open("wb") as fh:
            writer.write(fh)
        stamp_pdf(joined, info.custom_properties(), target)
        joined.unlink()
    except (PyPdfError, OSError) as exc:
        raise OutputError(_("cannot make {name}: {reason}").format(
            name=target.name, reason=exc)) from None
    return number


@dataclass
class PackResult:
    """The packs written and what they hold."""

    written: list[Path]
    papers: dict[str, list[Paper]]
    pages: dict[str, int]


def pack_case(folder: str | Path, *, out_dir: str | Path = "outputs",
              archive_dir: str | Path | None = None, pdf: PdfMaker,
              templates: Path | None = None, draft: bool = False,
              rulebook: str | Path | None = None, letterhead: str | Path | None = None,
              progress: Progress | None = None) -> PackResult:
    """Check the case folder, render its papers, and write ``OUT/pack_<lang>.pdf`` for both
    languages (all or nothing); ``letterhead``: the бланк heading every paper's first page
    (else each file's own ``letterhead:``)."""
    folder = Path(folder)
    archive = Path(archive_dir) if archive_dir is not None else None
    templates = templates if templates is not None else templates_override()
    check_case(folder, rulebook=rulebook, archive_dir=archive)
    jobs = case_jobs(folder, archive)
    if not jobs:
        raise DocgenError(_("{folder}: no papers to pack").format(folder=folder))
    total = len(jobs) + len(LANGS)
    done = 0

    def tell(step: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, step)

    txn = Transaction(Path(out_dir), judge=journal_has).begin()
    try:
        root = txn.new_root / ".papers"
        papers: dict[str, list[Paper]] = {lang: [] for lang in LANGS}
        seen: set[str] = set()
        recordings: list[Recording] = []  # recorded in the journal with the packs, or never
        for position, (kind, path, options) in enumerate(jobs):
            result = render(kind, path, out_dir=root, archive_dir=archive, pdf=pdf,
                            templates=templates, rulebook=rulebook, options=options,
                            draft=draft, letterhead=letterhead, recordings=recordings)
            pdfs = {p.with_suffix("").name: p for p in result.pdfs}
            for doc, written in zip(result.documents, result.written, strict=True):
                if doc.info.doc_id not in seen:  # a notice made from two files is one paper
                    seen.add(doc.info.doc_id)
                    papers[doc.lang].append(Paper(kind, doc.info, printed_number(doc),
                                                  pdfs[written.stem], path, position))
            tell(f"{kind} {path.name}")
        pages = {}
        for lang in LANGS:
            listed = sorted(papers[lang], key=lambda p: (ORDER.index(p.kind), p.info.date,
                                                         p.position))
            papers[lang] = listed
            inventory, info = _render_inventory(listed, lang, folder, root, pdf, templates,
                                                draft)
            target = txn.staged_path(NAME.format(lang=lang))
            pages[lang] = _numbered([inventory, *(p.pdf for p in listed)], target,
                                    pack_info(info, draft))
            txn.adopt(target)
            tell(NAME.format(lang=lang))
        shutil.rmtree(root)
        if recordings and archive is not None:
            commit_recorded(txn, archive, recordings)
        else:
            txn.commit()
    except BaseException:
        txn.rollback()
        raise
    return PackResult([txn.target(NAME.format(lang=lang)) for lang in LANGS], papers, pages)


