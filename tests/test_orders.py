"""Membership orders (распоряжение / өкім): rendered text in both languages, rules, CLI."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from docgen.cli import cli
from docgen.errors import DataError, RuleError
from docgen.papers.pipeline import check_file, data_kinds, render

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "order-2026-012.yaml"
BAD = sorted((Path(__file__).resolve().parent / "bad_inputs").glob("order-*.yaml"))

ADMITTED = ("Ким Виктор Алексеевич", "Абдуллаев Рустам Хамидович", "Пак Елена Сергеевна")
REMOVED = ("Сергеев Павел Николаевич", "Оспанов Ерлан Маратұлы", "Гофман Ирина Владимировна",
           "Мамедов Тофик Ильясович")
# Russian: "Включить в состав …: кого?" — the accusative, name and position
ADMITTED_RU = ("Кима Виктора Алексеевича — заместителя председателя корейского этнокультурного "
               "центра Карагандинской области", "Абдуллаева Рустама Хамидовича — председателя",
               "Пак Елену Сергеевну — заместителя председателя")
REMOVED_RU = ("Сергеева Павла Николаевича — бывшего заместителя акима",
              "Оспанова Ерлана Маратовича — бывшего председателя",
              "Гофман Ирину Владимировну — председателя", "Мамедова Тофика Ильясовича")
PEOPLE = {"ru": ADMITTED_RU + REMOVED_RU, "kk": ADMITTED + REMOVED}


def texts(path: Path) -> list[str]:
    """Paragraph texts of a .docx, body and table cells, in document order."""
    def walk(parent) -> list[str]:
        found: list[str] = []
        for block in parent.iter_inner_content():
            if isinstance(block, Paragraph):
                found.append(block.text)
            elif isinstance(block, Table):
                for row in block.rows:
                    for cell in row.cells:
                        found.extend(walk(cell))
        return found

    return walk(Document(str(path)))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The sample order rendered in both languages, read back as paragraph texts."""
    out = tmp_path_factory.mktemp("orders")
    result = render("order", SAMPLE, out_dir=out)
    names = sorted(p.name for p in result.written)
    assert names == ["order_kk.docx", "order_ru.docx"]
    return {p.stem[-2:]: texts(p) for p in result.written}


def line_with(paragraphs: list[str], start: str) -> str:
    """The one paragraph that starts with ``start``."""
    hits = [p for p in paragraphs if p.startswith(start)]
    assert len(hits) == 1, (start, hits)
    return hits[0]


def test_ru_order_text(rendered: dict[str, list[str]]) -> None:
    ru = rendered["ru"]
    full = "\n".join(ru)
    assert ru[0] == "ПРЕДСЕДАТЕЛЬ АССАМБЛЕИ НАРОДА КАЗАХСТАНА"
    assert "РАСПОРЯЖЕНИЕ" in ru and "ӨКІМ" not in full
    assert "10 мая 2026 года" in ru and "№ 12" in ru and "г. Астана" in ru
    assert ("В соответствии с пунктами 13–15 и 20 Положения об Ассамблее народа Казахстана, "
            "утвержденного Указом Президента Республики Казахстан от 26 апреля 2002 года "
            "№ 856, с учетом протокола заседания Совета Ассамблеи народа Казахстана "
            "от 2 мая 2026 года № 4:") in ru
    assert ("1. По представлению заместителей Председателя Ассамблеи народа Казахстана от 5 мая "
            "2026 года включить в состав Ассамблеи народа Казахстана:") in ru
    assert ("2. По представлению заместителей Председателя Ассамблеи народа Казахстана от 6 мая "
            "2026 года вывести из состава Ассамблеи народа Казахстана:") in ru
    assert ("3. В связи с выходом по собственному желанию вывести из состава Ассамблеи народа "
            "Казахстана:") in ru
    assert "4. Настоящее распоряжение вводится в действие со дня подписания." in ru
    assert line_with(ru, "Кима Виктора Алексеевича").endswith(
        ", по решению сессии Ассамблеи народа Казахстана Карагандинской области "
        "от 15 апреля 2026 года;")
    assert line_with(ru, "Абдуллаева Рустама Хамидовича").endswith(
        "по решению сессии Ассамблеи народа Казахстана города Шымкента от 17 апреля 2026 года;")
    assert line_with(ru, "Пак Елену Сергеевну").endswith(
        "по решению высшего органа объединения «Ассоциация корейцев Казахстана» "
        "от 20 апреля 2026 года.")
    assert line_with(ru, "Сергеева Павла Николаевича").endswith(
        ", в связи с изменением места работы (государственный служащий, входивший в состав "
        "Ассамблеи по своей должности);")
    assert line_with(ru, "Оспанова Ерлана Маратовича").endswith(
        ", в связи с освобождением от выборной должности (лицо, входившее в состав Ассамблеи "
        "по своей должности);")
    assert line_with(ru, "Гофман Ирину Владимировну").endswith(
        ", на основании личного заявления от 4 мая 2026 года.")
    assert line_with(ru, "Мамедова Тофика Ильясовича") == (
        "Мамедова Тофика Ильясовича, по иным основаниям: в связи с систематическим "
        "неучастием в работе Ассамблеи.")  # the named ground's fixed wording (rulebook)
    assert ru[-2:] == ["Председатель Ассамблеи народа Казахстана", "К. Токаев"]


