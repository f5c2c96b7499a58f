"""Read a member roll file (CSV or Excel) into checked rows, with ``file:row`` errors.

One member per row; the first row names the columns (:data:`COLUMNS`, any order).
Every problem of every row is collected and reported together, so a secretary fixes
the file in one pass; nothing is returned unless the whole file is right.

    roll.csv:17: column 'region': unknown region 'karagandy' (did you mean karaganda?)
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import DataError, lead, more_problems, open_regular, why
from docgen.i18n import _
from docgen.input.loader import check_text
from docgen.input.regions import load_regions

REPUBLICAN = "republican"
"""The ``region`` of a member who sits for a republican association, not a region."""

COLUMNS: dict[str, str] = {
    "id": "roll id of an existing member (empty for a new one; matched by name_ru then)",
    "name_ru": "full name as written in Russian: 'Ким Виктор Алексеевич'",
    "name_kk": "full name as written in Kazakh: 'Ким Виктор Алексеевич', 'Тоқаев …'",
    "gender": "m or f (м/ж): 'Уважаемый' or 'Уважаемая' in letters",
    "position_ru": "position (job title) in Russian",
    "position_kk": "position (job title) in Kazakh",
    "region": f"region id (docgen regions) or '{REPUBLICAN}' for a republican association",
    "seat": "office (by virtue of office) or personal",
    "civil_servant": "yes/no: a civil servant sitting by virtue of office",
    "council": "yes/no: a member of the Council of the Assembly (first import only; later "
               "changes come from the orders and decisions that make them)",
    "council_since": "date the Council membership began, YYYY-MM-DD (default admitted_on)",
    "phone": "telephone",
    "email": "e-mail",
    "address": "postal address",
    "language": "ru, kk or both (default both): the language of personal letters",
    "admitted_on": "date of admission, YYYY-MM-DD (required for a new member)",
    "admit_order": "number of the admission order",
    "office": "an office held (first import only): chairman, deputy_chairman, "
              "secretariat_head, small_assembly_chair (the akim), "
              "small_assembly_secretariat_head (of the member's region), association_head "
              "(of the association in position_ru); empty for none",
    "office_since": "date the office began, YYYY-MM-DD (default admitted_on)",
}
OFFICE_NAMES = ("chairman", "deputy_chairman", "secretariat_head", "small_assembly_chair",
                "small_assembly_secretariat_head", "association_head")
"""The offices a roll file's ``office`` column may name (the Council has its own column)."""
REQUIRED = ("name_ru", "name_kk", "gender", "region")
GENDERS = {"m": "m", "f": "f", "м": "m", "ж": "f", "male": "m", "female": "f"}
SEATS = ("office", "personal")
LANGUAGES = ("ru", "kk", "both")
_YES = {"yes": True, "y": True, "true": True, "1": True, "да": True, "иә": True,
        "no": False, "n": False, "false": False, "0": False, "нет": False, "жоқ": False, "": False}
_MAX_REPORTED = 20


@dataclass(frozen=True)
class MemberRow:
    """One checked row of a roll file."""

    row: int
    id: int | None
    name_ru: str
    name_kk: str
    gender: str
    position_ru: str
    position_kk: str
    region: str
    seat: str | None
    civil_servant: bool
    council: bool
    phone: str
    email: str
    address: str
    language: str
    admitted_on: dt.date | None
    admit_order: str
    office: str = ""
    office_since: dt.date | None = None
    council_since: dt.date | None = None
    given: frozenset[str] = frozenset()
    """The columns the file has (a column left out changes nothing)."""

    def office_scope(self) -> str:
        """Where the office is held: the region (small assemblies), the association (its
        position as written), or '' (the Assembly's own offices)."""
        if self.office.startswith("small_assembly_"):
            return self.region
        return self.position_ru if self.office == "association_head" else ""


