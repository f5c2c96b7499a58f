"""Reading a signed PDF: its /Docgen* metadata and pyHanko's verdict on its signatures.

:func:`inspect_pdf` reads one PDF and has pyHanko validate every signature:

* **integrity**: the digest over the signed bytes matches (``intact``) and the signature
  value verifies with the signer's certificate (``valid``);
* **coverage**: each signature covers its whole revision, the last one the whole file
  (a ``/ByteRange`` with a hole or bytes appended outside any revision is refused);
* **changes after signing** (pyHanko's difference analysis and DocMDP): a later revision
  may only add validation data (LTV: ``/DSS``, document timestamps; accepted and reported
  in :attr:`PdfCheck.notes`) or fill the signature field of a later signer. Anything
  else, or a change that the certifying signature's DocMDP level forbids, is refused
  with what changed. The document information (``/Title``, ``/Docgen*``) must be the
  signed one too (pyHanko leaves it out of its analysis);
* **trust**: with trust roots (:class:`~docgen.archive.trust.TrustRoots`) the signer's
  certificate must chain to one of them (``trusted`` / ``not trusted: …``); without
  them trust is ``not checked``. A signature is judged as of its signing time when that
  is proved: by a trusted timestamp token in it, or (``moment``, from
  :mod:`docgen.archive.verify`) by the journal's chained record of when docgen archived
  it. So a certificate that expired after signing does not make it untrusted.

pyHanko and pyhanko-certvalidator log what they find (a failed path, a soft-fail
revocation check) with tracebacks; those records are kept away from the terminal here
(:func:`quiet_library_logs`) because docgen reports the verdict itself.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.archive.trust import TrustRoots
from docgen.archive.words import (
    EXPIRED,
    EXPIRED_UNPROVED,
    LTV_ACCEPTED,
    NOT_CHECKED,
    NOW,
    REVOKED,
    STAMPED,
    TRUSTED,
    UNTRUSTED,
    VALID_WHEN_ARCHIVED,
    VALID_WHEN_SIGNED,
)
from docgen.errors import PdfError, SignatureError, open_regular
from docgen.i18n import N_, _
from docgen.output.pdf_metadata import STAMPED_KEYS
from docgen.records.journal import SignatureRecord

__all__ = [
    "NOT_CHECKED",
    "TRUSTED",
    "PdfCheck",
    "cert_expiry",
    "inspect_pdf",
    "inspect_pdf_bytes",
    "quiet_library_logs",
    "read_bytes",
    "sha256_bytes",
    "trust_word",
    "valid_when",
    "validation_context",
]

META_KEYS = ("Title", *STAMPED_KEYS)
LTV_NOTE = "validation data (LTV) added after signing"
_LEVEL_WORDS = {
    "FORM_FILLING": N_("form fields"),
    "ANNOTATIONS": N_("annotations (comments, stamps or drawings on a page)"),
    "OTHER": N_("page content or the document structure"),
}
_QUIET_LOGGERS = ("pyhanko", "pyhanko_certvalidator", "pypdf")


@dataclass(frozen=True)
class PdfCheck:
    """What :func:`inspect_pdf` found in a PDF; its signatures passed every check.

    ``notes`` lists accepted changes after signing (validation data added).
    """

    path: Path
    sha256: str
    size: int
    metadata: dict[str, str]
    signatures: tuple[SignatureRecord, ...]
    notes: tuple[str, ...] = ()
    expires: tuple[str | None, ...] = ()
    """When each signer's certificate expires (ISO date), in the order of ``signatures``."""

    @property
    def doc_id(self) -> str | None:
        """The embedded ``/DocgenId``, if any."""
        return self.metadata.get("DocgenId") or None

    @property
    def trusted(self) -> bool:
        """Whether there is a signature and every one is trusted."""
        return bool(self.signatures) and all(s.trust == TRUSTED for s in self.signatures)


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


@contextmanager
def quiet_library_logs() -> Iterator[list[logging.LogRecord]]:
    """Keep the PDF libraries' log records off the terminal; yield the records caught.

    Without a handler Python prints a library's warnings (with tracebacks) on stderr.
    While the block runs, the records of pyHanko, its certificate validator and pypdf go
    to the yielded list instead of propagating.
    """
    caught: list[logging.LogRecord] = []

    class _Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            caught.append(record)

    handler = _Keep()
    saved = []
    for name in _QUIET_LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.propagate))
        logger.addHandler(handler)
        logger.propagate = False
    try:
        yield caught
    finally:
        for logger, propagate in saved:
            logger.removeHandler(handler)
            logger.propagate = propagate


