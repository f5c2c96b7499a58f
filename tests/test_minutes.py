"""Minutes (протокол / хаттама) and Council decisions (решение / шешім): rules and documents."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from helpers import (
    BAD_INPUTS,
    SAMPLES,
    files_under,
    read_docx_text,
    run_cli,
    sample_data,
    write_yaml,
)

from docgen.errors import DataError, RuleError
from docgen.law.rules import council_majority, is_adopted, session_majority, session_quorum
from docgen.papers.minutes import kk_possessive, ru_of
from docgen.papers.pipeline import data_kinds, render

RU_HEADINGS = ("ПРОТОКОЛ", "ПРИСУТСТВОВАЛИ", "ПОВЕСТКА ДНЯ", "СЛУШАЛИ", "ВЫСТУПИЛИ",
               "ПОСТАНОВИЛИ", "Председатель", "Секретарь", "Решение принято",
               "Решение не принято", "РЕШЕНИЕ", "РЕШИЛ", "против", "воздержались")
KK_HEADINGS = ("ХАТТАМА", "ҚАТЫСҚАНДАР", "КҮН ТӘРТІБІ", "ТЫҢДАЛДЫ", "СӨЙЛЕГЕНДЕР",
               "ҚАУЛЫ ЕТТІ", "Төраға", "Хатшы", "Шешім қабылданды", "Шешім қабылданбады",
               "ШЕШІМ", "ШЕШТІ", "жақтап", "қарсы", "қалыс қалды")

SESSION = "session-34-minutes.yaml"
COUNCIL = "council-2026-05-02.yaml"
POLL = "council-poll-2026-06.yaml"
SMALL = "small-assembly-karaganda-12.yaml"


def lines(path: Path) -> list[str]:
    """The non-empty lines of a rendered document."""
    return [t for t in read_docx_text(path).splitlines() if t.strip()]


def vote_rows(path: Path, labels: tuple[str, str, str]) -> list[tuple[int, int, int]]:
    """Every vote result of a document as (for, against, abstained), read from its line
    «Результаты голосования: «за» — 26, «против» — 1, «воздержались» — 2.»."""
    pattern = re.compile(r"[^«]+: «{}» — (\d+), «{}» — (\d+), «{}» — (\d+)\.".format(
        *map(re.escape, labels)))
    return [tuple(int(n) for n in m.groups())  # type: ignore[misc]
            for line in lines(path) if (m := pattern.fullmatch(line))]


def variant(tmp_path: Path, name: str, base: str = SESSION, **changes) -> Path:
    """A copy of a sample with top-level fields and the first item's votes changed."""
    data = copy.deepcopy(sample_data(base))
    votes = changes.pop("votes", None)
    outcome = changes.pop("outcome", "keep")
    data.update(changes)
    if data.get("mode") == "poll":
        data.pop("procedure", None)  # a poll has no meeting to approve an agenda
    elif "attendance" in changes and "procedure" in data:
        data["procedure"] = {**data["procedure"], "votes": {"for": data["attendance"]["present"]}}
    if votes is not None:
        data["agenda"] = data["agenda"][:1]
        data["agenda"][0]["votes"] = votes
        data["agenda"][0].pop("outcome", None)
    if outcome != "keep":
        data["agenda"][0]["outcome"] = outcome
    return write_yaml(tmp_path / f"{name}.yaml", data)


# ---------------------------------------------------------------- counts


@pytest.mark.parametrize(("n", "quorum"), [(385, 257), (386, 258), (387, 258), (3, 2), (1, 1)])
def test_session_quorum_counts(n: int, quorum: int) -> None:
    assert session_quorum(n) == quorum


@pytest.mark.parametrize(("present", "needed"), [(352, 177), (351, 176), (2, 2), (1, 1)])
def test_session_majority_counts(present: int, needed: int) -> None:
    assert session_majority(present) == needed


