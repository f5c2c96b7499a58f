"""The archive of signed PDFs: check a signed copy, file it, and verify the archive later.

Papers are signed outside docgen and come back as signed PDFs. :func:`add_to_archive`
reads one, checks its signatures, matches it to its journal record by the embedded
``/DocgenId`` and copies it to ``<archive>/<year>/<kind>/<name>_<lang>.pdf`` (read-only),
where ``<name>`` is the registration number (4 digits) prefixed by ``council-`` for the
Council and by the region id when there is one (``almaty-0012_ru.pdf`` for a small
assembly); an unnumbered document is named by its id.

Signature checks, in order:

* every signature's ``/ByteRange`` is ``[0 a b c]`` whose gap ``a..b`` is exactly the
  ``<hex>`` of its ``/Contents``; the last one ends at the end of the file, so nothing
  was appended after signing (an incremental update after the last signature is refused);
* if pyHanko is installed, every signature's digest and signature value are checked
  (``intact`` / ``valid``), and later revisions may not change signed content.
  Trust is *not* checked: no national CA roots are configured, so a self-made
  certificate passes. Without pyHanko only the ``/ByteRange`` checks run.

A PDF whose id the journal does not know is refused unless ``adopt=True``, which creates
the record from the PDF's ``/Docgen*`` metadata (for documents made before the journal).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from dataclasses import replace as _replace
from pathlib import Path
from typing import Any

from docgen.output.pdf_metadata import DOCGEN_KEYS
from docgen.errors import ArchiveError, JournalError, PdfError, SignatureError
from docgen.records.journal import (
    KINDS,
    Journal,
    Record,
    SignatureRecord,
    check_doc_id,
    journal_path,
    open_journal,
    resolve_archive_dir,
)

__all__ = [
    "AddResult",
    "Finding",
    "PdfCheck",
    "add_to_archive",
    "archive_relpath",
    "get_document",
    "inspect_pdf",
    "list_documents",
    "open_journal",
    "pyhanko_available",
    "resolve_archive_dir",
    "verify_archive",
]

TRUST_NOT_CHECKED = "not checked (no national CA roots configured)"
NO_PYHANKO = "not checked (pyHanko not installed)"
META_KEYS = ("Title", *DOCGEN_KEYS)
_YEAR_DIR = re.compile(r"^\d{4}$")
_HEX_GAP = re.compile(rb"^[0-9A-Fa-f\s]*$")
_PDF_DATE = re.compile(
    r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
    r"(?:([Zz+\-])(?:(\d{2})'?(?:(\d{2})'?)?)?)?$"
)


# ---------------------------------------------------------------------------- results


@dataclass(frozen=True)
class PdfCheck:
    """What :func:`inspect_pdf` found in a PDF; its signatures passed every check run."""

    path: Path
    sha256: str
    size: int
    metadata: dict[str, str]
    signatures: tuple[SignatureRecord, ...]
    integrity_checked: bool

    @property
    def doc_id(self) -> str | None:
        """The embedded ``/DocgenId``, if any."""
        return self.metadata.get("DocgenId") or None


@dataclass(frozen=True)
class AddResult:
    """The outcome of :func:`add_to_archive`.

    ``action`` is ``added``, ``unchanged`` (the identical file was already archived),
    ``replaced`` (``replace=True``; the old copy is kept at ``replaced_path``) or
    ``restored`` (the same file put back where the archived copy went missing).
    """

    doc_id: str
    action: str
    path: Path
    sha256: str
    signatures: tuple[SignatureRecord, ...]
    integrity_checked: bool
    replaced_path: Path | None = None
    adopted: bool = False

    @property
    def changed(self) -> bool:
        """Whether the archive or journal changed."""
        return self.action != "unchanged"


@dataclass(frozen=True)
class Finding:
    """One problem :func:`verify_archive` found.

    ``problem`` is ``missing``, ``changed``, ``unreadable``, ``signature`` or
    ``untracked`` (a file under a year folder that the journal does not know).
    """

    problem: str
    path: Path
    doc_id: str | None
    detail: str

    def __str__(self) -> str:
        who = f" [{self.doc_id}]" if self.doc_id else ""
        return f"{self.problem}: {self.path}{who}: {self.detail}"


# ---------------------------------------------------------------------------- helpers


def pyhanko_available() -> bool:
    """Whether pyHanko can be imported (then signatures are checked cryptographically)."""
    try:
        import pyhanko.sign.validation  # noqa: F401
    except ImportError:
        return False
    return True


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of the file at ``path``."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pdf_date_to_iso(value: str | None) -> str | None:
    """A PDF date (``D:20250301093000+05'00'``) as UTC ISO-8601, or None if unreadable.

    A date without a time zone is taken as UTC.
    """
    if not value:
        return None
    match = _PDF_DATE.match(str(value).strip())
    if not match:
        return None
    y, mo, d, h, mi, s, sign, oh, om = match.groups()
    offset = _dt.timedelta(hours=int(oh or 0), minutes=int(om or 0))
    if sign == "-":
        offset = -offset
    try:
        moment = _dt.datetime(
            int(y),
            int(mo or 1),
            int(d or 1),
            int(h or 0),
            int(mi or 0),
            int(s or 0),
            tzinfo=_dt.timezone(offset),
        )
    except ValueError:
        return None
    return moment.astimezone(_dt.UTC).isoformat(timespec="seconds")


def archive_relpath(record: Record) -> str:
    """Where ``record`` goes, relative to the archive folder (POSIX separators)."""
    if record.reg_number is None:  # the id is unique on its own
        name = record.doc_id
    else:
        prefix = ["council"] if record.body == "council" else []
        if record.region:
            prefix.append(record.region)
        name = "-".join([*prefix, f"{record.reg_number:04d}"])
    return f"{record.year}/{record.kind}/{name}_{record.lang}.pdf"


# ---------------------------------------------------------------------------- reading


# pypdf logs what it repairs in a damaged file; with no handler Python prints those records
# bare on stderr (e.g. 'PdfReadError("Expecting a NameObject …")'). docgen reports a damaged
# file itself, in words, so pypdf's own records are not shown.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


def _read_bytes(pdf_path: Path) -> bytes:
    try:
        return pdf_path.read_bytes()
    except OSError as exc:
        raise PdfError(f"{pdf_path}: cannot read the file: {exc.strerror or exc}") from exc


def _open_pdf(data: bytes, name: Path) -> Any:
    """A pypdf reader for ``data``, after the checks pypdf would quietly repair."""
    from pypdf import PdfReader

    if not data:
        raise PdfError(f"{name}: not a PDF: the file is empty")
    if b"%PDF-" not in data[:1024]:
        raise PdfError(f"{name}: not a PDF: no %PDF- header")
    if b"%%EOF" not in data[-1024:]:
        raise PdfError(f"{name}: truncated PDF: it does not end with %%EOF")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise PdfError(f"{name}: the PDF is encrypted; archive an unencrypted signed copy")
        reader.trailer["/Root"].get_object()
        len(reader.pages)
    except PdfError:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        raise PdfError(f"{name}: unreadable PDF: {exc}") from exc
    return reader


def _metadata(reader: Any) -> dict[str, str]:
    info = reader.metadata or {}
    found: dict[str, str] = {}
    for key in META_KEYS:
        value = info.get(f"/{key}")
        if value is not None:
            found[key] = str(value).strip()
    return found


def _signature_fields(reader: Any) -> list[tuple[str, Any]]:
    """``(full field name, signature dictionary)`` of every signed signature field."""
    from pypdf.generic import DictionaryObject

    root = reader.trailer["/Root"].get_object()
    acroform = root.get("/AcroForm")
    if acroform is None:
        return []
    found: list[tuple[str, Any]] = []
    seen: set[int] = set()

    def walk(node: Any, parent_name: str, inherited_ft: Any) -> None:
        field = node.get_object()
        if not isinstance(field, DictionaryObject) or id(field) in seen:
            return
        seen.add(id(field))
        own = field.get("/T")
        name = ".".join(p for p in (parent_name, str(own) if own is not None else "") if p)
        field_type = field.get("/FT", inherited_ft)
        value = field.get("/V")
        if field_type == "/Sig" and value is not None:
            value = value.get_object()
            if isinstance(value, DictionaryObject):
                found.append((name or "(unnamed)", value))
        for kid in field.get("/Kids", []) or []:
            walk(kid, name, field_type)

    for top in acroform.get_object().get("/Fields", []) or []:
        walk(top, "", None)
    return found


def _byte_range(sig: Any, field: str, name: Path) -> tuple[int, int, int]:
    try:
        values = [int(v) for v in sig["/ByteRange"]]
    except (KeyError, TypeError, ValueError):
        raise SignatureError(f"{name}: signature '{field}' has no usable /ByteRange") from None
    if len(values) != 4 or values[0] != 0:
        raise SignatureError(
            f"{name}: signature '{field}' /ByteRange {values} does not start at byte 0 "
            "with two ranges"
        )
    _, a, b, c = values
    return a, b, c


def _check_byte_range(
    data: bytes, sig: Any, field: str, name: Path, *, last: bool
) -> tuple[int, int, int]:
    """Check that the /ByteRange gap is exactly the /Contents hex string (and, for the
    last signature, that the second range reaches the end of the file)."""
    a, b, c = _byte_range(sig, field, name)
    size = len(data)
    if not (0 < a < b and c >= 0 and b + c <= size):
        raise SignatureError(
            f"{name}: signature '{field}' /ByteRange [0 {a} {b} {c}] does not fit "
            f"the file ({size} bytes)"
        )
    gap = data[a + 1 : b - 1]
    if data[a : a + 1] != b"<" or data[b - 1 : b] != b">" or not _HEX_GAP.match(gap):
        raise SignatureError(
            f"{name}: signature '{field}' /ByteRange gap is not a <hex> string: "
            "the signed ranges were tampered with"
        )
    try:
        in_gap = bytes.fromhex(re.sub(rb"\s", b"", gap).decode("ascii"))
        contents = bytes(sig["/Contents"])
    except (KeyError, TypeError, ValueError):
        raise SignatureError(f"{name}: signature '{field}' has no readable /Contents") from None
    if in_gap != contents:
        raise SignatureError(
            f"{name}: signature '{field}' /ByteRange gap is not its /Contents: "
            "the signed ranges were tampered with"
        )
    if last and b + c != size:
        raise SignatureError(
            f"{name}: the PDF was changed after signing: {size - (b + c)} bytes were "
            f"appended after the last signature ('{field}'), e.g. an incremental update"
        )
    return a, b, c


class _DropNoTrustRootNoise(logging.Filter):
    """Drop pyHanko's 'no path to a trust root' warning: we configure no roots on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        from pyhanko_certvalidator.errors import PathBuildingError

        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, PathBuildingError)


