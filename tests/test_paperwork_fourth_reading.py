"""The fourth reading (review of 2026-12-06, main at dd4977a): papers read back in both
languages. Each test names the review's item it checks.

Wrong law: a Council decision on candidates for membership cites p.9 and p.14 and leaves the
presenting to the deputy chairmen; a small assembly's own regulation governs its sessions.
Grammar and style: the counting commission in the number it has, Kazakh compounds without
two genitives in a row, «Воздерживаюсь», the members' request's figures, full citations in an
extract. Requisites: speakers, the approval of the counting protocol, the poll sheets' annex,
the date of the deputy chairmen's submission, the executor, the list of the invited.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SAMPLES, docx_texts, run_cli, sample_data, write_yaml

SESSION = SAMPLES / "session-34-minutes.yaml"
MEETING = SAMPLES / "council-2026-05-02.yaml"
POLL = SAMPLES / "council-poll-2026-06.yaml"
SMALL = SAMPLES / "small-assembly-karaganda-12.yaml"
XXXV = SAMPLES / "session-35-extraordinary.yaml"
ORDER = SAMPLES / "order-2026-012.yaml"
FULL_RU = ("Положения об Ассамблее народа Казахстана, утвержденного Указом Президента "
           "Республики Казахстан от 26 апреля 2002 года № 856")
FULL_KK = ("Қазақстан Республикасы Президентінің 2002 жылғы 26 сәуірдегі № 856 Жарлығымен "
           "бекітілген Қазақстан халқы Ассамблеясы туралы ереженің")


def render(kind: str, data: Path, out: Path, *extra: str | Path) -> dict[str, list[str]]:
    """Render ``kind`` in both languages; the text lines of each written file by name."""
    result = run_cli("render", kind, data, "--out", out, *extra)
    assert result.exit_code == 0, result.output + result.stderr
    return {Path(p).name: docx_texts(p) for p in result.stdout.split()}


def refused(data: Path, kind: str, out: Path) -> str:
    """The message of a refused render (exit 1, no traceback)."""
    result = run_cli("render", kind, data, "--out", out)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stderr
    return result.stderr


# ---------------------------------------------------------------- 1. candidates (p.9, p.14)


def test_item_1_membership_decision_cites_p9_and_p14_and_the_deputy_chairmen_present(
        tmp_path: Path) -> None:
    docs = render("decision", MEETING, tmp_path)
    ru, kk = "\n".join(docs["decision_4_ru.docx"]), "\n".join(docs["decision_4_kk.docx"])
    assert f"в соответствии с пунктами 9 и 14 {FULL_RU}, Совет Ассамблеи народа Казахстана " \
           "РЕШИЛ:" in ru
    assert f"{FULL_KK} 9 және 14-тармақтарына сәйкес Қазақстан халқы Ассамблеясының Кеңесі " \
           "ШЕШТІ:" in kk
    assert ("1. Одобрить кандидатуры и рекомендовать заместителям Председателя Ассамблеи "
            "народа Казахстана представить их на утверждение Председателю Ассамблеи народа "
            "Казахстана:") in ru
    assert ("1. Кандидатуралар мақұлдансын; Қазақстан халқы Ассамблеясы Төрағасының "
            "орынбасарларына оларды Қазақстан халқы Ассамблеясының Төрағасына бекітуге ұсыну "
            "ұсынылсын:") in kk
    assert "представить их на утверждение" in ru and "и представить их" not in ru
    # the other decisions of the meeting cite p.9 only
    assert f"в соответствии с пунктом 9 {FULL_RU}" in "\n".join(docs["decision_1_ru.docx"])
    # the minutes' item 4 says the same
    minutes = render("minutes", MEETING, tmp_path / "minutes")
    assert ("Одобрить кандидатуры и рекомендовать заместителям Председателя Ассамблеи народа "
            "Казахстана представить их на утверждение Председателю Ассамблеи народа "
            "Казахстана:") in minutes["minutes_ru.docx"]
    assert any(line.startswith("Кандидатуралар мақұлдансын; Қазақстан халқы Ассамблеясы "
                               "Төрағасының орынбасарларына")
               for line in minutes["minutes_kk.docx"])


def test_item_1_a_membership_decision_the_data_words_is_kept(tmp_path: Path) -> None:
    data = sample_data(MEETING.name)
    data["agenda"][3]["decision"] = {"ru": "Одобрить кандидатуры:",
                                     "kk": "Кандидатуралар мақұлдансын:"}
    docs = render("decision", write_yaml(tmp_path / "own.yaml", data), tmp_path / "out")
    assert "1. Одобрить кандидатуры:" in docs["decision_4_ru.docx"]
    assert "1. Кандидатуралар мақұлдансын:" in docs["decision_4_kk.docx"]


# ---------------------------------------------------------------- 3. own regulation (p.16)


def test_item_3_a_late_small_assembly_session_names_its_own_regulation(tmp_path: Path) -> None:
    data = sample_data(SMALL.name)
    data.update(kind="extraordinary", date="2026-05-20")
    data["convocation"].update(decided_on="2026-04-01", notice_date="2026-04-02")
    message = refused(write_yaml(tmp_path / "late.yaml", data), "notice", tmp_path / "out")
    assert "extraordinary session within one month (p.8)" in message
    assert "a small assembly's own regulation governs (p.16)" in message
    assert "«Об Ассамблее народа Казахстана Карагандинской области» of 2020-03-12 No. 45" \
        in message
    # the Assembly's own session is held to p.8 alone
    data = sample_data(XXXV.name)
    data.update(date="2026-10-10")
    message = refused(write_yaml(tmp_path / "xxxv.yaml", data), "notice", tmp_path / "out2")
    assert "(p.8)" in message and "own regulation" not in message


# ---------------------------------------------------------------- 9, 10, 12. counting


def test_items_9_10_12_counting_protocol_agrees_with_one_member(tmp_path: Path) -> None:
    docs = render("counting", SESSION, tmp_path)
    ru, kk = docs["counting_3_ru.docx"], docs["counting_3_kk.docx"]
    assert "член комиссии:" in ru and "члены комиссии:" not in ru
    assert "Член счетной комиссии:" in ru and "Члены счетной комиссии:" not in ru
    assert "комиссия мүшесі:" in kk and "комиссия мүшелері:" not in kk
    assert "Есеп комиссиясының мүшесі:" in kk and "Есеп комиссиясының мүшелері:" not in kk
    assert "Обнаружено бюллетеней в урне — 350." in ru
    assert "Қазақстан халқы Ассамблеясы мүшелерінің саны — 385." in kk
    assert "Сайлау жәшігінен алынған бюллетеньдер — 350." in kk
    text = "\n".join(kk)
    assert ("Қатысқан мүшелердің (352) жартысынан астамының дауысын (кемінде 177 «жақтап» "
            "дауыс) алған кандидат сайланды деп есептеледі") in text
    assert "Ассамблеясының мүшелерінің" not in text and "жәшіктен табылғаны" not in text
    # two ordinary members: the plural
    data = sample_data(SESSION.name)
    data["agenda"][2]["counting"]["members"].append({"name": "Иванов Илья Никитич"})
    two = render("counting", write_yaml(tmp_path / "two.yaml", data), tmp_path / "two")
    assert "члены комиссии:" in two["counting_3_ru.docx"]
    assert "Члены счетной комиссии:" in two["counting_3_ru.docx"]
    assert "комиссия мүшелері:" in two["counting_3_kk.docx"]


def test_item_12_kazakh_compounds_have_one_genitive(tmp_path: Path) -> None:
    meeting = "\n".join(render("minutes", MEETING, tmp_path)["minutes_kk.docx"])
    assert "Қазақстан халқы Ассамблеясы Кеңесі отырысының\n№ 4 ХАТТАМАСЫ" in meeting
    assert "Кеңесінің отырысының" not in meeting
    poll = "\n".join(render("minutes", POLL, tmp_path / "poll")["minutes_kk.docx"])
    assert "Қазақстан халқы Ассамблеясы Кеңесі мүшелері арасында жүргізілген сауалнаманың" \
        in poll
    assert "мүшелеріне жүргізілген" not in poll
    session = render("minutes", SESSION, tmp_path / "session")
    assert any("сайлау жәшігінен алынған бюллетеньдер — 350" in line
               for line in session["minutes_kk.docx"])
    assert any("обнаружено бюллетеней в урне — 350" in line
               for line in session["minutes_ru.docx"])


# ---------------------------------------------------------------- 11, 12, 21. poll sheets


@pytest.fixture(scope="module")
def poll_sheets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One ru and one kk poll sheet of the sample poll."""
    folder = tmp_path_factory.mktemp("poll")
    archive = folder / "archive"
    assert run_cli("members", "import", SAMPLES / "roll.csv", "--archive",
                   archive).exit_code == 0
    result = run_cli("batch", "poll-sheets", POLL, "--archive", archive, "--out", folder)
    assert result.exit_code == 0, result.stderr
    sheets = sorted((folder / POLL.stem).rglob("poll_sheet_*.docx"))
    return {lang: "\n".join(docx_texts(next(p for p in sheets if p.stem.endswith(lang))))
            for lang in ("ru", "kk")}


