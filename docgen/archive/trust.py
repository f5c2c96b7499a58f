"""The certificates a user trusts: ``--trust FILE|DIR`` or ``$DOCGEN_TRUST``.

A file holds one or more certificates (PEM or DER); a folder is read for every
``*.pem``, ``*.crt``, ``*.cer`` and ``*.der`` in it (not recursively). Give the root and
intermediate certificates of the certification centre that issues the signers'
certificates (for Kazakhstan, the national certification centre's, obtained by the user).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import ArchiveError

ENV_TRUST = "DOCGEN_TRUST"
CERT_SUFFIXES = (".pem", ".crt", ".cer", ".der")

__all__ = ["ENV_TRUST", "TrustRoots", "load_trust", "resolve_trust"]


@dataclass(frozen=True)
class TrustRoots:
    """Trusted certificates (asn1crypto ``Certificate`` objects) and where they came from."""

    certs: tuple[Any, ...]
    source: str


def _cert_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in CERT_SUFFIXES)
        if not files:
            raise ArchiveError(
                f"--trust {path}: the folder holds no certificate "
                f"({', '.join('*' + s for s in CERT_SUFFIXES)})"
            )
        return files
    if path.is_file():
        return [path]
    raise ArchiveError(f"--trust {path}: no such file or folder")


def load_trust(path: Path | str) -> TrustRoots:
    """The certificates in the file or folder ``path``; ArchiveError if none is readable."""
    from docgen.archive.pyhanko_import import load_pyhanko

    load_pyhanko()
    from pyhanko.keys import load_certs_from_pemder

    root = Path(path)
    certs: list[Any] = []
    for file in _cert_files(root):
        try:
            certs.extend(load_certs_from_pemder([str(file)]))
        except Exception as exc:  # asn1crypto / PEM parsing raise several types
            raise ArchiveError(
                f"--trust {file}: not a certificate (PEM or DER expected): {exc}"
            ) from exc
    if not certs:
        raise ArchiveError(f"--trust {root}: no certificate found in it")
    return TrustRoots(certs=tuple(certs), source=str(root))


def resolve_trust(explicit: Path | str | None = None) -> TrustRoots | None:
    """Trust roots from ``explicit``, else ``$DOCGEN_TRUST``, else None (not checked)."""
    if explicit is not None and str(explicit) != "":
        return load_trust(explicit)
    from_env = os.environ.get(ENV_TRUST, "").strip()
    return load_trust(from_env) if from_env else None
