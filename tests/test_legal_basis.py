"""The papers follow the Regulation to the letter: every correction of issue 12, rendered in
both languages and read back (the wording comes from the rulebook, docgen/law/rulebooks/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SAMPLES, read_docx_text, run_cli, sample_data, write_yaml

from docgen.errors import RuleError
from docgen.papers.pipeline import render

FULL_RU = ("Положения об Ассамблее народа Казахстана, утвержденного Указом Президента "
           "Республики Казахстан от 26 апреля 2002 года № 856")
FULL_KK = ("Қазақстан Республикасы Президентінің 2002 жылғы 26 сәуірдегі № 856 Жарлығымен "
           "бекітілген Қазақстан халқы Ассамблеясы туралы ереженің")


def texts(kind: str, data: Path, out: Path) -> dict[str, str]:
    """Render ``kind`` from ``data``; the text of each written document by file name."""
    result = render(kind, data, out_dir=out)
    return {p.name: read_docx_text(p) for p in result.written}


def both(kind: str, data: Path, out: Path, stem: str | None = None) -> tuple[str, str]:
    """The ru and kk text of the one document of ``kind``."""
    docs = texts(kind, data, out)
    stem = stem or kind
    return docs[f"{stem}_ru.docx"], docs[f"{stem}_kk.docx"]


# --- 1. the Council: convened jointly by the deputy chairmen; no members' request ----------


def test_council_is_convened_jointly_by_the_deputy_chairmen(tmp_path: Path) -> None:
    ru, kk = both("notice", SAMPLES / "council-2026-05-02.yaml", tmp_path)
    assert (f"В соответствии с пунктом 9 {FULL_RU}, совместным решением заместителей "
            "Председателя Ассамблеи народа Казахстана от 25 марта 2026 года, принятым по "
            "согласованию с Председателем Ассамблеи народа Казахстана, созывается "
            "заседание Совета Ассамблеи народа Казахстана.") in ru
    assert (f"{FULL_KK} 9-тармағына сәйкес, Қазақстан халқы Ассамблеясы Төрағасымен келісім "
            "бойынша Қазақстан халқы Ассамблеясы Төрағасы орынбасарларының 2026 жылғы "
            "25 наурыздағы бірлескен шешімімен") in kk
    assert "решением Председателя" not in ru and "Төрағасының 2026" not in kk
    assert "один месяц" not in ru and "бір айдан" not in kk


def test_members_cannot_request_a_council_meeting(tmp_path: Path) -> None:
    data = sample_data("council-2026-05-02.yaml")
    data["convocation"].update(initiated_by="members", requesting_members=11,
                               request_date=data["convocation"]["decided_on"])
    path = write_yaml(tmp_path / "council.yaml", data)
    result = run_cli("check", path)
    assert result.exit_code == 1
    assert "field 'convocation.initiated_by'" in result.stderr
    assert "who convenes the Council (p.9)" in result.stderr
    assert "jointly by the deputy chairmen in agreement with the Chairman" in result.stderr


@pytest.mark.parametrize("kind", ["notice", "minutes"])
def test_council_papers_name_council_members(tmp_path: Path, kind: str) -> None:
    ru, kk = both(kind, SAMPLES / "council-2026-05-02.yaml", tmp_path)
    members = {"notice": ("Членам Совета Ассамблеи народа Казахстана",
                          "Қазақстан халқы Ассамблеясы Кеңесінің мүшелеріне"),
               "minutes": ("Члены Совета Ассамблеи народа Казахстана: 28",
                           "Қазақстан халқы Ассамблеясы Кеңесінің мүшелері: 28")}[kind]
    assert members[0] in ru and members[1] in kk
    # candidates "в члены Ассамблеи" are not the meeting's members
    ru = ru.replace("в члены Ассамблеи", "")
    kk = kk.replace("Ассамблеясының мүшелігіне", "")
    assert "членов Ассамблеи" not in ru and "члены Ассамблеи" not in ru
    assert "Ассамблея мүшелері" not in kk


# --- 2. members' request: "по просьбе" ----------------------------------------------------


def test_members_request_is_a_request(tmp_path: Path) -> None:
    ru, kk = both("notice", SAMPLES / "session-35-extraordinary.yaml", tmp_path)
    assert (f"В соответствии с пунктом 8 {FULL_RU}, по просьбе 131 члена Ассамблеи народа "
            "Казахстана (не менее одной трети от общего числа членов, равного 384, — не менее "
            "128), "
            "изложенной в обращении от 14 августа 2026 года, решением Председателя Ассамблеи "
            "народа Казахстана от 20 августа 2026 года созывается") in ru
    assert ("Қазақстан халқы Ассамблеясы мүшелерінің жалпы санының (384) кемінде үштен бірін "
            "құрайтын 131 мүшенің 2026 жылғы 14 тамыздағы өтініші бойынша") in kk
    assert "требовани" not in ru and "талап" not in kk


# --- 3. small assemblies cite their own regulation ----------------------------------------


def test_small_assembly_cites_its_own_regulation(tmp_path: Path) -> None:
    ru, kk = both("notice", SAMPLES / "small-assembly-karaganda-12.yaml", tmp_path)
    assert ("В соответствии с Положением «Об Ассамблее народа Казахстана Карагандинской "
            "области», утвержденным распоряжением акима Карагандинской области от 12 марта "
            "2020 года № 45, решением председателя Ассамблеи народа Казахстана Карагандинской "
            "области от 1 апреля 2026 года созывается") in ru
    assert ("Қарағанды облысы әкімінің 2020 жылғы 12 наурыздағы № 45 өкімімен бекітілген "
            "«Қарағанды облысы Қазақстан халқы Ассамблеясы туралы» ережеге сәйкес") in kk
    for text in (ru, kk):
        assert "пункт" not in text and "тармақ" not in text and "тармағ" not in text
        assert "№ 856" not in text


def test_small_assembly_minutes_cite_no_paragraph_of_the_assembly(tmp_path: Path) -> None:
    ru, kk = both("minutes", SAMPLES / "small-assembly-karaganda-12.yaml", tmp_path)
    assert "двух третей от общего числа членов" in ru and "үштен екісі" in kk
    assert "Положения" not in ru and "тармағ" not in kk
    # its own regulation instead (p.16)
    assert "(Положение «Об Ассамблее народа Казахстана Карагандинской области», " in ru
    assert "«Қарағанды облысы Қазақстан халқы Ассамблеясы туралы» ереже)." in kk


def test_small_assembly_without_its_regulation_is_refused(tmp_path: Path) -> None:
    data = sample_data("small-assembly-karaganda-12.yaml")
    del data["regulation"]
    path = write_yaml(tmp_path / "small.yaml", data)
    result = run_cli("render", "notice", path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "field 'regulation'" in result.stderr
    assert "its own regulation" in result.stderr and "regions.yaml" in result.stderr
    assert not (tmp_path / "out").exists()


# --- 4. a rejected draft is never under ПОСТАНОВИЛИ ---------------------------------------


def test_rejected_draft_is_put_to_the_vote_not_decided(tmp_path: Path) -> None:
    ru, kk = both("minutes", SAMPLES / "council-2026-05-02.yaml", tmp_path)
    ru_lines, kk_lines = ru.splitlines(), kk.splitlines()
    draft_ru = ("На голосование поставлен проект решения: «Одобрить предложение о "
                "переименовании Научно-экспертного совета в Научно-аналитический совет Ассамблеи "
                "народа Казахстана и внести его на рассмотрение Председателю Ассамблеи народа "
                "Казахстана».")
    draft_kk = ("Дауысқа шешім жобасы қойылды: «Ғылыми-сараптамалық кеңесті Қазақстан халқы "
                "Ассамблеясының Ғылыми-талдау кеңесі болып қайта атау туралы ұсыныс мақұлдансын "
                "және Қазақстан халқы Ассамблеясының Төрағасына қарауға енгізілсін».")
    assert draft_ru in ru_lines and draft_kk in kk_lines
    for lines, draft, heading, outcome in ((ru_lines, draft_ru, "ПОСТАНОВИЛИ:",
                                            "Решение не принято"),
                                           (kk_lines, draft_kk, "ҚАУЛЫ ЕТТІ:",
                                            "Шешім қабылданбады")):
        at = lines.index(draft)
        item_start = max(i for i in range(at) if lines[i].startswith("3. "))
        assert heading not in lines[item_start:lines.index("", at)]
        assert any(line.startswith(outcome) for line in lines[at:at + 12])


# --- 5. election of Majilis deputies ------------------------------------------------------


def test_majilis_election_per_candidate_with_counting_commission(tmp_path: Path) -> None:
    ru, kk = both("minutes", SAMPLES / "session-34-minutes.yaml", tmp_path)
    assert ("Выборы проведены в соответствии с Конституцией Республики Казахстан, "
            "Конституционным законом Республики Казахстан от 28 сентября 1995 года «О выборах "
            "в Республике Казахстан» и пунктом 8 Положения. Кандидаты выдвинуты решением Совета "
            "Ассамблеи народа Казахстана от 2 мая 2026 года № 7 (пункт 9 Положения).") in ru
    assert ("Сайлау Қазақстан Республикасының Конституциясына, Қазақстан Республикасының "
            "1995 жылғы 28 қыркүйектегі «Қазақстан Республикасындағы сайлау туралы» "
            "Конституциялық заңына және Ереженің 8-тармағына сәйкес өткізілді.") in kk
    assert ("Счетная комиссия: протокол № 1; выдано бюллетеней — 352, обнаружено бюллетеней в "
            "урне — 350, недействительных бюллетеней — 4.") in ru
    assert ("Есеп комиссиясы: № 1 хаттама; берілген бюллетеньдер — 352, сайлау жәшігінен "
            "алынған бюллетеньдер — 350, жарамсыз бюллетеньдер — 4.") in kk
    assert "1) Абдрахманов Серик Жумабекович: «за» — 301, «против» — 45; избран;" in ru
    assert "2) Ли Наталья Викторовна: «за» — 288, «против» — 58; избрана;" in ru
    assert "3) Шпекбаев Алик Жаткамбаевич: «за» — 170, «против» — 176; не избран." in ru
    assert "3) Шпекбаев Алик Жатқамбайұлы: «жақтап» — 170, «қарсы» — 176; сайланбады." in kk
    # the secret ballot has no "abstained" (the open vote approving the protocol has)
    ballot_ru = ru[ru.index("Выборы проведены"):ru.index("Утвердить протокол")]
    ballot_kk = kk[kk.index("Сайлау Қазақстан"):kk.index("хаттамасы бекітілсін")]
    assert "воздержались" not in ballot_ru and "қалыс" not in ballot_kk
    election_ru = ru[ru.index("Выборы проведены"):]
    election_kk = kk[kk.index("Сайлау Қазақстан"):]
    # only the elected are under ПОСТАНОВИЛИ / ҚАУЛЫ ЕТТІ
    decided = election_ru[election_ru.index("ПОСТАНОВИЛИ:"):]
    assert "Абдрахманов" in decided and "Шпекбаев" not in decided
    decided_kk = election_kk[election_kk.index("ҚАУЛЫ ЕТТІ:"):]
    assert "Әбдірахманов" in decided_kk and "Шпекбаев" not in decided_kk


def test_open_election_keeps_abstained_and_needs_no_commission(tmp_path: Path) -> None:
    data = sample_data("session-34-minutes.yaml")
    item = data["agenda"][2]
    item["voting"] = "open"
    del item["counting"]
    item["candidates"][0]["votes"]["abstained"] = 6
    path = write_yaml(tmp_path / "open.yaml", data)
    ru, kk = both("minutes", path, tmp_path / "out", "minutes")
    assert "1) Абдрахманов Серик Жумабекович: «за» — 301, «против» — 45, «воздержались» — 6;" in ru
    assert "«қалыс қалды» — 6" in kk
    assert "Счетная комиссия" not in ru and "Есеп комиссиясы" not in kk


@pytest.mark.parametrize(("change", "field", "words"), [
    (lambda item: item.pop("counting"), "agenda[3].counting", "counting commission"),
    (lambda item: item["candidates"][1]["votes"].update(abstained=2),
     "agenda[3].candidates[2].votes.abstained", "no 'abstained'"),
    (lambda item: item["counting"].update(ballots_in_box=353), "agenda[3].counting.ballots_in_box",
     "more than the 352 issued"),
    (lambda item: item["candidates"][0]["votes"].update(**{"for": 300, "against": 47}),
     "agenda[3].candidates[1].votes", "more than the 346 valid ballots"),
])
def test_election_rules(tmp_path: Path, change, field: str, words: str) -> None:
    data = sample_data("session-34-minutes.yaml")
    change(data["agenda"][2])
    path = write_yaml(tmp_path / "bad.yaml", data)
    with pytest.raises(RuleError) as err:
        render("minutes", path, out_dir=tmp_path / "out")
    assert err.value.field == field and words in str(err.value)
    assert "election of Majilis deputies (p.8)" in str(err.value)


# --- 6. orders: submitter from the data; removal-only cites p.15/p.20 ---------------------


def _order(tmp_path: Path, change) -> Path:
    data = sample_data("order-2026-012.yaml")
    change(data["order"])
    return write_yaml(tmp_path / "order.yaml", data)


def test_removal_submitted_by_a_small_assembly_chair(tmp_path: Path) -> None:
    def by_akim(order: dict) -> None:
        order["removal_submitted_by"] = {"kind": "small_assembly_chair", "region": "karaganda"}

    ru, kk = both("order", _order(tmp_path, by_akim), tmp_path / "out")
    assert ("2. По представлению председателя Ассамблеи народа Казахстана Карагандинской "
            "области вывести из состава Ассамблеи народа Казахстана:") in ru
    assert ("1. По представлению заместителей Председателя Ассамблеи народа Казахстана от 5 мая "
            "2026 года включить в состав") in ru
    assert ("2. Қарағанды облысы Қазақстан халқы Ассамблеясы төрағасының ұсынуы бойынша "
            "Қазақстан халқы Ассамблеясының құрамынан") in kk


@pytest.mark.parametrize(("grounds", "ru_basis", "kk_basis"), [
    (["position_change", "other"], "пунктом 15", "15-тармағына"),
    (["own_request"], "пунктом 20", "20-тармағына"),
    (["own_request", "elected_office_ended"], "пунктами 15 и 20", "15 және 20-тармақтарына"),
])
def test_removal_only_order_cites_removal_paragraphs_only(tmp_path: Path, grounds: list[str],
                                                         ru_basis: str, kk_basis: str) -> None:
    def removal_only(order: dict) -> None:
        order["admit"] = []
        del order["council_meeting"]
        order["remove"] = [r for r in order["remove"] if r["ground"] in grounds]

    ru, kk = both("order", _order(tmp_path, removal_only), tmp_path / "out")
    assert f"В соответствии с {ru_basis} {FULL_RU}:" in ru
    assert f"{FULL_KK} {kk_basis} сәйкес:" in kk
    assert "протокол" not in ru and "хаттама" not in kk
    assert "13" not in ru.split("О составе")[1].split(":")[0]


def test_position_change_ground_is_the_p15_wording(tmp_path: Path) -> None:
    ru, kk = both("order", SAMPLES / "order-2026-012.yaml", tmp_path)
    assert ("в связи с изменением места работы (государственный служащий, входивший в состав "
            "Ассамблеи по своей должности);") in ru
    assert ("жұмыс орнының өзгеруіне байланысты (Ассамблея құрамына лауазымы бойынша енген "
            "мемлекеттік қызметші);") in kk
    assert "переход" not in ru and "ауысу" not in kk


@pytest.mark.parametrize(("change", "field"), [
    (lambda order: order.pop("removal_submitted_by"), "order.removal_submitted_by"),
    (lambda order: order.update(admit=[]), "order.council_meeting"),
    (lambda order: order.update(removal_submitted_by={"kind": "small_assembly_chair"}),
     "order.removal_submitted_by.region"),
])
def test_order_submitter_and_council_rules(tmp_path: Path, change, field: str) -> None:
    result = run_cli("check", _order(tmp_path, change))
    assert result.exit_code == 1
    assert f"field '{field}'" in result.stderr


# --- 7. who signs -------------------------------------------------------------------------


def test_presiding_deputy_chairman_and_poll_attested_by_the_working_body(tmp_path: Path
                                                                          ) -> None:
    ru, kk = both("minutes", SAMPLES / "council-2026-05-02.yaml", tmp_path / "a")
    assert "Председательствующий:" in ru and "Төрағалық етуші:" in kk
    assert "Председательствующий\nЕ. Кульмагамбетов\nзаместитель Председателя" in ru
    assert "Төрағалық етуші\nЕ. Құлмағамбетов\nҚазақстан халқы Ассамблеясы Төрағасының" in kk
    ru, kk = both("minutes", SAMPLES / "council-poll-2026-06.yaml", tmp_path / "b")
    assert "От рабочего органа Ассамблеи народа Казахстана\nА. Мусин" in ru
    assert "Қазақстан халқы Ассамблеясының жұмыс органы атынан\nА. Мусин" in kk
    assert "опросным путем, проводимым рабочим органом Ассамблеи (пункт 9" in ru


# --- 8. extraordinary sessions keep no one-month notice -----------------------------------


def test_extraordinary_session_is_held_within_a_month(tmp_path: Path) -> None:
    ru, kk = both("notice", SAMPLES / "session-35-extraordinary.yaml", tmp_path)
    assert ("Внеочередная сессия проводится в месячный срок со дня принятия решения о ее "
            "созыве в соответствии с пунктом 8 Положения.") in ru
    assert "бір ай ішінде өткізіледі" in kk
    assert "не позднее чем за один месяц" not in ru and "бір айдан кешіктірілмей" not in kk
    result = run_cli("rules")
    assert "notice: no fixed period" in result.stdout and "could not fit" in result.stdout


# --- the first citation gives the approving act, later ones are short ---------------------


@pytest.mark.parametrize(("kind", "sample"), [
    ("notice", "session-34.yaml"), ("minutes", "session-34-minutes.yaml"),
    ("order", "order-2026-012.yaml"), ("minutes", "council-2026-05-02.yaml")])
def test_approving_act_once_then_short(tmp_path: Path, kind: str, sample: str) -> None:
    ru, kk = both(kind, SAMPLES / sample, tmp_path)
    assert ru.count("утвержденного Указом Президента") == 1
    assert kk.count("№ 856 Жарлығымен бекітілген") == 1
    first_ru = ru.index("№ 856")
    assert "Положения об Ассамблее" not in ru[first_ru:]


def test_council_decision_cites_the_act_in_full_first(tmp_path: Path) -> None:
    docs = texts("decision", SAMPLES / "council-2026-05-02.yaml", tmp_path)
    ru, kk = docs["decision_1_ru.docx"], docs["decision_1_kk.docx"]
    assert f"(протокол от 2 мая 2026 года № 4), в соответствии с пунктом 9 {FULL_RU}, Совет" in ru
    assert f"(2026 жылғы 2 мамырдағы № 4 хаттама), {FULL_KK} 9-тармағына сәйкес" in kk
    # the decision states the outcome only; the rule is the minutes' (stated once there)
    assert "\nРешение принято.\n" in ru and "\nШешім қабылданды.\n" in kk
    assert "Необходимо" not in ru and "дауыс қажет" not in kk


def test_order_last_clause_is_aligned(tmp_path: Path) -> None:
    ru, kk = both("order", SAMPLES / "order-2026-012.yaml", tmp_path)
    assert "4. Настоящее распоряжение вводится в действие со дня подписания." in ru
    assert "4. Осы өкім қол қойылған күнінен бастап қолданысқа енгізіледі." in kk
    assert "вступает в силу" not in ru


def test_small_assembly_regulation_from_the_regions_file(tmp_path: Path, monkeypatch) -> None:
    """The regulation may live in docgen/data/regions.yaml instead of the data file."""
    import dataclasses

    from docgen.input import regions as regions_module
    from docgen.input.models import OwnRegulation

    data = sample_data("small-assembly-karaganda-12.yaml")
    regulation = OwnRegulation.model_validate(data.pop("regulation"))
    raw = {"id": "karaganda", "regulation": regulation.model_dump(mode="json")}
    assert regions_module._regulation(raw, "karaganda") == regulation
    known = dict(regions_module.load_regions())
    known["karaganda"] = dataclasses.replace(known["karaganda"], regulation=regulation)
    monkeypatch.setattr(regions_module, "load_regions", lambda: known)
    path = write_yaml(tmp_path / "small.yaml", data)
    ru, kk = both("notice", path, tmp_path / "out", "notice")
    assert "Положением «Об Ассамблее народа Казахстана Карагандинской области»" in ru
    assert "№ 45 өкімімен бекітілген" in kk


def test_rulebook_option_wins_over_the_data_field(tmp_path: Path) -> None:
    source = (SAMPLES.parent / "docgen" / "law" / "rulebooks" / "regulation-2002.yaml")
    text = source.read_text(encoding="utf-8")
    clause = "ru: Настоящее распоряжение вводится в действие со дня подписания."
    for name, words in (("field.yaml", "с 1 июня"), ("option.yaml", "с 1 июля")):
        (tmp_path / name).write_text(text.replace(clause, clause.replace(
            "со дня подписания", words)), encoding="utf-8")
    data = {"rulebook": "field.yaml", **sample_data("order-2026-012.yaml")}
    path = write_yaml(tmp_path / "order.yaml", data)
    ru, _ = both("order", path, tmp_path / "a")
    assert "вводится в действие с 1 июня." in ru
    result = run_cli("render", "order", path, "--rulebook", tmp_path / "option.yaml",
                     "--out", tmp_path / "b", "--lang", "ru")
    assert result.exit_code == 0, result.stderr
    assert "вводится в действие с 1 июля." in read_docx_text(tmp_path / "b" / "order" /
                                                             "order_ru.docx")