# ---------------------------------------------------------------------------- reading


def read_bytes(pdf_path: Path) -> bytes:
    """The bytes of ``pdf_path``; PdfError when it cannot be read."""
    try:
        with open_regular(pdf_path) as handle:
            return handle.read()
    except FileNotFoundError:
        from docgen.input.loader import nearest_name

        raise PdfError(_("{path}: cannot read the file: it does not exist{nearest}").format(
            path=pdf_path, nearest=nearest_name(pdf_path))) from None
    except OSError as exc:
        raise PdfError(_("{path}: cannot read the file: {error}").format(
            path=pdf_path, error=exc.strerror or exc)) from exc


def _open_pdf(data: bytes, name: Path) -> Any:
    """A pypdf reader for ``data``, after the checks pypdf would quietly repair."""
    from pypdf import PdfReader

    if not data:
        raise PdfError(_("{name}: not a PDF: the file is empty").format(name=name))
    if b"%PDF-" not in data[:1024]:
        raise PdfError(_("{name}: not a PDF: no %PDF- header").format(name=name))
    if b"%%EOF" not in data[-1024:]:
        raise PdfError(_("{name}: truncated PDF: it does not end with %%EOF").format(
            name=name))
    try:
        with quiet_library_logs():
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise PdfError(_("{name}: the PDF is encrypted; archive an unencrypted "
                                 "signed copy").format(name=name))
            reader.trailer["/Root"].get_object()
            len(reader.pages)
    except PdfError:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        raise PdfError(_("{name}: unreadable PDF: {error}").format(name=name,
                                                                    error=exc)) from exc
    return reader


def _metadata(info: Any) -> dict[str, str]:
    """The ``Title`` and ``Docgen*`` entries of an Info dictionary (pypdf or pyHanko)."""
    found: dict[str, str] = {}
    for key in META_KEYS:
        value = info.get(f"/{key}") if info is not None else None
        if value is not None:
            found[key] = str(value).strip()
    return found


# ---------------------------------------------------------------------------- pyHanko


def _signer_name(sig: Any) -> str | None:
    try:
        common_name = sig.signer_cert.subject.native.get("common_name")
    except Exception:  # no certificate or an odd subject: fall back to /Name
        common_name = None
    if common_name:
        return str(common_name)
    raw = sig.sig_object.get("/Name")
    return str(raw) if raw is not None else None


def trust_word(status: Any, roots: TrustRoots | None, expires: str | None = None) -> str:
    """``trusted``, ``not checked`` (no roots) or ``not trusted: <why>``."""
    if roots is None:
        return NOT_CHECKED
    if status.trusted:
        return TRUSTED
    if status.revoked:
        return REVOKED
    if expires is not None and expires < _dt.datetime.now(_dt.UTC).date().isoformat():
        return EXPIRED_UNPROVED.format(expires=expires)
    problem = getattr(status, "trust_problem_indic", None)
    reason = getattr(problem, "name", None) or "no path to a trusted root"
    return UNTRUSTED.format(reason=reason.lower().replace("_", " "), roots=roots.source)


