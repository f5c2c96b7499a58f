"""Batch notices: one session's notice addressed to every small assembly, all or nothing.

:func:`plan_batch` validates everything first (the shared session, every region's
overrides and the Regulation's rules for each region's dates); only then
:func:`stage_documents` renders the documents in parallel worker processes. Each worker
uses the compiled template (read, patched and compiled once; with ``fork`` the workers
inherit the parent's) and writes each document straight to a temp file beside its
target, so memory does not grow with the batch. :func:`batch_notices` renames every
staged file into place and writes the manifest only when every document rendered.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from docgen.errors import DataError, DocgenError, OutputError, RuleError, UsageError
from docgen.i18n import _
from docgen.input.models import Person, RegionOverride, Session, Text
from docgen.input.regions import Region, get_region, load_regions
from docgen.input.validate import Loaded
from docgen.law.rulebook import in_force, using
from docgen.law.rules import check_convocation
from docgen.papers.pipeline import (
    PdfMaker,
    commit_registered,
    find_template,
    journal_has,
    load_checked,
    staged_pdf_prints,
    staged_pdf_sha,
    templates_override,
)
from docgen.papers.registry import Planned, as_draft
from docgen.papers.sessions import plan_notice
from docgen.records.roll import Member
from docgen.rendering.context import person, text
from docgen.rendering.engine import (
    DocumentInfo,
    PendingWrites,
    compiled,
    document_id,
    output_path,
    safe_stem,
)
from docgen.rendering.lang import LANGS
from docgen.rendering.letterhead import apply_letterhead, letterhead_path, read_letterhead
from docgen.rendering.transaction import Transaction, write_error

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each finished share of documents."""

MANIFEST = "manifest.json"
_MAX_CHUNK = 25


@dataclass(frozen=True)
class BatchDoc:
    """One document of a batch: where it goes (relative to the batch folder) and what it is."""

    region: str
    lang: str
    path: str
    template: str
    context: dict[str, Any]
    info: DocumentInfo
    member: dict[str, Any] | None = None
    """Personal letters: the member it is addressed to (id, name), listed in the manifest."""
    letterhead: str = ""
    """The бланк whose first-page header heads the document ('' for none)."""


@dataclass(frozen=True)
class Staged:
    """A rendered document waiting in a temp file beside its target."""

    tmp: str
    target: str
    sha256: str


@dataclass
class BatchResult:
    """What a batch wrote."""

    folder: Path
    manifest: Path
    written: list[Path]
    entries: list[dict[str, str]]
    notes: list[str] = field(default_factory=list)
    jobs: int = 1
    pdfs: list[Path] = field(default_factory=list)


_POOL_MIN = 120  # below this many documents, starting worker processes costs more than
# it saves (~60 ms against ~1 ms of work per document)


def default_jobs(total: int | None = None) -> int:
    """Worker processes when ``--jobs`` is not given: the number of cores (one for a
    batch of fewer than 120 documents, which renders faster than workers start)."""
    if total is not None and total < _POOL_MIN:
        return 1
    return os.cpu_count() or 1


# --- validation and planning ---------------------------------------------------------

def parse_regions(value: str | Sequence[str] | None) -> list[str]:
    """``all`` (or None) → every region id; ``a,b`` → those ids, checked, in order."""
    known = list(load_regions())
    if value is None or (isinstance(value, str) and value.strip().lower() == "all"):
        return known
    items = value.split(",") if isinstance(value, str) else list(value)
    ids: list[str] = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        try:
            get_region(item)
        except DataError as exc:
            raise UsageError(f"--regions: {exc.detail}") from None  # i18n: keep
        if item not in ids:
            ids.append(item)
    if not ids:
        raise UsageError(_("--regions names no region; give 'all' or ids such as "
                            "karaganda,astana"))
    return ids


def _region_error(loaded: Loaded, region: Region, key: str | None, message: str) -> DataError:
    """An error about one region, at the line of its override (or of the ``regions`` entry)."""
    path = ("regions", region.id, key) if key else ("regions", region.id)
    field_name = f"regions.{region.id}" + (f".{key}" if key else "")
    return DataError(_("region {name_ru} / {name_kk} ({id}): {message}").format(
                           name_ru=region.name('ru'), name_kk=region.name('kk'), id=region.id,
                           message=message), path=loaded.path, line=loaded.source.line_of(path),
                     field=field_name)


