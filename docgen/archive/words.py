"""What the archive keeps in English and shows in the interface language.

What the journal stores (a signature's verdict, an event's notes) must not depend on the
language of whoever ran docgen: it is written in English, from one of the templates of
:data:`STORED`, and :func:`shown` says it again in the interface language when it is
printed (the template is recognised, its values shown so too).
"""

from __future__ import annotations

import re
from functools import cache

from docgen.i18n import N_, _

__all__ = ["STORED", "shown"]

TRUSTED = N_("trusted")
NOT_CHECKED = N_("not checked (no trust roots given: --trust FILE|DIR or DOCGEN_TRUST)")
GOST = N_("GOST: docgen cannot check it")
REVOKED = N_("not trusted: the certificate is revoked")
EXPIRED_UNPROVED = N_("not trusted: the certificate expired on {expires} and nothing proves "
                      "the signature was made before (no trusted timestamp, not archived "
                      "before)")
UNTRUSTED = N_("not trusted: {reason} (roots: {roots})")
EXPIRED = N_("the certificate expired on {expires}")
NOW = N_("now {trust}")
VALID_WHEN_SIGNED = N_("valid when signed on {when}; {later}")
VALID_WHEN_ARCHIVED = N_("valid when archived on {when}; {later}")
STAMPED = N_("signature '{field}': {verdict} (proved by a trusted timestamp)")
LTV_ACCEPTED = N_("validation data (LTV) added after signing to signature '{field}': "
                  "accepted")
PAGES_SAME = N_("every page compared with the paper docgen made of {what}: the same")
PAGES_UNKNOWN = N_(
    "note: the pages could not be compared with the paper: the PDF of {what} was made "
    "without the journal (render --pdf --archive, or docgen pdf --archive, keeps its pages' "
    "prints), so only its QR code says which document it is; --require-layout refuses such "
    "a scan")
CMS_THERE = N_("the detached signature {file} is already there")

STORED: tuple[str, ...] = (TRUSTED, NOT_CHECKED, GOST, REVOKED, EXPIRED_UNPROVED, UNTRUSTED,
                           EXPIRED, NOW, VALID_WHEN_SIGNED, VALID_WHEN_ARCHIVED, STAMPED,
                           LTV_ACCEPTED, PAGES_SAME, PAGES_UNKNOWN, CMS_THERE)
"""The templates of what the archive stores in English (and prints)."""

_FIELD = re.compile(r"\\\{(\w+)\\\}")


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((template, re.compile(_FIELD.sub(r"(?P<\1>.+?)", re.escape(template)),
                                       re.S)) for template in STORED)


def shown(text: str) -> str:
    """``text`` (English, from a template of :data:`STORED`) in the interface language;
    any other text as it is."""
    for template, pattern in _patterns():
        match = pattern.fullmatch(text)
        if match:
            return _(template).format(**{k: shown(v) for k, v in match.groupdict().items()})
    return text
