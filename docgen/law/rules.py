"""The Regulation's rules (p.8, p.9, p.13–p.20), computed, never taken on trust.

Count functions give the thresholds; ``check_*`` functions raise :class:`RuleError`
naming the rule and its paragraph, the figures, and what would satisfy it.
"""

from __future__ import annotations

import calendar
import datetime as dt

from docgen.errors import RuleError
from docgen.input.models import Session
from docgen.input.regions import get_region
from docgen.input.validate import Loaded


def ceil_div(a: int, b: int) -> int:
    """⌈a / b⌉ for non-negative whole numbers, without floating point."""
    return -(-a // b)


def session_quorum(members_total: int) -> int:
    """Members who must take part for a session to be valid: ⌈2N/3⌉ (p.8)."""
    return ceil_div(2 * members_total, 3)


def session_majority(present: int) -> int:
    """Votes for needed to adopt a session decision: more than half of those present (p.8)."""
    return present // 2 + 1


def council_majority(council_members: int) -> int:
    """Votes for needed for a valid Council decision: ⌈2C/3⌉ of all members (p.9)."""
    return ceil_div(2 * council_members, 3)


def extraordinary_request_minimum(members_total: int) -> int:
    """Members needed to require an extraordinary session: ⌈N/3⌉ (p.8)."""
    return ceil_div(members_total, 3)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later (or earlier), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def latest_notice_date(session_date: dt.date) -> dt.date:
    """The last day a regular session's notice may be issued: one calendar month before."""
    return add_months(session_date, -1)


def check_region(loaded: Loaded[Session]) -> None:
    """A small assembly names a known region; other bodies name none."""
    model = loaded.model
    if model.body == "small_assembly":
        if not model.region:
            raise loaded.error("a small assembly's file must name its region (e.g. karaganda)",
                               ("region",))
        try:
            get_region(model.region)
        except Exception as exc:  # DataError without location: add it
            raise loaded.error(str(getattr(exc, "detail", exc)), ("region",)) from None
    elif model.region:
        raise loaded.error(f"only a small_assembly has a region, not the body '{model.body}'",
                           ("region",))


def check_convocation(loaded: Loaded[Session]) -> None:
    """Notice period, extraordinary convocation and request rules (p.8)."""
    s = loaded.model
    c = s.convocation
    if c.notice_date > s.date:
        raise RuleError(
            f"the notice ({c.notice_date}) is dated after the session ({s.date}); "
            "the notice must come first",
            rule="notice before the session (p.8)", path=loaded.path,
            line=loaded.source.line_of(("convocation", "notice_date")),
            field="convocation.notice_date",
        )
    if c.decided_on > c.notice_date:
        raise RuleError(
            f"the notice ({c.notice_date}) is dated before the decision to convene "
            f"({c.decided_on}); issue it on or after {c.decided_on}",
            rule="notice follows the decision (p.8)", path=loaded.path,
            line=loaded.source.line_of(("convocation", "notice_date")),
            field="convocation.notice_date",
        )
    if s.kind == "regular":
        if c.initiated_by != "chairman":
            raise RuleError(
                "members may only require an extraordinary session; a regular session is "
                "convened by the Chairman (set initiated_by: chairman or kind: extraordinary)",
                rule="convocation (p.8)", path=loaded.path,
                line=loaded.source.line_of(("convocation", "initiated_by")),
                field="convocation.initiated_by",
            )
        latest = latest_notice_date(s.date)
        # The one-month notice of p.8 is about sessions; a Council meeting (p.9) has none.
        if s.body != "council" and c.notice_date > latest:
            short = (c.notice_date - latest).days
            raise RuleError(
                f"the session on {s.date} must be announced at least one month before, "
                f"on or before {latest}; the notice date {c.notice_date} is {short} "
                f"day{'s' if short != 1 else ''} late (move the notice to {latest} or earlier, "
                f"or the session to {add_months(c.notice_date, 1)} or later)",
                rule="notice period of one month (p.8)", path=loaded.path,
                line=loaded.source.line_of(("convocation", "notice_date")),
                field="convocation.notice_date",
            )
    else:
        deadline = add_months(c.decided_on, 1)
        if s.date > deadline:
            raise RuleError(
                f"an extraordinary session decided on {c.decided_on} must be held within one "
                f"month, by {deadline}; {s.date} is {(s.date - deadline).days} day(s) too late",
                rule="extraordinary session within one month (p.8)", path=loaded.path,
                line=loaded.source.line_of(("date",)), field="date",
            )
        if s.date < c.decided_on:
            raise RuleError(
                f"the session ({s.date}) is before the decision to convene it ({c.decided_on})",
                rule="extraordinary session within one month (p.8)", path=loaded.path,
                line=loaded.source.line_of(("date",)), field="date",
            )
    if c.initiated_by == "members":
        needed = extraordinary_request_minimum(s.members_total)
        got = c.requesting_members
        if got is None:
            raise RuleError(
                f"a session required by members must state requesting_members "
                f"(at least {needed} of {s.members_total})",
                rule="request of one third of members (p.8)", path=loaded.path,
                line=loaded.source.line_of(("convocation",)),
                field="convocation.requesting_members",
            )
        if got > s.members_total:
            raise RuleError(
                f"{got} requesting members is more than the {s.members_total} members in all",
                rule="request of one third of members (p.8)", path=loaded.path,
                line=loaded.source.line_of(("convocation", "requesting_members")),
                field="convocation.requesting_members",
            )
        if got < needed:
            raise RuleError(
                f"{got} of {s.members_total} members requested the session; at least one third, "
                f"{needed}, are needed ({needed - got} more)",
                rule="request of one third of members (p.8)", path=loaded.path,
                line=loaded.source.line_of(("convocation", "requesting_members")),
                field="convocation.requesting_members",
            )
    elif c.requesting_members is not None:
        raise RuleError(
            "requesting_members applies only when initiated_by is members",
            rule="convocation (p.8)", path=loaded.path,
            line=loaded.source.line_of(("convocation", "requesting_members")),
            field="convocation.requesting_members",
        )


def check_session(loaded: Loaded[Session], kind: str = "notice") -> None:
    """Every rule a session file must meet before ``kind`` is written."""
    check_region(loaded)
    check_convocation(loaded)
    if kind in RULES_BY_KIND:
        RULES_BY_KIND[kind](loaded)


# Further kinds (minutes, decision) register their own checks here.
RULES_BY_KIND: dict = {}


def votes_cast(for_: int, against: int, abstained: int) -> int:
    """All votes cast on an item: for + against + abstained."""
    return for_ + against + abstained


def votes_needed(body: str, present: int, members_total: int) -> int:
    """Votes for an item needs: ⌈2C/3⌉ of all members for the Council (p.9), else ⌊P/2⌋+1 (p.8)."""
    return council_majority(members_total) if body == "council" else session_majority(present)


def is_adopted(body: str, votes_for: int, present: int, members_total: int) -> bool:
    """Whether an item is adopted under p.8 (sessions) or p.9 (the Council)."""
    return votes_for >= votes_needed(body, present, members_total)
