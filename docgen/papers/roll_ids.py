"""People given by roll id: ``chair: {id: 154}`` takes the name from the member roll.

A person in a paper (chair, secretary, speaker, candidate, addressee, signatory, …) may be
given by roll id instead of (or beside) the name: the name in both spellings, the gender
and, unless the data gives one, the position come from the roll in the journal
(``--archive`` / ``DOCGEN_ARCHIVE``). A name given beside the id must be the roll's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from docgen.i18n import _
from docgen.input.loader import PathKey
from docgen.input.models import LocalizedName, Named, Text, localized_name
from docgen.input.roll_file import row_key
from docgen.input.validate import Loaded


def people_by_id(value: Any, key: PathKey = ()) -> Iterator[tuple[PathKey, Named]]:
    """(where, person) of every person of a model given by roll id."""
    if isinstance(value, Named) and value.id is not None:
        yield key, value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from people_by_id(getattr(value, name), (*key, name))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from people_by_id(item, (*key, i))
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from people_by_id(item, (*key, name))


def _filled(value: Any, people: dict[PathKey, Named], key: PathKey = ()) -> Any:
    """``value`` with the people at ``people``'s keys replaced."""
    if key in people:
        return people[key]
    if isinstance(value, BaseModel):
        update = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = _filled(old, people, (*key, name))
            if new is not old:
                update[name] = new
        return value.model_copy(update=update) if update else value
    if isinstance(value, list):
        items = [_filled(item, people, (*key, i)) for i, item in enumerate(value)]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if isinstance(value, dict):
        items = {n: _filled(item, people, (*key, n)) for n, item in value.items()}
        return items if any(items[n] is not value[n] for n in value) else value
    return value


def resolve_ids(loaded: Loaded, archive_dir: str | Path | None) -> Loaded:
    """``loaded`` with every person given by roll id named from the roll (unchanged when
    there is none); an error at the id when the roll is not there or has no such member."""
    found = list(people_by_id(loaded.model))
    if not found:
        return loaded
    first = (*found[0][0], "id")
    if archive_dir is None:
        raise loaded.error(_("a person given by roll id needs the member roll: give "
                             "--archive DIR (or set DOCGEN_ARCHIVE), or write the name"), first)
    from docgen.errors import JournalError
    from docgen.records.roll import open_roll

    try:
        roll = open_roll(archive_dir, create=False)
    except JournalError as exc:
        raise loaded.error(_("the member roll is needed but cannot be read: {error}").format(
            error=exc), first) from None
    people: dict[PathKey, Named] = {}
    with roll:
        for key, person in found:
            member = roll.member(person.id or 0)
            if member is None:
                raise loaded.error(_("no member #{id} on the roll (docgen members list)").format(
                                   id=person.id), (*key, "id"))
            if person.name is not None:
                for lang in ("ru", "kk"):
                    given = localized_name(person.name, lang)
                    if given and row_key(given) != row_key(member.name(lang)):
                        raise loaded.error(_(
                            "'{given}' is not the name of #{id} on the roll ('{name}'): write "
                            "the roll's name, or give the id alone").format(
                                given=given, id=member.id, name=member.name(lang)),
                            (*key, "name"))
            update: dict[str, Any] = {
                "name": person.name or LocalizedName(ru=member.name_ru, kk=member.name_kk)}
            if person.gender is None and member.gender:
                update["gender"] = {"m": "male", "f": "female"}[member.gender]
            has_position = "position" in type(person).model_fields
            if has_position and getattr(person, "position", None) is None and member.position_ru:
                update["position"] = Text(ru=member.position_ru, kk=member.position_kk)
            people[key] = person.model_copy(update=update)
    return Loaded(model=_filled(loaded.model, people), source=loaded.source,
                  rulebook=loaded.rulebook, roll=loaded.roll)
