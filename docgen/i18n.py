"""The interface language: which language docgen speaks to the secretary, and its messages.

``DOCGEN_UI_LANG=ru|kk|en`` chooses it; else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``,
the first one set: ``ru_*`` → Russian, ``kk_*`` → Kazakh); else English. Only what docgen
says depends on it, never the papers it makes.
"""

from __future__ import annotations

import os

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
