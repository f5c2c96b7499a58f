"""The Regulation's rules, computed from the rulebook in force, never taken on trust.

Count functions give the thresholds; ``check_*`` functions raise :class:`RuleError`
naming the rule and its paragraph (from the rulebook), the figures, and what would
satisfy it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from docgen.errors import RuleError
from docgen.i18n import _, ngettext, ui_lang
from docgen.input.models import Session
from docgen.input.regions import Region, get_region, load_regions
from docgen.input.validate import Loaded
from docgen.law.rulebook import in_force


def broken(message: str, rule: str, loaded: Loaded, *key: str) -> RuleError:
    """A broken rule at the line of the data's field ``key`` (e.g. "convocation", "notice_date")."""
    return RuleError(message, rule=rule, path=loaded.path, line=loaded.source.line_of(key),
                     field=".".join(key))


def ceil_div(a: int, b: int) -> int:
    """⌈a / b⌉ for non-negative whole numbers, without floating point."""
    return -(-a // b)


def session_quorum(members_total: int) -> int:
    """Members who must take part for a session to be valid (default ⌈2N/3⌉)."""
    return in_force().thresholds.session_quorum.count(members_total)


def session_majority(present: int) -> int:
    """Votes for needed to adopt a session decision (default more than half of those present)."""
    return in_force().thresholds.session_majority.count(present)


def council_majority(council_members: int) -> int:
    """Votes for needed for a valid Council decision (default ⌈2C/3⌉ of all its members)."""
    return in_force().thresholds.council_majority.count(council_members)


def extraordinary_request_minimum(members_total: int) -> int:
    """Members needed to request an extraordinary session (default ⌈N/3⌉)."""
    return in_force().thresholds.members_request.count(members_total)


def ref(*topics: str) -> str:
    """The paragraphs of ``topics`` in the rulebook in force, for messages: ``p.N``."""
    return in_force().ref(*topics)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later (or earlier), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def latest_notice_date(session_date: dt.date) -> dt.date:
    """The last day a regular session's notice may be issued (default one calendar month)."""
    return add_months(session_date, -in_force().periods.notice.months)


def _months(n: int) -> str:
    return _("one month") if n == 1 else ngettext("{n} month", "{n} months", n).format(n=n)


def check_region(loaded: Loaded[Session]) -> None:
    """A small assembly names a known region; other bodies name none."""
    model = loaded.model
    if model.body == "small_assembly":
        if not model.region:
            raise loaded.error(_("a small assembly's file must name its region "
                                 "(e.g. karaganda)"), ("region",))
        try:
            region = get_region(model.region)
        except Exception as exc:  # DataError without location: add it
            raise loaded.error(str(getattr(exc, "detail", exc)), ("region",)) from None
        if model.regulation is None and region.regulation is None:
            raise RuleError(
                _("a small assembly acts on its own regulation, approved by its chairman, and "
                  "its papers cite it; add {example} to this file (or to '{region}' in "
                  "docgen/data/regions.yaml)").format(
                    example="regulation: {title: {ru: …, kk: …}, act: {ru: распоряжением, kk: "
                            "өкімімен}, issuer: {ru: акима …, kk: … әкімінің}, date: YYYY-MM-DD, "
                            "number: …}", region=region.id),
                rule=_("small assemblies' own regulations ({cite})").format(
                    cite=ref("small_assemblies")),
                path=loaded.path, line=loaded.source.line_of(("region",)), field="regulation")
        check_own_region(loaded, region)
    elif model.region:
        raise loaded.error(_("only a small_assembly has a region, not the body '{body}'")
                           .format(body=model.body), ("region",))
    if model.regulation is not None and model.body != "small_assembly":
        raise loaded.error(_("only a small_assembly has its own regulation, not the body "
                             "'{body}' (which follows the rulebook: docgen rules)")
                           .format(body=model.body), ("regulation",))


def _own_regulation_rule(s: Session, rule: str) -> str:
    """A rule of the Assembly's applied to a small assembly: its own regulation governs
    (citations.small_assemblies), and docgen holds it to the Assembly's rule only by default;
    say so and name it."""
    if s.body != "small_assembly":
        return rule
    own = s.regulation if s.regulation is not None else get_region(s.region or "").regulation
    if own is None:
        return rule
    lang = "kk" if ui_lang() == "kk" else "ru"
    return _("{rule}, applied by default: a small assembly's own regulation governs "
             "({cite}), here «{title}» of {date} No. {number}; if it sets another rule, "
             "follow it").format(rule=rule, cite=ref("small_assemblies"),
                                 title=own.title.get(lang) or own.title.get("ru"),
                                 date=own.date, number=own.number)


_FORMS = {"ru": ("nominative", "genitive", "prepositional"),
          "kk": ("nominative", "genitive", "locative")}


def _named(text: str, phrase: str) -> bool:
    """Whether ``phrase`` stands in ``text`` as whole words."""
    return re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text, re.IGNORECASE) is not None