def test_item_11_the_poll_sheet_says_voderzhivayus(poll_sheets: dict[str, str]) -> None:
    ru, kk = poll_sheets["ru"], poll_sheets["kk"]
    assert ru.count("За\nПротив\nВоздерживаюсь") == 2 and "Воздержался" not in ru
    assert kk.count("Жақтаймын\nҚарсымын\nҚалыс қаламын") == 2


def test_item_12_the_kk_poll_sheet_names_a_member_of_the_council(
        poll_sheets: dict[str, str]) -> None:
    assert "Қазақстан халқы Ассамблеясы Кеңесі мүшесінің\nСАУАЛНАМА ПАРАҒЫ" in poll_sheets["kk"]
    assert "Ассамблеясының Кеңесі мүшесінің" not in poll_sheets["kk"]


def test_item_21_the_poll_sheet_carries_the_draft_annex(poll_sheets: dict[str, str]) -> None:
    ru, kk = poll_sheets["ru"], poll_sheets["kk"]
    assert ("Приложение к проекту решения: Предлагаемый состав Научно-экспертного совета "
            "Ассамблеи народа Казахстана\n1. Шпекбаев Алик Жаткамбаевич — председатель "
            "Научно-экспертного совета Ассамблеи народа Казахстана;\n2. Масимова Гульмира "
            "Турсуновна — заместитель председателя") in ru
    assert ("Шешім жобасына қосымша: Қазақстан халқы Ассамблеясы Ғылыми-сараптамалық "
            "кеңесінің ұсынылатын құрамы\n1. Шпекбаев Алик Жатқамбайұлы — Қазақстан халқы "
            "Ассамблеясы Ғылыми-сараптамалық кеңесінің төрағасы;") in kk
    # the annex comes with its own question, before that question's boxes
    assert ru.index("Приложение к проекту решения") > ru.index("2. О составе")
    assert ru.index("Приложение к проекту решения") < ru.rindex("Воздерживаюсь")


