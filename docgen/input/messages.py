"""pydantic's validation errors in a secretary's words: no class names, no validator
reprs, no memory addresses, whatever the error type.

:func:`plain_message` turns one error (an item of ``ValidationError.errors()``) into the
words after ``field 'x':``; every error type pydantic-core defines has words here or
falls into a plain family (tests/test_messages.py feeds each type).
"""

from __future__ import annotations

from typing import Any

from docgen.i18n import N_, _

MUST_BE = N_("must be {what}, not {input}")
"""The words for a value of the wrong kind; ``what`` is one of :data:`_KINDS` (or several,
joined by " or ", for the alternatives of a union)."""

_KINDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("int_",), N_("a whole number")),
    (("float_", "decimal_", "fraction_", "complex_", "finite_number"), N_("a number")),
    (("date_past",), N_("a date in the past")),
    (("date_future",), N_("a date in the future")),
    (("date_",), N_("a date as YYYY-MM-DD (e.g. 2026-04-27)")),
    (("datetime_", "timezone_"), N_("a date and time as YYYY-MM-DD HH:MM")),
    (("time_delta_",), N_("a length of time")),
    (("time_",), N_("a time of day as HH:MM (e.g. 10:00)")),
    (("bool_",), N_("true or false")),
    (("string_", "bytes_"), N_("text")),
    (("url_",), N_("a web address (https://…)")),
    (("uuid_",), N_("an identifier (UUID)")),
    (("dict_", "frozen_dict_", "ordered_dict_", "counter_", "mapping_", "model_",
      "dataclass_", "named_tuple_", "arguments_", "invalid_key"),
     N_("a set of fields (name: value)")),
    (("list_", "tuple_", "set_", "deque_", "frozen_set_", "iterable_", "iteration_"),
     N_("a list (one '- ' line per item)")),
)

_FAMILIES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("missing",), N_("is required but missing")),
    (("extra_forbidden", "unexpected_", "no_such_attribute"),
     N_("is not a known field (check its spelling; `docgen schema` lists the fields)")),
)

_EXACT_KINDS: dict[str, str] = {
    "int_from_float": N_("a whole number"),
    "bool_parsing": N_("true or false"),
    "time_parsing": N_("a time of day as HH:MM (e.g. 10:00)"),
}

_EXACT: dict[str, str] = {
    "greater_than": N_("must be greater than {gt}, not {input}"),
    "greater_than_equal": N_("must be {ge} or more, not {input}"),
    "less_than": N_("must be less than {lt}, not {input}"),
    "less_than_equal": N_("must be at most {le}, not {input}"),
    "multiple_of": N_("must be a multiple of {multiple_of}, not {input}"),
    "too_short": N_("must hold at least {min_length} item(s)"),
    "too_long": N_("may hold at most {max_length} item(s)"),
    "string_too_short": N_("must not be empty"),
    "string_too_long": N_("may be at most {max_length} characters long"),
    "string_pattern_mismatch": N_("is not written in the expected form: {input}"),
    "enum": N_("must be one of {expected}, not {input}"),
    "literal_error": N_("must be one of {expected}, not {input}"),
    "none_required": N_("must be left empty, not {input}"),
    "union_tag_invalid": N_("must be one of {expected}, not {tag}"),
    "union_tag_not_found": N_("needs the field '{discriminator}'"),
    "int_parsing_size": N_("is too large a number: {input}"),
    "string_unicode": N_("must be text"),
    "string_not_ascii": N_("may hold only Latin letters, digits and signs, not {input}"),
    "missing_argument": N_("is required but missing"),
    "missing_keyword_only_argument": N_("is required but missing"),
    "missing_positional_only_argument": N_("is required but missing"),
    "multiple_argument_values": N_("is given twice"),
    "frozen_field": N_("cannot be changed"),
    "frozen_instance": N_("cannot be changed"),
}
_GENERIC = N_("cannot take the value {input} here (`docgen schema` shows what each field takes)")


def shown(value: Any) -> str:
    """A value as the user typed it, short, in words where it is not plain text."""
    text = getattr(value, "text", None)  # a number keeps the text it was typed as
    if isinstance(text, str):
        return text
    if value is None:
        return _("an empty value")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return _("a set of fields")
    if isinstance(value, list | tuple | set):
        return _("a list")
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "…")
    if isinstance(value, int | float):
        return str(value)
    return _("a value of another kind")


