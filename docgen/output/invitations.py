"""``docgen batch invitations`` and ``docgen batch poll-sheets``: a personal paper for every
member on the roll at once, all or nothing.

The papers are planned by their kind (``invitation``: :mod:`docgen.papers.invitation`,
``poll_sheet``: :mod:`docgen.papers.poll_sheet`), whose context names the member under the
kind's key, and written by the regional batch's machinery
(:func:`docgen.output.batch.write_batch`): everything is checked first, worker processes
render, and the folder gets every paper, their PDFs and the one combined PDF for printing,
and the manifest, or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import DocgenError, OutputError, UsageError
from docgen.i18n import _
from docgen.input.regions import get_region
from docgen.input.roll_file import REPUBLICAN
from docgen.law.rulebook import using
from docgen.output.batch import (
    BatchDoc,
    BatchResult,
    PdfMaker,
    Progress,
    drafts,
    with_letterhead,
    write_batch,
)
from docgen.papers.pipeline import find_template, load_checked, plan, templates_override
from docgen.rendering.engine import compiled
from docgen.rendering.lang import LANGS


@dataclass(frozen=True)
class Mailing:
    """A kind of personal paper: its kind, template and combined PDF."""

    kind: str
    combined: str


INVITATIONS = Mailing("invitation", "invitations.pdf")
POLL_SHEETS = Mailing("poll_sheet", "poll_sheets.pdf")
COMBINED = INVITATIONS.combined


def _check_region(region: str) -> None:
    if region not in ("all", REPUBLICAN):
        try:
            get_region(region)
        except DocgenError as exc:
            raise UsageError(f"--region: {getattr(exc, 'detail', exc)}") from None  # i18n: keep


def plan_letters(data: str | Path, archive_dir: str | Path, *, region: str = "all",
                 templates: Path | None = None, notes: list[str] | None = None,
                 mailing: Mailing = INVITATIONS, options: dict | None = None) -> list[BatchDoc]:
    """Check the session and the roll, and list every member's paper; renders nothing."""
    _check_region(region)
    kind = mailing.kind
    loaded = load_checked(kind, data, LANGS, archive_dir=archive_dir, options=options)
    with using(loaded.rulebook):
        docs = [d for d in plan(kind, loaded, LANGS)
                if region == "all" or d.context[kind]["region"] == region]
    if not docs:
        raise DocgenError(_("--region {region}: no members of it on the roll on "
                            "{date}").format(region=region, date=loaded.model.date))
    paths = {lang: find_template(f"{kind}.docx", lang, templates, notes)
             for lang in {d.lang for d in docs}}
    for lang, path in paths.items():
        compiled(path, lang)  # template errors surface before anything is written
    order = {e.member.id: i for i, e in enumerate(loaded.roll.entries)}
    docs.sort(key=lambda d: (order[d.context[kind]["member_id"]], LANGS.index(d.lang)))
    letters = []
    for d in docs:
        about = d.context[kind]
        letters.append(BatchDoc(about["region"], d.lang, f"members/{about['region']}/{d.filename}",
                                str(paths[d.lang]), d.context, d.info,
                                member={"id": about["member_id"], "name": about["name"]}))
    return letters


def batch_invitations(data: str | Path, archive_dir: str | Path, *, region: str = "all",
                      out_dir: str | Path = "outputs", templates: Path | None = None,
                      jobs: int | None = None, progress: Progress | None = None,
                      pdf: PdfMaker | None = None, mailing: Mailing = INVITATIONS,
                      options: dict | None = None, draft: bool = False,
                      letterhead: str | Path | None = None) -> BatchResult:
    """Write ``OUT/<stem>/members/<region>/<kind>_<id>_<lang>.docx`` + manifest.

    The roll is read from ``archive_dir``'s journal; the papers are a mailing, not
    registered documents, so they are not recorded in it. With ``pdf`` (a converter of
    staged files) each paper also gets its PDF and the folder one combined PDF
    (``invitations.pdf``, ``poll_sheets.pdf``) of them all in the roll's order, for
    printing; all in the same all-or-nothing step. ``draft``: marked «ПРОЕКТ» / «ЖОБА».
    """
    templates = templates if templates is not None else templates_override()
    notes: list[str] = []
    docs = plan_letters(data, archive_dir, region=region, templates=templates, notes=notes,
                        mailing=mailing, options=options)
    docs = with_letterhead(docs, data, letterhead)
    if draft:
        docs = drafts(docs)
    return write_batch(mailing.kind, data, docs, out_dir=out_dir, jobs=jobs,
                       progress=progress, notes=notes,
                       pdf=_with_combined(pdf, docs, mailing.combined) if pdf is not None
                       else None)


def batch_poll_sheets(data: str | Path, archive_dir: str | Path, **options) -> BatchResult:
    """Every Council member's poll sheet (see :func:`batch_invitations`): ``poll_sheets.pdf``."""
    return batch_invitations(data, archive_dir, mailing=POLL_SHEETS, **options)


def _with_combined(pdf: PdfMaker, docs: list[BatchDoc], name: str = COMBINED) -> PdfMaker:
    """``pdf`` followed by the combined PDF of every paper, in the order of ``docs``."""
    place = {Path(d.path).name: i for i, d in enumerate(docs)}

    def make(paths: list[Path]) -> list[Path]:
        pdfs = pdf(paths)
        ordered = sorted(pdfs, key=lambda p: place[p.with_suffix(".docx").name])
        root = Path(paths[0]).parents[2]  # <root>/members/<region>/<letter>
        return [*pdfs, combine_pdfs(ordered, root / name)]

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
        raise OutputError(_("cannot combine the PDFs into {target}: {exc}").format(
            target=target, exc=exc)) from None
    return target
