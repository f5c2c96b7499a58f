"""The extract from the minutes (`docgen render extract MINUTES.yaml --item N` / `--all`):
the body, the protocol's number and date, the item as the minutes record it, the votes,
«Верно» / «Үзінді дұрыс» with the secretary and the extract's date; a missing item is refused."""

from __future__ import annotations

from pathlib import Path

from helpers import SAMPLES, files_under, refused, rendered, run_cli

MINUTES = SAMPLES / "session-34-minutes.yaml"
POLL = SAMPLES / "council-poll-2026-06.yaml"


def test_adopted_item_in_both_languages(tmp_path: Path) -> None:
    docs = rendered("extract", MINUTES, tmp_path, "--item", "1", "--date", "2026-05-08")
    assert sorted(docs) == ["extract_1_kk.docx", "extract_1_ru.docx"]
    ru, kk = docs["extract_1_ru.docx"], docs["extract_1_kk.docx"]
    assert "АССАМБЛЕЯ НАРОДА КАЗАХСТАНА\n" in ru and "ҚАЗАҚСТАН ХАЛҚЫ АССАМБЛЕЯСЫ\n" in kk
    assert "ВЫПИСКА\nиз протокола очередной XXXIV сессии Ассамблеи народа Казахстана" in ru
    assert "Қазақстан халқы Ассамблеясының кезекті XXXIV сессиясының № 3 хаттамасынан\nҮЗІНДІ" in kk
    assert "6 мая 2026 года\n№ 3" in ru
    assert "1. О ходе реализации Концепции развития Ассамблеи народа Казахстана до 2030 года" in ru
    assert "1. Қазақстан халқы Ассамблеясын 2030 жылға дейін дамыту" in kk
    assert "СЛУШАЛИ: Кульмагамбетова Е.М." in ru and "ТЫҢДАЛДЫ: Құлмағамбетов Е.М." in kk
    assert "ВЫСТУПИЛИ:\nАхметова Г.Б." in ru and "СӨЙЛЕГЕНДЕР:" in kk
    assert "ПОСТАНОВИЛИ:\nИнформацию принять к сведению." in ru
    assert "ҚАУЛЫ ЕТТІ:\nАқпарат назарға алынсын." in kk
    assert "Результаты голосования: «за» — 340, «против» — 5, «воздержались» — 7." in ru
    assert "Дауыс беру нәтижесі: «жақтап» — 340, «қарсы» — 5, «қалыс қалды» — 7." in kk
    assert "Решение принято." in ru and "Шешім қабылданды." in kk
    # «Верно»: the secretary, and the extract's own date
    assert "Верно:\nСекретарь\nА. Мусин\nзаведующий Секретариатом" in ru
    assert ru.rstrip().endswith("8 мая 2026 года")
    assert "Үзінді дұрыс:\nХатшы\nА. Мусин" in kk and kk.rstrip().endswith("2026 жылғы 8 мамыр")
    # only the item asked for
    assert "этнокультурных объединений" not in ru and "Мажилиса" not in ru


def test_rejected_item_gives_the_draft_and_its_result(tmp_path: Path) -> None:
    docs = rendered("extract", MINUTES, tmp_path, "--item", "2", "--lang", "ru")
    ru = docs["extract_2_ru.docx"]
    assert ("На голосование поставлен проект решения: «Одобрить переход этнокультурных "
            "объединений на единый план работы с 1 июля 2026 года».") in ru
    assert "«за» — 150, «против» — 160, «воздержались» — 42." in ru
    assert "Решение не принято." in ru and "ПОСТАНОВИЛИ" not in ru
    assert ru.rstrip().endswith("6 мая 2026 года")  # default: the minutes' date


def test_election_item_names_the_elected(tmp_path: Path) -> None:
    docs = rendered("extract", MINUTES, tmp_path, "--item", "3", "--lang", "kk")
    kk = docs["extract_3_kk.docx"]
    assert "2) Ли Наталья Викторовна: «жақтап» — 288, «қарсы» — 58; сайланды;" in kk
    decided = kk[kk.index("ҚАУЛЫ ЕТТІ:"):]
    assert "Әбдірахманов Серік Жұмабекұлы" in decided and "Шпекбаев" not in decided


def test_all_items_and_a_council_poll(tmp_path: Path) -> None:
    docs = rendered("extract", MINUTES, tmp_path, "--all")
    assert sorted(docs) == [f"extract_{n}_{lang}.docx" for n in (1, 2, 3) for lang in ("kk", "ru")]
    poll = rendered("extract", POLL, tmp_path / "poll", "--all", "--lang", "ru")
    ru = poll["extract_2_ru.docx"]
    assert "из протокола опроса членов Совета Ассамблеи народа Казахстана" in ru
    assert "2. О составе Научно-экспертного совета" in ru and "№ 5" in ru
    assert "Утвердить обновленный состав Научно-экспертного совета" in ru


def test_missing_item_is_refused_and_nothing_written(tmp_path: Path) -> None:
    message = refused("extract", MINUTES, tmp_path, "--item", "1", "--item", "4")
    assert "session-34-minutes.yaml" in message and "no item 4" in message
    early = refused("extract", MINUTES, tmp_path, "--item", "1", "--date", "2026-04-01")
    assert "before the minutes" in early


def test_usage_needs_an_item(tmp_path: Path) -> None:
    result = run_cli("render", "extract", MINUTES, "--out", tmp_path)
    assert result.exit_code == 2 and "--item N" in result.stderr
    other = run_cli("render", "minutes", MINUTES, "--item", "1", "--out", tmp_path)
    assert other.exit_code == 2
    assert files_under(tmp_path) == []
