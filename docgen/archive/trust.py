"""The certificates a user trusts: ``--trust FILE|DIR`` or ``$DOCGEN_TRUST``; ``--crl FILE``.

A file holds one or more certificates (PEM or DER); a folder is read for every
``*.pem``, ``*.crt``, ``*.cer`` and ``*.der`` in it (not recursively). Give the root and
intermediate certificates of the certification centre that issues the signers'
certificates (for Kazakhstan, the national certification centre's, obtained by the user).

Only a self-signed certificate (a root) is a trust anchor. An intermediate is used to
build the path to a root, never trusted on its own, unless its file name says so:
``NAME.anchor.pem`` (or ``.anchor.crt``, ``.anchor.cer``, ``.anchor.der``) makes every
certificate in that file an anchor. Offline revocation lists (``--crl FILE``, PEM or
DER, repeatable) are checked; docgen fetches nothing from the network.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from docgen.errors import ArchiveError
from docgen.i18n import _

ENV_TRUST = "DOCGEN_TRUST"
CERT_SUFFIXES = (".pem", ".crt", ".cer", ".der")
ANCHOR_MARK = ".anchor"

__all__ = ["ANCHOR_MARK", "ENV_TRUST", "TrustRoots", "load_crls", "load_trust", "resolve_trust"]


@dataclass(frozen=True)
class TrustRoots:
    """Trust anchors, intermediates and CRLs (asn1crypto objects) and where they came from."""

    certs: tuple[Any, ...]
    source: str
    intermediates: tuple[Any, ...] = ()
    crls: tuple[Any, ...] = ()

    def context(self, moment: _dt.datetime | None = None) -> Any:
        """A pyhanko-certvalidator context over these certificates, as of ``moment``."""
        from pyhanko_certvalidator import ValidationContext

        return ValidationContext(trust_roots=list(self.certs),
                                 other_certs=list(self.intermediates),
                                 crls=list(self.crls) or None, moment=moment,
                                 allow_fetching=False, revocation_mode="soft-fail")

    def with_crls(self, crls: tuple[Any, ...]) -> TrustRoots:
        """The same certificates with the revocation lists ``crls``."""
        return replace(self, crls=self.crls + crls)


def _cert_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in CERT_SUFFIXES)
        if not files:
            raise ArchiveError(_("--trust {path}: the folder holds no certificate ({kinds})"
                                 ).format(path=path,
                                          kinds=", ".join("*" + s for s in CERT_SUFFIXES)))
        return files
    if path.is_file():
        return [path]
    raise ArchiveError(_("--trust {path}: no such file or folder").format(path=path))


def load_trust(path: Path | str) -> TrustRoots:
    """The certificates in the file or folder ``path``; ArchiveError if none is readable."""
    from docgen.archive.pyhanko_import import load_pyhanko

    load_pyhanko()
    from pyhanko.keys import load_certs_from_pemder

    root = Path(path)
    anchors: list[Any] = []
    intermediates: list[Any] = []
    for file in _cert_files(root):
        try:
            found = list(load_certs_from_pemder([str(file)]))
        except Exception as exc:  # asn1crypto / PEM parsing raise several types
            raise ArchiveError(_("--trust {path}: not a certificate (PEM or DER expected): "
                                 "{error}").format(path=file, error=exc)) from exc
        marked = Path(file.stem).suffix.lower() == ANCHOR_MARK
        for cert in found:
            (anchors if marked or cert.self_issued else intermediates).append(cert)
    if not anchors and not intermediates:
        raise ArchiveError(_("--trust {path}: no certificate found in it").format(path=root))
    if not anchors:
        raise ArchiveError(_(
            "--trust {path}: no root certificate in it (only intermediates, which are not "
            "trusted on their own): add the root, or name a file NAME{mark}.pem to trust its "
            "certificates as anchors").format(path=root, mark=ANCHOR_MARK))
    return TrustRoots(certs=tuple(anchors), source=str(root),
                      intermediates=tuple(intermediates))


def load_crls(paths: list[Path] | tuple[Path, ...]) -> tuple[Any, ...]:
    """The certificate revocation lists in ``paths`` (PEM or DER); ArchiveError if not."""
    from asn1crypto import crl, pem

    lists: list[Any] = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise ArchiveError(_("--crl {path}: cannot read it: {error}").format(
                path=path, error=exc.strerror or exc)) from exc
        try:
            blocks = ([der for _, _, der in pem.unarmor(data, multiple=True)]
                      if pem.detect(data) else [data])
            for der in blocks:
                parsed = crl.CertificateList.load(der)
                _native = parsed.native  # parse it all now: a damaged list fails here, not later
                lists.append(parsed)
        except Exception as exc:  # asn1crypto raises several types on bad input
            raise ArchiveError(_("--crl {path}: not a certificate revocation list (PEM or "
                                 "DER expected): {error}").format(path=path,
                                                                  error=exc)) from exc
    return tuple(lists)


def resolve_trust(explicit: Path | str | None = None,
                  crls: tuple[Path, ...] = ()) -> TrustRoots | None:
    """Trust roots from ``explicit``, else ``$DOCGEN_TRUST``, else None (not checked);
    with the revocation lists ``crls`` (which need trust roots)."""
    roots = None
    if explicit is not None and str(explicit) != "":
        roots = load_trust(explicit)
    else:
        from_env = os.environ.get(ENV_TRUST, "").strip()
        roots = load_trust(from_env) if from_env else None
    if crls and roots is None:
        raise ArchiveError(_("--crl needs the trusted certificates: --trust FILE|DIR or "
                             "DOCGEN_TRUST"))
    return roots.with_crls(load_crls(crls)) if crls else roots