def _check_changes(sig: Any, status: Any, later_fields: set[str], name: Path) -> str | None:
    """Refuse a change after ``sig`` that is not validation data or a later signature.

    Returns a note when validation data was added after it.
    """
    from docgen.archive.pyhanko_import import load_pyhanko

    load_pyhanko()
    from pyhanko.sign.diff_analysis import ModificationLevel, SuspiciousModification
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    field = sig.field_name or "(unnamed)"
    coverage = status.coverage
    if coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return None
    if coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        raise SignatureError(_(
            "{name}: signature '{field}' does not cover its whole revision (its /ByteRange "
            "leaves bytes unsigned): the signed ranges were tampered with").format(
                name=name, field=field))
    if sig.signed_revision >= sig.reader.total_revisions - 1:
        _first, _size, start, length = (int(v) for v in sig.byte_range)
        unsigned = len(sig.reader.stream.getvalue()) - (start + length)
        raise SignatureError(_(
            "{name}: the PDF was changed after signing: {count} bytes were appended after "
            "the last signature ('{field}') outside any PDF revision").format(
                name=name, count=unsigned, field=field))
    if status.docmdp_ok is False and sig.docmdp_level is not None:
        raise SignatureError(_(
            "{name}: the PDF was changed after signing: a later revision makes changes that "
            "the certifying signature '{field}' forbids (DocMDP)").format(name=name,
                                                                         field=field))
    diff = status.diff_result
    level = status.modification_level
    if isinstance(diff, SuspiciousModification) or level is None:
        raise SignatureError(_(
            "{name}: the PDF was changed after signing: a later revision changes content "
            "signed by '{field}': {reason}").format(name=name, field=field,
                                                    reason=_one_line(diff)))
    changed_fields = set(getattr(diff, "changed_form_fields", ()) or ())
    if level == ModificationLevel.FORM_FILLING and changed_fields <= later_fields:
        return None
    if level > ModificationLevel.LTA_UPDATES:
        if changed_fields - later_fields:
            what = _("the form fields {names}").format(
                names=", ".join(sorted(changed_fields - later_fields)))
        else:
            what = _(_LEVEL_WORDS.get(level.name, level.name.lower()))
        raise SignatureError(_(
            "{name}: the PDF was changed after signing: a later revision changes {what} "
            "(signed by '{field}')").format(name=name, what=what, field=field))
    _check_info_unchanged(sig, name)
    return LTV_ACCEPTED.format(field=field)