def _key_line(loaded: Loaded, rid: str) -> int | None:
    """The line of ``rid:`` under ``regions:`` (the loader keeps the line of its value)."""
    line = loaded.source.line_of(("regions", rid))
    try:
        lines = loaded.path.read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return line
    if line and line >= 2 and lines[line - 2].strip().startswith(f"{rid}:"):
        return line - 1
    return line


def _load(data: str | Path, langs: Sequence[str], rulebook: str | Path | None = None,
          archive_dir: str | Path | None = None) -> Loaded[Session]:
    """The shared session, validated; errors inside ``regions:`` name their region."""
    try:
        loaded = load_checked("notice", data, langs, rulebook, archive_dir)
    except RuleError:
        raise
    except DataError as exc:
        parts = (exc.field or "").split(".")
        if len(parts) > 1 and parts[0] == "regions" and parts[1] in load_regions():
            region = get_region(parts[1])
            raise DataError(_("region {name_ru} / {name_kk} ({id}): {detail}").format(
                                name_ru=region.name("ru"), name_kk=region.name("kk"),
                                id=region.id, detail=exc.detail), path=exc.path, line=exc.line,
                            field=exc.field) from None
        raise
    if (loaded.model.revision or 1) > 1:
        raise loaded.error(_("a batch issues first revisions only: render a corrected regional "
                             "notice with 'docgen render notice FILE --revise'"), ("revision",))
    return loaded


def region_session(s: Session, override: RegionOverride | None) -> Session:
    """The session as one region's notice states it: shared values, then its overrides."""
    if override is None:
        return s
    update: dict[str, Any] = {}
    for name in ("date", "time", "place"):
        value = getattr(override, name)
        if value is not None:
            update[name] = value
    if override.notice_number is not None:
        update["convocation"] = s.convocation.model_copy(
            update={"notice_number": override.notice_number})
    return s.model_copy(update=update)


def chair_of(region: Region, akim: Member | None = None) -> Person:
    """The chair of the region's small assembly: its akim, by name when the roll
    (``akim``) says who it is, with the title of both offices."""
    title = in_force().small_assembly_chair
    position = {lang: title.get(lang).format(title=region.akim[lang],
                                             body_genitive=region.assembly_genitive[lang])
                if title is not None else region.akim[lang] for lang in ("ru", "kk")}
    name = {"ru": akim.name_ru, "kk": akim.name_kk} if akim is not None else {"ru": "-",
                                                                             "kk": "-"}
    gender = {"m": "male", "f": "female"}.get(akim.gender or "") if akim else None
    return Person.model_validate({"name": name, "position": position, "gender": gender})


def addressee(region: Region, override: RegionOverride | None, lang: str,
              akim: Member | None = None) -> str:
    """The notice's addressee: the chair of the region's small assembly, the akim, in the
    dative — "Акиму Карагандинской области, председателю Ассамблеи народа Казахстана
    Карагандинской области / Е.К. Жумабекову", "… әкіміне, … төрағасына / Е.Қ. Жұмабековке"
    — named as the roll has them on the notice's date (``akim``), or as the override says."""
    value = override.addressee if override is not None else None
    if isinstance(value, Text):
        return text(value, lang)
    known = isinstance(value, Person) or akim is not None
    forms = person(value if isinstance(value, Person) else chair_of(region, akim),
                   lang)["dative"]
    position = forms["position"][:1].upper() + forms["position"][1:]
    if not known:
        return position
    return f"{position}\n{forms['initials']}" if position else forms["initials"]


def akims_on(archive_dir: str | Path | None, day: dt.date) -> dict[str, Member]:
    """Each region's akim on the roll on ``day`` (none without a roll)."""
    if archive_dir is None:
        return {}
    from docgen.errors import JournalError
    from docgen.records.roll import open_roll

    found: dict[str, Member] = {}
    try:
        with open_roll(archive_dir, create=False) as roll:
            for rid in load_regions():
                holders = [roll.member(i) for i in
                           roll.holders("small_assembly_chair", day, rid)]
                if len(holders) == 1 and holders[0] is not None:
                    found[rid] = holders[0]
    except JournalError:
        return {}
    return found


