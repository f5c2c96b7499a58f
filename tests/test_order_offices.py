"""Orders that change the Council (p.9) and state who holds an office of the roll (the akim as
chair of a small assembly, p.17; the head of its secretariat, p.19; a deputy chairman, p.7):
rendered in both languages, applied on the order's date from the signed copy, told by
`members list --council --on` and `members show --on`, and checked against the case's papers."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from helpers import SAMPLES, read_docx_text, run_cli, write_yaml

from docgen.records.roll import open_roll

ROLL = SAMPLES / "roll.csv"
ORDER_13 = SAMPLES / "order-2026-013.yaml"
BAD_CASES = Path(__file__).resolve().parent / "bad_cases"
DAY = "2026-09-14"
OLD_AKIM = "Жумабеков Ерлан Кайратович"
NEW_AKIM = {"ru": "Ибраев Канат Аскарович", "kk": "Ыбыраев Қанат Асқарұлы"}
DECREE = {"ru": "Указ Президента Республики Казахстан от 1 сентября 2026 года № 120",
          "kk": "Қазақстан Республикасы Президентінің 2026 жылғы 1 қыркүйектегі № 120 Жарлығы"}


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """The sample roll with order № 12 applied (the Council of 29 from 10 May)."""
    folder = tmp_path / "archive"
    assert run_cli("members", "import", ROLL, "--archive", folder).exit_code == 0
    applied = run_cli("members", "apply", "--without-signature", SAMPLES / "order-2026-012.yaml",
                      "--archive", folder)
    assert applied.exit_code == 0, applied.stderr
    return folder


def _order(path: Path, number: int = 14, **parts: object) -> Path:
    return write_yaml(path, {"order": {
        "number": number, "date": DAY, "place": {"ru": "г. Астана", "kk": "Астана қ."},
        "signatory": {"name": {"ru": "К. Токаев", "kk": "Қ. Тоқаев"},
                      "position": {"ru": "Председатель Ассамблеи народа Казахстана",
                                   "kk": "Қазақстан халқы Ассамблеясының Төрағасы"}},
        **parts}})


def _akim_order(path: Path, **extra: object) -> Path:
    return _order(path, appointments=[{
        "name": NEW_AKIM, "office": "small_assembly_chair", "region": "karaganda",
        "position": {"ru": "аким Карагандинской области", "kk": "Қарағанды облысының әкімі"},
        "basis": DECREE, **extra}])


def _council(archive: Path, day: str) -> list[str]:
    listed = run_cli("members", "list", "--council", "--on", day, "--json", "--archive", archive)
    assert listed.exit_code == 0, listed.stderr
    return [m["name_ru"] for m in json.loads(listed.stdout)]


def test_the_sample_order_brings_the_council_back_to_31(archive: Path) -> None:
    dry = run_cli("members", "apply", "--dry-run", ORDER_13, "--archive", archive)
    assert dry.exit_code == 0, dry.stderr
    assert "take    #386 Ким Виктор Алексеевич: council from 2026-09-14, order № 13" in dry.stdout
    assert _council(archive, DAY) == _council(archive, "2026-06-15")  # a dry run writes nothing
    applied = run_cli("members", "apply", "--without-signature", ORDER_13, "--archive", archive)
    assert applied.exit_code == 0, applied.stderr
    assert "roll changed: 2 take, 0 unchanged" in applied.stdout
    before, after = _council(archive, "2026-09-13"), _council(archive, DAY)
    assert (len(before), len(after)) == (29, 31)
    assert set(after) - set(before) == {"Ким Виктор Алексеевич", "Абдуллаев Рустам Хамидович"}
    shown = run_cli("members", "show", "Абдуллаев Рустам Хамидович", "--on", DAY,
                    "--archive", archive)
    assert "on 2026-09-14:  member; council" in shown.stdout
    assert "council from 2026-09-14 (order № 13)" in shown.stdout


def test_the_new_akim_holds_the_office_and_the_previous_one_leaves_it(archive: Path,
                                                                      tmp_path: Path) -> None:
    order = _akim_order(tmp_path / "order.yaml")
    applied = run_cli("members", "apply", "--without-signature", order, "--archive", archive)
    assert applied.exit_code == 0, applied.stderr
    assert "roll changed: 1 take, 1 leave, 0 unchanged" in applied.stdout
    with open_roll(archive) as roll:
        old = roll.find(OLD_AKIM)[0]
        new = roll.find(NEW_AKIM["ru"])[0]
        assert roll.holders("small_assembly_chair", dt.date(2026, 9, 13), "karaganda") == [old.id]
        assert roll.holders("small_assembly_chair", dt.date(2026, 9, 14), "karaganda") == [new.id]
        assert roll.membership_on(old.id, dt.date(2026, 9, 14)) is not None  # still a member
    shown = run_cli("members", "show", OLD_AKIM, "--on", DAY, "--archive", archive)
    assert "on 2026-09-14:  member; council" in shown.stdout
    assert "small_assembly_chair karaganda from 2022-03-15 (order № 4) to 2026-09-14 " \
           "(order № 14)" in shown.stdout
    shown = run_cli("members", "show", NEW_AKIM["kk"], "--on", DAY, "--archive", archive)
    assert "on 2026-09-14:  member; small_assembly_chair karaganda" in shown.stdout


def test_the_order_reads_in_both_languages(tmp_path: Path) -> None:
    order = _order(tmp_path / "order.yaml", council_changes={
        "include": [{"name": "Ким Людмила Германовна"}],
        "exclude": [{"name": "Бейсенов Саят Жумабаевич"}]},
        appointments=[{"name": NEW_AKIM, "office": "small_assembly_chair",
                       "region": "karaganda", "basis": DECREE,
                       "position": {"ru": "аким Карагандинской области",
                                    "kk": "Қарағанды облысының әкімі"}}])
    out = tmp_path / "out"
    made = run_cli("render", "order", order, "--out", out)
    assert made.exit_code == 0, made.stderr
    ru = read_docx_text(out / "order" / "order_ru.docx")
    kk = read_docx_text(out / "order" / "order_kk.docx")
    assert "О составе Совета Ассамблеи народа Казахстана" in ru
    assert "В соответствии с пунктами 9 и 17 Положения об Ассамблее народа Казахстана" in ru
    assert "1. Внести в состав Совета Ассамблеи народа Казахстана следующие изменения:" in ru
    assert "ввести в состав Совета Ассамблеи народа Казахстана:\nКим Людмилу Германовну;" in ru
    assert "вывести из состава Совета Ассамблеи народа Казахстана:\nБейсенова Саята " \
           "Жумабаевича." in ru
    assert ("2. Считать председателем Ассамблеи народа Казахстана Карагандинской области "
            "Ибраева Каната Аскаровича (аким Карагандинской области), основание: Указ "
            "Президента Республики Казахстан от 1 сентября 2026 года № 120.") in ru
    assert "3. Настоящее распоряжение вводится в действие со дня подписания." in ru
    assert "Қазақстан халқы Ассамблеясы Кеңесінің құрамы туралы" in kk
    assert "ереженің 9 және 17-тармақтарына сәйкес" in kk
    assert "Кеңес құрамына енгізілсін:\nКим Людмила Германовна;" in kk
    assert "Кеңес құрамынан шығарылсын:\nБейсенов Саят Жумабаевич." in kk  # as the data spells it
    assert ("2. Ыбыраев Қанат Асқарұлы (Қарағанды облысының әкімі) Қарағанды облысы Қазақстан "
            "халқы Ассамблеясының төрағасы болып саналсын, негіздеме: Қазақстан Республикасы "
            "Президентінің 2026 жылғы 1 қыркүйектегі № 120 Жарлығы.") in kk
    assert "3. Осы өкім қол қойылған күнінен бастап қолданысқа енгізіледі." in kk


def test_the_signed_copy_applies_the_offices(archive: Path, tmp_path: Path) -> None:
    from docgen.archive.signing_demo import make_test_identity, sign_pdf_bytes

    order = _akim_order(tmp_path / "order-2026-014.yaml")
    out = tmp_path / "out"
    made = run_cli("render", "order", order, "--out", out, "--pdf", "--archive", archive)
    assert made.exit_code == 0, made.stderr
    with open_roll(archive) as roll:  # rendered, not signed: nothing changed
        assert roll.offices(office="small_assembly_chair", scope="karaganda")[-1].to_on is None
    signed = tmp_path / "order_ru.signed.pdf"
    signed.write_bytes(sign_pdf_bytes((out / "order-2026-014" / "order_ru.pdf").read_bytes(),
                                      make_test_identity()))
    added = run_cli("archive", "add", signed, "--archive", archive)
    assert added.exit_code == 0, added.stderr
    assert "roll: order № 14 of 2026-09-14 applied: 1 take, 1 leave, 0 unchanged" in added.stdout
    with open_roll(archive) as roll:
        new = roll.find(NEW_AKIM["ru"])[0]
        assert roll.holders("small_assembly_chair", dt.date(2026, 9, 14), "karaganda") == [new.id]


def test_check_names_a_paper_giving_the_previous_akim(archive: Path, tmp_path: Path) -> None:
    case = tmp_path / "case"
    shutil.copytree(BAD_CASES / "akim-changed-by-order", case)
    shutil.rmtree(case / "clean")
    applied = run_cli("members", "apply", "--without-signature", case / "order-2026-013.yaml",
                      "--archive", archive)
    assert applied.exit_code == 0, applied.stderr
    result = run_cli("check", case, "--archive", archive)
    assert result.exit_code == 1
    assert "small-assembly-karaganda-13.yaml:27: field 'chair.name'" in result.stderr
    assert (f"'{OLD_AKIM}' (#154) is named as 'the akim, chair of the small assembly of "
            "karaganda (chair)' on 2026-11-20, but the roll has 'Ибраев Канат Аскарович' "
            "(#165, since 2026-09-14 by order № 13)") in result.stderr
    clean = run_cli("check", BAD_CASES / "akim-changed-by-order" / "clean", "--archive", archive)
    assert clean.exit_code == 0, clean.stderr


def test_a_third_deputy_chairman_needs_whom_he_replaces(archive: Path, tmp_path: Path) -> None:
    with open_roll(archive) as roll:
        deputies = [roll.member(i) for i in roll.holders("deputy_chairman", dt.date(2026, 9, 14))]
    assert len(deputies) == 2
    entry = {"name": "Ким Людмила Германовна", "office": "deputy_chairman"}
    order = _order(tmp_path / "order.yaml", appointments=[entry])
    refused = run_cli("members", "apply", "--without-signature", order, "--archive", archive)
    assert refused.exit_code == 1
    assert "order.yaml:" in refused.stderr and "field 'order.appointments[1].office'" in \
        refused.stderr
    assert "the Chairman has two deputies (p.7)" in refused.stderr
    order = _order(tmp_path / "order.yaml",
                   appointments=[{**entry, "replaces": deputies[0].name_ru}])
    applied = run_cli("members", "apply", "--without-signature", order, "--archive", archive)
    assert applied.exit_code == 0, applied.stderr
    with open_roll(archive) as roll:
        now = {roll.member(i).name_ru for i in roll.holders("deputy_chairman",
                                                            dt.date(2026, 9, 14))}
    assert now == {deputies[1].name_ru, "Ким Людмила Германовна"}


@pytest.mark.parametrize(("parts", "field", "says"), [
    ({"council_changes": {"include": [{"name": "Бейсенов Саят Жумабаевич"}]}},
     "order.council_changes.include[1].name", "is on the Council already on 2026-09-14"),
    ({"council_changes": {"exclude": [{"name": "Ким Людмила Германовна"}]}},
     "order.council_changes.exclude[1].name", "is not on the Council on 2026-09-14"),
    ({"council_changes": {"include": [{"name": "Оспанов Ерлан Маратович"}]}},
     "order.council_changes.include[1].name", "is not a member of the Assembly on 2026-09-14"),
    ({"appointments": [{"name": OLD_AKIM, "office": "small_assembly_chair",
                        "region": "karaganda"}]},
     "order.appointments[1].name", "holds small_assembly_chair already on 2026-09-14"),
    ({"appointments": [{"name": NEW_AKIM, "office": "small_assembly_chair",
                        "region": "karaganda", "replaces": "Ким Людмила Германовна"}]},
     "order.appointments[1].replaces", f"the roll has '{OLD_AKIM}'"),
])
def test_what_the_roll_refuses(archive: Path, tmp_path: Path, parts: dict, field: str,
                               says: str) -> None:
    order = _order(tmp_path / "order.yaml", **parts)
    result = run_cli("members", "apply", "--without-signature", order, "--archive", archive)
    assert result.exit_code == 1
    assert f"field '{field}'" in result.stderr and says in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    with open_roll(archive) as roll:
        assert roll.order_applied(2026, 14) is None  # nothing written


@pytest.mark.parametrize(("parts", "field", "says"), [
    ({"appointments": [{"name": OLD_AKIM, "office": "small_assembly_chair"}]},
     "order.appointments[1].office", "is an office of a region"),
    ({"appointments": [{"name": OLD_AKIM, "office": "secretariat_head", "region": "karaganda"}]},
     "order.appointments[1].region", "region is only for the offices of a small assembly"),
    ({"council_changes": {}}, "order.council_changes", "includes no one and excludes no one"),
    ({"council_changes": {"include": [{"name": OLD_AKIM}], "exclude": [{"name": OLD_AKIM}]}},
     "order.council_changes.exclude[1].name", "already listed under council_changes.include"),
])
def test_what_the_order_check_refuses(tmp_path: Path, parts: dict, field: str,
                                      says: str) -> None:
    order = _order(tmp_path / "order.yaml", **parts)
    result = run_cli("check", order)
    assert result.exit_code == 1
    assert f"field '{field}'" in result.stderr and says in result.stderr, result.stderr


@pytest.mark.parametrize(("lang", "says"), [
    ("ru", "по списку членов в тот день small assembly chair of karaganda — 'Ибраев Канат "
           "Аскарович' (#165, с 2026-09-14 по order № 13"),
    ("kk", "мүшелер тізімі бойынша сол күні small assembly chair of karaganda — 'Ибраев Канат "
           "Аскарович' (#165, 2026-09-14 бастап, order № 13"),
])
def test_check_says_it_in_the_secretarys_language(archive: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch, lang: str,
                                                  says: str) -> None:
    monkeypatch.setenv("DOCGEN_UI_LANG", lang)
    result = run_cli("check", BAD_CASES / "akim-changed-by-order", "--archive", archive)
    assert result.exit_code == 1
    assert says in result.stderr, result.stderr
    assert "'Жумабеков Ерлан Кайратович' (#154)" in result.stderr
