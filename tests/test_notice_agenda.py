"""Notice and agenda end to end: CLI → .docx → text read back in each language.

Also the p.8 boundaries: a rule met exactly passes, broken by one day or one member fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm, Pt
from helpers import SAMPLES, read_docx_text, run_cli, sample_data, write_yaml

# What each sample's documents must say, in the official forms (typed out, not computed).
EXPECTED = {
    "session-34": {
        "roman": "XXXIV",
        "notice_date": {"ru": "20 марта 2026 года", "kk": "2026 жылғы 20 наурыз"},
        "session_date": {"ru": "6 мая 2026 года", "kk": "2026 жылғы 6 мамыр"},
    },
    "session-35-extraordinary": {
        "roman": "XXXV",
        "notice_date": {"ru": "21 августа 2026 года", "kk": "2026 жылғы 21 тамыз"},
        "session_date": {"ru": "10 сентября 2026 года", "kk": "2026 жылғы 10 қыркүйек"},
    },
}
STEMS = tuple(EXPECTED)
KINDS = ("notice", "agenda")
LANGS = ("ru", "kk")
FOREIGN_HEADINGS = {"kk": ("ИЗВЕЩЕНИЕ", "ПОВЕСТКА", "Повестка"),
                    "ru": ("ХАБАРЛАМА", "КҮН ТӘРТІБІ", "күн тәртібі")}
OWN_HEADINGS = {("notice", "ru"): "ИЗВЕЩЕНИЕ", ("notice", "kk"): "ХАБАРЛАМА",
                ("agenda", "ru"): "ПОВЕСТКА ДНЯ", ("agenda", "kk"): "КҮН ТӘРТІБІ"}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Render both samples, both kinds, both languages through the CLI once."""
    out = tmp_path_factory.mktemp("rendered")
    stdout: dict[tuple[str, str], str] = {}
    for stem in STEMS:
        for kind in KINDS:
            result = run_cli("render", kind, SAMPLES / f"{stem}.yaml", "--out", out)
            assert result.exit_code == 0, result.output + result.stderr
            stdout[(stem, kind)] = result.stdout
    return {"out": out, "stdout": stdout}


def _doc(rendered: dict, stem: str, kind: str, lang: str) -> Path:
    return Path(rendered["out"]) / stem / f"{kind}_{lang}.docx"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("stem", STEMS)
def test_document_holds_dates_number_place_and_agenda(rendered: dict, stem: str, kind: str,
                                                      lang: str) -> None:
    text = read_docx_text(_doc(rendered, stem, kind, lang))
    data = sample_data(f"{stem}.yaml")
    expected = EXPECTED[stem]
    assert expected["session_date"][lang] in text
    if kind == "notice":
        assert expected["notice_date"][lang] in text
        index = f"{data['notice_index']}/" if data.get("notice_index") else ""
        assert f"№ {index}{data['convocation']['notice_number']}" in text
    assert expected["roman"] in text
    assert data["place"][lang] in text
    for number, item in enumerate(data["agenda"], start=1):
        assert f"{number}. {item['title'][lang]}" in text
    assert OWN_HEADINGS[(kind, lang)] in text
    for heading in FOREIGN_HEADINGS[lang]:
        assert heading not in text, f"{heading!r} in the {lang} {kind}"
    other = "kk" if lang == "ru" else "ru"
    for item in data["agenda"]:
        assert item["title"][other] not in text


def test_agenda_names_speakers_with_their_positions(rendered: dict) -> None:
    data = sample_data("session-34.yaml")
    for lang in LANGS:
        text = read_docx_text(_doc(rendered, "session-34", "agenda", lang))
        for item in data["agenda"]:
            for person in item["speakers"]:
                name = person["name"]
                name = name[lang] if isinstance(name, dict) else name
                assert f"{name} — {person['position'][lang]}" in text
        assert ("Докладчики:" if lang == "ru" else "Баяндамашылар:") in text


def test_regular_notice_cites_the_one_month_rule(rendered: dict) -> None:
    ru = read_docx_text(_doc(rendered, "session-34", "notice", "ru"))
    kk = read_docx_text(_doc(rendered, "session-34", "notice", "kk"))
    assert "очередная XXXIV сессия Ассамблеи народа Казахстана" in ru
    assert "не позднее чем за один месяц" in ru
    assert "Қазақстан халқы Ассамблеясының кезекті XXXIV сессиясы" in kk
    assert "бір айдан кешіктірілмей" in kk
    assert "согласия и единства" in ru