@contextmanager
def _quiet_trust_noise() -> Iterator[None]:
    logger = logging.getLogger("pyhanko.sign.validation.generic_cms")
    noise = _DropNoTrustRootNoise()
    logger.addFilter(noise)
    try:
        yield
    finally:
        logger.removeFilter(noise)


@dataclass(frozen=True)
class _CryptoResult:
    intact: bool
    valid: bool
    common_name: str | None
    signed_at: str | None
    modified: bool


def _pyhanko_results(data: bytes, name: Path) -> dict[tuple[int, ...], _CryptoResult]:
    """pyHanko's integrity verdict per signature, keyed by its /ByteRange."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko_certvalidator import ValidationContext

    results: dict[tuple[int, ...], _CryptoResult] = {}
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # pyHanko raises several types on damaged files
        raise PdfError(f"{name}: damaged PDF (changed after signing?): pyHanko cannot "
                       f"read it: {exc}") from exc
    for sig in embedded:
        field = sig.field_name or "(unnamed)"
        context = ValidationContext(trust_roots=[], allow_fetching=False)
        try:
            with _quiet_trust_noise():
                if sig.sig_object_type == "/DocTimeStamp":
                    status: Any = validate_pdf_timestamp(sig, validation_context=context)
                else:
                    status = validate_pdf_signature(sig, signer_validation_context=context)
        except Exception as exc:  # malformed CMS, unsupported algorithms, ...
            raise SignatureError(
                f"{name}: signature '{field}' could not be validated: {exc}"
            ) from exc
        try:
            common_name = sig.signer_cert.subject.native.get("common_name")
        except Exception:  # no certificate or an odd subject: fall back to /Name
            common_name = None
        when = sig.self_reported_timestamp
        level = getattr(status, "modification_level", None)
        results[tuple(int(v) for v in sig.sig_object["/ByteRange"])] = _CryptoResult(
            intact=bool(status.intact),
            valid=bool(status.valid),
            common_name=str(common_name) if common_name else None,
            signed_at=when.astimezone(_dt.UTC).isoformat(timespec="seconds") if when else None,
            modified=(level is not None and level > ModificationLevel.FORM_FILLING)
            or getattr(status, "docmdp_ok", None) is False,
        )
    return results


def _inspect(data: bytes, name: Path, *, allow_unsigned: bool, crypto: bool | None) -> PdfCheck:
    reader = _open_pdf(data, name)
    metadata = _metadata(reader)
    try:
        fields = _signature_fields(reader)
    except Exception as exc:  # a damaged form tree
        raise PdfError(f"{name}: cannot read the PDF's form fields: {exc}") from exc
    if not fields and not allow_unsigned:
        raise SignatureError(
            f"{name}: the PDF is not signed (no signature field with a value); "
            "sign it before archiving"
        )
    ranges = {id(sig): _byte_range(sig, field, name) for field, sig in fields}
    fields.sort(key=lambda item: sum(ranges[id(item[1])][1:]))
    for index, (field, sig) in enumerate(fields):
        _check_byte_range(data, sig, field, name, last=index == len(fields) - 1)

    use_crypto = pyhanko_available() if crypto is None else crypto
    verdicts = _pyhanko_results(data, name) if use_crypto and fields else {}
    signatures: list[SignatureRecord] = []
    for index, (field, sig) in enumerate(fields):
        a, b, c = ranges[id(sig)]
        verdict = verdicts.get((0, a, b, c)) if use_crypto else None
        if use_crypto and verdict is None:
            raise SignatureError(f"{name}: pyHanko did not find signature '{field}'")
        if verdict is not None:
            if not verdict.intact:
                raise SignatureError(
                    f"{name}: signature '{field}' does not match the file: the signed "
                    "bytes were changed after signing (digest mismatch)"
                )
            if not verdict.valid:
                raise SignatureError(
                    f"{name}: signature '{field}' is broken: its value does not verify "
                    "with the signer's certificate"
                )
            if verdict.modified and index < len(fields) - 1:
                raise SignatureError(
                    f"{name}: the PDF was changed after signing: a later revision "
                    f"modifies content signed by '{field}'"
                )
        raw_name = sig.get("/Name")
        subfilter = sig.get("/SubFilter")
        signatures.append(
            SignatureRecord(
                field_name=field,
                signer_name=(verdict.common_name if verdict else None)
                or (str(raw_name) if raw_name is not None else None),
                signed_at=pdf_date_to_iso(sig.get("/M"))
                or (verdict.signed_at if verdict else None),
                signature_type=str(subfilter).lstrip("/") if subfilter is not None else None,
                intact=verdict.intact if verdict else None,
                valid=verdict.valid if verdict else None,
                trust=TRUST_NOT_CHECKED if use_crypto else NO_PYHANKO,
            )
        )
    return PdfCheck(
        path=name,
        sha256=sha256_bytes(data),
        size=len(data),
        metadata=metadata,
        signatures=tuple(signatures),
        integrity_checked=bool(use_crypto),
    )


def inspect_pdf(
    pdf_path: Path | str, *, allow_unsigned: bool = False, crypto: bool | None = None
) -> PdfCheck:
    """Read and check a signed PDF without touching journal or archive.

    Raises PdfError (not a readable PDF), SignatureError (unsigned unless
    ``allow_unsigned``; changed after signing; digest mismatch). ``crypto`` forces the
    pyHanko check on or off (default: on when pyHanko is installed).
    """
    path = Path(pdf_path)
    return _inspect(_read_bytes(path), path, allow_unsigned=allow_unsigned, crypto=crypto)


# ---------------------------------------------------------------------------- archive


_MATCHED_FIELDS = {
    "DocgenKind": "kind",
    "DocgenBody": "body",
    "DocgenRegion": "region",
    "DocgenLang": "lang",
    "DocgenDate": "doc_date",
    "DocgenNumber": "reg_number",
}


def _parse_number(value: str, name: Path) -> int | None:
    value = value.strip().lstrip("№").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise ArchiveError(f"{name}: /DocgenNumber {value!r} is not a registration number")
    return int(value)


def _compare_metadata(record: Record, metadata: dict[str, str], name: Path) -> None:
    """Refuse a PDF whose /Docgen* metadata contradicts the journal record."""
    for key, column in _MATCHED_FIELDS.items():
        if key not in metadata:
            continue
        pdf_value: Any = metadata[key]
        if column == "reg_number":
            pdf_value = _parse_number(pdf_value, name)
        elif column == "doc_date":
            pdf_value = pdf_value[:10]
        journal_value = getattr(record, column)
        if pdf_value != journal_value:
            raise ArchiveError(
                f"{name}: /{key} is {pdf_value!r} but the journal has {journal_value!r} "
                f"for {record.doc_id}: is this the right file?"
            )


def _adopt(journal: Journal, doc_id: str, metadata: dict[str, str], name: Path) -> Record:
    """Create the journal record of ``doc_id`` from the PDF's /Docgen* metadata."""
    missing = [
        k for k in ("DocgenKind", "DocgenBody", "DocgenDate", "DocgenLang") if not metadata.get(k)
    ]
    if missing:
        raise ArchiveError(
            f"{name}: cannot adopt {doc_id}: the PDF lacks {', '.join('/' + k for k in missing)}"
        )
    number = _parse_number(metadata.get("DocgenNumber", ""), name)
    try:
        date = _dt.date.fromisoformat(metadata["DocgenDate"][:10])
        region = metadata.get("DocgenRegion", "")
        if number is not None:
            journal.ensure_registration(
                metadata["DocgenBody"], region, metadata["DocgenKind"], date.year, number
            )
        record = journal.record_generated(
            doc_id,
            kind=metadata["DocgenKind"],
            body=metadata["DocgenBody"],
            region=region,
            doc_date=date,
            lang=metadata["DocgenLang"],
            reg_number=number,
        )
    except (JournalError, ValueError) as exc:
        raise ArchiveError(f"{name}: cannot adopt {doc_id}: {exc}") from exc
    journal.log(doc_id, "adopted", f"record created from the metadata of {name.name}")
    return record


