"""The one exception family of docgen.

Every error a user can cause is a :class:`DocgenError`. The CLI turns it into one
message on stderr and exit status 1; nothing else in the package prints errors.
Each subclass carries the context (file, line, field) so the message can be precise.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from docgen.i18n import N_, _, ngettext


class DocgenError(Exception):
    """Raised when docgen cannot do what was asked; the base of every docgen error."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(DocgenError):
    """Raised for an option or argument the command cannot take (an unknown region id, a
    malformed hash, a path that does not exist): exit 2, like click's own usage errors."""


class DataError(DocgenError):
    """Raised when a data file cannot be read or does not fit the data model.

    ``path``, ``line`` and ``field`` locate the problem; the message starts with
    ``file:line:`` so editors and secretaries can jump to it.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        self.detail = message
        super().__init__(self._compose())

    def _compose(self) -> str:
        return f"{lead(self.path, self.line, self.field)} {self.detail}"


def lead(path: str | Path | None, line: int | None = None, field: str | None = None) -> str:
    """The start of a data error, ``file:line: field 'x':``, the same in every language
    (editors jump to it; only what follows is translated)."""
    where = str(path) if path else "<data>"
    if line is not None:
        where = f"{where}:{line}"
    return f"{where}: field '{field}':" if field else f"{where}:"


_ERRNO_WORDS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("operation not permitted"),
    errno.EISDIR: N_("this is a folder, not a file"),
    errno.ENOTDIR: N_("a part of the path is a file, not a folder"),
    errno.ENOSPC: N_("no space left on the disk"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ELOOP: N_("too many symbolic links"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EEXIST: N_("it exists already"),
    errno.EBUSY: N_("it is busy (open in another program?)"),
}


def why(exc: OSError) -> str:
    """Why an operating system call failed, in the interface language ("permission
    denied"); the system's own words (English) for a rare error."""
    words = _ERRNO_WORDS.get(exc.errno) if exc.errno is not None else None
    if words is not None and exc.strerror == os.strerror(exc.errno):  # type: ignore[arg-type]
        return _(words)
    return str(exc.strerror or exc)


def more_problems(count: int) -> str:
    """The last line of a list of problems cut short: "… and 3 more problems"."""
    return ngettext("… and {count} more problem", "… and {count} more problems",
                    count).format(count=count)


class RuleError(DataError):
    """Raised when data is well-formed but breaks a rule of the Regulation.

    ``rule`` names the rule and its paragraph (from the rulebook), e.g.
    ``"notice period of one month (p.N)"``.
    """

    def __init__(
        self,
        message: str,
        *,
        rule: str,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.rule = rule
        super().__init__(f"{rule}: {message}", path=path, line=line, field=field)


class TemplateError(DocgenError):
    """Raised when a template is missing, malformed, or does something the sandbox refuses."""

    def __init__(self, message: str, *, template: str | Path | None = None) -> None:
        self.template = str(template) if template is not None else None
        prefix = (_("template {path}: ").format(path=self.template) if self.template
                  else _("template: "))
        super().__init__(prefix + message)


class OutputError(DocgenError):
    """Raised when an output file would leave the output folder or cannot be written."""


class ConversionError(DocgenError):
    """Raised when LibreOffice cannot convert a document to PDF (after its retry)."""


class ConverterNotFoundError(ConversionError):
    """Raised when no LibreOffice ``soffice`` executable can be found."""


class PdfError(DocgenError):
    """Raised when a file is not a readable PDF: not a PDF, truncated, or encrypted."""


class SignatureError(DocgenError):
    """Raised when a PDF's signatures are missing or do not cover the file as signed."""


class JournalError(DocgenError):
    """Raised when the registration journal cannot be opened, migrated or written."""


class ArchiveError(DocgenError):
    """Raised when a signed PDF cannot be archived or an archived file fails verification."""


def open_regular(path: str | Path) -> BinaryIO:
    """Open a user's file for reading, refusing at once what is not a regular file.

    A named pipe (FIFO) would block ``open`` until someone writes to it, and a device
    can be endless: both are refused before any reading, as an OSError naming ``path``
    that the caller reports like any other unreadable file.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, _("this is a folder, not a file"), str(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, _("not a regular file (a pipe, a device or a socket); "
                                          "give a file saved on disk"), str(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