def test_extraordinary_notice_mentions_the_requesting_members(rendered: dict) -> None:
    ru = read_docx_text(_doc(rendered, "session-35-extraordinary", "notice", "ru"))
    kk = read_docx_text(_doc(rendered, "session-35-extraordinary", "notice", "kk"))
    assert ("по просьбе 131 члена Ассамблеи народа Казахстана (не менее одной "
            "трети от общего числа членов, равного 384, — не менее 128), изложенной") in ru
    assert "внеочередная XXXV сессия" in ru
    assert "131 мүшенің 2026 жылғы 14 тамыздағы өтініші бойынша" in kk
    assert "требовани" not in ru and "талап" not in kk
    assert "кезектен тыс XXXV сессиясы" in kk
    # The one-month sentence belongs to regular sessions only.
    assert "не позднее чем за один месяц" not in ru
    assert "бір айдан кешіктірілмей" not in kk



def test_council_notice_leaves_out_the_sessions_one_month_rule(tmp_path: Path) -> None:
    """The one-month rule of p.8 is about sessions; a Council meeting (p.9) does not cite it."""
    result = run_cli("render", "notice", SAMPLES / "council-2026-05-02.yaml", "--out", tmp_path)
    assert result.exit_code == 0, result.output + result.stderr
    ru = read_docx_text(tmp_path / "council-2026-05-02" / "notice_ru.docx")
    kk = read_docx_text(tmp_path / "council-2026-05-02" / "notice_kk.docx")
    # the Council meets as needed (p.9): its meeting is not "очередное"
    assert "созывается заседание Совета Ассамблеи народа Казахстана" in ru
    assert "Қазақстан халқы Ассамблеясы Кеңесінің отырысы шақырылады" in kk
    assert "очередн" not in ru and "кезекті" not in kk
    assert "не позднее чем за один месяц" not in ru and "до открытия сессии" not in ru
    assert "бір айдан кешіктірілмей" not in kk and "сессия ашылғанға" not in kk


def test_signature_block_position_starts_with_a_capital(tmp_path: Path) -> None:
    """A position written in lower case for use inside a sentence opens the signature block
    with a capital letter (the rest is kept as written)."""
    result = run_cli("render", "notice", SAMPLES / "small-assembly-karaganda-12.yaml",
                     "--out", tmp_path)
    assert result.exit_code == 0, result.output + result.stderr
    ru = read_docx_text(tmp_path / "small-assembly-karaganda-12" / "notice_ru.docx")
    lines = ru.splitlines()
    assert lines[lines.index("Исп.: Жакупова А.С.") - 4:][:2] == [
        "Заведующая секретариатом Ассамблеи народа Казахстана Карагандинской области",
        "А. Жакупова"]

def test_output_paths_and_stdout(rendered: dict) -> None:
    out = Path(rendered["out"])
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == sorted(f"{stem}/{kind}_{lang}.docx" for stem in STEMS for kind in KINDS
                             for lang in LANGS)
    for (stem, kind), stdout in rendered["stdout"].items():
        listed = [Path(line) for line in stdout.splitlines() if line.strip()]
        assert listed == [(out / stem / f"{kind}_{lang}.docx").resolve() for lang in LANGS]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("stem", STEMS)
def test_a4_and_times_new_roman_14(rendered: dict, stem: str, kind: str) -> None:
    for lang in LANGS:
        doc = Document(str(_doc(rendered, stem, kind, lang)))
        for section in doc.sections:
            assert abs(section.page_width - Mm(210)) < Mm(0.5)
            assert abs(section.page_height - Mm(297)) < Mm(0.5)
        normal = doc.styles["Normal"].font
        assert normal.name == "Times New Roman"
        assert normal.size == Pt(14)
        paragraphs = list(doc.paragraphs) + [p for t in doc.tables for row in t.rows
                                             for cell in row.cells for p in cell.paragraphs]
        for paragraph in paragraphs:
            style = paragraph.style
            while style is not None and style.font.name is None:
                style = style.base_style
            assert style is not None and style.font.name == "Times New Roman"
            # the executor's name and phone are the one small text of the body (10 pt)
            small = paragraph.text.startswith(("Исп.:", "Орынд.:", "Тел.:"))
            for run in paragraph.runs:
                assert run.font.name in (None, "Times New Roman")
                assert run.font.size in ((Pt(10),) if small else (None, Pt(14)))


