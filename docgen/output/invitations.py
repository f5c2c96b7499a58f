"""``docgen batch invitations``: every member's personal letter at once, all or nothing.

The letters are planned by the ``invitation`` kind (:mod:`docgen.papers.invitation`) and
written by the regional batch's machinery (:func:`docgen.output.batch.write_batch`):
everything is checked first, worker processes render, and the folder gets every letter,
their PDFs and the one combined PDF for printing, and the manifest, or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docgen.errors import DocgenError, OutputError, UsageError
from docgen.input.regions import get_region
from docgen.input.roll_file import REPUBLICAN
from docgen.law.rulebook import using
from docgen.output.batch import (
    BatchDoc,
    BatchResult,
    PdfMaker,
    Progress,
    with_letterhead,
    write_batch,
)
from docgen.papers.pipeline import find_template, load_checked, plan, templates_override
from docgen.rendering.engine import compiled
from docgen.rendering.lang import LANGS

COMBINED = "invitations.pdf"


def _check_region(region: str) -> None:
    if region not in ("all", REPUBLICAN):
        try:
            get_region(region)
        except DocgenError as exc:
            raise UsageError(f"--region: {getattr(exc, 'detail', exc)}") from None


def plan_letters(data: str | Path, archive_dir: str | Path, *, region: str = "all",
                 templates: Path | None = None,
                 notes: list[str] | None = None) -> list[BatchDoc]:
    """Check the session and the roll, and list every letter; renders nothing."""
    _check_region(region)
    loaded = load_checked("invitation", data, LANGS, archive_dir=archive_dir)
    with using(loaded.rulebook):
        docs = [d for d in plan("invitation", loaded, LANGS)
                if region == "all" or d.context["invitation"]["region"] == region]
    if not docs:
        raise DocgenError(f"--region {region}: no members of it on the roll on "
                          f"{loaded.model.date}")
    paths = {lang: find_template("invitation.docx", lang, templates, notes)
             for lang in {d.lang for d in docs}}
    for lang, path in paths.items():
        compiled(path, lang)  # template errors surface before anything is written
    order = {e.member.id: i for i, e in enumerate(loaded.roll.entries)}
    docs.sort(key=lambda d: (order[d.context["invitation"]["member_id"]], LANGS.index(d.lang)))
    letters = []
    for d in docs:
        about = d.context["invitation"]
        letters.append(BatchDoc(about["region"], d.lang, f"members/{about['region']}/{d.filename}",
                                str(paths[d.lang]), d.context, d.info,
                                member={"id": about["member_id"], "name": about["name"]}))
    return letters


def batch_invitations(data: str | Path, archive_dir: str | Path, *, region: str = "all",
                      out_dir: str | Path = "outputs", templates: Path | None = None,
                      jobs: int | None = None, progress: Progress | None = None,
                      pdf: PdfMaker | None = None,
                      letterhead: str | Path | None = None) -> BatchResult:
    """Write ``OUT/<stem>/members/<region>/invitation_<id>_<lang>.docx`` + manifest.

    The roll is read from ``archive_dir``'s journal; the letters are a mailing, not
    registered documents, so they are not recorded in it. With ``pdf`` (a converter of
    staged files) each letter also gets its PDF and the folder one ``invitations.pdf`` of
    them all in the roll's order, for printing; all in the same all-or-nothing step.
    """
    templates = templates if templates is not None else templates_override()
    notes: list[str] = []
    docs = plan_letters(data, archive_dir, region=region, templates=templates, notes=notes)
    docs = with_letterhead(docs, data, letterhead)
    return write_batch("invitation", data, docs, out_dir=out_dir, jobs=jobs,
                       progress=progress, notes=notes,
                       pdf=_with_combined(pdf, docs) if pdf is not None else None)


def _with_combined(pdf: PdfMaker, docs: list[BatchDoc]) -> PdfMaker:
    """``pdf`` followed by the combined PDF of every letter, in the order of ``docs``."""
    place = {Path(d.path).name: i for i, d in enumerate(docs)}

    def make(paths: list[Path]) -> list[Path]:
        pdfs = pdf(paths)
        ordered = sorted(pdfs, key=lambda p: place[p.with_suffix(".docx").name])
        root = Path(paths[0]).parents[2]  # <root>/members/<region>/<letter>
        return [*pdfs, combine_pdfs(ordered, root / COMBINED)]

    return make


def combine_pdfs(pdfs: Sequence[Path], target: Path) -> Path:
    """One PDF of ``pdfs`` in order (for printing), written to ``target``."""
    from pypdf import PdfWriter
    from pypdf.errors import PyPdfError

    writer = PdfWriter()
    try:
        for pdf in pdfs:
            writer.append(str(pdf))
        with target.open("wb") as fh:
            writer.write(fh)
    except (PyPdfError, OSError) as exc:
        raise OutputError(f"cannot combine the PDFs into {target}: {exc}") from None
    return target