@pytest.mark.parametrize(("c", "needed"), [(30, 20), (31, 21), (32, 22)])
def test_council_majority_counts(c: int, needed: int) -> None:
    assert council_majority(c) == needed
    assert is_adopted("council", needed, 0, c)
    assert not is_adopted("council", needed - 1, c, c)


@pytest.mark.parametrize(("n", "text"), [(352, "352-сі"), (29, "29-ы"), (21, "21-і"),
                                         (257, "257-сі"), (40, "40-ы"), (50, "50-і"),
                                         (100, "100-і"), (96, "96-сы"), (30, "30-ы")])
def test_kk_possessive(n: int, text: str) -> None:
    assert kk_possessive(n) == text


def test_ru_genitive_after_numeral() -> None:
    assert [ru_of(n, "члена", "членов") for n in (31, 385, 11, 21, 2)] == [
        "члена", "членов", "членов", "члена", "членов"]


# ---------------------------------------------------------------- boundaries (rendered)


@pytest.mark.parametrize("n", [385, 386, 387])
def test_quorum_boundary(tmp_path: Path, n: int) -> None:
    quorum = session_quorum(n)
    ok = variant(tmp_path, f"q{n}", members_total=n, attendance={"present": quorum},
                 votes={"for": quorum, "against": 0, "abstained": 0})
    result = render("minutes", ok, out_dir=tmp_path / "out")
    ru = read_docx_text(result.written[0])
    kk = read_docx_text(result.written[1])
    assert (f"Кворум имеется: присутствуют {quorum} из {n} членов; сессия правомочна, если в ее "
            f"работе принимают участие не менее двух третей от общего числа членов — не менее "
            f"{quorum} (пункт 8 Положения об Ассамблее народа Казахстана, утвержденного Указом "
            f"Президента Республики Казахстан от 26 апреля 2002 года № 856)") in ru
    assert (f"Кворум бар: {n} мүшенің {kk_possessive(quorum)} қатысуда; сессия, егер оның "
            f"жұмысына мүшелердің жалпы санының кемінде үштен екісі ({quorum} мүше) қатысса, "
            f"заңды болып есептеледі (Қазақстан Республикасы Президентінің 2002 жылғы "
            f"26 сәуірдегі № 856 Жарлығымен бекітілген Қазақстан халқы Ассамблеясы туралы "
            f"ереженің 8-тармағы)") in kk

    short = variant(tmp_path, f"short{n}", members_total=n, attendance={"present": quorum - 1},
                    votes={"for": quorum - 1, "against": 0, "abstained": 0})
    with pytest.raises(RuleError) as err:
        render("minutes", short, out_dir=tmp_path / "out2")
    message = str(err.value)
    assert err.value.field == "attendance.present"
    assert f"{quorum - 1} present of {n} members, at least {quorum}" in message
    assert files_under(tmp_path / "out2") == []


@pytest.mark.parametrize("present", [352, 351])
def test_majority_boundary(tmp_path: Path, present: int) -> None:
    needed = present // 2 + 1
    for votes_for, words in ((needed, ("Решение принято", "Шешім қабылданды")),
                             (needed - 1, ("Решение не принято", "Шешім қабылданбады"))):
        data = variant(tmp_path, f"m{present}-{votes_for}", attendance={"present": present},
                       votes={"for": votes_for, "against": present - votes_for,
                              "abstained": 0})
        ru_doc, kk_doc = render("minutes", data, out_dir=tmp_path / f"o{votes_for}").written
        ru, kk = read_docx_text(ru_doc), read_docx_text(kk_doc)
        # the rule is stated once, after the quorum; each vote says only its outcome
        assert (f"Решение считается принятым, если за него проголосовали более половины "
                f"присутствующих членов — не менее {needed} голосов «за» (пункт 8 "
                f"Положения).") in ru
        assert (f"Шешім, егер оған қатысушы мүшелердің жартысынан астамы — кемінде {needed} "
                f"мүше дауыс берсе, қабылданды деп есептеледі (Ереженің 8-тармағы).") in kk
        assert f"\n{words[0]}.\n" in ru and f"\n{words[1]}.\n" in kk
        assert "Необходимо" not in ru and "қажет" not in kk.replace("қажет.)", "")
        assert vote_rows(ru_doc, ("за", "против", "воздержались")) == [
            (votes_for, present - votes_for, 0)]
        assert vote_rows(kk_doc, ("жақтап", "қарсы", "қалыс қалды")) == [
            (votes_for, present - votes_for, 0)]
        if votes_for == needed:
            assert "Решение не принято" not in ru and "қабылданбады" not in kk