# ---------------------------------------------------------------- 13, 24. notices


def test_items_13_24_the_members_request_figures_and_the_executor(tmp_path: Path) -> None:
    docs = render("notice", XXXV, tmp_path)
    ru, kk = "\n".join(docs["notice_ru.docx"]), "\n".join(docs["notice_kk.docx"])
    assert ("по просьбе 131 члена Ассамблеи народа Казахстана (не менее одной трети от общего "
            "числа членов, равного 384, — не менее 128), изложенной в обращении") in ru
    assert "Исп.: Сагинтаева М.С.\nТел.: 8 (7172) 74-01-15" in ru
    assert "Орынд.: Сағынтаева М.С.\nТел.: 8 (7172) 74-01-15" in kk
    council = render("notice", MEETING, tmp_path / "council")
    assert "Исп.: Сагинтаева М.С." in council["notice_ru.docx"]
    assert "Орынд.: Сағынтаева М.С." in council["notice_kk.docx"]


# ---------------------------------------------------------------- 14. speakers


def test_item_14_every_council_item_names_its_speaker(tmp_path: Path) -> None:
    docs = render("minutes", MEETING, tmp_path)
    for lang, word in (("ru", "СЛУШАЛИ:"), ("kk", "ТЫҢДАЛДЫ:")):
        heard = [line for line in docs[f"minutes_{lang}.docx"] if line.startswith(word)]
        assert len(heard) == 4, heard
        assert all(len(line) > len(word) + 5 for line in heard), heard
    assert "СЛУШАЛИ: Абишева Н.К. — заместителя Председателя Ассамблеи народа Казахстана" \
        in docs["minutes_ru.docx"]
    data = sample_data(MEETING.name)
    del data["agenda"][3]["speakers"]
    message = refused(write_yaml(tmp_path / "silent.yaml", data), "minutes", tmp_path / "out")
    assert "field 'agenda[4].heard'" in message and "speakers" in message


