"""The pipeline: data file → rules → per-language context → rendered, written documents.

Every document of a run is rendered in memory first; only when all have rendered are
they written (temp files renamed into place), so a failed run writes nothing.
Each kind registers a planner that turns a validated file into :class:`Planned` documents.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from docgen.context import session_context
from docgen.engine import (
    DocumentInfo,
    PendingWrites,
    compiled,
    document_id,
    output_path,
    safe_stem,
)
from docgen.errors import DocgenError, TemplateError
from docgen.lang import LANGS
from docgen.models import KINDS, Session
from docgen.rules import check_session
from docgen.validate import Loaded, load

BUILTIN_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Planned:
    """One document to render: its file name, template, language, context and identity."""

    filename: str
    template: str
    lang: str
    context: dict[str, Any]
    info: DocumentInfo
    holder: str | None = None


Planner = Callable[[Loaded, str], list[Planned]]
PLANNERS: dict[str, Planner] = {}
CHECKS: dict[str, Callable[[Loaded], None]] = {}


def planner(kind: str, check: Callable[[Loaded], None]) -> Callable[[Planner], Planner]:
    """Register the planner and rule check of a document kind."""

    def register(func: Planner) -> Planner:
        PLANNERS[kind] = func
        CHECKS[kind] = check
        return func

    return register


def session_info(s: Session, kind: str, lang: str, number: Any, day: Any, title: str,
                 subject: str, extra: str = "") -> DocumentInfo:
    """The identity of a document made from a session file."""
    return DocumentInfo(
        doc_id=document_id(kind, s.body, s.region, f"{s.number}:{number or ''}", day, lang,
                           extra),
        kind=kind, body=s.body, region=s.region or "", number=str(number or ""), date=day,
        lang=lang, title=title, subject=subject,
        series=document_id(kind, s.body, s.region, f"{s.number}:{number or ''}", day, "",
                           extra),
    )


_NOTICE_WORDS = {"ru": ("Извещение о созыве", "извещение о созыве сессии"),
                 "kk": ("шақыру туралы хабарлама", "сессияны шақыру туралы хабарлама")}
_AGENDA_WORDS = {"ru": ("Повестка дня", "повестка дня"), "kk": ("күн тәртібі", "күн тәртібі")}


def check_convened(loaded: Loaded[Session], kind: str) -> None:
    """Rules of a convened session's papers; a Council poll has no notice or agenda."""
    if loaded.model.body == "council" and loaded.model.mode == "poll":
        raise loaded.error(
            f"a Council poll (опросным путем, p.9) is run by the working body without a "
            f"{kind}; render its minutes or decisions, or set mode: meeting", ("mode",))
    check_session(loaded, kind)


@planner("notice", lambda loaded: check_convened(loaded, "notice"))
def plan_notice(loaded: Loaded[Session], lang: str) -> list[Planned]:
    """The convocation notice (извещение / хабарлама)."""
    s = loaded.model
    ctx = session_context(s, lang)
    c = s.convocation
    if lang == "ru":
        title = f"{_NOTICE_WORDS['ru'][0]} {ctx['session']['genitive']}"
    else:
        title = f"{ctx['session']['accusative']} {_NOTICE_WORDS['kk'][0]}"
    info = session_info(s, "notice", lang, c.notice_number, c.notice_date, title,
                        _NOTICE_WORDS[lang][1])
    ctx["doc"] = {"id": info.doc_id, "number": info.number, "date": c.notice_date}
    return [Planned(f"notice_{lang}.docx", "notice.docx", lang, ctx, info)]