def check_region_rules(loaded: Loaded[Session], region: Region,
                       override: RegionOverride | None) -> Session:
    """The region's session, after checking the Regulation's rules with its overrides."""
    session = region_session(loaded.model, override)
    try:
        check_convocation(Loaded(model=session, source=loaded.source))
    except RuleError as exc:
        key = "date" if override is not None and override.date is not None else None
        raise _region_error(loaded, region, key, exc.detail) from None
    return session


def check_batch(data: str | Path, *, regions: str | Sequence[str] | None = "all",
                langs: Sequence[str] = LANGS, rulebook: str | Path | None = None
                ) -> tuple[Loaded[Session], list[str], dict[str, Session]]:
    """Every check a batch makes before rendering (the shared session, each region's
    overrides and the rules with them): the loaded file, the selected region ids and each
    region's session. ``docgen check`` runs it for a file with ``regions:``."""
    loaded = _load(data, tuple(langs), rulebook)
    with using(loaded.rulebook):
        selected, sessions = _check_loaded(loaded, regions)
    return loaded, selected, sessions


def _check_loaded(loaded: Loaded[Session], regions: str | Sequence[str] | None
                  ) -> tuple[list[str], dict[str, Session]]:
    overrides = loaded.model.regions or {}
    known = load_regions()
    for rid in overrides:
        if rid not in known:
            try:
                get_region(rid)
            except DataError as exc:
                raise DataError(_("in 'regions': {detail}").format(
                    detail=exc.detail), path=loaded.path,
                                line=_key_line(loaded, rid), field=f"regions.{rid}") from None
    selected = parse_regions(regions)
    sessions = {rid: check_region_rules(loaded, known[rid], overrides.get(rid))
                for rid in dict.fromkeys([*overrides, *selected])}
    return selected, sessions


def plan_batch(data: str | Path, *, regions: str | Sequence[str] | None = "all",
               langs: Sequence[str] = LANGS, templates: Path | None = None,
               notes: list[str] | None = None,
               rulebook: str | Path | None = None,
               archive_dir: str | Path | None = None) -> list[BatchDoc]:
    """Validate everything and list the notices of the batch; renders and writes nothing.

    With ``archive_dir``, a session without ``members_total`` counts it from the roll.
    """
    langs = tuple(langs)
    loaded = _load(data, langs, rulebook, archive_dir)
    akims = akims_on(archive_dir, loaded.model.convocation.notice_date)
    with using(loaded.rulebook):
        return _plan_loaded(loaded, regions, langs, templates, notes, akims)


def _plan_loaded(loaded: Loaded[Session], regions: str | Sequence[str] | None,
                 langs: tuple[str, ...], templates: Path | None,
                 notes: list[str] | None, akims: dict[str, Member]) -> list[BatchDoc]:
    selected, sessions = _check_loaded(loaded, regions)
    overrides = loaded.model.regions or {}
    known = load_regions()
    template_paths = {lang: find_template("notice.docx", lang, templates, notes)
                      for lang in langs}
    for lang, path in template_paths.items():
        compiled(path, lang)  # template errors surface before anything is written
    docs = []
    for rid in selected:
        region, override, session = known[rid], overrides.get(rid), sessions[rid]
        for lang in langs:
            planned = plan_notice(Loaded(model=session, source=loaded.source), lang)[0]
            c = session.convocation
            info = dataclasses.replace(
                planned.info, region=rid,
                doc_id=document_id("notice", session.body, rid,
                                   f"{session.number}:{c.notice_number or ''}",
                                   c.notice_date, lang, "batch"))
            context = dict(planned.context)
            context["addressee"] = addressee(region, override, lang, akims.get(rid))
            context["doc"] = {**context["doc"], "id": info.doc_id}
            docs.append(BatchDoc(rid, lang, f"regions/{rid}/notice_{lang}.docx",
                                 str(template_paths[lang]), context, info))
    return docs


# --- rendering ----------------------------------------------------------------------

_Spec = tuple[str, str, dict[str, Any], DocumentInfo, str, str]