# ---------------------------------------------------------------- 15. the annex


def test_item_15_the_annex_names_the_scientific_council(tmp_path: Path) -> None:
    docs = render("decision", POLL, tmp_path)
    assert ("1. Шпекбаев Алик Жаткамбаевич — председатель Научно-экспертного совета Ассамблеи "
            "народа Казахстана;") in docs["decision_2_ru.docx"]
    assert ("1. Шпекбаев Алик Жатқамбайұлы — Қазақстан халқы Ассамблеясы Ғылыми-сараптамалық "
            "кеңесінің төрағасы;") in docs["decision_2_kk.docx"]
    assert "председатель Совета" not in "\n".join(docs["decision_2_ru.docx"])


# ---------------------------------------------------------------- 16, 17. extract, minutes


def test_item_16_an_extract_cites_the_act_in_full_first(tmp_path: Path) -> None:
    docs = render("extract", SESSION, tmp_path, "--item", "3")
    ru, kk = "\n".join(docs["extract_3_ru.docx"]), "\n".join(docs["extract_3_kk.docx"])
    assert f"и пунктом 8 {FULL_RU}." in ru
    assert f"{FULL_KK} 8-тармағына сәйкес өткізілді." in kk
    assert "пунктом 8 Положения." not in ru and "және Ереженің 8-тармағына" not in kk


def test_item_17_the_counting_protocol_is_approved_by_its_own_vote(tmp_path: Path) -> None:
    docs = render("minutes", SESSION, tmp_path)
    for lang, approve, vote in (
            ("ru", "Утвердить протокол счетной комиссии № 1.",
             "Голосование открытое. Результаты голосования: «за» — 344, «против» — 2, "
             "«воздержались» — 6."),
            ("kk", "Есеп комиссиясының № 1 хаттамасы бекітілсін.",
             "Дауыс беру ашық. Дауыс беру нәтижесі: «жақтап» — 344, «қарсы» — 2, "
             "«қалыс қалды» — 6.")):
        lines = docs[f"minutes_{lang}.docx"]
        assert lines[lines.index(approve) + 1] == vote
    extract = render("extract", SESSION, tmp_path / "extract", "--item", "3")
    lines = extract["extract_3_ru.docx"]
    assert lines[lines.index("Утвердить протокол счетной комиссии № 1.") + 1].startswith(
        "Голосование открытое. Результаты голосования: «за» — 344")
    data = sample_data(SESSION.name)
    data["agenda"][2]["counting"]["approved"] = {"for": 150, "against": 150, "abstained": 52}
    message = refused(write_yaml(tmp_path / "rejected.yaml", data), "minutes", tmp_path / "o")
    assert "field 'agenda[3].counting.approved'" in message and "177 needed" in message


# ---------------------------------------------------------------- 18. kk register