@planner("agenda", lambda loaded: check_convened(loaded, "agenda"))
def plan_agenda(loaded: Loaded[Session], lang: str) -> list[Planned]:
    """The agenda (повестка дня / күн тәртібі)."""
    s = loaded.model
    ctx = session_context(s, lang)
    if lang == "ru":
        title = f"{_AGENDA_WORDS['ru'][0]} {ctx['session']['genitive']}"
    else:
        title = f"{ctx['session']['genitive']} {_AGENDA_WORDS['kk'][0]}"
    info = session_info(s, "agenda", lang, None, s.date, title, _AGENDA_WORDS[lang][1])
    ctx["doc"] = {"id": info.doc_id, "number": "", "date": s.date}
    return [Planned(f"agenda_{lang}.docx", "agenda.docx", lang, ctx, info)]


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
            note = f"{folder}/{name} not in {templates}: using the built-in template"
            if note not in notes:
                notes.append(note)
    path = BUILTIN_ROOT / folder / name
    if not path.is_file():
        raise TemplateError("the built-in template is missing", template=path)
    return path


@dataclass
class RenderResult:
    """What a render run wrote, and notes worth telling the user."""

    written: list[Path]
    notes: list[str]
    documents: list[Planned]


def check_kind(kind: str) -> None:
    """Refuse a kind docgen cannot make."""
    if kind not in PLANNERS:
        known = ", ".join(k for k in KINDS if k in PLANNERS)
        raise DocgenError(f"unknown document kind '{kind}'; docgen makes: {known}")


def load_checked(kind: str, data: str | Path, langs: Iterable[str] = LANGS) -> Loaded:
    """Load and validate ``data`` for ``kind`` and check the Regulation's rules."""
    check_kind(kind)
    loaded = load(data, kind, langs)
    CHECKS[kind](loaded)
    return loaded


def plan(kind: str, loaded: Loaded, langs: Iterable[str]) -> list[Planned]:
    """Every document of ``kind`` in every language asked for."""
    return [doc for lang in langs for doc in PLANNERS[kind](loaded, lang)]


def render(kind: str, data: str | Path, *, langs: Iterable[str] = LANGS,
           out_dir: str | Path = "outputs", templates: Path | None = None,
           fail_after: int | None = None,
           archive_dir: str | Path | None = None) -> RenderResult:
    """Validate ``data``, render ``kind`` in ``langs`` and write ``OUT/<stem>/<file>``.

    Nothing is written unless every document rendered. ``fail_after`` is a fault
    injection point for tests: raise after staging that many files. With
    ``archive_dir``, every written document is recorded in that archive's journal
    (in the same step: if the journal refuses, nothing is written).
    """
    langs = tuple(langs)
    templates = templates if templates is not None else templates_override()
    loaded = load_checked(kind, data, langs)
    docs = plan(kind, loaded, langs)
    if archive_dir is not None:
        docs = _assign_numbers(docs, archive_dir, data)
    notes: list[str] = []
    rendered = []
    for doc in docs:
        template = compiled(find_template(doc.template, doc.lang, templates, notes), doc.lang)
        rendered.append((doc, template.render(doc.context, doc.info)))
    folder = safe_stem(Path(data).stem)
    pending = PendingWrites()
    try:
        for i, (doc, blob) in enumerate(rendered):
            if fail_after is not None and i >= fail_after:
                raise DocgenError(f"injected failure after {fail_after} file(s)")
            pending.add(output_path(Path(out_dir), folder, safe_stem(doc.filename)), blob)
        if archive_dir is None:
            written = pending.commit()
        else:
            written = _commit_recorded(pending, archive_dir, data, rendered)
    except BaseException:
        pending.rollback()
        raise
    return RenderResult(written=written, notes=notes, documents=docs)


def _assign_numbers(docs: list[Planned], archive_dir: str | Path,
                    data: str | Path) -> list[Planned]:
    """Give every unnumbered document the journal's next number for (body, region, kind, year).

    The ru and kk copies of one document share the number; the holder key (the
    document's language-independent identity) makes a re-render take the same number,
    from whichever data file it comes.
    """
    from dataclasses import replace

    from docgen.archive import open_journal

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
            context = {**doc.context, "doc": {**doc.context.get("doc", {}),
                                              "number": str(number)}}
            numbered.append(replace(doc, context=context, holder=holder,
                                    info=replace(info, number=str(number))))
    return numbered


