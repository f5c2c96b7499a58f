"""The command line in the interface language (``docgen.i18n``): click's own messages (Usage,
"No such option", "Invalid value", …) and every command's and option's --help text.

Click looks its messages up with ``gettext.gettext``/``ngettext``, bound in each of its
modules at import; :func:`speak` binds docgen's catalog there instead (click's English
texts are msgids of docgen's catalog, extracted from click's sources by ``make messages``).
Help texts are kept as written (they are the msgids, and the tests read them) and shown
translated: :func:`speak` sets each command's help from its source for the run.
"""

from __future__ import annotations

import inspect

import click

from docgen.i18n import _, catalog, ngettext

_SOURCE = "_docgen_help_source"
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "utils",
                 "termui")


def _speak_click() -> None:
    import importlib

    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext


def _translated(item: object, lang: str | None) -> None:
    """Set ``item.help`` to the translation of the help it was written with ("en": as written)."""
    if not hasattr(item, _SOURCE):
        setattr(item, _SOURCE, getattr(item, "help", None))
    source = getattr(item, _SOURCE)
    if source and lang == "en":
        item.help = source  # type: ignore[attr-defined]
    elif source:
        item.help = catalog(lang).gettext(inspect.cleandoc(source))  # type: ignore[attr-defined]


def _speak_help(command: click.Command, lang: str | None) -> None:
    _translated(command, lang)
    for param in command.params:
        if isinstance(param, click.Option):
            _translated(param, lang)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _speak_help(sub, lang)


def speak(command: click.Command, lang: str | None = None) -> None:
    """Make click and every help text of ``command`` speak ``lang`` (default: the interface
    language; "en": the texts as written)."""
    _speak_click()
    _speak_help(command, lang)