def must_be(err: dict[str, Any]) -> str | None:
    """What a value of the wrong kind must be (translated: "a whole number"), or None when
    ``err`` is not about the kind of the value."""
    kind = str(err.get("type", ""))
    if kind in _EXACT:
        return None
    what = _EXACT_KINDS.get(kind) or next(
        (words for prefixes, words in _KINDS if kind.startswith(prefixes)), None)
    return _(what) if what else None


def _choices(expected: Any) -> str:
    return str(expected).replace("'", "").replace(" or ", ", ")


def plain_message(err: dict[str, Any]) -> str:
    """The words for one pydantic error: what the field must be, and what it holds."""
    kind = str(err.get("type", ""))
    ctx = dict(err.get("ctx") or {})
    if kind in ("value_error", "assertion_error"):
        message = str(ctx.get("error") or err.get("msg") or "")
        for prefix in ("Value error, ", "Assertion failed, "):
            message = message.removeprefix(prefix)
        if message and _clean(message):
            return message[0].lower() + message[1:]
    values = {key: (shown(value) if key != "expected" else _choices(value))
              for key, value in ctx.items()}
    values["input"] = shown(err.get("input"))
    what = must_be(err)
    if what is not None:
        return _(MUST_BE).format(what=what, input=values["input"])
    template = _EXACT.get(kind) or next(
        (words for prefixes, words in _FAMILIES if kind.startswith(prefixes)), _GENERIC)
    if kind == "string_too_short" and ctx.get("min_length", 1) != 1:
        template = N_("must be at least {min_length} characters long")
    try:
        return _(template).format(**values)
    except (KeyError, IndexError, ValueError):
        return _(_GENERIC).format(input=values["input"])


def _clean(message: str) -> bool:
    """False for a message that carries Python internals (a repr, a class, an address)."""
    return not any(mark in message for mark in ("0x", "<function", "<class", "functools",
                                                "pydantic", "instance of", "__"))


_YAML_WORDS: tuple[tuple[str, str], ...] = (
    # ruamel.yaml's words for a syntax error (its context, then its problem), each in the
    # interface language; {name} stands for what ruamel names there (a character, a token)
    (r"while parsing a block mapping", N_("while parsing a block mapping")),
    (r"while parsing a block collection", N_("while parsing a block collection")),
    (r"while parsing a flow sequence", N_("while parsing a flow sequence")),
    (r"while parsing a flow mapping", N_("while parsing a flow mapping")),
    (r"while parsing a node", N_("while parsing a node")),
    (r"while scanning a simple key", N_("while scanning a simple key")),
    (r"while scanning a quoted scalar", N_("while scanning a quoted scalar")),
    (r"while scanning a double-quoted scalar", N_("while scanning a double-quoted scalar")),
    (r"while scanning a plain scalar", N_("while scanning a plain scalar")),
    (r"while scanning a block scalar", N_("while scanning a block scalar")),
    (r"while scanning for the next token", N_("while scanning for the next token")),
    (r"mapping values are not allowed here", N_("mapping values are not allowed here")),
    (r"mapping keys are not allowed here", N_("mapping keys are not allowed here")),
    (r"sequence entries are not allowed here", N_("sequence entries are not allowed here")),
    (r"could not find expected ':'", N_("could not find expected ':'")),
    (r"found unexpected ':'", N_("found unexpected ':'")),
    (r"found unexpected end of stream", N_("found unexpected end of stream")),
    (r"found character (?P<name>.+) that cannot start any token",
     N_("found character {name} that cannot start any token")),
    (r"found unknown escape character (?P<name>.+)",
     N_("found unknown escape character {name}")),
    (r"found undefined alias (?P<name>.+)", N_("found undefined alias {name}")),
    (r"expected <block end>, but found (?P<name>.+)",
     N_("expected <block end>, but found {name}")),
    (r"expected ',' or '\]', but got (?P<name>.+)", N_("expected ',' or ']', but got {name}")),
    (r"expected ',' or '\}', but got (?P<name>.+)", N_("expected ',' or '}}', but got {name}")),
    (r"expected the node content, but found (?P<name>.+)",
     N_("expected the node content, but found {name}")),
    (r"expected a comment or a line break, but found (?P<name>.+)",
     N_("expected a comment or a line break, but found {name}")),
    (r"expected a single document in the stream", N_("expected a single document in the stream")),
    (r"but found another document", N_("but found another document")),
)


def yaml_words(said: str) -> str:
    """ruamel.yaml's words for a syntax error in the interface language (as said, when
    they are not among the common ones)."""
    import re

    for pattern, words in _YAML_WORDS:
        found = re.fullmatch(pattern, said.strip())
        if found:
            return _(words).format(**found.groupdict())
    return said