def _one_line(reason: object, limit: int = 400) -> str:
    """pyHanko's (multi-line) explanation as one line of at most ``limit`` characters."""
    text = " ".join(str(reason).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_info_unchanged(sig: Any, name: Path) -> None:
    """The document information of the signed revision must still be the file's."""
    reader = sig.reader

    def info(revision: int) -> dict[str, str]:
        resolver = reader.get_historical_resolver(revision)
        ref = resolver.trailer_view.raw_get("/Info") if "/Info" in resolver.trailer_view else None
        if ref is None:
            return {}
        value = resolver.get_object(ref.reference) if hasattr(ref, "reference") else ref
        return _metadata(value)

    before, after = info(sig.signed_revision), info(reader.total_revisions - 1)
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    if changed:
        raise SignatureError(_(
            "{name}: the PDF was changed after signing: a later revision changes the "
            "document information {keys} (signed by '{field}')").format(
                name=name, keys=", ".join("/" + k for k in changed),
                field=sig.field_name or "(unnamed)"))


def validation_context(roots: TrustRoots | None, moment: _dt.datetime | None) -> Any:
    """The validation context: the user's roots (or none), as of ``moment`` (or now)."""
    from pyhanko_certvalidator import ValidationContext

    if roots is not None:
        return roots.context(moment)
    return ValidationContext(trust_roots=[], allow_fetching=False, revocation_mode="soft-fail",
                             moment=moment)


def cert_expiry(cert: Any) -> str | None:
    """The ISO date a certificate expires, if it can be read."""
    try:
        return str(cert["tbs_certificate"]["validity"]["not_after"].native.date().isoformat())
    except Exception:  # no certificate or an odd validity: nothing to say
        return None


def valid_when(what: str, when: _dt.datetime, expires: str | None, now: str) -> str:
    """'valid when archived on 2025-06-01; the certificate expired on 2025-07-01'."""
    today = _dt.datetime.now(_dt.UTC).date().isoformat()
    later = EXPIRED.format(expires=expires) if expires is not None and expires < today \
        else NOW.format(trust=now)
    template = VALID_WHEN_ARCHIVED if what == "archived" else VALID_WHEN_SIGNED
    return template.format(when=when.date().isoformat(), later=later)


def _timestamped(sig: Any, status: Any, roots: TrustRoots) -> Any | None:
    """The signer's verdict as of a trusted timestamp in the signature, if it has one."""
    from pyhanko.sign.validation import validate_pdf_signature

    stamp = getattr(status, "timestamp_validity", None)
    if stamp is None or not getattr(stamp, "trusted", False):
        return None
    try:
        return validate_pdf_signature(sig, signer_validation_context=roots.context(
            stamp.timestamp), ts_validation_context=roots.context())
    except Exception:  # the verdict of the present stands
        return None


def _validate(data: bytes, name: Path, roots: TrustRoots | None,
              moment: _dt.datetime | None = None) -> tuple[list, list[str], list]:
    """pyHanko's verdict on every signature: ``(SignatureRecords, notes, expiry dates)``."""
    from docgen.archive.pyhanko_import import load_pyhanko

    load_pyhanko()
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # pyHanko raises several types on damaged files
        raise PdfError(_(
            "{name}: damaged PDF (changed after signing?): pyHanko cannot read it: {error}"
        ).format(name=name, error=exc)) from exc
    records: list[SignatureRecord] = []
    notes: list[str] = []
    expires: list[str | None] = []
    for index, sig in enumerate(embedded):
        field = sig.field_name or "(unnamed)"
        context = validation_context(roots, moment)
        try:
            if sig.sig_object_type == "/DocTimeStamp":
                status: Any = validate_pdf_timestamp(sig, validation_context=context)
            else:
                status = validate_pdf_signature(sig, signer_validation_context=context)
        except Exception as exc:  # malformed CMS, unsupported algorithms, ...
            raise SignatureError(_(
                "{name}: signature '{field}' could not be validated: {error}").format(
                    name=name, field=field, error=exc)) from exc
        if not status.intact:
            raise SignatureError(_(
                "{name}: signature '{field}' does not match the file: the signed bytes were "
                "changed after signing (digest mismatch)").format(name=name, field=field))
        if not status.valid:
            raise SignatureError(_(
                "{name}: signature '{field}' is broken: its value does not verify with the "
                "signer's certificate").format(name=name, field=field))
        later = {s.field_name for s in embedded[index + 1 :]}
        note = _check_changes(sig, status, later, name)
        if note:
            notes.append(note)
        expires.append(cert_expiry(sig.signer_cert))
        trust = trust_word(status, roots, expires[-1])
        if roots is not None and trust != TRUSTED and moment is None:
            then = _timestamped(sig, status, roots)
            if then is not None and then.trusted:
                notes.append(STAMPED.format(field=field, verdict=valid_when(
                    "signed", status.timestamp_validity.timestamp, expires[-1], trust)))
                trust = TRUSTED
        when = sig.self_reported_timestamp
        subfilter = sig.sig_object.get("/SubFilter")
        records.append(
            SignatureRecord(
                field_name=field,
                signer_name=_signer_name(sig),
                signed_at=when.astimezone(_dt.UTC).isoformat(timespec="seconds")
                if when
                else None,
                signature_type=str(subfilter).lstrip("/") if subfilter is not None else None,
                intact=True,
                valid=True,
                trust=trust,
            )
        )
    return records, notes, expires


def inspect_pdf_bytes(
    data: bytes,
    name: Path,
    *,
    allow_unsigned: bool = False,
    trust: TrustRoots | None = None,
    moment: _dt.datetime | None = None,
) -> PdfCheck:
    """Check the PDF bytes ``data`` (named ``name`` in messages); see :func:`inspect_pdf`."""
    reader = _open_pdf(data, name)
    metadata = _metadata(reader.metadata)
    with quiet_library_logs():
        signatures, notes, expires = _validate(data, name, trust, moment)
    if not signatures and not allow_unsigned:
        raise SignatureError(_(
            "{name}: the PDF is not signed (no signature field with a value); sign it before "
            "archiving").format(name=name))
    return PdfCheck(
        path=name,
        sha256=sha256_bytes(data),
        size=len(data),
        metadata=metadata,
        signatures=tuple(signatures),
        notes=tuple(notes),
        expires=tuple(expires),
    )


def inspect_pdf(
    pdf_path: Path | str, *, allow_unsigned: bool = False, trust: TrustRoots | None = None,
    moment: _dt.datetime | None = None,
) -> PdfCheck:
    """Read and check a signed PDF without touching journal or archive.

    Raises PdfError (not a readable PDF), SignatureError (unsigned unless
    ``allow_unsigned``; a signature that does not verify or cover its revision; a change
    after signing other than added validation data). ``trust`` (the roots the user
    trusts) makes each signature ``trusted`` or ``not trusted: …``; without it trust is
    ``not checked``. ``moment`` judges trust as of that time (a proof of existence then).
    """
    path = Path(pdf_path)
    return inspect_pdf_bytes(read_bytes(path), path, allow_unsigned=allow_unsigned, trust=trust,
                             moment=moment)
