"""The document kinds docgen makes (a light module: the CLI reads it for --help)."""

SESSION_KINDS: tuple[str, ...] = ("notice", "agenda", "minutes", "decision", "register",
                                  "invitation", "ballot", "counting", "extract",
                                  "poll_sheet")
"""Kinds made from a session (or Council meeting) file."""
ORDER_KINDS: tuple[str, ...] = ("order",)
"""Kinds made from an order file."""
KINDS: tuple[str, ...] = SESSION_KINDS + ORDER_KINDS
