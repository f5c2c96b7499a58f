"""A signed order enters the member roll when it is archived.

``docgen render order FILE --archive DIR`` keeps the order's data file in the journal
under its documents' ids (:func:`docgen.records.roll.remember_order`); when
``docgen archive add`` files the signed copy of one of them, :func:`apply_signed_order`
enters its admissions and removals in the roll on the order's date, as ``docgen members
apply FILE`` would (once: the other language's copy finds it applied).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from docgen.errors import DocgenError
from docgen.papers.pipeline import load_checked
from docgen.records.roll import open_roll
from docgen.records.roll_changes import apply_changes, plan_order


def apply_signed_order(archive_dir: str | Path, doc_id: str) -> str | None:
    """Apply the order archived as ``doc_id`` to the roll; a line saying what changed.

    None when ``doc_id`` is no order rendered with the archive, the archive keeps no roll,
    or the order is already in the roll. A refusal (someone not a member, …) is a
    DocgenError: the signed copy stays archived, and the roll unchanged.
    """
    with open_roll(archive_dir) as roll:
        pending = roll.pending_order(doc_id)
        keeps_roll = bool(roll.members())
    if pending is None or not keeps_roll:  # no roll kept in this archive: nothing to do
        return None
    source, text = pending
    with tempfile.TemporaryDirectory(prefix="docgen-order-") as tmp:
        path = Path(tmp) / source
        path.write_text(text, encoding="utf-8")
        try:
            loaded = load_checked("order", path)
            order = loaded.model.order
            with open_roll(archive_dir) as roll:
                if roll.order_applied(order.date.year, order.number) is not None:
                    return None
                plan = plan_order(roll, loaded)
                apply_changes(roll, plan)
        except DocgenError as exc:
            raise DocgenError(f"the signed order is archived, but the roll is unchanged: "
                              f"{str(exc).replace(str(path), source)} (correct the roll, then "
                              f"docgen members apply {source})") from None
    return f"roll: order № {order.number} of {order.date.isoformat()} applied: {plan.summary()}"
