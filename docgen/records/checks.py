"""Checks and small helpers shared by the journal's parts: names, years, numbers, paths."""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Sequence
from pathlib import Path

from docgen.errors import JournalError
from docgen.i18n import _

KINDS = ("notice", "agenda", "minutes", "decision", "order", "register", "invitation",
         "ballot", "counting", "extract", "poll_sheet")
BODIES = ("assembly", "council", "small_assembly")
LANGS = ("ru", "kk")
STATUSES = ("generated", "signed", "archived")
JOURNAL_NAME = "journal.sqlite"
ENV_ARCHIVE = "DOCGEN_ARCHIVE"
DEFAULT_TIMEOUT = 30.0

# Names that end up in archive file names: letters, digits, '_' and '-', no dots or slashes.
_SAFE_NAME = re.compile(r"^\w[\w-]{0,63}$")


def resolve_archive_dir(explicit: Path | str | None = None) -> Path:
    """The archive folder: ``explicit``, else ``$DOCGEN_ARCHIVE``, else ``./archive``."""
    if explicit is not None and str(explicit) != "":
        return Path(explicit)
    from_env = os.environ.get(ENV_ARCHIVE, "").strip()
    if from_env:
        return Path(from_env)
    return Path("archive")


def journal_path(archive_dir: Path | str) -> Path:
    """Where the journal of ``archive_dir`` lives."""
    return Path(archive_dir) / JOURNAL_NAME


def utc_now() -> str:
    """The current UTC time as ISO-8601, to the second (``2025-03-01T09:30:00+00:00``)."""
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def check_choice(value: str, choices: Sequence[str], what: str) -> str:
    """``value`` if it is one of ``choices``, else JournalError."""
    if value not in choices:
        raise JournalError(_("{what} {value!r} is not one of: {choices}").format(
            what=what, value=value, choices=', '.join(choices)))
    return value


def check_region(region: str | None) -> str:
    """The region id ('' for none); it goes into file names, so only letters, digits, _ -."""
    region = (region or "").strip()
    if region and not _SAFE_NAME.match(region):
        raise JournalError(_("region id {region!r} may hold only letters, digits, '_' and "
                             "'-'").format(region=region))
    return region


def check_doc_id(doc_id: str) -> str:
    """A document id safe for file names (``DG-3F2A91C4D0E1B2A7``)."""
    if not isinstance(doc_id, str) or not _SAFE_NAME.match(doc_id):
        raise JournalError(_("document id {doc_id!r} is not a valid docgen id").format(
            doc_id=doc_id))
    return doc_id


def check_year(year: int) -> int:
    """A four-digit year."""
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 9999:
        raise JournalError(_("year {year!r} is not a four-digit year").format(year=year))
    return year


def check_number(number: int) -> int:
    """A registration number: a whole number from 1."""
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise JournalError(_("registration number {number!r} is not a whole number from 1").format(
            number=number))
    return number


def iso_date(value: _dt.date | str) -> str:
    """A document date as ``YYYY-MM-DD``."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.isoformat()
    try:
        return _dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise JournalError(_("document date {value!r} is not an ISO date (YYYY-MM-DD)").format(
            value=value)) from None


def check_registration(
    body: str, region: str | None, kind: str, year: int
) -> tuple[str, str, str]:
    """Checked (body, region, kind); the year is checked too."""
    body = check_choice(body, BODIES, "body")
    region = check_region(region)
    if body == "small_assembly" and not region:
        raise JournalError(_("a small_assembly document needs a region id"))
    check_year(year)
    return body, region, check_choice(kind, KINDS, "kind")


def registration_label(body: str, region: str, kind: str, year: int) -> str:
    where = f"{body}/{region}" if region else body
    return f"{where} {kind} {year}"