def _temp_beside(target: str) -> tuple[int, str]:
    """A new temp file beside ``target`` (``.<name>.<pid>.part``), opened for writing."""
    folder, name = os.path.split(target)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.part")
    try:
        return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644), tmp
    except FileExistsError:  # left by a killed run that had our pid
        return tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)


def _render_share(specs: list[_Spec]) -> list[Staged] | str:
    """Worker: render a share of documents into temp files; an error message on failure."""
    staged: list[Staged] = []
    target = ""
    try:
        for template, lang, context, info, target, blank in specs:
            blob = compiled(Path(template), lang).render(context, info)
            if blank:
                blob = apply_letterhead(blob, read_letterhead(blank))
            fd, tmp = _temp_beside(target)
            staged.append(Staged(tmp, target, hashlib.sha256(blob).hexdigest()))
            try:
                os.fchmod(fd, 0o644)
                os.write(fd, blob)
            finally:
                os.close(fd)
    except (DocgenError, OSError) as exc:
        for item in staged:
            Path(item.tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            return str(write_error(Path(exc.filename or target), exc))
        return str(exc)
    return staged


def _shares(docs: Iterable[BatchDoc], root: Path, size: int,
            made: list[Path]) -> Iterator[list[_Spec]]:
    """The documents in shares of ``size``, their folders created (and remembered)."""
    folders: dict[str, Path] = {}  # each folder is resolved and checked once, not per file
    it = iter(docs)
    while share := list(islice(it, size)):
        specs = []
        for doc in share:
            parent, _, name = doc.path.rpartition("/")
            folder = folders.get(parent)
            if folder is None:
                folder = output_path(root, *filter(None, parent.split("/")))
                folders[parent] = folder
                missing = [p for p in (folder, *folder.parents) if not p.exists()]
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise OutputError(_("cannot create {folder}: "
                                        "{reason}").format(
                                            folder=folder, reason=exc.strerror or exc)) from None
                made.extend(reversed(missing))
            if name in ("", ".", "..") or os.sep in name:
                raise OutputError(_("refusing to write outside the output folder: {path}").format(
                    path=doc.path))
            specs.append((doc.template, doc.lang, doc.context, doc.info, f"{folder}/{name}",
                          doc.letterhead))
        yield specs


@dataclass
class Staging:
    """Documents rendered into temp files; :meth:`commit` renames them, :meth:`rollback`
    removes them and the folders the batch created."""

    staged: list[Staged] = field(default_factory=list)
    made: list[Path] = field(default_factory=list)

    def pending(self) -> PendingWrites:
        return PendingWrites([(Path(s.tmp), Path(s.target)) for s in self.staged])

    def commit(self) -> list[Path]:
        try:
            return self.pending().commit()
        except DocgenError:
            self._remove_folders()
            raise

    def rollback(self) -> None:
        self.pending().rollback()
        self.staged.clear()
        self._remove_folders()

    def _remove_folders(self) -> None:
        for folder in reversed(self.made):
            with contextlib.suppress(OSError):  # not empty or already gone: leave it
                folder.rmdir()
        self.made.clear()


def stage_documents(docs: Iterable[BatchDoc], root: Path, *, total: int,
                    jobs: int | None = None, progress: Progress | None = None) -> Staging:
    """Render ``docs`` under ``root`` into temp files with ``jobs`` worker processes.

    ``docs`` may be a generator: shares are taken as workers free up, so memory stays
    flat however large the batch. On any failure every temp file is removed and the
    error raised.
    """
    jobs = jobs or default_jobs(total)
    size = max(1, min(_MAX_CHUNK, -(-total // (jobs * 4))))
    staging = Staging()
    done = 0
    try:
        shares = _shares(docs, root, size, staging.made)
        if jobs == 1:
            for specs in shares:
                done += _collect(_render_share(specs), staging)
                if progress:
                    progress(done, total)
            return staging
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            running: set[Future] = set()
            finished: set[Future] = set()
            try:
                for specs in islice(shares, jobs * 2):
                    running.add(pool.submit(_render_share, specs))
                while running:
                    finished, running = wait(running, return_when=FIRST_COMPLETED)
                    while finished:
                        done += _collect(finished.pop().result(), staging)
                        if progress:
                            progress(done, total)
                    for specs in islice(shares, jobs * 2 - len(running)):
                        running.add(pool.submit(_render_share, specs))
            except BaseException:
                running |= finished
                for future in running:
                    future.cancel()
                wait(running)
                for future in running:
                    if not future.cancelled() and future.exception() is None:
                        result = future.result()
                        if isinstance(result, list):
                            staging.staged.extend(result)
                raise
    except BaseException:
        staging.rollback()
        raise
    return staging


def _collect(result: list[Staged] | str, staging: Staging) -> int:
    if isinstance(result, str):
        raise DocgenError(result)
    staging.staged.extend(result)
    return len(result)


# --- the command's core ---------------------------------------------------------------

def staged_sha(staging: Staging, folder: Path) -> dict[str, str]:
    """The sha256 of each staged file by its path relative to ``folder``.

    The staged targets were resolved and checked once per folder (:func:`_shares`); the
    batch folder is resolved once here, not once per document."""
    root = Path(folder).resolve()
    return {Path(s.target).relative_to(root).as_posix(): s.sha256 for s in staging.staged}


def manifest_entries(docs: Sequence[BatchDoc], staging: Staging, folder: Path) -> list[dict]:
    """One entry per file (region, language — also as ``lang`` —, path relative to the batch
    folder, sha256), sorted."""
    sha = staged_sha(staging, folder)
    entries = [{"region": d.region, "language": d.lang, "lang": d.lang, "path": d.path,
                "sha256": sha[Path(d.path).as_posix()],
                **({"member": d.member} if d.member is not None else {})} for d in docs]
    return sorted(entries, key=lambda e: (e["region"], e["lang"], e["path"]))


def _pdf_entries(pdfs: Iterable[Path], root: Path) -> list[dict[str, str]]:
    """Manifest entries of the PDFs made in the batch folder ``root``."""
    added = []
    for file in pdfs:
        rel = Path(file).resolve().relative_to(root.resolve())
        if len(rel.parts) == 1 and rel.suffix == ".pdf":  # a combined PDF of the whole batch
            region, lang = "", ""
        elif len(rel.parts) == 3 and rel.parts[0] in ("regions", "members"):
            region, lang = rel.parts[1], rel.stem.rpartition("_")[2]
        else:
            raise OutputError(_("{file} is not a file of the batch in {root}").format(
                file=file, root=root))
        added.append({"region": region, "language": lang, "lang": lang,
                      "path": rel.as_posix(),
                      "sha256": hashlib.sha256(Path(file).read_bytes()).hexdigest()})
    return added


_BATCH_FILE = re.compile(r"^(regions/[a-z_]+/notice_[a-z]{2}|members/[a-z_]+/invitation_"
                         r"[0-9]+_[a-z]{2}|invitations)\.(docx|pdf)$")


def _previous_files(folder: Path) -> set[str]:
    """The files the previous batch in ``folder`` listed in its manifest, and the manifest
    (none if it is unreadable or a link): docgen's, replaced or removed by this batch."""
    manifest = folder / MANIFEST
    try:
        if manifest.is_symlink():
            return set()
        listed = json.loads(manifest.read_text(encoding="utf-8"))
        paths = {str(entry["path"]) for entry in listed["documents"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    # Only what a batch writes (regions/<id>/<file>): an edited manifest cannot aim elsewhere.
    return {p for p in paths if _BATCH_FILE.match(p)} | {MANIFEST}


def batch_notices(data: str | Path, *, regions: str | Sequence[str] | None = "all",
                  langs: Sequence[str] = LANGS, out_dir: str | Path = "outputs",
                  templates: Path | None = None, jobs: int | None = None,
                  progress: Progress | None = None,
                  archive_dir: str | Path | None = None,
                  rulebook: str | Path | None = None,
                  pdf: PdfMaker | None = None, draft: bool = False,
                  letterhead: str | Path | None = None) -> BatchResult:
    """Validate, render and write ``OUT/<stem>/regions/<id>/notice_<lang>.docx`` + manifest.

    All or nothing, even if killed (:class:`~docgen.rendering.transaction.Transaction`):
    the notices, their PDFs (with ``pdf``) and the manifest are staged and switched in
    together, replacing the previous batch's set (files its manifest listed that this
    batch does not make are removed). With ``archive_dir`` every notice is recorded in
    that archive's journal in the same step. ``draft``: drafts for approval, neither
    numbered nor recorded (:func:`drafts`).
    """
    templates = templates if templates is not None else templates_override()
    notes: list[str] = []
    if draft:
        archive_dir = None  # a draft takes no number and is not recorded
    docs = plan_batch(data, regions=regions, langs=langs, templates=templates, notes=notes,
                      rulebook=rulebook, archive_dir=archive_dir)
    docs = with_letterhead(docs, data, letterhead)
    return write_batch("notice", data, drafts(docs) if draft else docs, out_dir=out_dir,
                       jobs=jobs, progress=progress, archive_dir=archive_dir, notes=notes,
                       pdf=pdf)


def drafts(docs: list[BatchDoc]) -> list[BatchDoc]:
    """``docs`` as drafts for approval (:func:`docgen.papers.registry.as_draft`)."""
    marked = []
    for d in docs:
        draft = as_draft(Planned(Path(d.path).name, d.template, d.lang, d.context, d.info))
        marked.append(dataclasses.replace(d, context=draft.context, info=draft.info))
    return marked


def with_letterhead(docs: list[BatchDoc], data: str | Path,
                    letterhead: str | Path | None) -> list[BatchDoc]:
    """``docs`` headed by the бланк (``--letterhead``, else the data's ``letterhead:``),
    read and checked here once, before any worker starts."""
    from dataclasses import replace

    from docgen.input.loader import load_yaml

    fields = load_yaml(data).data
    field = fields.get("letterhead") if isinstance(fields, dict) else None
    path = letterhead_path(letterhead, Path(data), field)
    if path is None:
        return docs
    read_letterhead(path)
    return [replace(doc, letterhead=str(path)) for doc in docs]


def write_batch(kind: str, data: str | Path, docs: list[BatchDoc], *,
                out_dir: str | Path = "outputs", jobs: int | None = None,
                progress: Progress | None = None, archive_dir: str | Path | None = None,
                notes: list[str] | None = None, pdf: PdfMaker | None = None) -> BatchResult:
    """Render planned ``docs`` (and their PDFs) into ``OUT/<stem>/`` with the manifest.

    All or nothing, replacing the previous batch in that folder; with ``archive_dir``
    every document is recorded in that archive's journal in the same step.
    """
    folder = output_path(Path(out_dir), safe_stem(Path(data).stem))
    jobs = jobs or default_jobs(len(docs))
    txn = Transaction(folder, previous=_previous_files, judge=journal_has).begin()
    try:
        root = txn.new_root
        staging = stage_documents(docs, root, total=len(docs), jobs=jobs, progress=progress)
        staged = staging.commit()  # renamed to their names inside the staging folder
        for path in staged:
            txn.adopt(path)
        entries = manifest_entries(docs, staging, root)
        pdfs = pdf(staged) if pdf is not None else []
        for path in pdfs:
            txn.adopt(path)
        if pdfs:
            entries = sorted(entries + _pdf_entries(pdfs, root),
                             key=lambda e: (e["region"], e["lang"], e["path"]))
        manifest = {"kind": kind, "source": Path(data).name, "count": len(entries),
                    "documents": entries}
        txn.add(MANIFEST, (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
                           + "\n").encode())
        if archive_dir is None:
            txn.commit()
        else:
            sha = staged_sha(staging, root)
            items = [(d.info, None, sha[Path(d.path).as_posix()]) for d in docs]
            staged = {d.path: d.info.doc_id for d in docs}
            commit_registered(txn, archive_dir, data, items, staged_pdf_sha(txn, staged),
                              prints=staged_pdf_prints(txn, staged))
    except BaseException:
        txn.rollback()
        raise
    written = [txn.target(d.path) for d in docs]
    return BatchResult(folder=folder, manifest=folder / MANIFEST, written=written,
                       entries=entries, notes=(notes or []) + txn.notes, jobs=jobs,
                       pdfs=[txn.target(Path(p).relative_to(root).as_posix()) for p in pdfs])