def test_kk_order_text(rendered: dict[str, list[str]]) -> None:
    kk = rendered["kk"]
    full = "\n".join(kk)
    assert kk[0] == "ҚАЗАҚСТАН ХАЛҚЫ АССАМБЛЕЯСЫНЫҢ ТӨРАҒАСЫ"
    assert "ӨКІМ" in kk and "РАСПОРЯЖЕНИЕ" not in full
    assert "2026 жылғы 10 мамыр" in kk and "№ 12" in kk and "Астана қ." in kk
    assert ("Қазақстан Республикасы Президентінің 2002 жылғы 26 сәуірдегі № 856 Жарлығымен "
            "бекітілген Қазақстан халқы Ассамблеясы туралы ереженің 13–15 және "
            "20-тармақтарына сәйкес және Қазақстан халқы Ассамблеясы Кеңесі отырысының "
            "2026 жылғы 2 мамырдағы № 4 хаттамасын ескере отырып:") in kk
    assert ("1. Қазақстан халқы Ассамблеясы Төрағасы орынбасарларының 2026 жылғы 5 мамырдағы "
            "ұсынуы бойынша Қазақстан халқы Ассамблеясының құрамына енгізілсін:") in kk
    assert ("2. Қазақстан халқы Ассамблеясы Төрағасы орынбасарларының 2026 жылғы 6 мамырдағы "
            "ұсынуы бойынша Қазақстан халқы Ассамблеясының құрамынан шығарылсын:") in kk
    assert ("3. Өз еркімен шығуына байланысты Қазақстан халқы Ассамблеясының құрамынан "
            "шығарылсын:") in kk
    assert "4. Осы өкім қол қойылған күнінен бастап қолданысқа енгізіледі." in kk
    assert line_with(kk, "Ким Виктор Алексеевич").endswith(
        ", Қарағанды облысы Қазақстан халқы Ассамблеясы сессиясының 2026 жылғы 15 сәуірдегі "
        "шешімі бойынша;")
    assert line_with(kk, "Абдуллаев Рустам Хамидович").endswith(
        "Шымкент қаласы Қазақстан халқы Ассамблеясы сессиясының 2026 жылғы 17 сәуірдегі "
        "шешімі бойынша;")
    assert line_with(kk, "Пак Елена Сергеевна").endswith(
        "«Қазақстан кәрістері қауымдастығы» бірлестігі жоғары органының 2026 жылғы "
        "20 сәуірдегі шешімі бойынша.")
    assert line_with(kk, "Сергеев Павел Николаевич").endswith(
        ", жұмыс орнының өзгеруіне байланысты (Ассамблея құрамына лауазымы бойынша енген "
        "мемлекеттік қызметші);")
    assert line_with(kk, "Оспанов Ерлан Маратұлы").endswith(
        ", сайланбалы лауазымнан босатылуына байланысты (Ассамблея құрамына лауазымы бойынша "
        "енген тұлға);")
    assert line_with(kk, "Гофман Ирина Владимировна").endswith(
        ", 2026 жылғы 4 мамырдағы жеке өтініші негізінде.")
    assert line_with(kk, "Мамедов Тофик Ильясович") == (
        "Мамедов Тофик Ильясович, өзге де негіздер бойынша: Ассамблея жұмысына жүйелі түрде "
        "қатыспауына байланысты.")
    assert kk[-2:] == ["Қазақстан халқы Ассамблеясының Төрағасы", "Қ. Тоқаев"]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_person_once_and_no_other_language(rendered: dict[str, list[str]],
                                                  lang: str) -> None:
    full = "\n".join(rendered[lang])
    for name in PEOPLE[lang]:
        assert full.count(name) == 1, name
    other = {"ru": ("шешімі", "байланысты", "жылғы", "Кеңесі"),
             "kk": ("по решению", "в связи", "года", "Совета")}[lang]
    for word in other:
        assert word not in full, word
    assert "{{" not in full and "{%" not in full


def test_document_identity(tmp_path: Path) -> None:
    first = render("order", SAMPLE, out_dir=tmp_path / "a")
    again = render("order", SAMPLE, out_dir=tmp_path / "b")
    ids = {d.lang: d.info.doc_id for d in first.documents}
    assert ids == {d.lang: d.info.doc_id for d in again.documents}
    assert ids["ru"] != ids["kk"]
    for doc, path in zip(first.documents, first.written, strict=True):
        assert doc.info.kind == "order" and doc.info.body == "assembly"
        assert doc.info.number == "12" and doc.info.date.isoformat() == "2026-05-10"
        custom = zipfile.ZipFile(path).read("docProps/custom.xml").decode()
        assert doc.info.doc_id in custom and ">order<" in custom
    assert [p.read_bytes() for p in first.written] == [p.read_bytes() for p in again.written]