def test_lang_kk_writes_only_kazakh(tmp_path: Path) -> None:
    result = run_cli("render", "notice", SAMPLES / "session-34.yaml", "--lang", "kk",
                     "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    files = [p.name for p in tmp_path.rglob("*") if p.is_file()]
    assert files == ["notice_kk.docx"]
    assert result.stdout.strip() == str((tmp_path / "session-34" / "notice_kk.docx").resolve())


def test_missing_kazakh_text_is_fine_when_only_russian_is_asked(tmp_path: Path) -> None:
    data = sample_data("session-34.yaml")
    del data["agenda"][0]["title"]["kk"]
    path = write_yaml(tmp_path / "ru-only.yaml", data)
    out = tmp_path / "out"
    assert run_cli("render", "agenda", path, "--lang", "ru", "--out", out).exit_code == 0
    result = run_cli("render", "agenda", path, "--lang", "kk", "--out", tmp_path / "out2")
    assert result.exit_code == 1
    assert "agenda[1].title.kk" in result.stderr
    assert not (tmp_path / "out2").exists()


# --- p.8 boundaries: exactly on the limit passes, one day / one member over fails ---------

def _check(tmp_path: Path, name: str, **changes: object) -> tuple[int, str]:
    data = sample_data("session-34.yaml")
    for dotted, value in changes.items():
        target = data
        *parents, last = dotted.split("__")
        for part in parents:
            target = target[part]
        target[last] = value
    path = write_yaml(tmp_path / f"{name}.yaml", data)
    out = tmp_path / f"out-{name}"
    result = run_cli("render", "notice", path, "--out", out)
    if result.exit_code != 0:
        assert not out.exists() or not any(out.rglob("*"))
    return result.exit_code, result.stderr


def test_regular_notice_exactly_one_month_before_passes(tmp_path: Path) -> None:
    code, err = _check(tmp_path, "on-limit", date="2026-04-27",
                       convocation__notice_date="2026-03-27")
    assert code == 0, err
    code, err = _check(tmp_path, "late", date="2026-04-27", convocation__notice_date="2026-03-28")
    assert code == 1
    assert "p.8" in err and "2026-03-27" in err and "convocation.notice_date" in err


def test_month_end_clamps_to_the_shorter_month(tmp_path: Path) -> None:
    base = {"date": "2026-03-31", "convocation__decided_on": "2026-02-01"}
    code, err = _check(tmp_path, "feb28", convocation__notice_date="2026-02-28", **base)
    assert code == 0, err
    code, err = _check(tmp_path, "mar01", convocation__notice_date="2026-03-01", **base)
    assert code == 1
    assert "2026-02-28" in err and "1 day late" in err


def _extraordinary(requesting: int, members_total: int = 385, **more: object) -> dict:
    return {"kind": "extraordinary", "members_total": members_total, "date": "2026-04-27",
            "convocation__initiated_by": "members",
            "convocation__requesting_members": requesting,
            "convocation__request_date": "2026-03-20",
            "convocation__decided_on": "2026-04-01", "convocation__notice_date": "2026-04-02",
            **more}


def test_one_third_of_members_boundary(tmp_path: Path) -> None:
    code, err = _check(tmp_path, "r129", **_extraordinary(129))
    assert code == 0, err
    code, err = _check(tmp_path, "r128", **_extraordinary(128))
    assert code == 1
    assert "129" in err and "128 of 385" in err and "convocation.requesting_members" in err


def test_extraordinary_within_one_month_boundary(tmp_path: Path) -> None:
    dates = {"convocation__decided_on": "2026-03-27", "convocation__notice_date": "2026-03-28"}
    code, err = _check(tmp_path, "in", **{**_extraordinary(200), **dates, "date": "2026-04-27"})
    assert code == 0, err
    code, err = _check(tmp_path, "out", **{**_extraordinary(200), **dates, "date": "2026-04-28"})
    assert code == 1
    assert "within one month" in err and "2026-04-27" in err and "'date'" in err


def test_name_spelled_per_language_and_missing_spelling_is_named(tmp_path) -> None:
    import yaml

    data = yaml.safe_load((SAMPLES / "session-34.yaml").read_text("utf-8"))
    data["secretary"]["name"] = {"ru": "Мусин Арман Серикович", "kk": "Мусин Арман Серікұлы"}
    good = tmp_path / "names.yaml"
    good.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = run_cli("render", "notice", str(good), "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    data["chair"]["name"] = {"ru": "Токаев Касым-Жомарт Кемелевич", "kk": "Тоқаев Қасым-Жомарт"}
    data["agenda"][0]["speakers"][0]["name"] = {"ru": "Кульмагамбетов Ерлан Маратович",
                                                "kk": "Құлмағамбетов Ерлан Маратұлы"}
    good.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = run_cli("render", "agenda", str(good), "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert "Кульмагамбетов Ерлан Маратович" in read_docx_text(tmp_path / "names" / "agenda_ru.docx")
    assert "Құлмағамбетов Ерлан Маратұлы" in read_docx_text(tmp_path / "names" / "agenda_kk.docx")
    del data["secretary"]["name"]["kk"]
    bad = tmp_path / "names-bad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = run_cli("render", "notice", str(bad), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert "secretary.name.kk" in result.stderr
    assert not (tmp_path / "o").exists()