def test_item_18_the_kk_register_follows_the_kazakh_alphabet(sample_roll: Path,
                                                             tmp_path: Path) -> None:
    from docx import Document

    from docgen.rendering.kazakh import alphabetical

    render("register", SAMPLES / "session-34.yaml", tmp_path, "--archive", sample_roll)
    tables = Document(str(tmp_path / "session-34" / "register_kk.docx")).tables
    rows = [[cell.text for cell in row.cells] for table in tables for row in table.rows]
    abai = [r[1] for r in rows if r[0].isdigit() and "Абай облысы" in r[2]]
    assert abai == sorted(abai, key=alphabetical)
    assert abai.index("Ыбыраева Айнұр Болатқызы") > abai.index("Коваленко Оксана Григорьевна")
    numbers = [int(r[0]) for r in rows if r[0].isdigit()]
    assert numbers == list(range(1, len(numbers) + 1))
    assert alphabetical("Әбенова") > alphabetical("Ахметова") > alphabetical("Абенова")
    assert alphabetical("Ыбыраева") < alphabetical("Іздібаев")


# ---------------------------------------------------------------- 23. order


def test_item_23_the_admissions_name_the_date_of_their_submission(tmp_path: Path) -> None:
    docs = render("order", ORDER, tmp_path)
    assert ("1. По представлению заместителей Председателя Ассамблеи народа Казахстана от 5 мая "
            "2026 года включить в состав Ассамблеи народа Казахстана:") in docs["order_ru.docx"]
    assert ("1. Қазақстан халқы Ассамблеясы Төрағасы орынбасарларының 2026 жылғы 5 мамырдағы "
            "ұсынуы бойынша Қазақстан халқы Ассамблеясының құрамына енгізілсін:") \
        in docs["order_kk.docx"]
    data = sample_data(ORDER.name)
    data["order"]["council_meeting"]["presented_on"] = "2026-04-30"
    message = refused(write_yaml(tmp_path / "early.yaml", data), "order", tmp_path / "out")
    assert "field 'order.council_meeting.presented_on'" in message


# ---------------------------------------------------------------- 25. the invited


def test_item_25_the_list_of_the_invited_is_annexed_only_when_given(tmp_path: Path) -> None:
    docs = render("minutes", SESSION, tmp_path)
    assert "Приглашенные: 40." in docs["minutes_ru.docx"]
    assert "Шақырылғандар: 40." in docs["minutes_kk.docx"]
    assert not any("прилагается)" in line or "СПИСОК ПРИГЛАШЕННЫХ" in line
                   for line in docs["minutes_ru.docx"])
    data = sample_data(MEETING.name)
    data["attendance"]["guests"] = [
        {"name": "Ермеков Арман Болатович",
         "position": {"ru": "советник Администрации Президента Республики Казахстан",
                      "kk": "Қазақстан Республикасы Президенті Әкімшілігінің кеңесшісі"}},
        {"name": {"ru": "Сейткали Айгуль Нурлановна", "kk": "Сейтқали Айгүл Нұрланқызы"}}]
    data["attendance"]["invited"] = 2
    listed = render("minutes", write_yaml(tmp_path / "guests.yaml", data), tmp_path / "g")
    ru, kk = listed["minutes_ru.docx"], listed["minutes_kk.docx"]
    assert "Приглашенные: 2 (список прилагается)." in ru
    assert "Шақырылғандар: 2 (тізімі қоса беріледі)." in kk
    at = ru.index("СПИСОК ПРИГЛАШЕННЫХ")
    assert "Приложение 2 к протоколу № 4" in ru[:at]
    assert ru[at + 2:at + 4] == [
        "1. Ермеков Арман Болатович — советник Администрации Президента Республики Казахстан",
        "2. Сейткали Айгуль Нурлановна"]
    at = kk.index("ШАҚЫРЫЛҒАНДАРДЫҢ ТІЗІМІ")
    assert "2-қосымша" in kk[:at] and "2. Сейтқали Айгүл Нұрланқызы" in kk[at:]
    data["attendance"]["invited"] = 6
    message = refused(write_yaml(tmp_path / "six.yaml", data), "minutes", tmp_path / "six")
    assert "field 'attendance.guests'" in message and "2 names" in message