def _other_region(text: str, lang: str, own: Region, places: bool) -> tuple[Region, str] | None:
    """Another region ``text`` names (by its name, or, with ``places``, by its centre)."""
    if places and _named(text, own.center[lang]):
        return None
    for other in load_regions().values():
        if other.id == own.id:
            continue
        phrases = [other.center[lang]] if places else [
            other.names[lang][form] for form in _FORMS[lang] if form in other.names[lang]]
        for phrase in phrases:
            if _named(text, phrase):
                return other, phrase
    return None


def check_own_region(loaded: Loaded[Session], region: Region) -> None:
    """A small assembly cites its own region's regulation and meets in its own region."""
    model = loaded.model
    rule = _("small assemblies' own regulations ({cite})").format(cite=ref("small_assemblies"))
    cited = model.regulation
    for lang in ("ru", "kk"):
        for name in ("issuer", "title"):
            text = getattr(getattr(cited, name), lang, None) if cited is not None else None
            found = _other_region(text or "", lang, region, places=False)
            if found:
                raise broken(_("the small assembly of '{region}' cites the regulation of "
                               "another region: '{phrase}' ('{other}'); a small assembly acts "
                               "on its own regulation: cite the one approved for '{region}'")
                             .format(region=region.id, phrase=found[1], other=found[0].id),
                             rule, loaded, "regulation", name, lang)
        found = _other_region(getattr(model.place, lang, "") or "", lang, region, places=True)
        if found:
            raise broken(_("the small assembly of '{region}' meets in {city}, the centre of "
                           "'{other}', not in its own region (its centre: {own}); check the "
                           "place or the region").format(
                             region=region.id, city=found[1], other=found[0].id,
                             own=region.center[lang]),
                         _("a small assembly meets in its region ({cite})").format(
                             cite=ref("small_assemblies")), loaded, "place", lang)