def _cell(value: Any) -> str:
    """A cell as text (Excel gives numbers and dates; CSV gives text)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def read_table(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) for every non-empty data row of a CSV or XLSX file."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            raw_rows = _xlsx_rows(path)
        elif suffix == ".csv":
            with open_regular(path) as handle:
                text = handle.read().decode("utf-8-sig")
            raw_rows = list(enumerate(csv.reader(io.StringIO(text)), start=1))
        else:
            raise DataError(_("a roll file is .csv or .xlsx"), path=path)
    except UnicodeDecodeError:
        raise DataError(_("not UTF-8 text: save the CSV as UTF-8"), path=path) from None
    except FileNotFoundError:
        from docgen.input.loader import nearest_name

        raise DataError(_("file not found") + nearest_name(path), path=path) from None
    except OSError as exc:
        raise DataError(_("cannot read it: {reason}").format(reason=why(exc)),
                        path=path) from None
    except csv.Error as exc:
        raise DataError(_("not a readable CSV file: {reason}").format(reason=exc),
                        path=path) from None
    if not raw_rows:
        raise DataError(_("the file is empty: the first row must name the columns"), path=path)
    header_row, header = raw_rows[0]
    names = [_cell(h).lower() for h in header]
    problems = []
    for name in names:
        if name and name not in COLUMNS:
            close = difflib.get_close_matches(name, list(COLUMNS), n=1)
            hint = _did_you_mean(close)
            problems.append(_("unknown column '{name}'{hint}; columns: {columns}").format(
                name=name, hint=hint, columns=", ".join(COLUMNS)))
    problems += [_("required column '{column}' is missing").format(column=c)
                 for c in REQUIRED if c not in names]
    if problems:
        raise DataError("; ".join(problems), path=path, line=header_row)
    rows = []
    for number, raw in raw_rows[1:]:
        cells = [_cell(v) for v in raw]
        if not any(cells):
            continue
        rows.append((number, {n: (cells[i] if i < len(cells) else "")
                              for i, n in enumerate(names) if n}))
    return rows


def _xlsx_rows(path: Path) -> list[tuple[int, tuple[Any, ...]]]:
    """The rows of the first sheet of an Excel workbook, numbered as Excel shows them."""
    import zipfile

    from openpyxl import load_workbook

    with open_regular(path):  # a pipe or a device is refused before openpyxl waits on it
        pass
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DataError(_("not a readable Excel (.xlsx) workbook: {reason}").format(reason=exc),
                        path=path) from None
    try:
        sheet = book.worksheets[0]
        return list(enumerate(sheet.iter_rows(values_only=True), start=1))
    finally:
        book.close()


def _bool(value: str) -> bool:
    try:
        return _YES[value.lower()]
    except KeyError:
        raise ValueError(_("'{value}' is not yes or no").format(value=value)) from None


def _did_you_mean(close: list[str]) -> str:
    return _(" (did you mean {name}?)").format(name=close[0]) if close else ""


def _row(values: dict[str, str], number: int) -> tuple[MemberRow | None, list[tuple[str, str]]]:
    """A checked row, or the (column, problem) pairs that stop it."""
    problems: list[tuple[str, str]] = []
    get = values.get
    for column in REQUIRED:
        if not get(column, ""):
            problems.append((column, _("is empty; every member needs it")))
    for column, value in values.items():
        why = check_text(value)
        if why:
            problems.append((column, why))
    parsed: dict[str, Any] = {}
    region = get("region", "")
    if region and region != REPUBLICAN and region not in load_regions():
        close = difflib.get_close_matches(region.lower(), [*load_regions(), REPUBLICAN], n=1)
        hint = _did_you_mean(close) or _(" (docgen regions; or {republican})").format(
            republican=REPUBLICAN)
        problems.append(("region", _("unknown region '{region}'{hint}").format(
            region=region, hint=hint)))
    gender = get("gender", "")
    if gender and gender.lower() not in GENDERS:
        problems.append(("gender", _("'{value}' is not m or f").format(value=gender)))
    seat = get("seat", "") or None
    if seat is not None and seat not in SEATS:
        problems.append(("seat", _not_one_of(seat, SEATS)))
    language = get("language", "") or "both"
    if language not in LANGUAGES:
        problems.append(("language", _not_one_of(language, LANGUAGES)))
    for column in ("civil_servant", "council"):
        try:
            parsed[column] = _bool(get(column, ""))
        except ValueError as exc:
            problems.append((column, str(exc)))
    if parsed.get("civil_servant") and seat == "personal":
        problems.append(("civil_servant", _("a civil servant sits by virtue of office "
                                            "(seat: office), not personally")))
    if bool(get("position_ru", "")) != bool(get("position_kk", "")):
        missing = "position_kk" if get("position_ru", "") else "position_ru"
        problems.append((missing, _("is empty while the other language's position is given")))
    office = get("office", "")
    if office and office not in OFFICE_NAMES:
        close = difflib.get_close_matches(office, OFFICE_NAMES, n=1)
        problems.append(("office", _("unknown office '{office}'{hint}; offices: {offices}")
                         .format(office=office, hint=_did_you_mean(close),
                                 offices=", ".join(OFFICE_NAMES))))
    if office.startswith("small_assembly_") and region == REPUBLICAN:
        problems.append(("office", _("{office} is held in a region: give the region id")
                         .format(office=office)))
    if office == "association_head" and not get("position_ru", ""):
        problems.append(("position_ru", _("association_head needs the position naming the "
                                          "association ('председатель Ассоциации …')")))
    for column, convert in (("id", int), ("admitted_on", dt.date.fromisoformat),
                            ("office_since", dt.date.fromisoformat),
                            ("council_since", dt.date.fromisoformat)):
        try:
            parsed[column] = convert(get(column, "")) if get(column, "") else None
        except ValueError:
            problems.append((column, (_("'{value}' is not a whole number") if column == "id"
                                      else _("'{value}' is not a date as YYYY-MM-DD"))
                             .format(value=get(column, ""))))
    if problems:
        return None, problems
    return MemberRow(
        row=number, id=parsed["id"], name_ru=get("name_ru", ""), name_kk=get("name_kk", ""),
        gender=GENDERS[gender.lower()], position_ru=get("position_ru", ""),
        position_kk=get("position_kk", ""), region=region, seat=seat,
        civil_servant=parsed["civil_servant"], council=parsed["council"],
        phone=get("phone", ""), email=get("email", ""), address=get("address", ""),
        language=language, admitted_on=parsed["admitted_on"],
        admit_order=get("admit_order", ""), office=office,
        office_since=parsed["office_since"], council_since=parsed["council_since"],
        given=frozenset(values),
    ), []


def _not_one_of(value: str, allowed: tuple[str, ...] | list[str]) -> str:
    return _("'{value}' is not one of: {allowed}").format(value=value, allowed=", ".join(allowed))


def read_roll_file(path: str | Path) -> list[MemberRow]:
    """Every row of the roll file, checked; one DataError listing every bad row otherwise."""
    path = Path(path)
    rows: list[MemberRow] = []
    errors: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}
    for number, values in read_table(path):
        row, problems = _row(values, number)
        for column, problem in problems:
            errors.append((number, column, problem))
        if row is None:
            continue
        key = row_key(row.name_ru)
        if row.id is None and key in seen:
            errors.append((number, "name_ru", _("'{name}' is also on row {row}; give each "
                                                "namesake their roll id").format(
                name=row.name_ru, row=seen[key])))
        seen.setdefault(key, number)
        rows.append(row)
    if errors:
        number, column, problem = errors[0]
        extra = "".join(f"\n{lead(path, n)} {_column(c)} {p}"
                        for n, c, p in errors[1:_MAX_REPORTED])
        if len(errors) > _MAX_REPORTED:
            extra += "\n" + more_problems(len(errors) - _MAX_REPORTED)
        raise DataError(f"{_column(column)} {problem}{extra}", path=path, line=number)
    if not rows:
        raise DataError(_("no members in the file (only the header row)"), path=path)
    return rows


def _column(name: str) -> str:
    """The lead of a row's problem, after ``file:line:``; the same in every language."""
    return f"column '{name}':"  # i18n: keep


def row_key(name: str) -> str:
    """A name as compared: case, 'ё' and spacing do not matter."""
    return " ".join(name.replace("ё", "е").replace("Ё", "Е").lower().split())
