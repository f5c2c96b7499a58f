"""The output tree: what docgen may replace in it, and swapping a whole folder in one step.

- :func:`check_way` is the one check every writer runs on a path below an output folder:
  no symbolic link on the way (docgen never writes through one), no file where a folder is
  needed, and at the end nothing but a file docgen wrote (:func:`written_by_docgen`).
- :func:`exchange` swaps two folders with one ``renameat2(RENAME_EXCHANGE)``: an observer
  sees one or the other, never a mixture. Python has no wrapper, so it is called from the C
  library; where the system or the file system cannot, it says so and the caller falls back.
- :func:`carry_over` links what docgen does not own from the live folder into the new one
  (hard links: the same files, nothing copied), so the swap keeps them.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import stat
import zipfile
from collections.abc import Callable, Collection
from pathlib import Path

from docgen.errors import OutputError
from docgen.i18n import N_, _


def link_error(path: Path) -> OutputError:
    """The refusal of a symbolic link inside the output tree."""
    return OutputError(_("{path} is a symbolic link: docgen never writes through a link in "
                         "its output folder (it could lead anywhere); replace it by a real "
                         "folder, or choose another --out; nothing was changed").format(path=path))


def check_way(root: Path, parts: tuple[str, ...], *, owned: Callable[[Path], bool] | None = None,
              seen: dict[Path, bool] | None = None) -> os.stat_result | None:
    """Check the path ``root/parts…`` before docgen writes there; its ``lstat`` (None if absent).

    Every folder on the way must be a real folder (or not exist yet); the last part must not
    be a link or a folder, and if it is a file, ``owned(path)`` must say docgen wrote it
    (``owned=None``: any regular file may be replaced). ``seen`` remembers folders already
    checked (a batch writes thousands of files into twenty folders)."""
    folder = Path(root)
    for part in parts[:-1]:
        folder = folder / part
        if seen is not None and folder in seen:
            if not seen[folder]:
                return None  # a folder that does not exist yet: nothing below it either
            continue
        try:
            mode = os.lstat(folder).st_mode
        except FileNotFoundError:
            if seen is not None:
                seen[folder] = False
            return None
        except OSError as exc:
            raise OutputError(_("cannot read {folder}: {reason}").format(
                folder=folder, reason=exc.strerror or exc)) from None
        if stat.S_ISLNK(mode):
            raise link_error(folder)
        if not stat.S_ISDIR(mode):
            raise OutputError(_("{folder} is a file where docgen needs a folder: move it away "
                                "(or choose another --out) and run again; nothing was "
                                "changed").format(folder=folder))
        if seen is not None:
            seen[folder] = True
    path = folder / parts[-1]
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(_("cannot read {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
    if stat.S_ISLNK(info.st_mode):
        raise link_error(path)
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(_("{path} is a folder where docgen writes a file: docgen removes "
                            "only files it wrote; move the folder away (or choose another "
                            "--out) and run again; nothing was changed").format(path=path))
    if not stat.S_ISREG(info.st_mode) or (owned is not None and not owned(path)):
        raise OutputError(_("{path} is not a file docgen wrote (it carries none of docgen's "
                            "marks): docgen replaces only its own files; move it away (or "
                            "choose another --out) and run again; nothing was changed").format(
                                path=path))
    return info


def refuse_link(path: Path) -> None:
    """Refuse ``path`` itself being a symbolic link (an output folder docgen writes into)."""
    if os.path.islink(path):
        raise link_error(Path(path))


def written_by_docgen(path: Path) -> bool:
    """Whether the file at ``path`` carries docgen's marks: a DOCX with the ``DocgenId``
    custom property, a PDF with ``/DocgenId`` in its Info, a batch's manifest."""
    name = path.name.lower()
    try:
        if name.endswith(".docx"):
            with zipfile.ZipFile(path) as package:
                return b"DocgenId" in package.read("docProps/custom.xml")[:65536]
        if name.endswith(".pdf"):
            return _pdf_marked(path)
        if name == "manifest.json":
            if path.stat().st_size > 256 * 1024 * 1024:
                return False
            data = json.loads(path.read_text(encoding="utf-8"))
            return isinstance(data, dict) and isinstance(data.get("documents"), list)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, RuntimeError):
        return False
    return False