def check_convocation(loaded: Loaded[Session]) -> None:
    """Notice period, extraordinary convocation and request rules (sessions; the Council)."""
    s = loaded.model
    c = s.convocation
    rb = in_force()
    p = ref(rb.convening.of(s.body).cite)
    months = rb.periods.notice.months
    within = rb.periods.extraordinary.within_months
    if c.initiated_by == "members" and not rb.convening.of(s.body).members_may_request:
        raise broken(
            _("members cannot request a Council meeting: it is convened jointly by the deputy "
              "chairmen in agreement with the Chairman (set initiated_by: chairman)"),
            _("who convenes the Council ({cite})").format(cite=p), loaded, "convocation",
            "initiated_by",
        )
    if c.notice_date > s.date:
        raise broken(
            _("the notice ({notice}) is dated after the session ({date}); the notice must "
              "come first").format(notice=c.notice_date, date=s.date),
            _("notice before the session ({cite})").format(cite=p), loaded, "convocation",
            "notice_date",
        )
    if c.decided_on > c.notice_date:
        raise broken(
            _("the notice ({notice}) is dated before the decision to convene ({decided}); "
              "issue it on or after {decided}").format(notice=c.notice_date,
                                                       decided=c.decided_on),
            _("notice follows the decision ({cite})").format(cite=p), loaded, "convocation",
            "notice_date",
        )
    if s.kind == "regular":
        if c.initiated_by != "chairman":
            raise broken(
                _("members may only require an extraordinary session; a regular session is "
                  "convened by the Chairman (set initiated_by: chairman or kind: "
                  "extraordinary)"),
                _("convocation ({cite})").format(cite=p), loaded, "convocation",
                "initiated_by",
            )
        latest = latest_notice_date(s.date)
        # The notice period is about sessions; a Council meeting has none.
        if s.body != "council" and c.notice_date > latest:
            short = (c.notice_date - latest).days
            raise RuleError(
                ngettext("the session on {date} must be announced at least {months} month(s) "
                         "before, on or before {latest}; the notice date {notice} is {late} day "
                         "late (move the notice to {latest} or earlier, or the session to "
                         "{session} or later)",
                         "the session on {date} must be announced at least {months} month(s) "
                         "before, on or before {latest}; the notice date {notice} is {late} days "
                         "late (move the notice to {latest} or earlier, or the session to "
                         "{session} or later)", short).format(
                    date=s.date, months=months, latest=latest, notice=c.notice_date, late=short,
                    session=add_months(c.notice_date, months)),
                rule=_own_regulation_rule(s, _("notice period of {period} ({cite})").format(
                    period=_months(months), cite=ref(rb.periods.notice.cite))),
                path=loaded.path,
                line=loaded.source.line_of(("convocation", "notice_date")),
                field="convocation.notice_date",
            )
    else:
        deadline = add_months(c.decided_on, within)
        rule = _own_regulation_rule(s, _("extraordinary session within {period} ({cite})").format(
            period=_months(within), cite=ref(rb.periods.extraordinary.cite)))
        if s.date > deadline:
            raise RuleError(
                _("an extraordinary session decided on {decided} must be held within {period}, "
                  "by {deadline}; {date} is {late} day(s) too late").format(
                    decided=c.decided_on, period=_months(within), deadline=deadline,
                    date=s.date, late=(s.date - deadline).days),
                rule=rule, path=loaded.path,
                line=loaded.source.line_of(("date",)), field="date",
            )
        if s.date < c.decided_on:
            raise RuleError(
                _("the session ({date}) is before the decision to convene it ({decided})")
                .format(date=s.date, decided=c.decided_on),
                rule=rule, path=loaded.path,
                line=loaded.source.line_of(("date",)), field="date",
            )
    if c.initiated_by == "members":
        share = rb.thresholds.members_request
        request_rule = _own_regulation_rule(s, _("request of {share} of members ({cite})").format(
            share=f"{share.share[0]}/{share.share[1]}", cite=ref(share.cite)))
        needed = extraordinary_request_minimum(s.members_total)
        got = c.requesting_members
        if got is None:
            raise RuleError(
                _("a session required by members must state requesting_members "
                  "(at least {needed} of {total})").format(needed=needed,
                                                           total=s.members_total),
                rule=request_rule, path=loaded.path,
                line=loaded.source.line_of(("convocation",)),
                field="convocation.requesting_members",
            )
        if got > s.members_total:
            raise broken(
                _("{got} requesting members is more than the {total} members in all").format(
                    got=got, total=s.members_total),
                request_rule, loaded, "convocation", "requesting_members",
            )
        if got < needed:
            raise broken(
                _("{got} of {total} members requested the session; at least {needed} "
                  "({share}) are needed ({more} more)").format(
                    got=got, total=s.members_total, needed=needed, share=share.describe(),
                    more=needed - got),
                request_rule, loaded, "convocation", "requesting_members",
            )
        if c.request_date is None:
            raise RuleError(
                _("the notice cites the members' request: give its date "
                  "(convocation.request_date: YYYY-MM-DD)"), rule=request_rule, path=loaded.path,
                line=loaded.source.line_of(("convocation",)), field="convocation.request_date")
        if c.request_date > c.decided_on:
            raise broken(
                _("the members' request of {request} is after the decision of {decision} it "
                  "led to").format(request=c.request_date, decision=c.decided_on),
                request_rule, loaded, "convocation",
                "request_date")
    elif c.requesting_members is not None:
        raise broken(
            _("requesting_members applies only when initiated_by is members"),
            _("convocation ({cite})").format(cite=p), loaded, "convocation",
            "requesting_members",
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
    """Votes for an item needs: the Council's share of all its members, else the session's."""
    return council_majority(members_total) if body == "council" else session_majority(present)


def is_adopted(body: str, votes_for: int, present: int, members_total: int) -> bool:
    """Whether an item is adopted (the session's or the Council's majority)."""
    return votes_for >= votes_needed(body, present, members_total)
