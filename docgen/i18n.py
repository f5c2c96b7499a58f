"""The interface language: which language docgen speaks to the secretary, and its messages.

``DOCGEN_UI_LANG=ru|kk|en`` chooses it; else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``,
the first one set: ``ru_*`` → Russian, ``kk_*`` → Kazakh); else English. Only what docgen
says depends on it, never the papers it makes.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

UI_LANGS = ("ru", "kk", "en")


def ui_lang() -> str:
    """The interface language: ``ru``, ``kk`` or ``en``."""
    chosen = os.environ.get("DOCGEN_UI_LANG", "").strip().lower()
    if chosen in UI_LANGS:
        return chosen
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            code = value.split("_")[0].split(".")[0].split("@")[0].lower()
            return code if code in ("ru", "kk") else "en"
    return "en"


_CATALOGS: dict[str, gettext.NullTranslations] = {}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "docgen"


def catalog(lang: str | None = None) -> gettext.NullTranslations:
    """The compiled message catalog of ``lang`` (default: the interface language)."""
    lang = lang or ui_lang()
    found = _CATALOGS.get(lang)
    if found is None:
        found = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
        _CATALOGS[lang] = found
    return found


def _(message: str) -> str:
    """``message`` in the interface language (English when it has no translation)."""
    return catalog().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the interface language."""
    return catalog().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it here (it is translated later)."""
    return message
