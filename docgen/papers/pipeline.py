"""The pipeline: data file → rules → per-language context → rendered, written documents.

Every document of a run is rendered in memory first; only when all have rendered are
they written (temp files renamed into place), so a failed run writes nothing.
Each kind registers a planner that turns a validated file into :class:`Planned` documents.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.errors import DocgenError, TemplateError
from docgen.i18n import _
from docgen.input.models import KINDS
from docgen.input.validate import Loaded, load
from docgen.law.rulebook import resolve, using
from docgen.papers.registry import (
    BILINGUAL,
    CHECKS,
    PLANNERS,
    Planned,
    as_draft,
    load_builtin_kinds,
    registered,
    registration,
)
from docgen.rendering.engine import (
    DocumentInfo,
    compiled,
    output_path,
    safe_stem,
)
from docgen.rendering.lang import LANGS
from docgen.rendering.letterhead import apply_letterhead, letterhead_for
from docgen.rendering.transaction import Transaction

if TYPE_CHECKING:
    from docgen.records.journal import Journal

BUILTIN_ROOT = Path(str(resources.files("docgen")))
"""The installed package: its ``templates_ru/`` and ``templates_kk/`` are the built-in
templates (package data in a wheel; links to the top-level folders in a source checkout)."""


def templates_override() -> Path | None:
    """The override folder from ``DOCGEN_TEMPLATES``, if set."""
    value = os.environ.get("DOCGEN_TEMPLATES")
    return Path(value) if value else None


def find_template(name: str, lang: str, templates: Path | None = None,
                  notes: list[str] | None = None) -> Path:
    """The template file: from the override folder if it has it, else the built-in one."""
    folder = f"templates_{lang}"
    if templates is not None:
        for candidate in (templates / folder / name, templates / lang / name):
            if candidate.is_file():
                return candidate
        if notes is not None:
            note = _("{folder}/{name} not in {templates}: using the built-in "
                     "template").format(folder=folder, name=name, templates=templates)
            if note not in notes:
                notes.append(note)
    path = BUILTIN_ROOT / folder / name
    if not path.is_file():
        raise TemplateError(_("the built-in template is missing"), template=path)
    return path


@dataclass
class RenderResult:
    """What a render run wrote, and notes worth telling the user."""

    written: list[Path]
    notes: list[str]
    documents: list[Planned]
    pdfs: list[Path] = field(default_factory=list)


def check_kind(kind: str) -> None:
    """Refuse a kind docgen cannot make."""
    if not registered(kind):
        load_builtin_kinds()
        known = ", ".join(k for k in KINDS if k in PLANNERS)
        raise DocgenError(_("unknown document kind '{kind}'; docgen makes: {known}").format(
                              kind=kind, known=known))


def load_checked(kind: str, data: str | Path, langs: Iterable[str] = LANGS,
                 rulebook: str | Path | None = None,
                 archive_dir: str | Path | None = None, *, strict: bool = False,
                 options: dict | None = None, amend: Any = None) -> Loaded:
    """Load and validate ``data`` for ``kind`` and check the rules of its rulebook.

    The rulebook (``--rulebook``, else the file's ``rulebook:``, else the built-in one)
    is kept on the result as ``loaded.rulebook``; render under ``using(loaded.rulebook)``.
    With ``archive_dir`` the member roll in its journal supplies (or checks) the counts
    (:mod:`docgen.papers.roll_counts`; ``strict``: a differing count is an error;
    ``amend``: the changes of a case file's orders not yet applied to the roll, an
    :class:`~docgen.papers.roll_counts.Amendments`). ``options`` are what the command asked
    for beyond the kind (``Loaded.options``).
    """
    from docgen.papers.roll_counts import resolve_roll
    from docgen.papers.roll_ids import resolve_ids

    check_kind(kind)
    loaded = resolve_roll(resolve_ids(load(data, kind, langs), archive_dir), kind, archive_dir,
                          strict=strict, amend=amend)
    loaded.rulebook = resolve(rulebook, loaded.source)
    loaded.options = dict(options or {})
    with using(loaded.rulebook):
        CHECKS[kind](loaded)
    return loaded


def plan(kind: str, loaded: Loaded, langs: Iterable[str]) -> list[Planned]:
    """Every document of ``kind`` in every language asked for (a bilingual kind asked for
    both languages: its sheets with both on one)."""
    langs = tuple(langs)
    if kind in BILINGUAL and set(langs) == set(LANGS):
        langs = ("both",)
    return [doc for lang in langs for doc in PLANNERS[kind](loaded, lang)]


PdfMaker = Callable[[list[Path]], list[Path]]
"""Converts staged DOCX files to PDFs beside them and returns the PDFs (raises on failure)."""


def render(kind: str, data: str | Path, *, langs: Iterable[str] = LANGS,
           out_dir: str | Path = "outputs", templates: Path | None = None,
           fail_after: int | None = None,
           archive_dir: str | Path | None = None,
           rulebook: str | Path | None = None, revise: bool = False,
           pdf: PdfMaker | None = None, options: dict | None = None,
           draft: bool = False, letterhead: str | Path | None = None,
           recordings: list[Recording] | None = None) -> RenderResult:
    """Validate ``data``, render ``kind`` in ``langs`` and write ``OUT/<stem>/<file>``.

    All or nothing (:class:`~docgen.rendering.transaction.Transaction`): the documents,
    and their PDFs when ``pdf`` is given, are staged and switched in together; a PDF left
    beside a DOCX whose content changed is removed. ``fail_after`` is a fault injection
    point for tests: raise after staging that many files. With ``archive_dir``, every
    written document is recorded in that archive's journal (in the same step: if the
    journal refuses, nothing is written). ``revise`` (or ``revision:`` in the data)
    issues corrected documents as new revisions with new ids
    (see :mod:`docgen.papers.revisions`). ``options``: what the kind takes beyond the file
    (``items``, ``all`` and ``date`` for extracts). ``draft``: drafts for approval
    (:func:`~docgen.papers.registry.as_draft`): marked on every page, no registration
    number, never recorded in the journal (the archive only lends its roll).
    ``letterhead`` (or ``letterhead:`` in the data) is the secretariat's бланк: its
    first-page header heads every paper (:mod:`docgen.rendering.letterhead`).
    ``recordings``: with ``archive_dir``, the journal records of the run are appended there
    instead of being made, for a caller that writes more than this run (the pack) to
    record them with its own files (:func:`commit_recorded`); the numbers are taken all
    the same.
    """
    langs = tuple(langs)
    templates = templates if templates is not None else templates_override()
    loaded = load_checked(kind, data, langs, rulebook, archive_dir, options=options)
    with using(loaded.rulebook):
        docs = plan(kind, loaded, langs)
    requested = getattr(loaded.model, "revision", None)
    content = None
    if draft:
        if revise or (requested or 1) > 1:
            raise DocgenError(_("{data}: a draft is not a revision: render the draft without "
                                "--revise (and revision:), or the revision without --draft").format(
                                  data=data))
        docs = [as_draft(doc) for doc in docs]
    elif archive_dir is not None:
        docs = _assign_numbers(docs, archive_dir, data)
        # an order's id names one content: other content under its number is a new revision
        content = content_sha256(loaded) if kind == "order" else None
    if not draft and (revise or (requested or 1) > 1 or content is not None):
        if archive_dir is None:
            raise DocgenError(_("{data}: a revision supersedes a document in the journal: "
                                "give the archive (--archive DIR or DOCGEN_ARCHIVE)").format(
                                  data=data))
        from docgen.papers.revisions import revise_documents

        docs = revise_documents(docs, archive_dir, Path(data), requested, content)
    notes: list[str] = list(loaded.roll.notes) if loaded.roll is not None else []
    blank = letterhead_for(letterhead, Path(data), getattr(loaded.model, "letterhead", None))
    rendered = []
    for doc in docs:
        template = compiled(find_template(doc.template, doc.lang, templates, notes), doc.lang)
        blob = template.render(doc.context, doc.info)
        rendered.append((doc, apply_letterhead(blob, blank) if blank else blob))
    names = [safe_stem(doc.filename) for doc, _ in rendered]
    txn = Transaction(output_path(Path(out_dir), safe_stem(Path(data).stem)),
                      judge=journal_has).begin()
    try:
        staged = []
        for i, (name, (_doc, blob)) in enumerate(zip(names, rendered, strict=True)):
            if fail_after is not None and i >= fail_after:
                raise DocgenError(f"injected failure after {fail_after} file(s)")  # i18n: keep
            staged.append(txn.add(name, blob))
        pdfs = [txn.adopt(path) for path in pdf(staged)] if pdf is not None else []
        if archive_dir is None or draft:
            txn.commit()
        elif recordings is not None:
            recordings.append(_recording(txn, data, rendered, names, content))
            txn.commit()
        else:
            commit_recorded(txn, archive_dir, [_recording(txn, data, rendered, names, content)])
    except BaseException:
        txn.rollback()
        raise
    return RenderResult(written=[txn.target(name) for name in names], notes=notes + txn.notes,
                        documents=docs, pdfs=[txn.target(rel) for rel in pdfs])


def _assign_numbers(docs: list[Planned], archive_dir: str | Path,
                    data: str | Path) -> list[Planned]:
    """Give every unnumbered document the journal's next number for (body, region, kind, year).

    The ru and kk copies of one document share the number; the holder key (the
    document's language-independent identity) makes a re-render take the same number,
    from whichever data file it comes.
    """
    from dataclasses import replace

    from docgen.records.journal import open_journal

    if all(doc.info.number for doc in docs):
        return docs
    numbered = []
    with open_journal(archive_dir) as journal:
        for doc in docs:
            info = doc.info
            if info.number:
                numbered.append(doc)
                continue
            base = doc.filename.removesuffix(".docx").removesuffix(f"_{doc.lang}")
            series = info.series or f"{safe_stem(Path(data).stem)}:{base}"
            holder = f"auto:{info.kind}:{info.date}:{series}"
            number = journal.allocate_number(info.body, info.region, info.kind,
                                             info.date.year, holder=holder)
            given = doc.context.get("doc", {})
            context = {**doc.context, "doc": {**given, "number": str(number)}}
            if "registration_format" in given:  # a notice's number as configured (01-15/16)
                context["doc"]["registration"] = registration(given["registration_format"],
                                                              number)
            numbered.append(replace(doc, context=context, holder=holder,
                                    info=replace(info, number=str(number))))
    return numbered


def content_sha256(loaded: Loaded) -> str:
    """The sha256 of the checked model as canonical JSON: the content a paper says, apart
    from how its data file is laid out."""
    import hashlib
    import json

    canonical = json.dumps(loaded.model.model_dump(mode="json"), ensure_ascii=False,
                           sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


Item = tuple[DocumentInfo, str | None, str]
"""A document to record: its info, its number's holder (or None), its DOCX's sha256."""


@dataclass(frozen=True)
class Recording:
    """What one data file's run records in the journal: its documents, the sha256 of their
    PDFs (document id → sha256), and what else belongs to the same step (``also``)."""

    data: Path
    items: list[Item]
    pdf_sha: dict[str, str] = field(default_factory=dict)
    also: Callable[[Journal], None] | None = None
    prints: dict[str, list[str]] = field(default_factory=dict)
    """Document id → the page prints of its PDF (:mod:`docgen.rendering.page_prints`)."""


def _recording(txn: Transaction, data: str | Path, rendered: list[tuple[Planned, bytes]],
               names: list[str], content: str | None = None) -> Recording:
    """The journal records of every rendered document (and its staged PDF). With
    ``content`` (an order's), its documents are bound to the data they were rendered from
    and their PDFs, in the same step: the signed copy enters the roll with that content
    (:mod:`docgen.archive.orders`)."""
    import hashlib

    items = [(doc.info, doc.holder, hashlib.sha256(blob).hexdigest()) for doc, blob in rendered]
    staged = {name: doc.info.doc_id for name, (doc, _) in zip(names, rendered, strict=True)}
    pdf_sha = staged_pdf_sha(txn, staged)
    also = None
    if content is not None:
        from docgen.records.roll import OrderSource, Roll

        order = OrderSource.of_file(data, content)
        ids = [doc.info.doc_id for doc, _ in rendered]

        def also(journal: Journal) -> None:
            Roll.sharing(journal).remember_order(ids, order, pdf_sha)
    return Recording(Path(data), items, pdf_sha, also, staged_pdf_prints(txn, staged))


def staged_pdf_sha(txn: Transaction, ids: dict[str, str]) -> dict[str, str]:
    """Document id → sha256 of the PDF staged beside its DOCX (``ids``: DOCX path → id)."""
    import hashlib

    found = {}
    for rel, doc_id in ids.items():
        pdf = rel.removesuffix(".docx") + ".pdf"
        if pdf in txn.files:
            found[doc_id] = hashlib.sha256(txn.files[pdf].read_bytes()).hexdigest()
    return found


def staged_pdf_prints(txn: Transaction, ids: dict[str, str]) -> dict[str, list[str]]:
    """Document id → the page prints of the PDF staged beside its DOCX
    (:mod:`docgen.rendering.page_prints`: how a scan of the paper is shown to be it)."""
    from docgen.rendering.page_prints import pdf_prints

    found = {}
    for rel, doc_id in ids.items():
        pdf = rel.removesuffix(".docx") + ".pdf"
        if pdf in txn.files:
            found[doc_id] = [p.to_json() for p in pdf_prints(txn.files[pdf].read_bytes())]
    return found


def commit_registered(txn: Transaction, archive_dir: str | Path, data: str | Path,
                      items: list[Item], pdf_sha: dict[str, str] | None = None,
                      prints: dict[str, list[str]] | None = None) -> list[Path]:
    """Register ``items`` made from ``data`` in the journal (with their PDFs' sha256 and
    page prints), then switch ``txn``'s files in (:func:`commit_recorded`)."""
    return commit_recorded(txn, archive_dir, [Recording(Path(data), items, pdf_sha or {},
                                                        prints=prints or {})])


def commit_recorded(txn: Transaction, archive_dir: str | Path,
                    recordings: list[Recording]) -> list[Path]:
    """Record ``recordings`` in the journal in one step (:func:`record_documents`), then
    switch ``txn``'s files in.

    A numbered paper is never visible before the journal has its number: the journal
    commits first (if it refuses, nothing is written), the folder is swapped second. The
    run's record names the documents, so a kill in between is finished by the next run
    (:func:`journal_has` says the journal has them) and an unregistered run is dropped."""
    entry = {"archive": str(Path(archive_dir).absolute()),
             "documents": {info.doc_id: sha for r in recordings for info, _, sha in r.items}}
    return txn.commit(register=lambda: record_documents(archive_dir, recordings),
                      journal=entry)


def journal_has(entry: dict) -> bool:
    """Whether the journal in ``entry["archive"]`` has every document of ``entry`` with its
    content (how an interrupted registered run is decided: forward, or back)."""
    from docgen.records.checks import journal_path
    from docgen.records.journal import open_journal

    if not journal_path(entry["archive"]).is_file():
        return False
    with open_journal(entry["archive"], create=False) as journal:
        for doc_id, sha in entry["documents"].items():
            record = journal.get(doc_id)
            if record is None or record.docx_sha256 != sha:
                return False
    return True


def record_documents(archive_dir: str | Path, recordings: Iterable[Recording]) -> None:
    """Record every recording's documents ``(info, holder, docx sha256)`` in the journal,
    in one transaction.

    ``pdf_sha`` (document id → sha256 of its PDF) records the PDFs made with them, in the
    same step: a DOCX and its PDF are one unit in the journal too; ``also(journal)`` runs
    inside that step too. An explicit number (all digits) is reserved for (body, region,
    kind, year); the holder (default ``<kind>:<date>:<number>``) lets the same document
    render again from any data file while another document with that number is refused.
    Documents without a number are recorded unnumbered.
    """
    import hashlib

    from docgen.records.journal import open_journal

    with open_journal(archive_dir) as journal, journal.transaction():
        for recording in recordings:
            data_sha = hashlib.sha256(recording.data.read_bytes()).hexdigest()
            for info, holder, docx_sha in recording.items:
                number = int(info.number) if info.number.isdigit() else None
                if number is not None:
                    journal.reserve_number(
                        info.body, info.region, info.kind, info.date.year, number,
                        holder=holder or f"{info.kind}:{info.date.isoformat()}:{number}")
                journal.record_generated(
                    info.doc_id, kind=info.kind, body=info.body, region=info.region,
                    doc_date=info.date, lang=info.lang, reg_number=number,
                    data_sha256=data_sha, docx_sha256=docx_sha, supersedes=info.supersedes,
                    pdf_sha256=recording.pdf_sha.get(info.doc_id))
                if info.doc_id in recording.pdf_sha and info.doc_id in recording.prints:
                    journal.record_prints(info.doc_id, recording.pdf_sha[info.doc_id],
                                          recording.prints[info.doc_id])
            if recording.also is not None:
                recording.also(journal)


def data_kinds(data: str | Path) -> tuple[str, ...]:
    """The document kinds a data file can make (order file or session file)."""
    from docgen.input.loader import load_yaml

    located = load_yaml(data)
    if isinstance(located.data, dict) and "order" in located.data:
        return tuple(k for k in ("order",) if registered(k))
    fields = located.data if isinstance(located.data, dict) else {}
    poll = fields.get("body") == "council" and fields.get("mode") == "poll"
    kinds = [] if poll else ["notice", "agenda"]
    if fields.get("attendance") is not None:
        kinds.append("minutes")
        if fields.get("body") == "council":
            kinds.append("decision")
    return tuple(k for k in kinds if registered(k))


def has_regions(data: str | Path) -> bool:
    """Whether a session file carries per-region values (a batch of notices)."""
    from docgen.input.loader import load_yaml

    fields = load_yaml(data).data
    return isinstance(fields, dict) and fields.get("regions") is not None


def check_file(data: str | Path, rulebook: str | Path | None = None,
               archive_dir: str | Path | None = None) -> tuple[str, ...]:
    """Validate ``data`` for every kind it can make; returns those kinds.

    With ``archive_dir``, counts are checked against (or taken from) its member roll.
    """
    kinds = data_kinds(data)
    for kind in kinds:
        load_checked(kind, data, rulebook=rulebook, archive_dir=archive_dir, strict=True)
    return kinds