@pytest.mark.parametrize("present", [352, 351])
def test_stated_outcome_checked_at_the_boundary(tmp_path: Path, present: int) -> None:
    needed = present // 2 + 1
    wrong = variant(tmp_path, "wrong", attendance={"present": present}, outcome="adopted",
                    votes={"for": needed - 1, "against": 0, "abstained": 0})
    with pytest.raises(RuleError) as err:
        render("minutes", wrong, out_dir=tmp_path / "out")
    assert err.value.field == "agenda[1].outcome"
    right = variant(tmp_path, "right", attendance={"present": present}, outcome="adopted",
                    votes={"for": needed, "against": 0, "abstained": 0})
    assert len(render("minutes", right, out_dir=tmp_path / "out").written) == 2


@pytest.mark.parametrize("c", [30, 31, 32])
@pytest.mark.parametrize("mode", ["meeting", "poll"])
def test_council_boundary(tmp_path: Path, c: int, mode: str) -> None:
    needed = -(-2 * c // 3)
    present = c - 1
    ok = variant(tmp_path, f"c{c}", base=COUNCIL, members_total=c, mode=mode,
                 attendance={"present": present}, outcome="adopted",
                 votes={"for": needed, "against": 1, "abstained": 0})
    result = render("decision", ok, out_dir=tmp_path / "ok")
    names = [p.name for p in result.written]
    assert names == ["decision_1_ru.docx", "decision_1_kk.docx"]
    ru, kk = (read_docx_text(p) for p in result.written)
    assert "\nРешение принято.\n" in ru and "Необходимо" not in ru
    assert "\nШешім қабылданды.\n" in kk and "дауыс қажет" not in kk

    # One vote short: the minutes say "not adopted"; no decision can be issued;
    # stating "adopted" is an error.
    short = variant(tmp_path, f"s{c}", base=COUNCIL, members_total=c, mode=mode,
                    attendance={"present": present}, outcome=None,
                    votes={"for": needed - 1, "against": 1, "abstained": 0})
    ru_doc, kk_doc = render("minutes", short, out_dir=tmp_path / "short").written
    assert "Решение не принято" in read_docx_text(ru_doc)
    assert "Шешім қабылданбады" in read_docx_text(kk_doc)
    with pytest.raises(RuleError):
        render("decision", short, out_dir=tmp_path / "none")
    claimed = variant(tmp_path, f"x{c}", base=COUNCIL, members_total=c, mode=mode,
                      attendance={"present": present}, outcome="adopted",
                      votes={"for": needed - 1, "against": 1, "abstained": 0})
    with pytest.raises(RuleError) as err:
        render("decision", claimed, out_dir=tmp_path / "none")
    assert err.value.field == "agenda[1].outcome"
    assert files_under(tmp_path / "none") == []


def test_votes_may_equal_present_but_not_exceed(tmp_path: Path) -> None:
    full = variant(tmp_path, "full", votes={"for": 340, "against": 5, "abstained": 7})
    assert render("minutes", full, out_dir=tmp_path / "a").written
    over = variant(tmp_path, "over", votes={"for": 340, "against": 5, "abstained": 8})
    with pytest.raises(RuleError) as err:
        render("minutes", over, out_dir=tmp_path / "b")
    assert err.value.field == "agenda[1].votes" and "353 votes" in str(err.value)


def test_poll_counts_against_members_total_without_quorum(tmp_path: Path) -> None:
    # 21 of 31 answering is far from any presence quorum, yet 21 for is a valid decision.
    few = variant(tmp_path, "few", base=POLL, attendance={"present": 21},
                  votes={"for": 21, "against": 0, "abstained": 0})
    written = render("decision", few, out_dir=tmp_path / "o").written
    assert "Решение принято" in read_docx_text(written[0])
    too_many = variant(tmp_path, "many", base=POLL, attendance={"present": 32})
    with pytest.raises(DataError) as err:
        render("minutes", too_many, out_dir=tmp_path / "o2")
    assert err.value.field == "attendance.present"


# ---------------------------------------------------------------- rendered samples


def _check_language(text: str, lang: str) -> None:
    foreign = KK_HEADINGS if lang == "ru" else RU_HEADINGS
    for word in foreign:
        assert word not in text, f"{lang} document holds '{word}'"


def test_session_minutes_read_back(tmp_path: Path) -> None:
    ru_doc, kk_doc = render("minutes", SAMPLES / SESSION, out_dir=tmp_path).written
    assert [ru_doc.name, kk_doc.name] == ["minutes_ru.docx", "minutes_kk.docx"]
    ru, kk = read_docx_text(ru_doc), read_docx_text(kk_doc)
    for word in ("ПРОТОКОЛ № 3", "ПРИСУТСТВОВАЛИ:", "ПОВЕСТКА ДНЯ:", "СЛУШАЛИ:",
                 "ВЫСТУПИЛИ:", "ПОСТАНОВИЛИ:",
                 "Кворум имеется: присутствуют 352 из 385 членов; сессия правомочна",
                 "не менее 257 (пункт 8 Положения об Ассамблее народа Казахстана, утвержденного",
                 "Приглашенные: 40", "Голосование открытое"):
        assert word in ru
    assert "Приглашённые" not in ru
    for word in ("№ 3 ХАТТАМА", "ҚАТЫСҚАНДАР:", "КҮН ТӘРТІБІ:", "ТЫҢДАЛДЫ:", "СӨЙЛЕГЕНДЕР:",
                 "ҚАУЛЫ ЕТТІ:", "Кворум бар: 385 мүшенің 352-сі қатысуда; сессия",
                 "кемінде үштен екісі (257 мүше) қатысса",
                 "Шақырылғандар: 40", "Дауыс беру ашық"):
        assert word in kk
    # the agenda and the way of voting approved first, then two items adopted, one not, and
    # the election (results per candidate, no vote table)
    assert ru.count("Решение принято") == 3 and ru.count("Решение не принято") == 1
    assert kk.count("Шешім қабылданды") == 3 and kk.count("Шешім қабылданбады") == 1
    # the procedure, item 2, and the open vote approving the counting commission's protocol
    expected = [(340, 5, 7), (150, 160, 42), (344, 2, 6)]
    assert vote_rows(ru_doc, ("за", "против", "воздержались")) == expected
    assert vote_rows(kk_doc, ("жақтап", "қарсы", "қалыс қалды")) == expected
    ru_lines, kk_lines = lines(ru_doc), lines(kk_doc)
    # signature blocks: initial and surname, each language its own spelling
    assert ru_lines[-4:] == ["Председатель", "К. Токаев", "Секретарь", "А. Мусин"]
    assert kk_lines[-4:] == ["Төраға", "Қ. Тоқаев", "Хатшы", "А. Мусин"]
    assert "1) Абдрахманов Серик Жумабекович: «за» — 301" in ru
    assert "3) Шпекбаев Алик Жатқамбайұлы: «жақтап» — 170" in kk
    assert "согласия и единства" in ru
    _check_language(ru, "ru")
    _check_language(kk, "kk")


def test_council_minutes_and_decisions_read_back(tmp_path: Path) -> None:
    minutes = render("minutes", SAMPLES / COUNCIL, out_dir=tmp_path).written
    ru, kk = (read_docx_text(p) for p in minutes)
    assert "ПРОТОКОЛ № 4" in ru and "Присутствуют 28 из 31 члена Совета" in ru
    assert "№ 4 ХАТТАМА" in kk and "Кеңестің 31 мүшесінің 28-і қатысуда" in kk
    # the agenda and the way of voting approved first, then three items adopted, one not
    assert ru.count("Решение принято") == 4 and ru.count("Решение не принято") == 1
    assert kk.count("Шешім қабылданды") == 4 and kk.count("Шешім қабылданбады") == 1
    decisions = render("decision", SAMPLES / COUNCIL, out_dir=tmp_path).written
    # Item 3 (20 of 31, 21 needed) was not adopted: no decision for it.
    assert [p.name for p in decisions] == [
        "decision_1_ru.docx", "decision_2_ru.docx", "decision_4_ru.docx",
        "decision_1_kk.docx", "decision_2_kk.docx", "decision_4_kk.docx"]
    by_name = {p.name: p for p in decisions}
    d1_ru = read_docx_text(by_name["decision_1_ru.docx"])
    d1_kk = read_docx_text(by_name["decision_1_kk.docx"])
    d2_ru = read_docx_text(by_name["decision_2_ru.docx"])
    assert "РЕШЕНИЕ" in d1_ru and "№ 7" in d1_ru and "2 мая 2026 года" in d1_ru
    assert "ШЕШІМ" in d1_kk and "№ 7" in d1_kk and "2026 жылғы 2 мамыр" in d1_kk
    assert "№ 8" in d2_ru and "№ 7" not in d2_ru
    assert "Совет Ассамблеи народа Казахстана РЕШИЛ:" in d1_ru
    assert "Қазақстан халқы Ассамблеясының Кеңесі ШЕШТІ:" in d1_kk
    for n, name in enumerate(("Абдрахманова Серика Жумабековича", "Ли Наталью Викторовну",
                              "Шпекбаева Алика Жаткамбаевича"), start=1):  # Выдвинуть кого?
        assert f"{n}) {name}" in d1_ru
    for n, name in enumerate(("Әбдірахманов Серік Жұмабекұлы", "Ли Наталья Викторовна",
                              "Шпекбаев Алик Жатқамбайұлы"), start=1):
        assert f"{n}) {name}" in d1_kk
    assert vote_rows(by_name["decision_1_ru.docx"], ("за", "против", "воздержались")) == [
        (27, 0, 1)]
    assert vote_rows(by_name["decision_1_kk.docx"], ("жақтап", "қарсы", "қалыс қалды")) == [
        (27, 0, 1)]
    assert "\nРешение принято.\n" in d1_ru and "Необходимо" not in d1_ru
    assert "\nШешім қабылданды.\n" in d1_kk and "дауыс қажет" not in d1_kk
    assert ("Присутствуют 28 из 31 члена Совета; решение Совета правомочно, если оно принято "
            "не менее двумя третями от общего числа членов Совета — не менее чем 21 членом Совета "
            "(пункт 9 Положения об Ассамблее народа Казахстана, утвержденного Указом "
            "Президента Республики Казахстан от 26 апреля 2002 года № 856)") in ru
    assert ("Кеңестің шешімі, егер ол үшін Кеңес мүшелерінің жалпы санының кемінде үштен "
            "екісі (21 мүше) дауыс берсе, жарамды болып табылады") in kk
    # Each outcome is the outcome alone: the rule was stated once, with the quorum.
    for text_ in (ru, kk):
        outcomes = [ln for ln in text_.splitlines() if ln.startswith(("Решение", "Шешім"))]
        assert len(outcomes) == 4 and all("(" not in ln for ln in outcomes)
    # the signature block, then the distribution list (3 addressees)
    ru_end, kk_end = lines(by_name["decision_1_ru.docx"]), lines(by_name["decision_1_kk.docx"])
    assert ru_end[-7:-4] == ["Председательствующий", "Е. Кульмагамбетов",
                             "заместитель Председателя Ассамблеи народа Казахстана"]
    assert ru_end[-4] == "Рассылка:"
    assert kk_end[-7:-4] == ["Төрағалық етуші", "Е. Құлмағамбетов",
                             "Қазақстан халқы Ассамблеясы Төрағасының орынбасары"]
    assert kk_end[-4] == "Таратылсын:"
    for path in (*minutes, *decisions):
        _check_language(read_docx_text(path), "ru" if path.stem.endswith("_ru") else "kk")


def test_poll_minutes_and_decisions(tmp_path: Path) -> None:
    ru_doc, kk_doc = render("minutes", SAMPLES / POLL, out_dir=tmp_path).written
    ru, kk = read_docx_text(ru_doc), read_docx_text(kk_doc)
    assert "УЧАСТВОВАЛИ В ОПРОСЕ:" in ru and "опросным путем" in ru
    # the Council on 15 June: 29, after order № 12 removed two of its 31 on 10 May
    assert "ответили 29 из 29 членов Совета" in ru
    assert "САУАЛНАМАҒА ҚАТЫСҚАНДАР:" in kk and "29 мүшесінің 29-ы жауап берді" in kk
    assert "ПРИСУТСТВОВАЛИ" not in ru
    decisions = render("decision", SAMPLES / POLL, out_dir=tmp_path).written
    assert len(decisions) == 4
    d_ru = read_docx_text(decisions[0])
    assert "Рассмотрев опросным путем" in d_ru
    # "опросным путем" is said once in each paper
    assert d_ru.count("опросным путем") == 1 and ru.count("опросным путем") == 1
    assert "\nРезультаты голосования:" in d_ru
    # Official Russian of the Regulation writes е for ё ("опросным путем", "с учетом").
    assert "путём" not in ru + d_ru
    d_kk = read_docx_text(decisions[2])
    assert "Сауалнама арқылы" in d_kk
    assert "Сауалнама арқылы «" in d_kk and "\nДауыс беру нәтижесі:" in d_kk
    assert "Дауыс беру сауалнама арқылы өткізілді" not in kk + d_kk  # said once
    for path in (ru_doc, kk_doc, *decisions):
        _check_language(read_docx_text(path), "ru" if path.stem.endswith("_ru") else "kk")


def test_small_assembly_minutes_carry_region_and_akim(tmp_path: Path) -> None:
    ru_doc, kk_doc = render("minutes", SAMPLES / SMALL, out_dir=tmp_path).written
    ru, kk = read_docx_text(ru_doc), read_docx_text(kk_doc)
    assert "АССАМБЛЕЯ НАРОДА КАЗАХСТАНА КАРАГАНДИНСКОЙ ОБЛАСТИ" in ru
    assert "ҚАРАҒАНДЫ ОБЛЫСЫ ҚАЗАҚСТАН ХАЛҚЫ АССАМБЛЕЯСЫ" in kk
    assert "Председатель: Жумабеков Ерлан Кайратович — аким Карагандинской области" in ru
    assert "Төраға: Жұмабеков Ерлан Қайратұлы — Қарағанды облысының әкімі" in kk
    assert ("Кворум имеется: присутствуют 96 из 120 членов; сессия правомочна, если в ее "
            "работе принимают участие не менее двух третей от общего числа членов — не менее "
            "80 (Положение «Об Ассамблее народа Казахстана Карагандинской области», "
            "утвержденное распоряжением акима Карагандинской области от 12 марта 2020 года "
            "№ 45).") in ru
    assert ("Кворум бар: 120 мүшенің 96-сы қатысуда; сессия, егер оның жұмысына мүшелердің "
            "жалпы санының кемінде үштен екісі (80 мүше) қатысса, заңды болып есептеледі "
            "(Қарағанды облысы әкімінің 2020 жылғы 12 наурыздағы № 45 өкімімен бекітілген "
            "«Қарағанды облысы Қазақстан халқы Ассамблеясы туралы» ереже).") in kk
    # A small assembly acts on its own regulation: never a paragraph of the Assembly's.
    assert "Положения" not in ru and "тармағ" not in kk
    assert "г. Караганда" in ru and "Қарағанды қ." in kk
    assert "ПРОТОКОЛ № 2" in ru and "№ 2 ХАТТАМА" in kk
    _check_language(ru, "ru")
    _check_language(kk, "kk")


def test_samples_offer_minutes_and_decisions() -> None:
    assert data_kinds(SAMPLES / SESSION) == ("notice", "agenda", "minutes")
    assert data_kinds(SAMPLES / SMALL) == ("notice", "agenda", "minutes")
    assert data_kinds(SAMPLES / COUNCIL) == ("notice", "agenda", "minutes", "decision")
    assert data_kinds(SAMPLES / POLL) == ("minutes", "decision")


def test_a_poll_has_no_notice_and_its_minutes_speak_of_a_poll(tmp_path: Path) -> None:
    result = run_cli("render", "notice", SAMPLES / POLL, "--out", tmp_path)
    assert result.exit_code == 1
    assert "poll" in result.stderr and "'mode'" in result.stderr
    assert not any(tmp_path.iterdir())
    assert run_cli("render", "minutes", SAMPLES / POLL, "--out", tmp_path).exit_code == 0
    folder = tmp_path / Path(POLL).stem
    ru = read_docx_text(folder / "minutes_ru.docx")
    kk = read_docx_text(folder / "minutes_kk.docx")
    assert "опроса членов Совета Ассамблеи народа Казахстана" in ru
    assert "заседания" not in ru
    assert "Қазақстан халқы Ассамблеясы Кеңесі мүшелері арасында жүргізілген сауалнаманың" in kk
    assert "отырыс" not in kk


# ---------------------------------------------------------------- CLI


def test_cli_render_minutes_and_decision(tmp_path: Path) -> None:
    result = run_cli("render", "minutes", SAMPLES / SESSION, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    written = [Path(p) for p in result.stdout.split()]
    assert [p.name for p in written] == ["minutes_ru.docx", "minutes_kk.docx"]
    assert "ПРОТОКОЛ № 3" in read_docx_text(written[0])
    result = run_cli("render", "decision", SAMPLES / COUNCIL, "--lang", "kk", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    written = [Path(p) for p in result.stdout.split()]
    assert [p.name for p in written] == ["decision_1_kk.docx", "decision_2_kk.docx",
                                         "decision_4_kk.docx"]
    assert "ШЕШІМ" in read_docx_text(written[0])


def test_cli_refuses_decision_of_a_session(tmp_path: Path) -> None:
    result = run_cli("render", "decision", SAMPLES / SESSION, "--out", tmp_path)
    assert result.exit_code == 1
    assert "field 'body'" in result.stderr and "Traceback" not in result.output
    assert files_under(tmp_path) == []


BAD = sorted(BAD_INPUTS.glob("minutes-*.yaml"))


def test_enough_broken_minutes_files() -> None:
    assert len(BAD) >= 8


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_broken_minutes_files(tmp_path: Path, path: Path) -> None:
    header = path.read_text(encoding="utf-8").splitlines()[0]
    parts = dict(part.strip().split(": ", 1) for part in header.lstrip("# ").split(";", 2))
    result = run_cli("render", parts["kind"], path, "--out", tmp_path)
    assert result.exit_code == 1
    assert f"{path.name}:" in result.stderr
    assert f"field '{parts['field']}'" in result.stderr
    assert "Traceback" not in result.output
    assert files_under(tmp_path) == []
