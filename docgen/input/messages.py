"""pydantic's validation errors in a secretary's words: no class names, no validator
reprs, no memory addresses, whatever the error type.

:func:`plain_message` turns one error (an item of ``ValidationError.errors()``) into the
words after ``field 'x':``; every error type pydantic-core defines has words here or
falls into a plain family (tests/test_messages.py feeds each type).
"""

from __future__ import annotations

from typing import Any

_FAMILIES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("int_",), "must be a whole number, not {input}"),
    (("float_", "decimal_", "fraction_", "complex_", "finite_number"),
     "must be a number, not {input}"),
    (("date_past",), "must be a date in the past, not {input}"),
    (("date_future",), "must be a date in the future, not {input}"),
    (("date_",), "must be a date as YYYY-MM-DD (e.g. 2026-04-27), not {input}"),
    (("datetime_", "timezone_"), "must be a date and time as YYYY-MM-DD HH:MM, not {input}"),
    (("time_delta_",), "must be a length of time, not {input}"),
    (("time_",), "must be a time of day as HH:MM (e.g. 10:00), not {input}"),
    (("bool_",), "must be true or false, not {input}"),
    (("string_", "bytes_"), "must be text, not {input}"),
    (("url_",), "must be a web address (https://…), not {input}"),
    (("uuid_",), "must be an identifier (UUID), not {input}"),
    (("dict_", "frozen_dict_", "ordered_dict_", "counter_", "mapping_", "model_",
      "dataclass_", "named_tuple_", "arguments_", "invalid_key"),
     "must be a set of fields (name: value), not {input}"),
    (("list_", "tuple_", "set_", "deque_", "frozen_set_", "iterable_", "iteration_"),
     "must be a list (one '- ' line per item), not {input}"),
    (("missing",), "is required but missing"),
    (("extra_forbidden", "unexpected_", "no_such_attribute"),
     "is not a known field (check its spelling; `docgen schema` lists the fields)"),
)

_EXACT: dict[str, str] = {
    "greater_than": "must be greater than {gt}, not {input}",
    "greater_than_equal": "must be {ge} or more, not {input}",
    "less_than": "must be less than {lt}, not {input}",
    "less_than_equal": "must be at most {le}, not {input}",
    "multiple_of": "must be a multiple of {multiple_of}, not {input}",
    "too_short": "must hold at least {min_length} item(s)",
    "too_long": "may hold at most {max_length} item(s)",
    "string_too_short": "must not be empty",
    "string_too_long": "may be at most {max_length} characters long",
    "string_pattern_mismatch": "is not written in the expected form: {input}",
    "enum": "must be one of {expected}, not {input}",
    "literal_error": "must be one of {expected}, not {input}",
    "none_required": "must be left empty, not {input}",
    "union_tag_invalid": "must be one of {expected}, not {tag}",
    "union_tag_not_found": "needs the field '{discriminator}'",
    "int_parsing_size": "is too large a number: {input}",
    "int_from_float": "must be a whole number, not {input}",
    "string_unicode": "must be text",
    "string_not_ascii": "may hold only Latin letters, digits and signs, not {input}",
    "bool_parsing": "must be true or false, not {input}",
    "time_parsing": "must be a time of day as HH:MM (e.g. 10:00), not {input}",
    "missing_argument": "is required but missing",
    "missing_keyword_only_argument": "is required but missing",
    "missing_positional_only_argument": "is required but missing",
    "multiple_argument_values": "is given twice",
    "frozen_field": "cannot be changed",
    "frozen_instance": "cannot be changed",
}
_GENERIC = "cannot take the value {input} here (`docgen schema` shows what each field takes)"


def shown(value: Any) -> str:
    """A value as the user typed it, short, in words where it is not plain text."""
    text = getattr(value, "text", None)  # a number keeps the text it was typed as
    if isinstance(text, str):
        return text
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, list | tuple | set):
        return "a list"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "…")
    if isinstance(value, int | float):
        return str(value)
    return "a value of another kind"


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
    template = _EXACT.get(kind) or next(
        (words for prefixes, words in _FAMILIES if kind.startswith(prefixes)), _GENERIC)
    values = {key: (shown(value) if key != "expected" else _choices(value))
              for key, value in ctx.items()}
    if kind == "string_too_short" and ctx.get("min_length", 1) != 1:
        template = "must be at least {min_length} characters long"
    values["input"] = shown(err.get("input"))
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return _GENERIC.format(input=values["input"])


def _clean(message: str) -> bool:
    """False for a message that carries Python internals (a repr, a class, an address)."""
    return not any(mark in message for mark in ("0x", "<function", "<class", "functools",
                                                "pydantic", "instance of", "__"))