def _commit_recorded(pending: PendingWrites, archive_dir: str | Path, data: str | Path,
                     rendered: list[tuple[Planned, bytes]]) -> list[Path]:
    """Record every rendered document in the journal, then write the files (one step)."""
    import hashlib

    items = [(doc.info, doc.holder, hashlib.sha256(blob).hexdigest()) for doc, blob in rendered]
    return record_documents(archive_dir, data, items, pending.commit)


T = TypeVar("T")


def record_documents(archive_dir: str | Path, data: str | Path,
                     items: Iterable[tuple[DocumentInfo, str | None, str]],
                     commit: Callable[[], T]) -> T:
    """Record documents ``(info, holder, docx sha256)`` in the journal, then ``commit()``.

    Both happen in one journal transaction: if the journal refuses, nothing is written.
    An explicit number (all digits) is reserved for (body, region, kind, year); the holder
    (default ``<kind>:<date>:<number>``) lets the same document render again from any
    data file while another document with that number is refused. Documents without a
    number are recorded unnumbered.
    """
    import hashlib

    from docgen.archive import open_journal

    data_sha = hashlib.sha256(Path(data).read_bytes()).hexdigest()
    with open_journal(archive_dir) as journal, journal.transaction():
        for info, holder, docx_sha in items:
            number = int(info.number) if info.number.isdigit() else None
            if number is not None:
                journal.reserve_number(
                    info.body, info.region, info.kind, info.date.year, number,
                    holder=holder or f"{info.kind}:{info.date.isoformat()}:{number}")
            journal.record_generated(
                info.doc_id, kind=info.kind, body=info.body, region=info.region,
                doc_date=info.date, lang=info.lang, reg_number=number,
                data_sha256=data_sha, docx_sha256=docx_sha)
        return commit()


def record_pdfs(archive_dir: str | Path, pdfs: Iterable[Path]) -> int:
    """Store the sha256 of PDFs made from recorded documents (found by their DocgenId).

    Returns how many were recorded; a PDF whose id the journal lacks is an error.
    """
    import hashlib

    from docgen.archive import open_journal
    from docgen.convert import read_pdf_metadata
    from docgen.errors import JournalError

    count = 0
    with open_journal(archive_dir) as journal, journal.transaction():
        for pdf in pdfs:
            doc_id = read_pdf_metadata(pdf).get("DocgenId", "")
            record = journal.get(doc_id) if doc_id else None
            if record is None:
                raise JournalError(f"{pdf}: document {doc_id or '(no DocgenId)'} is not in "
                                   "the journal")
            journal.record_generated(
                doc_id, kind=record.kind, body=record.body, region=record.region,
                doc_date=record.doc_date, lang=record.lang, reg_number=record.reg_number,
                year=record.year, pdf_sha256=hashlib.sha256(pdf.read_bytes()).hexdigest())
            count += 1
    return count


def data_kinds(data: str | Path) -> tuple[str, ...]:
    """The document kinds a data file can make (order file or session file)."""
    from docgen.loader import load_yaml

    located = load_yaml(data)
    if isinstance(located.data, dict) and "order" in located.data:
        return tuple(k for k in ("order",) if k in PLANNERS)
    fields = located.data if isinstance(located.data, dict) else {}
    poll = fields.get("body") == "council" and fields.get("mode") == "poll"
    kinds = [] if poll else ["notice", "agenda"]
    if fields.get("attendance") is not None:
        kinds.append("minutes")
        if fields.get("body") == "council":
            kinds.append("decision")
    return tuple(k for k in kinds if k in PLANNERS)


def check_file(data: str | Path) -> tuple[str, ...]:
    """Validate ``data`` for every kind it can make; returns those kinds."""
    kinds = data_kinds(data)
    for kind in kinds:
        load_checked(kind, data)
    return kinds


# Kinds defined in their own modules register themselves on import.
from docgen import minutes, orders  # noqa: E402, F401