def _pdf_marked(path: Path) -> bool:
    """docgen stamps its metadata into a PDF's Info dictionary, appended at the end."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        if fh.read(5) != b"%PDF-":
            return False
        fh.seek(max(0, size - 256 * 1024))
        return b"/DocgenId" in fh.read()


# --- swapping two folders -------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@functools.lru_cache(maxsize=1)
def _renameat2() -> Callable[..., int] | None:
    import ctypes

    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # not Linux, or a C library before glibc 2.28
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(first: Path, second: Path) -> bool:
    """Swap ``first`` and ``second`` (on one file system) in one step; False where the
    system or the file system cannot (then nothing happened). Other failures raise."""
    import ctypes

    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                 _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV,
                errno.EBUSY):
        return False
    raise OSError(code, os.strerror(code), str(second))


UNSWAPPABLE = N_("this file system cannot swap folders in one step (renameat2 "
                 "RENAME_EXCHANGE): files were switched one by one, so a program looking "
                 "while docgen switched could have seen some old and some new files")


# --- keeping what docgen does not own -------------------------------------------------

def carry_over(live: Path, new: Path, skip: Collection[str]) -> int:
    """Hard-link every entry of ``live`` not in ``skip`` (paths relative to the folder)
    into ``new``, making the folders it needs; returns how many were linked. A link, a
    pipe or a file is linked as itself (never followed). A folder left empty by ``skip``
    (a region's folder whose notices went) is not carried; a user's empty folder is."""
    ours = {rel.rsplit("/", i)[0] for rel in skip for i in range(1, rel.count("/") + 1)}
    return _carry(live, new, set(skip), ours, "")


def _carry(live: Path, new: Path, skip: set[str], ours: set[str], prefix: str) -> int:
    count = 0
    try:
        entries = list(os.scandir(live))
    except FileNotFoundError:
        return 0
    for entry in entries:
        rel = prefix + entry.name
        if rel in skip:
            continue
        target = new / entry.name
        if entry.is_dir(follow_symlinks=False):
            made = not os.path.lexists(target)
            if made:
                os.mkdir(target, stat.S_IMODE(entry.stat(follow_symlinks=False).st_mode))
            linked = _carry(Path(entry.path), target, skip, ours, rel + "/")
            if made and not linked and rel in ours:
                os.rmdir(target)
            count += linked + (made and rel not in ours)
        elif not os.path.lexists(target):
            os.link(entry.path, target, follow_symlinks=False)
            count += 1
    return count


def prune(new: Path, keep: Collection[str], prefix: str = "") -> None:
    """Remove from the staged folder ``new`` every file not in ``keep`` (a temporary file an
    interrupted worker left there is never published)."""
    for entry in list(os.scandir(new)):
        rel = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            prune(Path(entry.path), keep, rel + "/")
        elif rel not in keep:
            os.unlink(entry.path)


def drain(old: Path, live: Path, skip: Collection[str], prefix: str = "") -> None:
    """Remove the swapped-out folder ``old``. A file that is not in ``skip`` and not in
    ``live`` arrived after :func:`carry_over` looked (someone saved it at that moment): it
    moves into ``live`` instead of being removed."""
    with contextlib.suppress(FileNotFoundError):
        for entry in list(os.scandir(old)):
            rel = prefix + entry.name
            there = live / entry.name
            with contextlib.suppress(OSError):
                if entry.is_dir(follow_symlinks=False):
                    drain(Path(entry.path), there, skip, rel + "/")
                elif rel in skip or os.path.lexists(there):
                    os.unlink(entry.path)
                else:
                    there.parent.mkdir(parents=True, exist_ok=True)
                    os.rename(entry.path, there)
    with contextlib.suppress(OSError):
        os.rmdir(old)