def _variant(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(SAMPLE.read_text("utf-8"))
    change(data["order"])
    path = tmp_path / "order-variant.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def test_removals_only_renumber_points_and_cite_p15(tmp_path: Path) -> None:
    def only_removals(order: dict) -> None:
        order["admit"] = []
        del order["council_meeting"]
        order["remove"] = [r for r in order["remove"] if r["ground"] != "own_request"]

    result = render("order", _variant(tmp_path, only_removals), out_dir=tmp_path / "out")
    ru, kk = (texts(p) for p in result.written)
    assert ("1. По представлению заместителей Председателя Ассамблеи народа Казахстана от 6 мая "
            "2026 года вывести из состава Ассамблеи народа Казахстана:") in ru
    assert "2. Настоящее распоряжение вводится в действие со дня подписания." in ru
    assert not any("ключить" in p for p in ru)
    basis = line_with(ru, "В соответствии с пунктом 15 Положения об Ассамблее")
    assert basis.endswith("№ 856:") and "протокол" not in basis
    assert ("1. Қазақстан халқы Ассамблеясы Төрағасы орынбасарларының 2026 жылғы 6 мамырдағы "
            "ұсынуы бойынша Қазақстан халқы Ассамблеясының құрамынан шығарылсын:") in kk
    assert any(p.endswith("ереженің 15-тармағына сәйкес:") for p in kk)
    assert not any("хаттама" in p for p in kk)


def test_same_day_dates_are_allowed(tmp_path: Path) -> None:
    def same_day(order: dict) -> None:
        order["council_meeting"]["date"] = order["date"]
        order["council_meeting"]["presented_on"] = order["date"]
        for a in order["admit"]:
            a["nominated_by"]["decision_date"] = order["date"]

    assert check_file(_variant(tmp_path, same_day)) == ("order",)


def test_nomination_after_order_is_refused(tmp_path: Path) -> None:
    def late(order: dict) -> None:
        order["admit"][2]["nominated_by"]["decision_date"] = order["date"]

    with pytest.raises(RuleError) as err:
        check_file(_variant(tmp_path, late))
    assert err.value.field == "order.admit[3].nominated_by.decision_date"
    assert "2026-05-02" in str(err.value)


def test_association_with_region_is_refused(tmp_path: Path) -> None:
    def both(order: dict) -> None:
        order["admit"][2]["nominated_by"]["region"] = "almaty"

    with pytest.raises(DataError) as err:
        check_file(_variant(tmp_path, both))
    assert err.value.field == "order.admit[3].nominated_by.region"


def test_cli_render_and_check(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(cli, ["render", "order", str(SAMPLE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (out / "order-2026-012").iterdir())
    assert written == ["order_kk.docx", "order_ru.docx"]
    assert "order_ru.docx" in result.output and "order_kk.docx" in result.output
    kk_only = runner.invoke(cli, ["render", "order", str(SAMPLE), "--out", str(tmp_path / "k"),
                                  "--lang", "kk"])
    assert kk_only.exit_code == 0
    assert [p.name for p in (tmp_path / "k" / "order-2026-012").iterdir()] == ["order_kk.docx"]
    checked = runner.invoke(cli, ["check", str(SAMPLE)])
    assert checked.exit_code == 0, checked.output
    assert "OK (order)" in checked.output


def test_order_file_makes_only_orders() -> None:
    assert data_kinds(SAMPLE) == ("order",)


def test_templates_use_the_same_fields() -> None:
    def fields(lang: str) -> set[str]:
        source = (ROOT / "templates_src" / lang / "order.txt").read_text("utf-8")
        used = set(re.findall(r"\{\{\s*([\w.]+)", source)) | set(
            re.findall(r"\{%p?\s*(?:if|for \w+ in)\s+([\w.]+)", source))
        # a person's case and shape are grammar, which differs by language (ru declines a name
        # in the accusative where kk keeps the nominative): p.accusative.name is p.name
        return {re.sub(r"\.(short|initials|surname_initials)$", ".name",
                       re.sub(r"\.(genitive|dative|accusative)\.", ".", f)) for f in used}

    assert fields("ru") == fields("kk")
    assert {"council.text", "submitted.admit", "submitted.remove", "final_clause", "basis",
            "signatory.name"} <= fields("ru")


def test_enough_broken_orders() -> None:
    assert len(BAD) >= 8


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_broken_order(path: Path, tmp_path: Path) -> None:
    header = path.read_text("utf-8").splitlines()[0]
    match = re.match(r"# kind: (\w+); field: ([^;]+); why: .+", header)
    assert match, header
    kind, field = match.groups()
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", kind, str(path), "--out", str(out)])
    assert result.exit_code == 1
    message = result.output
    assert re.search(re.escape(path.name) + r":\d+: field '" + re.escape(field) + "'", message), \
        message
    assert "Traceback" not in message
    assert not out.exists() or not any(out.rglob("*"))