def _utc_stamp() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _fsync_dir(folder: Path) -> None:
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class _FileOps:
    """File changes of one archive step, undone in reverse order if the step fails."""

    def __init__(self) -> None:
        self._undo: list[Callable[[], None]] = []

    def undo(self) -> None:
        for step in reversed(self._undo):
            with suppress(OSError):
                step()
        self._undo.clear()

    def make_dirs(self, folder: Path) -> None:
        created: list[Path] = []
        probe = folder
        while not probe.exists():
            created.append(probe)
            probe = probe.parent
        folder.mkdir(parents=True, exist_ok=True)
        for made in reversed(created):  # undo runs backwards: deepest folder first
            self._undo.append(made.rmdir)

    def keep_aside(self, path: Path) -> Path:
        """Rename ``path`` to ``<stem>.replaced-<UTC stamp>.pdf`` and return the new path."""
        stamp = _utc_stamp()
        aside = path.with_name(f"{path.stem}.replaced-{stamp}{path.suffix}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = path.with_name(f"{path.stem}.replaced-{stamp}-{counter}{path.suffix}")
        os.rename(path, aside)
        self._undo.append(lambda: os.rename(aside, path))
        return aside

    def write_read_only(self, data: bytes, dest: Path) -> None:
        """Write ``data`` to ``dest`` atomically (temp file + os.replace), mode 0o444."""
        fd, temp = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-", suffix=".pdf")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, 0o444)
            os.replace(temp, dest)
        except BaseException:
            with suppress(OSError):
                os.unlink(temp)
            raise
        self._undo.append(dest.unlink)
        _fsync_dir(dest.parent)


def add_to_archive(
    journal: Journal,
    pdf_path: Path | str,
    *,
    archive_dir: Path | str,
    doc_id: str | None = None,
    allow_unsigned: bool = False,
    replace: bool = False,
    adopt: bool = False,
) -> AddResult:
    """Check the signed PDF at ``pdf_path`` and file it in ``archive_dir``.

    The document is found by the PDF's ``/DocgenId`` (or ``doc_id``; both given must
    agree). Raises PdfError / SignatureError for a bad file, ArchiveError for an
    unknown id (unless ``adopt``), metadata that contradicts the journal, or a
    different file for an archived document (unless ``replace``, which keeps the old
    copy as ``….replaced-<UTC stamp>.pdf``). On any error nothing changes.
    """
    path = Path(pdf_path)
    archive_root = Path(archive_dir).absolute()
    data = _read_bytes(path)
    check = _inspect(data, path, allow_unsigned=allow_unsigned, crypto=None)
    embedded = check.doc_id
    if doc_id is not None and embedded is not None and doc_id != embedded:
        raise ArchiveError(f"{path}: the PDF is document {embedded}, not {doc_id}")
    wanted = doc_id or embedded
    if wanted is None:
        raise ArchiveError(f"{path}: the PDF has no /DocgenId; give the document id")
    try:
        check_doc_id(wanted)
    except JournalError as exc:
        raise ArchiveError(f"{path}: {exc}") from None
    sha = check.sha256

    ops = _FileOps()
    try:
        with journal.transaction():
            record = journal.get(wanted)
            adopted = False
            if record is None:
                if not adopt:
                    raise ArchiveError(
                        f"{path}: document {wanted} is not in the journal; archive only "
                        "documents docgen generated here (or adopt it from its metadata)"
                    )
                record = _adopt(journal, wanted, check.metadata, path)
                adopted = True
            else:
                _compare_metadata(record, check.metadata, path)
            result = _file_it(journal, record, data, sha, check, archive_root, replace, ops)
            if adopted:
                result = _replace(result, adopted=True)
    except BaseException:
        ops.undo()
        raise
    return result


def _file_it(
    journal: Journal,
    record: Record,
    data: bytes,
    sha: str,
    check: PdfCheck,
    archive_root: Path,
    replace: bool,
    ops: _FileOps,
) -> AddResult:
    """The archive step proper, inside the journal transaction."""
    doc_id = record.doc_id
    rel = record.archived_path or archive_relpath(record)
    dest = archive_root / rel
    on_disk = sha256_file(dest) if dest.is_file() else None

    def result(action: str, replaced: Path | None = None) -> AddResult:
        return AddResult(
            doc_id=doc_id,
            action=action,
            path=dest,
            sha256=sha,
            signatures=check.signatures,
            integrity_checked=check.integrity_checked,
            replaced_path=replaced,
        )

    if record.status == "archived" and record.archived_sha256 == sha:
        if on_disk == sha:
            return result("unchanged")
        if on_disk is not None and not replace:
            raise ArchiveError(
                f"{dest}: the archived copy of {doc_id} was changed after archiving; "
                "add it again with --replace to put the original back (the changed copy is kept)"
            )
        action = "restored"
    elif record.status == "archived":
        if not replace:
            raise ArchiveError(
                f"{check.path}: {doc_id} is already archived at {rel} with a different "
                f"file (sha256 {(record.archived_sha256 or '')[:12]}…, this one "
                f"{sha[:12]}…); add it with --replace to replace it (the old copy is kept)"
            )
        action = "replaced"
    else:
        if on_disk is not None and on_disk != sha:
            raise ArchiveError(
                f"{dest}: a different file is already there but the journal does not "
                f"list it for {doc_id}; move it away first"
            )
        action = "added"

    replaced: Path | None = None
    if on_disk != sha:
        ops.make_dirs(dest.parent)
        if dest.exists():
            replaced = ops.keep_aside(dest)
        ops.write_read_only(data, dest)

    journal.record_signed(doc_id, check.signatures)
    journal.record_archived(doc_id, rel, sha)
    detail: dict[str, Any] = {"path": rel, "sha256": sha, "source": check.path.name}
    if not check.signatures:
        detail["unsigned"] = True
    if action == "replaced" or replaced is not None:
        journal.log(
            doc_id,
            "replaced",
            json.dumps(
                {
                    "old_path": replaced.relative_to(archive_root).as_posix() if replaced else None,
                    "old_sha256": on_disk if replaced else None,
                    "journal_sha256": record.archived_sha256,
                    "new_sha256": sha,
                }
            ),
        )
    journal.log(doc_id, "restored" if action == "restored" else "archived", json.dumps(detail))
    return result(action, replaced)


# ---------------------------------------------------------------------------- queries


def verify_archive(
    journal: Journal, archive_dir: Path | str, *, check_signatures: bool = True
) -> list[Finding]:
    """Re-hash every archived file (and kept replaced copy); return what is wrong.

    Missing or changed files, files under a year folder the journal does not know,
    and (with pyHanko, when ``check_signatures``) signatures that no longer check out.
    """
    root = Path(archive_dir).absolute()
    findings: list[Finding] = []
    known: set[str] = set()
    crypto = check_signatures and pyhanko_available()

    def hashed(path: Path, doc_id: str | None, expected: str | None, what: str) -> bool:
        if not path.is_file():
            findings.append(Finding("missing", path, doc_id, f"the {what} is missing"))
            return False
        try:
            actual = sha256_file(path)
        except OSError as exc:
            findings.append(Finding("unreadable", path, doc_id, f"cannot read it: {exc}"))
            return False
        if actual != expected:
            findings.append(
                Finding(
                    "changed",
                    path,
                    doc_id,
                    f"the {what} changed: sha256 {actual[:12]}…, journal has "
                    f"{(expected or '')[:12]}…",
                )
            )
            return False
        return True

    for record in journal.find(status="archived"):
        rel = record.archived_path or ""
        known.add(rel)
        path = root / rel
        if hashed(path, record.doc_id, record.archived_sha256, "archived file") and crypto:
            try:
                inspect_pdf(path, allow_unsigned=True, crypto=True)
            except (PdfError, SignatureError) as exc:
                findings.append(Finding("signature", path, record.doc_id, str(exc)))

    for event in journal.history(event="replaced"):
        try:
            detail = json.loads(event.detail)
        except ValueError:
            continue
        old = detail.get("old_path")
        if old:
            known.add(old)
            hashed(root / old, event.doc_id, detail.get("old_sha256"), "kept replaced copy")

    if root.is_dir():
        for year_dir in sorted(root.iterdir()):
            if not (year_dir.is_dir() and _YEAR_DIR.match(year_dir.name)):
                continue
            for path in sorted(year_dir.rglob("*")):
                rel = path.relative_to(root).as_posix()
                if path.is_file() and rel not in known:
                    findings.append(
                        Finding("untracked", path, None, "the journal does not know this file")
                    )
    return findings


def list_documents(
    journal: Journal,
    year: int | None = None,
    kind: str | None = None,
    region: str | None = None,
) -> list[Record]:
    """Journal records (every status), filtered by year, kind and region."""
    if kind is not None and kind not in KINDS:
        raise ArchiveError(f"kind {kind!r} is not one of: {', '.join(KINDS)}")
    return journal.find(year=year, kind=kind, region=region)


def get_document(journal: Journal, doc_id: str) -> Record:
    """The record of ``doc_id``; ArchiveError if the journal does not know it."""
    record = journal.get(doc_id)
    if record is None:
        raise ArchiveError(f"document {doc_id} is not in the journal")
    return record
